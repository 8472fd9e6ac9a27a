// Synthetic datasets for Python (civica.synth). Generation releases the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "interruptible.hpp"

#include "civica/synth.hpp"

#include <memory>

namespace py = pybind11;

namespace civica::python {

void register_synth(py::module_& m) {
    py::module_ s = m.def_submodule("synth", "Synthetic datasets (reproducible from a seed).");
    const synth::national_options d{};
    s.def(
        "national",
        [](std::uint64_t seed, std::size_t applications, int regions, int municipalities_per_region,
           int first_year, int years, int competitions_per_year, int directions, double win_rate,
           double withdrawn_rate, double applications_per_organization, int yearly_growth_percent) {
            synth::national_options o;
            o.seed = seed;
            o.applications = applications;
            o.regions = regions;
            o.municipalities_per_region = municipalities_per_region;
            o.first_year = first_year;
            o.years = years;
            o.competitions_per_year = competitions_per_year;
            o.directions = directions;
            o.win_rate = win_rate;
            o.withdrawn_rate = withdrawn_rate;
            o.applications_per_organization = applications_per_organization;
            o.yearly_growth_percent = yearly_growth_percent;
            const nogil_interruptible nogil;
            return std::make_shared<dataset>(synth::national(o));
        },
        py::kw_only(), py::arg("seed") = d.seed, py::arg("applications") = d.applications,
        py::arg("regions") = d.regions, py::arg("municipalities_per_region") = d.municipalities_per_region,
        py::arg("first_year") = d.first_year, py::arg("years") = d.years,
        py::arg("competitions_per_year") = d.competitions_per_year,
        py::arg("directions") = d.directions, py::arg("win_rate") = d.win_rate,
        py::arg("withdrawn_rate") = d.withdrawn_rate,
        py::arg("applications_per_organization") = d.applications_per_organization,
        py::arg("yearly_growth_percent") = d.yearly_growth_percent,
        "A national-scale synthetic dataset of Presidential Grants Fund competitions.");
    s.def(
        "khanty_mansiysk_2020",
        [](std::uint64_t seed) {
            const nogil_interruptible nogil;
            return std::make_shared<dataset>(synth::khanty_mansiysk_2020(seed));
        },
        py::kw_only(), py::arg("seed") = synth::khanty_mansiysk_default_seed,
        "Synthetic records of Khanty-Mansiysk 2017-2020 consistent with every figure of the\n"
        "city's 2020 report.");
    s.def(
        "presidential_grant_directions",
        [] {
            std::vector<std::string> out;
            for (auto x : synth::presidential_grant_directions()) out.emplace_back(x);
            return out;
        },
        "The 13 directions of the Presidential Grants Fund, in the Fund's order.");
}

}  // namespace civica::python
