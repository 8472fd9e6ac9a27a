#include "civica/io/io.hpp"

#include "civica/error.hpp"
#include "civica/io/check.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/io/dataset_json.hpp"
#include "civica/io/pgf.hpp"
#include "civica/io/popolo.hpp"
#include "civica/io/sqlite.hpp"
#include "civica/io/store.hpp"
#include "civica/io/threesixtygiving.hpp"
#include "civica/text/csv.hpp"
#include "civica/text/files.hpp"
#include "civica/text/text.hpp"
#include "civica/text/limits.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <string>

namespace civica::io {

namespace fs = std::filesystem;

namespace {

struct format_name {
    data_format format;
    std::string_view name;
};

// The canonical names first: to_string returns the first match.
constexpr std::array<format_name, 16> names{{
    {data_format::civica, "civica"},
    {data_format::store, "store"},
    {data_format::csv, "csv"},
    {data_format::json, "json"},
    {data_format::sqlite, "sqlite"},
    {data_format::threesixtygiving, "360giving"},
    {data_format::pgf, "pgf"},
    {data_format::popolo, "popolo"},
    {data_format::parquet, "parquet"},
    {data_format::civica, "folder"},
    {data_format::store, "civica-store"},
    {data_format::sqlite, "sqlite3"},
    {data_format::threesixtygiving, "360g"},
    {data_format::threesixtygiving, "threesixtygiving"},
    {data_format::pgf, "fpg"},
    {data_format::pgf, "фпг"},
}};

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string format_list() {
    std::string out;
    for (const auto f : all_data_formats()) {
        if (!out.empty()) out += ", ";
        out += to_string(f);
    }
    return out;
}

std::string suffix_of(const fs::path& p) { return lower_ascii(p.extension().string()); }

bool is_sqlite_suffix(const std::string& ext) {
    return ext == ".sqlite" || ext == ".sqlite3" || ext == ".db";
}

// The first `n` bytes of a file (fewer when it is shorter).
std::string head_of(const fs::path& file, std::size_t n) {
    text::check_not_special(file);  // a named pipe read here would be empty for the reader
    errno = 0;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw io_error(text::cannot_open(file));
    std::string buf(n, '\0');
    in.read(buf.data(), static_cast<std::streamsize>(n));
    buf.resize(static_cast<std::size_t>(in.gcount()));
    return buf;
}

std::string_view skip_bom_and_space(std::string_view s) {
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    return s;
}

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

// The header line of a CSV file's first bytes, as UTF-8.
std::vector<std::string> header_fields(std::string_view head) {
    std::string text(head.substr(0, head.find('\n')));
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text::detect_encoding(text) == text::text_encoding::windows1251) text = text::windows1251_to_utf8(text);
    const char sep = text::detect_separator(text);
    text::csv_options opt;
    opt.separator = sep;
    opt.uniform_width = false;
    try {
        auto rows = text::parse_csv(text, opt, "header");
        if (!rows.empty()) {
            for (auto& f : rows.front()) {
                if (f.substr(0, 3) == "\xEF\xBB\xBF") f.erase(0, 3);
            }
            return rows.front();
        }
    } catch (const parse_error&) {
        // A header that is not CSV: no fields, so nothing below matches.
    }
    return {};
}

bool has_field(const std::vector<std::string>& fields, std::string_view name) {
    return std::find(fields.begin(), fields.end(), name) != fields.end();
}

// True when a table file of a folder is not in the native dialect (strict UTF-8, ','), as when
// Russian Excel saves it (Windows-1251, ';'). The header line and the first bytes decide.
bool in_a_dialect(const fs::path& file) {
    std::string head = head_of(file, 64 * 1024);
    if (head.size() == 64 * 1024) {
        // Do not judge the encoding by a character cut in half at the end.
        const auto last_line = head.rfind('\n');
        if (last_line != std::string::npos) head.resize(last_line + 1);
    }
    // The encoding as the readers decide it: a byte-order mark says UTF-8.
    if (text::detect_encoding(head) == text::text_encoding::windows1251) return true;
    std::string_view body = head;
    if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
    return text::detect_separator(body.substr(0, body.find('\n'))) != ',';
}

data_format guess_folder(const fs::path& dir) {
    // Files only (a folder named x.parquet inside is not a table), and a Parquet file counts
    // when it is a table of a dataset: notes.parquet beside a dataset folder's CSV tables does
    // not make the folder a Parquet one.
    bool csv = false, parquet = false;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        std::error_code kind;
        if (!fs::is_regular_file(e.path(), kind)) continue;
        const std::string ext = suffix_of(e.path());
        csv = csv || ext == ".csv";
        if (ext == ".parquet") {
            const std::string csv_name = e.path().stem().string() + ".csv";
            for (const auto name : dataset_table_files()) parquet = parquet || name == csv_name;
        }
    }
    if (ec) throw io_error("cannot list the folder \"" + dir.string() + "\": " + ec.message());
    // Tables both as CSV and as Parquet: the dataset folder's reader and check say what is wrong
    // (mixed_tables), as a problem of the data, not of the call.
    if (!mixed_table_files(dir).empty()) return data_format::civica;
    if (parquet) return data_format::parquet;
    if (fs::exists(dir / "manifest.json")) {
        for (const auto name : dataset_table_files())
            if (fs::is_regular_file(dir / name, ec) && in_a_dialect(dir / name)) return data_format::csv;
        return data_format::civica;
    }
    if (csv) return data_format::csv;
    throw validation_error("cannot tell the format of the folder \"" + dir.string() +
                           "\": it has no manifest.json, no .csv files and no Parquet tables (applications.parquet, "
                           "organizations.parquet, …)");
}

