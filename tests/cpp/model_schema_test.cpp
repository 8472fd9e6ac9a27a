// Tests of the table declaration (civica/model/schema.hpp) against the model: every member of
// every row struct is reached by exactly the declared columns (a full row written out through
// the getters and read back through the setters is the same row), enumeration values are the
// model's parse/print names, references name earlier tables.
#include "civica/error.hpp"
#include "civica/model/dataset.hpp"
#include "civica/model/schema.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <type_traits>
#include <utility>

using namespace civica;
namespace sc = civica::schema;

namespace {

date d(int y, int m, int day) { return date(y, m, day); }

// Rows with every member set away from its default, written out by hand.
municipality full_municipality() {
    return {municipality_id("m1"), "Сургут", "71876000", "ХМАО", {{2010, 306675}, {2020, 380632}},
            "Сургута", "Сургуте", "Surgut"};
}
organization full_organization() {
    organization o;
    o.id = organization_id("o1");
    o.full_name = "АНО «Ресурсный центр»";
    o.short_name = "РЦ";
    o.okopf = 71400;
    o.inn = "8602000000";
    o.ogrn = "1028600000000";
    o.kpp = "860201001";
    o.registered = d(2010, 5, 4);
    o.municipality = municipality_id("m1");
    o.spheres = {"culture", "sport"};
    o.socially_oriented = true;
    o.public_association = true;
    o.tos = true;
    o.volunteer_association = true;
    o.nonprofit = false;
    return o;
}
application full_application() {
    application a;
    a.id = application_id("a1");
    a.competition = competition_id("c1");
    a.applicant_type = applicant_kind::person;
    a.applicant = "p1";
    a.title = "Проект";
    a.direction = "культура";
    a.requested = money::from_kopecks(100000);
    a.cofunding = money::from_kopecks(2500);
    a.submitted = d(2021, 3, 1);
    a.status = application_status::winner;
    a.awarded = money::from_kopecks(90000);
    a.implementation = {d(2021, 6, 1), d(2022, 5, 31)};
    a.decided = d(2021, 5, 20);
    a.rate = 81.5;
    return a;
}

// Calls f with one sample row of each table, every member set away from its default, in add
// order: each refers only to rows before it, and to an organisation "o2" like "o1".
template <class F>
void for_each_sample(F&& f) {
    f(full_municipality());
    f(full_organization());
    f(person{person_id("p1"), municipality_id("m1"), "Иванов"});
    f(grant_operator{operator_id("g1"), "Фонд", organization_id("o1")});
    f(programme{programme_id("pr1"), operator_id("g1"), "Гранты", programme_kind::governor_ngo});
    f(competition{competition_id("c1"), programme_id("pr1"), 2021, 2, {d(2021, 1, 1), d(2021, 2, 1)},
                  {"культура", "спорт"}, "Второй конкурс"});
    f(full_application());
    f(course{course_id("k1"), "Курс", "НКО", course_format::distance, 72, organization_id("o1"),
             organization_id("o2"), {d(2021, 1, 1), d(2021, 2, 1)}});
    f(enrolment{course_id("k1"), organization_id("o1"), person_id("p1"), 3, false});
    f(collegial_body{body_id("b1"), "Совет", body_kind::public_chamber, "Дума", municipality_id("m1")});
    f(membership_term{body_id("b1"), {d(2020, 1, 1), d(2022, 12, 31)}, 15, "новый состав"});
    f(meeting{meeting_id("e1"), body_id("b1"), d(2021, 4, 2), meeting_format::absentee, 12});
    f(agenda_question{agenda_question_id("q1"), meeting_id("e1"), "Вопрос", "бюджет"});
    f(support_service{service_id("s1"), organization_id("o1"), applicant_kind::person, "p1",
                      support_kind::grants_help, d(2021, 3, 3), "консультация"});
    f(monitoring_record{application_id("a1"), d(2022, 1, 1), 7.5, "completed", "ok"});
    f(indicator{"councils.meetings", 2021, "m1", "итого", 12, qualifier::more_than, "count", "отчёт"});
}

// Getting every declared column of `full` and setting it into a default row gives `full`.
template <class Row>
void round_trips(const Row& full) {
    Row copy{};
    ASSERT_NE(copy, full) << "the sample row must differ from the default";
    for (const auto& f : sc::fields<Row>()) f.set(copy, f.get(full));
    EXPECT_EQ(copy, full) << sc::table_of<Row>().name << ": a member is not reached by its columns";
    // Each column reaches something of its own: setting it alone changes a default row.
    for (const auto& f : sc::fields<Row>()) {
        Row one{};
        f.set(one, f.get(full));
        EXPECT_NE(one, Row{}) << sc::table_of<Row>().name << "." << f.col->name << " changes nothing";
    }
}

// The text columns of a table: ids, texts, references and lists of texts.
bool holds_text(const sc::column& c) {
    return c.type == sc::column_type::id || c.type == sc::column_type::text || c.type == sc::column_type::reference ||
           c.type == sc::column_type::party || c.type == sc::column_type::text_list;
}

void add_row(dataset& ds, const indicator& i) { ds.set_indicator(i); }
template <class Row>
void add_row(dataset& ds, const Row& r) {
    ds.add(r);
}

// `bad` appended to the text (or to each text of a list) of the value of a text column.
sc::value spoiled(sc::value v, const std::string& bad) {
    if (auto* s = std::get_if<std::string>(&v)) *s += bad;
    if (auto* list = std::get_if<std::vector<std::string>>(&v)) list->push_back("x" + bad);
    return v;
}

// Each text column of `full` holding `bad` makes add() refuse the row, naming the column and
// `why`, and leaves the dataset as it was.
template <class Row>
void refuses_text(const dataset& base, const Row& full, const std::string& bad, const std::string& why) {
    std::size_t columns = 0;
    for (const auto& f : sc::fields<Row>()) {
        if (!holds_text(*f.col)) continue;
        ++columns;
        Row row = full;
        f.set(row, spoiled(f.get(full), bad));
        dataset ds = base;
        const std::string where = std::string(sc::table_of<Row>().name) + "." + std::string(f.col->name);
        try {
            add_row(ds, row);
            ADD_FAILURE() << where << " took " << why;
        } catch (const validation_error& e) {
            const std::string message = e.what();
            EXPECT_NE(message.find(std::string(f.col->name) + ": the text " + why), std::string::npos)
                << where << ": " << message;
            EXPECT_EQ(message.find('\0'), std::string::npos) << where << ": the message holds the NUL";
        }
        EXPECT_EQ(sc::row_count<Row>(ds), sc::row_count<Row>(base)) << where;
    }
    EXPECT_GT(columns, 0u) << sc::table_of<Row>().name;
}

// A column of text has the view of its text(s), the same as its value, and no other column has one.
template <class Row>
void views_agree(const Row& full) {
    for (const auto& f : sc::fields<Row>()) {
        const std::string where = std::string(sc::table_of<Row>().name) + "." + std::string(f.col->name);
        const bool list = f.col->type == sc::column_type::text_list;
        EXPECT_EQ(f.text != nullptr, holds_text(*f.col) && !list) << where;
        EXPECT_EQ(f.texts != nullptr, list) << where;
        const sc::value v = f.get(full);
        if (f.text) {
            EXPECT_EQ(f.text(full), std::get<std::string>(v)) << where;
        }
        if (f.texts) {
            const auto texts = f.texts(full);
            EXPECT_EQ(std::vector<std::string>(texts.begin(), texts.end()), std::get<std::vector<std::string>>(v)) << where;
        }
    }
}

}  // namespace

