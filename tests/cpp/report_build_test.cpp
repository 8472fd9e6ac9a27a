// The report's content and text against the figures of the source document (DOMAIN.md
// section 1), typed into this test from the document, not taken from civica's output.
#include "civica/analysis/reconcile.hpp"
#include "civica/io/bundled.hpp"
#include "civica/report/report.hpp"
#include "civica/synth.hpp"
#include "civica/io/dataset_folder.hpp"

#include "civica/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

using namespace civica;
using namespace civica::report;

namespace {

const std::string src = "Администрация г. Ханты-Мансийска (годовой отчёт 2020)";

void put(dataset& ds, const std::string& key, int year, double value, qualifier q = qualifier::exact,
         const std::string& breakdown = {}) {
    ds.set_indicator({key, year, "khanty-mansiysk", breakdown, value, q, "", src});
}

// The source document's figures as a dataset of published indicators, with the entities it names.
dataset published_figures(int meetings = 59, int questions = 134, int winners_2020 = 52) {
    dataset ds;
    ds.info().name = "test-published";
    ds.info().territory = "khanty-mansiysk";
    municipality city;
    city.id = municipality_id("khanty-mansiysk");
    city.name = "Ханты-Мансийск";
    city.name_genitive = "Ханты-Мансийска";
    city.name_prepositional = "Ханты-Мансийске";
    city.name_en = "Khanty-Mansiysk";
    city.region = "Ханты-Мансийский автономный округ – Югра";
    ds.add(city);
    organization rc;
    rc.id = organization_id("rc");
    rc.full_name = "Ресурсный центр поддержки социально ориентированных некоммерческих организаций и "
                   "добровольчества (волонтерства)";
    rc.short_name = "Ресурсный центр";
    rc.municipality = city.id;
    rc.nonprofit = false;
    rc.spheres = {"information", "consulting", "education", "organization", "other", "grants_help", "monitoring"};
    ds.add(rc);
    // The reporting course with the topics the document gives (its date was not published).
    course reporting;
    reporting.id = course_id("reporting");
    reporting.title = "Отчетность некоммерческой организации";
    reporting.topic = "общие правила представления отчётности НКО; персональный календарь отчётности на 2021 год";
    reporting.format = course_format::distance;
    reporting.organiser = rc.id;
    ds.add(reporting);
    collegial_body chamber{body_id("chamber"), "Общественная палата города Ханты-Мансийска",
                           body_kind::public_chamber, "", city.id};
    ds.add(chamber);
    ds.add(membership_term{chamber.id, {date(2020, 3, 1), date()}, 0, "renewed"});
    // The Governor's programme for individuals held its first competition in 2020.
    ds.add(grant_operator{operator_id("gov"), "Губернатор Югры", organization_id()});
    ds.add(programme{programme_id("gov-ind"), operator_id("gov"), "Гранты Губернатора физическим лицам",
                     programme_kind::governor_individual});
    competition c;
    c.id = competition_id("gov-ind-2020");
    c.programme = programme_id("gov-ind");
    c.year = 2020;
    ds.add(c);
    put(ds, "councils.public_councils", 2020, 13);
    put(ds, "councils.collegial_bodies", 2020, 14);
    put(ds, "councils.meetings", 2020, meetings);
    put(ds, "councils.agenda_questions", 2020, questions);
    put(ds, "training.courses", 2020, 2);
    put(ds, "training.ngos_trained", 2020, 31);
    put(ds, "training.participants", 2020, 26, qualifier::exact, "Социальное проектирование в НКО");
    put(ds, "training.participants", 2020, 5, qualifier::exact, "Отчетность некоммерческой организации");
    put(ds, "ngo.registered", 2020, 300, qualifier::more_than);
    put(ds, "ngo.public_associations", 2020, 50);
    put(ds, "grants.winners", 2017, 7);
    put(ds, "grants.winners", 2020, winners_2020);
    put(ds, "grants.funds_attracted", 2020, 30'000'000, qualifier::more_than);
    put(ds, "grants.individual.applicants", 2020, 70, qualifier::more_than);
    put(ds, "grants.individual.rank_among_municipalities", 2020, 1);
    put(ds, "grants.individual.winners", 2020, 16);
    put(ds, "grants.individual.amount", 2020, 3'700'000);
    return ds;
}

report_content build_2020(const dataset& ds, bool growth = false) {
    report_options opt;
    opt.year = 2020;
    opt.growth_rate = growth;
    return build(ds, opt);
}

std::string markdown(const dataset& ds, language l = language::ru) {
    report_options opt;
    opt.year = 2020;
    return render(ds, opt, l, output_format::markdown);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const figure* find_figure(const report_content& r, const std::string& key, int year,
                          const std::string& breakdown = {}) {
    for (const auto& s : r.sections)
        for (const auto& st : s.statements) {
            for (const auto& f : st.figures)
                if (f.key == key && f.year == year && f.breakdown == breakdown) return &f;
            for (const auto& [name, items] : st.lists)
                for (const auto& it : items)
                    for (const auto& f : it.figures)
                        if (f.key == key && f.year == year && f.breakdown == breakdown) return &f;
        }
    return nullptr;
}

}  // namespace

TEST(report_build, keeps_the_order_of_the_source_document) {
    const auto r = build_2020(published_figures());
    std::vector<std::string> ids;
    for (const auto& s : r.sections) ids.push_back(s.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"councils", "resource_centre", "training", "ngo", "grants", "individuals"}));
}

