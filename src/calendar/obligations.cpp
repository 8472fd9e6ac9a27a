#include "civica/calendar/obligations.hpp"

#include "civica/error.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"
#include "text_util.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <utility>

namespace civica::calendar {

// ---- small enums --------------------------------------------------------------------------

std::string_view to_string(tax_regime r) { return r == tax_regime::usn ? "usn" : "osn"; }

tax_regime parse_tax_regime(std::string_view t) {
    if (t == "usn" || t == "USN" || t == "усн" || t == "УСН") return tax_regime::usn;
    if (t == "osn" || t == "OSN" || t == "осн" || t == "ОСН") return tax_regime::osn;
    throw validation_error("tax regime \"" + std::string(t) + "\": use \"usn\" or \"osn\"");
}

std::string_view to_string(period_kind k) {
    switch (k) {
        case period_kind::month: return "month";
        case period_kind::quarter: return "quarter";
        case period_kind::year: return "year";
        case period_kind::event: return "event";
        case period_kind::grant: return "grant";
    }
    return "?";
}

// ---- profile and grants -------------------------------------------------------------------

ngo_profile ngo_profile::default_profile() {
    ngo_profile p;
    p.name = "АНО (пример)";
    p.legal_form = 71400;  // автономная некоммерческая организация
    p.socially_oriented = true;
    p.employees = 3;
    p.tax = tax_regime::usn;
    p.annual_income = money::from_rubles(1'500'000);
    return p;
}

void check_grant_count(std::string_view who, std::string_view field, long long value, int low, int high) {
    if (value < low || value > high)
        throw validation_error(std::string(who) + ": " + std::string(field) + " must be a whole number from " +
                               std::to_string(low) + " to " + std::to_string(high) + ", not " +
                               std::to_string(value));
}

std::string grant_agreement::named() const { return "grant \"" + (id.empty() ? title : id) + "\""; }

std::vector<period> grant_agreement::periods() const {
    const std::string who = named();
    check_grant_count(who, "report_days", report_days, 0, max_report_days);
    check_grant_count(who, "final_report_days", final_report_days, 0, max_report_days);
    // The years civica's dates take: a grant of 1401 or one ending in 9999 would reach Boost's
    // own range errors, or past it, when its deadlines are counted.
    const auto check_day = [&](const date& d, const char* what) {
        if (const std::string why = day_outside_years(d); !why.empty())
            throw validation_error(who + ": " + what + " " + why);
    };
    check_day(start, "the start");
    check_day(end, "the end");
    if (!reporting_periods.empty()) {
        date prev_end;
        for (const auto& p : reporting_periods) {
            check_day(p.start, "a reporting period's start");
            check_day(p.end, "a reporting period's end");
            if (!p.has_start() || !p.has_end() || !p.valid())
                throw validation_error(who + ": a reporting period needs a start and an end "
                                             "not before the start");
            if (!prev_end.is_not_a_date() && !(prev_end < p.start))
                throw validation_error(who + ": reporting periods overlap or are out of order (" +
                                       format_date(p.start) + ")");
            // A project's reports are of its own days.
            if (!start.is_not_a_date() && p.start < start)
                throw validation_error(who + ": the reporting period " + format_date(p.start) + ".." + format_date(p.end) +
                                       " begins before the project's start " + format_date(start));
            if (!end.is_not_a_date() && end < p.end)
                throw validation_error(who + ": the reporting period " + format_date(p.start) + ".." + format_date(p.end) +
                                       " ends after the project's end " + format_date(end));
            prev_end = p.end;
        }
        return reporting_periods;
    }
    if (start.is_not_a_date() || end.is_not_a_date() || end < start)
        throw validation_error(who + ": needs a start and an end date (end not before start)");
    if (period_months <= 0)
        throw validation_error(who + ": give reporting_periods or a positive period_months");
    check_grant_count(who, "period_months", period_months, 1, max_period_months);
    // A term in months counted from the day before the start (Civil Code art. 191) ends on that
    // day's number in its last month, or on the month's last day when it has no such number
    // (art. 192 p.3); counted from a month's last day (a start on the 1st), on the last day.
    // Every period's end is counted from the start, not from the period before, so that a
    // start on the 30th or 31st does not drift to an earlier day month by month.
    const date before = start - boost::gregorian::days(1);
    const auto b = before.year_month_day();
    const bool from_month_end = before.day() == before.end_of_month().day();
    auto term_end = [&](int months) {
        const int m0 = static_cast<int>(b.month) - 1 + months;
        const int y = static_cast<int>(b.year) + m0 / 12;
        const int m = m0 % 12 + 1;
        const int last = boost::gregorian::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(y),
                                                                                static_cast<unsigned short>(m));
        return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                    static_cast<unsigned short>(from_month_end ? last : std::min(static_cast<int>(b.day), last)));
    };
    std::vector<period> out;
    date s = start;
    for (int k = 1; !(end < s); ++k) {
        date e = term_end(k * period_months);
        if (end < e) e = end;
        out.push_back({s, e});
        s = e + boost::gregorian::days(1);
    }
    return out;
}

