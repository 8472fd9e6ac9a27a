#pragma once
/// \file
/// Building blocks of columnar tables: a dictionary-encoded string column and an id index.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "civica/core/memory.hpp"

namespace civica {

/// Row number inside a table; -1 (`no_row`) means "no reference".
using row_index = std::int32_t;
inline constexpr row_index no_row = -1;

namespace detail {

/// MurmurHash3's 64-bit finaliser (fmix64): every input bit reaches every output bit. A fixed
/// function: the civica store's checksum (src/io/store.cpp) ends with it.
constexpr std::uint64_t fmix64(std::uint64_t h) noexcept {
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

/// 64-bit hash of a byte string for civica's own hash tables: eight bytes at a time, finished
/// with MurmurHash3's 64-bit finaliser (fmix64). Not stable across civica versions.
inline std::uint64_t hash_bytes(std::string_view s) noexcept {
    constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ull, k2 = 0xC2B2AE3D27D4EB4Full;
    const char* p = s.data();
    std::size_t n = s.size();
    std::uint64_t h = k1 ^ (n * k2);
    auto load8 = [](const char* q) {
        std::uint64_t w;
        std::memcpy(&w, q, 8);
        return w;
    };
    auto round = [&](std::uint64_t w) {
        h ^= w * k2;
        h = (h << 31 | h >> 33) * k1;
    };
    for (; n > 8; n -= 8, p += 8) round(load8(p));
    if (n == 8) {
        round(load8(p));
    } else if (n > 0) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        round(w ^ (static_cast<std::uint64_t>(n) << 59));
    }
    return fmix64(h);
}

/// Transparent hash so maps keyed by std::string can be searched with a string_view.
struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return static_cast<std::size_t>(hash_bytes(s)); }
};

}  // namespace detail

/// Strings one after another in one buffer, addressed by position: no allocation per string.
/// `pool[i]` is a view that stays valid until the pool grows or is truncated.
class string_pool {
public:
    string_pool() : offsets_(1, 0) {}
    // A pool moved from has no offsets at all, which stands for an empty pool, as {0} does: it
    // holds no string and takes new ones (so a moved-from table is empty, not 2^64 - 1 rows).

    std::size_t size() const noexcept { return offsets_.empty() ? 0 : offsets_.size() - 1; }
    bool empty() const noexcept { return size() == 0; }
    std::string_view operator[](std::size_t i) const noexcept {
        return {chars_.data() + offsets_[i], static_cast<std::size_t>(offsets_[i + 1] - offsets_[i])};
    }
    /// Bytes held by all strings together.
    std::size_t bytes() const noexcept { return chars_.size(); }
    /// Asks the processor to fetch where string `i` starts (a hint only).
    void prefetch(std::size_t i) const noexcept {
#if defined(__GNUC__)
        if (i < size()) __builtin_prefetch(&offsets_[i]);
#else
        (void)i;
#endif
    }
    /// The buffer of every string, one after another.
    const std::vector<char>& chars() const noexcept { return chars_; }
    /// Where each string starts in chars(), and one more entry: the end of the last.
    const std::vector<std::uint64_t>& offsets() const noexcept {
        static const std::vector<std::uint64_t> none(1, 0);
        return offsets_.empty() ? none : offsets_;
    }
    /// Takes the strings in the form chars() and offsets() give them (for readers of stored
    /// columns). Returns false, leaving the pool as it was, unless `offsets` starts at 0, never
    /// decreases and ends at chars.size().
    bool assign(std::vector<std::uint64_t> offsets, std::vector<char> chars) {
        if (offsets.empty() || offsets.front() != 0 || offsets.back() != chars.size()) return false;
        for (std::size_t i = 1; i < offsets.size(); ++i)
            if (offsets[i] < offsets[i - 1]) return false;
        offsets_ = std::move(offsets);
        chars_ = std::move(chars);
        return true;
    }

