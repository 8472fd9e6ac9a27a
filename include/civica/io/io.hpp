#pragma once
/// \file
/// The door to every format civica reads and writes: one io::read, one io::write, one options
/// struct each, one result, one problem type. `civica convert`, `civica validate` and Python's
/// `civica.io.read` / `civica.io.write` are built on these. The format is guessed from the
/// path when it is not named.
///
///     auto r = civica::io::read("grants.json");                       // 360Giving, guessed
///     r.data.info().currency;                                         // "GBP"
///     civica::io::write(r.data, "city.sqlite");                       // SQLite, from the suffix
///     civica::io::write_options as_360;
///     as_360.format = civica::io::data_format::threesixtygiving;
///     civica::io::write(r.data, "grants.csv", as_360);               // 360Giving flat CSV
///
///     civica::io::read_options o;
///     o.on_error = civica::io::error_policy::skip;                    // leave bad records out…
///     auto part = civica::io::read("export", o);
///     for (const auto& p : part.problems) std::cout << civica::io::to_string(p) << '\n';  // …and list them
///
/// | format | what it is | read | write |
/// |---|---|---|---|
/// | `civica` | the native dataset folder (manifest.json + one CSV per table, strict UTF-8 and `,`) | yes | yes |
/// | `store` | the civica store: the whole dataset by column in one binary `.civica` file that reopens in a blink (civica/io/store.hpp) | yes | yes |
/// | `csv` | a folder of the native tables' CSV files in any dialect: UTF-8 (± BOM) or Windows-1251, `,` `;` or tab, decimal comma, lenient money on request; manifest optional | yes | yes |
/// | `json` | the native tables in one JSON document (docs/dataset-format.md) | yes | yes |
/// | `sqlite` | the SQLite store (docs/formats.md) | yes | yes |
/// | `360giving` | 360Giving JSON package or flat CSV | yes | yes (JSON for `.json`, CSV for `.csv`) |
/// | `pgf` | the Presidential Grants Fund registry CSV (civica/io/pgf.hpp) | yes | yes |
/// | `popolo` | Popolo JSON (councils, persons, memberships, meetings) | yes | yes |
///
/// Parquet (`parquet`) is offered by the Python package through pyarrow; the C++ library
/// names it so that a guess can say so, and read/write refuse it with a clear error.
///
/// Every writer replaces its target atomically (civica::text::replace_atomically for a file,
/// replace_folder_atomically for a folder): a reader, a crash or a kill sees the old content or
/// the new, never a mix. Every reader keeps the dataset's currency (dataset_info::currency)
/// and every writer writes it (the ФПГ registry holds roubles only, and refuses other money).
///
/// The format's own functions (read_dataset_folder, load_sqlite, read_360giving, read_pgf_csv,
/// read_popolo_json and their writers) stay available for code that needs one format's
/// options; io::read and io::write are the way in and out.

#include "civica/io/problem.hpp"
#include "civica/io/threesixtygiving.hpp"
#include "civica/model/dataset.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civica::io {

/// The formats of the table above.
enum class data_format { civica, store, csv, json, sqlite, threesixtygiving, pgf, popolo, parquet };

/// The format's name as the CLI and Python spell it ("civica", "360giving", …).
std::string_view to_string(data_format f);
/// Parses a format name (any letter case; "360g", "threesixtygiving", "fpg" and "folder" are
/// accepted too). Throws civica::validation_error listing the names for an unknown one.
data_format parse_data_format(std::string_view name);
/// Every format, in the order of the table above.
const std::vector<data_format>& all_data_formats();