// ---- conditions ---------------------------------------------------------------------------

bool condition::matches(const ngo_profile& p) const {
    if (!legal_forms.empty() &&
        std::find(legal_forms.begin(), legal_forms.end(), p.legal_form) == legal_forms.end())
        return false;
    if (std::find(except_legal_forms.begin(), except_legal_forms.end(), p.legal_form) != except_legal_forms.end())
        return false;
    if (public_association && *public_association != p.public_association) return false;
    if (socially_oriented && *socially_oriented != p.socially_oriented) return false;
    if (employees && *employees != (p.employees > 0)) return false;
    if (tax && *tax != p.tax) return false;
    if (vat_payer && *vat_payer != p.vat_payer) return false;
    if (foreign_funds && *foreign_funds != p.foreign_funds) return false;
    if (foreign_founders && *foreign_founders != p.foreign_founders) return false;
    if (grant_recipient && *grant_recipient != p.grant_recipient()) return false;
    if (income_above && !(p.annual_income > *income_above)) return false;
    if (income_at_most && p.annual_income > *income_at_most) return false;
    if (!any_of.empty() &&
        std::none_of(any_of.begin(), any_of.end(), [&](const condition& c) { return c.matches(p); }))
        return false;
    return true;
}

// ---- reading the JSON catalogue -----------------------------------------------------------
namespace {

using json = nlohmann::json;

// The bounds of a rule's numbers: what the JSON reader takes and obligation_catalogue::add
// checks, so a rule added in code cannot hold what no rules file can.
constexpr int max_months_after = 24;
constexpr int max_day = 31;  // 0: the month's last day
constexpr int max_working_days_after_event = 366;

/// The largest month (12) or quarter (4) `only` may list for a period; 0 where it applies not.
int only_limit(period_kind k) { return k == period_kind::month ? 12 : k == period_kind::quarter ? 4 : 0; }

/// The first rule `o` breaks that a rules file cannot break either, as (field, why); the
/// reader says it at the rule's line, obligation_catalogue::add as a validation_error.
std::optional<std::pair<std::string, std::string>> rule_problem(const obligation& o) {
    const deadline_rule& d = o.due;
    const int hi = only_limit(d.period);
    for (int v : d.only)
        if (v < 1 || v > hi)
            return std::pair{std::string("due.only"), hi == 0 ? std::string("only applies to month and quarter periods")
                                                              : std::to_string(v) + " is outside 1.." + std::to_string(hi)};
    if (d.months_after < 0 || d.months_after > max_months_after)
        return std::pair{std::string("due.months_after"),
                         std::to_string(d.months_after) + " is outside 0.." + std::to_string(max_months_after)};
    if (d.day < 0 || d.day > max_day)
        return std::pair{std::string("due.day"), std::to_string(d.day) + " is outside 0..31 (0: the month's last day)"};
    if (d.late_registration_month != 0 && (d.period != period_kind::year || d.late_registration_month < 1 ||
                                           d.late_registration_month > 12))
        return std::pair{std::string("due.late_registration_month"),
                         d.period != period_kind::year ? std::string("only applies to year rules")
                                                       : std::to_string(d.late_registration_month) + " is outside 1..12"};
    if (d.working_days_after_event < 0 || d.working_days_after_event > max_working_days_after_event)
        return std::pair{std::string("due.working_days_after_event"),
                         std::to_string(d.working_days_after_event) + " is outside 0.." +
                             std::to_string(max_working_days_after_event)};
    for (const auto& [field, year] : {std::pair{"periods_from", o.periods_from}, std::pair{"periods_until", o.periods_until}})
        if (year && (*year < first_calendar_year || *year > last_calendar_year))
            return std::pair{std::string(field), std::to_string(*year) + " is outside " +
                                                     std::to_string(first_calendar_year) + ".." +
                                                     std::to_string(last_calendar_year)};
    if (o.periods_from && o.periods_until && *o.periods_until < *o.periods_from)
        return std::pair{std::string("periods_until"), std::string("is before periods_from")};
    if (!o.due_from.is_not_a_date() && !o.due_until.is_not_a_date() && o.due_until < o.due_from)
        return std::pair{std::string("due_until"), std::string("is before due_from")};
    return std::nullopt;
}

// Byte spans of the objects in the top-level "obligations" array, found by a small scanner
// over the raw text: nlohmann's DOM keeps no positions, and error messages must name lines.
std::vector<std::pair<std::size_t, std::size_t>> rule_spans(std::string_view t) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    int depth = 0;
    int array_depth = -1;       // depth inside the "obligations" array, once found
    std::string last_key;       // last string seen at depth 1 (root object)
    std::size_t obj_start = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '"') {
            std::size_t j = i + 1;
            std::string s;
            while (j < t.size() && t[j] != '"') {
                if (t[j] == '\\') ++j;
                if (j < t.size()) s += t[j];
                ++j;
            }
            if (depth == 1) last_key = s;
            i = j;
            continue;
        }
        if (c == '{' || c == '[') {
            if (c == '[' && depth == 1 && last_key == "obligations" && array_depth < 0)
                array_depth = depth + 1;
            ++depth;
            if (c == '{' && array_depth > 0 && depth == array_depth + 1) obj_start = i;
        } else if (c == '}' || c == ']') {
            if (c == '}' && array_depth > 0 && depth == array_depth + 1)
                spans.emplace_back(obj_start, i + 1);
            if (c == ']' && depth == array_depth) array_depth = -2;  // done
            --depth;
        }
    }
    return spans;
}

