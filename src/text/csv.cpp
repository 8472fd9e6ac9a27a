// Design notes: the reader keeps a window of the input (the whole text when it is given in
// memory) and splits one record at a time with csv_split (csv_split.hpp), the tokenizer every
// reader of delimited text shares. A record that reaches the end of the window is split again
// once more input is read, so a record may straddle any number of reads while the whole file
// is never in memory. Each record's bytes are then checked for NUL and UTF-8 in one pass
// (before quotes are removed, so removing a quote can never join two broken halves into a
// valid character). Line and column of an error are counted from the record's first line only
// when there is an error.
#include "civica/text/csv.hpp"

#include "civica/core/interruption.hpp"
#include "civica/error.hpp"
#include "civica/text/csv_split.hpp"
#include "civica/text/files.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <istream>
#include <ostream>

namespace civica::text {

namespace {

// The quote, a line break and NUL have meanings of their own in CSV: a file separated by one
// of them cannot be read back.
void refuse_special_separator(char separator) {
    const char* name = separator == '"'    ? "a double quote"
                       : separator == '\n' ? "a line feed"
                       : separator == '\r' ? "a carriage return"
                       : separator == '\0' ? "a NUL byte"
                                           : nullptr;
    if (name != nullptr)
        throw validation_error(std::string("the CSV separator cannot be ") + name +
                               " (CSV gives it a meaning of its own); use ',', ';' or a tab");
}

}  // namespace

std::vector<std::string> csv_record::to_strings() const {
    std::vector<std::string> out;
    out.reserve(size());
    for (std::size_t i = 0; i < size(); ++i) out.emplace_back((*this)[i]);
    return out;
}

std::string_view describe(csv_fault f) {
    switch (f) {
        case csv_fault::none: return "no fault";
        case csv_fault::unclosed_quote:
            return "the quoted field opened here is not closed before the end of the file "
                   "(a quote inside a quoted field is written twice: \"\")";
        case csv_fault::text_after_quote:
            return "unexpected character after the closing quote of a field "
                   "(a quote inside a quoted field is written twice: \"\")";
        case csv_fault::lone_carriage_return: return "a carriage return not followed by a line feed";
        case csv_fault::too_many_fields: return "a record with too many fields";
    }
    return "a malformed record";
}

namespace {

constexpr std::size_t chunk_size = 64 * 1024;

std::string hex_byte(unsigned char b) {
    std::array<char, 8> buf{};
    std::snprintf(buf.data(), buf.size(), "0x%02X", static_cast<unsigned>(b));
    return buf.data();
}

// Bytes a UTF-8 character starting with `lead` takes (1 for a byte that cannot start one).
std::size_t utf8_length(unsigned char lead) {
    if (lead >= 0xF0) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC0) return 2;
    return 1;
}

}  // namespace

struct csv_reader::state {
    std::unique_ptr<std::istream> owned;
    std::istream* in = nullptr;  // null when the text was given in memory
    std::string name;
    csv_options opt;
    input_limits lim = current_limits();  // taken once per file (docs/reliability.md)
    std::vector<char> buf;                // the window, when reading a stream
    const char* data = nullptr;           // the bytes [pos, len) not yet split
    std::size_t pos = 0;
    std::size_t len = 0;
    bool started = false;
    bool eof = false;
    std::size_t records = 0;
    std::size_t calls = 0;  // calls of next() (an interruption point every 4096)
    std::size_t line = 1;
    std::size_t width = 0;
    bool width_known = false;
    std::size_t check_partial_at = 0;  // size of an unfinished record at which its fields are measured

    // Line and column of `at`, in the record that starts at `record` on line `first_line`.
    [[noreturn]] void fail(const char* record, std::size_t first_line, const char* at, const std::string& why) const {
        std::size_t l = first_line;
        const char* line_start = record;
        for (const char* q = record; q < at; ++q)
            if (*q == '\n') {
                ++l;
                line_start = q + 1;
            }
        throw parse_error(name, l, static_cast<std::size_t>(at - line_start) + 1, {}, why);
    }

    // Reads more of the stream behind the bytes not yet split; sets eof at its end.
    void read_more() {
        if (!in) {
            eof = true;
            return;
        }
        if (pos > 0) {
            std::memmove(buf.data(), buf.data() + pos, len - pos);
            len -= pos;
            pos = 0;
        }
        if (buf.size() - len < chunk_size) buf.resize(std::max(buf.size() * 2, len + chunk_size));
        in->read(buf.data() + len, static_cast<std::streamsize>(buf.size() - len));
        const auto got = static_cast<std::size_t>(in->gcount());
        if (in->bad()) throw io_error("cannot read \"" + name + "\"");
        if (got == 0) eof = true;
        len += got;
        data = buf.data();
    }

    void start() {
        started = true;
        while (!eof && len - pos < 16) read_more();
        check_text_file(std::string_view(data + pos, len - pos), name);
        // A UTF-8 byte-order mark (spreadsheet programs write one) is not data.
        if (len - pos >= 3 && std::memcmp(data + pos, "\xEF\xBB\xBF", 3) == 0) pos += 3;
    }

