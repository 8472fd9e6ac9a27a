// Design notes: every add() checks all rules before touching any table, so a throwing add()
// leaves the dataset as it was. Columnar tables grow column by column after the checks pass;
// nothing between the checks and the appends can throw except allocation, and add_all()
// undoes partial work through a checkpoint of table sizes.
#include "civica/model/dataset.hpp"

#include "civica/model/detail/bulk_load.hpp"
#include "civica/model/schema.hpp"

#include "civica/core/identifiers.hpp"
#include "civica/error.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <set>
#include <tuple>

namespace civica {

void check_info(const dataset_info& info, std::string_view where) {
    for (const auto& f : dataset_info_texts)
        if (auto why = text::text_value_problem(info.*f.member, "the dataset's " + std::string(f.name)); !why.empty())
            throw validation_error(std::string(where) + (where.empty() ? "" : ": ") + why);
    check_currency_code(info.currency, where);
}

namespace {

std::string q(std::string_view s) { return "\"" + std::string(s) + "\""; }

/// A refusal of a rule with a name of its own: `check` its problem code (civica/io/check.hpp),
/// `field` the column of the table's files it is about.
[[noreturn]] void fail(std::string_view check, std::string_view field, std::string_view what, std::string_view id,
                       const std::string& why) {
    throw validation_error(std::string(check), std::string(field), std::string(what) + " " + q(id) + ": " + why);
}

void require_id(std::string_view what, std::string_view id) {
    if (id.empty()) throw validation_error("missing_value", "id", std::string(what) + " without an id");
    if (blank_id(id))
        throw validation_error("bad_value", "id", std::string(what) + " id \"" + std::string(id) +
                                                      "\" is only spaces (an id needs a character other than a space)");
}

template <class Rows>
row_index require_ref(const Rows& rows, std::string_view what, std::string_view id,
                      std::string_view field, std::string_view target, std::string_view ref) {
    if (ref.empty()) fail("missing_value", field, what, id, std::string(field) + " is required");
    const row_index r = rows.find(ref);
    if (r == no_row)
        fail("unknown_reference", field, what, id, std::string(field) + " " + q(ref) + " is not in the dataset (add the " +
                           std::string(target) + " first)");
    return r;
}

template <class Rows>
row_index optional_ref(const Rows& rows, std::string_view what, std::string_view id,
                       std::string_view field, std::string_view target, std::string_view ref) {
    if (ref.empty()) return no_row;
    return require_ref(rows, what, id, field, target, ref);
}

// An outcome (award or refusal) cannot be decided before the application was submitted.
void check_decided(std::string_view id, const date& submitted, const date& decided) {
    if (!decided.is_special() && !submitted.is_special() && decided < submitted)
        fail("end_before_start", "decided", "application", id, "decided " + format_date(decided) + " is before submitted " + format_date(submitted) +
                                    " (an outcome is decided after the application)");
}

// The Presidential Grants Fund rates winning applications only (its data description, field
// `rate`: "Рейтинг заявки: только для проектов-победителей"). NaN stands for no rating.
void check_rate(std::string_view id, application_status status, double rate) {
    if (std::isnan(rate)) return;
    if (!std::isfinite(rate) || rate < 0)
        fail("rule", "rate", "application", id, "rate " + text::number_in_message(rate) + " is not a rating (a finite number, 0 or more)");
    if (status != application_status::winner)
        fail("rule", "rate", "application", id, "has a rate but status is " + std::string(to_string(status)) +
                                    " (only winning applications are rated)");
}

// `end_column` is the column of the period's end in the table's files.
void check_period(std::string_view what, std::string_view id, std::string_view field, std::string_view end_column,
                  const period& p) {
    if (!p.valid())
        fail("end_before_start", end_column, what, id, std::string(field) + " ends " + format_date(p.end) + ", before it starts " +
                           format_date(p.start));
}

void check_money(std::string_view what, std::string_view id, std::string_view field, money m) {
    if (m.kopecks() < 0)
        fail("negative_money", field, what, id, std::string(field) + " is negative (" + m.to_string() + ")");
}

void check_year(std::string_view what, std::string_view id, std::string_view field, int year) {
    if (!in_date_years(year)) fail("bad_value", field, what, id, "year " + std::to_string(year) + " is outside " + date_years_text());
}

// The codes of an enumeration column are its declared names' positions (schema.cpp `values`):
// a code past them, cast from an integer, would be stored as is and break every writer and the
// report later. Every way in (add, the bulk load, adopt) refuses it through these.
const schema::column& declared_column(const schema::table& t, std::string_view column) {
    const schema::column* c = t.find(column);
    if (!c || c->values.empty())
        throw std::logic_error(std::string(t.name) + "." + std::string(column) + " is not a declared enumeration column");
    return *c;
}
template <class Row>
unsigned last_code(std::string_view column) {
    return static_cast<unsigned>(declared_column(schema::table_of<Row>(), column).values.size() - 1);
}
[[noreturn]] void refuse_code(std::string_view what, std::string_view id, const schema::column& c, std::string_view code) {
    std::string name(c.name);
    std::replace(name.begin(), name.end(), '_', ' ');
    fail("bad_value", c.name, what, id, "unknown " + name + " " + std::string(code));
}
void check_code(std::string_view what, std::string_view id, const schema::column& c, unsigned code) {
    if (code >= c.values.size()) refuse_code(what, id, c, std::to_string(code));
}
template <class Row>
void check_codes(const Row& row, std::string_view what, std::string_view id) {
    for (const auto& f : schema::fields<Row>()) {
        if (f.col->type != schema::column_type::enumeration) continue;
        try {
            (void)f.get(row);
        } catch (const validation_error& e) {  // enum_name's "<code> is not a … value"
            const std::string said = e.what();
            refuse_code(what, id, *f.col, said.substr(0, said.find(' ')));
        }
    }
}

// Every enumeration of a row added one by one is one of its names, every text is civica text
// (text::text_value_problem: no NUL byte, UTF-8), and every date one of the years every reader
// takes: what every format civica writes can carry and every reader reads back, so that a
// dataset built in a program saves to a file civica can open again. The columns are the
// schema's (civica/model/schema.hpp). The bulk loads (dataset_loader) check the codes through
// check_code and leave the text to their readers (civica/model/detail/bulk_load.hpp says which).
template <class Row>
void check_fields(const Row& row, std::string_view what, std::string_view id) {
    if (id.empty()) return;  // refused for that by the rules after this one, as without an id
    check_codes(row, what, id);
    auto refuse = [&](const schema::column& c, const std::string& why) {
        if (why.empty()) return;
        const std::string where = std::string(c.name) + ": " + why;
        if (!text::text_value_problem(id).empty())
            throw validation_error("bad_value", std::string(c.name), std::string(what) + " " + where);
        fail("bad_value", c.name, what, id, where);
    };
    for (const auto& f : schema::fields<Row>()) {
        if (f.text) refuse(*f.col, text::text_value_problem(f.text(row)));
        if (f.texts)
            for (const auto& s : f.texts(row)) {
                refuse(*f.col, text::text_value_problem(s));
                // A list's files write it as its items joined by '|' (docs/dataset-format.md):
                // an empty item, or one holding '|', would read back as other items.
                if (s.empty()) refuse(*f.col, "a list item is empty");
                if (s.find('|') != std::string::npos)
                    refuse(*f.col, "list item \"" + s + "\" contains '|', the list separator of civica's files");
            }
        if (f.col->type == schema::column_type::day) {
            // A date of a year no reader takes (parse_date: earliest_year..latest_year) would be
            // written by every writer to a file civica then refuses to open.
            // ±infinity is no day: every writer would write it as no date.
            const auto v = f.get(row);
            if (const date* d = std::get_if<date>(&v))
                if (const std::string why = day_outside_years(*d); !why.empty())
                    fail("bad_value", f.col->name, what, id, std::string(f.col->name) + " " + why);
        }
    }
}

}  // namespace

// ---------------------------------------------------------------- rules of one row

namespace {

// The rules of check_own_rules(application) after its enumerations, which dataset::add checks
// first (they say which table the applicant is looked up in).
void check_application_values(const application& a) {
    const auto& id = a.id.str();
    if (a.requested) check_money("application", id, "requested", *a.requested);
    check_money("application", id, "cofunding", a.cofunding);
    if (a.awarded) {
        if (a.status != application_status::winner)
            fail("awarded_not_winner", "awarded", "application", id, "awarded " + a.awarded->to_string() + " but status is " +
                                        std::string(to_string(a.status)) +
                                        " (only winners have an awarded amount)");
        check_money("application", id, "awarded", *a.awarded);
    }
    check_period("application", id, "implementation period", "implementation_end", a.implementation);
    check_decided(id, a.submitted, a.decided);
    // NaN is how the columns keep "no rate": as a rate, it would read back as none.
    if (a.rate && std::isnan(*a.rate))
        fail("rule", "rate", "application", id, "rate is NaN, not a rating (a finite number, 0 or more; none: no rate)");
    check_rate(id, a.status, a.rate ? *a.rate : std::numeric_limits<double>::quiet_NaN());
}

}  // namespace

void check_own_rules(const application& a) {
    check_codes(a, "application", a.id.str());
    check_application_values(a);
}

namespace {
// An enrolment stands for one or more people of its organisation (add(enrolment), adopt).
std::string participants_problem(int participants) {
    if (participants >= 1) return {};
    return "participants is " + std::to_string(participants) + ", must be 1 or more";
}
}  // namespace

void check_own_rules(const meeting& m) {
    const auto& id = m.id.str();
    if (m.held.is_special()) fail("missing_value", "date", "meeting", id, "has no date");
    if (m.attendance && *m.attendance < 0)
        fail("negative_value", "attendance", "meeting", id, "attendance " + std::to_string(*m.attendance) + " is below 0 (members present)");
}

void check_own_rules(const monitoring_record& r) {
    // A score is a finite number, as a figure's value is: no format writes an infinity.
    if (r.score && !std::isfinite(*r.score))
        fail("rule", "score", "monitoring of application", r.application.str(),
             "score " + text::number_in_message(*r.score) + " is not a finite number");
}

namespace {
// Whether `x` is a whole number up to the error of a decimal's nearest double and of a few
// operations on it (653007611.08 × 100 is 65300761108.000008; 0.1 * 3 * 10 is 3.0000000000000004).
bool near_whole(double x) {
    return std::fabs(x - std::nearbyint(x)) <= 1e-9 + 8 * std::numeric_limits<double>::epsilon() * std::fabs(x);
}
// A figure of the vocabulary (DOMAIN.md section 1) in its own unit.
bool in_own_unit(const indicator& ind, std::string_view unit) {
    return !default_unit(ind.key).empty() && unit == default_unit(ind.key);
}
// A figure of the vocabulary in its own unit "count" or "rank": a whole number of things, or a place.
bool counts_whole_things(const indicator& ind, std::string_view unit) {
    return (unit == "count" || unit == "rank") && in_own_unit(ind, unit);
}
}  // namespace

void check_own_rules(const indicator& ind) {
    if (ind.key.empty()) throw validation_error("missing_value", "key", "indicator without a key");
    check_year("indicator", ind.key, "year", ind.year);
    // A figure is a finite number: an infinity could be neither written nor worded.
    if (!std::isfinite(ind.value))
        fail("rule", "value", "indicator", ind.key, "value " + text::number_in_message(ind.value) + " is not a finite number");
    // A sum of money is whole kopecks (cents), as every amount of civica is: 0.125 roubles was
    // kept and read back rounded to 0.13. The figure is a double of roubles, which holds every
    // kopeck below 2^46 roubles (about 7·10^13: its step there is 1/128, so the nearest double
    // of k/100 rounds back to k); from 2^46 its step is 1/64, and 80 000 000 000 000.01 read
    // back as .02. The figure is a double, so "whole"
    // allows the error of the decimal's nearest double and of the product by 100 (a few units
    // in the last place: 653007611.08 × 100 is 65300761108.000008).
    const std::string_view unit = ind.unit.empty() ? default_unit(ind.key) : std::string_view(ind.unit);
    const std::string shown = "value " + text::number_in_message(ind.value) + " " + std::string(unit);
    // A figure of the vocabulary (DOMAIN.md section 1) in its own unit is a count of things, a
    // place or a sum raised or awarded: no count is negative or a fraction, there is no 0th
    // place, and no such sum is below zero. A rank is a place as stated, never a bound: "more
    // than 1st" would still be worded as first place. A key of the user's own may be a change
    // or an average in any unit: only the rules of every number hold for it.
    if (counts_whole_things(ind, unit)) {
        if (!near_whole(ind.value))  // up to the error a spreadsheet's formula leaves
            fail("rule", "value", "indicator", ind.key, shown + " is not a whole number");
        if (ind.value < (unit == "rank" ? 1 : 0))
            fail(unit == "rank" ? "rule" : "negative_value", "value", "indicator", ind.key,
                 shown + (unit == "rank" ? " is not a place (a rank is 1 or more)" : " is negative"));
        if (unit == "rank" && ind.qual != qualifier::exact)
            fail("rule", "qualifier", "indicator", ind.key,
                 "a rank is a place, stated exactly: qualifier " + std::string(to_string(ind.qual)) +
                     " cannot be worded (give the place with qualifier exact)");
    }
    if (is_currency_code(unit)) {
        if (in_own_unit(ind, unit) && ind.value < 0) fail("negative_money", "value", "indicator", ind.key, shown + " is negative");
        const double kopecks = ind.value * 100.0;
        if (std::fabs(ind.value) >= 70368744177664.0)  // 2^46
            fail("rule", "value", "indicator", ind.key,
                 shown + " is more than a figure holds to the kopeck (less than 2^46, 70 368 744 177 664)");
        if (!near_whole(kopecks))
            fail("rule", "value", "indicator", ind.key, shown + " has more than two decimals (money is whole kopecks)");
    }
}

// ---------------------------------------------------------------- small tables

void dataset::add(const municipality& m) {
    check_fields(m, "municipality", m.id.str());
    derived_.clear();
    require_id("municipality", m.id.str());
    if (municipalities_.contains(m.id.str())) fail("duplicate_id", "id", "municipality", m.id.str(), "duplicate id");
    if (!m.oktmo.empty() &&
        (!(m.oktmo.size() == 8 || m.oktmo.size() == 11) ||
         !std::all_of(m.oktmo.begin(), m.oktmo.end(), [](char c) { return c >= '0' && c <= '9'; })))
        fail("invalid_oktmo", "oktmo", "municipality", m.id.str(), "OKTMO " + q(m.oktmo) + " must be 8 or 11 digits");
    for (const auto& [year, n] : m.population) {
        check_year("municipality", m.id.str(), "population", year);
        if (n < 0) fail("negative_value", "population", "municipality", m.id.str(), "population of " + std::to_string(year) + " is negative");
    }
    municipalities_.insert(m);
    figure_index_fresh_ = false;  // a territory given by this name resolves to its id now
}

void dataset::add(const organization& o) {
    check_fields(o, "organization", o.id.str());
    derived_.clear();
    org_municipality_.push_back(check(o, civica::detail::hash_bytes(o.id.str())));
    try {
        organizations_.insert(o);
    } catch (...) {
        org_municipality_.pop_back();
        throw;
    }
}

void dataset::add_organizations(std::vector<organization> rows, std::size_t* bad_row) {
    derived_.clear();
    const std::size_t before = organizations_.size();
    // Each id is hashed once; the index slot of a row some way ahead is asked for early, as the
    // slots of a large table are mostly not in the processor's caches.
    std::vector<std::uint64_t> hashes(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k) hashes[k] = civica::detail::hash_bytes(rows[k].id.str());
    constexpr std::size_t ahead = 16;
    std::size_t i = 0;
    try {
        organizations_.reserve_ids(rows.size());
        org_municipality_.reserve(before + rows.size());
        for (; i < rows.size(); ++i) {
            if (i + ahead < rows.size()) organizations_.prefetch(hashes[i + ahead]);
            check_fields(rows[i], "organization", rows[i].id.str());  // as add(organization): text, dates
            org_municipality_.push_back(check(rows[i], hashes[i]));  // check refuses an id already indexed
            organizations_.index_id(rows[i].id.str(), hashes[i]);
        }
        organizations_.append(std::move(rows));
    } catch (...) {
        if (bad_row) *bad_row = i;
        organizations_.truncate(before);
        org_municipality_.resize(std::min(org_municipality_.size(), before));
        throw;
    }
}

row_index dataset::check(const organization& o, std::uint64_t h) const {
    const auto& id = o.id.str();
    require_id("organization", id);
    if (organizations_.contains(id, h)) fail("duplicate_id", "id", "organization", id, "duplicate id");
    if (o.full_name.empty() && o.short_name.empty()) fail("missing_value", "full_name", "organization", id, "has no name");
    if (!o.inn.empty()) {
        if (auto p = ids::inn_problem(o.inn); !p.empty()) fail("invalid_inn", "inn", "organization", id, p);
    }
    if (!o.ogrn.empty()) {
        if (auto p = ids::ogrn_problem(o.ogrn); !p.empty()) fail("invalid_ogrn", "ogrn", "organization", id, p);
    }
    if (!o.kpp.empty()) {
        if (auto p = ids::kpp_problem(o.kpp); !p.empty()) fail("invalid_kpp", "kpp", "organization", id, p);
    }
    if (o.okopf < 0 || o.okopf > 99999)
        fail("bad_value", "okopf", "organization", id, "ОКОПФ code " + std::to_string(o.okopf) + " is not a 5-digit code");
    for (const auto& s : o.spheres)
        if (auto p = sphere_problem(s); !p.empty()) fail("bad_value", "spheres", "organization", id, "spheres: " + p);
    return optional_ref(municipalities_, "organization", id, "municipality", "municipality", o.municipality.str());
}

void dataset::add(const person& p) {
    check_fields(p, "person", p.id.str());
    derived_.clear();
    require_id("person", p.id.str());
    if (persons_.contains(p.id.str())) fail("duplicate_id", "id", "person", p.id.str(), "duplicate id");
    optional_ref(municipalities_, "person", p.id.str(), "municipality", "municipality", p.municipality.str());
    persons_.insert(p);
}

void dataset::add(const grant_operator& g) {
    check_fields(g, "grant operator", g.id.str());
    derived_.clear();
    require_id("grant operator", g.id.str());
    if (operators_.contains(g.id.str())) fail("duplicate_id", "id", "grant operator", g.id.str(), "duplicate id");
    if (g.name.empty()) fail("missing_value", "name", "grant operator", g.id.str(), "has no name");
    optional_ref(organizations_, "grant operator", g.id.str(), "organization", "organization",
                 g.organization.str());
    operators_.insert(g);
}

void dataset::add(const programme& p) {
    check_fields(p, "programme", p.id.str());
    derived_.clear();
    require_id("programme", p.id.str());
    if (programmes_.contains(p.id.str())) fail("duplicate_id", "id", "programme", p.id.str(), "duplicate id");
    optional_ref(operators_, "programme", p.id.str(), "operator", "grant operator",
                 p.grant_operator.str());
    programmes_.insert(p);
}

void dataset::add(const competition& c) {
    check_fields(c, "competition", c.id.str());
    derived_.clear();
    const auto& id = c.id.str();
    require_id("competition", id);
    if (competitions_.contains(id)) fail("duplicate_id", "id", "competition", id, "duplicate id");
    require_ref(programmes_, "competition", id, "programme", "programme", c.programme.str());
    check_year("competition", id, "year", c.year);
    if (c.round < 1) fail("bad_value", "round", "competition", id, "round " + std::to_string(c.round) + " must be 1 or more");
    check_period("competition", id, "application window", "window_end", c.window);
    competitions_.insert(c);
}

void dataset::add(const course& c) {
    check_fields(c, "course", c.id.str());
    derived_.clear();
    const auto& id = c.id.str();
    require_id("course", id);
    if (courses_.contains(id)) fail("duplicate_id", "id", "course", id, "duplicate id");
    if (c.title.empty()) fail("missing_value", "title", "course", id, "has no title");
    if (c.hours < 0) fail("negative_value", "hours", "course", id, "hours are negative");
    optional_ref(organizations_, "course", id, "organiser", "organization", c.organiser.str());
    optional_ref(organizations_, "course", id, "partner", "organization", c.partner.str());
    check_period("course", id, "dates", "end", c.dates);
    courses_.insert(c);
}

void dataset::add(const collegial_body& b) {
    check_fields(b, "collegial body", b.id.str());
    derived_.clear();
    const auto& id = b.id.str();
    require_id("collegial body", id);
    if (bodies_.contains(id)) fail("duplicate_id", "id", "collegial body", id, "duplicate id");
    if (b.name.empty()) fail("missing_value", "name", "collegial body", id, "has no name");
    optional_ref(municipalities_, "collegial body", id, "municipality", "municipality", b.municipality.str());
    bodies_.insert(b);
}

void dataset::add(const membership_term& t) {
    check_fields(t, "membership term of", t.body.str());
    derived_.clear();
    require_ref(bodies_, "membership term of", t.body.str(), "body", "collegial body", t.body.str());
    check_period("membership term of", t.body.str(), "term", "end", t.term);
    if (t.members < 0) fail("negative_value", "members", "membership term of", t.body.str(), "members is negative");
    terms_.push_back(t);
}

void dataset::add(const meeting& m) {
    check_fields(m, "meeting", m.id.str());
    derived_.clear();
    const auto& id = m.id.str();
    require_id("meeting", id);
    if (meetings_.contains(id)) fail("duplicate_id", "id", "meeting", id, "duplicate id");
    require_ref(bodies_, "meeting", id, "body", "collegial body", m.body.str());
    check_own_rules(m);
    meetings_.insert(m);
}

void dataset::add(const monitoring_record& r) {
    check_fields(r, "monitoring of application", r.application.str());
    derived_.clear();
    const auto& id = r.application.str();
    if (applications_.ids().find(id) == no_row)
        fail("unknown_reference", "application", "monitoring of application", id, "the application is not in the dataset");
    check_own_rules(r);
    monitoring_.push_back(r);
}

// ---------------------------------------------------------------- columnar tables

void application_table::reserve(std::size_t n) {
    ids_.reserve(n > ids_.size() ? n - ids_.size() : 0);  // id_index::reserve counts keys to come
    competition_.reserve(n);
    applicant_type_.reserve(n);
    applicant_.reserve(n);
    title_.reserve(n);
    direction_.reserve(n);
    requested_.reserve(n);
    cofunding_.reserve(n);
    submitted_.reserve(n);
    status_.reserve(n);
    awarded_.reserve(n);
    impl_start_.reserve(n);
    impl_end_.reserve(n);
    decided_.reserve(n);
    rate_.reserve(n);
}

void application_table::truncate(std::size_t n) {
    if (n >= size()) return;
    ids_.truncate(n);
    competition_.resize(n);
    applicant_type_.resize(n);
    applicant_.resize(n);
    title_.truncate(n);
    direction_.truncate(n);
    requested_.resize(n);
    cofunding_.resize(n);
    submitted_.resize(n);
    status_.resize(n);
    awarded_.resize(n);
    impl_start_.resize(n);
    impl_end_.resize(n);
    decided_.resize(n);
    rate_.resize(n);
}

void enrolment_table::truncate(std::size_t n) {
    if (n >= size()) return;
    course_.resize(n);
    organization_.resize(n);
    person_.resize(n);
    participants_.resize(n);
    completed_.resize(n);
}

void agenda_table::truncate(std::size_t n) {
    if (n >= size()) return;
    ids_.truncate(n);
    meeting_.resize(n);
    title_.truncate(n);
    topic_.truncate(n);
}

void service_table::truncate(std::size_t n) {
    if (n >= size()) return;
    ids_.truncate(n);
    provider_.resize(n);
    recipient_type_.resize(n);
    recipient_.resize(n);
    kind_.resize(n);
    provided_.resize(n);
    note_.truncate(n);
}

void dataset::add(const application& a) {
    check_fields(a, "application", a.id.str());
    derived_.clear();
    const auto& id = a.id.str();
    require_id("application", id);
    auto& t = applications_;
    if (t.ids_.contains(id)) fail("duplicate_id", "id", "application", id, "duplicate id");
    const row_index comp =
        require_ref(competitions_, "application", id, "competition", "competition", a.competition.str());
    const row_index who =
        a.applicant_type == applicant_kind::organization
            ? require_ref(organizations_, "application", id, "applicant", "organization", a.applicant)
            : require_ref(persons_, "application", id, "applicant", "person", a.applicant);
    check_application_values(a);

    t.ids_.insert(id);
    t.competition_.push_back(comp);
    t.applicant_type_.push_back(static_cast<std::uint8_t>(a.applicant_type));
    t.applicant_.push_back(who);
    t.title_.push_back(a.title);
    t.direction_.push_back(a.direction);
    t.requested_.push_back(a.requested ? a.requested->kopecks() : missing_kopecks);
    t.cofunding_.push_back(a.cofunding.kopecks());
    t.submitted_.push_back(to_day_number(a.submitted));
    t.status_.push_back(static_cast<std::uint8_t>(a.status));
    t.awarded_.push_back(a.awarded ? a.awarded->kopecks() : missing_kopecks);
    t.impl_start_.push_back(to_day_number(a.implementation.start));
    t.impl_end_.push_back(to_day_number(a.implementation.end));
    t.decided_.push_back(to_day_number(a.decided));
    t.rate_.push_back(a.rate ? *a.rate : std::numeric_limits<double>::quiet_NaN());
}

void dataset::reserve_applications(std::size_t more) { applications_.reserve(applications_.size() + more); }

void dataset::add_applications(const detail::application_columns& c, std::size_t* bad_row,
                               detail::refusals* refused) {
    derived_.clear();
    const std::size_t n = c.id.size();
    const bool title_coded = !c.title_code.empty(), direction_coded = !c.direction_code.empty();
    for (std::size_t size : {title_coded ? c.title_code.size() : c.title.size(),
                             direction_coded ? c.direction_code.size() : c.direction.size(), c.competition.size(),
                             c.applicant.size(), c.applicant_type.size(), c.status.size(), c.requested.size(),
                             c.cofunding.size(), c.awarded.size(), c.submitted.size(), c.implementation_start.size(),
                             c.implementation_end.size(), c.id_hash.empty() ? n : c.id_hash.size(),
                             c.decided.empty() ? n : c.decided.size(), c.rate.empty() ? n : c.rate.size()})
        if (size != n)
            throw validation_error("add_applications: columns of different lengths (" + std::to_string(size) +
                                   " and " + std::to_string(n) + " ids)");
    for (auto [coded, codes, dict] : {std::tuple{title_coded, &c.title_code, &c.title_dictionary},
                                      std::tuple{direction_coded, &c.direction_code, &c.direction_dictionary}})
        if (coded)
            for (auto k : *codes)
                if (k >= dict->size())
                    throw validation_error("add_applications: dictionary code " + std::to_string(k) +
                                           " beyond the dictionary's " + std::to_string(dict->size()) + " entries");
    auto& t = applications_;
    // Dictionary entries become the columns' own codes once, not once per row.
    bulk_codes codes;
    if (title_coded)
        for (auto s : c.title_dictionary) codes.title.push_back(t.title_.intern(s));
    if (direction_coded)
        for (auto s : c.direction_dictionary) codes.direction.push_back(t.direction_.intern(s));
    const std::size_t before = t.size();
    std::size_t i = 0;
    try {
        // A reader that adds its rows chunk by chunk (SQLite, 64 Ki rows at a time) would move
        // every column at each chunk were the room made exactly: it grows by half at least.
        const std::size_t room = t.competition_.capacity();
        if (before + n > room) t.reserve(std::max(before + n, room + room / 2));
        // Same rules as add(application), on integers instead of row objects. Every check
        // comes before the row's first change, so a refused row leaves nothing behind.
        constexpr std::size_t ahead = 16;  // rows between a slot's prefetch and its use
        for (; i < n; ++i) {
            if (!c.id_hash.empty() && i + ahead < n) t.ids_.prefetch(c.id_hash[i + ahead]);
            if (refused) {
                const std::size_t place = refused->place.empty() ? i : refused->place[i];
                try {
                    if (!refused->ids.empty() && refused->repeats_left_out(c.id[i], place))
                        throw detail::refusals::repeat_of_left_out("application", c.id[i]);
                    add_application_row(c, i, codes);
                } catch (const validation_error& e) {
                    refused->rows.emplace_back(i, e);
                    refused->left_out(std::string(c.id[i]), place, e);
                }
            } else {
                add_application_row(c, i, codes);
            }
        }
    } catch (...) {
        if (bad_row) *bad_row = i;
        t.truncate(before);
        throw;
    }
}

void dataset::add_application_row(const detail::application_columns& c, std::size_t i, const bulk_codes& codes) {
    auto& t = applications_;
    const std::string_view id = c.id[i];
    require_id("application", id);
    static const schema::column& status = declared_column(schema::table_of<application>(), "status");
    static const schema::column& applicant_type = declared_column(schema::table_of<application>(), "applicant_type");
    check_code("application", id, status, c.status[i]);
    check_code("application", id, applicant_type, c.applicant_type[i]);
    if (c.competition[i] < 0 || static_cast<std::size_t>(c.competition[i]) >= competitions_.size())
        fail("unknown_reference", "competition", "application", id, "competition row " + std::to_string(c.competition[i]) + " is not in the dataset");
    const std::size_t who_rows = c.applicant_type[i] == 0 ? organizations_.size() : persons_.size();
    if (c.applicant[i] < 0 || static_cast<std::size_t>(c.applicant[i]) >= who_rows)
        fail("unknown_reference", "applicant", "application", id, "applicant row " + std::to_string(c.applicant[i]) + " is not in the dataset");
    if (c.requested[i] != missing_kopecks) check_money("application", id, "requested", money::from_kopecks(c.requested[i]));
    check_money("application", id, "cofunding", money::from_kopecks(c.cofunding[i]));
    if (c.awarded[i] != missing_kopecks) {
        if (c.status[i] != static_cast<std::uint8_t>(application_status::winner))
            fail("awarded_not_winner", "awarded", "application", id, "awarded " + money::from_kopecks(c.awarded[i]).to_string() +
                                        " but status is " +
                                        std::string(to_string(static_cast<application_status>(c.status[i]))) +
                                        " (only winners have an awarded amount)");
        check_money("application", id, "awarded", money::from_kopecks(c.awarded[i]));
    }
    if (c.implementation_start[i] != missing_day && c.implementation_end[i] != missing_day &&
        c.implementation_end[i] < c.implementation_start[i])
        check_period("application", id, "implementation period", "implementation_end",
                     {from_day_number(c.implementation_start[i]), from_day_number(c.implementation_end[i])});
    const day_number decided = c.decided.empty() ? missing_day : c.decided[i];
    if (decided != missing_day && c.submitted[i] != missing_day && decided < c.submitted[i])
        check_decided(id, from_day_number(c.submitted[i]), from_day_number(decided));
    const double rate = c.rate.empty() ? std::numeric_limits<double>::quiet_NaN() : c.rate[i];
    check_rate(id, static_cast<application_status>(c.status[i]), rate);
    if (!(c.id_hash.empty() ? t.ids_.insert(id) : t.ids_.insert(id, c.id_hash[i])))
        fail("duplicate_id", "id", "application", id, "duplicate id");
    t.competition_.push_back(c.competition[i]);
    t.applicant_type_.push_back(c.applicant_type[i]);
    t.applicant_.push_back(c.applicant[i]);
    if (codes.title.empty()) t.title_.push_back(c.title[i]);
    else t.title_.push_code(codes.title[c.title_code[i]]);
    if (codes.direction.empty()) t.direction_.push_back(c.direction[i]);
    else t.direction_.push_code(codes.direction[c.direction_code[i]]);
    t.requested_.push_back(c.requested[i]);
    t.cofunding_.push_back(c.cofunding[i]);
    t.submitted_.push_back(c.submitted[i]);
    t.status_.push_back(c.status[i]);
    t.awarded_.push_back(c.awarded[i]);
    t.impl_start_.push_back(c.implementation_start[i]);
    t.impl_end_.push_back(c.implementation_end[i]);
    t.decided_.push_back(decided);
    t.rate_.push_back(rate);
}

void dataset::add(const enrolment& e) {
    check_fields(e, "enrolment in course", e.course.str());
    derived_.clear();
    const std::string what = "enrolment in course";
    const row_index c = require_ref(courses_, what, e.course.str(), "course", "course", e.course.str());
    const row_index o = optional_ref(organizations_, what, e.course.str(), "organization",
                                     "organization", e.organization.str());
    const row_index p =
        optional_ref(persons_, what, e.course.str(), "person", "person", e.person.str());
    if (o == no_row && p == no_row)
        fail("missing_value", "organization", what, e.course.str(), "names neither an organization nor a person");
    if (const std::string why = participants_problem(e.participants); !why.empty())
        fail("bad_value", "participants", what, e.course.str(), why);
    auto& t = enrolments_;
    t.course_.push_back(c);
    t.organization_.push_back(o);
    t.person_.push_back(p);
    t.participants_.push_back(e.participants);
    t.completed_.push_back(e.completed ? 1 : 0);
}

void dataset::add(const agenda_question& aq) {
    check_fields(aq, "agenda question", aq.id.str());
    derived_.clear();
    const auto& id = aq.id.str();
    require_id("agenda question", id);
    auto& t = agenda_;
    if (t.ids_.contains(id)) fail("duplicate_id", "id", "agenda question", id, "duplicate id");
    const row_index m =
        require_ref(meetings_, "agenda question", id, "meeting", "meeting", aq.meeting.str());
    t.ids_.insert(id);
    t.meeting_.push_back(m);
    t.title_.push_back(aq.title);
    t.topic_.push_back(aq.topic);
}

void dataset::add(const support_service& s) {
    check_fields(s, "support service", s.id.str());
    derived_.clear();
    const auto& id = s.id.str();
    require_id("support service", id);
    auto& t = services_;
    if (t.ids_.contains(id)) fail("duplicate_id", "id", "support service", id, "duplicate id");
    const row_index prov =
        optional_ref(organizations_, "support service", id, "provider", "organization", s.provider.str());
    const row_index rec =
        s.recipient_type == applicant_kind::organization
            ? require_ref(organizations_, "support service", id, "recipient", "organization", s.recipient)
            : require_ref(persons_, "support service", id, "recipient", "person", s.recipient);
    if (s.provided.is_special()) fail("missing_value", "date", "support service", id, "has no date");
    t.ids_.insert(id);
    t.provider_.push_back(prov);
    t.recipient_type_.push_back(static_cast<std::uint8_t>(s.recipient_type));
    t.recipient_.push_back(rec);
    t.kind_.push_back(static_cast<std::uint8_t>(s.kind));
    t.provided_.push_back(to_day_number(s.provided));
    t.note_.push_back(s.note);
}

// ---------------------------------------------------------------- indicators

std::string dataset::resolve_territory(std::string_view territory) const {
    const std::string_view t = territory.empty() ? std::string_view(info_.territory) : territory;
    if (t.empty() || municipalities_.contains(t)) return std::string(t);
    for (const auto& m : municipalities_)
        if (m.name == t) return m.id.str();
    for (const auto& m : municipalities_)  // the English name, as an English report names it
        if (!m.name_en.empty() && m.name_en == t) return m.id.str();
    return std::string(t);
}

bool dataset::knows_territory(std::string_view territory) const {
    const std::string t = resolve_territory(territory);
    if (t.empty() || t == resolve_territory({}) || municipalities_.contains(t)) return true;
    return std::any_of(indicators_.begin(), indicators_.end(),
                       [&](const indicator& i) { return resolve_territory(i.territory) == t; });
}

std::string dataset::require_territory(std::string_view territory) const {
    if (!knows_territory(territory)) {
        std::string have;
        // The names it could have meant: the own territory, the municipalities' ids and
        // names, the territories of the published figures.
        std::vector<std::string_view> known;
        if (!info_.territory.empty()) known.push_back(info_.territory);
        for (const auto& m : municipalities_) {
            have += (have.empty() ? "" : ", ") + m.id.str() + " (" + m.name + ")";
            known.push_back(m.id.str());
            if (!m.name.empty()) known.push_back(m.name);
            if (!m.name_en.empty()) known.push_back(m.name_en);
        }
        for (const auto& i : indicators_)
            if (!i.territory.empty()) known.push_back(i.territory);
        const std::string close = text::closest_name(territory, known);
        throw not_found_error("territory " + q(territory) + " is not in dataset " + q(info_.name) +
                              (close.empty() ? std::string() : " (did you mean " + q(close) + "?)") +
                              (have.empty() ? std::string(" (it has no municipalities)") : "; it has: " + have));
    }
    return resolve_territory(territory);
}

void dataset::set_indicator(indicator ind) {
    check_fields(ind, "indicator", ind.key);
    derived_.clear();
    // The unit is filled in first, so that the figure is checked as it is kept and written (a
    // figure taken with no unit and refused when read back with the one written would make a
    // file civica cannot open).
    if (ind.unit.empty()) ind.unit = std::string(default_unit(ind.key));
    if (ind.unit.empty()) ind.unit = "count";
    check_own_rules(ind);
    // Whole as the rules allow it, and kept whole: a place of 1.0000000000000002 from a formula
    // is first place.
    if (counts_whole_things(ind, ind.unit)) ind.value = std::nearbyint(ind.value);
    // The figure replaces every figure of its identity (a file may hold one written with and
    // one without the territory); it takes the place of the first. Whatever can fail (making
    // the index, the identity, room) comes before the figures change.
    if (!figure_index_current()) index_figures();
    std::string identity = figure_identity(ind.key, ind.year, ind.territory, ind.breakdown);
    const auto at = figure_index_.find(identity);
    if (at == figure_index_.end()) {
        const auto slot = figure_index_.emplace(std::move(identity), indicators_.size()).first;
        try {
            indicators_.push_back(std::move(ind));
        } catch (...) {
            figure_index_.erase(slot);
            throw;
        }
        return;
    }
    const std::size_t first = at->second;
    // Figures of this identity after the first, held since before it was one (a municipality
    // added, the dataset's territory set since): merged into it.
    std::vector<char> merged;
    if (figure_index_merges_ != 0) {
        merged.assign(indicators_.size(), 0);
        for (std::size_t k = first + 1; k < indicators_.size(); ++k) {
            const auto& i = indicators_[k];
            merged[k] = figure_identity(i.key, i.year, i.territory, i.breakdown) == identity;
        }
    }
    indicators_[first] = std::move(ind);
    if (std::find(merged.begin(), merged.end(), 1) == merged.end()) return;
    std::size_t kept = first + 1;
    for (std::size_t k = first + 1; k < indicators_.size(); ++k)
        if (!merged[k]) {
            if (kept != k) indicators_[kept] = std::move(indicators_[k]);
            ++kept;
        }
    indicators_.erase(indicators_.begin() + static_cast<std::ptrdiff_t>(kept), indicators_.end());
    figure_index_fresh_ = false;  // the figures moved: the index is made again when next needed
}

std::string dataset::figure_identity(std::string_view key, int year, std::string_view territory,
                                     std::string_view breakdown) const {
    return figure_key(key, year, resolve_territory(territory), breakdown);
}

void dataset::index_figures() {
    figure_index_fresh_ = false;  // until it is whole
    figure_index_.clear();
    figure_index_merges_ = 0;
    figure_index_.reserve(indicators_.size());
    for (std::size_t k = 0; k < indicators_.size(); ++k) {
        const auto& i = indicators_[k];
        if (!figure_index_.emplace(figure_identity(i.key, i.year, i.territory, i.breakdown), k).second)
            ++figure_index_merges_;
    }
    figure_index_fresh_ = true;
    figure_index_territory_ = info_.territory;
}

const indicator* dataset::find_indicator(std::string_view key, int year, std::string_view territory,
                                         std::string_view breakdown) const {
    if (figure_index_usable()) {
        const auto at = figure_index_.find(figure_identity(key, year, territory, breakdown));
        return at == figure_index_.end() ? nullptr : &indicators_[at->second];
    }
    const std::string where = resolve_territory(territory);
    const indicator* found = nullptr;
    for (const auto& i : indicators_) {
        if (i.key != key || i.year != year || i.breakdown != breakdown) continue;
        if (i.territory == territory) return &i;
        if (!found && resolve_territory(i.territory) == where) found = &i;
    }
    return found;
}

const indicator& dataset::get_indicator(std::string_view key, int year, std::string_view territory,
                                        std::string_view breakdown) const {
    if (const indicator* i = find_indicator(key, year, territory, breakdown)) return *i;
    std::set<std::string> have;
    for (const auto& i : indicators_)
        if (i.key == key)
            have.insert(std::to_string(i.year) + (i.territory.empty() ? "" : " " + i.territory) +
                        (i.breakdown.empty() ? "" : " [" + i.breakdown + "]"));
    std::string msg = "no indicator " + q(key) + " for " + std::to_string(year);
    if (!territory.empty()) msg += " in " + q(territory);
    if (!breakdown.empty()) msg += " with breakdown " + q(breakdown);
    if (have.empty()) {
        msg += "; the dataset has no figures for this key";
        // A misspelt key: the closest of those the dataset holds and those civica knows, when it
        // differs in one part and that part is close ("ngo.registred"); a key civica knows is no
        // misspelling, and "grants.municipal.winners" is not one of "grants.individual.winners".
        const auto& known = known_indicator_keys();
        if (std::none_of(known.begin(), known.end(), [&](const auto& k) { return k.key == key; })) {
            std::vector<std::string_view> keys;
            for (const auto& i : indicators_) keys.push_back(i.key);
            for (const auto& k : known) keys.push_back(k.key);
            const std::string close = text::closest_name(key, keys);
            // Parts joined by '-', '_' or a space are the parts of a key too ("ngo_registered").
            std::string dotted(key);
            std::replace_if(dotted.begin(), dotted.end(), [](char c) { return c == '-' || c == '_' || c == ' '; }, '.');
            const auto mine = text::split(dotted, '.'), theirs = text::split(close, '.');
            std::vector<std::size_t> differ;
            for (std::size_t i = 0; i < mine.size() && mine.size() == theirs.size(); ++i)
                if (mine[i] != theirs[i]) differ.push_back(i);
            const bool one_part_off = differ.size() == 1 &&
                !text::closest_name(mine[differ[0]], std::span<const std::string_view>(&theirs[differ[0]], 1)).empty();
            if (!close.empty() && mine.size() == theirs.size() && (differ.empty() || one_part_off))
                msg += "; did you mean " + q(close) + "?";
        }
    } else {
        msg += "; it has: ";
        bool first = true;
        for (const auto& h : have) {
            if (!first) msg += ", ";
            msg += h;
            first = false;
        }
    }
    throw not_found_error(msg);
}

// ---------------------------------------------------------------- whole tables from a store

// A table adopted whole comes from civica's own store, whose checksum proves civica wrote it:
// its values are not checked row by row again (money, periods), but everything that keeps
// the dataset safe to use is: equal column lengths, unique non-empty ids, enumeration codes in
// range, and every reference a row of the table it points into.
namespace {

template <class T>
void require_rows(std::string_view table, std::string_view column, const std::vector<T>& c, std::size_t n) {
    if (c.size() != n)
        throw validation_error(std::string(table) + ": column " + std::string(column) + " has " +
                               std::to_string(c.size()) + " rows, the table " + std::to_string(n));
}

void require_codes(std::string_view table, std::string_view column, const std::vector<std::uint8_t>& c,
                   unsigned last) {
    for (std::size_t i = 0; i < c.size(); ++i)
        if (c[i] > last)
            throw validation_error(std::string(table) + " row " + std::to_string(i) + ": " + std::string(column) +
                                   " code " + std::to_string(c[i]) + " is not one of 0.." + std::to_string(last));
}

void require_rows_of(std::string_view table, std::string_view column, const std::vector<row_index>& refs,
                     std::size_t target_rows, bool optional, std::string_view target) {
    for (std::size_t i = 0; i < refs.size(); ++i) {
        const row_index r = refs[i];
        if ((r == no_row && optional) || (r >= 0 && static_cast<std::size_t>(r) < target_rows)) continue;
        throw validation_error(std::string(table) + " row " + std::to_string(i) + ": " + std::string(column) +
                               " points at row " + std::to_string(r) + " of the " + std::to_string(target_rows) +
                               " " + std::string(target) + (optional ? " (or -1 for none)" : ""));
    }
}

// The applicant (recipient) of each row: a row of organisations or of persons by its type.
void require_parties(std::string_view table, std::string_view column, const std::vector<std::uint8_t>& type,
                     const std::vector<row_index>& refs, std::size_t organizations, std::size_t persons) {
    for (std::size_t i = 0; i < refs.size(); ++i) {
        const bool org = type[i] == static_cast<std::uint8_t>(applicant_kind::organization);
        const std::size_t rows = org ? organizations : persons;
        if (refs[i] < 0 || static_cast<std::size_t>(refs[i]) >= rows)
            throw validation_error(std::string(table) + " row " + std::to_string(i) + ": " + std::string(column) +
                                   " points at row " + std::to_string(refs[i]) + " of the " +
                                   std::to_string(rows) + (org ? " organizations" : " persons"));
    }
}

void require_ids(std::string_view table, const id_index& ids) {
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (blank_id(ids[i]))
            throw validation_error(std::string(table) + " row " + std::to_string(i) +
                                   (ids[i].empty() ? " has no id" : " has an id of spaces only"));
}

// "applications row 5 (id "a-5")": the place of a row in a message, its id named when it is text.
std::string row_named(std::string_view table, std::size_t row, const id_index* ids) {
    std::string where = std::string(table) + " row " + std::to_string(row);
    if (ids && row < ids->size() && text::text_value_problem((*ids)[row]).empty())
        where += " (id \"" + std::string((*ids)[row]) + "\")";
    return where;
}

// What add() refuses in a text field (check_fields: text_value_problem, UTF-8 without a NUL
// byte), checked once per string of a stored column: the whole buffer at once, and that no
// string starts inside a character, which together make every string UTF-8. `codes` are the
// rows' codes of a dictionary column, to name a row that holds a bad string; without them,
// string i is row i's (a table's ids).
void require_text(std::string_view table, std::string_view column, const string_pool& pool,
                  const std::vector<std::int32_t>* codes, const id_index* ids) {
    const auto& chars = pool.chars();
    const auto& offsets = pool.offsets();
    bool clean = text::text_value_problem(std::string_view(chars.data(), chars.size())).empty();
    for (std::size_t i = 0; clean && i + 1 < offsets.size(); ++i)
        clean = offsets[i] >= chars.size() || (static_cast<unsigned char>(chars[offsets[i]]) & 0xC0) != 0x80;
    if (clean) return;
    for (std::size_t e = 0; e < pool.size(); ++e) {
        const std::string why = text::text_value_problem(pool[e]);
        if (why.empty()) continue;
        std::size_t row = e;
        if (codes) row = static_cast<std::size_t>(std::find(codes->begin(), codes->end(), static_cast<std::int32_t>(e)) - codes->begin());
        throw validation_error("bad_value", std::string(column),
                               (codes && row == codes->size() ? std::string(table) + " " + std::string(column) + " entry " + std::to_string(e)
                                                              : row_named(table, row, ids)) +
                                   ": " + std::string(column) + ": " + why);
    }
}

// A stored day is no date or a day of a year every reader takes (check_fields: day_outside_years).
void require_days(std::string_view table, std::string_view column, const std::vector<day_number>& days,
                  const id_index* ids) {
    constexpr day_number first = days_from_civil(earliest_year, 1, 1), last = days_from_civil(latest_year, 12, 31);
    for (std::size_t i = 0; i < days.size(); ++i)
        if (days[i] != missing_day && (days[i] < first || days[i] > last))
            throw validation_error("bad_value", std::string(column),
                                   row_named(table, i, ids) + ": " + std::string(column) + " day number " +
                                       std::to_string(days[i]) + " is not a day of the years " + date_years_text());
}

void require_empty(std::string_view table, std::size_t rows) {
    if (rows != 0) throw validation_error(std::string(table) + ": a whole table is taken only by an empty one");
}

}  // namespace

void dataset::adopt(application_table&& t) {
    derived_.clear();
    constexpr std::string_view name = "applications";
    require_empty(name, applications_.size());
    const std::size_t n = t.ids_.size();
    require_ids(name, t.ids_);
    require_rows(name, "competition", t.competition_, n);
    require_rows(name, "applicant_type", t.applicant_type_, n);
    require_rows(name, "applicant", t.applicant_, n);
    require_rows(name, "title", t.title_.codes(), n);
    require_rows(name, "direction", t.direction_.codes(), n);
    require_rows(name, "requested", t.requested_, n);
    require_rows(name, "cofunding", t.cofunding_, n);
    require_rows(name, "submitted", t.submitted_, n);
    require_rows(name, "status", t.status_, n);
    require_rows(name, "awarded", t.awarded_, n);
    require_rows(name, "implementation_start", t.impl_start_, n);
    require_rows(name, "implementation_end", t.impl_end_, n);
    require_rows(name, "decided", t.decided_, n);
    require_rows(name, "rate", t.rate_, n);
    require_codes(name, "status", t.status_, last_code<application>("status"));
    require_codes(name, "applicant_type", t.applicant_type_, last_code<application>("applicant_type"));
    require_rows_of(name, "competition", t.competition_, competitions_.size(), false, "competitions");
    require_parties(name, "applicant", t.applicant_type_, t.applicant_, organizations_.size(), persons_.size());
    // Each row's own rules, as add(application) checks them (a store's checksum tells a damaged
    // file, not one made to pass it): its text, its days, then its values.
    require_text(name, "id", t.ids_.keys(), nullptr, nullptr);
    require_text(name, "title", t.title_.dictionary(), &t.title_.codes(), &t.ids_);
    require_text(name, "direction", t.direction_.dictionary(), &t.direction_.codes(), &t.ids_);
    require_days(name, "submitted", t.submitted_, &t.ids_);
    require_days(name, "implementation_start", t.impl_start_, &t.ids_);
    require_days(name, "implementation_end", t.impl_end_, &t.ids_);
    require_days(name, "decided", t.decided_, &t.ids_);
    application a;  // one row's values at a time: no text is copied
    for (std::size_t i = 0; i < n; ++i) {
        a.requested = t.requested_[i] == missing_kopecks ? std::nullopt : std::optional(money::from_kopecks(t.requested_[i]));
        a.cofunding = money::from_kopecks(t.cofunding_[i]);
        a.awarded = t.awarded_[i] == missing_kopecks ? std::nullopt : std::optional(money::from_kopecks(t.awarded_[i]));
        a.status = static_cast<application_status>(t.status_[i]);
        a.submitted = from_day_number(t.submitted_[i]);
        a.implementation = {from_day_number(t.impl_start_[i]), from_day_number(t.impl_end_[i])};
        a.decided = from_day_number(t.decided_[i]);
        a.rate = std::isnan(t.rate_[i]) ? std::nullopt : std::optional(t.rate_[i]);
        try {
            check_application_values(a);
        } catch (const validation_error&) {
            a.id = application_id(std::string(t.ids_[i]));  // checked again, for a message that names it
            try {
                check_application_values(a);
            } catch (const validation_error& e) {
                throw validation_error(e.check(), e.field(), std::string(name) + " row " + std::to_string(i) + ": " + e.what());
            }
            throw;
        }
    }
    applications_ = std::move(t);
}

void dataset::adopt(enrolment_table&& t) {
    derived_.clear();
    constexpr std::string_view name = "enrolments";
    require_empty(name, enrolments_.size());
    const std::size_t n = t.course_.size();
    require_rows(name, "organization", t.organization_, n);
    require_rows(name, "person", t.person_, n);
    require_rows(name, "participants", t.participants_, n);
    require_rows(name, "completed", t.completed_, n);
    require_codes(name, "completed", t.completed_, 1);
    require_rows_of(name, "course", t.course_, courses_.size(), false, "courses");
    require_rows_of(name, "organization", t.organization_, organizations_.size(), true, "organizations");
    require_rows_of(name, "person", t.person_, persons_.size(), true, "persons");
    for (std::size_t i = 0; i < n; ++i) {
        if (t.organization_[i] == no_row && t.person_[i] == no_row)
            throw validation_error("enrolments row " + std::to_string(i) + " names neither an organization nor a person");
        if (const std::string why = participants_problem(t.participants_[i]); !why.empty())
            throw validation_error("bad_value", "participants", "enrolments row " + std::to_string(i) + ": " + why);
    }
    enrolments_ = std::move(t);
}

void dataset::adopt(agenda_table&& t) {
    derived_.clear();
    constexpr std::string_view name = "agenda questions";
    require_empty(name, agenda_.size());
    const std::size_t n = t.ids_.size();
    require_ids(name, t.ids_);
    require_rows(name, "meeting", t.meeting_, n);
    require_rows(name, "title", t.title_.codes(), n);
    require_rows(name, "topic", t.topic_.codes(), n);
    require_rows_of(name, "meeting", t.meeting_, meetings_.size(), false, "meetings");
    require_text(name, "id", t.ids_.keys(), nullptr, nullptr);
    require_text(name, "title", t.title_.dictionary(), &t.title_.codes(), &t.ids_);
    require_text(name, "topic", t.topic_.dictionary(), &t.topic_.codes(), &t.ids_);
    agenda_ = std::move(t);
}

void dataset::adopt(service_table&& t) {
    derived_.clear();
    constexpr std::string_view name = "support services";
    require_empty(name, services_.size());
    const std::size_t n = t.ids_.size();
    require_ids(name, t.ids_);
    require_rows(name, "provider", t.provider_, n);
    require_rows(name, "recipient_type", t.recipient_type_, n);
    require_rows(name, "recipient", t.recipient_, n);
    require_rows(name, "kind", t.kind_, n);
    require_rows(name, "provided", t.provided_, n);
    require_rows(name, "note", t.note_.codes(), n);
    require_codes(name, "recipient_type", t.recipient_type_, last_code<support_service>("recipient_type"));
    require_codes(name, "kind", t.kind_, last_code<support_service>("kind"));
    require_rows_of(name, "provider", t.provider_, organizations_.size(), true, "organizations");
    require_parties(name, "recipient", t.recipient_type_, t.recipient_, organizations_.size(), persons_.size());
    for (std::size_t i = 0; i < n; ++i)
        if (t.provided_[i] == missing_day)
            throw validation_error("support services row " + std::to_string(i) + " has no date");
    require_days(name, "provided", t.provided_, &t.ids_);
    require_text(name, "id", t.ids_.keys(), nullptr, nullptr);
    require_text(name, "note", t.note_.dictionary(), &t.note_.codes(), &t.ids_);
    services_ = std::move(t);
}

// ---------------------------------------------------------------- row views and look-ups

application dataset::application_at(std::size_t r) const {
    const auto& t = applications_;
    if (r >= t.size()) throw not_found_error("application row " + std::to_string(r) + " out of range");
    application a;
    a.id = application_id(t.ids()[r]);
    a.competition = competitions_[static_cast<std::size_t>(t.competition()[r])].id;
    a.applicant_type = static_cast<applicant_kind>(t.applicant_type()[r]);
    a.applicant = a.applicant_type == applicant_kind::organization
                      ? organizations_[static_cast<std::size_t>(t.applicant()[r])].id.str()
                      : persons_[static_cast<std::size_t>(t.applicant()[r])].id.str();
    a.title = t.title()[r];
    a.direction = t.direction()[r];
    if (t.requested()[r] != missing_kopecks) a.requested = money::from_kopecks(t.requested()[r]);
    a.cofunding = money::from_kopecks(t.cofunding()[r]);
    a.submitted = from_day_number(t.submitted()[r]);
    a.status = static_cast<application_status>(t.status()[r]);
    if (t.awarded()[r] != missing_kopecks) a.awarded = money::from_kopecks(t.awarded()[r]);
    a.implementation = {from_day_number(t.implementation_start()[r]),
                        from_day_number(t.implementation_end()[r])};
    a.decided = from_day_number(t.decided()[r]);
    if (!std::isnan(t.rate()[r])) a.rate = t.rate()[r];
    return a;
}

enrolment dataset::enrolment_at(std::size_t r) const {
    const auto& t = enrolments_;
    if (r >= t.size()) throw not_found_error("enrolment row " + std::to_string(r) + " out of range");
    enrolment e;
    e.course = courses_[static_cast<std::size_t>(t.course()[r])].id;
    if (t.organization()[r] != no_row)
        e.organization = organizations_[static_cast<std::size_t>(t.organization()[r])].id;
    if (t.person()[r] != no_row) e.person = persons_[static_cast<std::size_t>(t.person()[r])].id;
    e.participants = t.participants()[r];
    e.completed = t.completed()[r] != 0;
    return e;
}

agenda_question dataset::agenda_question_at(std::size_t r) const {
    const auto& t = agenda_;
    if (r >= t.size()) throw not_found_error("agenda question row " + std::to_string(r) + " out of range");
    agenda_question aq;
    aq.id = agenda_question_id(t.ids()[r]);
    aq.meeting = meetings_[static_cast<std::size_t>(t.meeting()[r])].id;
    aq.title = t.title()[r];
    aq.topic = t.topic()[r];
    return aq;
}

support_service dataset::service_at(std::size_t r) const {
    const auto& t = services_;
    if (r >= t.size()) throw not_found_error("support service row " + std::to_string(r) + " out of range");
    support_service s;
    s.id = service_id(t.ids()[r]);
    if (t.provider()[r] != no_row) s.provider = organizations_[static_cast<std::size_t>(t.provider()[r])].id;
    s.recipient_type = static_cast<applicant_kind>(t.recipient_type()[r]);
    s.recipient = s.recipient_type == applicant_kind::organization
                      ? organizations_[static_cast<std::size_t>(t.recipient()[r])].id.str()
                      : persons_[static_cast<std::size_t>(t.recipient()[r])].id.str();
    s.kind = static_cast<support_kind>(t.kind()[r]);
    s.provided = from_day_number(t.provided()[r]);
    s.note = t.note()[r];
    return s;
}

namespace {
template <class Rows>
const auto& get_row(const Rows& rows, std::string_view what, std::string_view id) {
    const row_index r = rows.find(id);
    if (r == no_row) throw not_found_error(std::string(what) + " " + q(id) + " is not in the dataset");
    return rows[static_cast<std::size_t>(r)];
}
}  // namespace

const municipality& dataset::get(const municipality_id& id) const { return get_row(municipalities_, "municipality", id.str()); }
const organization& dataset::get(const organization_id& id) const { return get_row(organizations_, "organization", id.str()); }
const person& dataset::get(const person_id& id) const { return get_row(persons_, "person", id.str()); }
const competition& dataset::get(const competition_id& id) const { return get_row(competitions_, "competition", id.str()); }
const programme& dataset::get(const programme_id& id) const { return get_row(programmes_, "programme", id.str()); }
const collegial_body& dataset::get(const body_id& id) const { return get_row(bodies_, "collegial body", id.str()); }

std::size_t dataset::total_rows() const noexcept {
    return municipalities_.size() + organizations_.size() + persons_.size() + operators_.size() +
           programmes_.size() + competitions_.size() + applications_.size() + courses_.size() +
           enrolments_.size() + bodies_.size() + terms_.size() + meetings_.size() + agenda_.size() +
           services_.size() + monitoring_.size() + indicators_.size();
}

std::vector<int> dataset::years() const {
    std::set<int> ys;
    for (const auto& c : competitions_) ys.insert(c.year);
    for (const auto& m : meetings_) ys.insert(m.held.year());
    for (const auto& i : indicators_) ys.insert(i.year);
    for (const auto& c : courses_)
        if (c.dates.has_start()) ys.insert(c.dates.start.year());
    return {ys.begin(), ys.end()};
}

// ---------------------------------------------------------------- equality and rollback


bool operator==(const dataset& a, const dataset& b) {
    if (!(a.info_ == b.info_ && a.municipalities_ == b.municipalities_ &&
          a.organizations_ == b.organizations_ && a.persons_ == b.persons_ &&
          a.operators_ == b.operators_ && a.programmes_ == b.programmes_ &&
          a.competitions_ == b.competitions_ && a.courses_ == b.courses_ &&
          a.bodies_ == b.bodies_ && a.terms_ == b.terms_ && a.meetings_ == b.meetings_ &&
          a.monitoring_ == b.monitoring_ && a.indicators_ == b.indicators_))
        return false;
    if (a.applications_.size() != b.applications_.size() ||
        a.enrolments_.size() != b.enrolments_.size() ||
        a.agenda_.size() != b.agenda_.size() || a.services_.size() != b.services_.size())
        return false;
    for (std::size_t i = 0; i < a.applications_.size(); ++i)
        if (!(a.application_at(i) == b.application_at(i))) return false;
    for (std::size_t i = 0; i < a.enrolments_.size(); ++i)
        if (!(a.enrolment_at(i) == b.enrolment_at(i))) return false;
    for (std::size_t i = 0; i < a.agenda_.size(); ++i)
        if (!(a.agenda_question_at(i) == b.agenda_question_at(i))) return false;
    for (std::size_t i = 0; i < a.services_.size(); ++i)
        if (!(a.service_at(i) == b.service_at(i))) return false;
    return true;
}

dataset::checkpoint dataset::mark() const {
    return {municipalities_.size(), organizations_.size(), persons_.size(), operators_.size(),
            programmes_.size(),     competitions_.size(),  applications_.size(), courses_.size(),
            enrolments_.size(),     bodies_.size(),        terms_.size(),      meetings_.size(),
            agenda_.size(),         services_.size(),      monitoring_.size(), indicators_};
}

void dataset::rollback(const checkpoint& c) {
    derived_.clear();
    monitoring_.resize(std::min(monitoring_.size(), c.monitoring));
    services_.truncate(c.services);
    agenda_.truncate(c.agenda);
    meetings_.truncate(c.meetings);
    terms_.resize(std::min(terms_.size(), c.terms));
    bodies_.truncate(c.bodies);
    enrolments_.truncate(c.enrolments);
    courses_.truncate(c.courses);
    applications_.truncate(c.applications);
    competitions_.truncate(c.competitions);
    programmes_.truncate(c.programmes);
    operators_.truncate(c.operators);
    persons_.truncate(c.persons);
    organizations_.truncate(c.organizations);
    org_municipality_.resize(std::min(org_municipality_.size(), c.organizations));
    municipalities_.truncate(c.municipalities);
    indicators_ = c.indicators;
    figure_index_fresh_ = false;
}

}  // namespace civica