// Where `head` first holds `"key"` as a key of an object (followed by ':'), not as a value: a
// Popolo organisation named "grants" is not a 360Giving package. npos when it does not.
std::size_t key_at(std::string_view head, std::string_view key) {
    const std::string quoted = "\"" + std::string(key) + "\"";
    for (auto at = head.find(quoted); at != std::string_view::npos; at = head.find(quoted, at + 1)) {
        auto next = at + quoted.size();
        while (next < head.size() && (head[next] == ' ' || head[next] == '\t' || head[next] == '\r' || head[next] == '\n'))
            ++next;
        if (next < head.size() && head[next] == ':') return at;
    }
    return std::string_view::npos;
}

bool has_key(std::string_view head, std::string_view key) { return key_at(head, key) != std::string_view::npos; }

data_format guess_json(const fs::path& file, std::string_view head) {
    // Key names near the start decide; the whole document is read only by the reader chosen.
    if (contains(head, "\"civica-dataset-json\"")) return data_format::json;
    if (has_key(head, "grants")) return data_format::threesixtygiving;
    // civica's JSON keeps its tables under "tables" (whose "organizations" is not Popolo's): one
    // without the right "format" is still read as it, to be told what its "format" should be.
    if (const auto tables = key_at(head, "tables"); tables != std::string_view::npos) {
        // ...before any of Popolo's collections: a Popolo record may have a field "tables" too.
        bool popolo_first = false;
        for (const std::string_view key : popolo_collections())
            popolo_first = popolo_first || key_at(head, key) < tables;
        if (!popolo_first) return data_format::json;
    }
    // A table of civica's that Popolo has no collection of ("applications", "municipalities"):
    // civica's JSON tables without their envelope, which the JSON reader names; read as Popolo
    // they lost every table but the organisations, without a word.
    for (const std::string_view file : dataset_table_files()) {
        const std::string_view table = file.substr(0, file.size() - std::string_view(".csv").size());
        const auto& popolo = popolo_collections();
        if (std::find(popolo.begin(), popolo.end(), table) == popolo.end() && has_key(head, table))
            return data_format::json;
    }
    // Popolo's collections (civica's Popolo writer puts "areas" first: a national dataset's areas
    // alone fill the head).
    for (const std::string_view key : popolo_collections())
        if (has_key(head, key)) return data_format::popolo;
    throw validation_error("cannot tell the format of \"" + file.string() +
                           "\": a JSON document with none of the keys of civica's JSON formats near its "
                           "start (\"format\": \"civica-dataset-json\", 360Giving's \"grants\", Popolo's "
                           "\"persons\"/\"organizations\"/\"memberships\"/\"areas\"); name the format (" +
                           format_list() + ")");
}