TEST(report_build, takes_every_published_figure_with_its_source) {
    const auto r = build_2020(published_figures());
    const auto* m = find_figure(r, "councils.meetings", 2020);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->value, 59);
    EXPECT_EQ(m->prov.kind, provenance_kind::published);
    EXPECT_EQ(m->prov.source, src);
    const auto* w17 = find_figure(r, "grants.winners", 2017);
    ASSERT_NE(w17, nullptr);
    EXPECT_EQ(w17->value, 7);
    const auto* nko = find_figure(r, "ngo.registered", 2020);
    ASSERT_NE(nko, nullptr);
    EXPECT_EQ(nko->qual, qualifier::more_than);
    const auto* course = find_figure(r, "training.participants", 2020, "Отчетность некоммерческой организации");
    ASSERT_NE(course, nullptr);
    EXPECT_EQ(course->value, 5);
    EXPECT_TRUE(r.discrepancies.empty());
}

TEST(report_text, states_every_figure_of_the_source_document_in_russian) {
    const std::string md = markdown(published_figures());
    for (const char* phrase : {"13 общественных советов", "Общественной палаты города Ханты-Мансийска",
                               "14 коллегиальными общественными органами", "59 заседаний", "134 вопроса",
                               "Ресурсный центр", "информационную", "консультационную", "образовательную",
                               "организационную", "грантов и субсидий", "мониторинг", "31 НКО", "2 курса",
                               "«Социальное проектирование в НКО» (26 представителей НКО)",
                               "«Отчетность некоммерческой организации» (5 представителей НКО)",
                               "календарь отчётности на 2021 год", "более 300 некоммерческих организаций",
                               "50 являются общественными объединениями",
                               "с 7 в 2017 году до 52 в 2020 году", "более 30 млн рублей",
                               "более 70 горожан", "первом конкурсе для физических лиц", "первое место",
                               "муниципальных образований Югры", "16 горожан", "3,7 млн рублей"})
        EXPECT_TRUE(has(md, phrase)) << "missing: " << phrase << "\n" << md;
    EXPECT_TRUE(has(md, "# ХАНТЫ-МАНСИЙСК"));
    // The source says "с 7 в 2017 году до 52 в 2020 году." and no more: a sentence "Итого в 2020
    // году — 52 победителя" after it read as a sum over the years.
    EXPECT_FALSE(has(md, "Итого")) << md;
}

TEST(report_text, follows_changed_figures_with_agreeing_nouns) {
    const std::string md = markdown(published_figures(61, 111, 21));
    EXPECT_TRUE(has(md, "61 заседание,")) << md;
    EXPECT_TRUE(has(md, "111 вопросов")) << md;
    EXPECT_TRUE(has(md, "до 21 в 2020 году")) << md;
    EXPECT_FALSE(has(md, "59 заседаний"));
    // 21 is not more than 52 … but still more than 7: growth is still growth.
    const std::string fewer = markdown(published_figures(59, 134, 5));
    EXPECT_TRUE(has(fewer, "изменилось с 7 в 2017 году до 5 в 2020 году. В 2020 году — 5 победителей.")) << fewer;
}

