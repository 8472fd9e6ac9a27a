#pragma once
/// \file
/// NGO reporting obligations as data: who files which report to whom, by when, under which
/// law, in which years. The catalogue ships in `data/calendar/obligations.json`; users add or
/// replace rules with their own file (docs/calendar.md describes every field).
///
/// ```cpp
/// auto rules = civica::calendar::obligation_catalogue::bundled();   // a copy
/// rules.load("my-region-rules.json");                             // same id replaces
/// ```
///
/// Design notes
/// - A rule applies to reporting *periods* of the years [periods_from, periods_until]. The УСН
///   return for 2021 is due 31 March 2022 and the one for 2022 is due 25 March 2023 because
///   263-FZ of 14.07.2022 changed the rule from the reports for 2022 on; so the old and the new
///   wording are two rules with adjacent period ranges.
///   Where a change applies to filings from a date rather than to periods, `due_from` and
///   `due_until` bound the deadlines instead.
/// - Conditions compare the profile with plain values; `any_of` gives the one disjunction the
///   catalogue needs (ОН0001/ОН0002 are due if *any* of foreign founders, foreign money or
///   income over 3 million RUB holds; 7-FZ art. 32 p.3.1).

#include "civica/text/data_dir.hpp"
#include "civica/text/language.hpp"
#include "civica/core/date.hpp"
#include "civica/core/money.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civica::calendar {

/// The years a reporting calendar can be made for: from 1990 (the reporting rules civica knows
/// start later; a year before them has no deadlines) to the last year of civica's dates.
inline constexpr int first_calendar_year = 1990, last_calendar_year = latest_year;
/// The first calendar whose rules the bundled catalogue follows (docs/calendar.md): a calendar
/// of an earlier year is made with those rules, which the law of that year may not have had.
inline constexpr int first_catalogue_year = 2017;

/// The language of texts in calendars and exports: civica's one language enumeration, read by
/// its one rule (civica/text/language.hpp).
using ::civica::text::language;
using ::civica::text::parse_language;
using ::civica::text::to_string;

/// A text in Russian with an English translation (falls back to Russian when empty).
struct text {
    std::string ru;
    std::string en;
    const std::string& in(language lang) const { return lang == language::en && !en.empty() ? en : ru; }
    friend bool operator==(const text&, const text&) = default;
};

/// The tax regime of an organisation.
enum class tax_regime {
    usn,  ///< simplified system (УСН, Tax Code chapter 26.2)
    osn,  ///< general system (ОСН)
};
std::string_view to_string(tax_regime r);
/// "usn" or "osn" (also "усн", "осн"); throws civica::validation_error otherwise.
tax_regime parse_tax_regime(std::string_view text);

/// The largest reporting period (months) and report delay (days) a grant agreement may give: a
/// century, beyond any agreement and within the dates civica has (date.hpp's latest_year).
inline constexpr int max_period_months = 1200;
inline constexpr int max_report_days = 36500;

/// Throws civica::validation_error naming `who`, `field` and the range when `value` is outside
/// `low`..`high`: the one check of a grant agreement's counts (grant_agreement::periods, the
/// Python bindings, the CLI's --grant).
void check_grant_count(std::string_view who, std::string_view field, long long value, int low, int high);

/// What a grant agreement says about reporting: after each reporting period an interim
/// analytical and financial report, after the last one the final reports.
struct grant_agreement {
    std::string id;             ///< short stable id (used in calendar UIDs), e.g. "pgf-2021-1"
    std::string title;          ///< project title
    std::string grant_operator; ///< who receives the reports, e.g. "Фонд президентских грантов"
    date start;                 ///< first day of the project
    date end;                   ///< last day of the project
    /// Explicit reporting periods. If empty, the project is cut into periods of
    /// `period_months` months from `start`, the last one ending at `end`: the k-th ends k
    /// periods after the day before `start`, on that day's number or the month's last day
    /// (Civil Code arts. 191, 192 p.3), the month's last day when the start is a 1st: from 15
    /// January, 14 February; from 1 March, 31 March; from 31 January, 29 February, 30 March.
    std::vector<period> reporting_periods;
    int period_months = 0;        ///< length of a reporting period when none are listed (1..max_period_months)
    int report_days = 15;         ///< interim reports are due this many days after a period (0..max_report_days)
    int final_report_days = 30;   ///< the final reports are due this many days after the last reporting period (0..max_report_days)
    bool working_days = false;    ///< count report_days in working days instead of calendar days

    /// How messages name the grant: `grant "<id>"`, or its title when it has no id.
    std::string named() const;
    /// The reporting periods in order (explicit or cut from period_months).
    /// Throws civica::validation_error when neither is usable, the dates are inconsistent, or
    /// a count is outside its range (check_grant_count).
    std::vector<period> periods() const;
};

/// The organisation a personal calendar is made for.
struct ngo_profile {
    std::string name;                       ///< for titles; may be empty
    int legal_form = 71400;                 ///< ОКОПФ code (71400: АНО)
    bool public_association = false;        ///< общественное объединение (82-FZ)
    bool socially_oriented = false;         ///< СО НКО (7-FZ art. 31.1)
    int employees = 0;                      ///< people employed (0: no payroll reports)
    tax_regime tax = tax_regime::usn;
    bool vat_payer = false;
    bool foreign_funds = false;             ///< money or property from foreign sources
    bool foreign_founders = false;          ///< foreign founders, members or participants
    money annual_income;                    ///< income (поступления) in the reported year
    /// State registration. A reporting period that ends before it is not reported, nor is the
    /// first year where a rule says it joins the next (deadline_rule::late_registration_month).
    /// Not a date: the organisation is taken to exist in every period.
    date registered;
    std::vector<grant_agreement> grants;    ///< grants whose reports fall in the calendar

