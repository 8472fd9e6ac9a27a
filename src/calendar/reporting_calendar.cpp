#include "civica/calendar/reporting_calendar.hpp"

#include "civica/error.hpp"
#include "civica/model/organization.hpp"
#include "civica/text/text.hpp"
#include "text_util.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>

namespace civica::calendar {
namespace {

namespace bg = boost::gregorian;

date ymd(int y, int m, int d) {
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                static_cast<unsigned short>(d));
}

int last_day(int y, int m) {
    return bg::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(y),
                                                    static_cast<unsigned short>(m));
}

std::string ru_date(const date& d) {
    char buf[32];
    const auto v = d.year_month_day();
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", static_cast<int>(v.day), static_cast<int>(v.month),
                  static_cast<int>(v.year));
    return buf;
}

// The deadline of a period ending in month `end_month` of `end_year`.
date nominal_due(int end_year, int end_month, const deadline_rule& r) {
    int m = end_month + r.months_after;
    int y = end_year;
    while (m > 12) {
        m -= 12;
        ++y;
    }
    const int last = last_day(y, m);
    const int d = r.day == 0 ? last : std::min(r.day, last);
    return ymd(y, m, d);
}

struct dated_period {
    period covered;
    int index = 0;  // month 1..12, quarter 1..4, 0 for a year
    std::string key;
};

std::vector<dated_period> periods_of(const obligation& o, int y) {
    std::vector<dated_period> out;
    auto wanted = [&](int i) {
        return o.due.only.empty() || std::find(o.due.only.begin(), o.due.only.end(), i) != o.due.only.end();
    };
    char buf[32];
    switch (o.due.period) {
        case period_kind::month:
            for (int m = 1; m <= 12; ++m) {
                if (!wanted(m)) continue;
                std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
                out.push_back({{ymd(y, m, 1), ymd(y, m, last_day(y, m))}, m, buf});
            }
            break;
        case period_kind::quarter:
            for (int q = 1; q <= 4; ++q) {
                if (!wanted(q)) continue;
                const int first_month = o.due.cumulative ? 1 : 3 * q - 2;
                std::snprintf(buf, sizeof buf, "%04d-Q%d", y, q);
                out.push_back({{ymd(y, first_month, 1), ymd(y, 3 * q, last_day(y, 3 * q))}, q, buf});
            }
            break;
        case period_kind::year:
            out.push_back({{ymd(y, 1, 1), ymd(y, 12, 31)}, 0, std::to_string(y)});
            break;
        case period_kind::event:
        case period_kind::grant:
            break;
    }
    return out;
}

// Shifts `original` as the rule says; records the original date in the note.
date apply_shift(const date& original, bool shift, const production_calendar& days) {
    return shift ? days.roll_forward(original) : original;
}

// Whether the deadline of `original`, moved to a working day, falls after the year `year`:
// every day from it to 31 December is a day off. Asked before the move, so that such a
// deadline is left out of `year`'s calendar without the production calendar of the next year,
// which civica may not have (2028 for the calendar of 2027).
bool rolls_past_year(const date& original, int year, const production_calendar& days) {
    if (static_cast<int>(original.year()) != year) return static_cast<int>(original.year()) > year;
    for (date d = original; static_cast<int>(d.year()) == year; d += bg::days(1))
        if (days.is_working_day(d)) return false;
    return true;
}

// Whether `n` working days after `end` (add_working_days) fall after the year `year`: fewer
// than `n` working days are left from `end` to the end of `year`. Asked for the same reason.
bool working_days_past_year(const date& end, long n, int year, const production_calendar& days) {
    long left = 0;
    for (date d = end + bg::days(1); static_cast<int>(d.year()) <= year && left < n; d += bg::days(1))
        if (days.is_working_day(d)) ++left;
    return left < n;
}

std::string shift_note(const deadline& d, language lang) {
    if (!d.shifted()) return {};
    return lang == language::ru
               ? "срок перенесён с " + ru_date(d.original) + " (нерабочий день)"
               : "moved from " + format_date(d.original) + " (a day off)";
}

std::string join_notes(std::initializer_list<std::string> parts) {
    std::string out;
    for (const auto& p : parts) {
        if (p.empty()) continue;
        if (!out.empty()) out += "; ";
        out += p;
    }
    return out;
}