TEST(report_text, gives_the_same_content_in_english) {
    const std::string md = markdown(published_figures(), language::en);
    for (const char* phrase : {"# KHANTY-MANSIYSK", "13 public councils", "14 collegial public bodies", "59 meetings",
                               "134 questions", "the Resource Centre", "31 NGOs", "26 NGO representatives",
                               "5 NGO representatives", "reporting calendar for 2021",
                               "more than 300 non-profit organisations", "50 of them are public associations",
                               "from 7 in 2017 to 52 in 2020", "more than 30 million roubles",
                               "more than 70 residents", "ranked first", "16 residents", "3.7 million roubles"})
        EXPECT_TRUE(has(md, phrase)) << "missing: " << phrase << "\n" << md;
}

TEST(report_text, adds_the_growth_rate_when_asked_and_keeps_bounds) {
    const auto ds = published_figures();
    report_options opt;
    opt.year = 2020;
    opt.growth_rate = true;
    const std::string md = render(ds, opt, language::ru, output_format::markdown);
    // (52 / 7)^(1/3) = 1.9514… (1.9514³ = 7.4307 ≈ 52/7 = 7.4286), so 95,1 % a year.
    const double cagr = std::pow(52.0 / 7.0, 1.0 / 3.0) - 1.0;
    EXPECT_NEAR((1 + 0.9514) * (1 + 0.9514) * (1 + 0.9514), 52.0 / 7.0, 0.01);
    EXPECT_NEAR(cagr, 0.9514, 0.0005);
    EXPECT_TRUE(has(md, "в среднем на 95,1\xC2\xA0% в год")) << md;
    const auto r = build(ds, opt);
    const auto* f = find_figure(r, "grants.winners.cagr", 2020);
    ASSERT_NE(f, nullptr);
    EXPECT_NEAR(f->value, cagr, 1e-12);
    // With a lower bound at the end the rate is a lower bound too ("более 52" gives "более").
    auto bounded = published_figures();
    bounded.set_indicator({"grants.winners", 2020, "khanty-mansiysk", "", 52, qualifier::more_than, "", src});
    const auto rb = build(bounded, opt);
    EXPECT_EQ(find_figure(rb, "grants.winners.cagr", 2020)->qual, qualifier::more_than);
    // From a lower bound at the start nothing can be said about the rate: it is left out.
    auto from_bound = published_figures();
    from_bound.set_indicator({"grants.winners", 2017, "khanty-mansiysk", "", 7, qualifier::more_than, "", src});
    EXPECT_EQ(find_figure(build(from_bound, opt), "grants.winners.cagr", 2020), nullptr);
}

TEST(report_build, leaves_out_a_section_without_data_or_says_it_is_missing) {
    dataset ds;
    ds.info().name = "only-councils";
    ds.info().territory = "x";
    ds.set_indicator({"councils.meetings", 2020, "x", "", 3, qualifier::exact, "", "s"});
    report_options opt;
    opt.year = 2020;
    auto r = build(ds, opt);
    ASSERT_EQ(r.sections.size(), 1u);
    EXPECT_EQ(r.sections[0].id, "councils");
    opt.show_missing = true;
    r = build(ds, opt);
    EXPECT_EQ(r.sections.size(), section_ids().size());
    EXPECT_EQ(r.sections.size(), 7u);
    const std::string md = render(ds, opt, language::ru, output_format::markdown);
    EXPECT_TRUE(has(md, "3 заседания")) << md;
    EXPECT_TRUE(has(md, "Данные за 2020 год в наборе отсутствуют")) << md;
}

