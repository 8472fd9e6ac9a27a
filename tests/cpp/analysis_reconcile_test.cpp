#include "civica/analysis/reconcile.hpp"

#include "analysis_fixture.hpp"
#include "civica/io/bundled.hpp"
#include "civica/synth.hpp"

#include <gtest/gtest.h>

namespace an = civica::analysis;
using an::verdict;
using civica::qualifier;

namespace {
civica::indicator fig(const char* key, int year, double value, qualifier q = qualifier::exact,
                      const char* breakdown = "") {
    return {key, year, "a", breakdown, value, q, "", ""};
}
const an::reconciliation_item& item(const an::reconciliation& r, const std::string& key, int year = 2020,
                                    const std::string& breakdown = "") {
    for (const auto& i : r.items)
        if (i.key == key && i.year == year && i.breakdown == breakdown) return i;
    throw std::runtime_error("no item " + key);
}
}  // namespace

TEST(reconcile, agrees_with_every_figure_counted_by_hand) {
    auto ds = analysis_test::fixture();
    // The figures of the fixture's territory "a", tallied by hand from its rows.
    for (const auto& i : {fig("councils.public_councils", 2020, 3), fig("councils.collegial_bodies", 2020, 4),
                          fig("councils.meetings", 2020, 5), fig("councils.agenda_questions", 2020, 7),
                          fig("training.courses", 2020, 2), fig("training.ngos_trained", 2020, 2),
                          fig("training.participants", 2020, 4, qualifier::exact, "Course One"),
                          fig("ngo.registered", 2020, 3), fig("ngo.public_associations", 2020, 2),
                          fig("grants.winners", 2019, 1), fig("grants.winners", 2020, 3),
                          fig("grants.funds_attracted", 2020, 3900.50), fig("grants.individual.applicants", 2020, 2),
                          // p1 won twice: one resident, with the money of both wins.
                          fig("grants.individual.winners", 2020, 1), fig("grants.individual.amount", 2020, 150),
                          fig("grants.individual.rank_among_municipalities", 2020, 1)})
        ds.set_indicator(i);
    const auto r = an::reconcile(ds);
    ASSERT_EQ(r.items.size(), 16u);
    for (const auto& i : r.items) EXPECT_EQ(i.result, verdict::agrees) << i.key << ": " << i.rule << " — " << i.basis;
    EXPECT_TRUE(r.consistent());
    EXPECT_EQ(r.count(verdict::agrees), 16u);
}

TEST(reconcile, contradicts_a_changed_figure) {
    auto ds = analysis_test::fixture();
    ds.set_indicator(fig("councils.meetings", 2020, 6));
    ds.set_indicator(fig("grants.winners", 2020, 3));
    const auto r = an::reconcile(ds);
    EXPECT_EQ(item(r, "councils.meetings").result, verdict::contradicts);
    EXPECT_EQ(item(r, "councils.meetings").computed, 5);
    EXPECT_NE(item(r, "councils.meetings").rule.find("5"), std::string::npos);
    EXPECT_EQ(item(r, "grants.winners").result, verdict::agrees);
    EXPECT_FALSE(r.consistent());
}

TEST(reconcile, keeps_bounds_as_bounds) {
    auto ds = analysis_test::fixture();
    ds.set_indicator(fig("ngo.registered", 2020, 2, qualifier::more_than));       // 3 > 2
    ds.set_indicator(fig("ngo.public_associations", 2020, 2, qualifier::more_than));  // 2 is not > 2
    ds.set_indicator(fig("grants.individual.applicants", 2020, 2, qualifier::at_least));
    ds.set_indicator(fig("councils.agenda_questions", 2020, 7, qualifier::about));
    const auto r = an::reconcile(ds);
    EXPECT_EQ(item(r, "ngo.registered").result, verdict::consistent_with_bound);
    EXPECT_EQ(item(r, "ngo.public_associations").result, verdict::contradicts);
    EXPECT_EQ(item(r, "grants.individual.applicants").result, verdict::consistent_with_bound);
    EXPECT_EQ(item(r, "councils.agenda_questions").result, verdict::consistent_with_bound);
}

TEST(reconcile, compares_money_at_the_precision_it_was_published_with) {
    std::string rule;
    EXPECT_EQ(an::judge(3900.50, qualifier::exact, 3900.50, "RUB"), verdict::agrees);
    EXPECT_EQ(an::judge(4000, qualifier::exact, 3900.50, "RUB", &rule), verdict::agrees);  // to 1000
    EXPECT_NE(rule.find("precision"), std::string::npos);
    EXPECT_EQ(an::judge(3700000, qualifier::exact, 3712345.67, "RUB"), verdict::agrees);  // 3.7 million
    EXPECT_EQ(an::judge(3700000, qualifier::exact, 3650000, "RUB"), verdict::agrees);     // rounds to 3.7
    EXPECT_EQ(an::judge(3700000, qualifier::exact, 3649999.99, "RUB"), verdict::contradicts);
    EXPECT_EQ(an::judge(3950, qualifier::exact, 3900.50, "RUB"), verdict::contradicts);  // to 10
    // Counts are exact.
    EXPECT_EQ(an::judge(50, qualifier::exact, 49, "count"), verdict::contradicts);
    EXPECT_EQ(an::judge(300, qualifier::more_than, 300, "count"), verdict::contradicts);
    EXPECT_EQ(an::judge(300, qualifier::at_least, 300, "count"), verdict::consistent_with_bound);
}

