// civica.io.read / civica.io.write for Python: the C++ door of civica/io/io.hpp with the GIL
// released, the format guessers, the input caps, and the atomic replacement of a file or a
// folder for the formats written in Python (Parquet through pyarrow). Parquet is read and
// written in Python.
#include "casters.hpp"
#include "dataset_access.hpp"
#include "interruptible.hpp"
#include "row_fields.hpp"

#include <pybind11/functional.h>
#include <pybind11/stl/filesystem.h>

#include "civica/error.hpp"
#include "civica/io/check.hpp"
#include "civica/io/io.hpp"
#include "civica/text/files.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"

#include <memory>
#include <optional>

namespace py = pybind11;
namespace fs = std::filesystem;

namespace civica::python {

// A grant's extras as a dict and back (register_io.cpp).
py::list extras_to_py(const std::vector<io::threesixtygiving_grant_extra>& extras);
std::vector<io::threesixtygiving_grant_extra> extras_from_py(const py::object& extras);

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

constexpr const char* cap_names =
    "max_file_bytes, max_field_bytes, max_fields_per_record, max_rows, max_json_depth";

py::dict limits_dict(const text::input_limits& l) {
    py::dict d;
    d["max_file_bytes"] = l.max_file_bytes;
    d["max_field_bytes"] = l.max_field_bytes;
    d["max_fields_per_record"] = l.max_fields_per_record;
    d["max_rows"] = l.max_rows;
    d["max_json_depth"] = l.max_json_depth;
    return d;
}

// The caps in force with the named ones of `caps` changed.
text::input_limits limits_with(const py::dict& caps) {
    text::input_limits l = text::current_limits();
    for (const auto& [key, value] : caps) {
        const auto name = key.cast<std::string>();
        const long long given = integer_from(value, "input cap " + name);
        if (given < 1)
            throw validation_error("input cap " + name + ": " + std::to_string(given) + " is not allowed (a cap is at least 1)");
        const auto v = static_cast<std::uintmax_t>(given);
        if (name == "max_file_bytes") l.max_file_bytes = v;
        else if (name == "max_field_bytes") l.max_field_bytes = static_cast<std::size_t>(v);
        else if (name == "max_fields_per_record") l.max_fields_per_record = static_cast<std::size_t>(v);
        else if (name == "max_rows") l.max_rows = static_cast<std::size_t>(v);
        else if (name == "max_json_depth") l.max_json_depth = static_cast<std::size_t>(v);
        else throw validation_error("unknown input cap \"" + name + "\" (" + cap_names + ")");
    }
    return l;
}

// The caps in force with the named ones of `limits` changed, on this thread while the object
// lives; the caps in force when no dict is given.
class caps_for_call {
public:
    explicit caps_for_call(const std::optional<py::dict>& limits) {
        if (limits) scope_.emplace(limits_with(*limits));
    }

private:
    std::optional<text::thread_limits> scope_;
};

// The dialect options of a write as the Python package names them.
io::write_options write_options_of(const std::string& separator, const std::string& encoding, bool bom,
                                   bool decimal_comma) {
    io::write_options o;
    o.separator = separator_of(separator, false);
    o.encoding = text::parse_text_encoding(encoding);
    o.bom = bom;
    o.decimal_comma = decimal_comma;
    return o;
}

io::error_policy policy_of(const std::string& on_error) {
    if (on_error == "raise") return io::error_policy::raise;
    if (on_error == "skip") return io::error_policy::skip;
    throw validation_error("on_error must be \"raise\" or \"skip\", not \"" + on_error + "\"");
}

}  // namespace