struct rule_reader {
    std::string_view raw;
    const std::string& source;
    std::size_t begin = 0;  // span of the rule in the text
    std::size_t end = 0;
    std::string id;

    // Line of `"key"` (dotted path, each part searched after the previous) inside the rule.
    std::size_t line_of_field(const std::string& path) const {
        std::size_t pos = begin;
        std::size_t start = 0;
        while (start <= path.size()) {
            const std::size_t dot = path.find('.', start);
            const std::string part =
                path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            const std::size_t found = raw.substr(0, end).find("\"" + part + "\"", pos);
            if (found == std::string_view::npos) break;
            pos = found;
            if (dot == std::string::npos) break;
            start = dot + 1;
        }
        return detail::line_of(raw, pos);
    }

    [[noreturn]] void fail(const std::string& field, const std::string& why) const {
        const std::string who = id.empty() ? "rule" : "rule \"" + id + "\"";
        throw parse_error(source, line_of_field(field), 0, field, who + ": " + why);
    }

    text read_text(const json& j, const std::string& field, bool required) const {
        text out;
        if (j.is_null()) {
            if (required) fail(field, "is missing");
            return out;
        }
        if (j.is_string()) {
            out.ru = j.get<std::string>();
        } else if (j.is_object()) {
            for (const auto& [k, v] : j.items()) {
                if (!v.is_string()) fail(field + "." + k, "must be a string");
                if (k == "ru") out.ru = v.get<std::string>();
                else if (k == "en") out.en = v.get<std::string>();
                else fail(field + "." + k, "unknown language \"" + k + "\" (use ru and en)");
            }
        } else {
            fail(field, "must be a string or {\"ru\": ..., \"en\": ...}");
        }
        if (required && out.ru.empty()) fail(field, "needs a Russian text (\"ru\")");
        // The texts go into calendar titles and iCalendar TEXT values, which cannot carry them.
        if (const std::string p = civica::text::control_character_problem(out.ru); !p.empty())
            fail(j.is_object() ? field + ".ru" : field, p);
        if (const std::string p = civica::text::control_character_problem(out.en); !p.empty()) fail(field + ".en", p);
        return out;
    }

