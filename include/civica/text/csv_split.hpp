#pragma once
/// \file
/// The one CSV tokenizer of civica: splits one record of delimited text held in memory into
/// fields. `civica::text::csv_reader` (dataset folders, 360Giving flat CSV, the calendar's
/// data) and the ФПГ registry reader, which parses memory-mapped chunks on several threads,
/// both split records with `csv_split`, so a file means the same to every reader.
///
/// The rules are RFC 4180's: a field in double quotes may hold the separator, line breaks and
/// quotes written twice (`""`); a quote inside an unquoted field is kept as written; a record
/// ends at `\n` or `\r\n`. It refuses what would silently corrupt data: a quote never closed,
/// text between a closing quote and the next separator, a carriage return not followed by a
/// line feed, and more fields than the caller allows (so a line of a million separators never
/// becomes a million fields).
///
///     std::vector<std::string_view> fields;
///     auto r = civica::text::csv_split(p, end, ';', true, 4096,
///         [&](std::size_t i, std::string_view v, bool doubled) {
///             fields.resize(i);             // a field index may be given again after a restart
///             fields.push_back(v);          // doubled: v still holds "" pairs (csv_unescape)
///         });
///
/// Design notes: most records hold no quote at all. For them a block loop compares sixteen
/// bytes at a time against the separator, the line feed, the carriage return and the quote
/// (SSE2), and walks the bits of the match mask; field boundaries are handed out as they are
/// found. At the first quote (or near the end of the input) it starts the record again on the
/// general path, which is why a field index may be reported twice: the consumer keeps, for
/// each index, the last value it was given.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace civica::text {

/// What makes a record unreadable.
enum class csv_fault : std::uint8_t {
    none,
    unclosed_quote,        ///< a quoted field is not closed before the end of the input
    text_after_quote,      ///< a byte other than a separator or line end follows a closing quote
    lone_carriage_return,  ///< a carriage return not followed by a line feed
    too_many_fields,       ///< more fields than the caller allows
};
/// A sentence saying what is wrong, for error messages ("the quoted field opened here is not
/// closed before the end of the file (…)").
std::string_view describe(csv_fault f);

/// What csv_split found.
struct csv_split_result {
    const char* next = nullptr;    ///< the first byte after the record and its line end
    std::size_t fields = 0;        ///< fields of the record (a blank line has one empty field)
    std::size_t line_breaks = 0;   ///< line feeds inside quoted fields (the record spans line_breaks + 1 lines)
    bool complete = true;          ///< false: the input ended inside the record and more may follow
    bool blank = false;            ///< the record is an empty line
    bool line_end = false;         ///< the record ended with a line feed (not at the end of the input)
    csv_fault fault = csv_fault::none;
    const char* fault_at = nullptr;  ///< the opening quote, the byte after the closing quote, the carriage return or the first extra field
};

namespace detail {

// The first byte in [p, end) that is `sep`, '\n' or '\r', or end: eight bytes at a time (a zero
// byte of w ^ c marks c; the lowest marked byte is exact, as borrows only run upwards).
inline const char* csv_find_break(const char* p, const char* end, char sep) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const std::uint64_t ms = ones * static_cast<unsigned char>(sep);
    while (end - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        const std::uint64_t a = w ^ ms, b = w ^ (ones * '\n'), c = w ^ (ones * '\r');
        const std::uint64_t m = ((a - ones) & ~a & highs) | ((b - ones) & ~b & highs) | ((c - ones) & ~c & highs);
        if (m) return p + (__builtin_ctzll(m) >> 3);
        p += 8;
    }
    while (p < end && *p != sep && *p != '\n' && *p != '\r') ++p;
    return p;
}

}  // namespace detail