std::string unverified_note(bool verified, language lang) {
    if (verified) return {};
    // What `"verified": false` means for any rule, a user's too (docs/calendar.md); the bundled
    // ones so marked follow an earlier wording of the Tax Code, as their basis says.
    return lang == language::ru ? "дата не сверена с опубликованным календарём"
                                : "date not checked against a published calendar";
}

/// The id of each grant of a profile for its deadlines' keys (and so the calendar's UIDs): its
/// own `id`, else one made from what the agreement says (title, start, end; FNV-1a, the same
/// on every machine), so that adding, removing or reordering grants keeps every other grant's
/// events; grants with the same title and dates add a hash of the rest of the agreement
/// (operator, periods, days), and a grant alike in all of it to one before it "-2".
std::vector<std::string> grant_ids(const std::vector<grant_agreement>& grants) {
    const auto fnv = [](const std::string& text) {
        std::uint64_t h = 14695981039346656037ull;
        for (const char c : text) {
            h ^= static_cast<unsigned char>(c);
            h *= 1099511628211ull;
        }
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
        return std::string(hex, 10);
    };
    std::vector<std::string> ids;
    std::vector<std::string> made(grants.size());  // the id made from a grant's title and term, when it has none
    std::map<std::string, int> sharing;            // a made id -> how many grants have it
    std::map<std::string, std::size_t> given;      // an id given -> its grant (from 1)
    for (std::size_t i = 0; i < grants.size(); ++i)
        if (const auto& g = grants[i]; g.id.empty())
            ++sharing[made[i] = "grant-" + fnv(g.title + "|" + format_date(g.start) + "|" + format_date(g.end))];
    // A made id never takes one given to another grant ("grant-…" given to one of two twins,
    // its id when it was alone): it is numbered on, as a second grant alike in all is.
    std::map<std::string, int> seen;
    for (const auto& g : grants)
        if (!g.id.empty()) seen.emplace(g.id, 1);
    for (std::size_t i = 0; i < grants.size(); ++i) {
        const auto& g = grants[i];
        std::string id = g.id;
        // Two grants of one id would give their deadlines one key (and one UID): a calendar
        // program would keep one grant's reports and drop the other's.
        if (!id.empty())
            if (const auto [at, fresh] = given.emplace(id, ids.size() + 1); !fresh)
                throw validation_error("grants " + std::to_string(at->second) + " and " +
                                       std::to_string(ids.size() + 1) + " have the same id \"" + id +
                                       "\": each grant's deadlines are known by its id, so give each its own");
        if (id.empty()) {
            id = made[i];
            // Grants of one title and term (one project funded by two operators) are told apart by
            // the rest of the agreement, whatever their order; only grants alike in everything
            // (whose events are alike too) are numbered in turn.
            if (sharing[id] > 1) {
                std::string rest = g.grant_operator + "|" + std::to_string(g.period_months) + "|" +
                                   std::to_string(g.report_days) + "|" + std::to_string(g.final_report_days) + "|" +
                                   (g.working_days ? "w" : "c");
                for (const auto& p : g.reporting_periods) rest += "|" + format_date(p.start) + ".." + format_date(p.end);
                id += "-" + fnv(rest).substr(0, 6);
            }
            const std::string base = id;
            for (int& n = seen[base]; ++n > 1;) {  // std::map: `n` stays valid as ids are added
                id = base + "-" + std::to_string(n);
                if (seen.emplace(id, 1).second) break;
            }
        }
        ids.push_back(std::move(id));
    }
    return ids;
}

