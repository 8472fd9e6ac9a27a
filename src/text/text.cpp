// Design notes.
// The Windows-1251 table below is the code page as Microsoft publishes it (bestfit1251.txt,
// and the same mapping in the WHATWG Encoding Standard's index-windows-1251); only 0x80–0xFF
// differ from ASCII. 0x98 is unassigned in the code page; like WHATWG we map it to U+0098 so
// that decoding is total and encoding gives the same bytes back.
// parse_money_lenient works on the digits as text and scales by moving the decimal point
// (10^3 for тыс, 10^6 for млн, 10^9 for млрд, then 10^2 for kopecks), so no value ever passes
// through a double.
#include "civica/text/text.hpp"

#include "civica/error.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace civica::text {

namespace {

// Length of the well-formed UTF-8 character at p (p < e), or 0 when the bytes there are not one
// (no overlongs, surrogates or code points above U+10FFFF).
inline std::size_t utf8_char(const unsigned char* p, const unsigned char* e) noexcept {
    const unsigned c = *p;
    if (c < 0x80) return 1;
    auto cont = [&](std::ptrdiff_t k) { return p + k < e && (p[k] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
        if (c == 0xED && p[1] >= 0xA0) return 0;  // surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;
        if (c == 0xF4 && p[1] >= 0x90) return 0;
        return 4;
    }
    return 0;
}

// Offset of the first byte of [b, e) that does not belong to well-formed UTF-8, or npos.
// Sixteen bytes at a time (SSE2) while they are ASCII or two-byte characters (Cyrillic is
// D0/D1 and a continuation byte): then every continuation byte must follow a lead byte
// C2..DF and every such lead be followed by one. Anything else, and the tail, goes character
// by character.
std::size_t invalid_utf8_at(const unsigned char* b, const unsigned char* e) noexcept {
    const unsigned char* p = b;
    while (p < e) {
#if defined(__SSE2__)
        if (e - p >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
            const auto high = static_cast<unsigned>(_mm_movemask_epi8(v));
            if (high == 0) {
                p += 16;
                continue;
            }
            // As signed bytes: 80..BF are below -64, C0 and C1 are -64 and -63, E0..FF above -33.
            const auto cont = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64))));
            const auto odd = static_cast<unsigned>(_mm_movemask_epi8(
                                 _mm_or_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-33)),
                                              _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(-64)),
                                                           _mm_cmpeq_epi8(v, _mm_set1_epi8(-63)))))) &
                             high;
            if (odd == 0) {
                const unsigned lead = high & ~cont;
                if (cont == ((lead << 1) & 0xFFFFu)) {
                    p += (lead & 0x8000u) ? 15 : 16;  // a lead in the last byte starts the next block
                    continue;
                }
            }
            for (const unsigned char* stop = p + 16; p < stop;) {
                const std::size_t n = utf8_char(p, e);
                if (n == 0) return static_cast<std::size_t>(p - b);
                p += n;
            }
            continue;
        }
#endif
        if (e - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            if ((w & 0x8080808080808080ull) == 0) {
                p += 8;
                continue;
            }
        }
        const std::size_t n = utf8_char(p, e);
        if (n == 0) return static_cast<std::size_t>(p - b);
        p += n;
    }
    return std::string_view::npos;
}


// Unicode code points of Windows-1251 bytes 0x80..0xFF.
constexpr std::array<char16_t, 128> cp1251_high{
    // 0x80
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
    0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
    // 0x90
    0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x0098, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
    // 0xA0
    0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
    0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
    // 0xB0
    0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
    0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    // 0xC0..0xFF: А..Я а..я, U+0410..U+044F in order
    0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
    0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
    0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
    0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
    0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
    0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
    0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
};

// (code point, byte) sorted by code point, for encoding.
const std::vector<std::pair<char32_t, unsigned char>>& cp1251_reverse() {
    static const auto table = [] {
        std::vector<std::pair<char32_t, unsigned char>> t;
        t.reserve(cp1251_high.size());
        for (std::size_t i = 0; i < cp1251_high.size(); ++i)
            t.emplace_back(cp1251_high[i], static_cast<unsigned char>(0x80 + i));
        std::sort(t.begin(), t.end());
        return t;
    }();
    return table;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Decodes the code point at s[i] of valid UTF-8 and advances i. The caller has validated `s`.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    int n = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
        ++i;
        return b0;
    } else if (b0 < 0xE0) {
        n = 1;
        cp = b0 & 0x1F;
    } else if (b0 < 0xF0) {
        n = 2;
        cp = b0 & 0x0F;
    } else {
        n = 3;
        cp = b0 & 0x07;
    }
    ++i;
    for (int k = 0; k < n && i < s.size(); ++k, ++i)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return cp;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// ------------------------------------------------------------------ lenient numbers