    std::optional<bool> read_bool(const json& obj, const std::string& key, const std::string& field) const {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return std::nullopt;
        if (!it->is_boolean()) fail(field, "must be true or false");
        return it->get<bool>();
    }

    int read_int(const json& j, const std::string& field, int lo, int hi) const {
        if (!j.is_number_integer()) fail(field, "must be a whole number");
        const auto v = j.get<long long>();
        if (v < lo || v > hi)
            fail(field, std::to_string(v) + " is not in " + std::to_string(lo) + ".." + std::to_string(hi));
        return static_cast<int>(v);
    }

    money read_money(const json& j, const std::string& field) const {
        // Money never travels as a double: whole roubles as an integer, or a decimal string.
        if (j.is_number_integer()) {
            try {
                return money::from_rubles(j.get<std::int64_t>());
            } catch (const error& e) {
                fail(field, e.what());
            }
        }
        if (j.is_string()) {
            try {
                return money::parse(j.get<std::string>());
            } catch (const parse_error& e) {
                fail(field, e.reason());
            }
        }
        fail(field, "must be whole roubles (3000000) or a decimal string (\"3000000.00\")");
    }

    condition read_condition(const json& j, const std::string& field) const {
        condition c;
        if (!j.is_object()) fail(field, "must be an object of conditions ({} for everyone)");
        static const std::set<std::string> known{
            "legal_forms", "except_legal_forms", "public_association", "socially_oriented", "employees", "tax_regime",
            "vat_payer", "foreign_funds", "foreign_founders", "grant_recipient", "income_above",
            "income_at_most", "any_of"};
        for (const auto& [k, v] : j.items()) {
            if (known.count(k) == 0)
                fail(field + "." + k, "unknown condition \"" + k + "\" (see docs/calendar.md)");
            (void)v;
        }
        const std::string f = field + ".";
        for (const auto& [key, codes] : {std::pair{"legal_forms", &c.legal_forms},
                                         std::pair{"except_legal_forms", &c.except_legal_forms}})
            if (auto it = j.find(key); it != j.end()) {
                if (!it->is_array()) fail(f + key, "must be a list of ОКОПФ codes");
                for (const auto& code : *it) codes->push_back(read_int(code, f + key, 10000, 99999));
            }
        c.public_association = read_bool(j, "public_association", f + "public_association");
        c.socially_oriented = read_bool(j, "socially_oriented", f + "socially_oriented");
        c.employees = read_bool(j, "employees", f + "employees");
        c.vat_payer = read_bool(j, "vat_payer", f + "vat_payer");
        c.foreign_funds = read_bool(j, "foreign_funds", f + "foreign_funds");
        c.foreign_founders = read_bool(j, "foreign_founders", f + "foreign_founders");
        c.grant_recipient = read_bool(j, "grant_recipient", f + "grant_recipient");
        if (auto it = j.find("tax_regime"); it != j.end()) {
            if (!it->is_string()) fail(f + "tax_regime", "must be \"usn\" or \"osn\"");
            try {
                c.tax = parse_tax_regime(it->get<std::string>());
            } catch (const validation_error& e) {
                fail(f + "tax_regime", e.what());
            }
        }
        if (auto it = j.find("income_above"); it != j.end()) c.income_above = read_money(*it, f + "income_above");
        if (auto it = j.find("income_at_most"); it != j.end()) c.income_at_most = read_money(*it, f + "income_at_most");
        if (auto it = j.find("any_of"); it != j.end()) {
            if (!it->is_array() || it->empty()) fail(f + "any_of", "must be a non-empty list of conditions");
            for (const auto& sub : *it) c.any_of.push_back(read_condition(sub, f + "any_of"));
        }
        return c;
    }

