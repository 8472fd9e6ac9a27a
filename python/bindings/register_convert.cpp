// civica.io.read / civica.io.write for Python: the C++ entry points of civica/io/convert.hpp
// with the GIL released, plus the format guessers. Parquet is handled in Python (pyarrow).
#include "casters.hpp"
#include "dataset_access.hpp"

#include <pybind11/stl/filesystem.h>

#include "civica/error.hpp"
#include "civica/io/convert.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"

#include <memory>
#include <optional>

namespace py = pybind11;
namespace fs = std::filesystem;

namespace civica::python {
namespace {

std::optional<io::data_format> format_of(const std::optional<std::string>& name) {
    if (!name) return std::nullopt;
    return io::parse_data_format(*name);
}

char separator_of(const std::string& s, bool allow_detect) {
    if (s.empty() && allow_detect) return 0;
    if (s == "," || s == ";" || s == "\t") return s[0];
    if (s == "tab" || s == "\\t") return '\t';
    throw validation_error("separator must be \",\", \";\" or a tab, not \"" + s + "\"");
}

}  // namespace

void register_convert(py::module_& m) {
    py::module_ io = m.attr("io");
    py::list names;
    for (const auto f : io::all_data_formats()) names.append(py::str(std::string(io::to_string(f))));
    io.attr("format_names") = names;

    // Input caps (civica/text/limits.hpp) as a dict, so Python can raise them for a big file.
    io.def(
        "limits",
        [] {
            const text::input_limits l = text::current_limits();
            py::dict d;
            d["max_file_bytes"] = l.max_file_bytes;
            d["max_field_bytes"] = l.max_field_bytes;
            d["max_fields_per_record"] = l.max_fields_per_record;
            d["max_rows"] = l.max_rows;
            d["max_json_depth"] = l.max_json_depth;
            return d;
        },
        "The input caps in force, by name.");
    io.def(
        "set_limits",
        [](const py::dict& caps) {
            text::input_limits l = text::current_limits();
            for (const auto& [key, value] : caps) {
                const auto name = key.cast<std::string>();
                const auto v = value.cast<std::uintmax_t>();
                if (name == "max_file_bytes") l.max_file_bytes = v;
                else if (name == "max_field_bytes") l.max_field_bytes = static_cast<std::size_t>(v);
                else if (name == "max_fields_per_record") l.max_fields_per_record = static_cast<std::size_t>(v);
                else if (name == "max_rows") l.max_rows = static_cast<std::size_t>(v);
                else if (name == "max_json_depth") l.max_json_depth = static_cast<std::size_t>(v);
                else
                    throw validation_error("unknown input cap \"" + name +
                                           "\" (max_file_bytes, max_field_bytes, max_fields_per_record, "
                                           "max_rows, max_json_depth)");
            }
            text::set_limits(l);
        },
        py::arg("caps"), "Replaces the named input caps for the whole process; the others stay.");

    io.def(
        "guess_input_format",
        [](const fs::path& path) {
            py::gil_scoped_release nogil;
            return std::string(io::to_string(io::guess_input_format(path)));
        },
        py::arg("path"), "The format of an existing file or folder, from its contents.");
    io.def(
        "guess_output_format",
        [](const fs::path& path) { return std::string(io::to_string(io::guess_output_format(path))); },
        py::arg("path"), "The format to write to `path`, from its suffix.");

    io.def(
        "read",
        [](const fs::path& path, const std::optional<std::string>& format, const std::string& encoding,
           const std::string& separator, bool decimal_comma, bool lenient_money, bool skip_bad_records,
           bool lenient_identifiers) {
            std::vector<io::problem> skipped;
            io::read_options o;
            o.tables.encoding = text::parse_text_encoding(encoding);
            o.tables.separator = separator_of(separator, true);
            o.tables.decimal_comma = decimal_comma;
            o.tables.lenient_money = lenient_money;
            o.tables.skip_bad_records = skip_bad_records;
            o.tables.skipped = &skipped;
            o.lenient_identifiers = lenient_identifiers;
            const auto f = format_of(format);
            std::shared_ptr<dataset> d;
            {
                py::gil_scoped_release nogil;
                d = std::make_shared<dataset>(io::read(path, f, o));
            }
            return py::make_tuple(py::cast(d), py::cast(skipped));
        },
        py::arg("path"), py::arg("format") = py::none(), py::kw_only(), py::arg("encoding") = "auto",
        py::arg("separator") = "", py::arg("decimal_comma") = false, py::arg("lenient_money") = false,
        py::arg("skip_bad_records") = false, py::arg("lenient_identifiers") = false,
        "Reads a dataset in any format: (Dataset, skipped problems).");

    io.def(
        "write",
        [](const dataset& d, const fs::path& path, const std::optional<std::string>& format,
           const std::string& separator, const std::string& encoding, bool bom, bool decimal_comma,
           const std::string& currency) {
            io::write_options o;
            o.tables.separator = separator_of(separator, false);
            o.tables.encoding = text::parse_text_encoding(encoding);
            o.tables.bom = bom;
            o.tables.decimal_comma = decimal_comma;
            o.currency = currency;
            const auto f = format_of(format);
            reading_guard guard(d);
            py::gil_scoped_release nogil;
            io::write(d, path, f, o);
        },
        py::arg("dataset"), py::arg("path"), py::arg("format") = py::none(), py::kw_only(),
        py::arg("separator") = ",", py::arg("encoding") = "utf-8", py::arg("bom") = false,
        py::arg("decimal_comma") = false, py::arg("currency") = "RUB",
        "Writes a dataset in any format but Parquet.");
}

}  // namespace civica::python