    bool grant_recipient() const { return !grants.empty(); }

    /// A small socially oriented АНО on УСН with employees, no foreign money, income
    /// 1.5 million RUB: the profile used when none is given.
    static ngo_profile default_profile();
};

/// Who must file: every field that is set must match the profile, and if `any_of` is not
/// empty at least one of its conditions must match too.
struct condition {
    std::vector<int> legal_forms;           ///< ОКОПФ codes; empty: any
    std::vector<int> except_legal_forms;    ///< ОКОПФ codes the rule does not apply to
    std::optional<bool> public_association;
    std::optional<bool> socially_oriented;
    std::optional<bool> employees;          ///< true: has at least one employee
    std::optional<tax_regime> tax;
    std::optional<bool> vat_payer;
    std::optional<bool> foreign_funds;
    std::optional<bool> foreign_founders;
    std::optional<bool> grant_recipient;
    std::optional<money> income_above;      ///< income strictly greater than this
    std::optional<money> income_at_most;    ///< income not greater than this
    std::vector<condition> any_of;

    bool matches(const ngo_profile& p) const;
};

/// How often a report is due.
enum class period_kind {
    month,    ///< for each calendar month
    quarter,  ///< for each quarter
    year,     ///< for each calendar year
    event,    ///< after an event (a hire, a dismissal), no fixed date
    grant,    ///< on the dates of a grant agreement
};
std::string_view to_string(period_kind k);

/// When a report is due.
struct deadline_rule {
    period_kind period = period_kind::year;
    /// Which months (1..12) or quarters (1..4) are reported; empty: all.
    std::vector<int> only;
    /// Quarterly periods counted from 1 January (1st quarter, half-year, 9 months, year),
    /// as for 6-НДФЛ and РСВ; changes the period labels and the covered dates only.
    bool cumulative = false;
    /// The month of the deadline counted from the last month of the period (1: next month).
    int months_after = 1;
    /// Day of that month; 0 means the last day. A day past the month's end means its last day.
    int day = 25;
    /// For event rules: working days after the event (documentation; no date is computed).
    int working_days_after_event = 0;
    /// For event and grant rules: the deadline in words.
    text description;
    /// Move a deadline that falls on a day off to the next working day
    /// (Tax Code art. 6.1 p.7; Civil Code art. 193).
    bool shift = true;
    /// For grant rules: "analytical" or "financial".
    std::string grant_report;
    /// For year rules: an organisation registered in this month (1..12) or later reports its
    /// first year together with the next, so the rule gives no deadline for the year of its
    /// registration (402-FZ art. 15 p.3: from October for accounting statements; Tax Code
    /// art. 55 p.2: December for a tax return), and that report covers the days from the
    /// registration. 0: the first year is reported as any other.
    int late_registration_month = 0;
};

/// One reporting obligation of the catalogue.
struct obligation {
    std::string id;         ///< stable identifier, e.g. "usn_return"
    text report;            ///< what is filed
    text recipient;         ///< to whom
    condition who;          ///< who must file
    deadline_rule due;      ///< when
    std::optional<int> periods_from;   ///< first year of reporting periods covered
    std::optional<int> periods_until;  ///< last year of reporting periods covered
    /// First and last day of the deadlines the rule gives (before any shift), for changes
    /// that apply to filings from a date: 263-FZ of 14.07.2022 moved the РСВ for 2022 to
    /// 25 January 2023 while the one for 9 months of 2022 was still due on the 30th.
    date due_from;
    date due_until;
    text basis;             ///< legal basis
    text note;              ///< short hint shown with each deadline
    bool verified = true;   ///< false: the dates are not checked against a published calendar

    /// Whether the rule covers reporting periods of `year`.
    bool covers_period_year(int year) const {
        return (!periods_from || year >= *periods_from) && (!periods_until || year <= *periods_until);
    }
    /// Whether the rule gives deadlines on `d` (before shifting).
    bool covers_due_date(const date& d) const {
        return (due_from.is_not_a_date() || !(d < due_from)) && (due_until.is_not_a_date() || !(due_until < d));
    }
};

/// A list of obligations with unique ids.
class obligation_catalogue {
public:
    obligation_catalogue() = default;

    /// The catalogue bundled with civica (`<data>/calendar/obligations.json`, `<data>` as for
    /// production_calendar::bundled()), loaded once. Throws civica::io_error when no data
    /// folder is known.
    static const obligation_catalogue& bundled();

    /// Reads a rules file. Throws civica::io_error if it cannot be read and
    /// civica::parse_error naming file, line and field for a bad rule.
    static obligation_catalogue from_json(const std::filesystem::path& file);
    /// Same, from text; `source_name` is used in error messages.
    static obligation_catalogue from_json_text(std::string_view text,
                                               const std::string& source_name = "<text>");

    /// Adds the rules of `other`; a rule with an id already present replaces it.
    void merge(const obligation_catalogue& other);
    /// Reads a rules file and merges it.
    void load(const std::filesystem::path& file) { merge(from_json(file)); }
    /// Adds or replaces one rule; validation_error for a number a rules file could not hold
    /// (months_after outside 0..24, a day outside 0..31, a month past 12…).
    void add(obligation o);
    /// Removes the rule `id`; returns whether it was there.
    bool remove(std::string_view id);

    const std::vector<obligation>& obligations() const { return rules_; }
    /// The rule `id` or nullptr.
    const obligation* find(std::string_view id) const;
    std::size_t size() const { return rules_.size(); }

private:
    std::vector<obligation> rules_;
};

}  // namespace civica::calendar