data_format guess_csv(const fs::path& file, std::string_view head) {
    const auto fields = header_fields(head);
    if (has_field(fields, "req_num") && has_field(fields, "contest") && has_field(fields, "winner"))
        return data_format::pgf;
    if ((has_field(fields, "Identifier") && has_field(fields, "Amount Awarded")) ||
        (has_field(fields, "id") && has_field(fields, "amountAwarded")))
        return data_format::threesixtygiving;
    const std::string name = file.filename().string();
    const auto& tables = dataset_table_files();
    if (std::find(tables.begin(), tables.end(), name) != tables.end())
        throw validation_error("\"" + file.string() + "\" is one table of a dataset; read its folder (\"" +
                               file.parent_path().string() + "\") instead");
    throw validation_error("cannot tell the format of \"" + file.string() +
                           "\": its header has neither the columns of the ФПГ registry (req_num, contest, "
                           "winner) nor those of 360Giving (Identifier, Amount Awarded); name the format (" +
                           format_list() + ")");
}

bool is_workbook_suffix(std::string_view ext) { return ext == ".xlsx" || ext == ".xlsm"; }

/// A zip file (`zip`) or a name with a workbook's suffix: the C++ library has no reader or
/// writer of Excel workbooks.
[[noreturn]] void refuse_workbook(const fs::path& path, bool zip) {
    throw validation_error("\"" + path.string() + "\" " +
                           (zip ? "is a zip file, as an Excel workbook is" : "is named like an Excel workbook") +
                           ": the C++ library reads and writes no workbooks; civica's Python package reads and writes "
                           "civica, ФПГ and 360Giving workbooks (format \"xlsx\", with openpyxl installed)");
}

[[noreturn]] void refuse_parquet(const fs::path& path) {
    throw validation_error("\"" + path.string() +
                           "\": Parquet is read and written by civica's Python package (with pyarrow "
                           "installed), not by the C++ library");
}

}  // namespace

std::string_view to_string(data_format f) {
    for (const auto& n : names)
        if (n.format == f) return n.name;
    return "?";
}

data_format parse_data_format(std::string_view name) {
    const std::string low = lower_ascii(name);
    for (const auto& n : names)
        if (n.name == low) return n.format;
    throw validation_error("unknown format \"" + std::string(name) + "\"; the formats are " + format_list());
}

const std::vector<data_format>& all_data_formats() {
    static const std::vector<data_format> all{data_format::civica,           data_format::store,
                                              data_format::csv,
                                              data_format::json,             data_format::sqlite,
                                              data_format::threesixtygiving, data_format::pgf,
                                              data_format::popolo,           data_format::parquet};
    return all;
}