TEST(schema, the_text_views_of_every_column_are_its_values) {
    for_each_sample([](const auto& row) { views_agree(row); });
}

TEST(schema, every_text_column_refuses_a_nul_byte_and_bytes_that_are_not_utf8_on_add) {
    // A dataset holding every sample row: a row spoiled in its id is refused for its text
    // before it could be a duplicate. The sample's INN, OGRN and KPP are not valid numbers (the
    // text rule comes before theirs), so the dataset holds the organisations without them.
    dataset base;
    for_each_sample([&](auto row) {
        if constexpr (std::is_same_v<decltype(row), organization>) {
            row.inn.clear();
            row.ogrn.clear();
            row.kpp.clear();
            base.add(row);
            row.id = organization_id("o2");
        }
        add_row(base, row);
    });
    for (const auto& fault : {std::pair<std::string, std::string>{std::string("a\0b", 3), "holds a NUL byte"},
                              std::pair<std::string, std::string>{"\xff", "is not UTF-8"}})
        for_each_sample([&](const auto& row) { refuses_text(base, row, fault.first, fault.second); });
    // A row without its id is refused for that, whatever its text.
    dataset ds = base;
    try {
        ds.set_indicator(indicator{"", 2021, "m1", "", 1, qualifier::exact, "count", std::string("a\0b", 3)});
        ADD_FAILURE() << "an indicator without a key was set";
    } catch (const validation_error& e) {
        EXPECT_STREQ(e.what(), "indicator without a key");
    }
}

