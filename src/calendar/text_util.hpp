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

/// One CSV record (RFC 4180: fields in double quotes may hold commas, quotes doubled and line
/// breaks). `pos` is advanced past the record; `line` counts the physical lines consumed.
/// Throws civica::parse_error (without file) for an unterminated quote.
inline std::vector<std::string> next_csv_record(std::string_view text, std::size_t& pos,
                                                std::size_t& line) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    bool field_started_quoted = false;
    while (pos < text.size()) {
        const char c = text[pos];
        if (quoted) {
            if (c == '"') {
                if (pos + 1 < text.size() && text[pos + 1] == '"') {
                    field += '"';
                    pos += 2;
                    continue;
                }
                quoted = false;
                ++pos;
                continue;
            }
            if (c == '\n') ++line;
            field += c;
            ++pos;
            continue;
        }
        if (c == '"' && field.empty() && !field_started_quoted) {
            quoted = true;
            field_started_quoted = true;
            ++pos;
            continue;
        }
        if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
            field_started_quoted = false;
            ++pos;
            continue;
        }
        if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') {
            ++pos;
            continue;
        }
        if (c == '\n') {
            ++pos;
            ++line;
            fields.push_back(std::move(field));
            return fields;
        }
        field += c;
        ++pos;
    }
    if (quoted) throw parse_error("a quoted field is not closed before the end of the file");
    fields.push_back(std::move(field));
    return fields;
}

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace civica::calendar::detail
