#pragma once
/// \file
/// Checking a dataset folder: every problem at once, with its place, instead of stopping at
/// the first one as read_dataset_folder does. `civica validate PATH` prints these.
///
/// The checks (problem::check). Errors (the folder would not load): `bad_manifest`,
/// `newer_version`, `csv_syntax` (unterminated quote, NUL byte, invalid UTF-8),
/// `wrong_field_count`, `unknown_column`, `duplicate_column`, `missing_column`,
/// `missing_value`, `bad_value`, `duplicate_id`, `unknown_reference`, `invalid_inn`,
/// `invalid_ogrn`, `invalid_kpp`, `invalid_oktmo`, `negative_money`, `negative_value`,
/// `awarded_not_winner`, `end_before_start`, `mixed_tables` (tables both as CSV and as Parquet
/// files, mixed_table_files), `rule` (any other rule of the model). A rule of the
/// model is one code in every reader: the model's validation_error carries it (check(), field()),
/// and the readers that add rows through the model (SQLite, Parquet, ФПГ, 360Giving, Popolo)
/// report a row it refuses with that code.
/// Warnings (the folder loads, but a value looks wrong): `awarded_exceeds_requested`, `zero_money`,
/// `winner_without_award`, `future_date`, `shared_inn`, `submitted_outside_window`,
/// `direction_not_in_competition`, `monitoring_of_non_winner`, `unknown_indicator_key`,
/// `unit_differs`, `unknown_okopf`, `unknown_manifest_key`, `unknown_file`.
///
///     for (const auto& p : civica::io::check_dataset_folder("my-data"))
///         std::cout << civica::io::to_string(p) << '\n';

#include "civica/io/dataset_folder.hpp"
#include "civica/io/problem.hpp"
#include "civica/model/dataset.hpp"

#include <filesystem>
#include <vector>

namespace civica::io {

/// Reads the folder leniently and returns every problem found, errors and warnings, in the
/// order of the files (load order) and lines. An empty result means the folder loads with
/// read_dataset_folder and nothing looks suspicious. Throws civica::io_error only when
/// `folder` is not a readable folder.
std::vector<problem> check_dataset_folder(const std::filesystem::path& folder);

/// The same checks of a folder of tables in the dialect of `options` (encoding, separator,
/// decimal comma, lenient money, day-first dates, manifest optional); skip_bad_records and
/// skipped are not used. io::check_tables calls it with the `csv` format's dialect.
std::vector<problem> check_dataset_folder(const std::filesystem::path& folder, const table_read_options& options);

/// The same checks of the JSON form of a dataset (docs/dataset-format.md, "JSON form"): every
/// fault of every row, with its JSON path (`tables.applications[16]`) and field, as a folder's
/// check lists them (a row that only refers to a bad one is not called bad), then the warnings.
/// A fault of the whole file (not JSON, not the form, an unknown table) throws parse_error; a
/// missing file io_error. `options` give the dialect (encoding, decimal comma, lenient money) a
/// read with them would take; skip_bad_records and skipped are not used.
std::vector<problem> check_dataset_json(const std::filesystem::path& file, const table_read_options& options = {});

/// The warnings of a dataset in memory: the folder checks run over the text its folder form
/// would hold, with no file written. A dataset holds only rows that passed every rule, so each
/// problem is a warning (`awarded_exceeds_requested`, `future_date`, …); `file` is the table's
/// file of the folder form ("applications.csv") and `line` the row's index in its table + 2,
/// the line write_dataset_folder gives it. A warning about the dataset's own territory
/// (`unknown_territory`) names "manifest.json", field "territory", and no line.
std::vector<problem> check_dataset(const dataset& ds);

}  // namespace civica::io
