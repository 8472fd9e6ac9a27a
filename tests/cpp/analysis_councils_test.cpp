#include "civica/analysis/councils.hpp"

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

TEST(council_activity, counts_the_territorys_bodies_meetings_and_questions) {
    const auto a = an::council_activity(ds(), 2020);
    EXPECT_EQ(a.territory, "a");
    EXPECT_EQ(a.public_councils, 3);
    EXPECT_EQ(a.public_chambers, 1);
    EXPECT_EQ(a.collegial_bodies, 4);
    EXPECT_EQ(a.meetings, 5);          // m1 m2 m3 m4 m5 (m0 and m7 are of 2019, m6 of Beta)
    EXPECT_EQ(a.agenda_questions, 7);  // q1–q7
    EXPECT_DOUBLE_EQ(a.questions_per_meeting, 7.0 / 5);
    EXPECT_EQ(a.topics, 4);
    ASSERT_FALSE(a.questions_by_topic.empty());
    EXPECT_EQ(a.questions_by_topic[0], (std::pair<std::string, std::int64_t>{"budget", 4}));
    const std::array<std::int64_t, 12> months{0, 1, 0, 0, 2, 0, 0, 0, 0, 0, 1, 1};
    EXPECT_EQ(a.meetings_by_month, months);
    EXPECT_EQ(a.bodies_without_meetings, (std::vector<std::string>{"c4"}));
    EXPECT_EQ(a.renewed_bodies, (std::vector<std::string>{"c1", "ch"}));
}

TEST(council_activity, reports_each_body) {
    const auto a = an::council_activity(ds(), 2020);
    ASSERT_EQ(a.bodies.size(), 4u);
    EXPECT_EQ(a.bodies[0].id, "c1");
    EXPECT_EQ(a.bodies[3].id, "ch");  // councils first, then the chamber
    EXPECT_EQ(a.bodies[0].meetings, 3);
    EXPECT_EQ(a.bodies[0].agenda_questions, 3);
    EXPECT_EQ(a.bodies[0].topics, 2);
    EXPECT_DOUBLE_EQ(a.bodies[0].questions_per_meeting, 1.0);
    EXPECT_TRUE(a.bodies[0].renewed());
    EXPECT_EQ(a.bodies[1].agenda_questions, 3);  // c2: q4 q5 q6 at one meeting
    EXPECT_TRUE(std::isnan(a.bodies[2].questions_per_meeting));  // c4 did not meet
    EXPECT_FALSE(a.bodies[1].renewed());  // c2's term started in 2018
}

TEST(council_activity, takes_another_territory_or_all) {
    const auto b = an::council_activity(ds(), 2020, "b");
    EXPECT_EQ(b.collegial_bodies, 1);
    EXPECT_EQ(b.meetings, 1);
    const auto all = an::council_activity(ds(), 2020, an::any_territory);
    EXPECT_EQ(all.collegial_bodies, 5);
    EXPECT_EQ(all.meetings, 6);
    EXPECT_EQ(all.agenda_questions, 8);
    const auto y19 = an::council_activity(ds(), 2019);
    EXPECT_EQ(y19.meetings, 2);  // m0, m7
    EXPECT_EQ(y19.agenda_questions, 1);
    EXPECT_EQ(y19.bodies_without_meetings, (std::vector<std::string>{"c2", "ch"}));
    const auto empty = an::council_activity(ds(), 2030);
    EXPECT_EQ(empty.meetings, 0);
    EXPECT_TRUE(std::isnan(empty.questions_per_meeting));
}
