// Files for Python: the dataset folder format, bundled datasets, folder checks and 360Giving.
// Every call that reads or writes files releases the GIL; a call that reads a Dataset holds a
// reading_guard meanwhile, so other threads cannot change it underneath.
#include "casters.hpp"
#include "dataset_access.hpp"

#include <pybind11/stl/filesystem.h>

#include "civica/error.hpp"
#include "civica/io/bundled.hpp"
#include "civica/io/check.hpp"
#include "civica/io/dataset_folder.hpp"
// 360Giving and SQLite come from other areas; bind them when this tree has them.
#if __has_include("civica/io/threesixtygiving.hpp")
#include "civica/io/threesixtygiving.hpp"
#define CIVICA_PY_HAS_360GIVING 1
#endif
#if __has_include("civica/io/sqlite.hpp")
#include "civica/io/sqlite.hpp"
#define CIVICA_PY_HAS_SQLITE 1
#endif

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>

namespace py = pybind11;
namespace fs = std::filesystem;

namespace civica::python {
namespace {

bool is_sqlite_path(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".sqlite" || ext == ".sqlite3" || ext == ".db";
}

// Without SQLite support in this build, say so plainly instead of writing a folder whose
// name ends in .sqlite.
[[maybe_unused]] void refuse_sqlite(const fs::path& path) {
    throw civica::error("cannot use " + path.string() +
                        ": SQLite storage is not available yet in this version of civica; "
                        "save to a folder instead (a path without the " +
                        path.extension().string() + " suffix)");
}

void save_folder(const dataset& d, const fs::path& path) {
    if (is_sqlite_path(path)) {
#ifdef CIVICA_PY_HAS_SQLITE
        reading_guard guard(d);
        py::gil_scoped_release nogil;
        io::save_sqlite(d, path);
        return;
#else
        refuse_sqlite(path);
#endif
    }
    reading_guard guard(d);
    py::gil_scoped_release nogil;
    io::write_dataset_folder(d, path);
}

// Pickles of a Dataset carry its dataset folder: {file name: bytes}, so a pickle is as stable
// as the folder format, which readers keep reading in later versions.
constexpr int dataset_pickle_version = 1;

py::object make_temp_folder() { return py::module_::import("tempfile").attr("mkdtemp")("", "civica-pickle-"); }

void remove_folder(const py::object& folder) {
    py::module_::import("shutil").attr("rmtree")(folder, py::arg("ignore_errors") = true);
}

py::tuple dataset_state(const dataset& d) {
    const py::object tmp = make_temp_folder();
    const fs::path folder = fs::path(tmp.cast<std::string>()) / "dataset";
    py::dict files;
    try {
        save_folder(d, folder);
        for (const auto& entry : fs::directory_iterator(folder)) {
            if (!entry.is_regular_file()) continue;
            std::ifstream in(entry.path(), std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            files[py::str(entry.path().filename().string())] = py::bytes(bytes);
        }
    } catch (...) {
        remove_folder(tmp);
        throw;
    }
    remove_folder(tmp);
    return py::make_tuple(dataset_pickle_version, files);
}

std::shared_ptr<dataset> dataset_from_state(const py::tuple& state) {
    if (state.size() != 2 || !py::isinstance<py::int_>(state[0]) ||
        state[0].cast<int>() != dataset_pickle_version)
        throw civica::error("cannot unpickle a Dataset: unknown pickle format (this civica reads "
                            "version " + std::to_string(dataset_pickle_version) + ")");
    const py::object tmp = make_temp_folder();
    const fs::path folder(tmp.cast<std::string>());
    try {
        for (auto [name, bytes] : state[1].cast<py::dict>()) {
            const auto file = name.cast<std::string>();
            if (file.find('/') != std::string::npos || file.find('\\') != std::string::npos ||
                file == ".." || file == ".")
                throw civica::error("cannot unpickle a Dataset: bad file name \"" + file + "\"");
            std::ofstream out(folder / file, std::ios::binary);
            const auto content = bytes.cast<std::string>();
            out.write(content.data(), static_cast<std::streamsize>(content.size()));
        }
        auto d = std::make_shared<dataset>(io::read_dataset_folder(folder));
        remove_folder(tmp);
        return d;
    } catch (...) {
        remove_folder(tmp);
        throw;
    }
}

py::object none_if_empty(const std::string& s) {
    return s.empty() ? py::object(py::none()) : py::object(py::str(s));
}

}  // namespace

void register_io(py::module_& m) {
    py::module_ io = m.def_submodule("io", "Reading and writing datasets.");

    io.attr("dataset_format_version") = io::dataset_format_version;
    io.def(
        "dataset_table_files",
        [] {
            std::vector<std::string> out;
            for (auto f : io::dataset_table_files()) out.emplace_back(f);
            return out;
        },
        "The table files of the dataset folder format, in load order.");
    io.def(
        "read_dataset_folder",
        [](const fs::path& folder) {
            py::gil_scoped_release nogil;
            return std::make_shared<dataset>(io::read_dataset_folder(folder));
        },
        py::arg("folder"),
        "Reads a dataset folder (manifest.json and one CSV file per table). Raises ParseError\n"
        "naming the file, line and column of the first problem, CivicaIOError when the folder\n"
        "cannot be read.");
    io.def("write_dataset_folder", &save_folder, py::arg("dataset"), py::arg("folder"),
           "Writes a dataset as a folder (replacing an existing dataset folder).");
    io.def(
        "default_data_dir",
        []() -> py::object {
            const fs::path p = io::default_data_dir();
            if (p.empty()) return py::none();
            return py::cast(p);
        },
        "The data folder compiled into the C++ library (or $CIVICA_DATA_DIR), or None.");
    io.def(
        "bundled_dataset_names",
        [](const fs::path& data_dir) { return io::bundled_dataset_names(data_dir); },
        py::arg("data_dir"), "Names of the datasets under <data_dir>/datasets, sorted.");
    io.def(
        "load_dataset",
        [](const std::string& name_or_path, const fs::path& data_dir) {
            py::gil_scoped_release nogil;
            return std::make_shared<dataset>(io::load_dataset(name_or_path, data_dir));
        },
        py::arg("name_or_path"), py::arg("data_dir"),
        "Loads a bundled dataset by name, or a dataset folder by path.");

    py::class_<io::problem>(io, "Problem",
        "One problem found in a dataset folder by check_dataset_folder(): severity ('error' or\n"
        "'warning'), check (a short code such as 'invalid_inn'), file, line (None for the whole\n"
        "file), field (None when not about one column), record_id and message.")
        .def_property_readonly("severity", [](const io::problem& p) { return p.severity; })
        .def_property_readonly("check", [](const io::problem& p) { return p.check; })
        .def_property_readonly("file", [](const io::problem& p) { return none_if_empty(p.file); })
        .def_property_readonly("line", [](const io::problem& p) -> py::object {
            if (p.line == 0) return py::none();
            return py::int_(p.line);
        })
        .def_property_readonly("field", [](const io::problem& p) { return none_if_empty(p.field); })
        .def_property_readonly("record_id", [](const io::problem& p) { return none_if_empty(p.record_id); })
        .def_property_readonly("message", [](const io::problem& p) { return p.message; })
        .def_property_readonly("is_error", [](const io::problem& p) { return p.severity == "error"; })
        .def("__str__", [](const io::problem& p) { return io::to_string(p); })
        .def("__repr__", [](const io::problem& p) {
            std::string out = "Problem(severity=" + py_repr(py::str(p.severity)) +
                              ", check=" + py_repr(py::str(p.check));
            if (!p.file.empty()) out += ", file=" + py_repr(py::str(p.file));
            if (p.line != 0) out += ", line=" + std::to_string(p.line);
            if (!p.field.empty()) out += ", field=" + py_repr(py::str(p.field));
            if (!p.record_id.empty()) out += ", record_id=" + py_repr(py::str(p.record_id));
            return out + ", message=" + py_repr(py::str(p.message)) + ")";
        })
        .def("__eq__", [](const io::problem& a, py::object b) -> py::object {
            if (!py::isinstance<io::problem>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            return py::bool_(a == b.cast<const io::problem&>());
        });
    io.attr("Problem").attr("__hash__") = py::none();

    io.def(
        "check_dataset_folder",
        [](const fs::path& folder) {
            py::gil_scoped_release nogil;
            return io::check_dataset_folder(folder);
        },
        py::arg("folder"),
        "Every problem in a dataset folder, errors and warnings, in load order. An empty list\n"
        "means the folder loads and nothing looks suspicious.");
    io.def("has_errors", &io::has_errors, py::arg("problems"),
           "True when the problems include at least one error (not only warnings).");

#ifdef CIVICA_PY_HAS_SQLITE
    io.attr("sqlite_available") = true;
    io.def(
        "load_sqlite",
        [](const fs::path& file) {
            py::gil_scoped_release nogil;
            return std::make_shared<dataset>(io::load_sqlite(file));
        },
        py::arg("file"), "Loads a dataset saved as an SQLite database.");
#else
    io.attr("sqlite_available") = false;
#endif

#ifdef CIVICA_PY_HAS_360GIVING
    io.def(
        "read_360giving",
        [](const fs::path& file) {
            std::shared_ptr<dataset> d;
            std::string currency;
            {
                py::gil_scoped_release nogil;
                auto pkg = io::read_360giving_package(file);
                currency = std::move(pkg.currency);
                d = std::make_shared<dataset>(std::move(pkg.data));
            }
            return py::make_tuple(py::cast(d), none_if_empty(currency));
        },
        py::arg("file"),
        "Reads a 360Giving JSON package: (Dataset, currency). Every amount is in hundredths of\n"
        "that currency (None for a package without grants).");
    io.def(
        "write_360giving",
        [](const dataset& d, const fs::path& file, const std::string& currency) {
            reading_guard guard(d);
            py::gil_scoped_release nogil;
            io::write_360giving_json(d, file, {currency});
        },
        py::arg("dataset"), py::arg("file"), py::kw_only(), py::arg("currency") = "RUB",
        "Writes the winning applications as a 360Giving JSON package.");
#endif

    // Dataset.save and pickling live here, with the rest of the file formats.
    auto cls = py::reinterpret_borrow<py::class_<dataset, std::shared_ptr<dataset>>>(m.attr("Dataset"));
    cls.def(py::pickle(&dataset_state, &dataset_from_state));
    cls.def(
        "save",
        [](const dataset& d, const fs::path& path) { save_folder(d, path); },
        py::arg("path"),
        "Saves the dataset as a dataset folder (docs/dataset-format.md) at `path`; an existing\n"
        "dataset folder there is replaced. A path ending in .sqlite (.sqlite3, .db) saves one\n"
        "SQLite database file where this build has SQLite storage (civica.io.sqlite_available),\n"
        "and raises CivicaError where it has not.\n\n"
        "    ds.save('my-city-2021')\n"
        "    civica.datasets.load('./my-city-2021') == ds   # True");
}

}  // namespace civica::python