// A space that may separate thousands or surround words: returns its length in bytes at s[i],
// 0 when s[i] starts no such space.
std::size_t space_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    if (s[i] == ' ' || s[i] == '\t') return 1;
    const std::string_view rest = s.substr(i);
    for (std::string_view sp : {std::string_view("\u00A0"), std::string_view("\u202F"),
                                std::string_view("\u2009"), std::string_view("\u2007")})
        if (rest.starts_with(sp)) return sp.size();
    return 0;
}

std::string_view trim_spaces(std::string_view s) {
    for (;;) {
        if (!s.empty() && (s.front() == '\r' || s.front() == '\n')) {
            s.remove_prefix(1);
            continue;
        }
        const std::size_t n = space_at(s, 0);
        if (n == 0) break;
        s.remove_prefix(n);
    }
    for (;;) {
        if (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) {
            s.remove_suffix(1);
            continue;
        }
        bool removed = false;
        for (std::string_view sp : {std::string_view("\u00A0"), std::string_view("\u202F"),
                                    std::string_view("\u2009"), std::string_view("\u2007")})
            if (s.ends_with(sp)) {
                s.remove_suffix(sp.size());
                removed = true;
                break;
            }
        if (!removed) break;
    }
    return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The number at the start of `s`: sign, digits grouped by spaces, one decimal separator.
struct scanned_number {
    bool negative = false;
    std::string int_digits;   // without separators
    std::string frac_digits;
    char decimal = 0;         // ',' or '.' when a fraction was written
    std::size_t end = 0;      // bytes of `s` consumed
};

// Throws parse_error(reason) via `fail` when the number part is malformed. `accept` says which
// decimal separators are allowed (",." for money, "," or "." for plain numbers).
template <class Fail>
scanned_number scan_number(std::string_view s, std::string_view accept, Fail&& fail) {
    scanned_number n;
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        n.negative = s[i] == '-';
        ++i;
    } else if (s.substr(i).starts_with("\u2212")) {  // MINUS SIGN
        n.negative = true;
        i += 3;
    }
    // Integer part, with optional thousands groups.
    std::vector<std::size_t> groups{0};
    while (i < s.size()) {
        if (is_digit(s[i])) {
            n.int_digits += s[i];
            ++groups.back();
            ++i;
            continue;
        }
        const std::size_t sp = space_at(s, i);
        if (sp > 0 && i + sp < s.size() && is_digit(s[i + sp]) && !n.int_digits.empty()) {
            groups.push_back(0);
            i += sp;
            continue;
        }
        break;
    }
    if (n.int_digits.empty()) throw fail("no digits");
    if (groups.size() > 1) {
        if (groups.front() > 3)
            throw fail("the first group of digits before a thousands space has " +
                       std::to_string(groups.front()) + " digits (at most 3)");
        for (std::size_t g = 1; g < groups.size(); ++g)
            if (groups[g] != 3)
                throw fail("a group of digits after a thousands space has " +
                           std::to_string(groups[g]) + " digits (3 expected)");
    }
    if (i < s.size() && (s[i] == ',' || s[i] == '.')) {
        // A '.' directly followed by a non-digit ends the number ("450 руб." has none, but
        // "450.руб" is odd enough to refuse below as unexpected text).
        if (i + 1 < s.size() && is_digit(s[i + 1])) {
            if (accept.find(s[i]) == std::string_view::npos)
                throw fail(std::string("'") + s[i] + "' is not the decimal separator here");
            n.decimal = s[i];
            ++i;
            while (i < s.size() && is_digit(s[i])) n.frac_digits += s[i++];
            if (i < s.size() && (s[i] == ',' || s[i] == '.') && i + 1 < s.size() &&
                is_digit(s[i + 1]))
                throw fail("more than one decimal separator");
            if (const std::size_t sp = space_at(s, i); sp > 0 && i + sp < s.size() && is_digit(s[i + sp]))
                throw fail("a space inside the decimals");
        } else if (i + 1 == s.size()) {
            throw fail(std::string("no digits after '") + s[i] + "'");
        }
    }
    n.end = i;
    return n;
}