TEST(report_build, counts_figures_from_records_when_none_is_published_and_says_from_where) {
    dataset ds;
    ds.info().name = "records";
    ds.info().territory = "t";
    municipality m;
    m.id = municipality_id("t");
    m.name = "Тест";
    ds.add(m);
    ds.add(collegial_body{body_id("c1"), "Совет 1", body_kind::public_council, "", m.id});
    ds.add(collegial_body{body_id("c2"), "Совет 2", body_kind::public_council, "", m.id});
    // 3 meetings in 2020 (one in 2019 that must not count), 5 questions at the 2020 ones.
    ds.add(meeting{meeting_id("m1"), body_id("c1"), date(2020, 2, 1), meeting_format::in_person});
    ds.add(meeting{meeting_id("m2"), body_id("c1"), date(2020, 5, 1), meeting_format::remote});
    ds.add(meeting{meeting_id("m3"), body_id("c2"), date(2020, 5, 9), meeting_format::in_person});
    ds.add(meeting{meeting_id("m0"), body_id("c2"), date(2019, 12, 9), meeting_format::in_person});
    int q = 0;
    for (const char* mid : {"m1", "m1", "m2", "m3", "m3", "m0"})
        ds.add(agenda_question{agenda_question_id("q" + std::to_string(++q)), meeting_id(mid), "Вопрос", ""});
    report_options opt;
    opt.year = 2020;
    const auto r = build(ds, opt);
    const auto* meetings = find_figure(r, "councils.meetings", 2020);
    ASSERT_NE(meetings, nullptr);
    EXPECT_EQ(meetings->value, 3);
    EXPECT_EQ(meetings->prov.kind, provenance_kind::computed);
    EXPECT_EQ(meetings->prov.table, "meetings");
    EXPECT_EQ(meetings->prov.rows, 3u);
    EXPECT_EQ(find_figure(r, "councils.agenda_questions", 2020)->value, 5);
    EXPECT_EQ(find_figure(r, "councils.public_councils", 2020)->value, 2);
    // A year without meeting records gives no counts, not zeros (2018 holds only a published
    // figure of another kind); a year of which the dataset holds nothing is refused.
    report_options o17;
    o17.year = 2017;
    try {
        (void)build(ds, o17);
        ADD_FAILURE() << "a report of 2017 was built";
    } catch (const civica::validation_error& e) {
        EXPECT_TRUE(has(e.what(), "no records or figures of 2017; its years are 2019, 2020")) << e.what();
    }
    dataset with_2018 = ds;
    indicator registered;
    registered.key = "ngo.registered";
    registered.year = 2018;
    registered.value = 10;
    with_2018.set_indicator(registered);
    report_options o18;
    o18.year = 2018;
    EXPECT_EQ(find_figure(build(with_2018, o18), "councils.meetings", 2018), nullptr);
    EXPECT_EQ(find_figure(build(with_2018, o18), "councils.public_councils", 2018), nullptr);
    // Meetings by month: February 1, May 2.
    ASSERT_EQ(r.charts.size(), 1u);
    EXPECT_EQ(r.charts[0].points[1].value, 1);
    EXPECT_EQ(r.charts[0].points[4].value, 2);
    // A published figure that the records contradict wins, and the disagreement is noted.
    ds.set_indicator({"councils.meetings", 2020, "t", "", 4, qualifier::exact, "", "s"});
    const auto r2 = build(ds, opt);
    EXPECT_EQ(find_figure(r2, "councils.meetings", 2020)->value, 4);
    ASSERT_EQ(r2.discrepancies.size(), 1u);
    EXPECT_EQ(r2.discrepancies[0].computed, 3);
    const auto t = load_template(language::ru);
    // The public text has no analysts' notes; asked for, they are in the report's language.
    EXPECT_FALSE(has(render(r2, t, output_format::html), "опубликовано 4"));
    opt.notes = true;
    const auto r3 = build(ds, opt);
    const std::string html = render(r3, t, output_format::html);
    EXPECT_TRUE(has(html, "опубликовано 4, по записям набора данных (таблица «заседания», 3 строки) — 3")) << html;
    EXPECT_FALSE(has(html, "(meetings,")) << html;
    const std::string js = render(r2, t, output_format::json);
    EXPECT_TRUE(has(js, "\"discrepancies\"")) << js;
    EXPECT_TRUE(has(js, "\"agrees\": false")) << js;
}