void add_grant_deadlines(const obligation& o, const ngo_profile& profile, int year, language lang,
                         const production_calendar& days, std::vector<deadline>& out) {
    const std::vector<std::string> ids = grant_ids(profile.grants);
    for (std::size_t gi = 0; gi < profile.grants.size(); ++gi) {
        const grant_agreement& g = profile.grants[gi];
        const auto ps = g.periods();
        const std::string& gid = ids[gi];
        for (std::size_t i = 0; i < ps.size(); ++i) {
            const bool final_report = i + 1 == ps.size();
            const int n = final_report ? g.final_report_days : g.report_days;
            const date end = ps[i].end;
            if (static_cast<int>(end.year()) > year) continue;  // cannot fall in `year`
            // A period that ended before the organisation was registered is not its to report,
            // as for every other rule.
            if (!profile.registered.is_not_a_date() && end < profile.registered) continue;
            date original;
            if (!o.covers_period_year(static_cast<int>(end.year()))) continue;
            if (g.working_days) {
                // Counting from a day of a year the production calendar does not know would
                // fail; from 31 December the count starts in the next year, which it may know.
                const auto e = end.year_month_day();
                if (!days.knows_year(static_cast<int>(end.year())) && !(e.month == 12 && e.day == 31) &&
                    static_cast<int>(end.year()) < year)
                    continue;
                if (working_days_past_year(end, n, year, days)) continue;
                original = days.add_working_days(end, n);
            } else {
                original = end + bg::days(n);
                if (static_cast<int>(original.year()) > year) continue;
            }
            if (o.due.shift && rolls_past_year(original, year, days)) continue;
            // A deadline of an earlier year can only move into `year` from the last days of
            // December, as for the other obligations: an interim report due in 2016 is skipped
            // without asking the production calendar about 2016 for the calendar of 2017.
            if (static_cast<int>(original.year()) < year && original < ymd(year - 1, 12, 20)) continue;
            deadline d;
            d.original = original;
            d.due = apply_shift(original, o.due.shift, days);
            if (static_cast<int>(d.due.year()) != year) continue;
            d.obligation_id = o.id;
            d.grant_id = gid;
            // The project's title names the grant, so that two grants' reports are told apart.
            const std::string titled =
                g.title.empty() ? std::string() : (lang == language::ru ? " «" + g.title + "»" : " \"" + g.title + "\"");
            d.report = o.report.in(lang) + titled +
                       (lang == language::ru ? (final_report ? " (итоговый)" : " (промежуточный)")
                                             : (final_report ? " (final)" : " (interim)"));
            d.recipient = g.grant_operator.empty() ? o.recipient.in(lang) : g.grant_operator;
            d.covered = ps[i];
            const std::string n_str = std::to_string(i + 1);
            d.period_label = lang == language::ru
                                 ? "отчётный период " + n_str + " (" + ru_date(ps[i].start) + "–" + ru_date(ps[i].end) + ")"
                                 : "reporting period " + n_str + " (" + format_date(ps[i].start) + " to " +
                                       format_date(ps[i].end) + ")";
            d.basis = o.basis.in(lang);
            const std::string project =
                g.title.empty() ? std::string()
                                : (lang == language::ru ? "проект «" + g.title + "»" : "project \"" + g.title + "\"");
            const std::string days_text =
                lang == language::ru ? std::to_string(n) + (g.working_days ? " раб. дн." : " дн.") + " после периода"
                                     : (g.working_days ? detail::english_count(n, "working day", "working days")
                                                       : detail::english_count(n, "day", "days")) + " after the period";
            d.note = join_notes({project, days_text, shift_note(d, lang)});
            d.verified = o.verified;
            d.key = o.id + "/" + gid + "/P" + n_str;
            out.push_back(std::move(d));
        }
    }
}

// Refuses a control character in a text of the profile: names and titles become calendar
// titles and iCalendar TEXT values, which cannot carry one (RFC 5545 3.3.11).
void check_profile_text(const std::string& who, std::string_view field, std::string_view value) {
    if (const std::string p = civica::text::control_character_problem(value); !p.empty())
        throw validation_error(who + ": " + std::string(field) + " " + p + "; remove it");
}

void check_profile_texts(const ngo_profile& profile) {
    check_profile_text("NGO profile", "name", profile.name);
    for (std::size_t i = 0; i < profile.grants.size(); ++i) {
        const grant_agreement& g = profile.grants[i];
        const std::string who = "NGO profile: grant " + std::to_string(i + 1);  // by place: its id or title may be the culprit
        check_profile_text(who, "id", g.id);
        check_profile_text(who, "title", g.title);
        check_profile_text(who, "operator", g.grant_operator);
    }
}

}  // namespace