struct word {
    std::string_view text;
    int scale;  // power of ten
};

// Scale words, longest first so that a prefix never wins ("тысяч" before "тыс").
constexpr std::array<word, 22> scale_words{{
    {"миллиардов", 9}, {"миллиарда", 9}, {"миллиард", 9},
    {"миллионов", 6}, {"миллиона", 6}, {"миллион", 6},
    {"тысячи", 3}, {"тысяча", 3}, {"тысяч", 3},
    {"млрд.", 9}, {"млрд", 9}, {"Млрд.", 9}, {"Млрд", 9},
    {"млн.", 6}, {"млн", 6}, {"Млн.", 6}, {"Млн", 6},
    {"тыс.", 3}, {"тыс", 3}, {"Тыс.", 3}, {"Тыс", 3},
    {"т.р.", 3},
}};

constexpr std::array<std::string_view, 14> currency_words{
    "рублей", "рубля", "рубль", "руб.", "руб", "Руб.", "Руб", "РУБ", "р.", "₽", "RUB", "rub",
    "RUR", "rur",
};

// Removes a word of `words` at the start of `s`; returns which, or npos.
template <class Words, class Text>
std::size_t take_word(std::string_view& s, const Words& words, Text text) {
    for (std::size_t w = 0; w < words.size(); ++w) {
        const std::string_view t = text(words[w]);
        if (s.starts_with(t)) {
            s.remove_prefix(t.size());
            return w;
        }
    }
    return std::string_view::npos;
}

}  // namespace

std::string code_point_name(char32_t cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    return buf;
}

// ------------------------------------------------------------------ encodings

std::size_t find_invalid_utf8(std::string_view s) noexcept {
    const auto* b = reinterpret_cast<const unsigned char*>(s.data());
    return invalid_utf8_at(b, b + s.size());
}

std::optional<bool> russian_spreadsheet_boolean(std::string_view s) {
    if (s.size() != 12 && s.size() != 8) return std::nullopt;  // «истина», «ложь» in UTF-8
    const std::string lower = lower_ascii_and_russian(s);
    if (lower == "истина") return true;
    if (lower == "ложь") return false;
    return std::nullopt;
}

std::string leading_part(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return std::string(s);
    std::size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return std::string(s.substr(0, n)) + "…";
}

std::string utf8_or_escaped(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t bad = find_invalid_utf8(s); bad != std::string_view::npos; bad = find_invalid_utf8(s)) {
        const auto b = static_cast<unsigned char>(s[bad]);
        out.append(s.substr(0, bad));
        out += {'\\', 'x', hex[b >> 4], hex[b & 0xF]};
        s.remove_prefix(bad + 1);
    }
    out.append(s);
    return out;
}

std::string json_error_reason(std::string_view what) {
    if (what.starts_with("[json.exception.")) {
        if (const auto end = what.find("] "); end != std::string_view::npos) what.remove_prefix(end + 2);
    }
    return std::string(what);
}

std::size_t json_error_line(std::string_view text, std::size_t byte) noexcept {
    const std::size_t at = std::min(byte == 0 ? 0 : byte - 1, text.size());
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

std::string text_value_problem(std::string_view s, std::string_view subject) {
    if (const auto nul = s.find('\0'); nul != std::string_view::npos)
        return std::string(subject) + " holds a NUL byte (at byte " + std::to_string(nul) + ")";
    if (const auto bad = find_invalid_utf8(s); bad != std::string_view::npos)
        return std::string(subject) + " is not UTF-8 (at byte " + std::to_string(bad) + ")";
    return {};
}

std::size_t find_control_character(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return i;
    }
    return std::string_view::npos;
}

std::string control_character_problem(std::string_view s) {
    const std::size_t at = find_control_character(s);
    if (at == std::string_view::npos) return {};
    char code[8];
    std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(s[at])));
    return std::string("holds the control character ") + code + " (at byte " + std::to_string(at) + ")";
}

std::string_view to_string(text_encoding e) {
    switch (e) {
        case text_encoding::automatic: return "auto";
        case text_encoding::utf8: return "utf-8";
        case text_encoding::windows1251: return "windows-1251";
    }
    return "auto";
}

text_encoding parse_text_encoding(std::string_view name) {
    const std::string n = ascii_lower(name);
    if (n == "auto" || n == "automatic") return text_encoding::automatic;
    if (n == "utf-8" || n == "utf8") return text_encoding::utf8;
    if (n == "windows-1251" || n == "cp1251" || n == "windows1251") return text_encoding::windows1251;
    throw validation_error("\"" + std::string(name) +
                           "\" is not a known encoding (use auto, utf-8 or windows-1251)");
}

