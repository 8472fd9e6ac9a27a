// Design notes.
// Reading: one scanner serves both the strict reader and the lenient checker (check.cpp).
// It converts each cell, then checks the row against the model's rules itself, so that every
// error can name its column; only then (strict mode) does it call dataset::add, whose own
// validation stays the authority: a validation_error it throws is still reported, located at
// the row. Lenient mode builds no dataset; it keeps the ids seen per table so references can
// be checked, and registers the id of a broken row anyway so one bad row does not cascade
// into "unknown reference" errors in every later file.
// Skip mode (table_read_options::skip_bad_records) builds the dataset like strict mode, but
// the first error of a row records a problem and abandons the row (the skip_row exception);
// the row's id never enters the id sets, so rows that refer to it fail in turn. The JSON form
// feeds the same row functions with cells converted from JSON objects; only the way an error
// is located differs (a JSON path instead of a line).
// The tables, their columns and the columns' types are the declared ones
// (civica/model/schema.hpp): a row's cells are converted by their columns' types (fill), its
// references checked against the tables they name (check_references), and a row is written
// through the columns' getters; each table's row function holds only the rules of its own.
// Writing: files go to a hidden temporary sibling folder which then takes the target's place
// (text::replace_folder_atomically), so a failure (disk full, a value the format cannot hold)
// or a kill leaves the old folder intact.
#include "civica/io/dataset_folder.hpp"

#include "civica/core/interruption.hpp"
#include "civica/core/identifiers.hpp"
#include "civica/error.hpp"
#include "civica/model/detail/bulk_load.hpp"
#include "civica/model/schema.hpp"
#include "civica/text/csv.hpp"
#include "civica/text/files.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"
#include "dataset_folder_scan.hpp"
#include "json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <type_traits>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace civica::io {

namespace fs = std::filesystem;

namespace {

// ------------------------------------------------------------------ the format's tables

struct table_schema {
    std::string_view file;
    std::vector<std::string_view> columns;   // in the order they are written
    std::vector<std::string_view> required;  // columns the header must have
    std::vector<schema::column_type> types;  // per column
};

// The declared tables (civica/model/schema.hpp), in add order, as the scanner uses them.
const std::vector<table_schema>& schemas() {
    static const std::vector<table_schema> s = [] {
        std::vector<table_schema> out;
        for (const auto& t : civica::schema::tables()) {
            table_schema ts{t.file, {}, {}, {}};
            for (const auto& c : t.columns) {
                ts.columns.push_back(c.name);
                ts.types.push_back(c.type);
                if (c.required) ts.required.push_back(c.name);
            }
            out.push_back(std::move(ts));
        }
        return out;
    }();
    return s;
}

const table_schema& schema_of(std::string_view file) {
    for (const auto& s : schemas())
        if (s.file == file) return s;
    throw std::logic_error("civica: no table schema for " + std::string(file));
}

std::string dq(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    out.append(s);
    out += '"';
    return out;
}

std::string join(const std::vector<std::string_view>& v, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += sep;
        out += v[i];
    }
    return out;
}

/// The message for a column `name` that `table` does not have, naming a character in it that
/// cannot be seen ("full_name" with a no-break space after it reads as "full_name").
std::string unknown_column(std::string_view name, std::string_view table, const std::vector<std::string_view>& columns) {
    const std::string unseen = text::first_unseen_character(name);
    return "unknown column " + dq(name) + (unseen.empty() ? "" : " (it holds " + unseen + ", which cannot be seen)") +
           "; the columns of " + std::string(table) + " are: " + join(columns, ", ");
}

// ------------------------------------------------------------------ value text forms


using text::format_double;
using text::parse_double;

using text::parse_int;

// ------------------------------------------------------------------ the scanner

/// Thrown in skip mode to abandon the current row (never escapes the scanner).
struct skip_row {};

/// The table name of the JSON form: "applications.csv" -> "applications".
std::string_view table_name(std::string_view file) { return file.substr(0, file.size() - 4); }

class scanner {
public:
    scanner(fs::path folder, dataset* out, std::vector<problem>* problems,
            const table_read_options* options = nullptr)
        : folder_(std::move(folder)),
          ds_(out),
          problems_(problems),
          strict_(out != nullptr),
          opts_(options),
          skip_(options && options->skip_bad_records && out != nullptr),
          comma_(options && options->decimal_comma) {
        if (options && options->separator != 0) text::check_separator(options->separator);  // 0: detected
    }

    void run() {
        std::error_code ec;
        if (!fs::is_directory(folder_, ec))
            throw io_error("dataset folder \"" + folder_.string() + "\" " +
                           (fs::exists(folder_, ec) ? "is a file, not a folder (is it in another format? docs/formats.md)"
                                                    : "does not exist or is not a folder"));
        if (!one_kind_of_tables() || !read_manifest() || !tables_are_csv()) return;
        for (const auto& t : schemas()) scan(t.file, row_function(t.file));
        if (!strict_) unknown_files();
    }

    /// Checks tables given by column, without a folder or manifest (lenient only): the tables
    /// of a dataset in memory, in load order.
    void run_texts(const std::vector<detail::table_strings>& tables) {
        for (const auto& t : schemas())
            for (const auto& in : tables)
                if (in.table == table_name(t.file)) scan_columns(t, in, row_function(t.file));
    }

    /// Reads the JSON form (strict or skip mode); folder_ is the JSON file.
    void run_json() {
        json_ = true;
        file_ = text::utf8_or_escaped(folder_.filename().string());
        line_ = 0;
        std::string text = decode(text::read_file(folder_, "dataset JSON"));
        nlohmann::json j = text::parse_json<nlohmann::json>(text, file_);
        text = std::string();
        auto fail = [&](const std::string& path, const std::string& why) {
            return parse_error(file_, 0, 0, "", path.empty() ? why : path + ": " + why);
        };
        if (!j.is_object()) throw fail("", "must hold a JSON object");
        if (!j.contains("format") || j["format"] != "civica-dataset-json")
            throw fail("format", "\"format\" must be \"civica-dataset-json\"" +
                                     (j.contains("format") ? ", found " + j["format"].dump() : std::string()));
        // A fault of the file's version or info stops a read; a check lists it with the code a
        // folder's manifest gets (bad_manifest, newer_version) and goes on but for the version.
        auto head_fault = [&](std::string_view check, const std::string& path, std::string_view field,
                              const std::string& why) {
            if (!lenient()) throw fail(path, why);
            report("error", check, field, path + ": " + why);
        };
        if (!check_version(j, [&](std::string_view check, std::string_view field, const std::string& why) {
                head_fault(check, std::string(field), field, why);
            }))
            return;
        static const std::set<std::string> top{"format", "version", "info", "tables"};
        for (const auto& [key, value] : j.items())
            if (!top.count(key))
                throw fail(key, "unknown key (the keys are format, version, info and tables)");
        if (j.contains("info") && !j["info"].is_null()) {
            if (!j["info"].is_object()) throw fail("info", "must be a JSON object");
            dataset_info info;
            read_info(j["info"], info, [&](std::string_view check, std::string_view field, const std::string& why) {
                head_fault(check, "info." + std::string(field), field, why);
            });
            static const std::set<std::string> known{"name", "title", "territory", "description",
                                                     "source", "licence", "synthetic", "currency"};
            for (const auto& [key, value] : j["info"].items())
                if (!known.count(key))
                    head_fault("bad_manifest", "info." + key, key,
                               "unknown key (the keys are name, title, territory, description, source, licence, "
                               "synthetic, currency)");
            if (ds_) ds_->info() = std::move(info);
        }
        if (!j.contains("tables") || j["tables"].is_null()) return;
        const auto& tables = j["tables"];
        if (!tables.is_object()) throw fail("tables", "must be a JSON object of tables");
        for (const auto& [key, value] : tables.items()) {
            bool known = false;
            for (const auto& t : schemas()) known = known || table_name(t.file) == key;
            if (!known) {
                std::vector<std::string_view> names;
                for (const auto& t : schemas()) names.push_back(table_name(t.file));
                throw fail("tables." + key, "unknown table; the tables are: " + join(names, ", "));
            }
        }
        for (const auto& t : schemas()) {
            const std::string name(table_name(t.file));
            if (!tables.contains(name) || tables[name].is_null()) continue;
            const auto& rows = tables[name];
            if (!rows.is_array()) throw fail("tables." + name, "must be a JSON array of objects");
            scan_json(t, rows, row_function(t.file));
        }
    }

private:
    using row_fn = void (scanner::*)();
    static row_fn row_function(std::string_view file) {
        static const std::pair<std::string_view, row_fn> rows[] = {
            {"municipalities.csv", &scanner::municipality_row},
            {"organizations.csv", &scanner::organization_row},
            {"persons.csv", &scanner::person_row},
            {"operators.csv", &scanner::operator_row},
            {"programmes.csv", &scanner::programme_row},
            {"competitions.csv", &scanner::competition_row},
            {"applications.csv", &scanner::application_row},
            {"courses.csv", &scanner::course_row},
            {"enrolments.csv", &scanner::enrolment_row},
            {"bodies.csv", &scanner::body_row},
            {"membership_terms.csv", &scanner::term_row},
            {"meetings.csv", &scanner::meeting_row},
            {"agenda_questions.csv", &scanner::agenda_row},
            {"services.csv", &scanner::service_row},
            {"monitoring.csv", &scanner::monitoring_row},
            {"indicators.csv", &scanner::indicator_row},
        };
        for (const auto& [f, fn] : rows)
            if (f == file) return fn;
        throw std::logic_error("civica: no row function for " + std::string(file));
    }

    // ---------------------------------------------------------------- reporting

