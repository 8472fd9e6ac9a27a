#pragma once
/// \file
/// Text as Russian documents and spreadsheets actually write it: Windows-1251 files, amounts
/// such as "30 000 000,00 руб." or "3,7 млн", decimal commas and `;`-separated CSV.
///
/// The native formats stay strict (UTF-8, `,`, "1250.00"); these helpers are for readers that
/// accept the dialects people produce with Excel and 1C (see docs/dataset-format.md, "Dialects").
///
///     std::string bytes = ...;                         // a file as read from disk
///     if (civica::text::detect_encoding(bytes) == civica::text::text_encoding::windows1251)
///         bytes = civica::text::windows1251_to_utf8(bytes);
///     civica::money m = civica::text::parse_money_lenient("3,7 млн");   // 370 000 000 kopecks

#include "civica/core/money.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civica::text {

/// The character encoding of a text file.
enum class text_encoding {
    automatic,    ///< decide from the bytes (detect_encoding)
    utf8,         ///< UTF-8, with or without a byte-order mark
    windows1251,  ///< Windows-1251 (cp1251), the Cyrillic code page of Russian Windows and 1C
};

/// "auto", "utf-8" or "windows-1251".
std::string_view to_string(text_encoding e);
/// Reads "auto", "utf-8"/"utf8", "windows-1251"/"cp1251" (ASCII case ignored). Throws
/// civica::validation_error naming the accepted spellings otherwise.
text_encoding parse_text_encoding(std::string_view name);

/// Offset of the first byte of `s` that does not belong to well-formed UTF-8 (the lead byte of
/// a broken or cut-off character; overlong forms, surrogates and code points above U+10FFFF
/// are not well-formed), or npos when all of `s` is UTF-8. Sixteen bytes at a time while the
/// text is ASCII or two-byte characters (Cyrillic).
std::size_t find_invalid_utf8(std::string_view s) noexcept;

/// `s` as UTF-8 text: each byte that does not belong to well-formed UTF-8 (find_invalid_utf8)
/// written as `\xNN` (two lowercase hex digits), the rest as it is. This is how civica shows
/// such bytes everywhere (the CLI and the Python package show a path or an argument in
/// Windows-1251 or Latin-1 the same way): `caf\xe9.csv` for the Latin-1 file name "café.csv".
/// The readers name a dataset after its file with it, so that its name, title and source are
/// text whatever bytes the file system allows in a name.
std::string utf8_or_escaped(std::string_view s);

/// The first `max_bytes` bytes of `s` as a message quotes a value that may be long: cut before
/// a character rather than inside one, with "…" when cut.
std::string leading_part(std::string_view s, std::size_t max_bytes);

/// Why `s` cannot be a value of civica's text, or an empty string when it can: a NUL byte (no
/// format civica writes can hold one) or bytes that are not UTF-8. For the readers of formats
/// whose values come as bytes (SQLite, JSON, Parquet), so that every reader lets in the same text.
/// `subject` begins the sentence: "the text holds a NUL byte (at byte 3)", "a key holds …".
std::string text_value_problem(std::string_view s, std::string_view subject = "the text");
/// `id` when it is civica text (text_value_problem finds nothing), else "": the record id a
/// problem names, which a list of problems prints and a terminal shows (no NUL byte, UTF-8).
inline std::string shown_id(std::string id) { return text_value_problem(id).empty() ? std::move(id) : std::string(); }