bool has_cyrillic_word(std::string_view bytes) {
    int run = 0;
    for (const char c : bytes) {
        run = static_cast<unsigned char>(c) >= 0xC0 ? run + 1 : 0;
        if (run == 3) return true;
    }
    return false;
}

std::string_view wide_encoding(std::string_view t) {
    auto at = [&](std::size_t i) { return i < t.size() ? static_cast<unsigned char>(t[i]) : 0x100u; };
    if (at(0) == 0x00 && at(1) == 0x00 && at(2) == 0xFE && at(3) == 0xFF) return "UTF-32 (big-endian)";
    if (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0x00 && at(3) == 0x00) return "UTF-32 (little-endian)";
    if (at(0) == 0xFE && at(1) == 0xFF) return "UTF-16 (big-endian)";
    if (at(0) == 0xFF && at(1) == 0xFE) return "UTF-16 (little-endian)";
    // Without a mark: an ASCII first character beside zero bytes.
    if (at(0) != 0 && at(0) < 0x80 && at(1) == 0 && at(2) == 0 && at(3) == 0) return "UTF-32 (little-endian)";
    if (at(0) == 0 && at(1) == 0 && at(2) == 0 && at(3) != 0 && at(3) < 0x80) return "UTF-32 (big-endian)";
    if (at(0) != 0 && at(0) < 0x80 && at(1) == 0) return "UTF-16 (little-endian)";
    if (at(0) == 0 && at(1) != 0 && at(1) < 0x80) return "UTF-16 (big-endian)";
    return {};
}

void check_not_wide(std::string_view bytes, const std::string& name) {
    if (const std::string_view wide = wide_encoding(bytes); !wide.empty())
        throw parse_error(name, 0, 0, {},
                          "the file is " + std::string(wide) +
                              " text; civica reads text files as UTF-8 (JSON always, RFC 8259 section 8.1; CSV "
                              "also as Windows-1251): save it as UTF-8 (in Excel: \"CSV UTF-8\")");
}

std::string_view binary_kind(std::string_view bytes) {
    // The signatures ("magic numbers") at the start of each format's files, each with a byte no
    // text holds (a control character, a NUL) or a form no text starts with, so that a CSV file
    // whose first cell is "PAR1" is still text.
    const auto control_after = [&](std::size_t n) {
        return bytes.size() > n && static_cast<unsigned char>(bytes[n]) < 0x20 && bytes[n] != '\t' &&
               bytes[n] != '\n' && bytes[n] != '\r';
    };
    const auto digit = [&](std::size_t i) { return bytes.size() > i && bytes[i] >= '0' && bytes[i] <= '9'; };
    if (bytes.starts_with("PAR1") && control_after(4)) return "a Parquet file";
    if (bytes.starts_with(std::string_view("SQLite format 3\0", 16))) return "an SQLite database";
    if (bytes.starts_with(std::string_view("PK\x03\x04", 4))) return "a zip archive (as an Excel workbook, .xlsx, or a .docx is)";
    if (bytes.starts_with(std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)))
        return "an old Office file (an Excel .xls workbook?)";
    if (bytes.starts_with("%PDF-") && digit(5) && bytes.size() > 6 && bytes[6] == '.' && digit(7))
        return "a PDF document";
    if (bytes.starts_with("\x1F\x8B")) return "a gzip archive";
    if (bytes.starts_with(std::string_view("ARROW1\0\0", 8))) return "an Arrow IPC file";
    return {};
}

void check_text_file(std::string_view bytes, const std::string& name) {
    if (const std::string_view kind = binary_kind(bytes); !kind.empty())
        throw parse_error(name, 0, 0, {},
                          "the file is " + std::string(kind) + ", not text; civica reads CSV and JSON files as text");
    check_not_wide(bytes, name);
}

text_encoding detect_encoding(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF") || find_invalid_utf8(bytes) == std::string_view::npos)
        return text_encoding::utf8;
    encoding_votes votes;
    votes.add(bytes);
    return votes.result();
}

void encoding_votes::add(std::string_view bytes) {
    // Count well-formed multi-byte characters against bytes that break UTF-8 from the start.
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* e = p + bytes.size();
    while (p < e) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        const std::size_t n = utf8_char(p, e);
        if (n == 0) {
            ++bad_;
            ++p;
        } else {
            ++good_;
            p += n;
        }
    }
}