/// Guesses the format of an existing file or folder from its contents (and its suffix when the
/// contents do not decide). A folder with manifest.json is `civica` (`parquet` when it holds
/// `.parquet` tables), unless a table file in it is not the native dialect (Windows-1251, or a
/// `;` or tab separator, as Russian Excel saves a folder): then it is `csv`, as is a folder of
/// table CSVs without a manifest; a file starting with the SQLite header is `sqlite`; a JSON
/// document is `360giving` (a `grants` array), `json` (`"format": "civica-dataset-json"`) or
/// `popolo` (persons, organizations, memberships, posts or events); a file starting with the
/// store's magic bytes is `store`; a CSV file is `pgf` when
/// its header has the registry's columns and `360giving` when it has 360Giving's (`Identifier`
/// and `Amount Awarded`, or `id` and `amountAwarded`). Throws civica::io_error when `path`
/// cannot be read, or is named `.civica` without the store's magic bytes (as the store's reader
/// says of it), and civica::validation_error, saying what was seen and how to name the
/// format, when nothing fits.
data_format guess_input_format(const std::filesystem::path& path);

/// Guesses the format to write from the path alone: `.civica` → store, `.sqlite`/`.sqlite3`/`.db` → sqlite,
/// `.json` → json, `.parquet` → parquet, a path without suffix (or an existing folder) →
/// civica. Throws civica::validation_error for a suffix that does not decide (e.g. `.csv`,
/// which may be pgf or 360giving) with the formats to choose from.
data_format guess_output_format(const std::filesystem::path& path);

/// What a reader does with a record that breaks a rule.
enum class error_policy {
    raise,  ///< throw civica::parse_error (or validation_error) naming the place; nothing is loaded
    skip,   ///< leave the record out, and the records that refer to it, and list each in read_result::problems
};

/// How io::read reads. The defaults read any format strictly, with the dialect of a `csv`
/// folder detected per file.
struct read_options {
    /// The format of the input; guessed with guess_input_format(path, options) when not given.
    std::optional<data_format> format;
    /// `csv` tables, 360Giving flat CSV and the ФПГ registry: detected per file (UTF-8 unless
    /// the bytes are not, then Windows-1251) unless declared. The native formats are UTF-8.
    text::text_encoding encoding = text::text_encoding::automatic;
    /// `csv` tables and 360Giving flat CSV: 0 detects it per file from its header line;
    /// otherwise ',', ';' or '\t'.
    char separator = 0;
    /// `csv`: number columns read "12,5", money columns "1250,50".
    bool decimal_comma = false;
    /// `csv`: money columns read "3,7 млн", "30 000 000,00 руб." (text::parse_money_lenient).
    bool lenient_money = false;
    /// A record that breaks a rule stops the read (raise) or is left out and listed (skip).
    /// Errors of a whole file (its syntax, a header, a manifest) stop the read either way.
    error_policy on_error = error_policy::raise;
    /// `pgf`: let an INN or OGRN with a wrong checksum through (the identifier is not stored);
    /// each such row is a warning in read_result::problems.
    bool lenient_identifiers = false;
    /// Threads to parse with (`pgf`; the other readers use one): 0 for as many as the hardware
    /// has, at most 8.
    unsigned threads = 0;
    /// Caps for this read only (for the calling thread; the process-wide ones otherwise):
    /// see civica/text/limits.hpp.
    std::optional<text::input_limits> limits;
};

/// The format io::read uses for `path` with `options` when they name none: guess_input_format(path),
/// except that a folder guessed as the native `civica` folder (strict UTF-8, ',', '.' decimals)
/// is read as a `csv` folder when the options ask for a spreadsheet dialect (decimal_comma,
/// lenient_money, a separator other than ',', or Windows-1251): what a user who gives them means.
data_format guess_input_format(const std::filesystem::path& path, const read_options& options);

/// The read_options (by member name) the format named `format` uses: `encoding` for `csv`,
/// `json`, `360giving` and `pgf`; `separator` for `csv`, `360giving` and `pgf`; `decimal_comma` and
/// `lenient_money` for `csv` and `json`; `threads` and `lenient_identifiers` for `pgf`.
std::vector<std::string_view> read_options_used(std::string_view format);