TEST(report_build, reads_the_bundled_published_dataset) {
    const auto ds = io::load_dataset("khanty-mansiysk-2020");
    const auto r = build_2020(ds);
    for (auto [key, value] : std::vector<std::pair<std::string, double>>{
             {"councils.public_councils", 13}, {"councils.collegial_bodies", 14}, {"councils.meetings", 59},
             {"councils.agenda_questions", 134}, {"training.ngos_trained", 31}, {"ngo.registered", 300},
             {"ngo.public_associations", 50}, {"grants.winners", 52}, {"grants.funds_attracted", 30'000'000},
             {"grants.individual.applicants", 70}, {"grants.individual.winners", 16},
             {"grants.individual.amount", 3'700'000}, {"grants.individual.rank_among_municipalities", 1}}) {
        const auto* f = find_figure(r, key, 2020);
        ASSERT_NE(f, nullptr) << key;
        EXPECT_EQ(f->value, value) << key;
    }
    EXPECT_TRUE(r.discrepancies.empty()) << r.discrepancies.size() << " " << r.discrepancies[0].key;
    const std::string md = markdown(ds);
    for (const char* phrase : {"13 общественных советов", "Общественной палаты", "14 коллегиальными", "59 заседаний",
                               "134 вопроса", "Ресурсный центр", "консультационную", "31 НКО",
                               "(26 представителей НКО)", "(5 представителей НКО)", "на 2021 год",
                               "более 300 некоммерческих организаций", "из них 50",
                               "с 7 в 2017 году до 52 в 2020 году", "более 30 млн рублей", "более 70 горожан",
                               "первом конкурсе", "первое место среди муниципальных образований Югры",
                               "16 горожан", "3,7 млн рублей"})
        EXPECT_TRUE(has(md, phrase)) << "missing: " << phrase << "\n" << md;
}

TEST(report_build, states_the_same_figures_from_the_synthetic_records_as_from_the_published_ones) {
    const auto published = build_2020(published_figures());
    const auto synthetic_ds = synth::khanty_mansiysk_2020();
    const auto synthetic = build_2020(synthetic_ds);
    std::size_t compared = 0;
    for (const auto& s : published.sections)
        for (const auto& st : s.statements) {
            std::vector<figure> all = st.figures;
            for (const auto& [n, items] : st.lists)
                for (const auto& it : items) all.insert(all.end(), it.figures.begin(), it.figures.end());
            for (const auto& p : all) {
                if (p.prov.kind != provenance_kind::published) continue;
                const auto* f = find_figure(synthetic, p.key, p.year, p.breakdown);
                ASSERT_NE(f, nullptr) << p.key << " " << p.year << " " << p.breakdown;
                switch (p.qual) {
                    case qualifier::exact: EXPECT_NEAR(f->value, p.value, 0.5) << p.key; break;
                    case qualifier::more_than: EXPECT_GT(f->value, p.value) << p.key; break;
                    default: break;
                }
                ++compared;
            }
        }
    EXPECT_GE(compared, 17u);
    EXPECT_TRUE(synthetic.discrepancies.empty());
    // The synthetic records say the same thing in the same words where the figures are exact.
    report_options opt;
    opt.year = 2020;
    const std::string md = render(synthetic_ds, opt, language::ru, output_format::markdown);
    for (const char* phrase : {"13 общественных советов", "59 заседаний", "134 вопроса", "31 НКО",
                               "с 7 в 2017 году до 52 в 2020 году", "16 горожан", "3,7 млн рублей", "первое место"})
        EXPECT_TRUE(has(md, phrase)) << "missing: " << phrase << "\n" << md;
}