std::size_t find_utf8_russian_line(std::string_view bytes) {
    const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
    // A letter of the Russian alphabet in UTF-8: D0 90–BF (А–п), D0 81 (Ё), D1 80–8F (р–я), D1 91 (ё).
    const auto letter = [&](std::size_t i) {
        return (u[i] == 0xD0 && ((u[i + 1] >= 0x90 && u[i + 1] <= 0xBF) || u[i + 1] == 0x81)) ||
               (u[i] == 0xD1 && (u[i + 1] <= 0x8F || u[i + 1] == 0x91) && u[i + 1] >= 0x80);
    };
    for (std::size_t i = 0; i + 5 < bytes.size(); ++i) {
        if (!letter(i) || !letter(i + 2) || !letter(i + 4)) continue;
        const std::size_t before = bytes.rfind('\n', i);
        const std::size_t start = before == std::string_view::npos ? 0 : before + 1;
        const std::size_t end = std::min(bytes.find('\n', i), bytes.size());
        if (find_invalid_utf8(bytes.substr(start, end - start)) == std::string_view::npos) return start;
        i = end;  // the line breaks UTF-8 elsewhere: Windows-1251, as the rest
    }
    return std::string_view::npos;
}

std::string windows1251_file_to_utf8(std::string_view bytes, const std::string& file) {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    if (const std::size_t at = find_utf8_russian_line(bytes); at != std::string_view::npos) {
        const std::size_t line = 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + at, '\n'));
        // Only an encoding given can take a file that is UTF-8 throughout for Windows-1251.
        if (find_invalid_utf8(bytes) == std::string_view::npos)
            throw parse_error(file, line, 0, {},
                              "the file is UTF-8 text, not Windows-1251 as the encoding given says (it would read "
                              "as \"РњРѕСЃРєРІР°\" for \"Москва\"): read it as UTF-8 (encoding utf-8 or auto)");
        throw parse_error(file, line, 0, {},
                          "the line is UTF-8 text in a file otherwise in Windows-1251 (it would read as \"РњРѕСЃРєРІР°\" "
                          "for \"Москва\"): save the whole file in one encoding, UTF-8 or Windows-1251");
    }
    return windows1251_to_utf8(bytes);
}

std::string windows1251_to_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80)
            out += ch;
        else
            append_utf8(out, cp1251_high[b - 0x80]);
    }
    return out;
}

std::string utf8_to_windows1251(std::string_view text) {
    if (const auto bad = find_invalid_utf8(text); bad != std::string_view::npos) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
        throw validation_error(std::string("text is not valid UTF-8 (byte ") + buf + " at offset " +
                               std::to_string(bad) + "), so it cannot be converted to Windows-1251");
    }
    const auto& rev = cp1251_reverse();
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        const char32_t cp = next_code_point(text, i);
        if (cp < 0x80) {
            out += static_cast<char>(cp);
            continue;
        }
        const auto it = std::lower_bound(rev.begin(), rev.end(), std::pair<char32_t, unsigned char>(cp, 0));
        if (it == rev.end() || it->first != cp)
            throw validation_error("\"" + std::string(text.substr(start, i - start)) + "\" (" +
                                   code_point_name(cp) + ") at offset " + std::to_string(start) +
                                   " cannot be written in Windows-1251");
        out += static_cast<char>(it->second);
    }
    return out;
}

// ------------------------------------------------------------------ numbers

