// The umbrella header includes every public header: a program that includes only
// <civica/civica.hpp>, as README.md shows, reaches the whole API.
#include "civica/civica.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

const fs::path include_dir = fs::path(CIVICA_TEST_DATA_DIR) / ".." / ".." / "include";

// The headers of civica's own helpers (namespace civica::detail), which civica.hpp leaves out.
bool internal(const std::string& header) {
    return header.find("/detail/") != std::string::npos || header == "civica/core/memory.hpp" ||
           header == "civica/core/parallel.hpp" || header == "civica/core/radix_sort.hpp";
}

}  // namespace

TEST(public_headers, the_umbrella_header_includes_every_one) {
    std::ifstream in(include_dir / "civica" / "civica.hpp");
    ASSERT_TRUE(in) << include_dir;
    std::set<std::string> included;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("#include \"", 0) == 0) included.insert(line.substr(10, line.size() - 11));
    std::size_t headers = 0;
    for (const auto& e : fs::recursive_directory_iterator(include_dir / "civica")) {
        if (e.path().extension() != ".hpp") continue;
        const std::string header = fs::relative(e.path(), include_dir).generic_string();
        if (header == "civica/civica.hpp" || internal(header)) continue;
        ++headers;
        EXPECT_TRUE(included.count(header)) << header << " is not included by civica/civica.hpp";
    }
    EXPECT_GT(headers, 50u);
}

TEST(public_headers, the_umbrella_header_reaches_the_csv_tokenizer_and_the_schema) {
    const std::string text = "a;b\n";
    std::string fields;
    civica::text::csv_split(text.data(), text.data() + text.size(), ';', true, 16,
                            [&](std::size_t, std::string_view v, bool) { fields += std::string(v) + "|"; });
    EXPECT_EQ(fields, "a|b|");
    EXPECT_FALSE(civica::schema::tables().empty());
    EXPECT_EQ(civica::text::default_data_dir(), civica::text::default_data_dir());
}
