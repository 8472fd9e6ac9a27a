// Scratch folders and whole-file reads and writes for the tests of readers and writers.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace civica_test {

/// An empty folder `name` in GoogleTest's temporary directory (emptied if it exists).
inline std::filesystem::path scratch_dir(const std::string& name) {
    const std::filesystem::path p = std::filesystem::path(::testing::TempDir()) / name;
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

/// Writes `text` to `p` as it is (binary: no line-end translation).
inline void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

/// The whole of `p`, byte for byte.
inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace civica_test