money parse_money_lenient(std::string_view text) {
    auto fail = [&](const std::string& why) {
        return parse_error("\"" + std::string(text) + "\" is not an amount: " + why);
    };
    std::string_view s = trim_spaces(text);
    if (s.empty()) throw fail("it is empty");
    const scanned_number n = scan_number(s, ",.", fail);
    std::string_view rest = s.substr(n.end);
    // Suffix: [space] [scale word] [space] [currency]
    rest = trim_spaces(rest);
    int scale = 0;
    if (const auto w = take_word(rest, scale_words, [](const word& x) { return x.text; });
        w != std::string_view::npos) {
        scale = scale_words[w].scale;
        rest = trim_spaces(rest);
    }
    if (!rest.empty()) {
        if (take_word(rest, currency_words, [](std::string_view x) { return x; }) ==
            std::string_view::npos)
            throw fail("unexpected \"" + std::string(rest) +
                       "\" (write digits, optionally тыс./млн/млрд and руб.)");
        rest = trim_spaces(rest);
        if (!rest.empty()) throw fail("unexpected \"" + std::string(rest) + "\" after the currency");
    }
    // Kopecks = digits × 10^(scale + 2 − decimals), exactly.
    const int exponent = scale + 2 - static_cast<int>(n.frac_digits.size());
    if (exponent < 0) {
        if (scale == 0)
            throw fail("more than two decimals (an amount is whole kopecks)");
        throw fail("more decimals than whole kopecks allow at this scale");
    }
    const std::uint64_t limit = n.negative
                                    ? std::uint64_t{1} << 63
                                    : static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    std::uint64_t mag = 0;
    auto push = [&](unsigned d) {
        if (__builtin_mul_overflow(mag, std::uint64_t{10}, &mag) ||
            __builtin_add_overflow(mag, std::uint64_t{d}, &mag) || mag > limit)
            throw fail("too large for 64-bit kopecks");
    };
    for (const char c : n.int_digits) push(static_cast<unsigned>(c - '0'));
    for (const char c : n.frac_digits) push(static_cast<unsigned>(c - '0'));
    for (int e = 0; e < exponent; ++e) push(0);
    return money::from_kopecks(n.negative ? static_cast<std::int64_t>(~mag + 1)
                                          : static_cast<std::int64_t>(mag));
}

