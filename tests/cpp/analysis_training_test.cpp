#include "civica/analysis/training.hpp"

#include "analysis_fixture.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace an = civica::analysis;

namespace {
const civica::dataset& ds() {
    static const civica::dataset d = analysis_test::fixture();
    return d;
}
}  // namespace

TEST(training_activity, counts_courses_participants_and_trained_ngos) {
    const auto t = an::training_activity(ds(), 2020);
    ASSERT_EQ(t.courses.size(), 2u);
    EXPECT_EQ(t.courses[0].id, "k1");
    EXPECT_EQ(t.courses[0].enrolments, 3);
    EXPECT_EQ(t.courses[0].organizations, 2);
    EXPECT_EQ(t.courses[0].persons, 1);
    EXPECT_EQ(t.courses[0].participants, 4);
    // k2: o1 (a) 1 completed; o4's 3 are Gamma's enrolment, not the territory's.
    EXPECT_EQ(t.courses[1].participants, 1);
    EXPECT_EQ(t.courses[1].completed_participants, 1);
    EXPECT_EQ(t.participants, 5);
    EXPECT_DOUBLE_EQ(t.participants_per_course, 2.5);
    EXPECT_EQ(t.courses_attended, 2);
    EXPECT_EQ(t.enrolments, 5);     // of any territory
    EXPECT_EQ(t.ngos_enrolled, 2);  // o1 o2 (o4 is Gamma's)
    EXPECT_EQ(t.ngos_trained, 2);
    const auto all = an::training_activity(ds(), 2020, an::any_territory);
    EXPECT_EQ(all.participants, 8);
    EXPECT_EQ(all.courses[1].participants, 4);
    EXPECT_EQ(all.ngos_enrolled, 3);  // o1 o2 o4
    EXPECT_EQ(all.ngos_trained, 2);   // o4 did not complete
    EXPECT_EQ(t.persons_trained, 1);
    EXPECT_EQ(t.registry_size, 3);  // o1 o2 o5
    EXPECT_EQ(t.registry_reached.successes, 2);
    EXPECT_DOUBLE_EQ(t.registry_reached.estimate, 2.0 / 3);
    EXPECT_EQ(an::training_activity(ds(), 2019).courses.size(), 1u);
}

TEST(support_activity, counts_services_by_kind_and_recipient) {
    const auto s = an::support_activity(ds(), 2020);
    EXPECT_EQ(s.services, 4);
    const auto k = [](civica::support_kind x) { return static_cast<std::size_t>(x); };
    EXPECT_EQ(s.by_kind[k(civica::support_kind::consulting)], 2);
    EXPECT_EQ(s.by_kind[k(civica::support_kind::grants_help)], 1);
    EXPECT_EQ(s.by_kind_and_recipient[k(civica::support_kind::grants_help)][1], 1);
    EXPECT_EQ(s.by_recipient_type[0], 3);
    EXPECT_EQ(s.organizations_served, 2);
    EXPECT_EQ(s.persons_served, 1);
    EXPECT_EQ(s.by_month[1], 1);  // February
}

TEST(support_activity, counts_the_services_to_the_territorys_recipients) {
    auto d = analysis_test::fixture();
    civica::support_service s;
    s.id = civica::service_id("s-beta");
    s.provider = civica::organization_id("rc");
    s.recipient_type = civica::applicant_kind::organization;
    s.recipient = "o3";  // of Beta
    s.kind = civica::support_kind::education;
    s.provided = analysis_test::d("2020-04-01");
    d.add(s);
    s.id = civica::service_id("s-p2");
    s.recipient_type = civica::applicant_kind::person;
    s.recipient = "p2";  // of Beta
    d.add(s);
    const auto k = static_cast<std::size_t>(civica::support_kind::education);
    const auto own = an::support_activity(d, 2020);  // the dataset's territory, Alpha
    EXPECT_EQ(own.territory, "a");
    EXPECT_EQ(own.services, 4);
    EXPECT_EQ(own.by_kind[k], 0);
    const auto beta = an::support_activity(d, 2020, "Beta");  // by name
    EXPECT_EQ(beta.territory, "b");
    EXPECT_EQ(beta.services, 2);
    EXPECT_EQ(beta.by_kind_and_recipient[k][0], 1);
    EXPECT_EQ(beta.by_kind_and_recipient[k][1], 1);
    EXPECT_EQ(beta.organizations_served, 1);
    EXPECT_EQ(beta.persons_served, 1);
    EXPECT_EQ(beta.by_month[3], 2);  // April
    const auto all = an::support_activity(d, 2020, an::any_territory);
    EXPECT_EQ(all.services, 6);
    EXPECT_EQ(all.organizations_served, 3);
    EXPECT_THROW(an::support_activity(d, 2020, "Omega"), civica::not_found_error);
}