/// Throws civica::validation_error naming the option and the formats that use it when `options`
/// give one the format named `format` does not use (read_options_used; an encoding of UTF-8 and a
/// separator ',' are what every format has), as check_write_options does for a write: a reader
/// would otherwise silently not use it. io::read checks its options with it once it knows the
/// format.
void check_read_options(std::string_view format, const read_options& options);
/// The same for a reader that uses the options `used` (a format read elsewhere: a workbook,
/// read by the Python package).
void check_read_options(std::string_view format, const read_options& options,
                        const std::vector<std::string_view>& used);

/// What io::read returns.
struct read_result {
    dataset data;
    /// What the read found and did not stop at, in file order: the records left out in skip
    /// mode (severity "error") and what was let through (severity "warning", e.g. an INN with a
    /// wrong checksum under lenient_identifiers). Empty for a clean strict read.
    std::vector<problem> problems;
    /// The format read (the guess, when options.format was not given).
    data_format format = data_format::civica;
    /// `360giving`: one entry per grant of what the dataset model has no place for
    /// (descriptions, locations, classifications, publisher keys), in application order; pass
    /// it to write_options::grant_extras to write them back. Empty for the other formats.
    std::vector<threesixtygiving_grant_extra> grant_extras;
};

/// Reads `path`. Errors are the reader's: civica::parse_error naming file, line (or JSON
/// path), field and rule; civica::io_error when the file cannot be read; nothing is
/// half-loaded.
read_result read(const std::filesystem::path& path, const read_options& options = {});

/// Every problem of a dataset's tables, every fault of every row in file and line order (JSON
/// path for the `json` form) and no row called bad for the fault of a row it refers to, then
/// the warnings of the data: a native folder (`civica`) as check_dataset_folder lists them, a
/// folder in the `csv` format or the `json` form read with the dialect `options` give
/// (encoding, separator, decimal comma, lenient money; detected when not given; a `csv`
/// folder's dates YYYY-MM-DD or DD.MM.YYYY and its manifest.json optional). The format is
/// options.format, else guessed as io::read guesses it; another format than these three is a
/// validation_error. An empty result means io::read with the same options loads the data and
/// nothing looks suspicious.
std::vector<problem> check_tables(const std::filesystem::path& path, const read_options& options = {});

/// How io::write writes.
struct write_options {
    /// The format to write; guessed with guess_output_format when not given.
    std::optional<data_format> format;
    /// `csv`: ',' (native), ';' (what Russian Excel opens directly) or '\t'.
    char separator = ',';
    /// `csv`: utf8 or windows1251.
    text::text_encoding encoding = text::text_encoding::utf8;
    /// `csv`: start each UTF-8 table with a byte-order mark (Excel needs one to recognise UTF-8).
    bool bom = false;
    /// `csv`: money and number columns with a decimal comma ("1250,50", "3,7").
    bool decimal_comma = false;
    /// `360giving`: what read_result::grant_extras returned, written back with each grant
    /// (matched by grant id); may be null.
    const std::vector<threesixtygiving_grant_extra>* grant_extras = nullptr;
};

/// Throws civica::validation_error when `options` give what the format named `format` does not
/// use: a csv dialect option (separator, encoding, bom, decimal_comma) to another format, grant
/// extras to another format than 360giving. A writer would otherwise silently not use it. write()
/// checks its own options with it; a format written elsewhere (a workbook, by the Python package)
/// calls it too.
void check_write_options(std::string_view format, const write_options& options);

/// Writes `ds` to `path`, replacing it atomically. Throws civica::validation_error for an
/// option the format does not use (check_write_options), for a
/// dataset the format cannot hold (a value it cannot spell, a ФПГ file of money in another
/// currency than roubles), civica::io_error when the target cannot be written; the target is
/// then left as it was.
void write(const dataset& ds, const std::filesystem::path& path, const write_options& options = {});

}  // namespace civica::io