    void report(std::string_view severity, std::string_view check, std::string_view field,
                const std::string& message) {
        if (strict_) {
            if (severity != "error") return;
            if (skip_ && in_row_) {
                if (opts_->skipped)
                    opts_->skipped->push_back(problem{std::string(severity), std::string(check), file_, line_,
                                                      std::string(field), record_id_,
                                                      json_ ? json_place(field) + ": " + message : message,
                                                      json_ ? json_path_ : std::string()});
                throw skip_row{};
            }
            if (json_) throw parse_error::at_json_path(file_, json_place(field), std::string(field), message);
            throw parse_error(file_, line_, 0, std::string(field), message);
        }
        // A row of the JSON form is placed by its path, as in skip mode (it has no line).
        problems_->push_back(problem{std::string(severity), std::string(check), file_, line_, std::string(field),
                                     record_id_,
                                     json_ && !json_path_.empty() ? json_place(field) + ": " + message : message,
                                     json_ ? json_path_ : std::string()});  // the record's JSON path
    }
    /// The JSON path of the current row's `field` (of the row when `field` is empty).
    std::string json_place(std::string_view field) const {
        std::string p = json_path_;
        if (!field.empty()) {
            p += '.';
            p += field;
        }
        return p;
    }
    void error(std::string_view check, std::string_view field, const std::string& message) {
        if (std::find(failed_.begin(), failed_.end(), field) == failed_.end())
            failed_.emplace_back(field);
        report("error", check, field, message);
    }
    void warn(std::string_view check, std::string_view field, const std::string& message) {
        report("warning", check, field, message);
    }
    bool lenient() const { return !strict_; }
    /// True when a conversion or rule already failed for `field` in this row (so rules that
    /// use its value are skipped instead of reporting the same mistake twice).
    bool failed(std::string_view field) const {
        return std::find(failed_.begin(), failed_.end(), field) != failed_.end();
    }

    // ---------------------------------------------------------------- manifest

    /// True when the folder has an entry at `p`, even one that cannot be opened (a link that
    /// leads nowhere or round in a loop): that is an error when read, not a missing table.
    static bool is_entry(const fs::path& p) {
        std::error_code ec;
        return fs::exists(fs::symlink_status(p, ec));
    }

    bool read_manifest() {
        file_ = "manifest.json";
        line_ = 0;
        record_id_.clear();
        const fs::path p = folder_ / "manifest.json";
        if (!is_entry(p)) {
            if (opts_ && !opts_->require_manifest) {
                // A folder of tables alone is named after the folder, as a 360Giving or Popolo
                // file is after the file: the report's title and `civica info` name it.
                if (ds_)
                    ds_->info().name = text::utf8_or_escaped(
                        (folder_.filename().empty() ? folder_.parent_path() : folder_).filename().string());
                return has_a_table();
            }
            report("error", "bad_manifest", "",
                   "the folder has no manifest.json (a dataset folder needs one with "
                   "\"format\": \"civica-dataset\" and \"version\": 1)");
            return false;
        }
        // Through the one file reader, with the input caps of every file read (max_file_bytes).
        const std::string text = text::read_file(p, "manifest");
        if (const auto bad = text::find_invalid_utf8(text); bad != std::string_view::npos) {
            line_ = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
            report("error", "bad_manifest", "",
                   std::string("manifest.json is not UTF-8") +
                       (text::detect_encoding(text) == text::text_encoding::windows1251
                            ? " (it looks like Windows-1251: save it as UTF-8)"
                            : "") +
                       "; the manifest is always UTF-8 JSON, whatever the tables' dialect");
            return false;
        }
        nlohmann::json j;
        try {
            j = text::parse_json<nlohmann::json>(text, file_);
        } catch (const parse_error& e) {
            line_ = e.line();  // the line of the offending byte, as for the CSV files
            report("error", "bad_manifest", "", e.reason());
            return false;
        }
        if (!j.is_object()) {
            report("error", "bad_manifest", "", "must hold a JSON object");
            return false;
        }
        if (!j.contains("format") || j["format"] != "civica-dataset") {
            report("error", "bad_manifest", "format",
                   "\"format\" must be \"civica-dataset\"" +
                       (j.contains("format") ? std::string(", found ") + j["format"].dump() : std::string()));
            return false;
        }
        auto manifest_error = [this](std::string_view check, std::string_view field, const std::string& why) {
            report("error", check, field, why);
        };
        if (!check_version(j, manifest_error)) return false;
        dataset_info info;
        const bool ok = read_info(j, info, manifest_error);
        if (lenient()) {
            static const std::set<std::string> known{"format", "version", "name", "title", "territory",
                                                     "description", "source", "licence", "synthetic", "currency"};
            for (const auto& [key, value] : j.items())
                if (!known.count(key))
                    warn("unknown_manifest_key", key,
                         "\"" + key + "\" is not a manifest key of format version 1 (it is ignored)");
        }
        if (ds_) ds_->info() = std::move(info);
        return ok || lenient();
    }

    /// Checks "version" of a manifest or JSON dataset; `fail(check, field, why)` reports.
    template <class Fail>
    static bool check_version(const nlohmann::json& j, Fail&& fail) {
        if (!j.contains("version") || !j["version"].is_number_integer()) {
            fail("bad_manifest", "version", "\"version\" must be a whole number (1)");
            return false;
        }
        const auto version = j["version"].get<std::int64_t>();
        if (version > dataset_format_version) {
            fail("newer_version", "version",
                 "the dataset is in format version " + std::to_string(version) +
                     ", newer than this civica reads (" + std::to_string(dataset_format_version) +
                     "); update civica");
            return false;
        }
        if (version < 1) {
            fail("bad_manifest", "version", "version " + std::to_string(version) + " does not exist (the first is 1)");
            return false;
        }
        return true;
    }

    /// Reads the descriptive keys (name, title, …, synthetic) of `j` into `info`.
    template <class Fail>
    static bool read_info(const nlohmann::json& j, dataset_info& info, Fail&& fail) {
        bool ok = true;
        for (const auto& [key, member] : dataset_info_texts) {
            if (!j.contains(key) || j[key].is_null()) continue;
            if (!j[key].is_string()) {
                fail("bad_manifest", key, std::string("\"") + key + "\" must be a string");
                ok = false;
                continue;
            }
            const auto& value = j[key].template get_ref<const std::string&>();
            // What every writer refuses to write (check_info) is refused on read as well.
            if (auto why = text::text_value_problem(value, std::string("\"") + key + "\""); !why.empty()) {
                fail("bad_manifest", key, why);
                ok = false;
                continue;
            }
            info.*member = value;
        }
        if (j.contains("synthetic") && !j["synthetic"].is_null()) {
            if (!j["synthetic"].is_boolean()) {
                fail("bad_manifest", "synthetic", "\"synthetic\" must be true or false");
                ok = false;
            } else {
                info.synthetic = j["synthetic"].get<bool>();
            }
        }
        // Absent in datasets written before civica kept a currency: their money is roubles.
        if (j.contains("currency") && !j["currency"].is_null()) {
            if (!j["currency"].is_string() || !is_currency_code(j["currency"].template get<std::string>())) {
                fail("bad_manifest", "currency",
                     "\"currency\" must be an ISO 4217 code (three capital letters, e.g. \"RUB\"), found " +
                         j["currency"].dump());
                ok = false;
            } else {
                info.currency = j["currency"].template get<std::string>();
            }
        }
        return ok;
    }

    /// The text of a file in the encoding the options declare or detect, as UTF-8.
    std::string decode(std::string bytes) {
        // UTF-16 from "Unicode text" is said to be UTF-16 before any guess of a one-byte
        // encoding turns its zero bytes into text.
        text::check_text_file(bytes, file_);
        encoding_ = opts_ ? opts_->encoding : text::text_encoding::utf8;
        if (encoding_ == text::text_encoding::automatic) encoding_ = text::detect_encoding(bytes);
        if (encoding_ == text::text_encoding::windows1251) return text::windows1251_file_to_utf8(bytes, file_);
        return bytes;
    }

    // ---------------------------------------------------------------- table loop

