// Files for Python: the dataset folder format (Dataset.save, pickling), bundled datasets, the
// Problem type and the folder checks. The door to every format (read, write) is in
// register_convert.cpp. Every call that reads or writes files releases the GIL; a call that
// reads a Dataset holds a reading_guard meanwhile, so other threads cannot change it underneath.
#include "casters.hpp"
#include "dataset_access.hpp"

#include <pybind11/stl/filesystem.h>

#include "civica/error.hpp"
#include "civica/io/bundled.hpp"
#include "civica/io/check.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/io/threesixtygiving.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <memory>

namespace py = pybind11;
namespace fs = std::filesystem;

namespace civica::python {
namespace {

void save_folder(const dataset& d, const fs::path& path) {
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

// A grant's extras as a dict, and back; extra_keys travels as a dict through Python's json.
py::dict extra_to_py(const io::threesixtygiving_grant_extra& x) {
    py::dict out;
    out["id"] = x.id;
    out["description"] = x.description;
    out["planned_start"] = date_to_py(x.planned_start);
    out["planned_end"] = date_to_py(x.planned_end);
    out["planned_duration_months"] =
        x.planned_duration_months ? py::object(py::float_(*x.planned_duration_months)) : py::object(py::none());
    py::list locations;
    for (const auto& l : x.beneficiary_locations) {
        py::dict o;
        o["name"] = l.name;
        o["geo_code"] = l.geo_code;
        o["geo_code_type"] = l.geo_code_type;
        locations.append(o);
    }
    out["beneficiary_locations"] = locations;
    py::list classifications;
    for (const auto& c : x.classifications) {
        py::dict o;
        o["vocabulary"] = c.vocabulary;
        o["code"] = c.code;
        o["title"] = c.title;
        classifications.append(o);
    }
    out["classifications"] = classifications;
    out["extra_keys"] = x.extra_keys.empty() ? py::object(py::dict())
                                              : py::module_::import("json").attr("loads")(x.extra_keys);
    return out;
}

std::string str_of(const py::dict& d, const char* key) {
    if (!d.contains(key) || d[key].is_none()) return {};
    return py::cast<std::string>(d[key]);
}

date date_of_key(const py::dict& d, const char* key) {
    if (!d.contains(key)) return {};
    return date_from_py(d[key], key);
}

}  // namespace

py::list extras_to_py(const std::vector<io::threesixtygiving_grant_extra>& extras) {
    py::list out;
    for (const auto& x : extras) out.append(extra_to_py(x));
    return out;
}

std::vector<io::threesixtygiving_grant_extra> extras_from_py(const py::object& extras) {
    std::vector<io::threesixtygiving_grant_extra> out;
    if (extras.is_none()) return out;
    for (auto item : extras) {
        const auto d = py::cast<py::dict>(item);
        io::threesixtygiving_grant_extra x;
        x.id = str_of(d, "id");
        x.description = str_of(d, "description");
        x.planned_start = date_of_key(d, "planned_start");
        x.planned_end = date_of_key(d, "planned_end");
        if (d.contains("planned_duration_months") && !d["planned_duration_months"].is_none())
            x.planned_duration_months = py::cast<double>(d["planned_duration_months"]);
        if (d.contains("beneficiary_locations"))
            for (auto l : d["beneficiary_locations"]) {
                const auto o = py::cast<py::dict>(l);
                x.beneficiary_locations.push_back({str_of(o, "name"), str_of(o, "geo_code"), str_of(o, "geo_code_type")});
            }
        if (d.contains("classifications"))
            for (auto c : d["classifications"]) {
                const auto o = py::cast<py::dict>(c);
                x.classifications.push_back({str_of(o, "vocabulary"), str_of(o, "code"), str_of(o, "title")});
            }
        if (d.contains("extra_keys") && !d["extra_keys"].is_none() && py::len(d["extra_keys"]) > 0)
            x.extra_keys = py::cast<std::string>(py::module_::import("json").attr("dumps")(d["extra_keys"]));
        out.push_back(std::move(x));
    }
    return out;
}

namespace {

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
    io.def(
        "read_table_strings",
        [](const fs::path& folder, const py::list& tables, bool skip) {
            // Each table: (name, file, rows, [(column, int64 offsets, bytes), ...]); the buffers
            // are read in place (Arrow's), kept alive by `tables` during the call.
            std::vector<io::detail::table_strings> in;
            std::vector<py::buffer_info> views;
            views.reserve(64);
            for (const auto& item : tables) {
                const auto t = item.cast<py::tuple>();
                io::detail::table_strings table;
                table.table = t[0].cast<std::string>();
                table.file = t[1].cast<std::string>();
                table.rows = t[2].cast<std::size_t>();
                for (const auto& c_item : t[3].cast<py::list>()) {
                    const auto c = c_item.cast<py::tuple>();
                    py::buffer_info off = c[1].cast<py::buffer>().request();
                    py::buffer_info bytes = c[2].cast<py::buffer>().request();
                    if (off.itemsize != 8 || off.ndim != 1)
                        throw validation_error("read_table_strings: offsets must be a flat buffer of 64-bit integers");
                    io::detail::string_column_view col;
                    col.name = c[0].cast<std::string>();
                    col.offsets = {static_cast<const std::int64_t*>(off.ptr), static_cast<std::size_t>(off.shape[0])};
                    col.data = {static_cast<const char*>(bytes.ptr), static_cast<std::size_t>(bytes.size * bytes.itemsize)};
                    table.columns.push_back(std::move(col));
                    views.push_back(std::move(off));
                    views.push_back(std::move(bytes));
                }
                in.push_back(std::move(table));
            }
            io::table_read_options o;
            o.encoding = text::text_encoding::utf8;
            o.separator = ',';
            o.require_manifest = false;
            o.skip_bad_records = skip;
            std::vector<io::problem> problems;
            o.skipped = &problems;
            std::shared_ptr<dataset> d;
            {
                py::gil_scoped_release nogil;
                d = std::make_shared<dataset>(io::detail::read_table_strings(folder, in, o));
            }
            return py::make_tuple(py::cast(d), py::cast(problems));
        },
        py::arg("folder"), py::arg("tables"), py::arg("skip") = false,
        "Reads tables given by column, each (name, file, rows, [(column, int64 offsets, bytes)])\n"
        "as Arrow holds strings, with the checks of a dataset folder; folder holds manifest.json\n"
        "(optional). Returns (Dataset, problems). For the Parquet reader.");
    io.def("write_dataset_folder", &save_folder, py::arg("dataset"), py::arg("folder"),
           "Writes a dataset as a folder (replacing an existing dataset folder).");
    io.def(
        "default_data_dir",
        []() -> py::object {
            const fs::path p = text::default_data_dir();
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
        "One problem a reader or a check found (civica::io::problem): severity ('error': a record\n"
        "left out, or what stops a strict read; 'warning'), check (a short code such as\n"
        "'invalid_inn'), file, line (None for the whole file), field (None when not about one\n"
        "column), record_id and message.")
        .def(py::init([](std::string severity, std::string check, std::string file, std::size_t line,
                         std::string field, std::string record_id, std::string message) {
                 if (severity != "error" && severity != "warning")
                     throw validation_error("a problem's severity is \"error\" or \"warning\", not \"" +
                                            severity + "\"");
                 return io::problem{std::move(severity), std::move(check), std::move(file), line,
                                    std::move(field), std::move(record_id), std::move(message)};
             }),
             py::kw_only(), py::arg("severity"), py::arg("check"), py::arg("file") = "", py::arg("line") = 0,
             py::arg("field") = "", py::arg("record_id") = "", py::arg("message") = "")
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

    io.attr("sqlite_available") = true;
    io.def(
        "check_360giving",
        [](const fs::path& file) {
            py::gil_scoped_release nogil;
            return io::check_360giving(file);
        },
        py::arg("file"),
        "The 360Giving data-quality checks on a JSON or flat CSV file: every problem, errors and\n"
        "warnings, in grant order (docs/formats.md lists the checks).");

    // Dataset.save and pickling live here, with the rest of the file formats.
    auto cls = py::reinterpret_borrow<py::class_<dataset, std::shared_ptr<dataset>>>(m.attr("Dataset"));
    cls.def(py::pickle(&dataset_state, &dataset_from_state));
    cls.def(
        "save",
        [](py::object self, const py::object& path, const py::kwargs& options) {
            py::module_::import("civica.io").attr("write")(self, path, **options);
        },
        py::arg("path"),
        "Saves the dataset at `path`: civica.io.write(self, path, **options), the format guessed\n"
        "from the suffix (none: a dataset folder, docs/dataset-format.md; .sqlite, .json,\n"
        ".parquet, …). The target is replaced atomically.\n\n"
        "    ds.save('my-city-2021')\n"
        "    civica.datasets.load('./my-city-2021') == ds   # True");
}

}  // namespace civica::python