    void push_back(std::string_view s) {
        if (offsets_.empty()) offsets_.push_back(0);  // moved from
        chars_.insert(chars_.end(), s.begin(), s.end());
        offsets_.push_back(chars_.size());
    }
    /// Room for `n` more strings of `bytes` bytes in all.
    void reserve(std::size_t n, std::size_t bytes) {
        offsets_.reserve(offsets_.size() + n);
        chars_.reserve(chars_.size() + bytes);
    }
    /// Keeps the first `n` strings.
    void truncate(std::size_t n) {
        if (n >= size()) return;
        chars_.resize(offsets_[n]);
        offsets_.resize(n + 1);
    }
    void clear() {
        chars_.clear();
        offsets_.assign(1, 0);
    }

    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = std::string_view;
        const_iterator() = default;
        const_iterator(const string_pool* p, std::size_t i) : pool_(p), i_(i) {}
        std::string_view operator*() const { return (*pool_)[i_]; }
        std::string_view operator[](difference_type k) const { return (*pool_)[i_ + static_cast<std::size_t>(k)]; }
        const_iterator& operator++() { ++i_; return *this; }
        const_iterator operator++(int) { auto t = *this; ++i_; return t; }
        const_iterator& operator--() { --i_; return *this; }
        const_iterator operator--(int) { auto t = *this; --i_; return t; }
        const_iterator& operator+=(difference_type k) { i_ += static_cast<std::size_t>(k); return *this; }
        const_iterator& operator-=(difference_type k) { i_ -= static_cast<std::size_t>(k); return *this; }
        friend const_iterator operator+(const_iterator a, difference_type k) { return a += k; }
        friend const_iterator operator+(difference_type k, const_iterator a) { return a += k; }
        friend const_iterator operator-(const_iterator a, difference_type k) { return a -= k; }
        friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
            return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
        }
        friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }
        friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.i_ <=> b.i_; }

    private:
        const string_pool* pool_ = nullptr;
        std::size_t i_ = 0;
    };
    const_iterator begin() const noexcept { return {this, 0}; }
    const_iterator end() const noexcept { return {this, size()}; }

    friend bool operator==(const string_pool& a, const string_pool& b) {
        return a.size() == b.size() && a.chars_ == b.chars_ && (a.size() == 0 || a.offsets_ == b.offsets_);
    }

private:
    std::vector<char> chars_;
    std::vector<std::uint64_t> offsets_;  // size() + 1 entries; string i is [offsets_[i], offsets_[i+1])
};

namespace detail {

/// Positions of a string_pool's strings by value: open addressing with linear probing. A slot
/// holds the upper 32 bits of the string's hash beside its position + 1 (0 = empty), so growing
/// never rehashes a string and a probe compares bytes only when 32 bits of hash agree.
class pool_index {
public:
    pool_index() = default;
    pool_index(const pool_index&) = default;
    pool_index& operator=(const pool_index&) = default;
    /// The index moved from is empty, as a new one.
    pool_index(pool_index&& o) noexcept
        : slots_(std::move(o.slots_)), mask_(std::exchange(o.mask_, 0)), used_(std::exchange(o.used_, 0)) {
        o.slots_.clear();
    }
    pool_index& operator=(pool_index&& o) noexcept {
        if (this != &o) {
            slots_ = std::move(o.slots_);
            o.slots_.clear();
            mask_ = std::exchange(o.mask_, 0);
            used_ = std::exchange(o.used_, 0);
        }
        return *this;
    }
    /// Position of `s` in `pool` (a string_pool, or any container whose `pool[i]` compares with
    /// a string_view), or -1.
    template <class Pool>
    std::int64_t find(const Pool& pool, std::string_view s, std::uint64_t h) const noexcept {
        if (slots_.empty()) return -1;
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        for (std::size_t i = tag & mask_;; i = (i + 1) & mask_) {
            const std::uint64_t slot = slots_[i];
            if (slot == 0) return -1;
            if (static_cast<std::uint32_t>(slot >> 32) == tag) {
                const auto pos = static_cast<std::size_t>(static_cast<std::uint32_t>(slot) - 1);
                if (pool[pos] == s) return static_cast<std::int64_t>(pos);
            }
        }
    }
    void prefetch(std::uint64_t h) const noexcept {
#if defined(__GNUC__)
        if (!slots_.empty()) __builtin_prefetch(&slots_[static_cast<std::uint32_t>(h >> 32) & mask_]);
#else
        (void)h;
#endif
    }
    /// The second step after prefetch(h), once its slot has arrived: asks for where the string
    /// of the slot's position starts in `pool` (a string_pool), when the slot's hash bits are
    /// h's (a hint only, as prefetch).
    template <class Pool>
    void prefetch_entry(const Pool& pool, std::uint64_t h) const noexcept {
        if (slots_.empty()) return;
        const std::uint64_t slot = slots_[static_cast<std::uint32_t>(h >> 32) & mask_];
        if (slot != 0 && static_cast<std::uint32_t>(slot >> 32) == static_cast<std::uint32_t>(h >> 32))
            pool.prefetch(static_cast<std::size_t>(static_cast<std::uint32_t>(slot) - 1));
    }
    /// Records that pool position `pos` (not yet indexed) holds a string of hash `h`.
    void insert(std::size_t pos, std::uint64_t h) {
        if ((used_ + 1) * 10 > slots_.size() * 7) grow(slots_.empty() ? 16 : slots_.size() * 2);
        place((h >> 32) << 32 | (static_cast<std::uint64_t>(pos) + 1));
        ++used_;
    }
    /// Room for `n` strings without growing.
    void reserve(std::size_t n) {
        std::size_t want = 16;
        while (want * 7 < n * 10) want *= 2;
        if (want > slots_.size()) grow(want);
    }
    /// Forgets every position from `n` on.
    void truncate(std::size_t n) {
        std::vector<std::uint64_t> old;
        old.swap(slots_);
        slots_.assign(old.size(), 0);
        used_ = 0;
        for (auto slot : old)
            if (slot != 0 && static_cast<std::uint32_t>(slot) - 1 < n) {
                place(slot);
                ++used_;
            }
    }
    void clear() {
        slots_.clear();
        mask_ = 0;
        used_ = 0;
    }

private:
    void place(std::uint64_t slot) noexcept {
        std::size_t i = static_cast<std::uint32_t>(slot >> 32) & mask_;
        while (slots_[i] != 0) i = (i + 1) & mask_;
        slots_[i] = slot;
    }
    void grow(std::size_t n) {
        std::vector<std::uint64_t> old;
        old.swap(slots_);
        reserve_huge(slots_, n);  // an index of millions of ids: 2 MiB pages where the system has them
        slots_.assign(n, 0);
        mask_ = n - 1;
        for (auto slot : old)
            if (slot != 0) place(slot);
    }

