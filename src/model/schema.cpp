// The declaration of every table (civica/model/schema.hpp). Each column is one entry below:
// its file name, the member it reads and writes, its type and flags; enumeration values come
// from the model's own name lists (enums.cpp), so they cannot drift.
#include "civica/model/schema.hpp"

#include "civica/error.hpp"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

namespace civica::schema {

std::string_view to_string(column_type t) {
    switch (t) {
        case column_type::id: return "id";
        case column_type::text: return "text";
        case column_type::integer: return "integer";
        case column_type::real: return "real";
        case column_type::money: return "money";
        case column_type::day: return "date";
        case column_type::boolean: return "boolean";
        case column_type::enumeration: return "enum";
        case column_type::reference: return "reference";
        case column_type::party: return "party";
        case column_type::text_list: return "list";
        case column_type::year_counts: return "year_counts";
    }
    return "?";
}

const column* table::find(std::string_view n) const {
    for (const auto& c : columns)
        if (c.name == n) return &c;
    return nullptr;
}

namespace {

// ---------------------------------------------------------------- member <-> value

template <class A>
A& alt(value& v) {
    if (!std::holds_alternative<A>(v)) throw std::logic_error("civica: a schema value of the wrong type");
    return std::get<A>(v);
}

value out(const std::string& s) { return s; }
template <class Tag>
value out(const basic_id<Tag>& i) { return i.str(); }
value out(int v) { return std::int64_t{v}; }
value out(bool v) { return v; }
value out(double v) { return v; }
value out(money v) { return v; }
// No date is nothing; ±infinity stays a date, for dataset::add to refuse (it is no day).
value out(const date& d) { return d.is_not_a_date() ? value() : value(d); }
value out(const std::vector<std::string>& v) { return v; }
value out(const std::map<int, std::int64_t>& v) { return v; }
template <class T>
value out(const std::optional<T>& v) { return v ? out(*v) : value(); }
template <class E>
    requires std::is_enum_v<E>
value out(E e) {
    return std::string(to_string(e));
}

programme_kind parse_as(programme_kind*, std::string_view s) { return parse_programme_kind(s); }
application_status parse_as(application_status*, std::string_view s) { return parse_application_status(s); }
applicant_kind parse_as(applicant_kind*, std::string_view s) { return parse_applicant_kind(s); }
course_format parse_as(course_format*, std::string_view s) { return parse_course_format(s); }
body_kind parse_as(body_kind*, std::string_view s) { return parse_body_kind(s); }
meeting_format parse_as(meeting_format*, std::string_view s) { return parse_meeting_format(s); }
support_kind parse_as(support_kind*, std::string_view s) { return parse_support_kind(s); }
qualifier parse_as(qualifier*, std::string_view s) { return parse_qualifier(s); }

void in(std::string& m, value&& v) { m = std::move(alt<std::string>(v)); }
template <class Tag>
void in(basic_id<Tag>& m, value&& v) { m = basic_id<Tag>(std::move(alt<std::string>(v))); }
void in(int& m, value&& v) { m = static_cast<int>(alt<std::int64_t>(v)); }
void in(bool& m, value&& v) { m = alt<bool>(v); }
void in(double& m, value&& v) { m = alt<double>(v); }
void in(money& m, value&& v) { m = alt<money>(v); }
void in(date& m, value&& v) { m = std::holds_alternative<std::monostate>(v) ? date() : alt<date>(v); }
void in(std::vector<std::string>& m, value&& v) { m = std::move(alt<std::vector<std::string>>(v)); }
void in(std::map<int, std::int64_t>& m, value&& v) { m = std::move(alt<std::map<int, std::int64_t>>(v)); }
template <class T>
void in(std::optional<T>& m, value&& v) {
    if (std::holds_alternative<std::monostate>(v)) {
        m.reset();
        return;
    }
    T t{};
    in(t, std::move(v));
    m = std::move(t);
}
template <class E>
    requires std::is_enum_v<E>
void in(E& m, value&& v) {
    m = parse_as(static_cast<E*>(nullptr), alt<std::string>(v));
}

template <class M>
struct member_traits;
template <class R, class T>
struct member_traits<T R::*> {
    using row = R;
    using type = T;
};
template <auto M>
using row_of = typename member_traits<decltype(M)>::row;
template <auto M>
using type_of = typename member_traits<decltype(M)>::type;

template <auto M>
value get_member(const row_of<M>& r) { return out(r.*M); }
template <auto M>
void set_member(row_of<M>& r, value&& v) { in(r.*M, std::move(v)); }
template <auto M, bool End>
value get_part(const row_of<M>& r) {
    const period& p = r.*M;
    return out(End ? p.end : p.start);
}
template <auto M, bool End>
void set_part(row_of<M>& r, value&& v) {
    period& p = r.*M;
    in(End ? p.end : p.start, std::move(v));
}

std::string_view view_of(const std::string& s) { return s; }
template <class Tag>
std::string_view view_of(const basic_id<Tag>& i) { return i.str(); }
template <auto M>
std::string_view text_member(const row_of<M>& r) { return view_of(r.*M); }
template <auto M>
std::span<const std::string> texts_member(const row_of<M>& r) { return r.*M; }

// ---------------------------------------------------------------- declaration helpers

template <class Row>
struct decl {
    column col;
    value (*get)(const Row&);
    void (*set)(Row&, value&&);
    std::string_view (*text)(const Row&) = nullptr;
    std::span<const std::string> (*texts)(const Row&) = nullptr;
};

column complete(column c) {
    if (c.member.empty()) c.member = c.name;
    if (c.attribute.empty()) c.attribute = c.member;
    return c;
}

/// A column read and written through member M.
template <auto M>
decl<row_of<M>> col(column c) {
    if constexpr (std::is_enum_v<type_of<M>>) {
        c.type = column_type::enumeration;
        c.values = value_names<type_of<M>>();
    }
    using T = type_of<M>;
    if constexpr (std::is_same_v<T, std::string> || is_id_v<T>)
        return {complete(c), &get_member<M>, &set_member<M>, &text_member<M>};
    else if constexpr (std::is_same_v<T, std::vector<std::string>>)
        return {complete(c), &get_member<M>, &set_member<M>, nullptr, &texts_member<M>};
    else
        return {complete(c), &get_member<M>, &set_member<M>};
}
/// A column holding the start (End false) or end of period member M.
template <auto M, bool End>
decl<row_of<M>> part(column c) {
    c.type = column_type::day;
    c.nullable = true;
    if (c.attribute.empty()) c.attribute = c.name;  // Python names a period's ends as the files do
    return {complete(c), &get_part<M, End>, &set_part<M, End>};
}

constexpr bool req = true;
using enum column_type;

// A reference: required ones never empty, the others may be.
column ref(std::string_view name, std::string_view table, bool required = false, std::string_view member = {}) {
    return {.name = name, .member = member, .type = reference, .required = required, .nullable = !required,
            .references = table};
}
column key() { return {.name = "id", .type = id, .required = true}; }
column of(std::string_view name, column_type t, bool required = false) {
    return {.name = name, .type = t, .required = required};
}
column maybe(std::string_view name, column_type t, std::string_view member = {}) {
    return {.name = name, .member = member, .type = t, .nullable = true};
}
column party_of(std::string_view name, std::string_view kind_column) {
    return {.name = name, .type = party, .required = true, .kind_column = kind_column};
}

// ---------------------------------------------------------------- the tables
// docs/dataset-format.md, "Tables", lists the same columns in the same order.

template <class Row>
const std::vector<decl<Row>>& declared();

template <>
const std::vector<decl<municipality>>& declared<municipality>() {
    using R = municipality;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::name>(of("name", text)),
        col<&R::name_genitive>(of("name_genitive", text)),
        col<&R::name_prepositional>(of("name_prepositional", text)),
        col<&R::name_en>(of("name_en", text)),
        col<&R::oktmo>(of("oktmo", text)),
        col<&R::region>(of("region", text)),
        col<&R::population>(of("population", year_counts)),
    };
    return d;
}

template <>
const std::vector<decl<organization>>& declared<organization>() {
    using R = organization;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::full_name>(of("full_name", text)),
        col<&R::short_name>(of("short_name", text)),
        col<&R::okopf>({.name = "okopf", .type = integer, .zero_is_unknown = true}),
        col<&R::inn>(of("inn", text)),
        col<&R::ogrn>(of("ogrn", text)),
        col<&R::kpp>(of("kpp", text)),
        col<&R::registered>(maybe("registered", day)),
        col<&R::municipality>(ref("municipality", "municipalities")),
        col<&R::spheres>(of("spheres", text_list)),
        col<&R::socially_oriented>(of("socially_oriented", boolean)),
        col<&R::public_association>(of("public_association", boolean)),
        col<&R::tos>(of("tos", boolean)),
        col<&R::volunteer_association>(of("volunteer_association", boolean)),
        col<&R::nonprofit>(of("nonprofit", boolean)),
    };
    return d;
}

