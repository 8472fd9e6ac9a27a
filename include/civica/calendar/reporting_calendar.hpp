#pragma once
/// \file
/// The personal reporting calendar of an NGO: every deadline that falls in a calendar year.
///
/// ```cpp
/// using namespace civica::calendar;
/// ngo_profile p = ngo_profile::default_profile();
/// personal_calendar cal = reporting_calendar(p, 2021);
/// for (const deadline& d : cal.deadlines)
///     std::cout << civica::format_date(d.due) << ' ' << d.report << '\n';
/// ```
///
/// Design notes
/// - A deadline belongs to the year it falls in after the shift to a working day, so the
///   annual reports for Y-1, the fourth-quarter and December reports of Y-1 and the reports
///   for the periods of Y itself all appear in the calendar of Y.
/// - Only federal deadlines: regional holidays do not shift them (DOMAIN.md section 5).

#include "civica/calendar/obligations.hpp"
#include "civica/calendar/production_calendar.hpp"
#include "civica/core/date.hpp"

#include <string>
#include <vector>

namespace civica {
struct organization;
}

namespace civica::calendar {

/// One dated deadline of a personal calendar.
struct deadline {
    date due;                  ///< the day the report is due (after any shift)
    date original;             ///< the day the rule gives; equals `due` unless shifted
    std::string obligation_id; ///< id of the rule in the catalogue
    std::string report;        ///< what is filed
    std::string recipient;     ///< to whom
    period covered;            ///< the reporting period (from the registration for the first one)
    std::string period_label;  ///< "2022 год", "1 квартал 2023", "January 2023", ...
    std::string basis;         ///< legal basis
    std::string note;          ///< short hint (who files, what changed, shift)
    std::string grant_id;      ///< for grant reports: the grant's id
    bool verified = true;      ///< false when the rule's dates are not checked against a calendar
    /// A key that identifies this deadline across exports and calendar updates: the rule id,
    /// the grant id if any and the period (e.g. "rsv/2023-Q1"). iCalendar UIDs derive from it.
    std::string key;

    bool shifted() const { return due != original; }
};

/// An obligation that has no fixed date (e.g. ЕФС-1 after each hire or dismissal).
struct event_obligation {
    std::string obligation_id;
    std::string report;
    std::string recipient;
    std::string when;   ///< the deadline in words
    std::string basis;
    std::string note;
};

/// The calendar of one organisation for one year.
struct personal_calendar {
    int year = 0;
    language lang = language::ru;
    std::string organization;                   ///< the profile's name
    std::vector<deadline> deadlines;            ///< by date, then report
    std::vector<event_obligation> event_driven; ///< obligations without a fixed date
};

/// Where the rules and the production calendar come from.
struct calendar_options {
    language lang = language::ru;
    /// The rules; nullptr: obligation_catalogue::bundled().
    const obligation_catalogue* catalogue = nullptr;
    /// The production calendar; nullptr: production_calendar::bundled().
    const production_calendar* days = nullptr;
};

/// Every deadline of `profile` that falls in `year`. Throws civica::not_found_error when the
/// production calendar does not know a year it needs (and has no weekends-only fallback),
/// civica::validation_error for an inconsistent grant agreement and for a control character
/// (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+007F) in the profile's name or a grant's
/// id, title or operator, naming the field: titles and iCalendar text cannot carry one.
/// Without rules or a production calendar in `options`, the bundled ones are read: civica::io_error
/// when no data folder is known (civica/text/data_dir.hpp) or they cannot be read.
personal_calendar reporting_calendar(const ngo_profile& profile, int year,
                                     const calendar_options& options = {});

/// The label of a reporting period: "2022 год", "1 квартал 2023", "полугодие 2023",
/// "январь 2023" (English: "2022", "Q1 2023", "H1 2023", "January 2023"). `index` is the month
/// (1..12) of a `month` period and the quarter (1..4) of a `quarter` one, counted from 1 January
/// when `cumulative` ("полугодие" is the cumulative 2nd quarter); other kinds ignore it and
/// `cumulative`, and an `event` or `grant` period is labelled by its year alone. Throws
/// civica::validation_error for a month or quarter index out of its range.
std::string period_label(period_kind kind, int year, int index, bool cumulative, language lang);

/// Why `okopf` cannot be an NGO profile's legal form ("12300 is not a non-profit ОКОПФ code
/// civica knows (…)"), or an empty string for a non-profit form civica knows: the one rule of
/// reporting_calendar, the Python NgoProfile and `civica calendar --legal-form`.
std::string legal_form_problem(int okopf);

/// Whether an organisation of the ОКОПФ form `okopf` has a foreign founder by its form: a branch
/// (structural subdivision) of a foreign NGO, 71610, is the foreign organisation's own.
bool foreign_founder_by_form(int okopf);

/// Why a profile's `foreign_founders` cannot be `foreign_founders` with the legal form `okopf`
/// (a branch of a foreign NGO without a foreign founder), or an empty string: the one rule of
/// reporting_calendar, the Python NgoProfile and `civica calendar`. The simplified statement to
/// the Ministry of Justice is for NGOs without foreign founders (7-FZ art. 32 p.3.1; DOMAIN.md
/// section 5), so a branch given none would be given it.
std::string foreign_founders_problem(int okopf, bool foreign_founders);

/// Whether an ОКОПФ code is a form of public association under 82-FZ art. 7 (public
/// organisation, movement, foundation, institution, body of public initiative, political party).
bool is_public_association_form(int okopf);

/// Why a profile's `public_association` cannot be false with the legal form `okopf` (a form of
/// public association by law: is_public_association_form), or an empty string: the one rule of
/// reporting_calendar, the Python NgoProfile and `civica calendar`. A public association reports
/// to the Ministry of Justice on form ОН0003 (DOMAIN.md section 5), so one said not to be would
/// be given another NGO's reports.
std::string public_association_problem(int okopf, bool public_association);

/// A profile for an organisation of a dataset: legal form, registration date, socially
/// oriented and public association flags and the name come from it (and foreign founders for
/// a form that has them, foreign_founder_by_form); the rest (employees, tax
/// regime, income, grants) are not part of the organisation model and keep the values of
/// `base`, as does the legal form when the organisation's ОКОПФ is not recorded (0). Throws
/// civica::validation_error for an organisation that is not a non-profit (`nonprofit` false).
ngo_profile profile_from(const organization& org, const ngo_profile& base = ngo_profile{});

}  // namespace civica::calendar
