// civica._core.calendar: the production calendar, the obligations catalogue, the personal
// reporting calendar and its exports. The public Python API is civica.calendar (pure Python
// around this submodule); dates are datetime.date, money is decimal.Decimal (casters.hpp).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "casters.hpp"

#include "civica/calendar/icalendar.hpp"
#include "civica/calendar/obligations.hpp"
#include "civica/calendar/production_calendar.hpp"
#include "civica/calendar/reporting_calendar.hpp"
#include "civica/error.hpp"

#include <string>

namespace py = pybind11;
using namespace pybind11::literals;

namespace civica::python {
namespace {

namespace cal = civica::calendar;

py::dict deadline_record(const cal::deadline& d, cal::language lang) {
    py::dict r;
    r["date"] = date_to_py(d.due);
    r["original_date"] = date_to_py(d.original);
    r["shifted"] = d.shifted();
    r["title"] = cal::deadline_title(d, lang);
    r["report"] = d.report;
    r["recipient"] = d.recipient;
    r["period"] = d.period_label;
    r["period_start"] = date_to_py(d.covered.start);
    r["period_end"] = date_to_py(d.covered.end);
    r["basis"] = d.basis;
    r["note"] = d.note;
    r["obligation_id"] = d.obligation_id;
    r["grant_id"] = d.grant_id;
    r["verified"] = d.verified;
    r["key"] = d.key;
    return r;
}

py::dict obligation_record(const cal::obligation& o, cal::language lang) {
    py::dict r;
    r["id"] = o.id;
    r["report"] = o.report.in(lang);
    r["recipient"] = o.recipient.in(lang);
    r["period"] = std::string(cal::to_string(o.due.period));
    r["only"] = o.due.only;
    r["months_after"] = o.due.period == cal::period_kind::month || o.due.period == cal::period_kind::quarter ||
                                o.due.period == cal::period_kind::year
                            ? py::object(py::int_(o.due.months_after))
                            : py::object(py::none());
    r["day"] = o.due.day == 0 ? py::object(py::str("last")) : py::object(py::int_(o.due.day));
    r["shift"] = o.due.shift;
    r["periods_from"] = o.periods_from ? py::object(py::int_(*o.periods_from)) : py::object(py::none());
    r["periods_until"] = o.periods_until ? py::object(py::int_(*o.periods_until)) : py::object(py::none());
    r["due_from"] = date_to_py(o.due_from);
    r["due_until"] = date_to_py(o.due_until);
    r["basis"] = o.basis.in(lang);
    r["note"] = o.note.in(lang);
    r["verified"] = o.verified;
    return r;
}

cal::language lang_of(const std::string& s) { return cal::parse_language(s); }

}  // namespace

void register_calendar(py::module_& m) {
    py::module_ c = m.def_submodule("calendar", "Production calendar and NGO reporting calendar (civica.calendar)");
    c.attr("calendar_years") = py::make_tuple(cal::first_calendar_year, cal::last_calendar_year);
    c.attr("first_catalogue_year") = cal::first_catalogue_year;
    c.attr("max_period_months") = cal::max_period_months;
    c.attr("max_report_days") = cal::max_report_days;

    // ---- production calendar -------------------------------------------------------------
    py::class_<cal::production_calendar>(c, "ProductionCalendar",
                                         "Working, shortened and non-working days of the Russian production calendar.")
        .def(py::init<>())
        .def_static("bundled", [] { return cal::production_calendar::bundled(); },
                    "A copy of the calendar bundled with civica (2016-2027).")
        .def_static("from_csv", &cal::production_calendar::from_csv, "path"_a)
        .def_static("from_xmlcalendar", &cal::production_calendar::from_xmlcalendar, "path"_a)
        .def_static("from_xmlcalendar_text", &cal::production_calendar::from_xmlcalendar_text, "text"_a,
                    "source_name"_a = "<text>")
        .def("merge", &cal::production_calendar::merge, "other"_a)
        .def("load_xmlcalendar", &cal::production_calendar::load_xmlcalendar, "path"_a)
        .def_property(
            "weekends_only",
            [](const cal::production_calendar& self) {
                return self.get_unknown_year_policy() == cal::unknown_year_policy::weekends_only;
            },
            [](cal::production_calendar& self, bool on) {
                self.set_unknown_year_policy(on ? cal::unknown_year_policy::weekends_only
                                                : cal::unknown_year_policy::error);
            },
            "Treat unknown years as weekends-only (a guess) instead of raising NotFoundError.")
        .def_property_readonly("years", &cal::production_calendar::years)
        .def("knows_year", &cal::production_calendar::knows_year, "year"_a)
        .def("is_working_day", &cal::production_calendar::is_working_day, "d"_a)
        .def("is_shortened_day", &cal::production_calendar::is_shortened_day, "d"_a)
        .def("day_type", [](const cal::production_calendar& self, const date& d) {
            return std::string(cal::to_string(self.type(d)));
        }, "d"_a)
        .def("day_kind", [](const cal::production_calendar& self, const date& d) {
            return std::string(cal::to_string(self.kind(d)));
        }, "d"_a)
        .def("next_working_day", &cal::production_calendar::next_working_day, "d"_a)
        .def("previous_working_day", &cal::production_calendar::previous_working_day, "d"_a)
        .def("roll_forward", &cal::production_calendar::roll_forward, "d"_a)
        .def("add_working_days", &cal::production_calendar::add_working_days, "d"_a, "n"_a)
        .def("working_days_between", &cal::production_calendar::working_days_between, "a"_a, "b"_a)
        .def("special_days", [](const cal::production_calendar& self) {
            py::list out;
            for (const auto& s : self.special_days()) {
                py::dict r;
                r["date"] = date_to_py(s.day);
                r["kind"] = std::string(cal::to_string(s.kind));
                r["transferred_from"] = date_to_py(s.transferred_from);
                r["name"] = s.name;
                out.append(r);
            }
            return out;
        })
        .def("__repr__", [](const cal::production_calendar& self) {
            const auto ys = self.years();
            std::string r = "ProductionCalendar(years=";
            r += ys.empty() ? std::string("[]") : std::to_string(ys.front()) + ".." + std::to_string(ys.back());
            r += ", special_days=" + std::to_string(self.special_days().size());
            if (self.get_unknown_year_policy() == cal::unknown_year_policy::weekends_only) r += ", weekends_only=True";
            return r + ")";
        });

    // ---- obligations -------------------------------------------------------------------
    py::class_<cal::obligation_catalogue>(c, "ObligationCatalogue", "NGO reporting obligations (rules as data).")
        .def(py::init<>())
        .def_static("bundled", [] { return cal::obligation_catalogue::bundled(); },
                    "A copy of the catalogue bundled with civica.")
        .def_static("from_json", &cal::obligation_catalogue::from_json, "path"_a)
        .def_static("from_json_text", &cal::obligation_catalogue::from_json_text, "text"_a,
                    "source_name"_a = "<text>")
        .def("merge", &cal::obligation_catalogue::merge, "other"_a)
        .def("load", &cal::obligation_catalogue::load, "path"_a)
        .def("remove", &cal::obligation_catalogue::remove, "id"_a)
        .def("ids", [](const cal::obligation_catalogue& self) {
            std::vector<std::string> out;
            for (const auto& o : self.obligations()) out.push_back(o.id);
            return out;
        })
        .def("records", [](const cal::obligation_catalogue& self, const std::string& lang) {
            py::list out;
            for (const auto& o : self.obligations()) out.append(obligation_record(o, lang_of(lang)));
            return out;
        }, "lang"_a = "ru")
        .def("__len__", &cal::obligation_catalogue::size)
        .def("__contains__", [](const cal::obligation_catalogue& self, const std::string& id) {
            return self.find(id) != nullptr;
        })
        .def("__repr__", [](const cal::obligation_catalogue& self) {
            return "ObligationCatalogue(" + std::to_string(self.size()) + " rules)";
        });

    // ---- profile ------------------------------------------------------------------------
    py::class_<cal::grant_agreement>(c, "GrantAgreement")
        .def(py::init<>())
        .def_readwrite("id", &cal::grant_agreement::id)
        .def_readwrite("title", &cal::grant_agreement::title)
        .def_readwrite("grant_operator", &cal::grant_agreement::grant_operator)
        .def_readwrite("start", &cal::grant_agreement::start)
        .def_readwrite("end", &cal::grant_agreement::end)
        .def_property(
            "reporting_periods",
            [](const cal::grant_agreement& g) {
                py::list out;
                for (const auto& p : g.reporting_periods) out.append(py::make_tuple(date_to_py(p.start), date_to_py(p.end)));
                return out;
            },
            [](cal::grant_agreement& g, const std::vector<std::pair<date, date>>& ps) {
                g.reporting_periods.clear();
                for (const auto& [s, e] : ps) g.reporting_periods.push_back({s, e});
            })
        // The counts are checked as they are set (cal::check_grant_count), so that a count too
        // large for the model's int is named, not refused as "incompatible function arguments".
        .def_property(
            "period_months", [](const cal::grant_agreement& g) { return g.period_months; },
            [](cal::grant_agreement& g, long long v) {
                cal::check_grant_count(g.named(), "period_months", v, 0, cal::max_period_months);
                g.period_months = static_cast<int>(v);
            })
        .def_property(
            "report_days", [](const cal::grant_agreement& g) { return g.report_days; },
            [](cal::grant_agreement& g, long long v) {
                cal::check_grant_count(g.named(), "report_days", v, 0, cal::max_report_days);
                g.report_days = static_cast<int>(v);
            })
        .def_property(
            "final_report_days", [](const cal::grant_agreement& g) { return g.final_report_days; },
            [](cal::grant_agreement& g, long long v) {
                cal::check_grant_count(g.named(), "final_report_days", v, 0, cal::max_report_days);
                g.final_report_days = static_cast<int>(v);
            })
        .def_readwrite("working_days", &cal::grant_agreement::working_days)
        .def("periods", [](const cal::grant_agreement& g) {
            py::list out;
            for (const auto& p : g.periods()) out.append(py::make_tuple(date_to_py(p.start), date_to_py(p.end)));
            return out;
        });

    py::class_<cal::ngo_profile>(c, "NgoProfile")
        .def(py::init<>())
        .def_static("default", &cal::ngo_profile::default_profile)
        .def_readwrite("name", &cal::ngo_profile::name)
        .def_readwrite("legal_form", &cal::ngo_profile::legal_form)
        .def_readwrite("public_association", &cal::ngo_profile::public_association)
        .def_readwrite("socially_oriented", &cal::ngo_profile::socially_oriented)
        .def_readwrite("employees", &cal::ngo_profile::employees)
        .def_property(
            "tax_regime", [](const cal::ngo_profile& p) { return std::string(cal::to_string(p.tax)); },
            [](cal::ngo_profile& p, const std::string& s) { p.tax = cal::parse_tax_regime(s); })
        .def_readwrite("vat_payer", &cal::ngo_profile::vat_payer)
        .def_readwrite("foreign_funds", &cal::ngo_profile::foreign_funds)
        .def_readwrite("foreign_founders", &cal::ngo_profile::foreign_founders)
        .def_readwrite("annual_income", &cal::ngo_profile::annual_income)
        .def_readwrite("registered", &cal::ngo_profile::registered)
        .def_readwrite("grants", &cal::ngo_profile::grants);

    c.def("is_public_association_form", &cal::is_public_association_form, "okopf"_a);
    c.def("foreign_founder_by_form", &cal::foreign_founder_by_form, "okopf"_a);
    c.def("foreign_founders_problem", &cal::foreign_founders_problem, "okopf"_a, "foreign_founders"_a,
          "Why a profile of the legal form okopf cannot have foreign_founders, or ''.");
    c.def("public_association_problem", &cal::public_association_problem, "okopf"_a, "public_association"_a,
          "Why a profile of the legal form okopf cannot have public_association, or ''.");
    c.def("legal_form_problem", &cal::legal_form_problem, "okopf"_a,
          "Why okopf cannot be an NGO profile's legal form, or '' for a non-profit form civica knows.");

    // ---- personal calendar --------------------------------------------------------------
    py::class_<cal::personal_calendar>(c, "PersonalCalendar",
                                       "An NGO's reporting deadlines of one year, as civica.calendar.personal_calendar\n"
                                       "makes them: `year`, `organization`, `lang`, `records()` (one dict per deadline,\n"
                                       "sorted by due date) and `event_driven()` (the reports due after an event, without\n"
                                       "a date). civica.calendar.reporting_calendar gives the same deadlines as a DataFrame.")
        .def_readonly("year", &cal::personal_calendar::year)
        .def_readonly("organization", &cal::personal_calendar::organization)
        .def_property_readonly("lang", [](const cal::personal_calendar& self) {
            return self.lang == cal::language::en ? "en" : "ru";
        })
        .def("records", [](const cal::personal_calendar& self) {
            py::list out;
            for (const auto& d : self.deadlines) out.append(deadline_record(d, self.lang));
            return out;
        })
        .def("event_driven", [](const cal::personal_calendar& self) {
            py::list out;
            for (const auto& e : self.event_driven) {
                py::dict r;
                r["obligation_id"] = e.obligation_id;
                r["report"] = e.report;
                r["recipient"] = e.recipient;
                r["when"] = e.when;
                r["basis"] = e.basis;
                r["note"] = e.note;
                out.append(r);
            }
            return out;
        })
        .def("to_icalendar",
             [](const cal::personal_calendar& self, int alarm_days, const std::string& uid_domain,
                const std::string& uid_prefix, const std::string& calendar_name, const std::string& dtstamp) {
                 cal::ics_options o;
                 o.alarm_days = alarm_days;
                 o.uid_domain = uid_domain;
                 o.uid_prefix = uid_prefix;
                 o.calendar_name = calendar_name;
                 o.dtstamp = dtstamp;
                 return cal::to_icalendar(self, o);
             },
             py::kw_only(), "alarm_days"_a = 3, "uid_domain"_a = "civica.calendar", "uid_prefix"_a = "",
             "calendar_name"_a = "", "dtstamp"_a = "")
        .def("to_csv", [](const cal::personal_calendar& self) { return cal::to_csv(self); })
        .def("to_markdown", [](const cal::personal_calendar& self) { return cal::to_markdown(self); })
        .def("__len__", [](const cal::personal_calendar& self) { return self.deadlines.size(); })
        .def("__repr__", [](const cal::personal_calendar& self) {
            return "PersonalCalendar(year=" + std::to_string(self.year) + ", deadlines=" +
                   std::to_string(self.deadlines.size()) + ")";
        });

    c.def(
        "reporting_calendar",
        [](const cal::ngo_profile& profile, int year, const std::string& lang, const cal::obligation_catalogue* rules,
           const cal::production_calendar* days) {
            cal::calendar_options o;
            o.lang = lang_of(lang);
            o.catalogue = rules;
            o.days = days;
            return cal::reporting_calendar(profile, year, o);
        },
        "profile"_a, "year"_a, py::kw_only(), "lang"_a = "ru", "catalogue"_a = nullptr, "calendar"_a = nullptr);
}

}  // namespace civica::python