std::optional<double> parse_number_lenient(std::string_view text, bool decimal_comma) {
    std::string_view s = trim_spaces(text);
    if (s.empty()) return std::nullopt;
    struct bad {};
    auto fail = [](const std::string&) { return bad{}; };
    scanned_number n;
    try {
        n = scan_number(s, decimal_comma ? "," : ".", fail);
    } catch (const bad&) {
        return std::nullopt;
    }
    std::string ascii;
    ascii.reserve(n.int_digits.size() + n.frac_digits.size() + 8);
    if (n.negative) ascii += '-';
    ascii += n.int_digits;
    if (!n.frac_digits.empty()) {
        ascii += '.';
        ascii += n.frac_digits;
    }
    std::string_view rest = s.substr(n.end);
    if (!rest.empty() && (rest[0] == 'e' || rest[0] == 'E')) {
        std::size_t i = 1;
        std::string exp = "e";
        if (i < rest.size() && (rest[i] == '+' || rest[i] == '-')) exp += rest[i++];
        const std::size_t digits_from = i;
        while (i < rest.size() && is_digit(rest[i])) exp += rest[i++];
        if (i == digits_from) return std::nullopt;
        ascii += exp;
        rest.remove_prefix(i);
    }
    if (!rest.empty()) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(ascii.data(), ascii.data() + ascii.size(), v);
    if (ec != std::errc() || end != ascii.data() + ascii.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

char detect_separator(std::string_view header_line) {
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (const char c : header_line) {
        if (c == '"') {
            quoted = !quoted;  // a doubled quote toggles twice: still right
        } else if (!quoted) {
            if (c == ',') ++comma;
            else if (c == ';') ++semicolon;
            else if (c == '\t') ++tab;
        }
    }
    if (semicolon > comma && semicolon >= tab) return ';';
    if (tab > comma && tab > semicolon) return '\t';
    return ',';
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (std::size_t at = 0;;) {
        const std::size_t end = s.find(sep, at);
        out.push_back(s.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
        if (end == std::string_view::npos) return out;
        at = end + 1;
    }
}

std::string closest_name(std::string_view s, std::span<const std::string_view> names) {
    // Edit distance with adjacent transpositions (optimal string alignment: "titel" is one
    // edit from "title"), case-insensitive for ASCII; close means at most a third of the
    // longer name's length (and at least 1), or one name containing the other.
    auto lower = [](std::string_view x) {
        std::string out(x);
        for (auto& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    };
    const std::string a = lower(s);
    std::string best;
    std::size_t best_d = std::numeric_limits<std::size_t>::max();
    for (auto name : names) {
        const std::string b = lower(name);
        // d[i][j]: the distance between a's first i bytes and b's first j, row by row.
        std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
        for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
        for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i)
            for (std::size_t j = 1; j <= b.size(); ++j) {
                d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        std::size_t dist = d[a.size()][b.size()];
        const bool contains = !a.empty() && (b.find(a) != std::string::npos || a.find(b) != std::string::npos);
        if (contains) dist = std::min<std::size_t>(dist, 1);
        if (dist < best_d && (contains || dist <= std::max<std::size_t>(1, std::max(a.size(), b.size()) / 3))) {
            best_d = dist;
            best = std::string(name);
        }
    }
    return best;
}

std::string number_in_message(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    return format_double(v);
}

std::string format_double(double v) {
    // to_chars without a precision gives the shortest text that reads back to the same double,
    // so values survive a write/read cycle bit for bit.
    if (!std::isfinite(v))
        throw validation_error(std::string(std::isnan(v) ? "NaN" : (v > 0 ? "infinity" : "-infinity")) +
                               " cannot be written (the format holds finite numbers only)");
    char buf[400];
    const double mag = std::fabs(v);
    const bool fixed = mag == 0 || (mag >= 1e-6 && mag < 1e17);
    auto [end, ec] = fixed ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                           : std::to_chars(buf, buf + sizeof buf, v);
    if (ec != std::errc()) throw std::logic_error("civica: cannot format a double");
    return std::string(buf, end);
}

std::optional<double> parse_double(std::string_view text) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

/// `s` with the capitals of ASCII and of the Russian alphabet (А–Я, Ё) lowered, other bytes
/// kept: the letter case a boolean cell may be written in.
std::string lower_ascii_and_russian(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (c == 0xD0 && i + 1 < s.size()) {
            const auto d = static_cast<unsigned char>(s[++i]);
            if (d >= 0x90 && d <= 0x9F) {  // А–П (U+0410–041F) -> а–п (U+0430–043F)
                out += '\xD0';
                out += static_cast<char>(d + 0x20);
            } else if (d >= 0xA0 && d <= 0xAF) {  // Р–Я (U+0420–042F) -> р–я (U+0440–044F)
                out += '\xD1';
                out += static_cast<char>(d - 0x20);
            } else if (d == 0x81) {  // Ё (U+0401) -> ё (U+0451)
                out += "\xD1\x91";
            } else {
                out += static_cast<char>(c);
                out += static_cast<char>(d);
            }
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

namespace {
// Characters a reader of a name cannot see: combining marks, zero-width characters, the soft
// hyphen and the byte-order mark.
bool unseen(char32_t cp) {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF ||
           cp == 0x00AD;
}
// Spaces other than U+0020 that look like one (and the tab).
bool other_space(char32_t cp) {
    return cp == '\t' || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000;
}

// Letter case of the Latin (Basic, Latin-1, Extended-A) and Cyrillic (U+0400–U+052F) blocks, as
// Unicode's simple case mapping (UnicodeData.txt) gives it: the one table upper_of and lower_of
// read. A block whose capitals are its letters shifted by `delta`:
struct shifted_block {
    char32_t first, last;  // the capitals
    char32_t delta;        // capital + delta = small letter
};
constexpr shifted_block shifted[] = {
    {'A', 'Z', 0x20}, {0x00C0, 0x00DE, 0x20} /* but × U+00D7 */, {0x0410, 0x042F, 0x20} /* А–Я */,
    {0x0400, 0x040F, 0x50} /* Ѐ–Џ: Ё, Ґ's neighbours Є, І, Ї, Ў… */};
// A block of pairs, capital then small letter, the capital at even (or odd) code points:
struct paired_block {
    char32_t first, last;
    bool capital_even;
};
constexpr paired_block paired[] = {
    {0x0100, 0x0137, true},  {0x0139, 0x0148, false}, {0x014A, 0x0177, true}, {0x0179, 0x017E, false},
    {0x0460, 0x0481, true},  {0x048A, 0x04BF, true},  {0x04C1, 0x04CE, false}, {0x04D0, 0x052F, true}};
// Pairs standing alone: Ÿ ÿ, Ӏ ӏ.
constexpr std::pair<char32_t, char32_t> single[] = {{0x0178, 0x00FF}, {0x04C0, 0x04CF}};

char32_t upper_of(char32_t cp) {
    if (cp == 0x0131) return 'I';  // dotless ı
    if (cp == 0x017F) return 'S';  // long s
    for (const auto& b : shifted)
        if (cp >= b.first + b.delta && cp <= b.last + b.delta && cp != 0x00F7) return cp - b.delta;
    for (const auto& b : paired)
        if (cp >= b.first && cp <= b.last && ((cp % 2 == 0) != b.capital_even)) return cp - 1;
    for (const auto& [capital, small] : single)
        if (cp == small) return capital;
    return cp;
}

char32_t lower_of(char32_t cp) {
    if (cp == 0x0130) return 'i';  // İ: Unicode's lower case is i (ı is the dotless one)
    for (const auto& b : shifted)
        if (cp >= b.first && cp <= b.last && cp != 0x00D7) return cp + b.delta;
    for (const auto& b : paired)
        if (cp >= b.first && cp <= b.last && ((cp % 2 == 0) == b.capital_even)) return cp + 1;
    for (const auto& [capital, small] : single)
        if (cp == capital) return small;
    return cp;
}

constexpr char32_t not_utf8 = 0xFFFFFFFF;

// Calls f(cp, offset, length) for each code point of `s`, a byte that is not part of valid UTF-8
// as not_utf8 with length 1.
template <class F>
void each_code_point(std::string_view s, F&& f) {
    std::size_t at = 0;
    while (at < s.size()) {
        const std::size_t bad = find_invalid_utf8(s.substr(at));
        const std::size_t valid_end = bad == std::string_view::npos ? s.size() : at + bad;
        const std::string_view valid = s.substr(0, valid_end);
        for (std::size_t i = at; i < valid_end;) {
            const std::size_t from = i;
            const char32_t cp = next_code_point(valid, i);
            f(cp, from, i - from);
        }
        if (valid_end < s.size()) f(not_utf8, valid_end, std::size_t{1});
        at = valid_end + 1;
    }
}

// Appends the code point (or, for not_utf8, the byte of `s` at `offset`) to `out`.
void append(std::string& out, char32_t cp, std::string_view s, std::size_t offset) {
    if (cp == not_utf8) out += s[offset];
    else append_utf8(out, cp);
}
}  // namespace

std::string first_unseen_character(std::string_view s) {
    std::string found;
    each_code_point(s, [&](char32_t cp, std::size_t at, std::size_t) {
        if (found.empty() && cp != not_utf8 && (unseen(cp) || other_space(cp)))
            found = code_point_name(cp) + " at byte " + std::to_string(at + 1);
    });
    return found;
}

std::string loose_name_key(std::string_view s) {
    std::vector<std::pair<char32_t, std::size_t>> cps;  // code point, offset
    each_code_point(s, [&](char32_t cp, std::size_t at, std::size_t) { cps.emplace_back(cp, at); });
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (std::size_t k = 0; k < cps.size(); ++k) {
        char32_t cp = cps[k].first;
        const bool next_breve = k + 1 < cps.size() && cps[k + 1].first == 0x0306;
        const bool next_diaeresis = k + 1 < cps.size() && cps[k + 1].first == 0x0308;
        // Canonical composition of the Russian letters typed as two code points: И/и + U+0306
        // (combining breve) is Й/й, Е/е + U+0308 (combining diaeresis) is Ё/ё.
        if (next_breve && (cp == 0x0418 || cp == 0x0438)) cp += 1, ++k;
        else if (next_diaeresis && (cp == 0x0415 || cp == 0x0435)) cp = cp == 0x0415 ? 0x0401 : 0x0451, ++k;
        if (cp != not_utf8) cp = lower_of(cp);
        if (cp == 0x0451) cp = 0x0435;                                 // ё as е
        if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) cp = '-';  // dashes and the minus sign
        if (cp != not_utf8 && unseen(cp)) continue;  // other combining marks, zero-width characters, the soft hyphen
        if (cp == ' ' || (cp != not_utf8 && other_space(cp))) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        if (cp == not_utf8) {
            // A byte that is not UTF-8 as U+FFFD and its value, so that two such bytes around a
            // character left out never join into a letter.
            static constexpr char hex[] = "0123456789abcdef";
            const auto b = static_cast<unsigned char>(s[cps[k].second]);
            out += "\xEF\xBF\xBD";
            out += {hex[b >> 4], hex[b & 0xF]};
        } else {
            append_utf8(out, cp);
        }
    }
    return out;
}

std::string upper_case(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    each_code_point(s, [&](char32_t cp, std::size_t at, std::size_t) {
        append(out, cp == not_utf8 ? cp : upper_of(cp), s, at);
    });
    return out;
}

std::string capitalised(std::string_view s) {
    std::string out;
    bool first = true;
    each_code_point(s, [&](char32_t cp, std::size_t at, std::size_t length) {
        if (first && cp != not_utf8) append_utf8(out, upper_of(cp));
        else out.append(s.substr(at, length));
        first = false;
    });
    return out;
}

}  // namespace civica::text