    void scan(std::string_view file, row_fn on_row) {
        const table_schema& t = schema_of(file);
        file_ = std::string(file);
        table_ = t.file;
        line_ = 0;
        record_id_.clear();
        const fs::path p = folder_ / file;
        if (!is_entry(p)) return;  // a missing file is an empty table
        text::csv_options opt;
        opt.uniform_width = false;  // checked here, so the checker can go on after a bad row
        // The native format streams the file; a dialect is decided from the whole file, which
        // is then read from memory (converted to UTF-8 when it is Windows-1251).
        std::istringstream memory;
        std::optional<text::csv_reader> reader;
        if (opts_) {
            // (A table that cannot be read, a folder named like it, is an error in skip mode too:
            // it is no record to leave out.)
            std::string text = decode(text::read_file(p, "table"));
            std::string_view head = text;
            if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
            opt.separator = opts_->separator != 0 ? opts_->separator
                                                  : text::detect_separator(head.substr(0, head.find('\n')));
            // Excel separates fields with ';' (or a tab) where ',' is the decimal separator (a
            // Russian locale): a file detected as ';'- or tab-separated reads "12,50" as well as
            // "12.50". A ','-separated one never has decimal commas (write_dataset_folder).
            comma_ = opts_->decimal_comma || (opts_->separator == 0 && (opt.separator == ';' || opt.separator == '\t'));
            memory.str(std::move(text));
            reader.emplace(memory, file_, opt);
        } else {
            reader.emplace(p, opt);
        }
        separator_ = opt.separator;
        text::csv_reader& in = *reader;
        text::csv_record rec;
        if (!next(in, rec)) return;  // an empty file is an empty table
        line_ = rec.line();
        read_header(t, rec);
        const std::size_t width = rec.size();
        const bool keyed = std::find(t.columns.begin(), t.columns.end(), "id") != t.columns.end();
        const std::size_t id_field = keyed ? field_of("id") : npos;
        while (next(in, rec)) {
            // A row of the header's width whose cells are empty or spaces (a spreadsheet's
            // emptied row, ";;;") is blank, as a blank line is, as in the other CSV readers.
            bool blank = rec.size() == width;
            for (std::size_t i = 0; i < rec.size() && blank; ++i)
                blank = rec[i].find_first_not_of(" \t") == std::string_view::npos;
            if (blank) continue;
            line_ = rec.line();
            record_id_.clear();
            failed_.clear();
            cells_.resize(rec.size());
            for (std::size_t i = 0; i < rec.size(); ++i) cells_[i] = rec[i];
            in_row_ = true;
            try {
                if (rec.size() != width) {
                    if (lenient() && id_field != npos && id_field < rec.size())
                        register_id_of_broken_row(file, std::string(rec[id_field]));
                    record_id_ = id_field != npos ? std::string(rec.get(id_field)) : std::string();
                    error("wrong_field_count", "",
                          "the record has " + std::to_string(rec.size()) + " fields but the header has " +
                              std::to_string(width) + " (a value holding " + text::separator_name(separator_) +
                              " must be in double quotes)");
                } else {
                    (this->*on_row)();
                }
            } catch (const skip_row&) {
                left_out();
            }
            in_row_ = false;
        }
        cells_.clear();
    }

public:
    /// Reads tables given by column (detail::table_strings) with the row code and the checks
    /// of the folder's CSV tables. A problem names the table's file and, as `line`, the line
    /// the row would have in CSV (row + 2: the header is line 1).
    void run_columns(const std::vector<detail::table_strings>& tables) {
        for (const auto& in : tables) {
            bool known = false;
            for (const auto& t : schemas()) known = known || table_name(t.file) == in.table;
            if (!known) {
                std::vector<std::string_view> names;
                for (const auto& t : schemas()) names.push_back(table_name(t.file));
                throw parse_error(in.file, 0, 0, "",
                                  dq(in.table) + " is not a table of a civica dataset (the tables are " +
                                      join(names, ", ") + ")");
            }
        }
        tables_given_ = !tables.empty();
        if (!one_kind_of_tables() || !read_manifest()) return;
        for (const auto& in : tables) files_by_table_[in.table] = in.file;
        // A table the folder lacks is named as its siblings are ("applications.parquet" in a
        // Parquet folder), not as a CSV file nobody looks for.
        if (!tables.empty())
            if (const auto dot = tables.front().file.rfind('.'); dot != std::string::npos)
                for (const auto& t : schemas())
                    files_by_table_.try_emplace(std::string(table_name(t.file)),
                                                std::string(table_name(t.file)) + tables.front().file.substr(dot));
        for (const auto& t : schemas())
            for (const auto& in : tables) {
                if (in.table != table_name(t.file)) continue;
                if (!in.load) {
                    scan_columns(t, in, row_function(t.file));
                    continue;
                }
                if (in.table != "applications" && in.table != "organizations")
                    throw std::logic_error("civica: the table " + in.table + " is not loaded by column");
                // The header's rules (unknown, repeated and missing columns) as for a scan.
                file_ = in.file;
                table_ = t.file;
                line_ = 1;
                record_id_.clear();
                std::vector<std::string_view> names;
                for (const auto& c : in.columns) names.push_back(c.name);
                read_header(t, names);
                in.load(*ds_, skip_ ? opts_->skipped : nullptr);
                (in.table == "applications" ? applications_in_dataset_ : organizations_in_dataset_) = true;
            }
    }

private:
    void scan_columns(const table_schema& t, const detail::table_strings& in, row_fn on_row) {
        file_ = in.file;
        table_ = t.file;
        line_ = 1;
        record_id_.clear();
        std::vector<std::string_view> names;
        // Skip mode: rows holding text civica cannot hold, with the first such column's problem.
        std::unordered_map<std::size_t, std::pair<std::string_view, std::string>> bad_text;
        for (const auto& c : in.columns) {
            names.push_back(c.name);
            const bool fits = c.offsets.size() == in.rows + 1 && c.offsets.front() >= 0 &&
                              static_cast<std::uint64_t>(c.offsets.back()) <= c.data.size() &&
                              std::is_sorted(c.offsets.begin(), c.offsets.end());
            if (!fits)
                throw parse_error(in.file, 0, 0, c.name, "the column's string offsets do not fit its " +
                                                             std::to_string(in.rows) + " rows and " +
                                                             std::to_string(c.data.size()) + " bytes");
            // Text civica cannot hold (text::text_value_problem), found in the column's bytes at once.
            for (std::size_t from = 0; from < in.rows;) {
                const auto [row, why] = text::first_bad_cell(c.data, in.rows - from,
                                                             [&](std::size_t i) { return c.offsets[from + i]; });
                if (why.empty()) break;
                if (!skip_) throw parse_error(in.file, from + row + 2, 0, c.name, why);
                bad_text.try_emplace(from + row, c.name, why);
                from += row + 1;
            }
        }
        const auto id_column = std::find(names.begin(), names.end(), "id");
        read_header(t, names);
        const std::size_t width = in.columns.size();
        cells_.resize(width);
        for (std::size_t r = 0; r < in.rows; ++r) {
            if ((r & 0xFFF) == 0xFFF) interruption_point();  // every 4096 rows
            line_ = r + 2;
            record_id_.clear();
            failed_.clear();
            for (std::size_t i = 0; i < width; ++i) {
                const auto& c = in.columns[i];
                const auto from = static_cast<std::size_t>(c.offsets[r]);
                cells_[i] = c.data.substr(from, static_cast<std::size_t>(c.offsets[r + 1]) - from);
            }
            in_row_ = true;
            try {
                if (const auto bad = bad_text.find(r); bad != bad_text.end()) {
                    if (id_column != names.end()) record_id_ = std::string(cells_[static_cast<std::size_t>(id_column - names.begin())]);
                    error("bad_value", bad->second.first, bad->second.second);
                }
                (this->*on_row)();
            } catch (const skip_row&) {
                left_out();
            }
            in_row_ = false;
        }
        cells_.clear();
    }

    /// Runs the row code over the objects of one table of the JSON form.
    void scan_json(const table_schema& t, const nlohmann::json& rows, row_fn on_row) {
        table_ = t.file;
        record_id_.clear();
        columns_ = &t.columns;
        field_index_.resize(t.columns.size());
        for (std::size_t k = 0; k < t.columns.size(); ++k) field_index_[k] = k;
        std::vector<std::string> values(t.columns.size());
        const std::string table = "tables." + std::string(table_name(t.file));
        for (std::size_t r = 0; r < rows.size(); ++r) {
            if ((r & 0xFFF) == 0xFFF) interruption_point();  // every 4096 rows
            json_path_ = table + "[" + std::to_string(r) + "]";
            record_id_.clear();
            failed_.clear();
            in_row_ = true;
            try {
                if (json_cells(t, rows[r], values)) {  // a row that is no object has no cells to check
                    cells_.assign(values.begin(), values.end());
                    (this->*on_row)();
                }
            } catch (const skip_row&) {
                left_out();
            }
            in_row_ = false;
        }
        json_path_.clear();
        cells_.clear();
    }

    /// The cells of one JSON row object, in the schema's column order ("" when absent); false
    /// (said as an error) when the row is no object.
    bool json_cells(const table_schema& t, const nlohmann::json& obj, std::vector<std::string>& values) {
        for (auto& v : values) v.clear();
        if (!obj.is_object()) {
            error("bad_value", "", "a row must be a JSON object, not " + std::string(obj.type_name()));
            return false;
        }
        if (obj.contains("id") && obj["id"].is_string()) record_id_ = obj["id"].get<std::string>();
        for (const auto& [key, v] : obj.items()) {
            const auto it = std::find(t.columns.begin(), t.columns.end(), key);
            if (it == t.columns.end()) {
                error("unknown_column", key, unknown_column(key, table_name(t.file), t.columns));
                continue;
            }
            std::string& cell = values[static_cast<std::size_t>(it - t.columns.begin())];
            switch (v.type()) {
                case nlohmann::json::value_t::null: break;
                case nlohmann::json::value_t::string:
                    cell = v.get<std::string>();
                    // JSON's "\u0000" is a NUL byte, which the CSV form refuses (and cannot write).
                    if (auto why = text::text_value_problem(cell); !why.empty()) {
                        cell.clear();
                        error("bad_value", key, why);
                    }
                    break;
                case nlohmann::json::value_t::boolean: cell = v.get<bool>() ? "true" : "false"; break;
                case nlohmann::json::value_t::number_integer: cell = std::to_string(v.get<std::int64_t>()); break;
                case nlohmann::json::value_t::number_unsigned: cell = std::to_string(v.get<std::uint64_t>()); break;
                case nlohmann::json::value_t::number_float:
                    // An amount past 10^13 with a fraction is not the number written (the double
                    // keeps 15-17 digits): refused as the 360Giving reader refuses it.
                    if (const auto k = static_cast<std::size_t>(it - t.columns.begin());
                        t.types[k] == schema::column_type::money) {
                        if (auto why = detail::inexact_amount_problem(v.get<double>(), v.dump()); !why.empty()) {
                            error("bad_value", key, why + ": write the amount in quotes, as civica writes amounts");
                            break;
                        }
                    }
                    cell = format_double(v.get<double>());
                    break;
                default:
                    error("bad_value", key,
                          "must be a string, number, boolean or null, not " + std::string(v.type_name()));
            }
        }
        return true;
    }