// Every figure of the report is either what the dataset publishes for its key, year and
// territory (find_indicator, as ds.indicator(...) in Python) or what
// analysis::compute_indicator gives: the report counts nothing itself. Checked on varied
// datasets: published figures only, synthetic records, a body of kind other, a body without a
// municipality, an undated chamber term, other cities' organisations and persons, withdrawn
// applications, a municipal competition, published figures the records contradict.
TEST(report_build, states_every_figure_as_published_or_as_analysis_computes_it) {
    std::vector<std::pair<std::string, dataset>> cases;
    cases.emplace_back("published", io::load_dataset("khanty-mansiysk-2020"));
    cases.emplace_back("synthetic", synth::khanty_mansiysk_2020());
    {
        dataset ds = synth::khanty_mansiysk_2020();
        ds.add(collegial_body{body_id("youth"), "Молодёжный парламент", body_kind::other, "", municipality_id()});
        ds.add(meeting{meeting_id("youth-1"), body_id("youth"), date(2020, 10, 1), meeting_format::in_person});
        ds.add(membership_term{body_id("public-chamber"), {}, 0, "undated"});
        ds.set_indicator({"councils.meetings", 2020, "", "", 61, qualifier::exact, "", "changed"});
        cases.emplace_back("synthetic, changed", std::move(ds));
    }
    cases.emplace_back("published figures of the test", published_figures());
    cases.emplace_back("surgut", io::read_dataset_folder(std::filesystem::path(CIVICA_TEST_DATA_DIR) / "surgut-2024"));
    {
        dataset ds = io::read_dataset_folder(std::filesystem::path(CIVICA_TEST_DATA_DIR) / "surgut-2024");
        ds.set_indicator({"grants.municipal.winners", 2024, "surgut", "", 5, qualifier::exact, "", "contradicted"});
        ds.set_indicator({"training.participants", 2024, "", "Финансовая отчётность НКО", 2, qualifier::more_than, "", "s"});
        cases.emplace_back("surgut, contradicted", std::move(ds));
    }
    for (const auto& [name, ds] : cases) {
        SCOPED_TRACE(name);
        report_options opt;
        opt.year = name.starts_with("surgut") ? 2024 : 2020;
        opt.growth_rate = true;
        const auto r = build(ds, opt);
        std::size_t published = 0, computed = 0;
        for (const auto& s : r.sections)
            for (const auto& st : s.statements) {
                std::vector<figure> all = st.figures;
                for (const auto& [n, items] : st.lists)
                    for (const auto& it : items) all.insert(all.end(), it.figures.begin(), it.figures.end());
                for (const auto& f : all) {
                    SCOPED_TRACE(f.key + " " + std::to_string(f.year) + " " + f.breakdown);
                    EXPECT_EQ(f.territory, r.territory);
                    ASSERT_NE(analysis::find_definition(f.key), nullptr);
                    const auto c = analysis::compute_indicator(ds, f.key, f.year, f.territory, f.breakdown);
                    if (f.prov.kind == provenance_kind::published) {
                        const indicator* i = ds.find_indicator(f.key, f.year, f.territory, f.breakdown);
                        ASSERT_NE(i, nullptr);
                        EXPECT_EQ(f.value, i->value);
                        EXPECT_EQ(f.qual, i->qual);
                        EXPECT_EQ(f.check.has_value(), c.has_value());
                        if (c) {
                            EXPECT_EQ(f.check->value, c->value);
                        }
                        ++published;
                    } else if (f.key == "grants.winners.cagr") {
                        const auto* first = st.find("first");
                        const auto* last = st.find("last");
                        ASSERT_TRUE(first && last);
                        EXPECT_DOUBLE_EQ(f.value, std::pow(last->value / first->value, 1.0 / (last->year - first->year)) - 1);
                    } else {
                        EXPECT_EQ(ds.find_indicator(f.key, f.year, f.territory, f.breakdown), nullptr);
                        ASSERT_TRUE(c.has_value());
                        EXPECT_EQ(f.value, c->value);
                        EXPECT_EQ(f.prov.table, c->table);
                        EXPECT_EQ(f.prov.rows, c->rows);
                        EXPECT_EQ(f.programmes, c->programmes);
                        ++computed;
                    }
                }
            }
        EXPECT_GE(published + computed, 10u);
    }
}