TEST(reconcile, does_not_judge_figures_the_records_cannot_give) {
    civica::dataset ds;
    ds.info().territory = "a";
    ds.set_indicator(fig("councils.meetings", 2020, 59));
    ds.set_indicator(fig("grants.winners", 2020, 52));
    ds.set_indicator(fig("ngo.registered", 2020, 300, qualifier::more_than));
    ds.set_indicator(fig("some.unknown.key", 2020, 1));
    const auto r = an::reconcile(ds);
    EXPECT_EQ(r.count(verdict::not_computable), 4u);
    EXPECT_TRUE(r.consistent());
    // Nor are figures of a territory the records do not know, or of a year without records.
    auto other = analysis_test::fixture();
    other.set_indicator({"grants.winners", 2020, "nowhere", "", 3, qualifier::exact, "", ""});
    EXPECT_EQ(an::reconcile(other).items[0].result, verdict::not_computable);
    EXPECT_FALSE(an::compute_indicator(other, "grants.winners", 2020, "nowhere").has_value());
    EXPECT_EQ(an::compute_indicator(other, "grants.winners", 2020, "b")->value, 0);  // Beta: a7 was rejected
    auto f = analysis_test::fixture();
    f.set_indicator(fig("councils.meetings", 2018, 1));
    EXPECT_EQ(an::reconcile(f).items[0].result, verdict::not_computable);
}

TEST(reconcile, the_synthetic_khanty_mansiysk_records_agree_with_every_published_figure) {
    const civica::dataset records = civica::synth::khanty_mansiysk_2020();
    const civica::dataset published = civica::io::load_dataset("khanty-mansiysk-2020");
    const auto r = an::reconcile(records, published);
    ASSERT_EQ(r.items.size(), published.indicators().size());
    ASSERT_GE(r.items.size(), 17u);
    for (const auto& i : r.items) {
        SCOPED_TRACE(i.key + " " + std::to_string(i.year) + " " + i.breakdown + ": " + i.rule + " — " + i.basis);
        if (i.published_qualifier == qualifier::exact) EXPECT_EQ(i.result, verdict::agrees);
        else EXPECT_EQ(i.result, verdict::consistent_with_bound);
    }
    EXPECT_EQ(item(r, "grants.individual.rank_among_municipalities").territory, "khanty-mansiysk");
    // The published dataset alone has no records to judge its figures by.
    EXPECT_EQ(an::reconcile(published).count(verdict::not_computable), published.indicators().size());
}

TEST(reconcile, catches_a_changed_published_khanty_mansiysk_figure) {
    const civica::dataset records = civica::synth::khanty_mansiysk_2020();
    civica::dataset published = civica::io::load_dataset("khanty-mansiysk-2020");
    auto winners = published.get_indicator("grants.winners", 2020);
    winners.value = 53;
    published.set_indicator(winners);
    auto chambers = published.get_indicator("ngo.registered", 2020);
    chambers.value = 400;  // "more than 400" is more than the records hold
    published.set_indicator(chambers);
    const auto r = an::reconcile(records, published);
    EXPECT_EQ(r.count(verdict::contradicts), 2u);
    EXPECT_EQ(item(r, "grants.winners").computed, 52);
    EXPECT_EQ(item(r, "grants.winners", 2017).result, verdict::agrees);
}

TEST(reconcile, does_not_judge_rouble_figures_by_records_in_another_currency) {
    // The same records in pounds: the published amounts in roubles cannot be checked by them.
    civica::dataset records = civica::synth::khanty_mansiysk_2020();
    records.info().currency = "GBP";
    const civica::dataset published = civica::io::load_dataset("khanty-mansiysk-2020");
    const auto r = an::reconcile(records, published);
    const auto& money = item(r, "grants.funds_attracted");
    EXPECT_EQ(money.result, verdict::not_computable) << money.rule;
    EXPECT_NE(money.rule.find("RUB"), std::string::npos) << money.rule;
    EXPECT_NE(money.rule.find("GBP"), std::string::npos) << money.rule;
    EXPECT_EQ(an::compute_indicator(records, "grants.funds_attracted", 2020, "khanty-mansiysk")->unit, "GBP");
    EXPECT_EQ(item(r, "grants.winners").result, verdict::agrees);  // counts are counts in any currency
}
