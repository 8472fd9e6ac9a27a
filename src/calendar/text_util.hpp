#pragma once
// Small text helpers shared by the calendar readers (private to src/calendar).

#include "civica/error.hpp"
#include "civica/text/files.hpp"
#include "civica/text/plural.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace civica::calendar::detail {

using civica::text::read_text_file;

/// 1-based line of byte offset `pos` in `text`.
inline std::size_t line_of(std::string_view text, std::size_t pos) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < pos && i < text.size(); ++i)
        if (text[i] == '\n') ++line;
    return line;
}

/// "1 day", "3 days": `n` and the English form of a noun that agrees with it (the plural rule
/// is civica/text/plural.hpp's, as in the report).
inline std::string english_count(long long n, std::string_view one, std::string_view other) {
    const bool single = civica::text::english_plural(n) == civica::text::plural_category::one;
    return std::to_string(n) + " " + std::string(single ? one : other);
}

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace civica::calendar::detail