    deadline_rule read_due(const json& j) const {
        deadline_rule d;
        if (!j.is_object()) fail("due", "must be an object ({\"period\": \"year\", \"months_after\": 3, \"day\": 31})");
        static const std::set<std::string> known{"period", "only", "cumulative", "months_after", "day",
                                                 "working_days_after_event", "text", "shift", "grant_report",
                                                 "late_registration_month"};
        for (const auto& [k, v] : j.items()) {
            if (known.count(k) == 0) fail("due." + k, "unknown field \"" + k + "\" (see docs/calendar.md)");
            (void)v;
        }
        auto p = j.find("period");
        if (p == j.end() || !p->is_string()) fail("due.period", "must be month, quarter, year, event or grant");
        const auto ps = p->get<std::string>();
        if (ps == "month") d.period = period_kind::month;
        else if (ps == "quarter") d.period = period_kind::quarter;
        else if (ps == "year") d.period = period_kind::year;
        else if (ps == "event") d.period = period_kind::event;
        else if (ps == "grant") d.period = period_kind::grant;
        else fail("due.period", "\"" + ps + "\" is not month, quarter, year, event or grant");

        if (auto it = j.find("only"); it != j.end()) {
            if (!it->is_array()) fail("due.only", "must be a list of months or quarters");
            const int hi = only_limit(d.period);
            if (hi == 0) fail("due.only", "only applies to month and quarter periods");
            for (const auto& v : *it) d.only.push_back(read_int(v, "due.only", 1, hi));
        }
        if (auto b = read_bool(j, "cumulative", "due.cumulative")) {
            if (*b && d.period != period_kind::quarter) fail("due.cumulative", "only applies to quarter periods");
            d.cumulative = *b;
        }
        const bool dated = d.period == period_kind::month || d.period == period_kind::quarter ||
                           d.period == period_kind::year;
        if (dated) {
            auto m = j.find("months_after");
            if (m == j.end()) fail("due.months_after", "is missing (1: the month after the period)");
            d.months_after = read_int(*m, "due.months_after", 0, max_months_after);
            auto day = j.find("day");
            if (day == j.end()) fail("due.day", "is missing (1..31 or \"last\")");
            if (day->is_string() && day->get<std::string>() == "last") d.day = 0;
            else if (day->is_number_integer()) d.day = read_int(*day, "due.day", 1, max_day);
            else fail("due.day", "must be 1..31 or \"last\"");
        } else {
            for (const char* k : {"months_after", "day"})
                if (j.contains(k)) fail(std::string("due.") + k, std::string("does not apply to ") + ps + " rules");
        }
        if (auto it = j.find("working_days_after_event"); it != j.end()) {
            if (d.period != period_kind::event) fail("due.working_days_after_event", "only applies to event rules");
            d.working_days_after_event =
                read_int(*it, "due.working_days_after_event", 0, max_working_days_after_event);
        }
        if (auto it = j.find("text"); it != j.end()) d.description = read_text(*it, "due.text", false);
        if (d.period == period_kind::event && d.description.ru.empty())
            fail("due.text", "an event rule needs the deadline in words");
        if (auto it = j.find("late_registration_month"); it != j.end()) {
            if (d.period != period_kind::year) fail("due.late_registration_month", "only applies to year rules");
            d.late_registration_month = read_int(*it, "due.late_registration_month", 1, 12);
        }
        if (auto b = read_bool(j, "shift", "due.shift")) d.shift = *b;
        if (auto it = j.find("grant_report"); it != j.end()) {
            if (d.period != period_kind::grant) fail("due.grant_report", "only applies to grant rules");
            if (!it->is_string() || (*it != "analytical" && *it != "financial"))
                fail("due.grant_report", "must be \"analytical\" or \"financial\"");
            d.grant_report = it->get<std::string>();
        } else if (d.period == period_kind::grant) {
            fail("due.grant_report", "a grant rule needs grant_report: analytical or financial");
        }
        return d;
    }