TEST(report_text, states_money_counted_from_records_in_the_datasets_currency) {
    // The synthetic city's records (no published figures) in pounds: the amount the records
    // give is stated in pounds, in both languages, and never in roubles.
    dataset ds = civica::synth::khanty_mansiysk_2020();
    ASSERT_TRUE(ds.indicators().empty());
    ds.info().currency = "GBP";
    const auto r = build_2020(ds);
    const figure* money = find_figure(r, "grants.funds_attracted", 2020);
    ASSERT_NE(money, nullptr);
    EXPECT_EQ(money->unit, "GBP");
    const std::string ru = markdown(ds), en = markdown(ds, language::en);
    EXPECT_TRUE(has(ru, "фунтов стерлингов")) << ru;
    EXPECT_TRUE(has(en, "million pounds")) << en;
    EXPECT_FALSE(has(ru, "рубл")) << ru;
    EXPECT_FALSE(has(en, "rouble")) << en;
}

TEST(report_text, a_dataset_without_a_territory_states_the_growth_of_its_applications) {
    // A national dataset names no territory: the growth of applications is worded without one
    // (the sentence needed it, so it was left out of the grants section).
    civica::synth::national_options o;
    o.applications = 3000;
    const dataset ds = civica::synth::national(o);
    ASSERT_TRUE(ds.info().territory.empty());
    // Applications to each year's competitions, counted here: the sentence is said when they
    // grew every year.
    std::map<int, std::int64_t> per_year;
    for (std::size_t i = 0; i < ds.applications().size(); ++i)
        ++per_year[ds.competitions()[static_cast<std::size_t>(ds.applications().competition()[i])].year];
    ASSERT_GE(per_year.size(), 2u);
    bool grew = true;
    for (auto it = std::next(per_year.begin()); it != per_year.end(); ++it) grew = grew && it->second > std::prev(it)->second;
    ASSERT_TRUE(grew) << "the seed's applications do not grow every year";
    const auto& [first_year, first] = *per_year.begin();
    const auto& [last_year, last] = *per_year.rbegin();
    report_options opt;
    opt.year = last_year;
    const std::string ru = render(ds, opt, language::ru, output_format::markdown);
    const std::string en = render(ds, opt, language::en, output_format::markdown);
    EXPECT_TRUE(has(ru, "НКО участвуют в конкурсах на гранты Президента Российской Федерации, и число их заявок растёт "
                        "ежегодно: с " + format_integer(first, language::ru) + " заявок в " + std::to_string(first_year) +
                        " году до " + format_integer(last, language::ru) + " в " + std::to_string(last_year) + " году."))
        << ru;
    EXPECT_TRUE(has(en, "The NGOs apply to the competitions for the Presidential grants, and the number of their "
                        "applications grows every year: from " + format_integer(first, language::en) + " in " +
                        std::to_string(first_year) + " to " + format_integer(last, language::en) + " in " +
                        std::to_string(last_year) + "."))
        << en;
}

TEST(report_text, show_missing_keeps_a_section_whose_figures_the_template_cannot_word) {
    // A national dataset names no territory: the NGO figure is there (JSON gives it), but the
    // sentence needs the territory's name. Without show_missing the section is left out; with
    // it the section says the data is missing, as a section without figures does.
    civica::synth::national_options o;
    o.applications = 3000;
    const dataset ds = civica::synth::national(o);
    report_options opt;
    opt.year = 2024;
    const auto r = build(ds, opt);
    ASSERT_NE(find_figure(r, "ngo.registered", 2024), nullptr);
    const std::string plain = render(ds, opt, language::ru, output_format::markdown);
    EXPECT_FALSE(has(plain, "## Некоммерческие организации")) << plain;
    opt.show_missing = true;
    const std::string shown = render(ds, opt, language::ru, output_format::markdown);
    EXPECT_TRUE(has(shown, "## Некоммерческие организации")) << shown;
    // It says the figures are there but cannot be worded, not that the data is missing.
    const auto ngo = shown.substr(shown.find("## Некоммерческие организации"));
    const auto ngo_text = ngo.substr(0, ngo.find("\n## "));
    EXPECT_TRUE(has(ngo_text, "Показатели за 2024 год в наборе есть")) << ngo_text;
    EXPECT_FALSE(has(ngo_text, "отсутствуют")) << ngo_text;
    const std::string en = render(ds, opt, language::en, output_format::markdown);
    EXPECT_TRUE(has(en, "needs a territory the dataset does not name")) << en;
}