data_format guess_input_format(const fs::path& path) {
    std::error_code ec;
    const auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) throw io_error("\"" + path.string() + "\" does not exist");
    if (fs::is_directory(st)) return guess_folder(path);
    const std::string head = head_of(path, 64 * 1024);
    if (head.substr(0, 16) == std::string_view("SQLite format 3\0", 16)) return data_format::sqlite;
    if (is_store_header(head)) return data_format::store;
    text::check_not_wide(head, path.string());  // it would read as a file of no known columns
    const std::string ext = suffix_of(path);
    if (ext == ".civica")
        throw io_error("\"" + path.string() + "\" is named like a civica store but does not start with the "
                       "store's magic bytes");  // as the store's reader says it (docs/formats.md)
    if (ext == ".parquet" || head.substr(0, 4) == "PAR1") return data_format::parquet;
    // A zip file is a workbook (or a file of another program); read as CSV its bytes were said to
    // lack the ФПГ registry's columns.
    if (const bool zip = head.substr(0, 4) == std::string_view("PK\x03\x04", 4); zip || is_workbook_suffix(ext))
        refuse_workbook(path, zip);
    const std::string_view body = skip_bom_and_space(head);
    if (!body.empty() && (body.front() == '{' || body.front() == '[')) return guess_json(path, body);
    if (is_sqlite_suffix(ext))
        throw parse_error(path.string(), 0, 0, "", "named like an SQLite database but does not start with the SQLite header");
    // A damaged or empty file is a problem of the file (a ParseError naming it, which civica
    // validate lists), not of how civica was called.
    if (body.empty()) throw parse_error(path.string(), 0, 0, "", "the file is empty: civica cannot tell its format");
    // Read as CSV, a damaged JSON file was said to lack the columns of the ФПГ registry.
    if (ext == ".json")
        throw parse_error(path.string(), 0, 0, "",
                          "named like a JSON file but is not a JSON document: it does not start with '{' or '['");
    return guess_csv(path, head);
}

data_format guess_output_format(const fs::path& path) {
    // "x.parquet/" names x.parquet: the suffix is that of its last name.
    const std::string ext = suffix_of(path.has_filename() ? path : path.parent_path());
    if (is_sqlite_suffix(ext)) return data_format::sqlite;
    if (ext == ".civica") return data_format::store;
    if (ext == ".json") return data_format::json;
    if (ext == ".parquet") return data_format::parquet;
    if (is_workbook_suffix(ext)) refuse_workbook(path, false);
    std::error_code ec;
    if (ext.empty() || fs::is_directory(path, ec)) return data_format::civica;
    throw validation_error("cannot tell which format to write to \"" + path.string() + "\" from its suffix \"" +
                           ext + "\"; name the format (" + format_list() + ")" +
                           (ext == ".csv" ? "; a single CSV file holds \"pgf\" or \"360giving\" data" : ""));
}

