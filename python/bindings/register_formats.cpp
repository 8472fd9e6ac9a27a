// Open-data formats for Python: Popolo JSON and the explicit SQLite save. (360Giving and
// loading SQLite are bound in register_io.cpp.) Functions go into the `io` submodule, so
// register_io must run first. File work releases the GIL; reading a Dataset holds a
// reading_guard meanwhile.
#include "dataset_access.hpp"

#include <pybind11/stl/filesystem.h>

#include "civica/io/popolo.hpp"
#include "civica/io/sqlite.hpp"

#include <memory>

namespace py = pybind11;
namespace fs = std::filesystem;

namespace civica::python {

void register_formats(py::module_& m) {
    py::module_ io = m.attr("io");
    io.def(
        "read_popolo",
        [](const fs::path& file) {
            py::gil_scoped_release nogil;
            return std::make_shared<dataset>(io::read_popolo_json(file));
        },
        py::arg("file"),
        "Reads a Popolo JSON document: councils and chambers become collegial bodies,\n"
        "memberships their terms, events meetings, motions agenda questions (docs/formats.md).");
    io.def(
        "write_popolo",
        [](const dataset& d, const fs::path& file) {
            reading_guard guard(d);
            py::gil_scoped_release nogil;
            io::write_popolo_json(d, file);
        },
        py::arg("dataset"), py::arg("file"),
        "Writes the collegial bodies with their terms, meetings and agenda questions, persons,\n"
        "organisations and municipalities as Popolo JSON.");
    io.def(
        "save_sqlite",
        [](const dataset& d, const fs::path& file) {
            reading_guard guard(d);
            py::gil_scoped_release nogil;
            io::save_sqlite(d, file);
        },
        py::arg("dataset"), py::arg("file"),
        "Saves the dataset as one SQLite database, replacing the file atomically.");
    io.attr("sqlite_schema_version") = io::sqlite_schema_version;
}

}  // namespace civica::python
