#pragma once
/// \file
/// The native dataset folder format: a manifest.json and one CSV file per table
/// (docs/dataset-format.md describes it completely).
///
///     civica::dataset ds = civica::io::read_dataset_folder("data/datasets/khanty-mansiysk-2020");
///     civica::io::write_dataset_folder(ds, "/tmp/copy");

#include "civica/io/problem.hpp"
#include "civica/text/text.hpp"
#include "civica/model/dataset.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace civica::io {

/// The newest version of the folder format this build reads and writes.
inline constexpr int dataset_format_version = 1;

/// The table files of the format in the order they are loaded (references point at rows of
/// earlier tables): "municipalities.csv", "organizations.csv", … "indicators.csv".
const std::vector<std::string_view>& dataset_table_files();

/// Whether `name` (an entry of a folder, without its path) is one of a saved dataset's own
/// files in either folder form: manifest.json, or a table's file as CSV (this format) or as
/// Parquet (the Parquet folder form, docs/formats.md). A writer of either form replaces all of
/// them and carries every other entry over (README, SOURCE.md, a licence, a user's notes), so
/// a folder never holds the tables of two datasets.
bool is_dataset_folder_file(const std::filesystem::path& name);

/// What is wrong with a folder that holds a dataset's tables both as CSV files and as Parquet
/// files (organizations.csv beside municipalities.parquet): which of them is the dataset is not
/// clear, and reading either kind alone would leave the other's rows out without a word. The
/// message names both kinds' files; it is empty for a folder of one kind, or of none. Both
/// folder readers and the check refuse such a folder with it (check code `mixed_tables`); the
/// format guess (io::guess_format) takes it for a dataset folder, whose reader says so.
std::string mixed_table_files(const std::filesystem::path& folder);

/// Reads a dataset folder. Every table is added through dataset::add, so every rule of the
/// model applies. Throws civica::parse_error naming the file (its name within the folder,
/// e.g. `applications.csv`), the line (the header is line 1), the column and the rule broken,
/// e.g. `applications.csv:17: column "awarded": "12,5" is not an amount (…)`; throws
/// civica::io_error when the folder or a file cannot be opened. Nothing is half-loaded: the
/// dataset is returned only when every file was read without error.
dataset read_dataset_folder(const std::filesystem::path& folder);

/// Writes `ds` as a dataset folder at `folder`. Only non-empty tables get a file. The files are
/// written into a temporary folder next to `folder`, which then replaces it, so a failed write
/// leaves an existing folder as it was. An existing dataset folder is replaced (files in it
/// that are not part of the format, such as a README, are kept); an existing folder that is not
/// empty and has no manifest.json is refused with civica::io_error, so a wrong path cannot wipe
/// unrelated files. Throws civica::validation_error for a value the format cannot hold (a list
/// item containing `|`, text that is not UTF-8).
void write_dataset_folder(const dataset& ds, const std::filesystem::path& folder);

/// How read_dataset_folder(folder, options) (and read_dataset_json) read table files written
/// by other programs: Excel's `;`-separated CSV in Windows-1251, decimal commas, amounts as
/// "3,7 млн", folders without a manifest. The defaults still read the native format.
///
///     civica::io::table_read_options opt;
///     opt.decimal_comma = true;                 // "12,5" in number columns
///     opt.lenient_money = true;                 // "30 000 000,00 руб." in money columns
///     opt.require_manifest = false;             // a folder of table CSVs only
///     auto ds = civica::io::read_dataset_folder("export", opt);
struct table_read_options {
    /// Per file: detected (detect_encoding) unless declared. A Windows-1251 file is converted
    /// to UTF-8 in memory; errors still name the file and its original line.
    text::text_encoding encoding = text::text_encoding::automatic;
    /// 0: detected per file from its header line (detect_separator); otherwise ',', ';' or '\t'.
    char separator = 0;
    /// Number columns (score, value) read "12,5" and "1 234,5" (parse_number_lenient), and
    /// money columns read "1250,50"; a decimal point is then refused. Without it, a file whose
    /// separator is detected as ';' (Excel in a Russian locale, where ',' is the decimal
    /// separator) reads decimal commas and decimal points alike.
    bool decimal_comma = false;
    /// Money columns (requested, cofunding, awarded) are read with parse_money_lenient.
    bool lenient_money = false;
    /// Dates may also be written DD.MM.YYYY (parse_day_number_or_russian), as a spreadsheet in
    /// a Russian locale saves them. The `csv` format's reads (io::read) set it; the native
    /// format is ISO only. It marks the spreadsheet dialect for booleans too: boolean columns
    /// then also read ИСТИНА / ЛОЖЬ (any letter case), as Russian Excel saves them.
    bool dotted_dates = false;
    /// false: a folder of table CSVs without manifest.json is accepted (the info is left empty).
    bool require_manifest = true;
    /// A row that breaks a rule is skipped instead of failing the read, and so is every row
    /// that refers to a skipped row. Errors of a whole file (header, CSV syntax, manifest)
    /// still throw.
    bool skip_bad_records = false;
    /// When set (and skip_bad_records), receives one problem per skipped row: file, line,
    /// field, check code and message (the first rule the row broke).
    std::vector<problem>* skipped = nullptr;
};

