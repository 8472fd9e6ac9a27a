// The Presidential Grants Fund open-data layout for Python (civica.pgf; reading and writing go
// through civica.io.read / civica.io.write, register_convert.cpp): the
// national panel and its mergeable partial (PgfPartial, used by civica.dask). Reading, writing,
// the panel and the partial's work release the GIL.
#include "casters.hpp"
#include "dataset_access.hpp"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "civica/error.hpp"
#include "civica/analysis/panel.hpp"
#include "civica/io/pgf.hpp"

#include <memory>
#include <string>

namespace py = pybind11;

namespace civica::python {

namespace {

py::dict panel_dict(const analysis::pgf_panel& p) {
    py::dict out;
    py::dict a;
    a["year"] = p.by_region_year;
    a["region"] = p.by_region_region;
    a["applications"] = p.by_region_applications;
    a["winners"] = p.by_region_winners;
    a["success_rate"] = p.by_region_success_rate;
    out["by_region_year"] = a;
    py::dict b;
    b["year"] = p.by_direction_year;
    b["direction"] = p.by_direction_direction;
    b["awarded_kopecks"] = p.by_direction_awarded;
    out["by_direction_year"] = b;
    py::dict c;
    c["inn"] = p.top_inn;
    c["name"] = p.top_name;
    c["awarded_kopecks"] = p.top_awarded;
    out["top_recipients"] = c;
    py::dict d;
    d["region"] = p.concentration_region;
    d["recipients"] = p.concentration_recipients;
    d["hhi"] = p.concentration_hhi;
    d["gini"] = p.concentration_gini;
    out["concentration"] = d;
    py::dict e;
    e["region"] = p.trend_region;
    e["cagr"] = p.trend_cagr;
    e["slope"] = p.trend_slope;
    out["winner_trends"] = e;
    py::dict f;
    f["year"] = p.per_capita_year;
    f["region"] = p.per_capita_region;
    f["awarded_rub_per_capita"] = p.per_capita_rub;
    f["rank"] = p.per_capita_rank;
    out["per_capita"] = f;
    return out;
}

// Pickles of a PgfPartial are a tuple of plain Python values (ints, strings, lists of them),
// led by a format version; the C++ invariants are checked again by merge() and finish().
constexpr int partial_pickle_version = 1;

py::tuple partial_state(const analysis::pgf_partial& p) {
    py::list cells, dirs;
    for (const auto& [key, c] : p.by_region_year)
        cells.append(py::make_tuple(key.first, key.second, c.applications, c.decided, c.winners, c.awarded));
    for (const auto& [key, k] : p.by_direction_year) dirs.append(py::make_tuple(key.first, key.second, k));
    return py::make_tuple(partial_pickle_version, p.applications, p.years, p.regions, cells, dirs, p.applicant_inn,
                          p.applicant_name, p.applicant_region, p.applicant_awarded, p.region_conflicts);
}

analysis::pgf_partial partial_from_state(const py::tuple& state) {
    if (state.size() != 11 || !py::isinstance<py::int_>(state[0]) || state[0].cast<int>() != partial_pickle_version)
        throw civica::error("cannot unpickle a PgfPartial: unknown pickle format (this civica reads version " +
                            std::to_string(partial_pickle_version) + ")");
    analysis::pgf_partial p;
    p.applications = state[1].cast<std::int64_t>();
    p.years = state[2].cast<std::vector<int>>();
    p.regions = state[3].cast<std::vector<std::string>>();
    for (auto item : state[4].cast<py::list>()) {
        auto t = item.cast<py::tuple>();
        p.by_region_year[{t[0].cast<int>(), t[1].cast<std::string>()}] =
            analysis::pgf_partial::cell{t[2].cast<std::int64_t>(), t[3].cast<std::int64_t>(), t[4].cast<std::int64_t>(),
                                  t[5].cast<std::int64_t>()};
    }
    for (auto item : state[5].cast<py::list>()) {
        auto t = item.cast<py::tuple>();
        p.by_direction_year[{t[0].cast<int>(), t[1].cast<std::string>()}] = t[2].cast<std::int64_t>();
    }
    p.applicant_inn = state[6].cast<std::vector<std::string>>();
    p.applicant_name = state[7].cast<std::vector<std::string>>();
    p.applicant_region = state[8].cast<std::vector<std::uint32_t>>();
    p.applicant_awarded = state[9].cast<std::vector<std::int64_t>>();
    p.region_conflicts = state[10].cast<std::vector<std::string>>();
    return p;
}

}  // namespace

void register_pgf(py::module_& m) {
    py::module_ s = m.def_submodule("pgf", "The Presidential Grants Fund open data layout (29 columns, ';').");
    s.def(
        "panel",
        [](const dataset& ds, const std::map<std::string, std::int64_t, std::less<>>& population) {
            analysis::pgf_panel p;
            {
                reading_guard guard(ds);
                py::gil_scoped_release nogil;
                p = analysis::compute_pgf_panel(ds, population);
            }
            return panel_dict(p);
        },
        py::arg("dataset"), py::arg("population"),
        "The six-part national panel (see civica::analysis::pgf_panel); population maps region -> residents\n"
        "in the last year of the data.");

    py::class_<analysis::pgf_partial>(s, "PgfPartial",
                                "The additive part of the national panel for a set of applications\n"
                                "(civica::analysis::pgf_partial): merge() partials of files or row ranges in order,\n"
                                "then finish(population). Picklable, so partials can travel between processes.")
        .def(py::init<>(), "An empty partial (the unit of merge).")
        .def(
            "merge",
            [](analysis::pgf_partial& self, const analysis::pgf_partial& other) {
                py::gil_scoped_release nogil;
                self.merge(other);
            },
            py::arg("other"),
            "Adds the partial of the next partition in place (exact integer sums; an organisation in\n"
            "both keeps this partial's name and region).")
        .def(
            "finish",
            [](const analysis::pgf_partial& self, const std::map<std::string, std::int64_t, std::less<>>& population) {
                analysis::pgf_panel p;
                {
                    py::gil_scoped_release nogil;
                    p = analysis::finish_pgf_panel(self, population);
                }
                return panel_dict(p);
            },
            py::arg("population"), "The panel, the same dict as civica.pgf.panel.")
        .def_readonly("applications", &analysis::pgf_partial::applications)
        .def_readonly("years", &analysis::pgf_partial::years)
        .def_readonly("regions", &analysis::pgf_partial::regions)
        .def_readonly("region_conflicts", &analysis::pgf_partial::region_conflicts,
                      "INNs met under two regions in merged partitions (see the C++ header).")
        .def_property_readonly(
            "applicants", [](const analysis::pgf_partial& self) { return self.applicant_inn.size(); },
            "How many applicant organisations (INNs) the partial holds.")
        .def("__repr__",
             [](const analysis::pgf_partial& self) {
                 std::string years = self.years.empty() ? "[]"
                                                        : "[" + std::to_string(self.years.front()) + ", ..., " +
                                                              std::to_string(self.years.back()) + "]";
                 return "PgfPartial(applications=" + std::to_string(self.applications) + ", years=" + years +
                        ", regions=" + std::to_string(self.regions.size()) +
                        ", applicants=" + std::to_string(self.applicant_inn.size()) + ")";
             })
        .def(py::pickle(&partial_state, &partial_from_state));

    s.def(
        "partial",
        [](const dataset& ds) {
            reading_guard guard(ds);
            py::gil_scoped_release nogil;
            return analysis::compute_pgf_partial(ds);
        },
        py::arg("dataset"), "The additive part of the panel of a dataset (a PgfPartial).");
    py::list cols;
    for (auto c : io::pgf_columns) cols.append(std::string(c));
    s.attr("COLUMNS") = cols;
}

}  // namespace civica::python