TEST(monitoring_activity, counts_the_projects_of_the_territorys_applicants) {
    auto d = analysis_test::fixture();
    // a3 is o3's, of Beta; a11 is p2's, of Beta.
    d.add(civica::monitoring_record{civica::application_id("a3"), analysis_test::d("2020-11-01"), 5.0, "completed", ""});
    d.add(civica::monitoring_record{civica::application_id("a11"), analysis_test::d("2020-11-02"), std::nullopt,
                                    "in_progress", ""});
    const auto own = an::monitoring_activity(d, 2020);
    EXPECT_EQ(own.territory, "a");
    EXPECT_EQ(own.records, 3);
    EXPECT_EQ(own.projects, 3);
    const auto beta = an::monitoring_activity(d, 2020, "b");
    EXPECT_EQ(beta.records, 2);
    EXPECT_EQ(beta.projects, 2);
    EXPECT_EQ(beta.completed.successes, 1);
    EXPECT_DOUBLE_EQ(beta.mean_score, 5);
    EXPECT_EQ(an::monitoring_activity(d, 2020, an::any_territory).records, 5);
    EXPECT_EQ(an::monitoring_activity(d, 0, an::any_territory).records, 6);
}

TEST(monitoring_activity, uses_each_projects_latest_record) {
    const auto all = an::monitoring_activity(ds());
    EXPECT_EQ(all.records, 4);
    EXPECT_EQ(all.projects, 3);
    EXPECT_EQ(all.completed.successes, 2);  // a4, a5 (its 2021 record)
    EXPECT_EQ(all.scored_projects, 2);
    EXPECT_DOUBLE_EQ(all.mean_score, 8.5);
    EXPECT_EQ(all.min_score, 8);
    EXPECT_EQ(all.max_score, 9);
    const auto y20 = an::monitoring_activity(ds(), 2020);
    EXPECT_EQ(y20.records, 3);
    EXPECT_EQ(y20.completed.successes, 1);  // a5 still in progress in 2020
    EXPECT_DOUBLE_EQ(y20.mean_score, 7);
    EXPECT_EQ(y20.by_status.size(), 3u);
}

TEST(training_funnel, compares_applications_after_training_with_untrained_ngos) {
    const auto f = an::training_funnel(ds(), {}, an::any_territory);
    // Trained: o1, o2 (Course One, ended 2020-05-01), o3 (Old course, ended 2019-03-05).
    EXPECT_EQ(f.window_start, analysis_test::d("2019-03-05"));
    EXPECT_EQ(f.trained.organizations, 3);
    EXPECT_EQ(f.trained.applications, 4);  // a4 a5 a8 a7 (a1 a2 a3 came before training)
    EXPECT_EQ(f.trained.wins, 3);
    EXPECT_EQ(f.trained.applied, 3);
    EXPECT_EQ(f.trained.winning_organizations, 2);
    // Untrained: o4 (did not complete), o5.
    EXPECT_EQ(f.untrained.organizations, 2);
    EXPECT_EQ(f.untrained.applications, 2);  // a6 (withdrawn), a9 (admitted: still being judged)
    EXPECT_EQ(f.untrained.decided, 0);
    EXPECT_EQ(f.untrained.wins, 0);
    // No untrained application is decided: no difference of success rates to give.
    EXPECT_TRUE(std::isnan(f.success_difference.estimate));
    EXPECT_EQ(f.trained.decided, 4);
    EXPECT_DOUBLE_EQ(f.applied_difference.estimate, 1.0 - 0.5);
    EXPECT_NE(f.note.find("not a causal effect"), std::string::npos);
}

TEST(training_funnel, keeps_to_the_territory_and_the_filter) {
    const auto f = an::training_funnel(ds());
    EXPECT_EQ(f.trained.organizations, 2);  // o1 o2 of Alpha
    EXPECT_EQ(f.untrained.organizations, 1);
    EXPECT_EQ(f.trained.applications, 3);
    EXPECT_TRUE(std::isnan(f.success_difference.estimate));  // o5 never applied
    an::application_filter only_governor;
    only_governor.programme_kinds = {civica::programme_kind::governor_ngo};
    EXPECT_EQ(an::training_funnel(ds(), only_governor).trained.applications, 1);  // a8
}

TEST(training_activity, a_bad_level_is_named_by_the_function_called) {
    // The level went through to wilson_interval, whose name the message gave: a caller of
    // training_funnel read "wilson_interval: level 7 must be between 0 and 1".
    const auto message = [](auto call) { return analysis_test::refusal(call); };
    const auto& d = ds();
    EXPECT_EQ(message([&] { (void)an::training_activity(d, 2020, {}, 2.0); }),
              "training_activity: level 2 must be between 0 and 1");
    EXPECT_EQ(message([&] { (void)an::monitoring_activity(d, 2020, {}, 0.0); }),
              "monitoring_activity: level 0 must be between 0 and 1");
    EXPECT_EQ(message([&] { (void)an::training_funnel(d, {}, {}, 7.0); }),
              "training_funnel: level 7 must be between 0 and 1");
    EXPECT_EQ(message([&] { (void)an::difference_of_proportions(5, 3, 1, 2); }),
              "difference_of_proportions: 5 successes out of 3 trials (need 0 ≤ successes ≤ trials)");
    EXPECT_EQ(message([&] { (void)an::training_activity(d, 2020); }), "no error");
}