/// Reads a dataset folder whose tables may be in the dialects `options` allows (see
/// table_read_options). Errors are those of read_dataset_folder(folder). Each file is held in
/// memory while it is read (the one-argument form streams).
dataset read_dataset_folder(const std::filesystem::path& folder, const table_read_options& options);

/// How write_dataset_folder(ds, folder, options) writes the table files (manifest.json is
/// always UTF-8 JSON). The defaults write the native format.
struct table_write_options {
    /// ',' (native), ';' (what Russian Excel opens directly) or '\t'.
    char separator = ',';
    /// utf8 (native) or windows1251; text Windows-1251 cannot hold is refused with
    /// civica::validation_error naming the file, the record and the character.
    text::text_encoding encoding = text::text_encoding::utf8;
    /// Start each UTF-8 table with a byte-order mark (Excel needs one to recognise UTF-8).
    /// Ignored for Windows-1251.
    bool bom = false;
    /// Money and number columns with a decimal comma ("1250,50", "3,7").
    bool decimal_comma = false;
};

/// Writes `ds` as a dataset folder with the table dialect of `options`; otherwise like
/// write_dataset_folder(ds, folder). read_dataset_folder with the matching table_read_options
/// reads it back.
void write_dataset_folder(const dataset& ds, const std::filesystem::path& folder,
                          const table_write_options& options);

namespace detail {

/// One column of a table given by column, its strings as Arrow holds them: row i is
/// `data.substr(offsets[i], offsets[i + 1] - offsets[i])`; a missing value is "".
struct string_column_view {
    std::string name;
    std::span<const std::int64_t> offsets;  // rows + 1 entries
    std::string_view data;
};
/// A table of a dataset given by column: `table` is its name ("applications"), `file` names it
/// in problems ("applications.parquet").
struct table_strings {
    std::string table;
    std::string file;
    std::size_t rows = 0;
    std::vector<string_column_view> columns;
    /// When set, the table is not read by row from `columns`: `load` adds its rows to the
    /// dataset being read, in its turn in the load order (after the tables it refers to, before
    /// the tables that refer to it), through the dataset's bulk loads, which check every row.
    /// Its second argument is null in strict mode (a bad row throws parse_error naming `file`,
    /// the row + 2 as line, and the column); in skip mode a bad row is left out and listed
    /// there. Later tables refer to the rows the dataset then holds. For the applications and
    /// the organisations.
    std::function<void(dataset&, std::vector<problem>*)> load;
};
/// Reads tables given by column with the row code and every check of read_dataset_folder
/// (the tables' columns are the CSV files' columns, values spelt as in them); `folder` holds
/// the manifest (optional when options.require_manifest is false). A problem names the
/// table's `file` and, as its line, the row + 2 (the line the row would have in CSV). For the
/// Parquet reader of the Python package (Arrow columns, no text file in between); the
/// applications and organisations may come typed instead, through table_strings::load.
dataset read_table_strings(const std::filesystem::path& folder, const std::vector<table_strings>& tables,
                           const table_read_options& options);

/// Columns of a table file ("applications.csv") in the order they are written.
const std::vector<std::string_view>& table_columns(std::string_view file);

/// A table of a dataset by column, each cell the text the dataset folder writes for it, as
/// Arrow holds strings: column k's row i is data[k][offsets[k][i] .. offsets[k][i + 1]).
struct table_text {
    std::string table;  // "organizations"
    std::size_t rows = 0;
    std::vector<std::string_view> columns;  // the CSV file's columns, in its order
    std::vector<std::vector<std::int64_t>> offsets;
    std::vector<std::string> data;
};
/// The non-empty tables of `ds` in load order, but those named in `except` ("applications"),
/// whose cells are then not formatted at all: the text of write_dataset_folder's cells, by
/// column. For the Parquet writer of the Python package (read_table_strings reads it back).
std::vector<table_text> table_texts(const dataset& ds, const std::vector<std::string_view>& except = {});
/// Every problem the folder checks find in tables given as text by column (a dataset's own,
/// from table_texts), in load order: `file` is the table's CSV file of the folder form, `line`
/// the row + 2. No folder or manifest is read. For check_dataset.
std::vector<problem> check_table_texts(const std::vector<table_text>& tables);
/// Writes the manifest.json of `ds` (its info) into the folder `dir`, as write_dataset_folder does.
void write_manifest(const dataset& ds, const std::filesystem::path& dir);

}  // namespace detail

}  // namespace civica::io
