// civica._core.analysis: the C++ analyses, returning plain Python values (dicts of lists) that
// python/civica/analysis.py turns into pandas DataFrames and small result objects.
//
// Design notes: every analysis of a dataset runs with the GIL released under a reading_guard
// (so Python cannot change the dataset meanwhile); the result is converted to Python objects
// only after the GIL is taken back. Filters arrive as a dict of lists (the Python layer
// normalises scalars); unknown keys are an error, so a typo does not silently select everything.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "casters.hpp"
#include "dataset_access.hpp"

#include "civica/analysis/aggregate.hpp"
#include "civica/analysis/concentration.hpp"
#include "civica/analysis/councils.hpp"
#include "civica/analysis/distributions.hpp"
#include "civica/analysis/ranking.hpp"
#include "civica/analysis/rates.hpp"
#include "civica/analysis/indicators.hpp"
#include "civica/analysis/reconcile.hpp"
#include "civica/analysis/registry.hpp"
#include "civica/analysis/series.hpp"
#include "civica/analysis/training.hpp"
#include "civica/analysis/trend.hpp"
#include "civica/error.hpp"
#include "civica/model/dataset.hpp"

#include <string>
#include <vector>

namespace civica::python {
namespace py = pybind11;
namespace an = civica::analysis;

namespace {

template <class F>
auto run(const dataset& d, F&& f) {
    reading_guard guard(d);
    py::gil_scoped_release nogil;
    return f();
}

std::vector<std::string> strings(const py::dict& f, const char* key) {
    std::vector<std::string> out;
    if (f.contains(key))
        for (auto h : f[key]) out.push_back(py::cast<std::string>(h));
    return out;
}

an::application_filter filter_from(const py::dict& f) {
    static const std::vector<std::string> known{"years", "programme_kinds", "programmes", "operators", "competitions",
                                                "municipalities", "directions", "statuses", "applicant_type"};
    for (auto item : f) {
        const auto k = py::cast<std::string>(item.first);
        if (std::find(known.begin(), known.end(), k) == known.end()) {
            std::string list;
            for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
            throw validation_error("unknown filter \"" + k + "\" (filters: " + list + ")");
        }
    }
    an::application_filter out;
    if (f.contains("years"))
        for (auto h : f["years"]) out.years.push_back(py::cast<int>(h));
    for (const auto& s : strings(f, "programme_kinds")) out.programme_kinds.push_back(parse_programme_kind(s));
    out.programmes = strings(f, "programmes");
    out.operators = strings(f, "operators");
    out.competitions = strings(f, "competitions");
    out.municipalities = strings(f, "municipalities");
    out.directions = strings(f, "directions");
    for (const auto& s : strings(f, "statuses")) out.statuses.push_back(parse_application_status(s));
    if (f.contains("applicant_type") && !f["applicant_type"].is_none())
        out.applicant_type = parse_applicant_kind(py::cast<std::string>(f["applicant_type"]));
    return out;
}

std::vector<an::dimension> dimensions_from(const std::vector<std::string>& names) {
    std::vector<an::dimension> out;
    for (const auto& n : names) out.push_back(an::parse_dimension(n));
    return out;
}

py::dict to_py(const an::estimate& e) {
    py::dict d;
    d["value"] = e.value;
    d["kind"] = std::string(an::to_string(e.kind));
    d["strict"] = e.strict;
    return d;
}

an::estimate estimate_from(double value, const std::string& kind, bool strict) {
    return an::estimate{value, an::parse_estimate_kind(kind), strict};
}

py::dict to_py(const an::proportion& p) {
    py::dict d;
    d["successes"] = p.successes;
    d["trials"] = p.trials;
    d["estimate"] = p.estimate;
    d["lower"] = p.lower;
    d["upper"] = p.upper;
    d["level"] = p.level;
    return d;
}

py::dict to_py(const an::proportion_difference& p) {
    py::dict d;
    d["first"] = to_py(p.first);
    d["second"] = to_py(p.second);
    d["estimate"] = p.estimate;
    d["lower"] = p.lower;
    d["upper"] = p.upper;
    d["level"] = p.level;
    return d;
}

py::dict to_py(const an::yearly_series& s) {
    py::dict d;
    std::vector<int> years;
    std::vector<double> values;
    std::vector<std::string> quals;
    for (const auto& p : s.points()) {
        years.push_back(p.year);
        values.push_back(p.value);
        quals.emplace_back(to_string(p.qual));
    }
    d["name"] = s.name();
    d["unit"] = s.unit();
    d["years"] = years;
    d["values"] = values;
    d["qualifiers"] = quals;
    return d;
}

an::yearly_series series_from(const std::vector<int>& years, const std::vector<double>& values,
                              const std::vector<std::string>& quals) {
    if (years.size() != values.size() || (!quals.empty() && quals.size() != years.size()))
        throw validation_error("a series needs as many years as values (and qualifiers)");
    an::yearly_series s("series");
    for (std::size_t i = 0; i < years.size(); ++i) {
        if (s.contains(years[i])) throw validation_error("year " + std::to_string(years[i]) + " appears twice");
        s.set(years[i], values[i], quals.empty() ? qualifier::exact : parse_qualifier(quals[i]));
    }
    return s;
}

py::dict totals_columns(const std::vector<an::application_group>& groups) {
    std::vector<std::int64_t> apps, winners, decided, withdrawn, rejected, requested, winners_requested, awarded,
        applicants, winning_applicants;
    for (const auto& g : groups) {
        const auto& t = g.totals;
        apps.push_back(t.applications);
        winners.push_back(t.winners());
        decided.push_back(t.decided());
        withdrawn.push_back(t.count(application_status::withdrawn));
        rejected.push_back(t.count(application_status::rejected));
        requested.push_back(t.requested_kopecks);
        winners_requested.push_back(t.winners_requested_kopecks);
        awarded.push_back(t.awarded_kopecks);
        applicants.push_back(static_cast<std::int64_t>(t.applicants.size()));
        winning_applicants.push_back(static_cast<std::int64_t>(t.winning_applicants.size()));
    }
    py::dict d;
    d["applications"] = apps;
    d["winners"] = winners;
    d["decided"] = decided;
    d["rejected"] = rejected;
    d["withdrawn"] = withdrawn;
    d["applicants"] = applicants;
    d["winning_applicants"] = winning_applicants;
    d["requested_kopecks"] = requested;
    d["winners_requested_kopecks"] = winners_requested;
    d["awarded_kopecks"] = awarded;
    return d;
}

py::dict outcome_table_to_py(const an::grant_outcome_table& t, bool with_total = true) {
    py::dict d;
    if (with_total) {
        an::grant_outcome_table total;
        total.by = t.by;
        total.level = t.level;
        total.rows.push_back(t.total);
        d["total"] = outcome_table_to_py(total, false);
    }
    std::vector<std::string> by;
    for (auto x : t.by) by.emplace_back(an::to_string(x));
    d["by"] = by;
    d["level"] = t.level;
    std::vector<std::vector<std::string>> keys, labels;
    std::vector<double> rate, lower, upper, requested, awarded, share, mean, median, per_capita;
    std::vector<std::string> munis;
    std::vector<py::object> population;
    std::vector<int> pop_year;
    std::vector<std::int64_t> apps, winners, decided, withdrawn, applicants, winning_applicants, winners_requested;
    for (const auto& r : t.rows) {
        keys.push_back(r.key);
        labels.push_back(r.label);
        apps.push_back(r.totals.applications);
        winners.push_back(r.totals.winners());
        decided.push_back(r.totals.decided());
        withdrawn.push_back(r.totals.count(application_status::withdrawn));
        applicants.push_back(static_cast<std::int64_t>(r.totals.applicants.size()));
        winning_applicants.push_back(static_cast<std::int64_t>(r.totals.winning_applicants.size()));
        rate.push_back(r.success.estimate);
        lower.push_back(r.success.lower);
        upper.push_back(r.success.upper);
        requested.push_back(r.requested_rub);
        winners_requested.push_back(r.totals.winners_requested_kopecks);
        awarded.push_back(r.awarded_rub);
        share.push_back(r.awarded_share_of_requested);
        mean.push_back(r.mean_grant_rub);
        median.push_back(r.median_grant_rub);
        munis.push_back(r.municipality);
        population.push_back(r.population ? py::object(py::int_(*r.population)) : py::object(py::none()));
        pop_year.push_back(r.population_year);
        per_capita.push_back(r.awarded_per_capita_rub);
    }
    d["keys"] = keys;
    d["labels"] = labels;
    d["applications"] = apps;
    d["winners"] = winners;
    d["decided"] = decided;
    d["withdrawn"] = withdrawn;
    d["applicants"] = applicants;
    d["winning_applicants"] = winning_applicants;
    d["success_rate"] = rate;
    d["success_lower"] = lower;
    d["success_upper"] = upper;
    d["requested_rub"] = requested;
    d["winners_requested_kopecks"] = winners_requested;
    d["awarded_rub"] = awarded;
    d["awarded_share_of_requested"] = share;
    d["mean_grant_rub"] = mean;
    d["median_grant_rub"] = median;
    d["municipality"] = munis;
    d["population"] = population;
    d["population_year"] = pop_year;
    d["awarded_per_capita_rub"] = per_capita;
    return d;
}

py::dict forecasts_to_py(const std::vector<an::forecast>& fs) {
    std::vector<double> year, mean, lower, upper;
    std::vector<std::string> kind;
    std::vector<bool> strict;
    for (const auto& f : fs) {
        year.push_back(f.year);
        mean.push_back(f.mean);
        lower.push_back(f.lower);
        upper.push_back(f.upper);
        kind.emplace_back(an::to_string(f.kind));
        strict.push_back(f.strict);
    }
    py::dict d;
    d["year"] = year;
    d["mean"] = mean;
    d["lower"] = lower;
    d["upper"] = upper;
    d["kind"] = kind;
    d["strict"] = strict;
    return d;
}

}  // namespace

void register_analysis(py::module_& m) {
    py::module_ a = m.def_submodule("analysis", "Analyses of datasets (civica.analysis wraps these).");

    // ---- distributions
    a.def("student_t_quantile", &an::student_t_quantile, py::arg("p"), py::arg("dof"));
    a.def("student_t_cdf", &an::student_t_cdf, py::arg("t"), py::arg("dof"));
    a.def("normal_quantile", &an::normal_quantile, py::arg("p"));
    a.def("incomplete_beta", &an::incomplete_beta, py::arg("x"), py::arg("a"), py::arg("b"));

    // ---- growth
    a.def("cagr", py::overload_cast<double, double, double>(&an::cagr), py::arg("first"), py::arg("last"),
          py::arg("years"));
    a.def(
        "cagr_estimate",
        [](double first, const std::string& first_kind, bool first_strict, double last, const std::string& last_kind,
           bool last_strict, double years) {
            return to_py(an::cagr(estimate_from(first, first_kind, first_strict),
                                  estimate_from(last, last_kind, last_strict), years));
        },
        py::arg("first"), py::arg("first_kind"), py::arg("first_strict"), py::arg("last"), py::arg("last_kind"),
        py::arg("last_strict"), py::arg("years"));
    a.def(
        "from_qualifier", [](double value, const std::string& q) { return to_py(an::from_qualifier(value, parse_qualifier(q))); },
        py::arg("value"), py::arg("qualifier"));
    a.def(
        "year_on_year",
        [](const std::vector<int>& years, const std::vector<double>& values, const std::vector<std::string>& quals) {
            py::list out;
            for (const auto& c : an::year_on_year(series_from(years, values, quals))) {
                py::dict d;
                d["from_year"] = c.from_year;
                d["to_year"] = c.to_year;
                d["years"] = c.years;
                d["from"] = to_py(c.from);
                d["to"] = to_py(c.to);
                d["absolute"] = to_py(c.absolute);
                d["relative"] = to_py(c.relative);
                out.append(d);
            }
            return out;
        },
        py::arg("years"), py::arg("values"), py::arg("qualifiers"));
    a.def(
        "growth",
        [](const std::vector<int>& years, const std::vector<double>& values, const std::vector<std::string>& quals,
           int from_year, int to_year) {
            const auto g = an::cagr(series_from(years, values, quals), from_year, to_year);
            py::dict d;
            d["from_year"] = g.from_year;
            d["to_year"] = g.to_year;
            d["years"] = g.years;
            d["first"] = to_py(g.first);
            d["last"] = to_py(g.last);
            d["rate"] = to_py(g.rate);
            return d;
        },
        py::arg("years"), py::arg("values"), py::arg("qualifiers"), py::arg("from_year"), py::arg("to_year"));

    // ---- trends
    py::class_<an::trend_fit>(a, "TrendFit", "A least-squares trend (use civica.analysis.fit_trend).")
        .def_property_readonly("model", [](const an::trend_fit& f) { return std::string(an::to_string(f.model())); })
        .def_property_readonly("intercept", &an::trend_fit::intercept)
        .def_property_readonly("slope", &an::trend_fit::slope)
        .def_property_readonly("intercept_stderr", &an::trend_fit::intercept_stderr)
        .def_property_readonly("slope_stderr", &an::trend_fit::slope_stderr)
        .def_property_readonly("covariance", &an::trend_fit::covariance)
        .def_property_readonly("r2", &an::trend_fit::r2)
        .def_property_readonly("residual_stderr", &an::trend_fit::residual_stderr)
        .def_property_readonly("n", &an::trend_fit::n)
        .def_property_readonly("dof", &an::trend_fit::dof)
        .def_property_readonly("annual_growth", &an::trend_fit::annual_growth)
        .def_property_readonly("slope_estimate", [](const an::trend_fit& f) { return to_py(f.slope_estimate()); })
        .def_property_readonly("intercept_estimate", [](const an::trend_fit& f) { return to_py(f.intercept_estimate()); })
        .def_property_readonly("years", &an::trend_fit::years)
        .def_property_readonly("values", &an::trend_fit::values)
        .def(
            "predict",
            [](const an::trend_fit& f, const std::vector<double>& years, double level, const std::string& interval) {
                an::interval_kind k;
                if (interval == "prediction") k = an::interval_kind::prediction;
                else if (interval == "confidence") k = an::interval_kind::confidence;
                else throw validation_error("interval \"" + interval + "\" is not prediction or confidence");
                return forecasts_to_py(f.predict(years, level, k));
            },
            py::arg("years"), py::arg("level") = 0.95, py::arg("interval") = "prediction");
    a.def(
        "fit_trend",
        [](const std::vector<double>& years, const std::vector<double>& values, const std::string& model,
           const std::vector<std::string>& quals) {
            std::vector<an::estimate> in;
            for (std::size_t i = 0; i < quals.size(); ++i)
                in.push_back(an::from_qualifier(i < values.size() ? values[i] : 0, parse_qualifier(quals[i])));
            return an::fit_trend(years, values, an::parse_trend_model(model), in);
        },
        py::arg("years"), py::arg("values"), py::arg("model") = "linear", py::arg("qualifiers") = std::vector<std::string>{});

    // ---- proportions, concentration, ranks
    a.def(
        "wilson_interval", [](std::int64_t k, std::int64_t n, double level) { return to_py(an::wilson_interval(k, n, level)); },
        py::arg("successes"), py::arg("trials"), py::arg("level") = 0.95);
    a.def(
        "difference_of_proportions",
        [](std::int64_t k1, std::int64_t n1, std::int64_t k2, std::int64_t n2, double level) {
            return to_py(an::difference_of_proportions(k1, n1, k2, n2, level));
        },
        py::arg("successes1"), py::arg("trials1"), py::arg("successes2"), py::arg("trials2"), py::arg("level") = 0.95);
    a.def("hhi", [](const std::vector<double>& v) { return an::hhi(v); }, py::arg("values"));
    a.def("gini", [](const std::vector<double>& v) { return an::gini(v); }, py::arg("values"));
    a.def("top_share", [](const std::vector<double>& v, std::size_t k) { return an::top_share(v, k); }, py::arg("values"),
          py::arg("k"));
    a.def(
        "lorenz_curve",
        [](const std::vector<double>& v) {
            std::vector<double> p, s;
            for (const auto& pt : an::lorenz_curve(v)) {
                p.push_back(pt.population_share);
                s.push_back(pt.value_share);
            }
            return py::make_tuple(p, s);
        },
        py::arg("values"));
    a.def(
        "rank",
        [](const std::vector<double>& v, const std::string& method, bool descending) {
            return an::rank(v, an::parse_rank_method(method), descending);
        },
        py::arg("values"), py::arg("method") = "min", py::arg("descending") = true);

    // ---- dataset analyses
    a.def(
        "series_from_indicators",
        [](const dataset& d, const std::string& key, const std::string& territory, const std::string& breakdown) {
            return to_py(run(d, [&] { return an::series_from_indicators(d, key, territory, breakdown); }));
        },
        py::arg("dataset"), py::arg("key"), py::arg("territory") = "", py::arg("breakdown") = "");
    a.def(
        "application_series",
        [](const dataset& d, const std::string& measure, const py::dict& filter) {
            const auto f = filter_from(filter);
            const auto m = an::parse_measure(measure);
            return to_py(run(d, [&] { return an::application_series(d, m, f); }));
        },
        py::arg("dataset"), py::arg("measure"), py::arg("filter"));
    a.def(
        "application_series_by",
        [](const dataset& d, const std::string& measure, const std::string& by, const py::dict& filter) {
            const auto f = filter_from(filter);
            const auto m = an::parse_measure(measure);
            const auto dim = an::parse_dimension(by);
            const auto r = run(d, [&] { return an::application_series_by(d, m, dim, f); });
            py::list out;
            for (const auto& s : r) {
                py::dict x = to_py(s.series);
                x["key"] = s.key;
                x["label"] = s.label;
                out.append(x);
            }
            return out;
        },
        py::arg("dataset"), py::arg("measure"), py::arg("by"), py::arg("filter"));
    a.def(
        "group_applications",
        [](const dataset& d, const std::vector<std::string>& by, const py::dict& filter, std::size_t first_row,
           std::size_t last_row) {
            const auto f = filter_from(filter);
            const auto dims = dimensions_from(by);
            const auto g = run(d, [&] { return an::group_applications(d, dims, f, first_row, last_row); });
            py::dict out = totals_columns(g.groups());
            std::vector<std::vector<std::string>> keys, labels;
            for (const auto& grp : g.groups()) {
                keys.push_back(grp.key);
                labels.push_back(grp.label);
            }
            out["keys"] = keys;
            out["labels"] = labels;
            out["by"] = by;
            return out;
        },
        py::arg("dataset"), py::arg("by"), py::arg("filter"), py::arg("first_row") = 0,
        py::arg("last_row") = std::numeric_limits<std::size_t>::max());
    a.def(
        "grant_outcomes",
        [](const dataset& d, const std::vector<std::string>& by, const py::dict& filter, double level) {
            const auto f = filter_from(filter);
            const auto dims = dimensions_from(by);
            return outcome_table_to_py(run(d, [&] { return an::grant_outcomes(d, dims, f, level); }));
        },
        py::arg("dataset"), py::arg("by"), py::arg("filter"), py::arg("level") = 0.95);
    a.def(
        "rank_by",
        [](const dataset& d, const std::string& entity, const std::string& measure, const py::dict& filter,
           const std::string& method, bool per_capita) {
            const auto f = filter_from(filter);
            const auto e = an::parse_dimension(entity);
            const auto ms = an::parse_measure(measure);
            const auto mt = an::parse_rank_method(method);
            const auto r = run(d, [&] { return an::rank_by(d, e, ms, f, mt, per_capita); });
            std::vector<std::string> keys, labels;
            std::vector<double> values, ranks;
            std::vector<py::object> population;
            std::vector<int> pop_year;
            for (const auto& row : r.rows) {
                keys.push_back(row.key);
                labels.push_back(row.label);
                values.push_back(row.value);
                ranks.push_back(row.rank);
                population.push_back(row.population ? py::object(py::int_(*row.population)) : py::object(py::none()));
                pop_year.push_back(row.population_year);
            }
            py::dict out;
            out["keys"] = keys;
            out["labels"] = labels;
            out["values"] = values;
            out["ranks"] = ranks;
            out["population"] = population;
            out["population_year"] = pop_year;
            out["margin"] = r.margin();
            std::vector<std::string> leaders;
            for (const auto* l : r.leaders()) leaders.push_back(l->key);
            out["leaders"] = leaders;
            return out;
        },
        py::arg("dataset"), py::arg("entity"), py::arg("measure"), py::arg("filter"), py::arg("method") = "min",
        py::arg("per_capita") = false);
    a.def(
        "recipient_concentration",
        [](const dataset& d, const py::dict& filter, const std::vector<std::size_t>& top_k) {
            const auto f = filter_from(filter);
            const auto c = run(d, [&] { return an::recipient_concentration(d, f, top_k); });
            py::dict out;
            out["recipients"] = c.recipients;
            out["awarded_rub"] = c.awarded_rub;
            out["hhi"] = c.hhi;
            out["gini"] = c.gini;
            out["top_k"] = c.top_k;
            out["top_shares"] = c.top_shares;
            out["recipient_keys"] = c.recipient_keys;
            out["recipient_amounts_rub"] = c.recipient_amounts_rub;
            return out;
        },
        py::arg("dataset"), py::arg("filter"), py::arg("top_k") = std::vector<std::size_t>{1, 5, 10});
    a.def(
        "winners_over_time",
        [](const dataset& d, const py::dict& filter) {
            const auto f = filter_from(filter);
            const auto w = run(d, [&] { return an::winners_over_time(d, f); });
            std::vector<int> years;
            std::vector<std::int64_t> winners, first, returning;
            std::vector<double> awarded;
            for (const auto& y : w.years) {
                years.push_back(y.year);
                winners.push_back(y.winners);
                first.push_back(y.first_time);
                returning.push_back(y.returning);
                awarded.push_back(y.awarded_rub);
            }
            py::dict out;
            out["year"] = years;
            out["winners"] = winners;
            out["first_time"] = first;
            out["returning"] = returning;
            out["awarded_rub"] = awarded;
            out["distinct_winners"] = w.distinct_winners;
            out["repeat_winners"] = w.repeat_winners;
            return out;
        },
        py::arg("dataset"), py::arg("filter"));
    a.def(
        "council_activity",
        [](const dataset& d, int year, const std::string& territory) {
            const auto s = run(d, [&] { return an::council_activity(d, year, territory); });
            py::list bodies;
            for (const auto& b : s.bodies) {
                py::dict x;
                x["id"] = b.id;
                x["name"] = b.name;
                x["kind"] = std::string(to_string(b.kind));
                x["meetings"] = b.meetings;
                x["agenda_questions"] = b.agenda_questions;
                x["questions_per_meeting"] = b.questions_per_meeting;
                x["topics"] = b.topics;
                x["meetings_by_month"] = b.meetings_by_month;
                x["terms_started"] = b.terms_started;
                bodies.append(x);
            }
            py::dict out;
            out["year"] = s.year;
            out["territory"] = s.territory;
            out["bodies"] = bodies;
            out["public_councils"] = s.public_councils;
            out["public_chambers"] = s.public_chambers;
            out["other_bodies"] = s.other_bodies;
            out["collegial_bodies"] = s.collegial_bodies;
            out["meetings"] = s.meetings;
            out["agenda_questions"] = s.agenda_questions;
            out["questions_per_meeting"] = s.questions_per_meeting;
            out["topics"] = s.topics;
            out["meetings_by_month"] = s.meetings_by_month;
            out["questions_by_topic"] = s.questions_by_topic;
            out["other_meetings"] = s.other_meetings;
            out["other_agenda_questions"] = s.other_agenda_questions;
            out["bodies_without_meetings"] = s.bodies_without_meetings;
            out["renewed_bodies"] = s.renewed_bodies;
            return out;
        },
        py::arg("dataset"), py::arg("year"), py::arg("territory") = "");
    a.def(
        "ngo_registry",
        [](const dataset& d, int year, const std::string& territory) {
            const auto r = run(d, [&] { return an::ngo_registry(d, year, territory); });
            auto counts = [](const std::vector<an::count_row>& rows) {
                py::list l;
                for (const auto& c : rows) l.append(py::make_tuple(c.key, c.label, c.count));
                return l;
            };
            py::dict out;
            out["year"] = r.year;
            out["territory"] = r.territory;
            out["organizations"] = r.organizations;
            out["unknown_registration"] = r.unknown_registration;
            out["socially_oriented"] = r.socially_oriented;
            out["public_associations"] = r.public_associations;
            out["tos"] = r.tos;
            out["volunteer_associations"] = r.volunteer_associations;
            out["socially_oriented_share"] = r.socially_oriented_share;
            out["by_legal_form"] = counts(r.by_legal_form);
            out["by_sphere"] = counts(r.by_sphere);
            out["by_municipality"] = counts(r.by_municipality);
            out["registrations_by_year"] = r.registrations_by_year;
            return out;
        },
        py::arg("dataset"), py::arg("year"), py::arg("territory") = "");
    a.def(
        "training_activity",
        [](const dataset& d, int year, const std::string& territory, double level) {
            const auto t = run(d, [&] { return an::training_activity(d, year, territory, level); });
            py::list courses;
            for (const auto& c : t.courses) {
                py::dict x;
                x["id"] = c.id;
                x["title"] = c.title;
                x["format"] = std::string(to_string(c.format));
                x["start"] = c.start;
                x["end"] = c.end;
                x["enrolments"] = c.enrolments;
                x["organizations"] = c.organizations;
                x["persons"] = c.persons;
                x["participants"] = c.participants;
                x["completed_enrolments"] = c.completed_enrolments;
                x["completed_participants"] = c.completed_participants;
                courses.append(x);
            }
            py::dict out;
            out["year"] = t.year;
            out["territory"] = t.territory;
            out["courses"] = courses;
            out["participants"] = t.participants;
            out["participants_per_course"] = t.participants_per_course;
            out["ngos_enrolled"] = t.ngos_enrolled;
            out["ngos_trained"] = t.ngos_trained;
            out["persons_trained"] = t.persons_trained;
            out["registry_size"] = t.registry_size;
            out["registry_reached"] = to_py(t.registry_reached);
            return out;
        },
        py::arg("dataset"), py::arg("year"), py::arg("territory") = "", py::arg("level") = 0.95);
    a.def(
        "support_activity",
        [](const dataset& d, int year) {
            const auto s = run(d, [&] { return an::support_activity(d, year); });
            py::dict out;
            out["year"] = s.year;
            out["services"] = s.services;
            out["by_kind_and_recipient"] = s.by_kind_and_recipient;
            out["by_month"] = s.by_month;
            out["organizations_served"] = s.organizations_served;
            out["persons_served"] = s.persons_served;
            std::vector<std::string> kinds;
            for (int k = 0; k <= static_cast<int>(support_kind::other); ++k)
                kinds.emplace_back(to_string(static_cast<support_kind>(k)));
            out["kinds"] = kinds;
            return out;
        },
        py::arg("dataset"), py::arg("year"));
    a.def(
        "monitoring_activity",
        [](const dataset& d, int year, double level) {
            const auto s = run(d, [&] { return an::monitoring_activity(d, year, level); });
            py::dict out;
            out["year"] = s.year;
            out["records"] = s.records;
            out["projects"] = s.projects;
            py::list by;
            for (const auto& c : s.by_status) by.append(py::make_tuple(c.key, c.count));
            out["by_status"] = by;
            out["completed"] = to_py(s.completed);
            out["scored_projects"] = s.scored_projects;
            out["mean_score"] = s.mean_score;
            out["median_score"] = s.median_score;
            out["min_score"] = s.min_score;
            out["max_score"] = s.max_score;
            return out;
        },
        py::arg("dataset"), py::arg("year") = 0, py::arg("level") = 0.95);
    a.def(
        "training_funnel",
        [](const dataset& d, const py::dict& filter, const std::string& territory, double level) {
            const auto f = filter_from(filter);
            const auto r = run(d, [&] { return an::training_funnel(d, f, territory, level); });
            auto group = [](const an::funnel_group& g) {
                py::dict x;
                x["organizations"] = g.organizations;
                x["applied"] = g.applied;
                x["winning_organizations"] = g.winning_organizations;
                x["applications"] = g.applications;
                x["decided"] = g.decided;
                x["wins"] = g.wins;
                x["applied_share"] = to_py(g.applied_share);
                x["winning_share"] = to_py(g.winning_share);
                x["success"] = to_py(g.success);
                return x;
            };
            py::dict out;
            out["territory"] = r.territory;
            out["window_start"] = r.window_start;
            out["trained"] = group(r.trained);
            out["untrained"] = group(r.untrained);
            out["excluded"] = r.excluded;
            out["success_difference"] = to_py(r.success_difference);
            out["applied_difference"] = to_py(r.applied_difference);
            out["winning_difference"] = to_py(r.winning_difference);
            out["note"] = r.note;
            return out;
        },
        py::arg("dataset"), py::arg("filter"), py::arg("territory") = "", py::arg("level") = 0.95);
    a.def(
        "compute_indicator",
        [](const dataset& d, const std::string& key, int year, const std::string& territory,
           const std::string& breakdown) -> py::object {
            const auto c = run(d, [&] { return an::compute_indicator(d, key, year, territory, breakdown); });
            if (!c) return py::none();
            py::dict out;
            out["value"] = c->value;
            out["unit"] = c->unit;
            out["basis"] = c->basis;
            out["table"] = c->table;
            out["rows"] = c->rows;
            out["programmes"] = c->programmes;
            return out;
        },
        py::arg("dataset"), py::arg("key"), py::arg("year"), py::arg("territory") = "", py::arg("breakdown") = "");
    a.def(
        "reconcile",
        [](const dataset& records, const dataset& published) {
            reading_guard g1(records);
            reading_guard g2(published);
            an::reconciliation r;
            {
                py::gil_scoped_release nogil;
                r = an::reconcile(records, published);
            }
            py::list items;
            for (const auto& i : r.items) {
                py::dict x;
                x["key"] = i.key;
                x["year"] = i.year;
                x["territory"] = i.territory;
                x["breakdown"] = i.breakdown;
                x["unit"] = i.unit;
                x["published"] = i.published;
                x["qualifier"] = std::string(to_string(i.published_qualifier));
                x["computed"] = i.computed ? py::object(py::float_(*i.computed)) : py::object(py::none());
                x["verdict"] = std::string(an::to_string(i.result));
                x["rule"] = i.rule;
                x["basis"] = i.basis;
                items.append(x);
            }
            return items;
        },
        py::arg("records"), py::arg("published"));
}

}  // namespace civica::python
