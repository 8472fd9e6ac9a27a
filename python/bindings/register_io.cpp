// Files for Python: the dataset folder format (Dataset.save, pickling), bundled datasets, the
// Problem type and the folder checks. The door to every format (read, write) is in
// register_convert.cpp. Every call that reads or writes files releases the GIL; a call that
// reads a Dataset holds a reading_guard meanwhile, so other threads cannot change it underneath.
#include "casters.hpp"
#include "dataset_access.hpp"
#include "interruptible.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl/filesystem.h>

#include "civica/error.hpp"
#include "civica/io/bundled.hpp"
#include "civica/io/check.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/io/threesixtygiving.hpp"
#include "civica/model/detail/bulk_load.hpp"
#include "civica/model/schema.hpp"
#include "civica/text/files.hpp"
#include "civica/core/parallel.hpp"

#include <algorithm>
#include <exception>
#include <thread>
#include <variant>
#include <charconv>
#include <functional>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>

namespace py = pybind11;
namespace fs = std::filesystem;

namespace civica::python {
namespace {

void save_folder(const dataset& d, const fs::path& path) {
    reading_guard guard(d);
    const nogil_interruptible nogil;
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

// ---- The large tables of a Parquet folder, by typed column (civica._parquet hands them over).
//
// Design notes: the buffers are Arrow's (or numpy's), borrowed for the duration of the read and
// kept alive by the caller's objects. Nothing here trusts them: offsets are checked against the
// bytes, text against UTF-8, dictionary codes against the dictionary, decimals against kopecks
// and day numbers against the dates civica holds; every row then goes through the dataset's
// bulk loads (add_applications, add_organizations), which apply the rules of dataset::add.
// The loaders run without the GIL; the buffers' views (py::buffer_info) are released by the
// binding afterwards, with the GIL held. A large applications table is converted on two
// threads, which only read the dataset; rows are added on one.

/// Strings as Arrow holds them: row i is data[offsets[i], offsets[i + 1]); 32- or 64-bit offsets.
struct arrow_strings {
    const void* offsets = nullptr;
    bool wide = true;
    std::size_t size = 0;  // rows; offsets has size + 1 entries
    std::string_view data;

    std::int64_t offset(std::size_t i) const {
        return wide ? static_cast<const std::int64_t*>(offsets)[i] : static_cast<const std::int32_t*>(offsets)[i];
    }
    std::string_view operator[](std::size_t i) const {
        const auto from = static_cast<std::size_t>(offset(i));
        return data.substr(from, static_cast<std::size_t>(offset(i + 1)) - from);
    }
};

/// One column of a table read by typed column: plain strings, dictionary codes with their
/// strings, decimal128 or decimal64 amounts, date32 days, float64 or int64 numbers, or flags.
struct arrow_column {
    enum class form { strings, dictionary, decimal, days, numbers, integers, flags } kind = form::strings;
    std::string name;
    arrow_strings text;                    // strings; the dictionary's entries
    std::span<const std::int32_t> codes;   // dictionary
    const std::uint8_t* decimals = nullptr;  // decimal: decimal_width bytes a value, little-endian
    std::size_t decimal_width = 16;          // 16 (decimal128) or 8 (decimal64)
    const std::uint8_t* valid = nullptr;   // decimal, days, numbers, integers: Arrow validity bitmap (null: all valid)
    std::size_t bit_offset = 0;
    int scale = 2;
    const std::int32_t* days = nullptr;    // days: date32, days since 1970
    const double* numbers = nullptr;       // numbers (a NaN is no value too)
    const std::int64_t* integers = nullptr;  // integers
    std::span<const std::uint8_t> flags;   // flags: 0 or 1
    std::span<const std::uint8_t> mask;    // flags: 1 where a value is present (empty: all)
};

/// What the Python side hands over for a table read by typed column (the applications, the
/// organisations): the columns and the buffers behind them.
struct arrow_table {
    std::string file;
    std::size_t rows = 0;
    std::vector<arrow_column> columns;
    std::vector<py::buffer_info> views;  // keep the buffers' views for the call
    /// Skip mode: a cell civica cannot hold as text (a NUL byte, not UTF-8) is its row's error,
    /// by row (the first column's), and the row is left out; strict mode throws at the first.
    bool skip = false;
    std::unordered_map<std::size_t, std::pair<std::string, std::string>> bad_text;  // row -> (column, why)
    /// Notes the bad text of `row` on `in` (see bad_text).
    template <class Reader>
    void note_bad_text(Reader& in, std::size_t row) const {
        if (bad_text.empty()) return;
        if (const auto it = bad_text.find(row); it != bad_text.end())
            in.fail("bad_value", it->second.first, it->second.second);
    }
};

const std::uint8_t* bytes_of(py::buffer_info& b) { return static_cast<const std::uint8_t*>(b.ptr); }
std::size_t byte_size(const py::buffer_info& b) { return static_cast<std::size_t>(b.size * b.itemsize); }

[[noreturn]] void bad_column(const arrow_table& t, const std::string& column, const std::string& why) {
    throw parse_error(t.file, 0, 0, column, why);
}

/// Checks Arrow strings given as offsets and bytes: offsets that fit the bytes, UTF-8 text.
/// In skip mode, and always for a dictionary's `entries` (whose rows only the codes tell), the
/// entries that are not civica text are returned in `bad` (entry, why).
arrow_strings strings_of(arrow_table& t, const std::string& column, py::buffer_info off, py::buffer_info bytes,
                         std::size_t rows, std::vector<std::pair<std::size_t, std::string>>* bad = nullptr,
                         bool entries = false) {
    arrow_strings s;
    if (off.ndim != 1 || (off.itemsize != 8 && off.itemsize != 4) || static_cast<std::size_t>(off.shape[0]) != rows + 1)
        bad_column(t, column, "the column's string offsets are not " + std::to_string(rows + 1) + " integers");
    s.offsets = off.ptr;
    s.wide = off.itemsize == 8;
    s.size = rows;
    s.data = {reinterpret_cast<const char*>(bytes.ptr), byte_size(bytes)};
    std::int64_t last = s.offset(0);
    if (last < 0) bad_column(t, column, "the column's string offsets do not fit its bytes");
    for (std::size_t i = 1; i <= rows; ++i) {
        const auto o = s.offset(i);
        if (o < last) bad_column(t, column, "the column's string offsets do not fit its bytes");
        last = o;
    }
    if (static_cast<std::uint64_t>(last) > s.data.size())
        bad_column(t, column, "the column's string offsets do not fit its bytes");
    // Text civica can hold (text::text_value_problem): no NUL byte, UTF-8; checked over the whole
    // buffer at once, and the first bad row named.
    for (std::size_t from = 0; from < rows;) {
        const auto [row, why] = text::first_bad_cell(s.data, rows - from, [&](std::size_t i) { return s.offset(from + i); });
        if (why.empty()) break;
        if ((!t.skip && !entries) || !bad) throw parse_error(t.file, from + row + 2, 0, column, why);
        bad->emplace_back(from + row, why);
        from += row + 1;
    }
    t.views.push_back(std::move(off));
    t.views.push_back(std::move(bytes));
    return s;
}

/// The applications' columns from the Python side: each (name, form, ...) with form
/// "strings" (offsets, bytes), "dictionary" (int32 codes, offsets, bytes), "decimal128"
/// (16-byte values, validity bitmap or None, offset, scale), "date32", "float64" and "int64"
/// (Arrow's values, validity bitmap or None, offset) or "bool" (uint8 values, uint8 mask or None).
std::shared_ptr<arrow_table> arrow_table_of(const std::string& file, std::size_t rows, const py::list& columns,
                                            bool skip) {
    auto t = std::make_shared<arrow_table>();
    t->file = file;
    t->rows = rows;
    t->skip = skip;
    std::vector<std::pair<std::size_t, std::string>> bad;  // of the column being read
    const auto note = [&](const std::string& column, std::size_t row, const std::string& why) {
        t->bad_text.try_emplace(row, column, why);  // a row's first column keeps its place
    };
    for (const auto& item : columns) {
        const auto c = item.cast<py::tuple>();
        arrow_column col;
        col.name = c[0].cast<std::string>();
        const auto form = c[1].cast<std::string>();
        auto buffer = [&](std::size_t k) { return c[k].cast<py::buffer>().request(); };
        if (form == "strings") {
            col.kind = arrow_column::form::strings;
            bad.clear();
            col.text = strings_of(*t, col.name, buffer(2), buffer(3), rows, &bad);
            for (const auto& [row, why] : bad) note(col.name, row, why);
        } else if (form == "dictionary") {
            col.kind = arrow_column::form::dictionary;
            auto codes = buffer(2);
            if (codes.ndim != 1 || codes.itemsize != 4 || static_cast<std::size_t>(codes.shape[0]) != rows)
                bad_column(*t, col.name, "the dictionary codes are not " + std::to_string(rows) + " 32-bit integers");
            col.codes = {static_cast<const std::int32_t*>(codes.ptr), rows};
            t->views.push_back(std::move(codes));
            auto off = buffer(3);
            const auto entries = off.ndim == 1 && off.shape[0] > 0 ? static_cast<std::size_t>(off.shape[0]) - 1 : 0;
            bad.clear();
            col.text = strings_of(*t, col.name, std::move(off), buffer(4), entries, &bad, true);
            for (std::size_t i = 0; i < rows; ++i)
                if (col.codes[i] < 0 || static_cast<std::size_t>(col.codes[i]) >= entries)
                    throw parse_error(file, i + 2, 0, col.name,
                                      "dictionary code " + std::to_string(col.codes[i]) + " is not one of the " +
                                          std::to_string(entries) + " entries of the column's dictionary");
            // A bad entry is the error of every row that uses it (strict: of the first such row).
            if (!bad.empty()) {
                std::unordered_map<std::size_t, const std::string*> entry_why;
                for (const auto& [entry, why] : bad) entry_why.emplace(entry, &why);
                for (std::size_t i = 0; i < rows; ++i)
                    if (const auto it = entry_why.find(static_cast<std::size_t>(col.codes[i])); it != entry_why.end()) {
                        if (!skip) throw parse_error(file, i + 2, 0, col.name, *it->second);
                        note(col.name, i, *it->second);
                    }
            }
        } else if (form == "decimal128" || form == "decimal64" || form == "date32" || form == "float64" ||
                   form == "int64") {
            // Arrow's buffers of fixed-width values: (values, validity bitmap or None, offset[, scale]).
            const std::size_t width = form == "decimal128" ? 16 : form == "date32" ? 4 : 8;
            auto values = buffer(2);
            col.bit_offset = c[4].cast<std::size_t>();
            if (byte_size(values) < width * (rows + col.bit_offset))
                bad_column(*t, col.name, "the column's buffer is shorter than its rows");
            const std::uint8_t* first = bytes_of(values) + width * col.bit_offset;
            if (form == "decimal128" || form == "decimal64") {
                col.kind = arrow_column::form::decimal;
                col.decimals = first;
                col.decimal_width = width;
                col.scale = c[5].cast<int>();
            } else if (form == "date32") {
                col.kind = arrow_column::form::days;
                col.days = reinterpret_cast<const std::int32_t*>(first);
            } else if (form == "float64") {
                col.kind = arrow_column::form::numbers;
                col.numbers = reinterpret_cast<const double*>(first);
            } else {
                col.kind = arrow_column::form::integers;
                col.integers = reinterpret_cast<const std::int64_t*>(first);
            }
            t->views.push_back(std::move(values));
            if (!c[3].is_none()) {
                auto valid = buffer(3);
                if (byte_size(valid) * 8 < rows + col.bit_offset)
                    bad_column(*t, col.name, "the validity bitmap is shorter than its rows");
                col.valid = bytes_of(valid);
                t->views.push_back(std::move(valid));
            }
        } else if (form == "bool") {
            auto values = buffer(2);
            if (values.ndim != 1 || values.itemsize != 1 || static_cast<std::size_t>(values.shape[0]) != rows)
                bad_column(*t, col.name, "the column does not hold " + std::to_string(rows) + " flags");
            col.kind = arrow_column::form::flags;
            col.flags = {static_cast<const std::uint8_t*>(values.ptr), rows};
            t->views.push_back(std::move(values));
            if (!c[3].is_none()) {
                auto mask = buffer(3);
                if (mask.ndim != 1 || mask.itemsize != 1 || static_cast<std::size_t>(mask.shape[0]) != rows)
                    bad_column(*t, col.name, "the column's mask does not hold " + std::to_string(rows) + " flags");
                col.mask = {static_cast<const std::uint8_t*>(mask.ptr), rows};
                t->views.push_back(std::move(mask));
            }
        } else {
            throw validation_error("read_table_strings: unknown column form \"" + form + "\"");
        }
        t->columns.push_back(std::move(col));
    }
    return t;
}

/// One bad value or broken rule of a row of a table read by column.
struct row_error {
    std::size_t row = 0;
    std::string check, field, message;
};

/// Reads the cells of a table given by column (arrow_table): text, amounts, dates, numbers,
/// whole numbers and flags, in their typed form or from their text as the dataset folder
/// spells them. A bad value is noted (the row's first only) and the column's default returned.
class cell_reader {
public:
    explicit cell_reader(const arrow_table& t) : t_(t) {}

    const arrow_column* column(std::string_view name) const {
        for (const auto& c : t_.columns)
            if (c.name == name) return &c;
        return nullptr;
    }
    void start_row() { error.reset(); }
    void fail(std::string check, std::string_view field, std::string message) {
        if (!error) error = row_error{0, std::move(check), std::string(field), std::move(message)};
    }
    bool failed(std::string_view field) const { return error && error->field == field; }

    static std::string_view text(const arrow_column* c, std::size_t i) {
        if (!c) return {};
        if (c->kind == arrow_column::form::dictionary) return c->text[static_cast<std::size_t>(c->codes[i])];
        return c->text[i];
    }
    static bool present(const arrow_column* c, std::size_t i) {
        if (c->valid) {
            const std::size_t bit = c->bit_offset + i;
            return (c->valid[bit / 8] >> (bit % 8)) & 1;
        }
        return c->mask.empty() || c->mask[i] != 0;
    }

    /// Kopecks; `none` when the cell is empty.
    std::int64_t money(const arrow_column* c, std::size_t i, std::string_view field, std::int64_t none) {
        if (!c) return none;
        if (c->kind == arrow_column::form::decimal) {
            if (!present(c, i)) return none;
            // Scaled to kopecks in 128 bits, then checked against 64: 10^15 roubles at scale 4
            // is 10^19 units but 10^17 kopecks, which fits.
            __extension__ using wide = __int128;
            __extension__ using uwide = unsigned __int128;
            std::uint64_t lo = 0;
            std::int64_t hi = 0;
            std::memcpy(&lo, c->decimals + c->decimal_width * i, 8);
            wide v = static_cast<std::int64_t>(lo);
            if (c->decimal_width == 16) {
                std::memcpy(&hi, c->decimals + 16 * i + 8, 8);
                v = static_cast<wide>((static_cast<uwide>(static_cast<std::uint64_t>(hi)) << 64) | lo);
            }
            bool fits = true;
            for (int s = c->scale; fits && s < 2; ++s) fits = !__builtin_mul_overflow(v, wide{10}, &v);
            for (int s = c->scale; fits && s > 2; --s) {
                if (v % 10 != 0) {
                    fail("bad_value", field, "the amount has more than 2 decimals (a kopeck is the smallest unit)");
                    return none;
                }
                v /= 10;
            }
            fits = fits && v <= std::numeric_limits<std::int64_t>::max() && v >= std::numeric_limits<std::int64_t>::min();
            if (!fits || static_cast<std::int64_t>(v) == missing_kopecks) {
                fail("bad_value", field, "the amount does not fit civica's money (at most 92 233 720 368 547 758.07)");
                return none;
            }
            return static_cast<std::int64_t>(v);
        }
        const auto s = text(c, i);
        if (s.empty()) return none;
        try {
            return civica::money::parse(s).kopecks();
        } catch (const parse_error& e) {
            fail("bad_value", field, e.reason());
            return none;
        }
    }

    day_number day(const arrow_column* c, std::size_t i, std::string_view field) {
        // The years every reader holds dates to (civica/core/date.hpp), as a day number.
        constexpr day_number first = days_from_civil(earliest_year, 1, 1), last = days_from_civil(latest_year, 12, 31);
        if (!c) return missing_day;
        if (c->kind == arrow_column::form::days) {
            if (!present(c, i)) return missing_day;
            const day_number d = c->days[i];
            if (d < first || d > last) {
                fail("bad_value", field,
                     "day " + std::to_string(d) + " from 1970-01-01 is outside the dates civica reads (" +
                         std::to_string(earliest_year) + "-01-01.." + std::to_string(latest_year) + "-12-31)");
                return missing_day;
            }
            return d;
        }
        const auto s = text(c, i);
        if (s.empty()) return missing_day;
        try {
            return parse_day_number(s);
        } catch (const parse_error& e) {
            fail("bad_value", field, e.reason());
            return missing_day;
        }
    }

    /// A real number; NaN when the cell is empty.
    double number(const arrow_column* c, std::size_t i, std::string_view field) {
        constexpr double none = std::numeric_limits<double>::quiet_NaN();
        if (!c) return none;
        if (c->kind == arrow_column::form::numbers) {
            if (!present(c, i)) return none;
            const double v = c->numbers[i];
            if (std::isinf(v)) fail("bad_value", field, std::string(field) + " is not a finite number");
            return std::isfinite(v) ? v : none;
        }
        const auto s = text(c, i);
        if (s.empty()) return none;
        if (auto v = text::parse_double(s)) return *v;
        fail("bad_value", field, "\"" + std::string(s) + "\" is not a number (write e.g. 3.7, '.' as decimal point)");
        return none;
    }

    int whole(const arrow_column* c, std::size_t i, std::string_view field, int fallback) {
        if (!c) return fallback;
        std::int64_t v = 0;
        if (c->kind == arrow_column::form::integers) {
            if (!present(c, i)) return fallback;
            v = c->integers[i];
        } else {
            const auto s = text(c, i);
            if (s.empty()) return fallback;
            const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (ec != std::errc() || end != s.data() + s.size()) {
                fail("bad_value", field, "\"" + std::string(s) + "\" is not a whole number");
                return fallback;
            }
        }
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max()) {
            fail("bad_value", field, std::to_string(v) + " is too large a whole number");
            return fallback;
        }
        return static_cast<int>(v);
    }

    bool flag(const arrow_column* c, std::size_t i, std::string_view field, bool fallback) {
        if (!c) return fallback;
        if (c->kind == arrow_column::form::flags) return present(c, i) ? c->flags[i] != 0 : fallback;
        const auto s = text(c, i);
        if (s.empty()) return fallback;
        std::string lower(s);
        for (auto& ch : lower)
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        if (lower == "true") return true;
        if (lower == "false") return false;
        fail("bad_value", field, "\"" + std::string(s) + "\" is not a boolean (write true or false)");
        return fallback;
    }

    /// Items of a `|`-separated list.
    std::vector<std::string> list(const arrow_column* c, std::size_t i, std::string_view field) {
        std::vector<std::string> out;
        const auto s = text(c, i);
        if (s.empty()) return out;
        for (std::size_t b = 0;;) {
            const std::size_t e = s.find('|', b);
            const auto item = s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b);
            if (item.empty()) {
                fail("bad_value", field,
                     "\"" + std::string(s) + "\" has an empty list item (items are separated by a single '|')");
                return {};
            }
            out.emplace_back(item);
            if (e == std::string_view::npos) break;
            b = e + 1;
        }
        return out;
    }

