// Shared by the fuzz targets: a scratch folder per process (removed when it ends) and the rule
// that a reader may only fail with a civica::error. Any other exception escaping a reader is a
// bug (an unchecked std::stoi, a nlohmann::json type error, an out-of-range index), so it aborts
// the run and libFuzzer saves the input.
#pragma once

#include "civica/error.hpp"
#include "civica/model/dataset.hpp"
#include "../tests/cpp/scratch_folder.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>

namespace civica_fuzz {

inline const std::filesystem::path& scratch_dir() {
    static const civica_test::scratch_folder dir(std::filesystem::temp_directory_path() /
                                                 ("civica-fuzz-" + std::to_string(::getpid())));
    return dir.path();
}

inline void write_file(const std::filesystem::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Runs `f`; civica errors are the expected way to refuse input, anything else aborts.
template <class F>
void expect_only_civica_errors(F&& f) {
    try {
        f();
    } catch (const civica::error&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "a reader let a non-civica exception escape: %s\n", e.what());
        std::abort();
    }
}

/// Reads `strict()` and `skipping(listed)` (skip mode; `listed` receives how many records it
/// left out). When the strict read succeeds, skip mode must give the same dataset and leave
/// nothing out; either may refuse the input with a civica error.
template <class Strict, class Skipping>
void expect_skip_mode_agrees(Strict&& strict, Skipping&& skipping) {
    std::optional<civica::dataset> exact;
    expect_only_civica_errors([&] { exact = strict(); });
    expect_only_civica_errors([&] {
        std::size_t listed = 0;
        const civica::dataset kept = skipping(listed);
        if (exact && (!(kept == *exact) || listed != 0)) {
            std::fprintf(stderr, "skip mode differs from a strict read that succeeded\n");
            std::abort();
        }
    });
}

}  // namespace civica_fuzz