    /// Next CSV record; a syntax error throws (strict) or is reported and ends the file.
    bool next(text::csv_reader& in, text::csv_record& rec) {
        try {
            return in.next(rec);
        } catch (const parse_error& e) {
            // Bytes that are not UTF-8 may be Windows-1251; a NUL byte is in no text of either.
            if (strict_ && opts_ && opts_->encoding == text::text_encoding::utf8 &&
                e.reason().find("UTF-8") != std::string::npos && e.reason().find("NUL byte") == std::string::npos)
                throw parse_error(e.file(), e.line(), e.column(), e.field(),
                                  e.reason() + " (or read it as Windows-1251: civica --encoding windows-1251, "
                                               "encoding=\"windows-1251\" in Python)");
            if (strict_) throw;
            line_ = e.line();
            record_id_.clear();
            report("error", "csv_syntax", "", e.reason() + " (the rest of the file was not checked)");
            incomplete_.insert(file_);
            return false;
        }
    }

    /// Maps the header's columns to the schema's. Unknown, unnamed and repeated columns are
    /// errors; in lenient mode the scan goes on with the columns it knows.
    template <class Names>
    void read_header(const table_schema& t, const Names& rec) {
        columns_ = &t.columns;
        field_index_.assign(t.columns.size(), npos);
        for (std::size_t i = 0; i < rec.size(); ++i) {
            const std::string_view name = rec[i];
            auto it = std::find(t.columns.begin(), t.columns.end(), name);
            if (name.empty()) {
                error("unknown_column", "",
                      "column " + std::to_string(i + 1) + " has no name (remove the empty column)");
            } else if (it == t.columns.end()) {
                // The whole header as one name: the file is in a spreadsheet dialect that the
                // native reader (',' only) does not split.
                const bool other_separator = rec.size() == 1 && !opts_ &&
                                             name.find_first_of(";\t") != std::string_view::npos;
                error("unknown_column", name,
                      unknown_column(name, t.file, t.columns) +
                          (other_separator ? std::string(" (the file is not ','-separated: read the folder as "
                                                         "format \"csv\", e.g. --from csv, which detects ';' and tabs)")
                                           : std::string()));
            } else {
                const auto k = static_cast<std::size_t>(it - t.columns.begin());
                if (field_index_[k] != npos)
                    error("duplicate_column", name, "column " + dq(name) + " appears twice");
                else
                    field_index_[k] = i;
            }
        }
        header_incomplete_ = false;
        for (auto req : t.required)
            if (field_of(req) == npos) {
                error("missing_column", req,
                      "the header has no column " + dq(req) + ", which " + std::string(t.file) +
                          " requires");
                header_incomplete_ = true;
            }
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    std::size_t field_of(std::string_view column) const {
        for (std::size_t k = 0; k < columns_->size(); ++k)
            if ((*columns_)[k] == column) return field_index_[k];
        throw std::logic_error("civica: unknown column " + std::string(column));
    }
    bool has(std::string_view column) const { return field_of(column) != npos; }
    std::string_view cell(std::string_view column) const {
        const std::size_t i = field_of(column);
        return i == npos || i >= cells_.size() ? std::string_view() : cells_[i];
    }
    std::string text(std::string_view column) const { return std::string(cell(column)); }

    // ---------------------------------------------------------------- cell conversions
    // Each reports a bad value (which throws in strict mode) and returns the default.

    date get_date(std::string_view column) {
        try {
            const auto s = cell(column);
            if (s.empty()) return date();
            if (opts_ && opts_->dotted_dates) return from_day_number(parse_day_number_or_russian(s));
            return parse_date(s);
        } catch (const parse_error& e) {
            const bool dotted = !(opts_ && opts_->dotted_dates) && cell(column).find('.') != std::string_view::npos;
            error("bad_value", column,
                  e.reason() + (dotted ? "; a folder whose dates a spreadsheet wrote DD.MM.YYYY is read as the csv "
                                         "format (civica.io.read(path, \"csv\"), civica convert --from csv)"
                                       : std::string()));
            return date();
        }
    }
    std::optional<money> get_optional_money(std::string_view column) {
        const auto s = cell(column);
        if (s.empty()) return std::nullopt;
        try {
            if (opts_ && opts_->lenient_money) return text::parse_money_lenient(s);
            if (comma_) {
                std::string t(s);
                if (t.find('.') == std::string::npos)
                    if (auto c = t.find(','); c != std::string::npos) t[c] = '.';
                try {
                    return money::parse(t);
                } catch (const parse_error&) {
                    throw parse_error(dq(s) + " is not an amount (write e.g. 1250 or 12,50, ',' as decimal "
                                              "separator; lenient_money reads \"12 345,67 руб.\")");
                }
            }
            return money::parse(s);
        } catch (const parse_error& e) {
            error("bad_value", column, e.reason());
            return std::nullopt;
        }
    }
    template <class Int = int>
    Int get_int(std::string_view column, Int fallback) {
        const auto s = cell(column);
        if (s.empty()) return fallback;
        if (auto v = parse_int<Int>(s)) return *v;
        // Digits alone (with a sign) that parse_int refused are a number past what the column holds.
        const std::string_view digits = s.substr(!s.empty() && s.front() == '-' ? 1 : 0);
        const bool whole = !digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos;
        error("bad_value", column,
              dq(s) + (whole ? " is a whole number past any this column holds (" +
                                   std::to_string(std::numeric_limits<Int>::min()) + " to " +
                                   std::to_string(std::numeric_limits<Int>::max()) + ")"
                             : std::string(" is not a whole number")));
        return fallback;
    }
    std::optional<double> get_number(std::string_view column) {
        const auto s = cell(column);
        if (s.empty()) return std::nullopt;
        if (comma_) {
            // Detected (not declared) decimal commas: a decimal point is still a number.
            if (!opts_->decimal_comma && s.find(',') == std::string_view::npos)
                if (auto v = parse_double(s)) return v;
            if (auto v = text::parse_number_lenient(s, true)) return v;
            error("bad_value", column,
                  dq(s) + " is not a number (write e.g. 30 000 000 or 3,7, ',' as decimal separator)");
            return std::nullopt;
        }
        if (auto v = parse_double(s)) return v;
        error("bad_value", column,
              dq(s) + " is not a number (write e.g. 30000000 or 3.7, '.' as decimal point)");
        return std::nullopt;
    }
    // true/false in any letter case; the csv format (a spreadsheet's dialect, marked like its
    // dates by dotted_dates) also ИСТИНА/ЛОЖЬ, as Excel and LibreOffice in a Russian locale
    // save boolean cells. The native format stays true/false and says how to read the others.
    bool get_bool(std::string_view column, bool fallback) {
        const auto s = cell(column);
        if (s.empty()) return fallback;
        const std::string lower = text::lower_ascii_and_russian(s);
        if (lower == "true") return true;
        if (lower == "false") return false;
        const auto word = text::russian_spreadsheet_boolean(s);
        const bool russian = word.has_value();
        const bool spreadsheet = opts_ && opts_->dotted_dates;
        if (spreadsheet) {
            if (russian) return *word;
            error("bad_value", column,
                  dq(s) + " is not a boolean (write true or false, or ИСТИНА or ЛОЖЬ as a spreadsheet in a "
                          "Russian locale saves them; any letter case)");
        } else {
            error("bad_value", column,
                  dq(s) + " is not a boolean (write true or false)" +
                      (russian ? std::string("; a folder whose booleans a spreadsheet wrote ИСТИНА/ЛОЖЬ is read "
                                             "as the csv format (civica.io.read(path, \"csv\"), civica convert "
                                             "--from csv)")
                               : std::string()));
        }
        return fallback;
    }
    std::vector<std::string> get_list(std::string_view column) {
        std::vector<std::string> out;
        const auto s = cell(column);
        if (s.empty()) return out;
        for (const std::string_view item : text::split(s, '|')) {
            if (item.empty()) {
                error("bad_value", column,
                      dq(s) + " has an empty list item (items are separated by a single '|')");
                return {};
            }
            out.emplace_back(item);
        }
        return out;
    }
    std::map<int, std::int64_t> get_population(std::string_view column) {
        std::map<int, std::int64_t> out;
        for (const auto& item : get_list(column)) {
            const auto colon = item.find(':');
            std::optional<int> year;
            std::optional<std::int64_t> count;
            if (colon != std::string::npos) {
                year = parse_int<int>(std::string_view(item).substr(0, colon));
                count = parse_int<std::int64_t>(std::string_view(item).substr(colon + 1));
            }
            if (!year || !count) {
                error("bad_value", column,
                      dq(item) + " is not year:count (write e.g. 2010:79410|2020:103000)");
                return {};
            }
            if (!out.emplace(*year, *count).second) {
                error("bad_value", column, "the year " + std::to_string(*year) + " is given twice");
                return {};
            }
        }
        return out;
    }
    /// The cell of column `c` as the column's type reads it; nothing for an empty cell or a bad
    /// value (which is reported).
    schema::value cell_value(const schema::column& c) {
        using schema::column_type;
        const auto s = cell(c.name);
        if (s.empty()) return {};
        switch (c.type) {
            case column_type::id:
            case column_type::text:
            case column_type::enumeration:
            case column_type::reference:
            case column_type::party: return std::string(s);
            case column_type::integer: {
                const int n = get_int(c.name, 0);
                if (failed(c.name)) return {};
                return std::int64_t{n};
            }
            case column_type::real: {
                const auto v = get_number(c.name);
                if (!v) return {};
                return *v;
            }
            case column_type::money: {
                const auto v = get_optional_money(c.name);
                if (!v) return {};
                return *v;
            }
            case column_type::day: {
                const date d = get_date(c.name);
                if (d.is_special()) return {};
                return d;
            }
            case column_type::boolean: {
                const bool b = get_bool(c.name, false);
                if (failed(c.name)) return {};
                return b;
            }
            case column_type::text_list: return get_list(c.name);
            case column_type::year_counts: return get_population(c.name);
        }
        return {};
    }

    /// The current row as a `Row`: each declared column's cell converted by its type. A bad
    /// value is reported and leaves its member at the default, as an empty cell does.
    /// `record_first`: the record a problem names is the first column's text, from the start.
    template <class Row>
    Row fill(bool record_first) {
        Row r{};
        const auto fields = schema::fields<Row>();
        if (record_first) record_id_ = text(fields[0].col->name);
        for (const auto& f : fields) {
            schema::value v = cell_value(*f.col);
            if (std::holds_alternative<std::monostate>(v)) continue;
            try {
                f.set(r, std::move(v));
            } catch (const parse_error& e) {  // an enumeration name the model does not know
                error("bad_value", f.col->name, e.reason());
            }
        }
        return r;
    }

    // ---------------------------------------------------------------- rule helpers

    using id_set = std::unordered_set<std::string>;

    /// The record's id must be present and new. Returns false when it is missing or a duplicate.
    bool check_id(id_set& ids, std::string_view what, const std::string& id, std::string_view column = "id") {
        if (id.empty()) {
            if (has(column)) error("missing_value", column, std::string(what) + " without an id");
            return false;
        }
        if (ids.count(id)) {
            error("duplicate_id", column, std::string(what) + " " + dq(id) + ": duplicate id");
            return false;
        }
        if (const auto it = left_out_.find(&ids); it != left_out_.end() && it->second.count(id)) {
            // As a check finds it: the file has the id twice, whichever row was left out.
            error("duplicate_id", column, civica::detail::refusals::repeat_of_left_out(what, id).what());
            return false;
        }
        return true;
    }
    void require_value(std::string_view column, bool present, const std::string& message) {
        if (!present && has(column) && !failed(column)) error("missing_value", column, message);
    }
    /// A reference to a row of an earlier table; `required` when it may not be empty.
    void check_ref(const id_set& ids, std::string_view target_file, std::string_view column,
                   std::string_view what, const std::string& ref, bool required = false) {
        if (ref.empty()) {
            if (required)
                require_value(column, false,
                              std::string(what) + ": " + std::string(column) + " is required");
            return;
        }
        if (ids.count(ref)) return;
        // Tables loaded by column (table_strings::load) are looked up in the dataset.
        if (&ids == &applications_ && applications_in_dataset_ && ds_->applications().ids().find(ref) != no_row)
            return;
        if (&ids == &organizations_ && organizations_in_dataset_ && ds_->organizations().find(ref) != no_row)
            return;
        // After a syntax error the earlier file was not read to its end; its ids are unknown.
        if (incomplete_.count(std::string(target_file))) return;
        // The table as its reader names it: its CSV file, its JSON path, or the file it came from
        // when it was given by column ("organizations.parquet").
        std::string target = json_ ? "tables." + std::string(table_name(target_file)) : std::string(target_file);
        if (const auto it = files_by_table_.find(table_name(target_file)); it != files_by_table_.end())
            target = it->second;
        error("unknown_reference", column,
              std::string(what) + ": " + std::string(column) + " " + dq(ref) + " is not in " + target +
                  (skip_ ? " (or its row was skipped)" : ""));
    }
    /// Every declared reference of `row` must name a row read before (an organisation or a
    /// person, as its kind column says, for a party column).
    template <class Row>
    void check_references(const Row& row, const std::string& what) {
        using schema::column_type;
        for (const auto& f : schema::fields<Row>()) {
            const schema::column& c = *f.col;
            std::string_view target;
            if (c.type == column_type::reference) {
                target = c.references;
            } else if (c.type == column_type::party) {
                if (failed(c.kind_column)) continue;  // which table is unknown
                for (const auto& k : schema::fields<Row>())
                    if (k.col->name == c.kind_column)
                        target = std::get<std::string>(k.get(row)) == "person" ? "persons" : "organizations";
            } else {
                continue;
            }
            const auto& file = schema::table_named(target).file;
            check_ref(*ids_of(file), file, c.name, what, std::get<std::string>(f.get(row)),
                      c.required);
        }
    }
    void check_money(std::string_view column, std::string_view what, money m) {
        if (m.kopecks() < 0 && !failed(column))
            error("negative_money", column,
                  std::string(what) + ": " + std::string(column) + " is negative (" + m.to_string() + ")");
    }
    void check_period(std::string_view start_column, std::string_view end_column,
                      std::string_view what, const period& p) {
        if (failed(start_column) || failed(end_column)) return;
        if (!p.valid())
            error("end_before_start", end_column,
                  std::string(what) + ": " + std::string(end_column) + " " + format_date(p.end) +
                      " is before " + std::string(start_column) + " " + format_date(p.start));
    }
    void check_year(std::string_view column, std::string_view what, int year) {
        if (failed(column) || !has(column)) return;
        if (!in_date_years(year))
            error("bad_value", column, std::string(what) + ": year " + std::to_string(year) + " is outside " +
                                           date_years_text());
    }
    void check_past(std::string_view column, const date& d) {
        if (!lenient() || d.is_special() || failed(column)) return;
        if (today_ < d)
            warn("future_date", column,
                 std::string(column) + " " + format_date(d) + " is in the future (today is " +
                     format_date(today_) + ")");
    }

    /// The frame of a row of a table with ids: its cells read into a `Row`, its id checked (present
    /// and new), `rules(row, what, fresh)` run ("what" names the record, e.g. `course "k1"`), the
    /// id registered for the references of later rows, and the row added.
    template <class Row, class Rules>
    void keyed_row(std::string_view noun, Rules&& rules) {
        const Row row = fill<Row>(true);
        const std::string what = std::string(noun) + " " + dq(row.id.str());
        id_set& ids = *ids_of(schema::table_of<Row>().file);
        const bool fresh = check_id(ids, noun, row.id.str());
        rules(row, what, fresh);
        if (fresh) ids.insert(row.id.str());
        add(row);
    }

    /// Runs the model's own validation (strict mode) and locates what it rejects. A check
    /// (no dataset built) runs the model's rules of the row alone instead, on a row with no fault
    /// found yet: a rule the rows above do not say in their own words (a meeting's attendance, a
    /// rate) is then found even when the folder has other faults.
    template <class Row>
    void add(const Row& row) {
        if (!ds_) return own_rules(row);
        try {
            if constexpr (std::is_same_v<Row, indicator>) ds_->set_indicator(row);  // a figure is set, not added
            else ds_->add(row);
        } catch (const validation_error& e) {
            model_refused(e);
        }
    }
    template <class Row>
    void own_rules(const Row& row) {
        // A required column the header lacks is said once, not as a fault of every row.
        if constexpr (requires { check_own_rules(row); })
            if (failed_.empty() && !header_incomplete_) {
                try {
                    check_own_rules(row);
                } catch (const validation_error& e) {
                    error(e.check(), io::rule_field(e, table_name(table_)), e.what());
                }
            }
    }
    /// The model refused a row the scanner passed: strict mode throws, located at the row;
    /// skip mode forgets the row's id (so rows referring to it fail too) and skips it.
    [[noreturn]] void model_refused(const validation_error& e) {
        if (skip_) unregister_id(table_, record_id_);
        error(e.check(), io::rule_field(e, table_name(table_)), e.what());
        throw std::logic_error("civica: a strict scanner did not throw");
    }
    id_set* ids_of(std::string_view file) {
        if (file == "municipalities.csv") return &municipalities_;
        if (file == "organizations.csv") return &organizations_;
        if (file == "persons.csv") return &persons_;
        if (file == "operators.csv") return &operators_;
        if (file == "programmes.csv") return &programmes_;
        if (file == "competitions.csv") return &competitions_;
        if (file == "applications.csv") return &applications_;
        if (file == "courses.csv") return &courses_;
        if (file == "bodies.csv") return &bodies_;
        if (file == "meetings.csv") return &meetings_;
        if (file == "agenda_questions.csv") return &agenda_;
        if (file == "services.csv") return &services_;
        return nullptr;
    }
    void unregister_id(std::string_view file, const std::string& id) {
        if (auto* ids = ids_of(file)) ids->erase(id);
    }
    /// Skip mode left the current row out: its id stays taken, so that a later row with the
    /// same id is a duplicate (as a check, which keeps every row's id, says) and not the
    /// record the references find in its place.
    void left_out() {
        if (!skip_ || record_id_.empty()) return;
        if (const id_set* ids = ids_of(table_)) left_out_[ids].insert(record_id_);
    }

    void register_id_of_broken_row(std::string_view file, const std::string& id) {
        if (id.empty()) return;
        if (auto* ids = ids_of(file)) ids->insert(id);
    }

    // ---------------------------------------------------------------- rows of each table

    void municipality_row() {
        keyed_row<municipality>("municipality", [&](const municipality& m, const std::string&, bool) {
            if (!m.oktmo.empty() &&
                (!(m.oktmo.size() == 8 || m.oktmo.size() == 11) ||
                 !std::all_of(m.oktmo.begin(), m.oktmo.end(), [](char c) { return c >= '0' && c <= '9'; })))
                error("invalid_oktmo", "oktmo",
                      "municipality " + dq(m.id.str()) + ": OKTMO " + dq(m.oktmo) +
                          " must be 8 or 11 digits");
            for (const auto& [year, n] : m.population) {
                if (!in_date_years(year))
                    error("bad_value", "population",
                          "population year " + std::to_string(year) + " is outside " + date_years_text());
                if (n < 0)
                    error("negative_value", "population",
                          "population of " + std::to_string(year) + " is negative (" + std::to_string(n) + ")");
            }
        });
    }

    void organization_row() {
        keyed_row<organization>("organization", [&](const organization& o, const std::string& what, bool) {
            if (o.full_name.empty() && o.short_name.empty())
                error("missing_value", has("short_name") && !has("full_name") ? "short_name" : "full_name",
                      what + " has no name (give full_name or short_name)");
            if (!o.inn.empty())
                if (auto p = ids::inn_problem(o.inn); !p.empty())
                    error("invalid_inn", "inn", what + ": " + p);
            if (!o.ogrn.empty())
                if (auto p = ids::ogrn_problem(o.ogrn); !p.empty())
                    error("invalid_ogrn", "ogrn", what + ": " + p);
            if (!o.kpp.empty())
                if (auto p = ids::kpp_problem(o.kpp); !p.empty())
                    error("invalid_kpp", "kpp", what + ": " + p);
            if (!failed("okopf") && (o.okopf < 0 || o.okopf > 99999))
                error("bad_value", "okopf", what + ": ОКОПФ code " + std::to_string(o.okopf) +
                                                " is not a 5-digit code");
            for (const auto& sphere : o.spheres)
                if (auto p = sphere_problem(sphere); !p.empty()) error("bad_value", "spheres", what + ": spheres: " + p);
            check_references(o, what);
            if (lenient()) {
                check_past("registered", o.registered);
                if (o.okopf != 0 && o.nonprofit && okopf_name(o.okopf).empty() && !failed("okopf"))
                    warn("unknown_okopf", "okopf",
                         what + ": ОКОПФ code " + std::to_string(o.okopf) +
                             " is not one of the non-profit forms civica knows");
                if (!o.inn.empty() && !failed("inn")) {
                    auto [it, inserted] = inn_owner_.emplace(o.inn, std::make_pair(o.id.str(), o.display_name()));
                    // Names that differ only as written (case, spaces, a letter typed as two
                    // code points: text::loose_name_key) are one name.
                    if (!inserted && it->second.second != o.display_name() &&
                        text::loose_name_key(it->second.second) != text::loose_name_key(o.display_name()))
                        warn("shared_inn", "inn",
                             what + " (" + dq(o.display_name()) + ") has INN " + o.inn +
                                 ", which organization " + dq(it->second.first) + " (" +
                                 dq(it->second.second) + ") also has");
                }
            }
        });
    }

    void person_row() {
        keyed_row<person>("person", [&](const person& p, const std::string& what, bool) {
            check_references(p, what);
        });
    }

    void operator_row() {
        keyed_row<grant_operator>("grant operator", [&](const grant_operator& g, const std::string& what, bool) {
            require_value("name", !g.name.empty(), what + " has no name");
            check_references(g, what);
        });
    }

    void programme_row() {
        keyed_row<programme>("programme", [&](const programme& p, const std::string& what, bool) {
            check_references(p, what);
        });
    }

    void competition_row() {
        keyed_row<competition>("competition", [&](const competition& c, const std::string& what, bool fresh) {
            check_references(c, what);
            require_value("year", !cell("year").empty(), what + ": year is required");
            if (!cell("year").empty()) check_year("year", what, c.year);
            if (!failed("round") && c.round < 1)
                error("bad_value", "round", what + ": round " + std::to_string(c.round) + " must be 1 or more");
            check_period("window_start", "window_end", what, c.window);
            if (fresh && lenient()) competition_facts_[c.id.str()] = {c.window, c.directions};
        });
    }

    void application_row() {
        keyed_row<application>("application", [&](const application& a, const std::string& what, bool fresh) {
            check_references(a, what);
            if (a.requested) check_money("requested", what, *a.requested);
            check_money("cofunding", what, a.cofunding);
            if (a.awarded) {
                if (a.status != application_status::winner && !failed("status"))
                    error("awarded_not_winner", "awarded",
                          what + ": awarded " + a.awarded->to_string() + " but status is " +
                              std::string(to_string(a.status)) + " (only winners have an awarded amount)");
                check_money("awarded", what, *a.awarded);
            }
            check_period("implementation_start", "implementation_end", what, a.implementation);
            check_period("submitted", "decided", what, {a.submitted, a.decided});
            if (lenient()) {
                if (a.awarded && a.requested && !failed("requested") && !failed("awarded") &&
                    *a.requested < *a.awarded)
                    warn("awarded_exceeds_requested", "awarded",
                         what + ": awarded " + a.awarded->to_string() + " is more than requested " +
                             a.requested->to_string());
                if (a.status == application_status::winner && !a.awarded && has("awarded") && !failed("awarded"))
                    warn("winner_without_award", "awarded", what + " is a winner but has no awarded amount");
                // A written zero is a value, unlike an empty cell: a grant of nothing, or a request
                // for nothing, is almost always a typing or export mistake (360Giving's quality
                // checks flag zero-value grants the same way).
                if (a.awarded && *a.awarded == money() && !failed("awarded"))
                    warn("zero_money", "awarded", what + ": awarded is 0");
                if (a.requested && *a.requested == money() && !failed("requested"))
                    warn("zero_money", "requested", what + ": requested is 0");
                check_past("submitted", a.submitted);
                check_past("decided", a.decided);
                if (auto it = competition_facts_.find(a.competition.str()); it != competition_facts_.end()) {
                    const auto& [window, directions] = it->second;
                    if (!a.submitted.is_special() && !failed("submitted") && !window.contains(a.submitted))
                        warn("submitted_outside_window", "submitted",
                             what + ": submitted " + format_date(a.submitted) +
                                 ", outside the competition's window " + format_date(window.start) +
                                 ".." + format_date(window.end));
                    if (!a.direction.empty() && !directions.empty() &&
                        std::find(directions.begin(), directions.end(), a.direction) == directions.end())
                        warn("direction_not_in_competition", "direction",
                             what + ": direction " + dq(a.direction) + " is not among the directions of competition " +
                                 dq(a.competition.str()));
                }
            }
            // A status that could not be read is no status: nothing is said of its monitoring.
            if (fresh && lenient() && (a.status == application_status::winner || failed("status")))
                winners_.insert(a.id.str());
        });
    }

    void course_row() {
        keyed_row<course>("course", [&](const course& c, const std::string& what, bool) {
            require_value("title", !c.title.empty(), what + " has no title");
            if (c.hours < 0 && !failed("hours"))
                error("negative_value", "hours", what + ": hours are negative (" + std::to_string(c.hours) + ")");
            check_references(c, what);
            check_period("start", "end", what, c.dates);
        });
    }

    void enrolment_row() {
        const enrolment e = fill<enrolment>(false);
        record_id_ = e.course.str() + "/" + (e.organization ? e.organization.str() : e.person.str());
        const std::string what = "enrolment in course " + dq(e.course.str());
        check_references(e, what);
        if (e.organization.empty() && e.person.empty())
            error("missing_value", has("organization") ? "organization" : "person",
                  what + " names neither an organization nor a person");
        if (e.participants < 1 && !failed("participants"))
            error("bad_value", "participants",
                  what + ": participants is " + std::to_string(e.participants) + ", must be 1 or more");
        add(e);
    }

    void body_row() {
        keyed_row<collegial_body>("collegial body", [&](const collegial_body& b, const std::string& what, bool) {
            require_value("name", !b.name.empty(), what + " has no name");
            check_references(b, what);
        });
    }

    void term_row() {
        const membership_term t = fill<membership_term>(true);
        const std::string what = "membership term of " + dq(t.body.str());
        check_references(t, what);
        check_period("start", "end", what, t.term);
        if (t.members < 0 && !failed("members"))
            error("negative_value", "members", what + ": members is negative (" + std::to_string(t.members) + ")");
        add(t);
    }

    /// A row whose day, the member `day` (its column "date"), is required and not in the future.
    template <class Row>
    void dated_row(std::string_view noun, date Row::*day) {
        keyed_row<Row>(noun, [&](const Row& r, const std::string& what, bool) {
            check_references(r, what);
            require_value("date", !(r.*day).is_special(), what + " has no date");
            check_past("date", r.*day);
        });
    }

    void meeting_row() { dated_row<meeting>("meeting", &meeting::held); }

    void agenda_row() {
        keyed_row<agenda_question>("agenda question", [&](const agenda_question& q, const std::string& what, bool) {
            check_references(q, what);
        });
    }

    void service_row() { dated_row<support_service>("support service", &support_service::provided); }

    void monitoring_row() {
        const monitoring_record r = fill<monitoring_record>(true);
        const std::string what = "monitoring of application " + dq(r.application.str());
        check_references(r, what);
        if (lenient()) {
            check_past("date", r.checked);
            if (applications_.count(r.application.str()) && !winners_.count(r.application.str()))  // known not to win
                warn("monitoring_of_non_winner", "application",
                     what + ": the application did not win (monitoring evaluates supported projects)");
        }
        add(r);
    }

    void indicator_row() {
        const indicator ind = fill<indicator>(false);
        record_id_ = figure_label(ind.key, text("year"), ind.territory, ind.breakdown);
        const std::string what = "indicator " + dq(record_id_);
        require_value("key", !ind.key.empty(), "indicator without a key");
        require_value("year", !cell("year").empty(), what + ": year is required");
        if (!cell("year").empty()) check_year("year", what, ind.year);
        require_value("value", !cell("value").empty(), what + ": value is required");
        // One row per key, year, territory and breakdown as written (figure_key), as SQLite's
        // UNIQUE constraint says; rows that differ as written but mean one figure are read as
        // it (set_indicator), the later one.
        if (!ind.key.empty() && !indicator_keys_.insert(figure_key(ind.key, ind.year, ind.territory, ind.breakdown)).second)
            error("duplicate_id", "key", what + ": the same key, year, territory and breakdown are given twice");
        if (lenient() && !ind.key.empty()) {
            const auto unit = default_unit(ind.key);
            if (unit.empty())
                warn("unknown_indicator_key", "key",
                     what + ": " + dq(ind.key) + " is not one of civica's indicator keys "
                                                     "(analyses will not compare it)");
            else if (!ind.unit.empty() && ind.unit != unit)
                warn("unit_differs", "unit",
                     what + ": unit " + dq(ind.unit) + " differs from the key's unit " + dq(unit));
            if (!failed("year") && ind.year > today_.year())
                warn("future_date", "year", what + ": year " + std::to_string(ind.year) + " is in the future");
        }
        add(ind);
    }

    /// False, with a no_tables error, for a folder that holds a dataset's tables as Parquet
    /// files and none as CSV (a Parquet folder read as a dataset folder): read as it is, its
    /// manifest alone would make an empty dataset.
    bool tables_are_csv() {
        std::error_code ec;
        std::vector<std::string> parquet;
        for (const auto& name : dataset_table_files()) {
            if (is_entry(folder_ / name)) return true;
            const std::string other = std::string(table_name(name)) + ".parquet";
            if (fs::is_regular_file(folder_ / other, ec)) parquet.push_back(other);
        }
        if (parquet.empty()) return true;
        file_.clear();
        line_ = 0;
        record_id_.clear();
        const std::vector<std::string_view> names(parquet.begin(), parquet.end());
        report("error", "no_tables", "",
               "the folder \"" + folder_.string() + "\" holds the tables of a dataset as Parquet files (" +
                   join(names, ", ") + "), not as the CSV files of a dataset folder: read it as Parquet "
                   "(format \"parquet\", civica --from parquet)");
        return false;
    }

    /// False, with a mixed_tables error, for a folder holding a dataset's tables both as CSV and
    /// as Parquet files (mixed_table_files).
    bool one_kind_of_tables() {
        const std::string mixed = mixed_table_files(folder_);
        if (mixed.empty()) return true;
        file_.clear();
        line_ = 0;
        record_id_.clear();
        report("error", "mixed_tables", "", mixed);
        return false;
    }

    /// A folder without manifest.json must hold at least one table of the format: a folder of
    /// other CSV files (or of tables with misspelt names) is not read as an empty dataset. The
    /// tables given by column (a Parquet folder's, read_table_strings) are such tables.
    bool has_a_table() {
        if (tables_given_) return true;
        std::error_code ec;
        for (const auto& name : dataset_table_files())
            if (fs::is_regular_file(folder_ / name, ec)) return true;
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(folder_, ec))
            if (entry.path().extension() == ".csv") names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        const std::vector<std::string_view> others(names.begin(), names.end());
        file_.clear();
        report("error", "no_tables", "",
               "the folder \"" + folder_.string() + "\" has no manifest.json and none of the tables of a civica dataset" +
                   (others.empty() ? std::string() : " (its CSV files: " + join(others, ", ") + ")") +
                   "; the tables are: " + join(dataset_table_files(), ", "));
        return false;
    }