    /// The first of `columns` named (as a whole word, case aside) in a model's message after
    /// the record's id: the column of a rule the model names no column for.
    std::optional<row_error> error;  // the current row's first

private:
    const arrow_table& t_;
};

/// Skip mode: notes the ids of the rows a table's conversion left out (`errors`, by row), so that
/// a later row repeating one is a duplicate (civica::detail::refusals).
void note_left_out(civica::detail::refusals& left, const std::vector<row_error>& errors, const arrow_column* id) {
    for (const auto& e : errors)
        if (const auto key = cell_reader::text(id, e.row); !key.empty()) left.ids.try_emplace(std::string(key), e.row);
}

/// Ends a load: in strict mode (skipped null) throws the first error, by row; in skip mode
/// lists every error, by row, with the row's id.
void finish_load(const arrow_table& t, std::vector<row_error> errors, const arrow_column* id,
                 std::vector<io::problem>* skipped) {
    std::stable_sort(errors.begin(), errors.end(), [](const row_error& a, const row_error& b) { return a.row < b.row; });
    if (!skipped) {
        if (!errors.empty()) throw parse_error(t.file, errors.front().row + 2, 0, errors.front().field, errors.front().message);
        return;
    }
    for (auto& e : errors)
        skipped->push_back(io::problem{"error", e.check, t.file, e.row + 2, e.field,
                                       std::string(cell_reader::text(id, e.row)), std::move(e.message)});
}

/// Rows [0, n) of a table converted by `convert(from, to)` into two parts: a table of at least
/// `two_from` rows in two halves at once (the second on a helper thread), a smaller one whole
/// (the second part then empty). The parts are in row order, for the caller to add one after
/// the other.
template <class Part, class Convert>
std::pair<Part, Part> in_two_halves(std::size_t n, std::size_t two_from, Convert convert) {
    const std::size_t half = n >= two_from ? n / 2 : n;
    std::pair<Part, Part> out;
    civica::detail::run_parts(half < n ? 2 : 1, [&](std::size_t k) {
        if (k == 0) out.first = convert(0, half);
        else out.second = convert(half, n);
    });
    return out;
}

/// Loads the applications of `t` into `ds` (detail::table_strings::load): each row's text,
/// amounts, dates and references are checked and converted here, then the rows go through
/// dataset_loader::add_applications, which applies the rules of dataset::add(application).
/// Errors name t.file, the row + 2 as line (the Parquet reader says the row, from 1) and the
/// column; in skip mode (skipped not null) a bad row is listed there and left out.
void load_applications(const arrow_table& t, dataset& ds, std::vector<io::problem>* skipped) {
    const std::string suffix = t.file.find('.') == std::string::npos ? std::string() : t.file.substr(t.file.find('.'));
    const cell_reader columns(t);
    const auto *id = columns.column("id"), *competition = columns.column("competition"),
               *applicant_type = columns.column("applicant_type"), *applicant = columns.column("applicant"),
               *title = columns.column("title"), *direction = columns.column("direction"),
               *status = columns.column("status"), *rate = columns.column("rate"),
               *requested = columns.column("requested"), *cofunding = columns.column("cofunding"),
               *awarded = columns.column("awarded"), *submitted = columns.column("submitted"),
               *impl_start = columns.column("implementation_start"), *impl_end = columns.column("implementation_end"),
               *decided = columns.column("decided");
    // The columns read here by name; the header check has refused any the schema does not
    // declare, so another one is a column declared (civica/model/schema.cpp) and not read yet,
    // which would be dropped without a word: a defect of civica, said as one.
    static constexpr std::string_view read_here[] = {
        "id",        "competition", "applicant_type", "applicant", "title",     "direction",
        "status",    "rate",        "requested",      "cofunding", "awarded",   "submitted",
        "implementation_start",     "implementation_end",          "decided"};
    for (const auto& c : t.columns)
        if (std::find(std::begin(read_here), std::end(read_here), c.name) == std::end(read_here))
            throw std::logic_error("civica: the applications column \"" + c.name +
                                   "\" is declared but the typed Parquet reader does not read it "
                                   "(python/bindings/register_io.cpp, load_applications)");
    const bool title_coded = title && title->kind == arrow_column::form::dictionary;
    const bool direction_coded = direction && direction->kind == arrow_column::form::dictionary;

    /// Rows [from, to) converted for the bulk load: the good ones in `c` (`rows` their rows in
    /// the table), the bad ones in `errors` (in strict mode conversion stops at the first).
    struct part {
        civica::detail::application_columns c;
        std::vector<std::size_t> rows;
        std::vector<row_error> errors;
    };
    // Reads the datasets's tables only (references are looked up), so two parts can be
    // converted at once.
    auto convert = [&](std::size_t from, std::size_t to) {
        part out;
        cell_reader in(t);
        std::string_view row_id;
        const auto what = [&] { return "application \"" + std::string(row_id) + "\""; };

        // Enumerations and references of dictionary columns are resolved once per entry.
        constexpr std::int64_t unknown = std::numeric_limits<std::int64_t>::min() + 1;
        auto cached = [&](const arrow_column* col, std::vector<std::int64_t>& cache, std::size_t i,
                          auto&& resolve) -> std::int64_t {
            if (col->kind != arrow_column::form::dictionary) return resolve(col->text[i]);
            if (cache.empty()) cache.assign(col->text.size, unknown);
            auto& v = cache[static_cast<std::size_t>(col->codes[i])];
            if (v == unknown) v = resolve(col->text[static_cast<std::size_t>(col->codes[i])]);
            return v;
        };
        constexpr std::int64_t bad_enum = -1;
        std::vector<std::int64_t> kind_cache, status_cache, competition_cache, organization_cache, person_cache;

        auto enum_value = [&](const arrow_column* col, std::vector<std::int64_t>& cache, std::size_t i,
                              std::string_view field, std::uint8_t fallback, auto parse) -> std::uint8_t {
            if (!col) return fallback;
            const std::int64_t v = cached(col, cache, i, [&](std::string_view s) -> std::int64_t {
                if (s.empty()) return fallback;
                try {
                    return static_cast<std::int64_t>(parse(s));
                } catch (const parse_error&) {
                    return bad_enum;
                }
            });
            if (v == bad_enum) {
                try {
                    parse(cell_reader::text(col, i));
                } catch (const parse_error& e) {
                    in.fail("bad_value", field, e.reason());
                }
                return fallback;
            }
            return static_cast<std::uint8_t>(v);
        };
        // `hashes` (optional): the hashes of a plain text column's cells from row `from` on.
        auto reference = [&](const arrow_column* col, std::vector<std::int64_t>& cache, std::size_t i,
                             std::string_view field, const auto& table, const char* target,
                             const std::vector<std::uint64_t>* hashes = nullptr) -> row_index {
            const auto s = cell_reader::text(col, i);
            if (s.empty()) {
                in.fail("missing_value", field, what() + ": " + std::string(field) + " is required");
                return no_row;
            }
            const auto r = hashes ? static_cast<std::int64_t>(table.find(s, (*hashes)[i - from]))
                                  : cached(col, cache, i, [&](std::string_view v) -> std::int64_t { return table.find(v); });
            if (r == no_row)
                in.fail("unknown_reference", field,
                        what() + ": " + std::string(field) + " \"" + std::string(s) + "\" is not in " + target +
                            suffix + (skipped ? " (or its row was skipped)" : ""));
            return static_cast<row_index>(r);
        };

        auto& c = out.c;
        const std::size_t n = to - from;
        c.id.reserve(n);
        if (!title_coded) c.title.reserve(n);
        if (!direction_coded) c.direction.reserve(n);
        for (auto* v : {&c.competition, &c.applicant}) v->reserve(n);
        for (auto* v : {&c.applicant_type, &c.status}) v->reserve(n);
        for (auto* v : {&c.requested, &c.cofunding, &c.awarded}) v->reserve(n);
        for (auto* v : {&c.submitted, &c.implementation_start, &c.implementation_end}) v->reserve(n);
        if (decided) c.decided.reserve(n);
        if (rate) c.rate.reserve(n);
        c.id_hash.reserve(n);  // computed here, so that the bulk load can prefetch the id index's slots
        out.rows.reserve(n);
        auto dictionary_of = [](const arrow_column* col, std::vector<std::string_view>& dict) {
            dict.reserve(col->text.size);
            for (std::size_t k = 0; k < col->text.size; ++k) dict.push_back(col->text[k]);
        };
        if (title_coded) {
            dictionary_of(title, c.title_dictionary);
            c.title_code.reserve(n);
        }
        if (direction_coded) {
            dictionary_of(direction, c.direction_dictionary);
            c.direction_code.reserve(n);
        }

        // A plain (not dictionary) applicant column: every cell is looked up in the organisations'
        // index, whose slots are mostly not in the processor's caches. Its hashes are computed in
        // one sweep first, so that the slot of a row some way ahead can be asked for early.
        std::vector<std::uint64_t> applicant_hash;
        if (applicant && applicant->kind == arrow_column::form::strings) {
            applicant_hash.resize(n);
            for (std::size_t i = from; i < to; ++i)
                applicant_hash[i - from] = civica::detail::hash_bytes(cell_reader::text(applicant, i));
        }
        constexpr std::size_t ahead = 16;
        const auto& organizations = ds.organizations();

        for (std::size_t i = from; i < to; ++i) {
            if ((i & 0xFFF) == 0xFFF) interruption_point();  // every 4096 rows
            if (!applicant_hash.empty() && i + ahead < to) organizations.prefetch(applicant_hash[i + ahead - from]);
            in.start_row();
            t.note_bad_text(in, i);
            row_id = cell_reader::text(id, i);
            if (row_id.empty()) in.fail("missing_value", "id", "application without an id");
            const auto kind = enum_value(applicant_type, kind_cache, i, "applicant_type", 0, parse_applicant_kind);
            const bool kind_ok = !in.failed("applicant_type");
            const auto st = enum_value(status, status_cache, i, "status",
                                       static_cast<std::uint8_t>(application_status::submitted),
                                       parse_application_status);
            const row_index comp =
                reference(competition, competition_cache, i, "competition", ds.competitions(), "competitions");
            row_index who = no_row;
            if (kind_ok)
                who = kind == static_cast<std::uint8_t>(applicant_kind::organization)
                          ? reference(applicant, organization_cache, i, "applicant", organizations, "organizations",
                                      applicant_hash.empty() ? nullptr : &applicant_hash)
                          : reference(applicant, person_cache, i, "applicant", ds.persons(), "persons");
            const auto req = in.money(requested, i, "requested", missing_kopecks);
            const auto cof = in.money(cofunding, i, "cofunding", 0);
            const auto sub = in.day(submitted, i, "submitted");
            const auto awd = in.money(awarded, i, "awarded", missing_kopecks);
            const auto start = in.day(impl_start, i, "implementation_start");
            const auto end = in.day(impl_end, i, "implementation_end");
            const auto dec = in.day(decided, i, "decided");
            const double rt = in.number(rate, i, "rate");
            if (in.error) {
                in.error->row = i;
                out.errors.push_back(std::move(*in.error));
                if (!skipped) break;
                continue;
            }
            c.id.push_back(row_id);
            c.id_hash.push_back(civica::detail::hash_bytes(row_id));
            c.competition.push_back(comp);
            c.applicant_type.push_back(kind);
            c.applicant.push_back(who);
            if (title_coded) c.title_code.push_back(static_cast<std::uint32_t>(title->codes[i]));
            else c.title.push_back(cell_reader::text(title, i));
            if (direction_coded) c.direction_code.push_back(static_cast<std::uint32_t>(direction->codes[i]));
            else c.direction.push_back(cell_reader::text(direction, i));
            c.requested.push_back(req);
            c.cofunding.push_back(cof);
            c.submitted.push_back(sub);
            c.status.push_back(st);
            c.awarded.push_back(awd);
            c.implementation_start.push_back(start);
            c.implementation_end.push_back(end);
            if (decided) c.decided.push_back(dec);
            if (rate) c.rate.push_back(rt);
            out.rows.push_back(i);
        }
        return out;
    };

    // Added half after half, so that the first error by row is still the one reported.
    const std::size_t n = t.rows;
    auto [first, second] = in_two_halves<part>(n, std::size_t{1} << 16,
                                               [&](std::size_t from, std::size_t to) { return convert(from, to); });

    civica::detail::dataset_loader::reserve_applications(ds, n);
    std::vector<row_error> errors;
    // Skip mode: a row repeating the id of a row left out above it is a duplicate, as in a
    // dataset folder (civica::detail::refusals); places are the rows of the table.
    civica::detail::refusals refused;
    if (skipped)
        for (const part* p : {&first, &second}) note_left_out(refused, p->errors, id);
    for (part* p : {&first, &second}) {
        refused.rows.clear();
        refused.place = p->rows;
        std::size_t bad = 0;
        try {
            civica::detail::dataset_loader::add_applications(ds, p->c, &bad, skipped ? &refused : nullptr);
        } catch (const validation_error& e) {
            throw parse_error(t.file, p->rows[bad] + 2, 0, io::rule_field(e, "applications"), e.what());
        }
        for (const auto& [k, e] : refused.rows)
            errors.push_back({p->rows[k], e.check(), io::rule_field(e, "applications"), e.what()});
        for (auto& e : p->errors) errors.push_back(std::move(e));
        if (!skipped && !errors.empty()) break;  // strict: the first bad row ends the read
    }
    finish_load(t, std::move(errors), id, skipped);
}

/// Sets the member of `row` of declared column `f` from cell i of `c`, converted and checked by
/// the column's declared type. `fallback` is the member's value in a default row: what an empty
/// cell gives (or the model's "none"), and what the member keeps after a bad value (noted in `in`).
template <class Row>
void read_cell(cell_reader& in, const arrow_column* c, std::size_t i, const schema::field<Row>& f,
               const schema::value& fallback, Row& row) {
    using schema::column_type;
    const auto& col = *f.col;
    const std::string_view name = col.name;
    switch (col.type) {
        case column_type::id:
        case column_type::text:
        case column_type::reference:
        case column_type::party: {
            const auto s = cell_reader::text(c, i);
            // An empty cell is the model's "none" where the member is optional.
            if (s.empty() && std::holds_alternative<std::monostate>(fallback)) f.set(row, schema::value());
            else f.set(row, std::string(s));
            return;
        }
        case column_type::enumeration: {
            const auto s = cell_reader::text(c, i);
            if (s.empty()) return;  // the model's default
            try {
                f.set(row, std::string(s));
            } catch (const parse_error& e) {
                in.fail("bad_value", name, e.reason());
            }
            return;
        }
        case column_type::integer: {
            const bool none = std::holds_alternative<std::monostate>(fallback);
            const int v = in.whole(c, i, name, none ? std::numeric_limits<int>::min()
                                                    : static_cast<int>(std::get<std::int64_t>(fallback)));
            if (none && v == std::numeric_limits<int>::min()) f.set(row, schema::value());
            else f.set(row, std::int64_t{v});
            return;
        }
        case column_type::real: {
            const double v = in.number(c, i, name);
            if (std::isnan(v)) f.set(row, col.nullable ? schema::value() : schema::value(fallback));
            else f.set(row, v);
            return;
        }
        case column_type::money: {
            const auto v = in.money(c, i, name, missing_kopecks);
            if (v == missing_kopecks) f.set(row, col.nullable ? schema::value() : schema::value(fallback));
            else f.set(row, money::from_kopecks(v));
            return;
        }
        case column_type::day: {
            const auto d = in.day(c, i, name);
            f.set(row, d == missing_day ? schema::value() : schema::value(from_day_number(d)));
            return;
        }
        case column_type::boolean: f.set(row, in.flag(c, i, name, std::get<bool>(fallback))); return;
        case column_type::text_list: f.set(row, in.list(c, i, name)); return;
        case column_type::year_counts: break;
    }
    throw validation_error("the column " + std::string(name) + " is not read by typed column");
}

/// Loads the organisations of `t` into `ds` as load_applications loads applications: the
/// values are converted here, the rules are dataset::add(organization)'s (through
/// dataset_loader::add_organizations; in skip mode row by row, to leave the bad ones out).
void load_organizations(const arrow_table& t, dataset& ds, std::vector<io::problem>* skipped) {
    const cell_reader columns(t);
    // Every declared column of the table, converted by its declared type: a column added to the
    // declaration is read here with no edit. A column the file lacks keeps the model's default.
    const auto fields = schema::fields<organization>();
    std::vector<const arrow_column*> cols;
    cols.reserve(fields.size());
    for (const auto& f : fields) cols.push_back(columns.column(f.col->name));
    const auto* id = columns.column("id");
    const organization blank;
    std::vector<schema::value> fallbacks;
    for (const auto& f : fields) fallbacks.push_back(f.get(blank));

    /// Rows [from, to) converted: the good ones in `orgs` (`rows` their rows in the table), the
    /// bad ones in `errors` (in strict mode conversion stops at the first).
    struct part {
        std::vector<organization> orgs;
        std::vector<std::size_t> rows;
        std::vector<row_error> errors;
    };
    // `capacity`: room for the rows that will be appended (the first half takes the second's).
    auto convert = [&](std::size_t from, std::size_t to, std::size_t capacity) {
        part out;
        cell_reader in(t);
        out.orgs.reserve(capacity);
        out.rows.reserve(capacity);
        for (std::size_t i = from; i < to; ++i) {
            if ((i & 0xFFF) == 0xFFF) interruption_point();  // every 4096 rows
            in.start_row();
            t.note_bad_text(in, i);
            organization o;
            for (std::size_t k = 0; k < fields.size(); ++k)
                if (cols[k]) read_cell(in, cols[k], i, fields[k], fallbacks[k], o);
            if (in.error) {
                in.error->row = i;
                out.errors.push_back(std::move(*in.error));
                if (!skipped) break;
                continue;
            }
            out.orgs.push_back(std::move(o));
            out.rows.push_back(i);
        }
        return out;
    };
    // In strict mode the rows kept are those before the first bad one, as when read in one pass.
    const std::size_t n = t.rows;
    auto [first, second] = in_two_halves<part>(n, std::size_t{1} << 15, [&](std::size_t from, std::size_t to) {
        return convert(from, to, from == 0 ? n : to - from);
    });
    std::vector<organization> orgs = std::move(first.orgs);
    std::vector<std::size_t> rows = std::move(first.rows);
    std::vector<row_error> errors = std::move(first.errors);
    if (skipped || errors.empty()) {
        std::move(second.orgs.begin(), second.orgs.end(), std::back_inserter(orgs));
        rows.insert(rows.end(), second.rows.begin(), second.rows.end());
        for (auto& e : second.errors) errors.push_back(std::move(e));
    }
    if (skipped) {
        // A row repeating the id of a row left out above it is a duplicate, as in a dataset
        // folder (civica::detail::refusals); places are the rows of the table.
        civica::detail::refusals left;
        note_left_out(left, errors, id);
        for (std::size_t k = 0; k < orgs.size(); ++k) {
            const std::string& key = orgs[k].id.str();
            try {
                if (left.repeats_left_out(key, rows[k])) throw civica::detail::refusals::repeat_of_left_out("organization", key);
                ds.add(orgs[k]);
            } catch (const validation_error& e) {
                errors.push_back({rows[k], e.check(), io::rule_field(e, "organizations"), e.what()});
                left.left_out(key, rows[k], e);
            }
        }
    } else {
        std::size_t bad = 0;
        try {
            civica::detail::dataset_loader::add_organizations(ds, std::move(orgs), &bad);
        } catch (const validation_error& e) {
            throw parse_error(t.file, rows[bad] + 2, 0, io::rule_field(e, "organizations"), e.what());
        }
    }
    finish_load(t, std::move(errors), id, skipped);
}

/// The loader of a table given by column, for the tables that have one.
std::function<void(dataset&, std::vector<io::problem>*)> loader_of(const std::string& table,
                                                                  std::shared_ptr<arrow_table> t) {
    if (table == "applications")
        return [t](dataset& d, std::vector<io::problem>* skipped) { load_applications(*t, d, skipped); };
    if (table == "organizations")
        return [t](dataset& d, std::vector<io::problem>* skipped) { load_organizations(*t, d, skipped); };
    throw validation_error("read_table_strings: the table " + table + " is not loaded by typed column");
}


// ---- The other way: a dataset's tables as Arrow-ready buffers, for the Parquet writer.

py::array int64_array(const std::vector<std::int64_t>& v) {
    py::array_t<std::int64_t> a(static_cast<py::ssize_t>(v.size()));
    if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(std::int64_t));
    return a;
}