void register_convert(py::module_& m) {
    py::module_ io = m.attr("io");
    py::list names;
    for (const auto f : io::all_data_formats()) names.append(py::str(std::string(io::to_string(f))));
    io.attr("format_names") = names;

    // Input caps (civica/text/limits.hpp) as a dict, so Python can raise them for a big file.
    io.def("limits", [] { return limits_dict(text::current_limits()); }, "The input caps in force, by name.");
    io.def(
        "set_limits", [](const py::dict& caps) { text::set_limits(limits_with(caps)); }, py::arg("caps"),
        "Replaces the named input caps for the whole process; the others stay.");
    io.def(
        "limits_with", [](const py::dict& caps) { return limits_dict(limits_with(caps)); }, py::arg("caps"),
        "The caps in force with the named ones of `caps` changed, checked as set_limits checks them\n"
        "(an unknown name or a cap below 1 is a ValidationError); nothing is set.");

    io.def(
        "guess_input_format",
        [](const fs::path& path, const std::string& encoding, const std::string& separator, bool decimal_comma,
           bool lenient_money) {
            io::read_options o;
            o.encoding = text::parse_text_encoding(encoding);
            o.separator = separator_of(separator, true);
            o.decimal_comma = decimal_comma;
            o.lenient_money = lenient_money;
            const nogil_interruptible nogil;
            return std::string(io::to_string(io::guess_input_format(path, o)));
        },
        py::arg("path"), py::kw_only(), py::arg("encoding") = "auto", py::arg("separator") = "",
        py::arg("decimal_comma") = false, py::arg("lenient_money") = false,
        "The format civica.io.read uses for an existing file or folder, from its contents and the\n"
        "dialect options (a native folder read with a spreadsheet dialect's options is `csv`).");
    io.def(
        "guess_output_format",
        [](const fs::path& path) { return std::string(io::to_string(io::guess_output_format(path))); },
        py::arg("path"), "The format to write to `path`, from its suffix.");
    io.def(
        "parse_format", [](const std::string& name) { return std::string(io::to_string(io::parse_data_format(name))); },
        py::arg("name"), "The canonical name of a format name or alias ('fpg' -> 'pgf').");

    io.def(
        "read",
        [](const fs::path& path, const std::optional<std::string>& format, const std::string& encoding,
           const std::string& separator, bool decimal_comma, bool lenient_money, const std::string& on_error,
           bool lenient_identifiers, unsigned threads, const std::optional<py::dict>& limits) {
            io::read_options o;
            o.format = format_of(format);
            o.encoding = text::parse_text_encoding(encoding);
            o.separator = separator_of(separator, true);
            o.decimal_comma = decimal_comma;
            o.lenient_money = lenient_money;
            o.on_error = policy_of(on_error);
            o.lenient_identifiers = lenient_identifiers;
            o.threads = threads;
            if (limits) o.limits = limits_with(*limits);
            io::read_result r;
            {
                const nogil_interruptible nogil;
                r = io::read(path, o);
            }
            auto d = std::make_shared<dataset>(std::move(r.data));
            return py::make_tuple(py::cast(d), py::cast(r.problems), std::string(io::to_string(r.format)),
                                  extras_to_py(r.grant_extras));
        },
        py::arg("path"), py::arg("format") = py::none(), py::kw_only(), py::arg("encoding") = "auto",
        py::arg("separator") = "", py::arg("decimal_comma") = false, py::arg("lenient_money") = false,
        py::arg("on_error") = "raise", py::arg("lenient_identifiers") = false, py::arg("threads") = 0u,
        py::arg("limits") = py::none(),
        "Reads a dataset in any format but Parquet: (Dataset, problems, format, 360Giving extras).");

    // The one check that a file to read is a file (civica/text/files.hpp), for readers in Python.
    io.def(
        "check_not_special",
        [](const fs::path& file, const std::string& what) { text::check_not_special(file, what); },
        py::arg("file"), py::arg("what") = "file",
        "CivicaIOError naming `file` when it is a named pipe, a socket or a device, which a reader\n"
        "would wait on or read as empty (civica reads a file whole, and may read it twice).");

    // The one size check of a file read whole (civica/text/limits.hpp), for readers in Python.
    io.def(
        "check_file_size",
        [](const fs::path& file, const std::optional<py::dict>& limits) {
            const caps_for_call caps(limits);
            text::check_file_size(file);
        },
        py::arg("file"), py::kw_only(), py::arg("limits") = py::none(),
        "CivicaIOError naming `file` when it is larger than max_file_bytes (of `limits`, else of\n"
        "the caps in force); a file that cannot be examined is left for the open to report.");

    io.def(
        "check_dataset_folder",
        [](const fs::path& folder, const std::optional<py::dict>& limits) {
            const caps_for_call caps(limits);  // this thread's caps, which releasing the GIL keeps
            const nogil_interruptible nogil;
            return io::check_dataset_folder(folder);
        },
        py::arg("folder"), py::kw_only(), py::arg("limits") = py::none(),
        "Every problem in a dataset folder, errors and warnings, in load order. An empty list\n"
        "means the folder loads and nothing looks suspicious. `limits`: input caps for this check.");


    io.def(
        "check_tables",
        [](const fs::path& path, const std::optional<std::string>& format, const std::string& encoding,
           const std::string& separator, bool decimal_comma, bool lenient_money, const std::optional<py::dict>& limits) {
            io::read_options o;
            o.format = format_of(format);
            o.encoding = text::parse_text_encoding(encoding);
            o.separator = separator_of(separator, true);
            o.decimal_comma = decimal_comma;
            o.lenient_money = lenient_money;
            if (limits) o.limits = limits_with(*limits);
            const nogil_interruptible nogil;
            return io::check_tables(path, o);
        },
        py::arg("path"), py::kw_only(), py::arg("format") = py::none(), py::arg("encoding") = "auto",
        py::arg("separator") = "", py::arg("decimal_comma") = false, py::arg("lenient_money") = false,
        py::arg("limits") = py::none(),
        "Every problem of a dataset's tables (a `civica` or `csv` folder, the `json` form; guessed\n"
        "when `format` is None), read in the dialect the options give (detected when not given):\n"
        "every fault of every row, placed by line or JSON path, then the warnings.");

    io.def(
        "write",
        [](const dataset& d, const fs::path& path, const std::optional<std::string>& format,
           const std::string& separator, const std::string& encoding, bool bom, bool decimal_comma,
           const py::object& extras) {
            io::write_options o = write_options_of(separator, encoding, bom, decimal_comma);
            o.format = format_of(format);
            const auto xs = extras_from_py(extras);
            if (!extras.is_none()) o.grant_extras = &xs;
            reading_guard guard(d);
            // Ctrl-C while the file is written cancels the write, at the latest just before it
            // replaces the target (Python's handler raises KeyboardInterrupt there): the target
            // stays as it was.
            const nogil_interruptible nogil;
            io::write(d, path, o);
        },
        py::arg("dataset"), py::arg("path"), py::arg("format") = py::none(), py::kw_only(),
        py::arg("separator") = ",", py::arg("encoding") = "utf-8", py::arg("bom") = false,
        py::arg("decimal_comma") = false, py::arg("extras") = py::none(),
        "Writes a dataset in any format but Parquet, replacing the target atomically.");

    io.def(
        "read_options_used",
        [](const std::string& format) {
            py::list names;
            for (const auto n : io::read_options_used(format)) names.append(py::str(std::string(n)));
            return names;
        },
        py::arg("format"), "The read options (by name) the format named `format` uses.");
    io.def(
        "check_read_options",
        [](const std::string& format, const std::string& encoding, const std::string& separator, bool decimal_comma,
           bool lenient_money, unsigned threads, bool lenient_identifiers,
           const std::optional<std::vector<std::string>>& used) {
            io::read_options o;
            o.encoding = text::parse_text_encoding(encoding);
            o.separator = separator_of(separator, true);
            o.decimal_comma = decimal_comma;
            o.lenient_money = lenient_money;
            o.threads = threads;
            o.lenient_identifiers = lenient_identifiers;
            if (!used) return io::check_read_options(format, o);
            io::check_read_options(format, o, std::vector<std::string_view>(used->begin(), used->end()));
        },
        py::arg("format"), py::kw_only(), py::arg("encoding") = "auto", py::arg("separator") = "",
        py::arg("decimal_comma") = false, py::arg("lenient_money") = false, py::arg("threads") = 0u,
        py::arg("lenient_identifiers") = false, py::arg("used") = py::none(),
        "ValidationError naming the option and the formats that use it when one is given that the\n"
        "format named `format` does not use (the rule io.read applies); `used`: the options a\n"
        "reader written in Python uses, instead of the compiled format's.");
    io.def(
        "check_write_options",
        [](const std::string& format, const std::string& separator, const std::string& encoding, bool bom,
           bool decimal_comma, bool extras) {
            io::write_options o = write_options_of(separator, encoding, bom, decimal_comma);
            const std::vector<io::threesixtygiving_grant_extra> none;
            if (extras) o.grant_extras = &none;
            io::check_write_options(format, o);
        },
        py::arg("format"), py::kw_only(), py::arg("separator") = ",", py::arg("encoding") = "utf-8",
        py::arg("bom") = false, py::arg("decimal_comma") = false, py::arg("extras") = false,
        "ValidationError when the options give what the format named `format` does not use (a csv\n"
        "dialect option to another format, extras to another format than 360giving): the rule\n"
        "write() applies, for formats written in Python.");

    // The one rule for control characters in a line of text (civica/text/text.hpp), for the
    // texts the command line takes.
    io.def(
        "control_character_problem", [](const std::string& s) { return text::control_character_problem(s); },
        py::arg("text"),
        "Why `text` cannot be a line of text shown to people (\"holds the control character\n"
        "U+0001 (at byte 1)\"), or \"\" when it can: tab, line feed and carriage return are text.");

    // The one atomic replacement (civica/text/files.hpp), for writers written in Python. The
    // callback runs with the GIL held.
    io.def(
        "replace_atomically", &text::replace_atomically, py::arg("target"), py::arg("write"),
        "Replaces the file `target` by the file write(tmp) makes at the path tmp (a hidden\n"
        "sibling): flushed to disk, then renamed over the target. A crash or kill leaves the old\n"
        "file or the new one. A symbolic link stays a link: the file it leads to is replaced.");
    io.def(
        "create_atomically", &text::create_atomically, py::arg("target"), py::arg("write"),
        "Creates the file `target` as replace_atomically does, but never over a file: CivicaIOError\n"
        "\"it exists already\" when `target` exists, or when another writer made it meanwhile.");
    io.def(
        "replace_folder_atomically",
        [](const fs::path& target, const std::function<void(const fs::path&)>& write, const std::string& marker,
           const std::optional<std::function<bool(const fs::path&)>>& keep) {
            text::folder_replacement how;
            how.marker = marker;
            if (keep) how.keep = *keep;
            text::replace_folder_atomically(target, write, how);
        },
        py::arg("target"), py::arg("write"), py::kw_only(), py::arg("marker") = "", py::arg("keep") = py::none(),
        "Replaces the folder `target` by the folder write(tmp) fills (tmp: a fresh, empty hidden\n"
        "sibling): every file flushed, then the two folders swap names in one step and the old one\n"
        "is deleted. An existing non-empty target is replaced only when it holds `marker` (when\n"
        "given); entries of the old folder for which keep(name) is true are carried over. A\n"
        "symbolic link stays a link: the folder it leads to is replaced.");
}

}  // namespace civica::python