    void unknown_files() {
        file_.clear();
        line_ = 0;
        record_id_.clear();
        std::error_code ec;
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(folder_, ec)) {
            const auto name = entry.path().filename().string();
            if (entry.path().extension() != ".csv") continue;
            const auto& files = dataset_table_files();
            if (std::find(files.begin(), files.end(), name) == files.end()) names.push_back(name);
        }
        std::sort(names.begin(), names.end());
        for (const auto& name : names) {
            file_ = name;
            warn("unknown_file", "",
                 "not a table of the format (it is ignored); the tables are: " +
                     join(dataset_table_files(), ", "));
        }
    }

    fs::path folder_;
    dataset* ds_;
    std::vector<problem>* problems_;
    bool strict_;
    const table_read_options* opts_;  // null: the native format
    bool skip_;                       // skip mode (strict_ too)
    bool json_ = false;               // reading the JSON form: errors are located by json_path_
    bool tables_given_ = false;       // run_columns with at least one table
    bool in_row_ = false;             // an error now concerns one row (skippable)
    bool comma_;                      // the file being read may write decimal commas
    char separator_ = ',';            // the separator of the file being read
    bool applications_in_dataset_ = false;   // applications came by table_strings::load
    bool organizations_in_dataset_ = false;  // organisations came by table_strings::load
    text::text_encoding encoding_ = text::text_encoding::utf8;  // of the file being read
    std::string_view table_;          // schema file of the table being read
    std::unordered_map<const id_set*, id_set> left_out_;  // ids of rows skip mode left out, by table
    // Tables given by column (run_columns): table name -> the file it was read from.
    std::map<std::string, std::string, std::less<>> files_by_table_;
    std::string json_path_;           // "tables.applications[16]"
    std::vector<std::string_view> cells_;  // the current row's cells, by header position
    date today_ = boost::gregorian::day_clock::local_day();

    std::string file_;
    std::size_t line_ = 0;
    std::string record_id_;
    std::vector<std::string> failed_;
    bool header_incomplete_ = false;  // the table's header lacks a required column (said once)
    const std::vector<std::string_view>* columns_ = nullptr;
    std::vector<std::size_t> field_index_;
    std::set<std::string> incomplete_;

    // winners_: the applications that won, or whose status could not be read (lenient reads).
    id_set municipalities_, organizations_, persons_, operators_, programmes_, competitions_,
        applications_, courses_, bodies_, meetings_, agenda_, services_, winners_;
    std::unordered_set<std::string> indicator_keys_;
    std::unordered_map<std::string, std::pair<std::string, std::string>> inn_owner_;
    std::unordered_map<std::string, std::pair<period, std::vector<std::string>>> competition_facts_;
};

