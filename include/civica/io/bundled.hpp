#pragma once
/// \file
/// The datasets that ship with civica (`<data dir>/datasets/<name>/`) and loading a dataset by
/// name or by path.
///
///     auto names = civica::io::bundled_dataset_names();          // {"khanty-mansiysk-2020", …}
///     civica::dataset ds = civica::io::load_dataset("khanty-mansiysk-2020");
///     civica::dataset mine = civica::io::load_dataset("./my-city-2021");

#include "civica/model/dataset.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace civica::io {

/// The folder of civica's bundled data: the environment variable `CIVICA_DATA_DIR` when it is
/// set and not empty, else the `CIVICA_DATA_DIR` macro the build defines for code using the
/// library (the source tree's data/ folder, or `<prefix>/share/civica/data` when installed);
/// empty when neither exists.
inline std::filesystem::path default_data_dir() {
    if (const char* env = std::getenv("CIVICA_DATA_DIR"); env != nullptr && *env != '\0')
        return std::filesystem::path(env);
#ifdef CIVICA_DATA_DIR
    return std::filesystem::path(CIVICA_DATA_DIR);
#else
    return {};
#endif
}

/// Names of the bundled datasets: the sub-folders of `<data_dir>/datasets/` that hold a
/// manifest.json, sorted. Empty when there is no such folder.
std::vector<std::string> bundled_dataset_names(const std::filesystem::path& data_dir = default_data_dir());

/// Loads a dataset by bundled name (`"khanty-mansiysk-2020"`) or by the path of a dataset
/// folder. A bare name (no `/`) is looked up among the bundled datasets first; write
/// `./name` for a local folder of the same name. Throws civica::not_found_error listing the
/// bundled names when `name_or_path` is neither; otherwise what read_dataset_folder throws.
dataset load_dataset(std::string_view name_or_path,
                     const std::filesystem::path& data_dir = default_data_dir());

}  // namespace civica::io
