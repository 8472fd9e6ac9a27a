// Scratch folders and whole-file reads and writes for the tests of readers and writers.
#pragma once

#include "civica/text/csv.hpp"
#include "scratch_folder.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace civica_test {

/// This test program's folder in GoogleTest's temporary directory, named with its process id so
/// that two runs at once (two checkouts, two builds) never write in or clean up each other's,
/// and removed when the program ends.
inline const std::filesystem::path& scratch_root() {
    static const scratch_folder root(std::filesystem::path(::testing::TempDir()) /
                                     ("civica-tests-" + std::to_string(::getpid())));
    return root.path();
}

/// An empty folder `name` in this program's scratch_root (emptied if it exists).
inline std::filesystem::path scratch_dir(const std::string& name) {
    const std::filesystem::path p = scratch_root() / name;
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

/// The path `name` in this program's scratch_root, for a file (the folder is not emptied).
inline std::filesystem::path scratch_file(const std::string& name) { return scratch_root() / name; }

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

/// The records of the delimited `text` (fields separated by `from`) again, with `to` between
/// fields, every field quoted and lines ending in `eol`: a file as a spreadsheet may save it.
inline std::string resaved_with(const std::string& text, char from, char to, const std::string& eol = "\n") {
    civica::text::csv_options o;
    o.separator = from;
    civica::text::csv_reader in(std::string_view(text), "resaved", o);
    civica::text::csv_record rec;
    std::string out;
    while (in.next(rec)) {
        for (std::size_t i = 0; i < rec.size(); ++i) {
            out += i ? std::string(1, to) + "\"" : std::string("\"");
            for (const char ch : rec[i]) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            out += '"';
        }
        out += eol;
    }
    return out;
}

}  // namespace civica_test
