#pragma once
// Small text helpers shared by the calendar readers (private to src/calendar).

#include "civica/error.hpp"
#include "civica/text/files.hpp"

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

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace civica::calendar::detail