template <>
const std::vector<decl<person>>& declared<person>() {
    using R = person;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::municipality>(ref("municipality", "municipalities")),
        col<&R::display_name>(of("display_name", text)),
    };
    return d;
}

template <>
const std::vector<decl<grant_operator>>& declared<grant_operator>() {
    using R = grant_operator;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::name>(of("name", text, req)),
        col<&R::organization>(ref("organization", "organizations")),
    };
    return d;
}

template <>
const std::vector<decl<programme>>& declared<programme>() {
    using R = programme;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::grant_operator>(ref("operator", "operators", false, "grant_operator")),
        col<&R::name>(of("name", text)),
        col<&R::kind>(of("kind", enumeration)),
    };
    return d;
}

template <>
const std::vector<decl<competition>>& declared<competition>() {
    using R = competition;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::programme>(ref("programme", "programmes", req)),
        col<&R::year>(of("year", integer, req)),
        col<&R::round>(of("round", integer)),
        part<&R::window, false>({.name = "window_start", .member = "window.start"}),
        part<&R::window, true>({.name = "window_end", .member = "window.end"}),
        col<&R::directions>(of("directions", text_list)),
        col<&R::name>(of("name", text)),
    };
    return d;
}

template <>
const std::vector<decl<application>>& declared<application>() {
    using R = application;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::competition>(ref("competition", "competitions", req)),
        col<&R::applicant_type>(of("applicant_type", enumeration)),
        col<&R::applicant>(party_of("applicant", "applicant_type")),
        col<&R::title>(of("title", text)),
        col<&R::direction>(of("direction", text)),
        col<&R::requested>(maybe("requested", money)),
        col<&R::cofunding>(of("cofunding", money)),
        col<&R::submitted>(maybe("submitted", day)),
        col<&R::status>(of("status", enumeration)),
        col<&R::awarded>(maybe("awarded", money)),
        part<&R::implementation, false>({.name = "implementation_start", .member = "implementation.start"}),
        part<&R::implementation, true>({.name = "implementation_end", .member = "implementation.end"}),
        col<&R::decided>(maybe("decided", day)),
        col<&R::rate>(maybe("rate", real)),
    };
    return d;
}