// ------------------------------------------------------------------ writing

/// Text of a list; refuses items the format cannot carry.
std::string list_text(const std::vector<std::string>& items, std::string_view column) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        if (item.empty())
            throw validation_error("column " + dq(column) + ": a list item is empty, which the format cannot write");
        if (item.find('|') != std::string::npos)
            throw validation_error("column " + dq(column) + ": list item " + dq(item) +
                                   " contains '|', the list separator");
        if (i) out += '|';
        out += item;
    }
    return out;
}

std::string population_text(const std::map<int, std::int64_t>& pop) {
    std::string out;
    for (const auto& [year, n] : pop) {
        if (!out.empty()) out += '|';
        out += std::to_string(year) + ":" + std::to_string(n);
    }
    return out;
}

std::string bool_text(bool b) { return b ? "true" : "false"; }

/// The text of one cell of column `c` (empty for no value).
template <class MoneyText, class NumberText>
std::string cell_text(const schema::column& c, schema::value&& v, const MoneyText& money_text,
                      const NumberText& number_text) {
    using schema::column_type;
    if (std::holds_alternative<std::monostate>(v)) return {};
    switch (c.type) {
        case column_type::id:
        case column_type::text:
        case column_type::enumeration:
        case column_type::reference:
        case column_type::party: return std::move(std::get<std::string>(v));
        case column_type::integer: {
            const auto n = std::get<std::int64_t>(v);
            return n == 0 && c.zero_is_unknown ? std::string() : std::to_string(n);
        }
        case column_type::real: return number_text(std::get<double>(v));
        case column_type::money: return money_text(std::get<money>(v));
        case column_type::day: return format_date(std::get<date>(v));
        case column_type::boolean: return bool_text(std::get<bool>(v));
        case column_type::text_list: return list_text(std::get<std::vector<std::string>>(v), c.name);
        case column_type::year_counts: return population_text(std::get<std::map<int, std::int64_t>>(v));
    }
    return {};
}