/// A column of text held in one buffer, as Arrow and the columnar readers hold it: cell i is
/// data[offset(i), offset(i + 1)), for i below `cells`; the offsets never decrease. The first
/// cell that is not civica text, as {cell, text_value_problem of the cell}, or {npos, ""} when
/// every cell is. The buffer is scanned at once, not cell by cell; a character cut in two at a
/// cell's end (its first bytes end one cell, the rest start the next), which the buffer as a
/// whole would hold well formed, is found too.
template <class Offset>
std::pair<std::size_t, std::string> first_bad_cell(std::string_view data, std::size_t cells, Offset&& offset) {
    constexpr std::size_t none = std::string_view::npos;
    if (cells == 0) return {none, {}};
    const auto from = static_cast<std::size_t>(offset(0)), to = static_cast<std::size_t>(offset(cells));
    const std::string_view used = data.substr(from, to - from);
    std::size_t first = none;
    // The cell holding the first bad byte of the whole buffer (the last cell starting at or before it).
    if (const std::size_t bad = std::min(used.find('\0'), find_invalid_utf8(used)); bad != none) {
        std::size_t lo = 0, hi = cells;  // offset(lo) - from <= bad < offset(hi) - from
        while (hi - lo > 1) {
            const std::size_t mid = lo + (hi - lo) / 2;
            (static_cast<std::size_t>(offset(mid)) - from <= bad ? lo : hi) = mid;
        }
        first = lo;
    }
    const auto cell = [&](std::size_t i) {
        const auto b = static_cast<std::size_t>(offset(i));
        return data.substr(b, static_cast<std::size_t>(offset(i + 1)) - b);
    };
    // A cell starting with a continuation byte (10xxxxxx): the cell with text before it ends
    // inside that character when it is bad on its own, else this cell starts with a stray one.
    // Up to the cell of the first bad byte, which may itself start with the end of a character
    // the cell before it began.
    std::size_t last_with_text = none;
    for (std::size_t i = 0; i < cells && (first == none || i <= first); ++i) {
        const auto c = cell(i);
        if (c.empty()) continue;
        if ((static_cast<unsigned char>(c.front()) & 0xC0) == 0x80) {
            first = last_with_text != none && !text_value_problem(cell(last_with_text)).empty() ? last_with_text : i;
            break;
        }
        last_with_text = i;
    }
    if (first == none) return {none, {}};
    return {first, text_value_problem(cell(first))};
}

/// How messages name a Unicode code point: "U+00A0", "U+DCFF".
std::string code_point_name(char32_t cp);

/// Offset of the first control character in `s` that a line of text shown to people cannot
/// carry: U+0000–U+0008, U+000B, U+000C, U+000E–U+001F and U+007F, the C0 controls and DEL
/// except tab, line feed and carriage return (which text may hold, and which the writers escape
/// or turn into spaces). RFC 5545 3.3.11 leaves exactly these out of iCalendar TEXT
/// (TSAFE-CHAR). npos when there is none.
std::size_t find_control_character(std::string_view s) noexcept;

/// Why `s` cannot be a line of text shown to people, or an empty string when it can:
/// "holds the control character U+000B (at byte 3)" (find_control_character).
std::string control_character_problem(std::string_view s);

/// A JSON parser's message for a user: without the library's code in front of it
/// ("[json.exception.parse_error.101] parse error at line 1…" → "parse error at line 1…").
std::string json_error_reason(std::string_view what);
/// The line (from 1) of `text` that holds a JSON syntax error nlohmann reports at `byte` (its
/// parse_error::byte: the byte counted from 1 where parsing stopped; 0 for the start).
std::size_t json_error_line(std::string_view text, std::size_t byte) noexcept;

/// utf8 when `bytes` are UTF-8 (with or without a byte-order mark; pure ASCII and empty input
/// count as UTF-8), windows1251 otherwise. Never returns automatic. Bytes that start with a
/// UTF-8 byte-order mark are UTF-8, as the mark says: a reader then names the first byte that
/// breaks it, where a vote would have read the whole file as Windows-1251 and the mark as
/// "п»ї" glued to the first header.
///
/// Text is UTF-8 when it is valid UTF-8, or when its well-formed multi-byte characters
/// outnumber the bytes that break UTF-8: a UTF-8 file with a few damaged characters stays
/// UTF-8, so a reader reports each damaged character where it is instead of decoding the whole
/// file as Windows-1251.
///
/// Why this rule is safe: in Windows-1251 every Cyrillic letter is a byte 0xC0–0xFF, and in
/// UTF-8 such a byte starts a multi-byte sequence that must be followed by continuation bytes
/// 0x80–0xBF — which in Windows-1251 are mostly rare punctuation and letters of other Slavic
/// languages, not Russian letters. Two Russian letters in a row therefore already break UTF-8,
/// so in a Russian Windows-1251 text nearly every letter breaks UTF-8 and the few chance
/// "characters" (a capital С before », say) are far fewer, while in a UTF-8 text every letter
/// is a well-formed character.
text_encoding detect_encoding(std::string_view bytes);

/// detect_encoding's count over a text given in pieces that each end between characters (the
/// records a writer makes): result() is what detect_encoding says of the pieces joined, without
/// a byte-order mark.
class encoding_votes {
public:
    void add(std::string_view bytes);
    text_encoding result() const { return bad_ == 0 || good_ > bad_ ? text_encoding::utf8 : text_encoding::windows1251; }
    /// Whether any byte of the pieces is past ASCII.
    bool non_ascii() const { return good_ + bad_ > 0; }

private:
    std::size_t good_ = 0, bad_ = 0;  // well-formed multi-byte characters, bytes that break UTF-8
};