template <>
const std::vector<decl<course>>& declared<course>() {
    using R = course;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::title>(of("title", text, req)),
        col<&R::topic>(of("topic", text)),
        col<&R::format>(of("format", enumeration)),
        col<&R::hours>({.name = "hours", .type = integer, .zero_is_unknown = true}),
        col<&R::organiser>(ref("organiser", "organizations")),
        col<&R::partner>(ref("partner", "organizations")),
        part<&R::dates, false>({.name = "start", .member = "dates.start"}),
        part<&R::dates, true>({.name = "end", .member = "dates.end"}),
    };
    return d;
}

template <>
const std::vector<decl<enrolment>>& declared<enrolment>() {
    using R = enrolment;
    static const std::vector<decl<R>> d{
        col<&R::course>(ref("course", "courses", req)),
        col<&R::organization>(ref("organization", "organizations")),
        col<&R::person>(ref("person", "persons")),
        col<&R::participants>(of("participants", integer)),
        col<&R::completed>(of("completed", boolean)),
    };
    return d;
}

template <>
const std::vector<decl<collegial_body>>& declared<collegial_body>() {
    using R = collegial_body;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::name>(of("name", text, req)),
        col<&R::kind>(of("kind", enumeration)),
        col<&R::attached_to>(of("attached_to", text)),
        col<&R::municipality>(ref("municipality", "municipalities")),
    };
    return d;
}

