#include "civica/text/limits.hpp"

#include "civica/error.hpp"

#include <mutex>
#include <system_error>

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

void check_json_depth(std::string_view text, const std::string& name) {
    const std::size_t cap = current_limits().max_json_depth;
    std::size_t depth = 0, line = 1, column = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        ++column;
        if (c == '\n') {
            ++line;
            column = 0;
        }
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        switch (c) {
            case '"': in_string = true; break;
            case '[':
            case '{':
                if (++depth > cap)
                    throw parse_error(name, line, column, {},
                                      "JSON nested deeper than " + std::to_string(cap) +
                                          " levels (civica::text::input_limits::max_json_depth)");
                break;
            case ']':
            case '}':
                if (depth > 0) --depth;
                break;
            default: break;
        }
    }
}

}  // namespace civica::text