std::string period_label(period_kind kind, int year, int index, bool cumulative, language lang) {
    static constexpr std::array<const char*, 12> ru_months{"январь", "февраль", "март", "апрель", "май", "июнь",
                                                           "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"};
    static constexpr std::array<const char*, 12> en_months{"January", "February", "March", "April", "May", "June",
                                                           "July", "August", "September", "October", "November", "December"};
    const std::string y = std::to_string(year);
    const bool ru = lang == language::ru;
    switch (kind) {
        case period_kind::month:
            if (index < 1 || index > 12)
                throw validation_error("period_label: month " + std::to_string(index) + " is not 1..12");
            return std::string(ru ? ru_months[static_cast<std::size_t>(index - 1)]
                                  : en_months[static_cast<std::size_t>(index - 1)]) + " " + y;
        case period_kind::quarter:
            if (index < 1 || index > 4)
                throw validation_error("period_label: quarter " + std::to_string(index) + " is not 1..4");
            if (cumulative) {
                switch (index) {
                    case 1: return ru ? "1 квартал " + y : "Q1 " + y;
                    case 2: return ru ? "полугодие " + y : "H1 " + y;
                    case 3: return ru ? "9 месяцев " + y : "9 months " + y;
                    case 4: return ru ? y + " год" : y;
                    default: break;
                }
                break;
            }
            return ru ? std::to_string(index) + " квартал " + y : "Q" + std::to_string(index) + " " + y;
        case period_kind::year: return ru ? y + " год" : y;
        case period_kind::event:
        case period_kind::grant: break;
    }
    return y;
}

personal_calendar reporting_calendar(const ngo_profile& profile, int year, const calendar_options& options) {
    const obligation_catalogue& rules = options.catalogue ? *options.catalogue : obligation_catalogue::bundled();
    const production_calendar& days = options.days ? *options.days : production_calendar::bundled();
    const language lang = options.lang;
    if (year < first_calendar_year || year > last_calendar_year)
        throw validation_error("reporting calendar: year " + std::to_string(year) + " is outside " +
                               std::to_string(first_calendar_year) + ".." + std::to_string(last_calendar_year));
    if (profile.employees < 0)
        throw validation_error("NGO profile: employees must not be negative (" + std::to_string(profile.employees) + ")");
    if (const std::string why = legal_form_problem(profile.legal_form); !why.empty())
        throw validation_error("NGO profile: legal_form " + why);
    if (const std::string why = foreign_founders_problem(profile.legal_form, profile.foreign_founders); !why.empty())
        throw validation_error("NGO profile: " + why);
    if (const std::string why = public_association_problem(profile.legal_form, profile.public_association); !why.empty())
        throw validation_error("NGO profile: " + why);
    // An income decides between the simplified statement and the full reports (3 million RUB,
    // DOMAIN.md section 5); a negative one is no income at all.
    if (profile.annual_income.kopecks() < 0)
        throw validation_error("NGO profile: annual_income must not be negative (" +
                               profile.annual_income.to_string() + ")");
    if (const std::string why = day_outside_years(profile.registered); !why.empty())
        throw validation_error("NGO profile: registered " + why);
    check_profile_texts(profile);
    const date& registered = profile.registered;
    const bool dated_registration = !registered.is_not_a_date();

    personal_calendar cal;
    cal.year = year;
    cal.lang = lang;
    cal.organization = std::string(detail::trim(profile.name));  // "   " names nobody: no "— " in the title

    for (const obligation& o : rules.obligations()) {
        if (!o.who.matches(profile)) continue;
        if (o.due.period == period_kind::event) {
            if (!o.covers_period_year(year) || (dated_registration && static_cast<int>(registered.year()) > year))
                continue;
            cal.event_driven.push_back({o.id, o.report.in(lang), o.recipient.in(lang), o.due.description.in(lang),
                                        o.basis.in(lang), o.note.in(lang)});
            continue;
        }
        if (o.due.period == period_kind::grant) {
            add_grant_deadlines(o, profile, year, lang, days, cal.deadlines);
            continue;
        }
        // Periods of the three previous years can fall due in `year` (annual reports, the
        // fourth quarter, December; a period of year - 3 with the longest months_after, 24,
        // when its deadline of late December moves into January), and those of `year` itself.
        for (int py = year - 3; py <= year; ++py) {
            if (!o.covers_period_year(py)) continue;
            if (dated_registration && o.due.late_registration_month != 0 && static_cast<int>(registered.year()) == py &&
                static_cast<int>(registered.month()) >= o.due.late_registration_month)
                continue;
            for (const dated_period& p : periods_of(o, py)) {
                if (dated_registration && p.covered.end < registered) continue;  // the NGO did not exist yet
                const auto end_ymd = p.covered.end.year_month_day();
                const date original = nominal_due(static_cast<int>(end_ymd.year), static_cast<int>(end_ymd.month), o.due);
                if (static_cast<int>(original.year()) > year || !o.covers_due_date(original)) continue;
                // A deadline of an earlier year can only move into `year` from the last days of
                // December; earlier ones are skipped without asking the production calendar
                // about a year it may not know (2016 for the calendar of 2017).
                if (static_cast<int>(original.year()) < year && original < ymd(year - 1, 12, 20)) continue;
                if (o.due.shift && rolls_past_year(original, year, days)) continue;
                deadline d;
                d.original = original;
                d.due = apply_shift(original, o.due.shift, days);
                if (static_cast<int>(d.due.year()) != year) continue;
                d.obligation_id = o.id;
                d.report = o.report.in(lang);
                d.recipient = o.recipient.in(lang);
                d.covered = p.covered;
                // The first reporting period runs from the registration (402-FZ art. 15 p.2; Tax
                // Code art. 55 p.2), and for one registered late in a year that joins it to the
                // next, from the registration in the year before.
                if (dated_registration) {
                    const bool joined = o.due.late_registration_month != 0 &&
                                        static_cast<int>(registered.year()) + 1 == py &&
                                        static_cast<int>(registered.month()) >= o.due.late_registration_month &&
                                        p.covered.start == ymd(py, 1, 1);
                    if (joined || p.covered.start < registered) d.covered.start = registered;  // ended before: skipped above
                }
                d.period_label = period_label(o.due.period, py, p.index, o.due.cumulative, lang);
                d.basis = o.basis.in(lang);
                d.verified = o.verified;
                d.note = join_notes({o.note.in(lang), shift_note(d, lang), unverified_note(o.verified, lang)});
                d.key = o.id + "/" + p.key;
                cal.deadlines.push_back(std::move(d));
            }
        }
    }
    std::stable_sort(cal.deadlines.begin(), cal.deadlines.end(), [](const deadline& a, const deadline& b) {
        return std::tie(a.due, a.report, a.covered.start, a.key) < std::tie(b.due, b.report, b.covered.start, b.key);
    });
    return cal;
}