template <>
const std::vector<decl<membership_term>>& declared<membership_term>() {
    using R = membership_term;
    static const std::vector<decl<R>> d{
        col<&R::body>(ref("body", "bodies", req)),
        part<&R::term, false>({.name = "start", .member = "term.start"}),
        part<&R::term, true>({.name = "end", .member = "term.end"}),
        col<&R::members>({.name = "members", .type = integer, .zero_is_unknown = true}),
        col<&R::note>(of("note", text)),
    };
    return d;
}

template <>
const std::vector<decl<meeting>>& declared<meeting>() {
    using R = meeting;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::body>(ref("body", "bodies", req)),
        col<&R::held>({.name = "date", .member = "held", .type = day, .required = true}),
        col<&R::format>(of("format", enumeration)),
        col<&R::attendance>(maybe("attendance", integer)),
    };
    return d;
}

template <>
const std::vector<decl<agenda_question>>& declared<agenda_question>() {
    using R = agenda_question;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::meeting>(ref("meeting", "meetings", req)),
        col<&R::title>(of("title", text)),
        col<&R::topic>(of("topic", text)),
    };
    return d;
}

template <>
const std::vector<decl<support_service>>& declared<support_service>() {
    using R = support_service;
    static const std::vector<decl<R>> d{
        col<&R::id>(key()),
        col<&R::provider>(ref("provider", "organizations")),
        col<&R::recipient_type>(of("recipient_type", enumeration)),
        col<&R::recipient>(party_of("recipient", "recipient_type")),
        col<&R::kind>(of("kind", enumeration)),
        col<&R::provided>({.name = "date", .member = "provided", .type = day, .required = true}),
        col<&R::note>(of("note", text)),
    };
    return d;
}

template <>
const std::vector<decl<monitoring_record>>& declared<monitoring_record>() {
    using R = monitoring_record;
    static const std::vector<decl<R>> d{
        col<&R::application>(ref("application", "applications", req)),
        col<&R::checked>(maybe("date", day, "checked")),
        col<&R::score>(maybe("score", real)),
        col<&R::status>(of("status", text)),
        col<&R::note>(of("note", text)),
    };
    return d;
}

template <>
const std::vector<decl<indicator>>& declared<indicator>() {
    using R = indicator;
    static const std::vector<decl<R>> d{
        col<&R::key>(of("key", text, req)),
        col<&R::year>(of("year", integer, req)),
        col<&R::territory>(maybe("territory", text)),
        col<&R::breakdown>(maybe("breakdown", text)),
        col<&R::value>(of("value", real, req)),
        col<&R::qual>({.name = "qualifier", .member = "qual", .attribute = "qualifier"}),
        col<&R::unit>(of("unit", text)),
        col<&R::source>(maybe("source", text)),
    };
    return d;
}

template <class Row>
table make_table(std::string_view name) {
    table t{name, {}, {}};
    for (const auto& d : declared<Row>()) t.columns.push_back(d.col);
    return t;
}

// The file names live beside the table names so that a table's name is written once.
struct table_files {
    std::vector<table> all;
    std::vector<std::string> files;
};

