#pragma once
/// \file
/// The datasets that ship with civica (`<data dir>/datasets/<name>/`) and loading a dataset by
/// name or by path.
///
///     auto names = civica::io::bundled_dataset_names();          // {"khanty-mansiysk-2020", …}
///     civica::dataset ds = civica::io::load_dataset("khanty-mansiysk-2020");
///     civica::dataset mine = civica::io::load_dataset("./my-city-2021");
///     civica::dataset grants = civica::io::load_dataset("grants.json");   // any format io::read reads

#include "civica/model/dataset.hpp"
#include "civica/text/files.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace civica::io {

/// Names of the bundled datasets: the sub-folders of `<data_dir>/datasets/` that hold a
/// manifest.json, sorted. Empty when there is no such folder.
std::vector<std::string> bundled_dataset_names(const std::filesystem::path& data_dir = text::default_data_dir());

/// Loads a dataset by bundled name (`"khanty-mansiysk-2020"`) or by any path io::read reads
/// (civica/io/io.hpp: a dataset folder in any CSV dialect, a 360Giving file, an SQLite store,
/// …; the format guessed from the contents). A bare name (no `/`) is looked up among the
/// bundled datasets first; write `./name` for a local path of the same name. Throws
/// civica::not_found_error listing the bundled names when `name_or_path` is neither;
/// otherwise what io::read throws.
dataset load_dataset(std::string_view name_or_path,
                     const std::filesystem::path& data_dir = text::default_data_dir());

}  // namespace civica::io
