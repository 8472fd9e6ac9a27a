#include "civica/io/bundled.hpp"

#include "civica/error.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/io/io.hpp"

#include <algorithm>

namespace civica::io {

namespace fs = std::filesystem;

std::vector<std::string> bundled_dataset_names(const fs::path& data_dir) {
    std::vector<std::string> names;
    if (data_dir.empty()) return names;
    std::error_code ec;
    const fs::path root = data_dir / "datasets";
    if (!fs::is_directory(root, ec)) return names;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        std::error_code ec2;
        if (entry.is_directory(ec2) && fs::exists(entry.path() / "manifest.json", ec2))
            names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

dataset load_dataset(std::string_view name_or_path, const fs::path& data_dir) {
    const std::string arg(name_or_path);
    if (arg.empty()) throw not_found_error("load_dataset: no dataset name or path given");
    const bool looks_like_path = arg.find('/') != std::string::npos ||
                                 arg.find('\\') != std::string::npos || arg.front() == '.';
    if (!looks_like_path) {
        const auto names = bundled_dataset_names(data_dir);
        if (std::find(names.begin(), names.end(), arg) != names.end())
            return read_dataset_folder(data_dir / "datasets" / arg);
    }
    std::error_code ec;
    if (fs::exists(arg, ec)) return std::move(read(arg).data);

    std::string msg = "no dataset \"" + arg + "\": ";
    if (looks_like_path) {
        msg += "there is nothing at that path";
    } else {
        const auto names = bundled_dataset_names(data_dir);
        if (names.empty()) {
            msg += "it is not a path, and there are no bundled datasets";
            msg += data_dir.empty() ? std::string(" (no data folder is known: set CIVICA_DATA_DIR)")
                                    : " in \"" + (data_dir / "datasets").string() +
                                          "\" (an installed civica moved elsewhere: set CIVICA_DATA_DIR to its "
                                          "share/civica/data folder)";
        } else {
            msg += "it is not a path nor a bundled dataset; the bundled datasets are: ";
            for (std::size_t i = 0; i < names.size(); ++i) {
                if (i) msg += ", ";
                msg += names[i];
            }
        }
    }
    throw not_found_error(msg);
}

}  // namespace civica::io