const table_files& the_tables() {
    static const table_files t = [] {
        table_files out;
        out.all = {
            make_table<municipality>("municipalities"),   make_table<organization>("organizations"),
            make_table<person>("persons"),                 make_table<grant_operator>("operators"),
            make_table<programme>("programmes"),           make_table<competition>("competitions"),
            make_table<application>("applications"),      make_table<course>("courses"),
            make_table<enrolment>("enrolments"),           make_table<collegial_body>("bodies"),
            make_table<membership_term>("membership_terms"), make_table<meeting>("meetings"),
            make_table<agenda_question>("agenda_questions"), make_table<support_service>("services"),
            make_table<monitoring_record>("monitoring"),   make_table<indicator>("indicators"),
        };
        out.files.reserve(out.all.size());  // no reallocation: `file` views point into these
        for (auto& tab : out.all) out.files.push_back(std::string(tab.name) + ".csv");
        for (std::size_t i = 0; i < out.all.size(); ++i) out.all[i].file = out.files[i];
        return out;
    }();
    return t;
}

template <class Row>
std::size_t index_of();
template <> std::size_t index_of<municipality>() { return 0; }
template <> std::size_t index_of<organization>() { return 1; }
template <> std::size_t index_of<person>() { return 2; }
template <> std::size_t index_of<grant_operator>() { return 3; }
template <> std::size_t index_of<programme>() { return 4; }
template <> std::size_t index_of<competition>() { return 5; }
template <> std::size_t index_of<application>() { return 6; }
template <> std::size_t index_of<course>() { return 7; }
template <> std::size_t index_of<enrolment>() { return 8; }
template <> std::size_t index_of<collegial_body>() { return 9; }
template <> std::size_t index_of<membership_term>() { return 10; }
template <> std::size_t index_of<meeting>() { return 11; }
template <> std::size_t index_of<agenda_question>() { return 12; }
template <> std::size_t index_of<support_service>() { return 13; }
template <> std::size_t index_of<monitoring_record>() { return 14; }
template <> std::size_t index_of<indicator>() { return 15; }

}  // namespace

std::span<const table> tables() { return the_tables().all; }

const table& table_named(std::string_view name) {
    for (const auto& t : tables())
        if (t.name == name) return t;
    std::string names;
    for (const auto& t : tables()) {
        if (!names.empty()) names += ", ";
        names += t.name;
    }
    throw not_found_error("\"" + std::string(name) + "\" is not a table of a civica dataset (the tables are " +
                          names + ")");
}

template <class Row>
const table& table_of() {
    return tables()[index_of<Row>()];
}

template <class Row>
std::span<const field<Row>> fields() {
    static const std::vector<field<Row>> f = [] {
        const table& t = table_of<Row>();
        const auto& d = declared<Row>();
        std::vector<field<Row>> out;
        for (std::size_t i = 0; i < d.size(); ++i)
            out.push_back({&t.columns[i], d[i].get, d[i].set, d[i].text, d[i].texts});
        return out;
    }();
    return f;
}

template <> std::size_t row_count<municipality>(const dataset& ds) { return ds.municipalities().size(); }
template <> std::size_t row_count<organization>(const dataset& ds) { return ds.organizations().size(); }
template <> std::size_t row_count<person>(const dataset& ds) { return ds.persons().size(); }
template <> std::size_t row_count<grant_operator>(const dataset& ds) { return ds.operators().size(); }
template <> std::size_t row_count<programme>(const dataset& ds) { return ds.programmes().size(); }
template <> std::size_t row_count<competition>(const dataset& ds) { return ds.competitions().size(); }
template <> std::size_t row_count<application>(const dataset& ds) { return ds.applications().size(); }
template <> std::size_t row_count<course>(const dataset& ds) { return ds.courses().size(); }
template <> std::size_t row_count<enrolment>(const dataset& ds) { return ds.enrolments().size(); }
template <> std::size_t row_count<collegial_body>(const dataset& ds) { return ds.bodies().size(); }
template <> std::size_t row_count<membership_term>(const dataset& ds) { return ds.membership_terms().size(); }
template <> std::size_t row_count<meeting>(const dataset& ds) { return ds.meetings().size(); }
template <> std::size_t row_count<agenda_question>(const dataset& ds) { return ds.agenda_questions().size(); }
template <> std::size_t row_count<support_service>(const dataset& ds) { return ds.services().size(); }
template <> std::size_t row_count<monitoring_record>(const dataset& ds) { return ds.monitoring().size(); }
template <> std::size_t row_count<indicator>(const dataset& ds) { return ds.indicators().size(); }