/// "UTF-16 (little-endian)", "UTF-32 (big-endian)", … when `bytes` are UTF-16 or UTF-32 text,
/// by a byte-order mark or by the zero bytes beside an ASCII first character; "" otherwise.
/// Windows saves such files as "Unicode" (Excel's "Unicode text", Notepad's "Unicode"); civica
/// reads UTF-8 (and CSV in Windows-1251), and says so rather than misreading them.
std::string_view wide_encoding(std::string_view bytes);

/// Throws civica::parse_error naming `name` when `bytes` are UTF-16 or UTF-32 text
/// (wide_encoding), saying which and that civica reads UTF-8: the one message of every reader.
void check_not_wide(std::string_view bytes, const std::string& name);

/// "a Parquet file", "an SQLite database", "a zip archive (…)", "a PDF document", … when the
/// first bytes of `bytes` are the signature of a binary format a text file never starts with;
/// "" otherwise.
std::string_view binary_kind(std::string_view bytes);

/// Throws civica::parse_error naming `name` when the first bytes of a file that should be text
/// (CSV, JSON) are a binary format's (binary_kind) or wide text (check_not_wide), rather than
/// letting its bytes be read as a line or a field that is wrong.
void check_text_file(std::string_view bytes, const std::string& name);

/// True when `bytes`, read as Windows-1251, hold a Russian word: three letters in a row (bytes
/// 0xC0–0xFF, А..я). A file that is not UTF-8 and holds none is likely another 8-bit code page:
/// Windows-1252, as Excel in English saves CSV, where "£" (0xA3) would read as "Ј" and "é" as
/// "й" without a word.
bool has_cyrillic_word(std::string_view bytes);

/// Converts Windows-1251 bytes to UTF-8. Every byte has a meaning: 0x00–0x7F are ASCII,
/// 0x80–0xFF follow the code page (Ё = 0xA8, ё = 0xB8, № = 0xB9, « » = 0xAB 0xBB, – = 0x96,
/// — = 0x97, no-break space = 0xA0). The one byte the code page leaves undefined, 0x98, is
/// mapped to U+0098 (as the WHATWG Encoding Standard and Windows itself do), so the
/// conversion never fails and utf8_to_windows1251 gives the bytes back.
std::string windows1251_to_utf8(std::string_view bytes);

/// Offset of the first line of `bytes` that is UTF-8 Russian text: the whole line is
/// well-formed UTF-8 and holds three letters of the Russian alphabet in a row as UTF-8 (D0 or
/// D1 and a continuation byte, three times), or npos. In a Windows-1251 text such a line is a
/// row saved in the other encoding (pasted from another file): read as Windows-1251, its
/// "Москва" would be "РњРѕСЃРєРІР°". Russian Windows-1251 text does not look like it by chance:
/// there D0/D1 are the capitals Р/С and the continuation bytes punctuation (« » № Ё –), so it
/// would take "Р«Р«Р«", and any lowercase letter (E0–FF) breaks UTF-8.
std::size_t find_utf8_russian_line(std::string_view bytes);

/// A whole file's bytes in Windows-1251 (declared or detected) as UTF-8, refusing a file of
/// two encodings: a line that is UTF-8 Russian text (find_utf8_russian_line) is a
/// civica::parse_error naming `file` and the line, instead of a garbled row. A UTF-8
/// byte-order mark at the start is dropped (detect_encoding decides UTF-8 for a file that
/// starts with one, so it is here only when Windows-1251 was declared).
std::string windows1251_file_to_utf8(std::string_view bytes, const std::string& file);

/// Converts UTF-8 text to Windows-1251 (the inverse of windows1251_to_utf8). Throws
/// civica::validation_error when `text` is not valid UTF-8 or holds a character the code page
/// has no byte for, naming it: `"✓" (U+2713) cannot be written in Windows-1251`.
std::string utf8_to_windows1251(std::string_view text);

/// Parses an amount as Russian documents write it:
///
///     "30 000 000,00"   "30 000 000.00"   "30000000"       → 30 000 000.00
///     "3,7 млн"  "3.7 млн."                                 → 3 700 000.00
///     "1,2 млрд"                                            → 1 200 000 000.00
///     "450 тыс."  "450 тыс. руб."                           → 450 000.00
///     "12 345,67 руб."  "12 345,67 ₽"  "-1 000"
///
/// Thousands may be separated by a space, a no-break space (U+00A0), a narrow no-break space
/// (U+202F), a thin space (U+2009) or a figure space (U+2007); groups after the first must
/// have three digits. One decimal separator, ',' or '.'. A scale word (тыс, млн, млрд, with or
/// without a dot, or spelt out) and a currency (руб., руб, р., ₽, RUB) may follow. A leading
/// '-' (or U+2212) makes it negative. The arithmetic is exact: "3,7 млн" is 370 000 000 kopecks,
/// not a double rounded; an amount with a fraction of a kopeck after scaling ("1,2345 руб.")
/// is refused. Throws civica::parse_error `"…" is not an amount: <why>` otherwise.
money parse_money_lenient(std::string_view text);