/// (codes or None, int64 offsets, bytes) of strings: Arrow's large_string buffers.
py::tuple text_of(py::object codes, const std::vector<std::string_view>& strings) {
    std::vector<std::int64_t> offsets;
    offsets.reserve(strings.size() + 1);
    offsets.push_back(0);
    std::size_t bytes = 0;
    for (auto s : strings) offsets.push_back(static_cast<std::int64_t>(bytes += s.size()));
    std::string data;
    data.reserve(bytes);
    for (auto s : strings) data += s;
    return py::make_tuple(std::move(codes), int64_array(offsets), py::bytes(data));
}

py::tuple pool_text(py::object codes, const string_pool& pool) {
    std::vector<std::string_view> strings;
    strings.reserve(pool.size());
    for (std::size_t i = 0; i < pool.size(); ++i) strings.push_back(pool[i]);
    return text_of(std::move(codes), strings);
}

template <class V>
py::array int32_codes(const std::vector<V>& v, std::int32_t plus = 0) {
    py::array_t<std::int32_t> a(static_cast<py::ssize_t>(v.size()));
    auto* out = a.mutable_data();
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<std::int32_t>(v[i]) + plus;
    return a;
}

template <class Rows>
std::vector<std::string_view> ids_of_rows(const Rows& rows) {
    std::vector<std::string_view> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(r.id.str());
    return out;
}