TEST(schema, every_row_struct_round_trips_through_its_declared_columns) {
    for_each_sample([](const auto& row) { round_trips(row); });
}

TEST(schema, enumeration_values_are_the_models_names_in_code_order) {
    std::size_t enums = 0;
    auto check = [&](auto row) {
        using Row = decltype(row);
        for (const auto& f : sc::fields<Row>()) {
            if (f.col->type != sc::column_type::enumeration) continue;
            ++enums;
            ASSERT_FALSE(f.col->values.empty()) << f.col->name;
            for (auto name : f.col->values) {
                Row r{};
                f.set(r, std::string(name));  // the model's parse function accepts it ...
                EXPECT_EQ(std::get<std::string>(f.get(r)), name);  // ... and to_string prints it
            }
            Row r{};
            EXPECT_THROW(f.set(r, std::string("nonsense")), parse_error) << f.col->name;
        }
    };
    check(programme{});
    check(application{});
    check(course{});
    check(collegial_body{});
    check(meeting{});
    check(support_service{});
    check(indicator{});
    EXPECT_EQ(enums, 9u);  // kind, applicant_type, status, format, kind, format, recipient_type, kind, qualifier
    // Code order: the value at position i is the enumerator i.
    const auto statuses = sc::value_names<application_status>();
    for (std::size_t i = 0; i < statuses.size(); ++i)
        EXPECT_EQ(to_string(static_cast<application_status>(i)), statuses[i]);
    EXPECT_EQ(sc::table_named("applications").find("status")->values.size(), 5u);
}

TEST(schema, references_name_earlier_tables_and_party_columns_name_their_kind) {
    std::set<std::string_view> seen;
    for (const auto& t : sc::tables()) {
        EXPECT_EQ(std::string(t.file), std::string(t.name) + ".csv");
        std::set<std::string_view> names;
        for (const auto& c : t.columns) {
            EXPECT_TRUE(names.insert(c.name).second) << t.name << "." << c.name << " twice";
            EXPECT_FALSE(c.member.empty());
            EXPECT_FALSE(c.attribute.empty());
            if (c.type == sc::column_type::reference) {
                EXPECT_TRUE(seen.count(c.references)) << t.name << "." << c.name << " -> " << c.references;
                EXPECT_EQ(c.nullable, !c.required) << t.name << "." << c.name;
            } else {
                EXPECT_TRUE(c.references.empty());
            }
            if (c.type == sc::column_type::party) {
                const auto* kind = t.find(c.kind_column);
                ASSERT_NE(kind, nullptr) << t.name << "." << c.name;
                EXPECT_EQ(kind->type, sc::column_type::enumeration);
                ASSERT_EQ(kind->values.size(), 2u);
                EXPECT_EQ(kind->values[0], "organization");
                EXPECT_EQ(kind->values[1], "person");
            }
            if (c.type == sc::column_type::id) {
                EXPECT_EQ(&c, &t.columns.front());
            }
        }
        EXPECT_TRUE(seen.insert(t.name).second) << t.name << " twice";
    }
    EXPECT_EQ(seen.size(), 16u);
    EXPECT_EQ(&sc::table_of<meeting>(), &sc::table_named("meetings"));
    EXPECT_THROW(sc::table_named("meeting"), not_found_error);
}

TEST(schema, file_names_and_model_members_differ_where_the_files_say_date) {
    const auto* held = sc::table_named("meetings").find("date");
    ASSERT_NE(held, nullptr);
    EXPECT_EQ(held->member, "held");
    EXPECT_EQ(held->attribute, "held");
    EXPECT_EQ(sc::table_named("services").find("date")->member, "provided");
    EXPECT_EQ(sc::table_named("monitoring").find("date")->member, "checked");
    EXPECT_EQ(sc::table_named("programmes").find("operator")->member, "grant_operator");
    EXPECT_EQ(sc::table_named("competitions").find("window_start")->attribute, "window_start");
    EXPECT_EQ(sc::table_named("indicators").find("qualifier")->member, "qual");
}