    // An unfinished record has grown past the field cap: refuse it if one of its fields is
    // already longer, instead of reading an endless field into memory.
    void check_partial(const char* record, const char* end) {
        if (static_cast<std::size_t>(end - record) < check_partial_at) return;
        check_partial_at = static_cast<std::size_t>(end - record) * 2;
        const char* too_long = nullptr;
        const auto r = csv_split(record, end, opt.separator, true, lim.max_fields_per_record,
                                 [&](std::size_t, std::string_view v, bool) {
                                     if (!too_long && v.size() > lim.max_field_bytes)
                                         too_long = v.data() + lim.max_field_bytes;
                                 });
        if (!too_long && r.fault == csv_fault::unclosed_quote &&
            static_cast<std::size_t>(end - r.fault_at - 1) > lim.max_field_bytes)
            too_long = r.fault_at + 1 + lim.max_field_bytes;
        if (too_long) field_too_long(record, too_long);
    }

    [[noreturn]] void field_too_long(const char* record, const char* at) const {
        fail(record, line, at,
             "a field longer than " + std::to_string(lim.max_field_bytes) +
                 " bytes (civica::text::input_limits::max_field_bytes)");
    }

    // Refuses a NUL byte or bytes that are not UTF-8 in [record, next).
    void check_bytes(const char* record, const char* next) const {
        const auto n = static_cast<std::size_t>(next - record);
        if (const void* nul = std::memchr(record, '\0', n))
            fail(record, line, static_cast<const char*>(nul), "a NUL byte (the file is binary or not UTF-8)");
        const std::size_t bad = find_invalid_utf8(std::string_view(record, n));
        if (bad == std::string_view::npos) return;
        const char* at = record + bad;
        const auto lead = static_cast<unsigned char>(*at);
        // A character cut off by the end of the file (its remaining bytes are continuations).
        bool cut = eof && next == data + len && utf8_length(lead) > 1 && at + utf8_length(lead) > next;
        for (const char* q = at + 1; cut && q < next; ++q)
            if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80) cut = false;
        if (cut) fail(record, line, at, "the file ends inside a UTF-8 character (save the file as UTF-8)");
        fail(record, line, at,
             "invalid UTF-8 (byte " + hex_byte(lead) + "); save the file as UTF-8 (it may be in Windows-1251)");
    }
};

csv_reader::csv_reader(const std::filesystem::path& file, csv_options options,
                       std::string display_name)
    : s_(std::make_unique<state>()) {
    refuse_special_separator(options.separator);
    s_->name = display_name.empty() ? file.filename().string() : std::move(display_name);
    check_input_file(file);
    errno = 0;
    auto f = std::make_unique<std::ifstream>(file, std::ios::binary);
    if (!*f) throw io_error(cannot_open(file));
    s_->in = f.get();
    s_->owned = std::move(f);
    s_->opt = options;
}

csv_reader::csv_reader(std::istream& in, std::string name, csv_options options)
    : s_(std::make_unique<state>()) {
    refuse_special_separator(options.separator);
    s_->in = &in;
    s_->name = std::move(name);
    s_->opt = options;
}

csv_reader::csv_reader(std::string_view text, std::string name, csv_options options)
    : s_(std::make_unique<state>()) {
    refuse_special_separator(options.separator);
    s_->name = std::move(name);
    s_->opt = options;
    s_->data = text.data();
    s_->len = text.size();
    s_->eof = true;
}

csv_reader::csv_reader(csv_reader&&) noexcept = default;
csv_reader& csv_reader::operator=(csv_reader&&) noexcept = default;
csv_reader::~csv_reader() = default;

const std::string& csv_reader::name() const noexcept { return s_->name; }
std::size_t csv_reader::width() const noexcept { return s_->width; }