/// Writes the table files of a folder, one after the other, in the dialect of `options`.
class csv_sink : public detail::table_sink {
public:
    csv_sink(fs::path dir, const table_write_options& options) : dir_(std::move(dir)), opt_(options) {}

    void begin_table(std::string_view file, const std::vector<std::string_view>& columns) override {
        path_ = dir_ / file;
        file_ = std::string(file);
        out_.open(path_, std::ios::binary | std::ios::trunc);
        if (!out_) throw io_error("cannot create \"" + path_.string() + "\"");
        if (opt_.bom) out_ << "\xEF\xBB\xBF";
        std::vector<std::string> header(columns.begin(), columns.end());
        row("header", header);
    }
    /// Writes one row; errors name the file and the record.
    void row(const std::string& record_id, const std::vector<std::string>& fields) override {
        std::string text;
        try {
            csv_.write_record(fields);
            text = std::move(buffer_).str();
            buffer_.str(std::string());
            if (windows1251()) text = text::utf8_to_windows1251(text);
        } catch (const validation_error& e) {
            throw e.prefixed(file_ + ", record " + dq(record_id) + ": ");
        }
        if (windows1251()) check_reads_as_windows1251(text);
        out_ << text;
    }
    void end_table() override {
        text::close_written(out_, path_);
        out_.clear();
        if (windows1251() && votes_.non_ascii() && votes_.result() == text::text_encoding::utf8)
            throw mojibake("");
        votes_ = {};
        lines_ = 0;
    }

private:
    bool windows1251() const { return opt_.encoding == text::text_encoding::windows1251; }

    // Text whose Windows-1251 bytes are UTF-8 (mojibake, "РњРѕСЃРєРІР°", which is "Москва" in
    // UTF-8 bytes) would be read back as other text, or refused, by the reader's own tests of
    // the encoding: a line of it (find_utf8_russian_line), or a table that reads as UTF-8 as a
    // whole (detect_encoding's count, kept record by record). The table is refused instead.
    void check_reads_as_windows1251(std::string_view record) {
        if (const std::size_t at = text::find_utf8_russian_line(record); at != std::string_view::npos)
            throw mojibake(", line " + std::to_string(lines_ + 1 + static_cast<std::size_t>(std::count(
                                                                       record.begin(), record.begin() + static_cast<std::ptrdiff_t>(at), '\n'))));
        votes_.add(record);
        lines_ += static_cast<std::size_t>(std::count(record.begin(), record.end(), '\n'));
    }
    validation_error mojibake(const std::string& line) const {
        return validation_error(file_ + line + ": the text saved in Windows-1251 reads as UTF-8 (it holds text such as "
                                "\"РњРѕСЃРєРІР°\", UTF-8 bytes spelt in Windows-1251 letters), so the folder would not read "
                                "back as written: write it in UTF-8");
    }
    text::encoding_votes votes_;
    std::size_t lines_ = 0;  // of the table written so far