// The two columns added last flow from the declaration alone: rate (the Presidential Grants
// Fund's expert rating) and attendance (members present at a meeting).
TEST(schema, rate_and_attendance_are_declared_optional_numbers) {
    const auto* rate = sc::table_named("applications").find("rate");
    ASSERT_NE(rate, nullptr);
    EXPECT_EQ(rate->type, sc::column_type::real);
    EXPECT_TRUE(rate->nullable);
    const auto* attendance = sc::table_named("meetings").find("attendance");
    ASSERT_NE(attendance, nullptr);
    EXPECT_EQ(attendance->type, sc::column_type::integer);
    EXPECT_TRUE(attendance->nullable);
    meeting m{};
    for (const auto& f : sc::fields<meeting>())
        if (f.col == attendance) f.set(m, std::int64_t{14});
    EXPECT_EQ(m.attendance, 14);
}

TEST(schema, tables_stored_by_column_list_the_storage_of_every_declared_column) {
    dataset ds;
    ds.add(municipality{municipality_id("m1"), "Сургут", "", "", {}});
    ds.add(person{person_id("p1"), municipality_id("m1"), "Иванов"});
    ds.add(programme{programme_id("pr1"), {}, "Гранты", programme_kind::governor_ngo});
    ds.add(competition{competition_id("c1"), programme_id("pr1"), 2021, 2, {}, {}, ""});
    const application a = full_application();
    ds.add(a);
    std::set<std::string> stored;
    for (const auto& t : sc::tables()) {
        if (!sc::stored_by_column(t)) {
            EXPECT_THROW(sc::column_data_of(ds, t), std::logic_error) << t.name;
            continue;
        }
        stored.insert(std::string(t.name));
        const auto data = sc::column_data_of(ds, t);
        ASSERT_EQ(data.size(), t.columns.size()) << t.name;
        for (std::size_t k = 0; k < data.size(); ++k) {
            // The layout the declared type calls for.
            const auto& c = t.columns[k];
            std::size_t want = 0;
            switch (c.type) {
                case sc::column_type::id: want = 0; break;
                case sc::column_type::text: want = 1; break;
                case sc::column_type::reference:
                case sc::column_type::party:
                case sc::column_type::integer: want = 2; break;
                case sc::column_type::enumeration:
                case sc::column_type::boolean: want = 3; break;
                case sc::column_type::money:
                case sc::column_type::day: want = 4; break;
                case sc::column_type::real: want = 5; break;
                default: ADD_FAILURE() << t.name << "." << c.name << ": no list in a table stored by column";
            }
            EXPECT_EQ(data[k].index(), want) << t.name << "." << c.name;
        }
    }
    EXPECT_EQ(stored, (std::set<std::string>{"applications", "enrolments", "agenda_questions", "services"}));
    // The storage holds the row's values, column by column as the declaration says.
    const auto& t = sc::table_of<application>();
    const auto data = sc::column_data_of(ds, t);
    const auto fields = sc::fields<application>();
    for (std::size_t k = 0; k < t.columns.size(); ++k) {
        const sc::value v = fields[k].get(a);
        if (const auto* m = std::get_if<money>(&v)) {
            EXPECT_EQ((*std::get<const std::vector<std::int64_t>*>(data[k]))[0], m->kopecks()) << t.columns[k].name;
        }
        if (const auto* day = std::get_if<date>(&v)) {
            EXPECT_EQ((*std::get<const std::vector<std::int64_t>*>(data[k]))[0], to_day_number(*day)) << t.columns[k].name;
        }
        if (const auto* r = std::get_if<double>(&v)) {
            EXPECT_EQ((*std::get<const std::vector<double>*>(data[k]))[0], *r) << t.columns[k].name;
        }
        if (t.columns[k].type == sc::column_type::text) {
            EXPECT_EQ((*std::get<const string_column*>(data[k]))[0], std::get<std::string>(v)) << t.columns[k].name;
        }
    }
}
