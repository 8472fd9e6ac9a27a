#pragma once
/// \file
/// One entry point for every format civica reads and writes, with the format guessed from the
/// path when it is not given. `civica convert IN OUT` and Python's `civica.io.read` /
/// `civica.io.write` are built on these.
///
///     civica::dataset ds = civica::io::read("grants.json");          // 360Giving, guessed
///     civica::io::write(ds, "city.sqlite");                          // SQLite, from the suffix
///     civica::io::write(ds, "grants.csv", civica::io::data_format::threesixtygiving);
///
/// | format | what it is | read | write |
/// |---|---|---|---|
/// | `civica` | the native dataset folder (manifest.json + one CSV per table, strict UTF-8 and `,`) | yes | yes |
/// | `csv` | a folder of the native tables' CSV files in any dialect: UTF-8 (± BOM) or Windows-1251, `,` `;` or tab, decimal comma, lenient money on request; manifest optional | yes | yes |
/// | `json` | the native tables in one JSON document (docs/dataset-format.md) | yes | yes |
/// | `sqlite` | the SQLite store (docs/formats.md) | yes | yes |
/// | `360giving` | 360Giving JSON package or flat CSV | yes | yes (JSON for `.json`, CSV for `.csv`) |
/// | `pgf` | the Presidential Grants Fund registry CSV (civica/io/pgf.hpp) | yes | yes |
/// | `popolo` | Popolo JSON (councils, persons, memberships, meetings) | yes | yes |
///
/// Parquet (`parquet`) is offered by the Python package through pyarrow; the C++ library
/// names it so that a guess can say so, and read/write refuse it with a clear error.

#include "civica/io/check.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/model/dataset.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civica::io {

/// The formats of the table above.
enum class data_format { civica, csv, json, sqlite, threesixtygiving, pgf, popolo, parquet };

/// The format's name as the CLI and Python spell it ("civica", "360giving", …).
std::string_view to_string(data_format f);
/// Parses a format name (any letter case; "360g", "threesixtygiving", "fpg" and "folder" are
/// accepted too). Throws civica::validation_error listing the names for an unknown one.
data_format parse_data_format(std::string_view name);
/// Every format, in the order of the table above.
const std::vector<data_format>& all_data_formats();

/// Guesses the format of an existing file or folder from its contents (and its suffix when the
/// contents do not decide). A folder with manifest.json is `civica` (`parquet` when it holds
/// `.parquet` tables), a folder of table CSVs without a manifest is `csv`; a file starting
/// with the SQLite header is `sqlite`; a JSON document is `360giving` (a `grants` array),
/// `json` (`"format": "civica-dataset-json"`) or `popolo` (persons, organizations,
/// memberships, posts or events); a CSV file is `pgf` when its header has the registry's
/// columns and `360giving` when it has 360Giving's (`Identifier` and `Amount Awarded`, or
/// `id` and `amountAwarded`). Throws civica::io_error when `path` cannot be read and
/// civica::validation_error, saying what was seen and how to name the format, when nothing fits.
data_format guess_input_format(const std::filesystem::path& path);

/// Guesses the format to write from the path alone: `.sqlite`/`.sqlite3`/`.db` → sqlite,
/// `.json` → json, `.parquet` → parquet, a path without suffix (or an existing folder) →
/// civica. Throws civica::validation_error for a suffix that does not decide (e.g. `.csv`,
/// which may be pgf or 360giving) with the formats to choose from.
data_format guess_output_format(const std::filesystem::path& path);

/// How read() treats its input.
struct read_options {
    /// Dialect of `csv` (table_read_options), and skipping (`skip_bad_records`, `skipped`) for
    /// `civica`, `csv`, `json`, `360giving` and `popolo`.
    table_read_options tables;
    /// `pgf`: accept INN/OGRN with a wrong checksum (the identifier is not stored); each
    /// such row becomes a problem in `tables.skipped` when that is given.
    bool lenient_identifiers = false;
};

/// Reads `path` in `format` (guessed with guess_input_format when not given). Errors are the
/// reader's: civica::parse_error naming file, line (or JSON path), field and rule, and
/// nothing is half-loaded.
dataset read(const std::filesystem::path& path, std::optional<data_format> format = std::nullopt,
             const read_options& options = {});

/// How write() writes.
struct write_options {
    /// Dialect of `csv` (separator, encoding, BOM, decimal comma).
    table_write_options tables;
    /// ISO 4217 currency of `360giving` exports (civica money is hundredths of it).
    std::string currency = "RUB";
};

/// Writes `ds` to `path` in `format` (guessed with guess_output_format when not given).
/// Every writer replaces its target atomically.
void write(const dataset& ds, const std::filesystem::path& path,
           std::optional<data_format> format = std::nullopt, const write_options& options = {});

}  // namespace civica::io
