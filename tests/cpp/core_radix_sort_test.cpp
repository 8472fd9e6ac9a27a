// civica::detail::radix_sort against std::sort, over keys whose varying bytes differ.
#include "civica/core/radix_sort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace {

std::vector<std::uint64_t> random_keys(std::size_t n, std::uint64_t mask, std::uint64_t base, std::uint64_t seed) {
    std::vector<std::uint64_t> v(n);
    for (auto& k : v) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        k = base | ((seed ^ (seed >> 29)) & mask);
    }
    return v;
}

void expect_sorted_like_std(std::vector<std::uint64_t> v, const char* what) {
    std::vector<std::uint64_t> truth = v, scratch;
    std::sort(truth.begin(), truth.end());
    civica::detail::radix_sort(v.data(), v.data() + v.size(), scratch);
    EXPECT_EQ(v, truth) << what << ", " << v.size() << " keys";
}

TEST(radix_sort, sorts_like_std_sort) {
    for (const std::size_t n : {0u, 1u, 2u, 255u, 256u, 257u, 1000u, 20'000u}) {
        expect_sorted_like_std(random_keys(n, ~std::uint64_t{0}, 0, n + 1), "all 64 bits");
        expect_sorted_like_std(random_keys(n, 0xFFFFFFFFFull, 0, n + 2), "kopecks up to 687 million roubles");
        // Varying bytes with constant ones between and above them, and many ties.
        expect_sorted_like_std(random_keys(n, 0xFF00FF0000FF00ull, 0x0100000000000001ull, n + 3), "gaps");
        expect_sorted_like_std(random_keys(n, 0x7, 0, n + 4), "ties");
        expect_sorted_like_std(random_keys(n, 0, 42, n + 5), "all equal");
    }
    std::vector<std::uint64_t> edge{std::numeric_limits<std::uint64_t>::max(), 0, 1, std::uint64_t{1} << 63};
    edge.resize(300, 7);
    expect_sorted_like_std(edge, "the extremes");
}

TEST(radix_sort, sorts_a_part_of_a_vector_and_reuses_its_scratch) {
    std::vector<std::uint64_t> v = random_keys(5'000, 0xFFFFFFFFull, 0, 9), scratch(10, 123);
    const std::vector<std::uint64_t> before = v;
    civica::detail::radix_sort(v.data() + 1'000, v.data() + 4'000, scratch);
    EXPECT_TRUE(std::is_sorted(v.begin() + 1'000, v.begin() + 4'000));
    EXPECT_TRUE(std::equal(v.begin(), v.begin() + 1'000, before.begin()));
    EXPECT_TRUE(std::equal(v.begin() + 4'000, v.end(), before.begin() + 4'000));
    std::vector<std::uint64_t> part(before.begin() + 1'000, before.begin() + 4'000);
    std::sort(part.begin(), part.end());
    EXPECT_TRUE(std::equal(part.begin(), part.end(), v.begin() + 1'000));
}

}  // namespace