/// Parses a plain decimal number written with space thousands separators (as for
/// parse_money_lenient) and a decimal comma (`decimal_comma`) or point: "12,5", "1 234,5",
/// "-0,25", "1 000 000". An exponent ("1,5e6") is accepted. With `decimal_comma` the point is
/// refused and vice versa, so "1.234" never silently means 1234. nullopt when `text` is not
/// such a number or is not finite.
std::optional<double> parse_number_lenient(std::string_view text, bool decimal_comma);

/// The shortest text that reads back to the same double ("30000000", "3.7", "1e-09"): plain
/// decimals for the magnitudes people write, an exponent only for extreme values. Throws
/// civica::validation_error for NaN and infinities (text formats hold finite numbers only).
std::string format_double(double v);
/// The name of `names` closest to `s`, for "did you mean" hints: by Levenshtein distance,
/// case-insensitive for ASCII, within a third of the longer name's length (at least 1), or one
/// containing the other; "" when none is close.
std::string closest_name(std::string_view s, std::span<const std::string_view> names);
/// A number as a message shows it: format_double's text ("2018", "0.95"), "NaN", "inf" or "-inf".
std::string number_in_message(double v);
/// A finite number written as format_double writes it ('.' as decimal point); nullopt for
/// anything else.
std::optional<double> parse_double(std::string_view text);
/// The whole number `text` is, digits with an optional '-' and nothing else ("3junk", " 3",
/// "+3" and a number past Int are nullopt).
template <class Int>
std::optional<Int> parse_int(std::string_view text) {
    Int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

/// The parts of `s` between the occurrences of `sep`, in order, empty ones included: "a..b" by
/// '.' is {"a", "", "b"}, "" is {""}. Views into `s`. (Delimited files are split by csv_split,
/// which knows quotes; this is for keys, lists and words.)
std::vector<std::string_view> split(std::string_view s, char sep);

/// The field separator of a delimited file, judged from its header line: whichever of ',',
/// ';' and '\t' occurs most often outside double quotes (',' when none occurs; on a tie ','
/// before ';' before '\t').
char detect_separator(std::string_view header_line);

/// `s` with the capitals of ASCII and of the Russian alphabet (А–Я, Ё) lowered and every other
/// byte kept: a word compared without regard to case ("ИСТИНА", "Истина", "TRUE").
std::string lower_ascii_and_russian(std::string_view s);

/// true for ИСТИНА and false for ЛОЖЬ, in any letter case: how Excel and LibreOffice in a
/// Russian locale save a boolean cell to CSV; nothing for any other text.
std::optional<bool> russian_spreadsheet_boolean(std::string_view s);

/// A name as people may mean it though written otherwise: Й/Ё typed as a letter and a combining
/// mark composed (Unicode canonical equivalence), the letters upper_case maps lowered, ё as е,
/// dashes and the minus sign as '-', other combining marks, zero-width characters and the soft
/// hyphen left out, runs of spaces (no-break and the other Unicode spaces, tabs) as one space,
/// none at either end; a byte that is not UTF-8 as U+FFFD and its value in hex. Two names with
/// one key are likely one name ("Ханты–Мансийск ", "ханты-мансийск"); the key is for telling
/// that, not for showing.
std::string loose_name_key(std::string_view s);

/// The first character of `s` a reader cannot see or tell from a plain space (a combining mark,
/// a zero-width character, the soft hyphen, the byte-order mark, a no-break or other Unicode
/// space, a tab), as "U+00A0 at byte 10" (1-based); empty when there is none.
std::string first_unseen_character(std::string_view s);

/// `s` in upper case: the letters of the Latin (ASCII, Latin-1, Latin Extended-A) and Cyrillic
/// (U+0400–U+052F: Russian, Ukrainian, Belarusian, Khanty, Mansi, Komi…) blocks by Unicode's
/// simple case mapping; other characters as they are ("Біла Церква" → "БІЛА ЦЕРКВА", "café" →
/// "CAFÉ"; "ß" stays "ß"), and so are bytes that are not UTF-8.
std::string upper_case(std::string_view s);

/// `s` with its first character in upper case (upper_case), the rest as it is.
std::string capitalised(std::string_view s);

}  // namespace civica::text
