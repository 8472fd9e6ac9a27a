#pragma once
/// \file
/// Sorting of unsigned 64-bit keys (amounts in kopecks, for instance) in time linear in their
/// number, for the analyses whose inputs grow with the data.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace civica::detail {

/// Sorts [first, last) ascending: by bytes, least significant first, skipping the bytes that
/// all the keys share (amounts in kopecks vary in their lowest four or five), so a pass is made
/// only for a byte that varies. Ranges under 256 keys go to std::sort. `scratch` is grown to
/// the range's size and may be reused between calls.
inline void radix_sort(std::uint64_t* first, std::uint64_t* last, std::vector<std::uint64_t>& scratch) {
    const auto n = static_cast<std::size_t>(last - first);
    if (n < 256) {
        std::sort(first, last);
        return;
    }
    std::array<std::array<std::size_t, 256>, 8> count{};
    for (const auto* k = first; k != last; ++k)
        for (std::size_t d = 0; d < 8; ++d) ++count[d][(*k >> (8 * d)) & 0xFF];
    scratch.resize(n);
    std::uint64_t* from = first;
    std::uint64_t* to = scratch.data();
    for (std::size_t d = 0; d < 8; ++d) {
        auto& c = count[d];
        if (c[(*first >> (8 * d)) & 0xFF] == n) continue;  // every key has this byte
        std::size_t sum = 0;
        for (auto& x : c) sum += std::exchange(x, sum);  // counts to starting positions
        for (std::size_t i = 0; i < n; ++i) to[c[(from[i] >> (8 * d)) & 0xFF]++] = from[i];
        std::swap(from, to);
    }
    if (from != first) std::copy(from, from + n, first);
}

}  // namespace civica::detail
