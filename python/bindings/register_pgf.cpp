// The Presidential Grants Fund open-data layout for Python (civica.pgf; reading and writing go
// through civica.io.read / civica.io.write, register_convert.cpp): the national panel and its
// mergeable partial (the engine's GroupTable, used by civica.dask). The panel's and the
// partial's work release the GIL.
#include "casters.hpp"
#include "dataset_access.hpp"
#include "interruptible.hpp"

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

}  // namespace

void register_pgf(py::module_& m) {
    py::module_ s = m.def_submodule("pgf", "The Presidential Grants Fund open data layout (29 columns, ';').");
    s.def(
        "panel",
        [](const dataset& ds, const std::map<std::string, std::int64_t, std::less<>>& population) {
            analysis::pgf_panel p;
            {
                reading_guard guard(ds);
                const nogil_interruptible nogil;
                p = analysis::compute_pgf_panel(ds, population);
            }
            return panel_dict(p);
        },
        py::arg("dataset"), py::arg("population"),
        "The six-part national panel (see civica::analysis::pgf_panel); population maps region -> residents\n"
        "in the last year of the data.");

    s.def(
        "partial",
        [](const dataset& ds) {
            reading_guard guard(ds);
            const nogil_interruptible nogil;
            return analysis::compute_pgf_partial(ds);
        },
        py::arg("dataset"),
        "The panel's mergeable part of a dataset: the engine's group table by year, region and direction\n"
        "with the recipients' money (a civica._core.analysis.GroupTable).");
    s.def(
        "finish",
        [](const analysis::group_table& t, const std::map<std::string, std::int64_t, std::less<>>& population) {
            // With the GIL held, as every read of a GroupTable (register_analysis.cpp): another
            // thread's merge into the same table would race with it.
            return panel_dict(analysis::finish_pgf_panel(t, population));
        },
        py::arg("table"), py::arg("population"), "The panel of a (merged) partial, the same dict as panel().");
    py::list cols;
    for (auto c : io::pgf_columns) cols.append(std::string(c));
    s.attr("COLUMNS") = cols;
}

}  // namespace civica::python
