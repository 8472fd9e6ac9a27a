#pragma once
/// \file
/// The native dataset folder format: a manifest.json and one CSV file per table
/// (docs/dataset-format.md describes it completely).
///
///     civica::dataset ds = civica::io::read_dataset_folder("data/datasets/khanty-mansiysk-2020");
///     civica::io::write_dataset_folder(ds, "/tmp/copy");

#include "civica/model/dataset.hpp"

#include <filesystem>
#include <string_view>
#include <vector>

namespace civica::io {

/// The newest version of the folder format this build reads and writes.
inline constexpr int dataset_format_version = 1;

/// The table files of the format in the order they are loaded (references point at rows of
/// earlier tables): "municipalities.csv", "organizations.csv", … "indicators.csv".
const std::vector<std::string_view>& dataset_table_files();

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

}  // namespace civica::io