std::string legal_form_problem(int okopf) {
    // The catalogue's rules are those of non-profit forms: a commercial or unknown code would
    // be given an NGO's reports (DOMAIN.md section 4 lists the forms).
    if (!okopf_name(okopf).empty()) return {};
    return std::to_string(okopf) +
           " is not a non-profit ОКОПФ code civica knows (71400 АНО, 70400 foundation, 20200 public organisation, "
           "…; docs/calendar.md)";
}

bool foreign_founder_by_form(int okopf) {
    // DOMAIN.md section 4: 71610, branches of foreign NGOs.
    return okopf == 71610;
}

std::string foreign_founders_problem(int okopf, bool foreign_founders) {
    if (foreign_founders || !foreign_founder_by_form(okopf)) return {};
    return "foreign_founders is false, but the legal form " + std::to_string(okopf) +
           " is a branch of a foreign NGO, whose founder is foreign (its reports to the Ministry of Justice are not "
           "the simplified statement)";
}

bool is_public_association_form(int okopf) {
    // 82-FZ art. 7: public organisation (20200), political party (20201), public movement
    // (20210), body of public initiative (20211), public foundation (70403), public
    // institution (75505).
    switch (okopf) {
        case 20200:
        case 20201:
        case 20210:
        case 20211:
        case 70403:
        case 75505: return true;
        default: return false;
    }
}

std::string public_association_problem(int okopf, bool public_association) {
    if (public_association || !is_public_association_form(okopf)) return {};
    return "public_association is false, but the legal form " + std::to_string(okopf) +
           " is a form of public association (82-FZ art. 7), which reports on form ОН0003 to the Ministry of Justice";
}

ngo_profile profile_from(const organization& org, const ngo_profile& base) {
    if (!org.nonprofit)
        throw validation_error("profile_from: organization \"" + civica::text::utf8_or_escaped(org.id.str()) +
                               "\" is not a non-profit organisation (nonprofit is false); a reporting calendar is an NGO's");
    ngo_profile p = base;
    p.name = org.display_name();
    if (org.okopf != 0) p.legal_form = org.okopf;
    p.socially_oriented = org.socially_oriented;
    p.public_association = org.public_association || is_public_association_form(org.okopf);
    p.foreign_founders = base.foreign_founders || foreign_founder_by_form(p.legal_form);
    p.registered = org.registered;
    return p;
}

}  // namespace civica::calendar
