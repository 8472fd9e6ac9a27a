#pragma once
/// \file
/// Caps on what a reader accepts, so that a hostile or broken file cannot exhaust memory or
/// the stack. The defaults are far above any real civic data set (the whole ФПГ open data,
/// ~200 000 applications, is a 600 MB CSV with fields under 100 KB) and far below what would
/// hurt a desktop machine. docs/reliability.md lists which reader applies which cap.
///
///     civica::text::input_limits lim = civica::text::current_limits();
///     lim.max_file_bytes = 8ull << 30;                 // an 8 GiB export
///     civica::text::set_limits(lim);                      // process-wide, thread-safe
///
///     civica::text::scoped_limits tight({.max_field_bytes = 4096});  // until end of scope

#include "civica/core/interruption.hpp"
#include "civica/error.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace civica::text {

/// The caps. A reader that meets input beyond a cap throws: civica::parse_error (naming the
/// file, the line or JSON place, the cap and its value) for content, civica::io_error for a
/// file that is too large to read at all.
struct input_limits {
    /// Largest file a reader opens (bytes). JSON and XML readers hold the whole file in memory.
    std::uintmax_t max_file_bytes = std::uintmax_t{2} << 30;  // 2 GiB
    /// Longest CSV field (bytes, after unquoting).
    std::size_t max_field_bytes = std::size_t{16} << 20;  // 16 MiB
    /// Most fields in one CSV record (the ФПГ layout has 29; the widest civica table ~20).
    std::size_t max_fields_per_record = 4096;
    /// Most records in one CSV file, the header included.
    std::size_t max_rows = 100'000'000;
    /// Deepest nesting of JSON arrays and objects (civica's formats need fewer than 10).
    std::size_t max_json_depth = 256;
};

/// The caps in force for the calling thread (a copy; set_limits may change them from another
/// thread): those of the innermost thread_limits of this thread, else the process-wide ones.
input_limits current_limits();
/// Replaces the caps for the whole process. Throws civica::validation_error when a cap is 0.
void set_limits(const input_limits& limits);

/// Sets caps for the lifetime of the object and restores the previous ones when it ends
/// (for tests and for one careful import). Process-wide, like set_limits: not for use from
/// two threads at once.
class scoped_limits {
public:
    explicit scoped_limits(const input_limits& limits);
    ~scoped_limits();
    scoped_limits(const scoped_limits&) = delete;
    scoped_limits& operator=(const scoped_limits&) = delete;

private:
    input_limits saved_;
};

/// Sets caps for the calling thread only, for the lifetime of the object (io::read applies
/// read_options::limits so): other threads keep theirs, and the previous caps of this thread
/// come back when it ends. Nests.
class thread_limits {
public:
    explicit thread_limits(const input_limits& limits);
    ~thread_limits();
    thread_limits(const thread_limits&) = delete;
    thread_limits& operator=(const thread_limits&) = delete;

private:
    const input_limits* saved_;
    input_limits mine_;
};

/// Throws civica::io_error naming `file` when it is larger than max_file_bytes (a file that
/// cannot be examined is left for the caller's open to report).
void check_file_size(const std::filesystem::path& file);

/// The scan every JSON read makes of the text before parsing it. Throws civica::parse_error
/// (`name`, line, column) when JSON `text` nests arrays and objects deeper than max_json_depth
/// (brackets inside strings do not count), holds a NUL byte (the parser would stop there and
/// drop the rest unsaid), gives one key twice in an object (the parser would keep one value
/// silently; keys compare as written) or is UTF-16 or UTF-32 text. Malformed JSON is left for
/// the JSON parser to report.
void check_json_text(std::string_view text, const std::string& name);

/// The civica::parse_error naming `name` for JSON `text` that the JSON parser refused with the
/// message `what`: "not valid JSON: …" at the line and column of `syntax_byte` (nlohmann's
/// parse_error::byte, json_error_line) for a syntax error, and "not readable JSON: …" without a
/// line for any other refusal (a number too large for a double, 1e+400).
parse_error json_parse_error(std::string_view text, const std::string& name, std::string_view what,
                             std::optional<std::size_t> syntax_byte);

namespace detail {

/// The characters of a text as parse_json hands them to the JSON parser: an interruption point
/// (civica/core/interruption.hpp) every `left` characters, then every MiB.
struct checked_chars {
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;
    const char* p = nullptr;
    std::size_t left = 0;  // characters to the next interruption point
    reference operator*() const noexcept { return *p; }
    checked_chars& operator++() {
        ++p;
        if (--left == 0) {
            interruption_point();
            left = std::size_t{1} << 20;
        }
        return *this;
    }
    checked_chars operator++(int) {
        checked_chars was = *this;
        ++*this;
        return was;
    }
    bool operator==(const checked_chars& o) const noexcept { return p == o.p; }
};

}  // namespace detail

/// `text` parsed by the JSON library `Json` (nlohmann::json, which stays out of civica's
/// public headers) after check_json_text: the one way civica's JSON readers turn text into a
/// document, every refusal a civica::parse_error naming `name` (json_parse_error).
template <class Json>
Json parse_json(std::string_view text, const std::string& name) {
    check_json_text(text, name);
    try {
        // The parser reads the text through detail::checked_chars: an interruption point every
        // MiB (a 700 MB file takes seconds to parse).
        const char* const first = text.data();
        return Json::parse(detail::checked_chars{first, std::size_t{1} << 20},
                           detail::checked_chars{first + text.size(), 0});
    } catch (const typename Json::parse_error& e) {
        throw json_parse_error(text, name, e.what(), e.byte);
    } catch (const typename Json::exception& e) {
        throw json_parse_error(text, name, e.what(), std::nullopt);
    }
}

}  // namespace civica::text