    std::vector<std::uint64_t> slots_;
    std::size_t mask_ = 0;
    std::size_t used_ = 0;
};

/// Puts pool[first], pool[first + 1], … into `index` at their positions, hashing them all first
/// so that each probe's slot is fetched a few strings ahead (for readers of stored columns).
/// Returns the position of the first string already indexed, or -1.
template <class Pool>
std::int64_t index_each(const Pool& pool, std::size_t first, pool_index& index) {
    const std::size_t n = pool.size();
    index.reserve(n);
    std::vector<std::uint64_t> hashes(n);
    for (std::size_t i = first; i < n; ++i) hashes[i] = hash_bytes(pool[i]);
    constexpr std::size_t ahead = 16;
    for (std::size_t i = first; i < n; ++i) {
        if (i + ahead < n) index.prefetch(hashes[i + ahead]);
        if (index.find(pool, pool[i], hashes[i]) >= 0) return static_cast<std::int64_t>(i);
        index.insert(i, hashes[i]);
    }
    return -1;
}

}  // namespace detail

/// Strings stored once each: `codes()[i]` indexes `dictionary()`. Code 0 is always the empty
/// string, so a missing value costs nothing. Appending is amortised O(1); the dictionary is
/// one buffer (no allocation per string) with an open-addressing index beside it.
class string_column {
public:
    string_column() { clear(); }

    std::size_t size() const noexcept { return codes_.size(); }
    std::string_view operator[](std::size_t i) const { return dict_[static_cast<std::size_t>(codes_[i])]; }
    const std::vector<std::int32_t>& codes() const noexcept { return codes_; }
    const string_pool& dictionary() const noexcept { return dict_; }