template <class E>
std::vector<std::string_view> enum_texts(int count) {
    std::vector<std::string_view> out;
    for (int k = 0; k < count; ++k) out.push_back(to_string(static_cast<E>(k)));
    return out;
}

/// The text columns of the applications as {name: (codes or None, offsets, bytes)}: `id`
/// as strings, the others as int32 codes into a dictionary (competition: the competitions'
/// ids; applicant: the organisations' ids, then the persons'; the enumerations' names; title
/// and direction: the columns' own dictionaries).
py::dict application_texts(const dataset& ds) {
    const auto& a = ds.applications();
    py::dict out;
    out["id"] = pool_text(py::none(), a.ids().keys());
    out["competition"] = text_of(int32_codes(a.competition()), ids_of_rows(ds.competitions()));
    {
        const auto orgs = static_cast<std::int32_t>(ds.organizations().size());
        py::array_t<std::int32_t> codes(static_cast<py::ssize_t>(a.size()));
        auto* c = codes.mutable_data();
        for (std::size_t i = 0; i < a.size(); ++i)
            c[i] = a.applicant()[i] +
                   (a.applicant_type()[i] == static_cast<std::uint8_t>(applicant_kind::person) ? orgs : 0);
        auto ids = ids_of_rows(ds.organizations());
        for (auto id : ids_of_rows(ds.persons())) ids.push_back(id);
        out["applicant"] = text_of(codes, ids);
    }
    out["applicant_type"] = text_of(int32_codes(a.applicant_type()), enum_texts<applicant_kind>(2));
    out["status"] = text_of(int32_codes(a.status()), enum_texts<application_status>(5));
    out["title"] = pool_text(int32_codes(a.title().codes()), a.title().dictionary());
    out["direction"] = pool_text(int32_codes(a.direction().codes()), a.direction().dictionary());
    return out;
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
    io.def("is_dataset_folder_file", [](const fs::path& name) { return io::is_dataset_folder_file(name); },
           py::arg("name"),
           "Whether an entry of a folder is one of a saved dataset's own files in either folder form "
           "(manifest.json, a table as CSV or as Parquet); a writer of either form replaces them all.");
    io.def(
        "read_dataset_folder",
        [](const fs::path& folder) {
            const nogil_interruptible nogil;
            return std::make_shared<dataset>(io::read_dataset_folder(folder));
        },
        py::arg("folder"),
        "Reads a dataset folder (manifest.json and one CSV file per table). Raises ParseError\n"
        "naming the file, line and column of the first problem, CivicaIOError when the folder\n"
        "cannot be read.");
    io.def(
        "read_whole_folder",
        [](const fs::path& folder, const py::function& read) {
            return text::read_whole_folder(folder, [&] { return py::object(read()); });
        },
        py::arg("folder"), py::arg("read"),
        "read() of the folder `folder`, read file by file by path, as one version of it: run again\n"
        "when a writer replaced the folder meanwhile (civica::text::read_whole_folder).");
    io.def(
        "read_table_strings",
        [](const fs::path& folder, const py::list& tables, bool skip) {
            // Each table: (name, file, rows, [(column, int64 offsets, bytes), ...]); the buffers
            // are read in place (Arrow's), kept alive by `tables` during the call.
            std::vector<std::shared_ptr<std::shared_ptr<arrow_table>>> kept;  // released after `in`
            std::vector<io::detail::table_strings> in;
            std::vector<py::buffer_info> views;
            views.reserve(64);
            for (const auto& item : tables) {
                const auto t = item.cast<py::tuple>();
                io::detail::table_strings table;
                table.table = t[0].cast<std::string>();
                table.file = t[1].cast<std::string>();
                table.rows = t[2].cast<std::size_t>();
                if (t.size() > 4 && py::isinstance<py::function>(t[4])) {
                    // Typed columns fetched when the table's turn comes (the file may still be
                    // being read on another thread meanwhile): t[3] names the columns, t[4]()
                    // returns them. The buffers are released with `in`, under the GIL.
                    for (const auto& name : t[3].cast<std::vector<std::string>>())
                        table.columns.push_back({name, {}, {}});
                    auto slot = std::make_shared<std::shared_ptr<arrow_table>>();
                    kept.push_back(slot);
                    table.load = [slot, skip, fetch = t[4].cast<py::function>(), file = table.file, rows = table.rows,
                                  name = table.table, names = table.columns](dataset& d,
                                                                             std::vector<io::problem>* skipped) {
                        {
                            py::gil_scoped_acquire gil;
                            *slot = arrow_table_of(file, rows, fetch().cast<py::list>(), skip);
                        }
                        bool same = (*slot)->columns.size() == names.size();
                        for (std::size_t k = 0; same && k < names.size(); ++k)
                            same = (*slot)->columns[k].name == names[k].name;
                        if (!same) throw validation_error("read_table_strings: " + file + " changed its columns");
                        loader_of(name, *slot)(d, skipped);
                    };
                    in.push_back(std::move(table));
                    continue;
                }
                if (t.size() > 4 && !t[4].is_none()) {
                    // Typed columns (applications, organisations): loaded by column, see loader_of.
                    auto typed = arrow_table_of(table.file, table.rows, t[4].cast<py::list>(), skip);
                    for (const auto& c : typed->columns) table.columns.push_back({c.name, {}, {}});
                    table.load = loader_of(table.table, typed);
                    in.push_back(std::move(table));
                    continue;
                }
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
                const nogil_interruptible nogil;
                d = std::make_shared<dataset>(io::detail::read_table_strings(folder, in, o));
            }
            return py::make_tuple(py::cast(d), py::cast(problems));
        },
        py::arg("folder"), py::arg("tables"), py::arg("skip") = false,
        "Reads tables given by column, each (name, file, rows, [(column, int64 offsets, bytes)])\n"
        "as Arrow holds strings, with the checks of a dataset folder; folder holds manifest.json\n"
        "(optional). The applications and organisations may come as (name, file, rows, None, typed), typed\n"
        "a list of (column, form, buffers...) with form 'strings' (offsets, bytes), 'dictionary'\n"
        "(int32 codes, offsets, bytes), 'decimal128' or 'decimal64' (values, validity bitmap or\n"
        "None, offset, scale), 'date32', 'float64', 'int64' (values, validity or None, offset) or 'bool' (uint8\n"
        "values, uint8 mask or None); they are checked and added through the dataset's bulk load.\n"
        "Returns (Dataset, problems). For the Parquet reader.");
    io.def(
        "table_texts",
        [](const dataset& d, const std::vector<std::string>& except) {
            std::vector<io::detail::table_text> tables;
            {
                reading_guard guard(d);
                const nogil_interruptible nogil;
                const std::vector<std::string_view> skip(except.begin(), except.end());
                tables = io::detail::table_texts(d, skip);
            }
            py::list out;
            for (const auto& t : tables) {
                py::list columns;
                for (std::size_t k = 0; k < t.columns.size(); ++k)
                    columns.append(py::make_tuple(std::string(t.columns[k]), int64_array(t.offsets[k]),
                                                  py::bytes(t.data[k])));
                out.append(py::make_tuple(t.table, t.rows, columns));
            }
            return out;
        },
        py::arg("dataset"), py::arg("except_tables") = std::vector<std::string>(),
        "The non-empty tables of a dataset but `except_tables`, each (name, rows, [(column, int64\n"
        "offsets, bytes)]): the text of the dataset folder's cells by column, as Arrow holds\n"
        "strings. For the Parquet writer.");
    io.def(
        "application_texts",
        [](const dataset& d) {
            reading_guard guard(d);
            return application_texts(d);
        },
        py::arg("dataset"),
        "The text columns of the applications, {column: (int32 codes or None, int64 offsets,\n"
        "bytes)}: id as strings, the others as codes into a dictionary (the competitions' ids;\n"
        "the organisations' then the persons' ids; the names of the enumerations; the title and\n"
        "direction columns' own dictionaries). For the Parquet writer.");
    io.def(
        "write_manifest",
        [](const dataset& d, const fs::path& folder) {
            reading_guard guard(d);
            const nogil_interruptible nogil;
            io::detail::write_manifest(d, folder);
        },
        py::arg("dataset"), py::arg("folder"),
        "Writes the dataset's manifest.json into `folder`, as the dataset folder writer does.");
    io.def(
        "table_columns",
        [](const std::string& table) {
            std::vector<std::string> out;
            for (auto c : io::detail::table_columns(table + ".csv")) out.emplace_back(c);
            return out;
        },
        py::arg("table"), "The columns of a table of the dataset folder format, in their order.");
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
            const nogil_interruptible nogil;
            return std::make_shared<dataset>(io::load_dataset(name_or_path, data_dir));
        },
        py::arg("name_or_path"), py::arg("data_dir"),
        "Loads a bundled dataset by name, or a dataset folder by path.");

    py::class_<io::problem>(io, "Problem",
        "One problem a reader or a check found (civica::io::problem): severity ('error': a record\n"
        "left out, or what stops a strict read; 'warning'), check (a short code such as\n"
        "'invalid_inn'), file, line (None for the whole file), field (None when not about one\n"
        "column), record_id, message, and path: the record's JSON path in a JSON file without\n"
        "lines to count (\"grants[3]\" in 360Giving, \"memberships[0]\" in Popolo), else None.")
        .def(py::init([](std::string severity, std::string check, std::string file, std::size_t line,
                         std::string field, std::string record_id, std::string message, std::string path) {
                 if (severity != "error" && severity != "warning")
                     throw validation_error("a problem's severity is \"error\" or \"warning\", not \"" +
                                            severity + "\"");
                 return io::problem{std::move(severity), std::move(check),     std::move(file),    line,
                                    std::move(field),    std::move(record_id), std::move(message), std::move(path)};
             }),
             py::kw_only(), py::arg("severity"), py::arg("check"), py::arg("file") = "", py::arg("line") = 0,
             py::arg("field") = "", py::arg("record_id") = "", py::arg("message") = "", py::arg("path") = "")
        .def_property_readonly("severity", [](const io::problem& p) { return p.severity; })
        .def_property_readonly("check", [](const io::problem& p) { return p.check; })
        .def_property_readonly("file", [](const io::problem& p) { return none_if_empty(p.file); })
        .def_property_readonly("line", [](const io::problem& p) -> py::object {
            if (p.line == 0) return py::none();
            return py::int_(p.line);
        })
        .def_property_readonly("field", [](const io::problem& p) { return none_if_empty(p.field); })
        .def_property_readonly("record_id", [](const io::problem& p) { return none_if_empty(p.record_id); })
        .def_property_readonly("message", [](const io::problem& p) { return user_text(p.message); })
        .def_property_readonly("path", [](const io::problem& p) { return none_if_empty(p.path); })
        .def_property_readonly("is_error", [](const io::problem& p) { return p.severity == "error"; })
        .def("__str__", [](const io::problem& p) { return user_text(io::to_string(p)); })
        .def("__repr__", [](const io::problem& p) {
            std::string out = "Problem(severity=" + py_repr(user_text(p.severity)) +
                              ", check=" + py_repr(user_text(p.check));
            if (!p.file.empty()) out += ", file=" + py_repr(user_text(p.file));
            if (p.line != 0) out += ", line=" + std::to_string(p.line);
            if (!p.field.empty()) out += ", field=" + py_repr(user_text(p.field));
            if (!p.record_id.empty()) out += ", record_id=" + py_repr(user_text(p.record_id));
            out += ", message=" + py_repr(user_text(p.message));
            if (!p.path.empty()) out += ", path=" + py_repr(user_text(p.path));
            return out + ")";
        })
        .def("__eq__", [](const io::problem& a, py::object b) -> py::object {
            if (!py::isinstance<io::problem>(b)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
            return py::bool_(a == b.cast<const io::problem&>());
        })
        // Pickled (for a process pool's results) as bytes, so text quoted from a badly encoded
        // file comes back byte for byte.
        .def(py::pickle(
            [](const io::problem& p) {
                return py::make_tuple(py::bytes(p.severity), py::bytes(p.check), py::bytes(p.file), p.line,
                                      py::bytes(p.field), py::bytes(p.record_id), py::bytes(p.message),
                                      py::bytes(p.path));
            },
            [](const py::tuple& t) {
                // Seven parts: a Problem pickled before it had a path.
                if (t.size() != 7 && t.size() != 8)
                    throw validation_error("cannot unpickle a Problem: unknown pickle format");
                return io::problem{t[0].cast<std::string>(), t[1].cast<std::string>(), t[2].cast<std::string>(),
                                   t[3].cast<std::size_t>(),  t[4].cast<std::string>(), t[5].cast<std::string>(),
                                   t[6].cast<std::string>(),  t.size() == 8 ? t[7].cast<std::string>() : std::string()};
            }));
    io.attr("Problem").attr("__hash__") = py::none();

    io.def(
        "check_dataset",
        [](const dataset& ds) {
            reading_guard guard(ds);
            const nogil_interruptible nogil;
            return io::check_dataset(ds);
        },
        py::arg("dataset"),
        "The warnings of a dataset in memory: the folder checks over its folder form's text, with no\n"
        "file written. `file` is the table's CSV file (\"applications.csv\"), `line` the row + 2.");
    io.def("has_errors", &io::has_errors, py::arg("problems"),
           "True when the problems include at least one error (not only warnings).");

    io.attr("sqlite_available") = true;
    io.def(
        "check_360giving",
        [](const fs::path& file, const std::string& encoding) {
            const auto e = text::parse_text_encoding(encoding);
            const nogil_interruptible nogil;
            return io::check_360giving(file, e);
        },
        py::arg("file"), py::kw_only(), py::arg("encoding") = "auto",
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