    fs::path dir_;
    table_write_options opt_;
    fs::path path_;
    std::string file_;
    std::ofstream out_;
    // Each record is formatted here first, so that it can be converted to Windows-1251 and so
    // that an error names its record.
    std::ostringstream buffer_;
    text::csv_writer csv_{buffer_, opt_.separator};
};

template <class F>
void guarded(std::string_view file, const std::string& id, F&& f) {
    try {
        f();
    } catch (const validation_error& e) {
        throw e.prefixed(std::string(file) + ", record " + dq(id) + ": ");
    }
}

void write_manifest(const dataset& ds, const fs::path& dir) {
    const auto& info = ds.info();
    check_info(info, "manifest.json");
    nlohmann::ordered_json j;
    j["format"] = "civica-dataset";
    j["version"] = dataset_format_version;
    for (const auto& [key, member] : dataset_info_texts) j[key] = info.*member;
    j["synthetic"] = info.synthetic;
    j["currency"] = info.currency;
    const std::string text = j.dump(2) + "\n";
    const fs::path p = dir / "manifest.json";
    std::ofstream out(p, std::ios::binary);
    out << text;
    text::close_written(out, p);
}

}  // namespace

namespace detail {

void emit_tables(const dataset& ds, table_sink& sink, bool decimal_comma) {
    auto money_text = [decimal_comma](money m) {
        std::string t = m.to_string();
        if (decimal_comma) std::replace(t.begin(), t.end(), '.', ',');
        return t;
    };
    auto number_text = [decimal_comma](double v) {
        std::string t = format_double(v);
        if (decimal_comma) std::replace(t.begin(), t.end(), '.', ',');
        return t;
    };
    schema::for_each_row_type([&](auto sample) {
        using Row = decltype(sample);
        const std::size_t n = schema::row_count<Row>(ds);
        const auto& t = schema::table_of<Row>();
        if (n == 0 || !sink.wants(t.file)) return;
        const auto fields = schema::fields<Row>();
        sink.begin_table(t.file, schema_of(t.file).columns);
        std::vector<std::string> cells(fields.size());
        for (std::size_t i = 0; i < n; ++i) {
            if ((i & 0xFFF) == 0xFFF) interruption_point();  // every 4096 rows
            const Row row = schema::row_at<Row>(ds, i);
            // The record a problem names: the row's id, else its first reference (or key).
            std::string record = std::get<std::string>(fields[0].get(row));
            guarded(t.file, record, [&] {
                for (std::size_t k = 0; k < fields.size(); ++k)
                    cells[k] = cell_text(*fields[k].col, fields[k].get(row), money_text, number_text);
            });
            sink.row(record, cells);
        }
        sink.end_table();
    });
}

const std::vector<std::string_view>& table_columns(std::string_view file) { return schema_of(file).columns; }

namespace {
/// Collects each table's cells by column (table_texts).
class text_sink : public table_sink {
public:
    explicit text_sink(const std::vector<std::string_view>& except) : except_(except) {}
    bool wants(std::string_view file) const override {
        return std::find(except_.begin(), except_.end(), table_name(file)) == except_.end();
    }
    void begin_table(std::string_view file, const std::vector<std::string_view>& columns) override {
        auto& t = tables.emplace_back();
        t.table = std::string(table_name(file));
        t.columns = columns;
        t.offsets.assign(columns.size(), std::vector<std::int64_t>{0});
        t.data.assign(columns.size(), std::string());
    }
    void row(const std::string& record_id, const std::vector<std::string>& fields) override {
        auto& t = tables.back();
        if (fields.size() != t.columns.size())
            throw std::logic_error("civica: " + t.table + " record " + record_id + " has " +
                                   std::to_string(fields.size()) + " cells for " + std::to_string(t.columns.size()) +
                                   " columns");
        for (std::size_t k = 0; k < fields.size(); ++k) {
            t.data[k] += fields[k];
            t.offsets[k].push_back(static_cast<std::int64_t>(t.data[k].size()));
        }
        ++t.rows;
    }
    void end_table() override {}

    std::vector<table_text> tables;

private:
    const std::vector<std::string_view>& except_;
};
}  // namespace

std::vector<table_text> table_texts(const dataset& ds, const std::vector<std::string_view>& except) {
    text_sink sink(except);
    emit_tables(ds, sink);
    return std::move(sink.tables);
}

std::vector<problem> check_table_texts(const std::vector<table_text>& texts) {
    std::vector<table_strings> tables;
    tables.reserve(texts.size());
    for (const auto& t : texts) {
        auto& in = tables.emplace_back();
        in.table = t.table;
        in.file = t.table + ".csv";
        in.rows = t.rows;
        for (std::size_t k = 0; k < t.columns.size(); ++k)
            in.columns.push_back(string_column_view{std::string(t.columns[k]), t.offsets[k], t.data[k]});
    }
    std::vector<problem> problems;
    scanner({}, nullptr, &problems).run_texts(tables);
    return problems;
}

void write_manifest(const dataset& ds, const fs::path& dir) { io::write_manifest(ds, dir); }

}  // namespace detail

namespace {

void write_tables(const dataset& ds, const fs::path& dir, const table_write_options& options) {
    write_manifest(ds, dir);
    csv_sink sink(dir, options);
    detail::emit_tables(ds, sink, options.decimal_comma);
}

}  // namespace

const std::vector<std::string_view>& dataset_table_files() {
    static const std::vector<std::string_view> files = [] {
        std::vector<std::string_view> v;
        for (const auto& s : schemas()) v.push_back(s.file);
        return v;
    }();
    return files;
}

std::string mixed_table_files(const fs::path& folder) {
    std::vector<std::string> csv, parquet;
    std::error_code ec;
    for (const auto name : dataset_table_files()) {
        if (fs::is_regular_file(folder / name, ec)) csv.emplace_back(name);
        const std::string other = std::string(table_name(name)) + ".parquet";
        if (fs::is_regular_file(folder / other, ec)) parquet.push_back(other);
    }
    if (csv.empty() || parquet.empty()) return {};
    const std::vector<std::string_view> c(csv.begin(), csv.end()), p(parquet.begin(), parquet.end());
    return "the folder \"" + folder.string() + "\" holds tables of a dataset both as CSV files (" + join(c, ", ") +
           ") and as Parquet files (" + join(p, ", ") +
           "): which of them is the dataset is not clear, and reading one kind would leave the other's rows out; "
           "keep the tables of one kind in the folder";
}

bool is_dataset_folder_file(const fs::path& name) {
    if (name == "manifest.json") return true;
    if (name.extension() != ".csv" && name.extension() != ".parquet") return false;
    const std::string csv = fs::path(name).replace_extension(".csv").string();
    const auto& files = dataset_table_files();
    return std::find(files.begin(), files.end(), csv) != files.end();
}

namespace detail {
// Each read works with a copy of the caps in force as it starts (text::thread_limits), so
// set_limits from another thread does not change them between two tables.
void scan_dataset_folder(const fs::path& folder, dataset* out, std::vector<problem>* problems,
                         const table_read_options* options) {
    const text::thread_limits caps(text::current_limits());
    // Table by table by path: a folder replaced by a writer in between is read again, so the
    // tables are all of one version (docs/reliability.md).
    std::vector<problem>* skipped = options ? options->skipped : nullptr;
    const std::size_t problems_before = problems ? problems->size() : 0;
    const std::size_t skipped_before = skipped ? skipped->size() : 0;
    text::read_whole_folder(folder, [&] {
        if (out) *out = dataset{};
        if (problems) problems->resize(problems_before);
        if (skipped) skipped->resize(skipped_before);
        scanner(folder, out, problems, options).run();
        return true;
    });
}
void scan_dataset_json(const fs::path& file, dataset* out, std::vector<problem>* problems,
                       const table_read_options* options) {
    const text::thread_limits caps(text::current_limits());
    scanner(file, out, problems, options).run_json();
}
dataset read_table_strings(const fs::path& folder, const std::vector<table_strings>& tables,
                           const table_read_options& options) {
    dataset ds;
    scanner(folder, &ds, nullptr, &options).run_columns(tables);
    return ds;
}
}  // namespace detail

dataset read_dataset_folder(const fs::path& folder) {
    dataset ds;
    detail::scan_dataset_folder(folder, &ds, nullptr);
    return ds;
}

dataset read_dataset_folder(const fs::path& folder, const table_read_options& options) {
    dataset ds;
    detail::scan_dataset_folder(folder, &ds, nullptr, &options);
    return ds;
}

void write_dataset_folder(const dataset& ds, const fs::path& folder) {
    write_dataset_folder(ds, folder, table_write_options{});
}

void write_dataset_folder(const dataset& ds, const fs::path& folder, const table_write_options& options) {
    text::check_separator(options.separator);
    // "12,5" in a ','-separated file is a quoted cell no spreadsheet writes, and a reader could
    // not tell it from "12" and "5" unquoted: Excel pairs the decimal comma with ';'.
    if (options.decimal_comma && options.separator == ',')
        throw validation_error("a decimal comma needs ';' or a tab as the separator (as Excel writes it in a "
                               "Russian locale), not ','");
    // A byte-order mark marks UTF-8 for Excel; Windows-1251 has none, and its bytes would read
    // back as text in the first header.
    if (options.bom && options.encoding == text::text_encoding::windows1251)
        throw validation_error("a byte-order mark is for UTF-8 files; Windows-1251 has none: write the tables "
                               "without one, or in UTF-8 with one (which Excel also opens)");
    if (options.encoding == text::text_encoding::automatic)
        throw validation_error("write_dataset_folder needs a definite encoding (utf-8 or windows-1251), not auto");
    text::folder_replacement how;
    how.marker = "manifest.json";  // never wipe a folder that is not a dataset
    how.keep = [](const fs::path& name) { return !is_dataset_folder_file(name); };  // README, SOURCE.md, licences
    text::replace_folder_atomically(folder, [&](const fs::path& dir) { write_tables(ds, dir, options); }, how);
}

}  // namespace civica::io
