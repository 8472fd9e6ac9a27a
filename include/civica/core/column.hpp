#pragma once
/// \file
/// Building blocks of columnar tables: a dictionary-encoded string column and an id index.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace civica {

/// Row number inside a table; -1 (`no_row`) means "no reference".
using row_index = std::int32_t;
inline constexpr row_index no_row = -1;

namespace detail {
/// Transparent hash so maps keyed by std::string can be searched with a string_view.
struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
}  // namespace detail

/// Strings stored once each: `codes()[i]` indexes `dictionary()`. Code 0 is always the empty
/// string, so a missing value costs nothing. Appending is amortised O(1).
class string_column {
public:
    string_column() { clear(); }

    std::size_t size() const noexcept { return codes_.size(); }
    const std::string& operator[](std::size_t i) const { return dict_[codes_[i]]; }
    const std::vector<std::int32_t>& codes() const noexcept { return codes_; }
    const std::vector<std::string>& dictionary() const noexcept { return dict_; }

    /// The code of `s`, adding it to the dictionary if new.
    std::int32_t intern(std::string_view s) {
        auto it = index_.find(s);
        if (it != index_.end()) return it->second;
        const auto code = static_cast<std::int32_t>(dict_.size());
        dict_.emplace_back(s);
        index_.emplace(dict_.back(), code);
        return code;
    }
    /// The code of `s`, or -1 if it never occurs.
    std::int32_t find(std::string_view s) const {
        auto it = index_.find(s);
        return it == index_.end() ? -1 : it->second;
    }
    void push_back(std::string_view s) { codes_.push_back(intern(s)); }
    void push_code(std::int32_t code) { codes_.push_back(code); }
    void reserve(std::size_t n) { codes_.reserve(n); }
    void truncate(std::size_t n) { codes_.resize(n); }
    void clear() {
        codes_.clear();
        dict_.assign(1, std::string());
        index_.clear();
        index_.emplace(std::string(), 0);
    }

    friend bool operator==(const string_column& a, const string_column& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i]) return false;
        return true;
    }

private:
    std::vector<std::int32_t> codes_;
    std::vector<std::string> dict_;
    std::unordered_map<std::string, std::int32_t, detail::string_hash, std::equal_to<>> index_;
};

/// Unique keys of a table's rows and their row numbers.
class id_index {
public:
    std::size_t size() const noexcept { return keys_.size(); }
    const std::string& operator[](std::size_t i) const { return keys_[i]; }
    const std::vector<std::string>& keys() const noexcept { return keys_; }
    /// Row of `key`, or no_row.
    row_index find(std::string_view key) const {
        auto it = rows_.find(key);
        return it == rows_.end() ? no_row : it->second;
    }
    bool contains(std::string_view key) const { return rows_.find(key) != rows_.end(); }
    /// Appends `key`; returns false (and changes nothing) if it is already present.
    bool insert(std::string_view key) {
        auto [it, fresh] = rows_.try_emplace(std::string(key), static_cast<row_index>(keys_.size()));
        if (!fresh) return false;
        keys_.emplace_back(key);
        return true;
    }
    void reserve(std::size_t n) {
        keys_.reserve(n);
        rows_.reserve(n);
    }
    /// Drops the rows from n on (used to undo a failed bulk insert).
    void truncate(std::size_t n) {
        while (keys_.size() > n) {
            rows_.erase(keys_.back());
            keys_.pop_back();
        }
    }
    friend bool operator==(const id_index& a, const id_index& b) { return a.keys_ == b.keys_; }

private:
    std::vector<std::string> keys_;
    std::unordered_map<std::string, row_index, detail::string_hash, std::equal_to<>> rows_;
};

}  // namespace civica