    obligation read(const json& j) {
        if (!j.is_object()) fail("", "must be an object");
        auto idj = j.find("id");
        if (idj == j.end() || !idj->is_string() || idj->get<std::string>().empty())
            fail("id", "every rule needs a non-empty string id");
        id = idj->get<std::string>();
        for (char c : id)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
                fail("id", "\"" + id + "\": use lower-case latin letters, digits, _ and -");
        static const std::set<std::string> known{"id", "report", "recipient", "who", "due", "periods_from",
                                                 "periods_until", "due_from", "due_until", "basis", "note",
                                                 "verified"};
        for (const auto& [k, v] : j.items()) {
            if (known.count(k) == 0) fail(k, "unknown field \"" + k + "\" (see docs/calendar.md)");
            (void)v;
        }
        obligation o;
        o.id = id;
        auto get = [&](const char* k) -> const json& {
            static const json null_json;
            auto it = j.find(k);
            return it == j.end() ? null_json : *it;
        };
        o.report = read_text(get("report"), "report", true);
        o.recipient = read_text(get("recipient"), "recipient", true);
        o.basis = read_text(get("basis"), "basis", true);
        o.note = read_text(get("note"), "note", false);
        if (get("who").is_null()) fail("who", "is missing ({} for every NGO)");
        o.who = read_condition(get("who"), "who");
        if (get("due").is_null()) fail("due", "is missing");
        o.due = read_due(get("due"));
        if (!get("periods_from").is_null()) o.periods_from = read_int(get("periods_from"), "periods_from", first_calendar_year, last_calendar_year);
        if (!get("periods_until").is_null()) o.periods_until = read_int(get("periods_until"), "periods_until", first_calendar_year, last_calendar_year);
        for (const char* k : {"due_from", "due_until"}) {
            const json& v = get(k);
            if (v.is_null()) continue;
            if (!v.is_string()) fail(k, "must be a date \"YYYY-MM-DD\"");
            try {
                (std::string(k) == "due_from" ? o.due_from : o.due_until) = parse_date(v.get<std::string>());
            } catch (const parse_error& e) {
                fail(k, e.reason());
            }
        }
        if (auto b = read_bool(j, "verified", "verified")) o.verified = *b;
        if (const auto problem = rule_problem(o)) fail(problem->first, problem->second);
        return o;
    }
};

}  // namespace

const obligation_catalogue& obligation_catalogue::bundled() {
    static const obligation_catalogue cat =
        from_json(civica::text::bundled_data_dir("the bundled calendar rules") / "calendar" / "obligations.json");
    return cat;
}

obligation_catalogue obligation_catalogue::from_json(const std::filesystem::path& file) {
    return from_json_text(detail::read_text_file(file, "obligations file"), file.string());
}

obligation_catalogue obligation_catalogue::from_json_text(std::string_view text, const std::string& source) {
    const json root = civica::text::parse_json<json>(text, source);
    if (!root.is_object() || !root.contains("obligations") || !root["obligations"].is_array())
        throw parse_error(source, 1, 0, "obligations",
                          "a rules file is an object with a list \"obligations\" (see docs/calendar.md)");
    if (auto f = root.find("format"); f != root.end() && *f != "civica-obligations")
        throw parse_error(source, detail::line_of(text, text.find("\"format\"")), 0, "format",
                          "format must be \"civica-obligations\"");
    if (auto v = root.find("version"); v != root.end() && *v != 1)
        throw parse_error(source, detail::line_of(text, text.find("\"version\"")), 0, "version",
                          "this civica reads version 1 of the rules format");
    const auto spans = rule_spans(text);
    const auto& arr = root["obligations"];
    obligation_catalogue cat;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        rule_reader r{text, source, 0, 0, {}};
        if (i < spans.size()) {
            r.begin = spans[i].first;
            r.end = spans[i].second;
        } else {
            r.end = text.size();
        }
        obligation o = r.read(arr[i]);
        if (!seen.insert(o.id).second) r.fail("id", "the id is used twice in this file");
        cat.rules_.push_back(std::move(o));
    }
    return cat;
}

void obligation_catalogue::merge(const obligation_catalogue& other) {
    for (const auto& o : other.rules_) add(o);
}

void obligation_catalogue::add(obligation o) {
    if (o.id.empty()) throw validation_error("an obligation needs an id");
    if (const auto problem = rule_problem(o))
        throw validation_error("obligation \"" + o.id + "\": " + problem->first + " " + problem->second);
    for (auto& r : rules_) {
        if (r.id == o.id) {
            r = std::move(o);
            return;
        }
    }
    rules_.push_back(std::move(o));
}

bool obligation_catalogue::remove(std::string_view id) {
    auto it = std::find_if(rules_.begin(), rules_.end(), [&](const obligation& o) { return o.id == id; });
    if (it == rules_.end()) return false;
    rules_.erase(it);
    return true;
}

const obligation* obligation_catalogue::find(std::string_view id) const {
    for (const auto& r : rules_)
        if (r.id == id) return &r;
    return nullptr;
}

}  // namespace civica::calendar
