#include "civica/text/limits.hpp"

#include "civica/core/interruption.hpp"

#include "civica/error.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <functional>
#include <mutex>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace civica::text {

namespace {

std::mutex& limits_mutex() {
    static std::mutex m;
    return m;
}

input_limits& limits_storage() {
    static input_limits l;
    return l;
}

// The caps of the innermost thread_limits of this thread, or null.
thread_local const input_limits* thread_override = nullptr;

void check_caps(const input_limits& limits) {
    if (limits.max_file_bytes == 0 || limits.max_field_bytes == 0 ||
        limits.max_fields_per_record == 0 || limits.max_rows == 0 || limits.max_json_depth == 0)
        throw validation_error("input limits: every cap must be at least 1");
}

/// The process-wide caps (not a thread's own).
input_limits process_limits() {
    std::lock_guard lock(limits_mutex());
    return limits_storage();
}

}  // namespace

input_limits current_limits() { return thread_override != nullptr ? *thread_override : process_limits(); }

thread_limits::thread_limits(const input_limits& limits) : saved_(thread_override), mine_(limits) {
    check_caps(mine_);
    thread_override = &mine_;
}

thread_limits::~thread_limits() { thread_override = saved_; }

void set_limits(const input_limits& limits) {
    check_caps(limits);
    std::lock_guard lock(limits_mutex());
    limits_storage() = limits;
}

// The process-wide caps it replaces, not current_limits(): inside a thread_limits those are the
// thread's, and restoring them would hand one thread's caps to every thread.
scoped_limits::scoped_limits(const input_limits& limits) : saved_(process_limits()) {
    set_limits(limits);
}

scoped_limits::~scoped_limits() {
    std::lock_guard lock(limits_mutex());
    limits_storage() = saved_;
}

void check_file_size(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) return;  // missing or special file: the open that follows reports it
    const auto cap = current_limits().max_file_bytes;
    if (size > cap)
        throw io_error("\"" + file.string() + "\" is " + std::to_string(size) +
                       " bytes, more than the limit of " + std::to_string(cap) +
                       " (civica::text::input_limits::max_file_bytes)");
}

namespace {

/// The keys met so far in one open object of a JSON text: a few in a list, compared by a hash
/// first; an object of many keys moves them into a set.
class object_keys {
public:
    struct key {
        std::string_view text;
        std::size_t at;  // byte offset in the document
    };
    /// The earlier key spelt as `k`, or nullptr after noting `k`.
    const key* add(std::string_view k, std::size_t at) {
        const std::size_t h = std::hash<std::string_view>{}(k);
        if (many_.empty()) {
            for (std::size_t i = 0; i < few_.size(); ++i)
                if (hashes_[i] == h && few_[i].text == k) return &few_[i];
            few_.push_back({k, at});
            hashes_.push_back(h);
            if (few_.size() > 32)
                for (const auto& f : few_) many_.emplace(f.text, f);
            return nullptr;
        }
        auto [it, fresh] = many_.emplace(k, key{k, at});
        return fresh ? nullptr : &it->second;
    }
    void clear() {
        few_.clear();
        hashes_.clear();
        // Given back, not cleared: clear() costs the buckets a wide object left, on every
        // object after it.
        if (!many_.empty()) std::unordered_map<std::string_view, key>().swap(many_);
    }

private:
    std::vector<key> few_;
    std::vector<std::size_t> hashes_;
    std::unordered_map<std::string_view, key> many_;
};

/// Line and column (1-based) of byte `at` of `text`: counted only for a message.
std::pair<std::size_t, std::size_t> place_of(std::string_view text, std::size_t at) {
    const std::string_view before = text.substr(0, at);
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t last_break = before.rfind('\n');
    return {line, at - (last_break == std::string_view::npos ? 0 : last_break + 1) + 1};
}

}  // namespace

void check_json_text(std::string_view text, const std::string& name) {
    check_not_wide(text, name);
    auto fail = [&](std::size_t at, const std::string& why) {
        const auto [line, column] = place_of(text, at);
        throw parse_error(name, line, column, {}, why);
    };
    // nlohmann/json takes a NUL byte for the end of the text and never reads what follows
    // (its issue #1095): a file with one would lose the rest of its records unsaid.
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos)
        fail(nul, "a NUL byte (0x00): JSON text holds none (is it a binary file, or UTF-16?)");
    const std::size_t cap = current_limits().max_json_depth;
    // One entry per open array or object: the objects' keys (levels are reused, so that a
    // file of a million records does not allocate a million sets).
    std::vector<object_keys> levels;
    std::vector<bool> is_object;
    std::size_t depth = 0;
    bool expect_key = false;
    const std::size_t n = text.size();
    std::size_t next_point = std::size_t{1} << 20;  // an interruption point every MiB scanned
    for (std::size_t i = 0; i < n; ++i) {
        if (i >= next_point) {
            interruption_point();
            next_point = i + (std::size_t{1} << 20);
        }
        switch (text[i]) {
            case '"': {
                // To the closing quote: the next one not escaped by an odd run of backslashes.
                const std::size_t start = i + 1;
                std::size_t end = start;
                for (;;) {
                    end = text.find('"', end);
                    if (end == std::string_view::npos) return;  // unterminated: the parser says so
                    std::size_t slashes = 0;
                    while (end - slashes > start && text[end - slashes - 1] == '\\') ++slashes;
                    if (slashes % 2 == 0) break;
                    ++end;
                }
                if (expect_key) {
                    // RFC 8259 section 4: the names of an object should be unique; a parser
                    // keeps one of the values of a repeated name, silently (nlohmann/json the
                    // last). Names compare as written: "a" and "\u0061" are not seen as one.
                    const std::string_view key = text.substr(start, end - start);
                    if (const auto* first = levels[depth - 1].add(key, start))
                        fail(start, "the key \"" + utf8_or_escaped(leading_part(key, 200)) +
                                        "\" is given twice in one object (also on line " +
                                        std::to_string(place_of(text, first->at).first) +
                                        "): JSON names in an object are unique (RFC 8259 section 4), and which value "
                                        "counts is not defined; keep one");
                }
                expect_key = false;
                i = end;
                break;
            }
            case '[':
            case '{':
                if (++depth > cap)
                    fail(i, "JSON nested deeper than " + std::to_string(cap) +
                                " levels (civica::text::input_limits::max_json_depth)");
                if (levels.size() < depth) {
                    levels.emplace_back();
                    is_object.push_back(false);
                }
                levels[depth - 1].clear();
                is_object[depth - 1] = text[i] == '{';
                expect_key = text[i] == '{';
                break;
            case ']':
            case '}':
                if (depth > 0) --depth;
                expect_key = false;
                break;
            case ',': expect_key = depth > 0 && is_object[depth - 1]; break;
            case ' ':
            case '\t':
            case '\r':
            case '\n': break;
            default: expect_key = false; break;
        }
    }
}

parse_error json_parse_error(std::string_view text, const std::string& name, std::string_view what,
                             std::optional<std::size_t> syntax_byte) {
    if (syntax_byte) {
        // The byte where the parser stopped (counted from 1), and its column on its line.
        const std::size_t at = std::min(*syntax_byte == 0 ? 0 : *syntax_byte - 1, text.size());
        const std::size_t newline = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
        const std::size_t column = newline == std::string_view::npos ? at + 1 : at - newline;
        return parse_error(name, json_error_line(text, *syntax_byte), column, "",
                           "not valid JSON: " + json_error_reason(what));
    }
    return parse_error(name, 0, 0, "", "not readable JSON: " + json_error_reason(what));
}

}  // namespace civica::text