    /// The code of `s`, adding it to the dictionary if new.
    std::int32_t intern(std::string_view s) {
        if (dict_.empty()) dict_.push_back(std::string_view());  // moved from: code 0 is "" again
        if (s.empty()) return 0;
        const std::uint64_t h = detail::hash_bytes(s);
        if (const auto at = index_.find(dict_, s, h); at >= 0) return static_cast<std::int32_t>(at);
        const auto code = static_cast<std::int32_t>(dict_.size());
        dict_.push_back(s);
        index_.insert(static_cast<std::size_t>(code), h);
        return code;
    }
    /// The code of `s`, or -1 if it never occurs.
    std::int32_t find(std::string_view s) const {
        if (s.empty()) return 0;
        return static_cast<std::int32_t>(index_.find(dict_, s, detail::hash_bytes(s)));
    }
    void push_back(std::string_view s) { codes_.push_back(intern(s)); }
    void push_code(std::int32_t code) { codes_.push_back(code); }
    void reserve(std::size_t n) { codes_.reserve(n); }
    void truncate(std::size_t n) { codes_.resize(n); }
    /// Takes a column in the form codes() and dictionary() give it (for readers of stored
    /// columns). Returns why not (and leaves the column as it was) unless the dictionary starts
    /// with the empty string, holds no string twice and every code indexes it; else empty.
    std::string assign(std::vector<std::int32_t> codes, string_pool dictionary) {
        if (dictionary.empty() || !dictionary[0].empty()) return "the dictionary does not start with \"\"";
        const std::size_t n = dictionary.size();
        // Entry 0 ("") is indexed too, so another "" is found as a repeat of it; intern and
        // find answer "" before they look in the index.
        detail::pool_index index;
        if (const std::int64_t twice = detail::index_each(dictionary, 0, index); twice >= 0)
            return "the dictionary holds \"" + std::string(dictionary[static_cast<std::size_t>(twice)]) + "\" twice";
        const auto entries = static_cast<std::int64_t>(n);
        for (const auto k : codes)
            if (k < 0 || k >= entries)
                return "code " + std::to_string(k) + " is outside the dictionary's " + std::to_string(entries) +
                       " entries";
        codes_ = std::move(codes);
        dict_ = std::move(dictionary);
        index_ = std::move(index);
        return {};
    }
    void clear() {
        codes_.clear();
        dict_.clear();
        dict_.push_back(std::string_view());
        index_.clear();
    }

    friend bool operator==(const string_column& a, const string_column& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i]) return false;
        return true;
    }

private:
    std::vector<std::int32_t> codes_;
    string_pool dict_;           // code 0 is "" and is never indexed
    detail::pool_index index_;
};

/// Unique keys of a table's rows and their row numbers.
class id_index {
public:
    std::size_t size() const noexcept { return keys_.size(); }
    std::string_view operator[](std::size_t i) const { return keys_[i]; }
    const string_pool& keys() const noexcept { return keys_; }
    /// Row of `key`, or no_row.
    row_index find(std::string_view key) const { return find(key, detail::hash_bytes(key)); }
    /// The same, with `h` = detail::hash_bytes(key) computed by the caller.
    row_index find(std::string_view key, std::uint64_t h) const {
        return static_cast<row_index>(rows_.find(keys_, key, h));
    }
    bool contains(std::string_view key) const { return find(key) != no_row; }
    /// Appends `key`; returns false (and changes nothing) if it is already present.
    bool insert(std::string_view key) { return insert(key, detail::hash_bytes(key)); }
    /// The same, with `h` = detail::hash_bytes(key) computed by the caller.
    bool insert(std::string_view key, std::uint64_t h) {
        if (rows_.find(keys_, key, h) >= 0) return false;
        rows_.insert(keys_.size(), h);
        keys_.push_back(key);
        return true;
    }
    void reserve(std::size_t n) {
        keys_.reserve(n, 0);
        rows_.reserve(keys_.size() + n);
    }
    /// Asks the processor to fetch the slot a key of hash `h` starts probing at (for bulk
    /// inserts and lookups with hashes known ahead; a hint only).
    void prefetch(std::uint64_t h) const noexcept { rows_.prefetch(h); }
    /// The second step after prefetch(h), when its slot has had time to arrive: asks for where
    /// the key of that slot starts (a hint only).
    void prefetch_entry(std::uint64_t h) const noexcept { rows_.prefetch_entry(keys_, h); }
    /// Takes `keys` as the whole index, in order (for readers of stored columns). Returns the
    /// position of the first key seen before (leaving the index and `keys` as they were), or -1.
    std::int64_t assign(string_pool&& keys) {
        detail::pool_index rows;
        if (const std::int64_t twice = detail::index_each(keys, 0, rows); twice >= 0) return twice;
        keys_ = std::move(keys);
        rows_ = std::move(rows);
        return -1;
    }
    /// Drops the rows from n on (used to undo a failed bulk insert).
    void truncate(std::size_t n) {
        if (n >= keys_.size()) return;
        keys_.truncate(n);
        rows_.truncate(n);
    }
    friend bool operator==(const id_index& a, const id_index& b) { return a.keys_ == b.keys_; }

private:
    string_pool keys_;
    detail::pool_index rows_;
};

}  // namespace civica