template <> municipality row_at<municipality>(const dataset& ds, std::size_t i) { return ds.municipalities()[i]; }
template <> organization row_at<organization>(const dataset& ds, std::size_t i) { return ds.organizations()[i]; }
template <> person row_at<person>(const dataset& ds, std::size_t i) { return ds.persons()[i]; }
template <> grant_operator row_at<grant_operator>(const dataset& ds, std::size_t i) { return ds.operators()[i]; }
template <> programme row_at<programme>(const dataset& ds, std::size_t i) { return ds.programmes()[i]; }
template <> competition row_at<competition>(const dataset& ds, std::size_t i) { return ds.competitions()[i]; }
template <> application row_at<application>(const dataset& ds, std::size_t i) { return ds.application_at(i); }
template <> course row_at<course>(const dataset& ds, std::size_t i) { return ds.courses()[i]; }
template <> enrolment row_at<enrolment>(const dataset& ds, std::size_t i) { return ds.enrolment_at(i); }
template <> collegial_body row_at<collegial_body>(const dataset& ds, std::size_t i) { return ds.bodies()[i]; }
template <> membership_term row_at<membership_term>(const dataset& ds, std::size_t i) { return ds.membership_terms()[i]; }
template <> meeting row_at<meeting>(const dataset& ds, std::size_t i) { return ds.meetings()[i]; }
template <> agenda_question row_at<agenda_question>(const dataset& ds, std::size_t i) { return ds.agenda_question_at(i); }
template <> support_service row_at<support_service>(const dataset& ds, std::size_t i) { return ds.service_at(i); }
template <> monitoring_record row_at<monitoring_record>(const dataset& ds, std::size_t i) { return ds.monitoring()[i]; }
template <> indicator row_at<indicator>(const dataset& ds, std::size_t i) { return ds.indicators()[i]; }

// ---------------------------------------------------------------------- tables stored by column
// Where each table stored by column keeps its declared columns, by column name.