namespace {

// The formats' option structs share the names of skip mode.
template <class Options>
Options skipping(bool skip, std::vector<problem>* problems) {
    Options o;
    o.skip_bad_records = skip;
    o.skipped = problems;
    return o;
}

// The table readers' dialect of the `csv` and `json` formats, from the door's options.
table_read_options table_options(data_format f, const read_options& options) {
    table_read_options o;
    o.encoding = options.encoding;
    o.separator = options.separator;
    o.decimal_comma = options.decimal_comma;
    o.lenient_money = options.lenient_money;
    o.require_manifest = false;
    o.dotted_dates = f == data_format::csv;  // spreadsheets' dates; JSON is ISO only
    return o;
}

// The format's own reader, with the door's options turned into the format's.
read_result read_as(data_format f, const fs::path& path, const read_options& options) {
    read_result r;
    r.format = f;
    const bool skip = options.on_error == error_policy::skip;
    std::vector<problem>* problems = &r.problems;
    switch (f) {
        case data_format::civica: {
            if (!skip) {
                r.data = read_dataset_folder(path);
                return r;
            }
            // The native format is strict UTF-8 with ',' whatever the dialect options say.
            auto o = skipping<table_read_options>(true, problems);
            o.encoding = text::text_encoding::utf8;
            o.separator = ',';
            r.data = read_dataset_folder(path, o);
            return r;
        }
        case data_format::store: r.data = read_store(path); return r;
        case data_format::csv:
        case data_format::json: {
            auto o = table_options(f, options);
            o.skip_bad_records = skip;
            o.skipped = problems;
            r.data = f == data_format::csv ? read_dataset_folder(path, o) : read_dataset_json(path, o);
            return r;
        }
        case data_format::sqlite: r.data = load_sqlite(path, skipping<sqlite_read_options>(skip, problems)); return r;
        case data_format::threesixtygiving: {
            auto o = skipping<threesixtygiving_read_options>(skip, problems);
            o.separator = options.separator;
            o.encoding = options.encoding;
            auto pkg = read_360giving(path, o);
            r.data = std::move(pkg.data);
            r.grant_extras = std::move(pkg.extras);
            return r;
        }
        case data_format::pgf: {
            std::vector<problem> let_through, left_out;
            auto o = skipping<pgf_options>(skip, &left_out);
            o.lenient_identifiers = options.lenient_identifiers;
            o.issues = &let_through;
            o.threads = options.threads;
            o.encoding = options.encoding;
            o.separator = options.separator;
            r.data = read_pgf_csv(path, o);
            // Both lists are in file order; so is their merge.
            std::merge(std::make_move_iterator(let_through.begin()), std::make_move_iterator(let_through.end()),
                       std::make_move_iterator(left_out.begin()), std::make_move_iterator(left_out.end()),
                       std::back_inserter(r.problems),
                       [](const problem& a, const problem& b) { return a.line < b.line; });
            return r;
        }
        case data_format::popolo: r.data = read_popolo_json(path, skipping<popolo_read_options>(skip, problems)); return r;
        case data_format::parquet: refuse_parquet(path);
    }
    throw validation_error("unknown format");
}

// A format named for a path of the wrong kind (a folder given to a reader of files, or the
// reverse) is said as such, not as the reader's own failure ("cannot map", "disk I/O error").
void check_kind_of_path(data_format f, const fs::path& path) {
    std::error_code ec;
    const bool folder_format = f == data_format::civica || f == data_format::csv || f == data_format::parquet;
    if (!folder_format && fs::is_directory(path, ec))
        throw io_error("\"" + path.string() + "\" is a folder; the format " + std::string(to_string(f)) +
                       " is read from a file");
    if (folder_format && fs::exists(path, ec) && !fs::is_directory(path, ec))
        throw io_error("\"" + path.string() + "\" is a file; the format " + std::string(to_string(f)) +
                       " is read from a folder");
}

}  // namespace

data_format guess_input_format(const fs::path& path, const read_options& options) {
    const data_format f = guess_input_format(path);
    const bool dialect = options.decimal_comma || options.lenient_money ||
                         (options.separator != 0 && options.separator != ',') ||
                         options.encoding == text::text_encoding::windows1251;
    return f == data_format::civica && dialect ? data_format::csv : f;
}

std::vector<std::string_view> read_options_used(std::string_view format) {
    using enum data_format;
    const auto is = [&](data_format f) { return format == to_string(f); };
    std::vector<std::string_view> used;
    if (is(csv) || is(json) || is(threesixtygiving) || is(pgf)) used.push_back("encoding");
    if (is(csv) || is(threesixtygiving) || is(pgf)) used.push_back("separator");
    if (is(csv) || is(json)) used.insert(used.end(), {"decimal_comma", "lenient_money"});
    if (is(pgf)) used.insert(used.end(), {"threads", "lenient_identifiers"});
    return used;
}

void check_read_options(std::string_view format, const read_options& options) {
    check_read_options(format, options, read_options_used(format));
}

void check_read_options(std::string_view format, const read_options& options,
                        const std::vector<std::string_view>& used) {
    const auto refuse_unless_used = [&](std::string_view name, bool given) {
        if (!given || std::find(used.begin(), used.end(), name) != used.end()) return;
        std::string formats;
        std::size_t n = 0;
        for (const auto f : all_data_formats()) {
            const auto u = read_options_used(to_string(f));
            if (std::find(u.begin(), u.end(), name) != u.end())
                formats += std::string(n++ ? ", " : "") + std::string(to_string(f));
        }
        throw validation_error("the read option " + std::string(name) + " is for the format" + (n > 1 ? "s " : " ") +
                               formats + " only; \"" + std::string(format) + "\" does not use it");
    };
    // UTF-8 is what the other text formats are, and a separator ',' what the native folder has.
    refuse_unless_used("encoding", options.encoding != text::text_encoding::automatic &&
                                       options.encoding != text::text_encoding::utf8);
    refuse_unless_used("separator", options.separator != 0 && options.separator != ',');
    if (options.separator != 0) text::check_separator(options.separator);  // 0: detected
    refuse_unless_used("decimal_comma", options.decimal_comma);
    refuse_unless_used("lenient_money", options.lenient_money);
    refuse_unless_used("threads", options.threads != 0);
    refuse_unless_used("lenient_identifiers", options.lenient_identifiers);
}