bool csv_reader::next(csv_record& rec) {
    state& s = *s_;
    // Every 4096 records, before the next is taken: a reader stopped there reads on from it.
    if ((++s.calls & 0xFFF) == 0) interruption_point();
    if (!s.started) s.start();
    s.check_partial_at = s.lim.max_field_bytes + 1;
    for (;;) {
        if (s.pos == s.len) {
            if (s.eof) return false;
            s.read_more();
            continue;
        }
        const char* record = s.data + s.pos;
        const char* end = s.data + s.len;
        const char* too_long = nullptr;
        rec.text_.clear();
        rec.ends_.clear();
        const auto r = csv_split(record, end, s.opt.separator, s.eof, s.lim.max_fields_per_record,
                                 [&](std::size_t i, std::string_view v, bool doubled) {
                                     rec.ends_.resize(i);
                                     rec.text_.resize(i == 0 ? 0 : rec.ends_.back());
                                     if (!too_long && v.size() > s.lim.max_field_bytes)
                                         too_long = v.data() + s.lim.max_field_bytes;
                                     if (doubled) csv_unescape(v, rec.text_);
                                     else rec.text_.append(v);
                                     rec.ends_.push_back(rec.text_.size());
                                 });
        if (!r.complete) {
            s.check_partial(record, end);
            s.read_more();
            continue;
        }
        if (r.fault == csv_fault::too_many_fields)
            s.fail(record, s.line, r.fault_at,
                   "a record with more than " + std::to_string(s.lim.max_fields_per_record) +
                       " fields (civica::text::input_limits::max_fields_per_record)");
        if (r.fault != csv_fault::none) s.fail(record, s.line, r.fault_at, std::string(describe(r.fault)));
        s.check_bytes(record, r.next);
        if (too_long) s.field_too_long(record, too_long);
        rec.line_ = s.line;
        s.line += r.line_breaks + (r.line_end ? 1 : 0);
        s.pos = static_cast<std::size_t>(r.next - s.data);
        s.check_partial_at = s.lim.max_field_bytes + 1;
        if (r.blank && s.opt.skip_blank_lines) continue;
        if (++s.records > s.lim.max_rows)
            throw parse_error(s.name, rec.line_, 0, {},
                              "more than " + std::to_string(s.lim.max_rows) +
                                  " records (civica::text::input_limits::max_rows)");
        if (!s.width_known) {
            s.width = rec.size();
            s.width_known = true;
        } else if (s.opt.uniform_width && rec.size() != s.width) {
            throw parse_error(s.name, rec.line_, 0, {},
                              "the record has " + std::to_string(rec.size()) + " fields but the header has " +
                                  std::to_string(s.width) +
                                  " (a value holding " + separator_name(s.opt.separator) +
                                  " must be in double quotes)");
        }
        return true;
    }
}

std::string separator_name(char separator) {
    switch (separator) {
        case ',': return "a comma";
        case ';': return "a semicolon";
        case '\t': return "a tab";
        default: return std::string("'") + separator + "'";
    }
}

void check_separator(char separator) {
    if (separator != ',' && separator != ';' && separator != '\t')
        throw validation_error("the separator must be ',', ';' or a tab, not " + separator_name(separator));
}

std::vector<std::vector<std::string>> parse_csv(std::string_view text, csv_options options,
                                                std::string name) {
    csv_reader r(text, std::move(name), options);
    std::vector<std::vector<std::string>> out;
    csv_record rec;
    while (r.next(rec)) out.push_back(rec.to_strings());
    return out;
}

bool csv_needs_quotes(std::string_view field, char separator) {
    for (char c : field)
        if (c == separator || c == '"' || c == '\n' || c == '\r') return true;
    return false;
}

std::string csv_escape(std::string_view field, char separator) {
    if (!csv_needs_quotes(field, separator)) return std::string(field);
    std::string out;
    out.reserve(field.size() + 2);
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string spreadsheet_text(std::string_view field) {
    if (field.empty()) return {};
    switch (field.front()) {
        case '=': case '+': case '-': case '@': case '\t': case '\r': return "'" + std::string(field);
        default: return std::string(field);
    }
}

csv_writer::csv_writer(std::ostream& out, char separator, std::string line_end)
    : out_(&out), separator_(separator), line_end_(std::move(line_end)), max_field_bytes_(current_limits().max_field_bytes) {
    refuse_special_separator(separator_);
    if (line_end_ != "\n" && line_end_ != "\r\n")
        throw validation_error("csv_writer: a record ends with a line feed (\"\\n\") or a carriage return and a "
                               "line feed (\"\\r\\n\"), the line ends CSV readers take, not another text");
}

csv_writer& csv_writer::field(std::string_view value) {
    if (value.find('\0') != std::string_view::npos)
        throw validation_error("a CSV field cannot hold a NUL byte");
    if (const auto bad = find_invalid_utf8(value); bad != std::string_view::npos)
        throw validation_error("text is not valid UTF-8 (byte " +
                               hex_byte(static_cast<unsigned char>(value[bad])) + " at offset " +
                               std::to_string(bad) + ")");
    // The reader measures a quoted field with its quotes still doubled.
    const std::size_t bytes = value.size() + static_cast<std::size_t>(std::count(value.begin(), value.end(), '"'));
    if (bytes > max_field_bytes_)
        throw validation_error("a field of " + std::to_string(bytes) + " bytes, longer than the " +
                               std::to_string(max_field_bytes_) +
                               " a CSV reader takes (civica::text::input_limits::max_field_bytes): it could not be "
                               "read back; keep such data in JSON, SQLite or the store");
    if (fields_in_record_ > 0) record_ += separator_;
    if (csv_needs_quotes(value, separator_)) {
        record_ += csv_escape(value, separator_);
    } else {
        record_.append(value);
    }
    ++fields_in_record_;
    return *this;
}

void csv_writer::end_record() {
    // A record whose only field is empty would be an empty line, which readers skip.
    if (fields_in_record_ == 1 && record_.empty()) record_ = "\"\"";
    record_ += line_end_;
    out_->write(record_.data(), static_cast<std::streamsize>(record_.size()));
    record_.clear();
    fields_in_record_ = 0;
    if ((++records_ & 0xFFF) == 0) interruption_point();  // every 4096 records, each one whole
}

void csv_writer::write_record(std::initializer_list<std::string_view> fields) {
    for (auto f : fields) field(f);
    end_record();
}

}  // namespace civica::text