namespace {

struct stored {
    std::string_view column;
    column_data (*get)(const dataset&);
};

const stored application_storage[] = {
    {"id", [](const dataset& d) -> column_data { return &d.applications().ids(); }},
    {"competition", [](const dataset& d) -> column_data { return &d.applications().competition(); }},
    {"applicant_type", [](const dataset& d) -> column_data { return &d.applications().applicant_type(); }},
    {"applicant", [](const dataset& d) -> column_data { return &d.applications().applicant(); }},
    {"title", [](const dataset& d) -> column_data { return &d.applications().title(); }},
    {"direction", [](const dataset& d) -> column_data { return &d.applications().direction(); }},
    {"requested", [](const dataset& d) -> column_data { return &d.applications().requested(); }},
    {"cofunding", [](const dataset& d) -> column_data { return &d.applications().cofunding(); }},
    {"submitted", [](const dataset& d) -> column_data { return &d.applications().submitted(); }},
    {"status", [](const dataset& d) -> column_data { return &d.applications().status(); }},
    {"awarded", [](const dataset& d) -> column_data { return &d.applications().awarded(); }},
    {"implementation_start", [](const dataset& d) -> column_data { return &d.applications().implementation_start(); }},
    {"implementation_end", [](const dataset& d) -> column_data { return &d.applications().implementation_end(); }},
    {"decided", [](const dataset& d) -> column_data { return &d.applications().decided(); }},
    {"rate", [](const dataset& d) -> column_data { return &d.applications().rate(); }},
};
const stored enrolment_storage[] = {
    {"course", [](const dataset& d) -> column_data { return &d.enrolments().course(); }},
    {"organization", [](const dataset& d) -> column_data { return &d.enrolments().organization(); }},
    {"person", [](const dataset& d) -> column_data { return &d.enrolments().person(); }},
    {"participants", [](const dataset& d) -> column_data { return &d.enrolments().participants(); }},
    {"completed", [](const dataset& d) -> column_data { return &d.enrolments().completed(); }},
};
const stored agenda_question_storage[] = {
    {"id", [](const dataset& d) -> column_data { return &d.agenda_questions().ids(); }},
    {"meeting", [](const dataset& d) -> column_data { return &d.agenda_questions().meeting(); }},
    {"title", [](const dataset& d) -> column_data { return &d.agenda_questions().title(); }},
    {"topic", [](const dataset& d) -> column_data { return &d.agenda_questions().topic(); }},
};
const stored service_storage[] = {
    {"id", [](const dataset& d) -> column_data { return &d.services().ids(); }},
    {"provider", [](const dataset& d) -> column_data { return &d.services().provider(); }},
    {"recipient_type", [](const dataset& d) -> column_data { return &d.services().recipient_type(); }},
    {"recipient", [](const dataset& d) -> column_data { return &d.services().recipient(); }},
    {"kind", [](const dataset& d) -> column_data { return &d.services().kind(); }},
    {"date", [](const dataset& d) -> column_data { return &d.services().provided(); }},
    {"note", [](const dataset& d) -> column_data { return &d.services().note(); }},
};

std::span<const stored> storage_of(const table& t) {
    if (&t == &table_of<application>()) return application_storage;
    if (&t == &table_of<enrolment>()) return enrolment_storage;
    if (&t == &table_of<agenda_question>()) return agenda_question_storage;
    if (&t == &table_of<support_service>()) return service_storage;
    return {};
}

}  // namespace

bool stored_by_column(const table& t) { return !storage_of(t).empty(); }

std::vector<column_data> column_data_of(const dataset& ds, const table& t) {
    const auto storage = storage_of(t);
    if (storage.empty()) throw std::logic_error(std::string(t.name) + " is not stored by column");
    std::vector<column_data> out;
    for (const auto& c : t.columns) {
        const auto it = std::find_if(storage.begin(), storage.end(), [&](const stored& s) { return s.column == c.name; });
        if (it == storage.end())
            throw std::logic_error("the declared column " + std::string(t.name) + "." + std::string(c.name) +
                                   " has no storage listed (src/model/schema.cpp " + std::string(t.name) + ")");
        out.push_back(it->get(ds));
    }
    return out;
}

#define CIVICA_SCHEMA_ROW(Row)                                 \
    template const table& table_of<Row>();                     \
    template std::span<const field<Row>> fields<Row>();
CIVICA_SCHEMA_ROW(municipality)
CIVICA_SCHEMA_ROW(organization)
CIVICA_SCHEMA_ROW(person)
CIVICA_SCHEMA_ROW(grant_operator)
CIVICA_SCHEMA_ROW(programme)
CIVICA_SCHEMA_ROW(competition)
CIVICA_SCHEMA_ROW(application)
CIVICA_SCHEMA_ROW(course)
CIVICA_SCHEMA_ROW(enrolment)
CIVICA_SCHEMA_ROW(collegial_body)
CIVICA_SCHEMA_ROW(membership_term)
CIVICA_SCHEMA_ROW(meeting)
CIVICA_SCHEMA_ROW(agenda_question)
CIVICA_SCHEMA_ROW(support_service)
CIVICA_SCHEMA_ROW(monitoring_record)
CIVICA_SCHEMA_ROW(indicator)
#undef CIVICA_SCHEMA_ROW

}  // namespace civica::schema