/// Splits the record that starts at `p` (the start of a line) in [p, end). For each field in
/// order calls `on_field(index, content, doubled)`: `content` is a view into the input without
/// the surrounding quotes, and `doubled` says it still holds `""` pairs to be read as one
/// quote (csv_unescape). An index may be given again (see the design notes): keep the last.
///
/// `at_end` says that the input ends at `end`; otherwise a record reaching `end` before its
/// line end comes back with `complete` false (read more and call again from `p`). Faults come
/// back in the result, with where they are; nothing is thrown. At most `max_fields` fields are
/// given out: a record with more is the fault too_many_fields.
template <class OnField>
csv_split_result csv_split(const char* p, const char* end, char sep, bool at_end, std::size_t max_fields,
                           OnField&& on_field) {
    csv_split_result r;
    auto incomplete = [&] {
        r.complete = false;
        return r;
    };
    auto fault = [&](csv_fault f, const char* at) {
        r.fault = f;
        r.fault_at = at;
        return r;
    };
    // A blank line: one empty field.
    if (p < end && (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'))) {
        r.blank = r.line_end = true;
        r.fields = 1;
        r.next = p + (*p == '\n' ? 1 : 2);
        on_field(std::size_t{0}, std::string_view(), false);
        return r;
    }
#if defined(__SSE2__)
    // The record without a quote, sixteen bytes at a time.
    if (max_fields > 0) {
        const char* start = p;
        std::size_t n = 0;
        const __m128i vs = _mm_set1_epi8(sep), vlf = _mm_set1_epi8('\n'), vcr = _mm_set1_epi8('\r'),
                      vq = _mm_set1_epi8('"');
        for (const char* q = p; end - q >= 16; q += 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
            auto m = static_cast<unsigned>(_mm_movemask_epi8(
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vs), _mm_cmpeq_epi8(v, vlf)),
                             _mm_or_si128(_mm_cmpeq_epi8(v, vcr), _mm_cmpeq_epi8(v, vq)))));
            while (m) {
                const char* at = q + __builtin_ctz(m);
                m &= m - 1;
                const char c = *at;
                if (c == '"') goto general;
                if (c == '\r' && !(at + 1 < end && at[1] == '\n')) goto general;
                if (n == max_fields) goto general;
                on_field(n, std::string_view(start, static_cast<std::size_t>(at - start)), false);
                ++n;
                if (c == sep) {
                    start = at + 1;
                    continue;
                }
                r.fields = n;
                r.line_end = true;
                r.next = at + (c == '\r' ? 2 : 1);
                return r;
            }
        }
    }
general:
#endif
    std::size_t n = 0;
    for (;;) {
        if (n == max_fields) return fault(csv_fault::too_many_fields, p);
        if (p < end && *p == '"') {
            const char* open = p;
            const char* q = p + 1;
            bool doubled = false;
            for (;;) {
                q = static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(end - q)));
                if (!q) return at_end ? fault(csv_fault::unclosed_quote, open) : incomplete();
                if (q + 1 < end && q[1] == '"') {
                    doubled = true;
                    q += 2;
                    continue;
                }
                if (q + 1 == end && !at_end) return incomplete();  // a "" may be cut in two
                break;
            }
            const std::string_view v(open + 1, static_cast<std::size_t>(q - open - 1));
            r.line_breaks += static_cast<std::size_t>(std::count(v.begin(), v.end(), '\n'));
            on_field(n, v, doubled);
            ++n;
            p = q + 1;
            if (p == end) {
                if (!at_end) return incomplete();
                break;
            }
            if (*p == sep) {
                ++p;
                continue;
            }
            if (*p == '\n') {
                r.line_end = true;
                ++p;
                break;
            }
            if (*p == '\r') {
                if (p + 1 < end && p[1] == '\n') {
                    r.line_end = true;
                    p += 2;
                    break;
                }
                if (p + 1 == end && !at_end) return incomplete();
                return fault(csv_fault::lone_carriage_return, p);
            }
            return fault(csv_fault::text_after_quote, p);
        }
        const char* q = detail::csv_find_break(p, end, sep);
        if (q == end) {
            if (!at_end) return incomplete();
            on_field(n, std::string_view(p, static_cast<std::size_t>(q - p)), false);
            ++n;
            p = q;
            break;
        }
        if (*q == '\r') {
            if (q + 1 == end && !at_end) return incomplete();
            if (q + 1 == end || q[1] != '\n') return fault(csv_fault::lone_carriage_return, q);
        }
        on_field(n, std::string_view(p, static_cast<std::size_t>(q - p)), false);
        ++n;
        if (*q == sep) {
            p = q + 1;
            continue;
        }
        r.line_end = true;
        p = q + (*q == '\r' ? 2 : 1);
        break;
    }
    r.fields = n;
    r.next = p;
    return r;
}

/// Appends the content of a quoted field with its `""` pairs read as one quote.
inline void csv_unescape(std::string_view content, std::string& out) {
    for (std::size_t i = 0; i < content.size(); ++i) {
        out += content[i];
        if (content[i] == '"') ++i;
    }
}

}  // namespace civica::text
