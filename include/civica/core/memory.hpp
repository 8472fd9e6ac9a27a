#pragma once
/// \file
/// Large buffers filled in one go (a column read from a file, an index of millions of ids).
///
/// Design notes: a buffer of hundreds of megabytes in the system's 4 KiB pages costs one page
/// fault per page when it is first written, and those faults, not the copying, are most of
/// reopening a large store. Linux can back such a buffer with 2 MiB pages, one fault for 512
/// small ones, when the program asks for it (the kernel's setting on most distributions is
/// "madvise": huge pages only where asked). civica asks for them only for buffers of at least
/// 4 MiB, reserved and then filled at once; elsewhere (other systems, small buffers) nothing
/// is asked and nothing changes. What a buffer holds never depends on it.

#include <cstddef>
#include <vector>

namespace civica::detail {

/// The size from which a buffer is worth huge pages: two of them.
inline constexpr std::size_t huge_page_threshold = std::size_t{4} << 20;

/// Asks the system to back the whole 2 MiB pages inside [p, p + bytes) with huge pages (a hint:
/// returns whether it was asked and accepted; false for a buffer under huge_page_threshold, on
/// systems without the request, or when the kernel refuses it).
bool advise_huge_pages(const void* p, std::size_t bytes) noexcept;

/// The machine's physical memory in bytes, or 0 where the system does not say.
std::size_t physical_memory_bytes() noexcept;

/// Makes room for `n` elements in the empty vector `v` and asks for huge pages for that room
/// (advise_huge_pages) before any of it is written.
template <class T>
void reserve_huge(std::vector<T>& v, std::size_t n) {
    v.reserve(n);
    advise_huge_pages(v.data(), n * sizeof(T));
}

}  // namespace civica::detail
