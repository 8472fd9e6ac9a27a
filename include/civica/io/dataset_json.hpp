#pragma once
/// \file
/// The native dataset in one JSON file: the same tables, columns and rules as the dataset
/// folder (civica/io/dataset_folder.hpp), for web services and for people who would rather
/// send one file than a folder. docs/dataset-format.md, "JSON form", describes it:
///
///     {"format": "civica-dataset-json", "version": 1,
///      "info": {"name": "...", "title": "...", "synthetic": false},
///      "tables": {"municipalities": [{"id": "hm", "name": "Ханты-Мансийск"}],
///                 "applications": [{"id": "a-1", "competition": "c-1", "requested": "250000.00"}]}}
///
///     civica::dataset ds = civica::io::read_dataset_json("city.json");
///     civica::io::write_dataset_json(ds, "copy.json");

#include "civica/io/dataset_folder.hpp"
#include "civica/model/dataset.hpp"

#include <filesystem>

namespace civica::io {

/// Reads the JSON form of a dataset. Each row object is turned into the cells of the folder's
/// CSV row (a string as it is, a number in its shortest decimal form, a boolean as true/false,
/// null or an absent key as an empty cell) and checked by the same code as read_dataset_folder,
/// so every rule and message is shared. Of `options`, encoding, decimal_comma, lenient_money,
/// skip_bad_records and skipped apply (the separator and the manifest do not).
///
/// Throws civica::io_error when the file cannot be read or is larger than
/// input_limits::max_file_bytes; civica::parse_error naming the file and the JSON path for a
/// bad value (`city.json: tables.applications[16].awarded: "12,5" is not an amount (…)`), or
/// the line for malformed JSON. Nothing is half-loaded.
dataset read_dataset_json(const std::filesystem::path& file, const table_read_options& options = {});

/// Writes `ds` in the JSON form. Values are formatted as the folder writer formats them; whole
/// numbers (year, round, hours, …) are written as JSON numbers, flags as booleans, amounts as
/// strings ("250000.00", exact), empty cells are left out. The file is written to a temporary
/// sibling and renamed over `file`, so a failed write leaves an existing file as it was.
/// Throws civica::validation_error for a value the format cannot hold (text that is not UTF-8,
/// a list item containing `|`), civica::io_error when the file cannot be written.
void write_dataset_json(const dataset& ds, const std::filesystem::path& file);

}  // namespace civica::io
