// civica::detail::advise_huge_pages / reserve_huge: huge pages are asked for large buffers only,
// the kernel's answer is what /sys/kernel/mm/transparent_hugepage says, and a buffer's content
// never depends on them.
#include "civica/core/memory.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace {

using civica::detail::advise_huge_pages;
using civica::detail::huge_page_threshold;
using civica::detail::reserve_huge;

// The system's transparent huge page setting ("always [madvise] never": the bracketed word),
// or "" where there is none.
std::string thp_setting() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    if (!std::getline(in, line)) return {};
    const auto open = line.find('['), close = line.find(']');
    if (open == std::string::npos || close == std::string::npos || close < open) return {};
    return line.substr(open + 1, close - open - 1);
}

TEST(huge_pages, small_or_missing_buffers_are_not_advised) {
    std::vector<char> small(huge_page_threshold - 1);
    EXPECT_FALSE(advise_huge_pages(small.data(), small.size()));
    EXPECT_FALSE(advise_huge_pages(nullptr, huge_page_threshold * 4));
}

TEST(huge_pages, a_large_buffer_is_advised_where_the_system_has_huge_pages) {
    std::vector<std::uint64_t> v;
    reserve_huge(v, (huge_page_threshold * 4) / sizeof(std::uint64_t));
    const bool advised = advise_huge_pages(v.data(), v.capacity() * sizeof(std::uint64_t));
#if defined(__linux__)
    const std::string setting = thp_setting();
    if (setting == "always" || setting == "madvise") {
        EXPECT_TRUE(advised) << "setting: " << setting;
    }
#else
    EXPECT_FALSE(advised);
#endif
}

TEST(huge_pages, a_reserved_buffer_holds_what_is_written_to_it) {
    const std::size_t n = (huge_page_threshold * 3) / sizeof(std::uint32_t) + 12345;
    std::vector<std::uint32_t> v;
    reserve_huge(v, n);
    EXPECT_GE(v.capacity(), n);
    EXPECT_TRUE(v.empty());
    for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<std::uint32_t>(i * 2654435761u));
    std::vector<std::uint32_t> plain(n);
    for (std::size_t i = 0; i < n; ++i) plain[i] = static_cast<std::uint32_t>(i * 2654435761u);
    EXPECT_EQ(v, plain);
}

}  // namespace