read_result read(const fs::path& path, const read_options& options) {
    // The guess reads a few bytes of the file; the caps are for the read itself.
    const data_format f = options.format ? *options.format : guess_input_format(path, options);
    check_read_options(to_string(f), options);
    check_kind_of_path(f, path);
    // The read's own caps, or a copy of those in force as it starts: set_limits from another
    // thread meanwhile does not change them halfway through (docs/reliability.md).
    const text::thread_limits caps(options.limits ? *options.limits : text::current_limits());
    return read_as(f, path, options);
}

std::vector<problem> check_tables(const fs::path& path, const read_options& options) {
    const data_format f = options.format ? *options.format : guess_input_format(path, options);
    check_read_options(to_string(f), options);
    const text::thread_limits caps(options.limits ? *options.limits : text::current_limits());
    switch (f) {
        case data_format::civica: return check_dataset_folder(path);
        case data_format::csv: return check_dataset_folder(path, table_options(f, options));
        case data_format::json: return check_dataset_json(path, table_options(f, options));
        default:
            throw validation_error("check_tables checks a dataset's tables (the formats civica, csv and json), not \"" +
                                   std::string(to_string(f)) + "\"");
    }
}

void check_write_options(std::string_view format, const write_options& options) {
    if (format != to_string(data_format::csv)) {
        // The dialect is the csv format's; another format given one would silently not use it.
        std::string given;
        if (options.separator != ',') given = "separator";
        else if (options.encoding != text::text_encoding::utf8) given = "encoding";
        else if (options.bom) given = "bom";
        else if (options.decimal_comma) given = "decimal_comma";
        if (!given.empty())
            throw validation_error("the write option " + given + " is for the csv format only; \"" +
                                   std::string(format) + "\" is written in its own dialect" +
                                   (format == to_string(data_format::civica)
                                        ? " (',', UTF-8, '.' decimals): write format csv for a spreadsheet's"
                                        : ""));
    }
    if (options.grant_extras && format != to_string(data_format::threesixtygiving))
        throw validation_error("the write option extras is for the 360giving format only (the keys of its grants "
                               "that civica does not model); \"" + std::string(format) + "\" has no place for them");
}

void write(const dataset& ds, const fs::path& path, const write_options& options) {
    const data_format f = options.format ? *options.format : guess_output_format(path);
    check_write_options(to_string(f), options);
    switch (f) {
        case data_format::civica: write_dataset_folder(ds, path); return;
        case data_format::store: write_store(ds, path); return;
        case data_format::csv: {
            table_write_options o;
            o.separator = options.separator;
            o.encoding = options.encoding;
            o.bom = options.bom;
            o.decimal_comma = options.decimal_comma;
            write_dataset_folder(ds, path, o);
            return;
        }
        case data_format::json: write_dataset_json(ds, path); return;
        case data_format::sqlite: save_sqlite(ds, path); return;
        case data_format::threesixtygiving: {
            threesixtygiving_write_options o;
            o.extras = options.grant_extras;
            if (suffix_of(path) == ".csv")
                write_360giving_csv(ds, path, o);
            else
                write_360giving_json(ds, path, o);
            return;
        }
        case data_format::pgf: write_pgf_csv(ds, path); return;
        case data_format::popolo: write_popolo_json(ds, path); return;
        case data_format::parquet: refuse_parquet(path);
    }
}

}  // namespace civica::io
