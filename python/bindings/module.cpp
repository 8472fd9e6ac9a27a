// The private extension module civica._core. Each area registers its classes and functions
// from its own register_<area>.cpp; the order matters only where one area's signatures use
// types of another (core types first).
#include <pybind11/pybind11.h>

#include "civica/core/date.hpp"
#include "civica/version.hpp"

namespace py = pybind11;

namespace civica::python {
void register_errors(py::module_& m);
void register_core(py::module_& m);
void register_model(py::module_& m);
void register_io(py::module_& m);
void register_formats(py::module_& m);
void register_convert(py::module_& m);
void register_synth(py::module_& m);
void register_calendar(py::module_& m);
void register_report(py::module_& m);
void register_pgf(py::module_& m);
void register_analysis(py::module_& m);
}  // namespace civica::python

PYBIND11_MODULE(_core, m) {
    m.doc() = "civica's compiled core (private: import civica instead)";
    m.attr("__version__") = civica::version;
    // The years civica's dates may have (civica/core/date.hpp): for the checks of the Python
    // package and its command line, from the one definition.
    m.attr("date_years") = py::make_tuple(civica::earliest_year, civica::latest_year);
    civica::python::register_errors(m);
    civica::python::register_core(m);
    civica::python::register_model(m);
    civica::python::register_io(m);
    civica::python::register_formats(m);
    civica::python::register_convert(m);
    civica::python::register_synth(m);
    civica::python::register_calendar(m);
    civica::python::register_report(m);
    civica::python::register_pgf(m);
    civica::python::register_analysis(m);
}
