// Design notes: the reader is a byte-at-a-time state machine over a 64 KiB window of the
// input, so a record may straddle two reads and the whole file is never in memory. UTF-8 is
// validated on the raw bytes as they stream past (before quotes are removed, so removing a
// quote can never join two broken halves into a valid character). Line and byte-column
// counters follow every byte, which is what lets errors point at the exact place.
#include "civica/text/csv.hpp"

#include "civica/error.hpp"
#include "civica/text/limits.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>

namespace civica::text {

std::vector<std::string> csv_record::to_strings() const {
    std::vector<std::string> out;
    out.reserve(size());
    for (std::size_t i = 0; i < size(); ++i) out.emplace_back((*this)[i]);
    return out;
}

namespace {

constexpr std::size_t chunk_size = 64 * 1024;

std::string hex_byte(unsigned char b) {
    std::array<char, 8> buf{};
    std::snprintf(buf.data(), buf.size(), "0x%02X", static_cast<unsigned>(b));
    return buf.data();
}

/// Incremental UTF-8 validation (RFC 3629 table of well-formed byte sequences).
struct utf8_state {
    int need = 0;              // continuation bytes still expected
    unsigned char lo = 0x80;   // allowed range of the next continuation byte
    unsigned char hi = 0xBF;

    /// False when `b` cannot continue the text validly.
    bool feed(unsigned char b) noexcept {
        if (need > 0) {
            if (b < lo || b > hi) return false;
            lo = 0x80;
            hi = 0xBF;
            --need;
            return true;
        }
        if (b < 0x80) return true;
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
        } else if (b == 0xE0) {
            need = 2;
            lo = 0xA0;
        } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
            need = 2;
        } else if (b == 0xED) {  // excludes the UTF-16 surrogates U+D800..U+DFFF
            need = 2;
            hi = 0x9F;
        } else if (b == 0xF0) {
            need = 3;
            lo = 0x90;
        } else if (b >= 0xF1 && b <= 0xF3) {
            need = 3;
        } else if (b == 0xF4) {  // nothing above U+10FFFF
            need = 3;
            hi = 0x8F;
        } else {
            return false;
        }
        return true;
    }
};

enum class st : unsigned char { field_start, unquoted, quoted, quote_in_quoted, cr };

}  // namespace

namespace detail {
std::size_t find_invalid_utf8(std::string_view s) noexcept {
    utf8_state u;
    std::size_t lead = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (u.need == 0) lead = i;
        if (!u.feed(static_cast<unsigned char>(s[i]))) return u.need > 0 ? lead : i;
    }
    return u.need > 0 ? lead : std::string_view::npos;
}
}  // namespace detail

struct csv_reader::state {
    std::unique_ptr<std::istream> owned;
    std::istream* in = nullptr;
    std::string name;
    csv_options opt;
    input_limits lim = current_limits();  // taken once per file (docs/reliability.md)
    std::size_t records = 0;
    std::vector<char> buf;
    std::size_t pos = 0;
    std::size_t len = 0;
    bool started = false;
    bool eof = false;
    std::size_t line = 1;
    std::size_t column = 1;  // byte column of the next byte on its line
    std::size_t width = 0;
    bool width_known = false;
    utf8_state utf8;
    std::size_t utf8_line = 0, utf8_column = 0;  // where the current multi-byte char began

    [[noreturn]] void fail(std::size_t at_line, std::size_t at_column, const std::string& why) const {
        throw parse_error(name, at_line, at_column, {}, why);
    }

    /// Makes at least one byte available; false at the end of input.
    bool fill() {
        if (pos < len) return true;
        if (eof) return false;
        buf.resize(chunk_size);
        in->read(buf.data(), static_cast<std::streamsize>(buf.size()));
        len = static_cast<std::size_t>(in->gcount());
        pos = 0;
        if (in->bad()) throw io_error("cannot read \"" + name + "\"");
        if (len == 0) {
            eof = true;
            return false;
        }
        if (!started) {
            started = true;
            // A UTF-8 byte-order mark (spreadsheet programs write one) is not data.
            if (len >= 3 && static_cast<unsigned char>(buf[0]) == 0xEF &&
                static_cast<unsigned char>(buf[1]) == 0xBB && static_cast<unsigned char>(buf[2]) == 0xBF)
                pos = 3;
            if (pos >= len) return fill();
        }
        return true;
    }
};

csv_reader::csv_reader(const std::filesystem::path& file, csv_options options,
                       std::string display_name)
    : s_(std::make_unique<state>()) {
    auto f = std::make_unique<std::ifstream>(file, std::ios::binary);
    s_->name = display_name.empty() ? file.filename().string() : std::move(display_name);
    check_file_size(file);
    if (!*f) throw io_error("cannot open \"" + file.string() + "\"");
    s_->in = f.get();
    s_->owned = std::move(f);
    s_->opt = options;
}

csv_reader::csv_reader(std::istream& in, std::string name, csv_options options)
    : s_(std::make_unique<state>()) {
    s_->in = &in;
    s_->name = std::move(name);
    s_->opt = options;
}

csv_reader::csv_reader(csv_reader&&) noexcept = default;
csv_reader& csv_reader::operator=(csv_reader&&) noexcept = default;
csv_reader::~csv_reader() = default;

const std::string& csv_reader::name() const noexcept { return s_->name; }
std::size_t csv_reader::width() const noexcept { return s_->width; }

bool csv_reader::next(csv_record& rec) {
    state& s = *s_;
    const char sep = s.opt.separator;
    for (;;) {
        rec.text_.clear();
        rec.ends_.clear();
        rec.line_ = s.line;
        st state = st::field_start;
        bool any = false;  // the record has content (so it is not a blank line)
        std::size_t quote_line = 0, quote_column = 0;
        bool done = false;
        while (!done) {
            if (!s.fill()) {
                if (state == st::quoted)
                    s.fail(quote_line, quote_column,
                           "the quoted field opened here is not closed before the end of the file "
                           "(a quote inside a quoted field is written twice: \"\")");
                if (s.utf8.need > 0)
                    s.fail(s.utf8_line, s.utf8_column,
                           "the file ends inside a UTF-8 character (save the file as UTF-8)");
                if (state == st::cr)
                    s.fail(s.line, s.column - 1, "a carriage return not followed by a line feed");
                if (!any) return false;
                break;
            }
            // Caps on one field and on the number of fields: a file of one endless field or
            // of millions of separators must not exhaust memory (docs/reliability.md).
            if (rec.text_.size() - (rec.ends_.empty() ? 0 : rec.ends_.back()) >
                s.lim.max_field_bytes)
                s.fail(s.line, s.column,
                       "a field longer than " + std::to_string(s.lim.max_field_bytes) +
                           " bytes (civica::text::input_limits::max_field_bytes)");
            if (rec.ends_.size() >= s.lim.max_fields_per_record)
                s.fail(s.line, s.column,
                       "a record with more than " + std::to_string(s.lim.max_fields_per_record) +
                           " fields (civica::text::input_limits::max_fields_per_record)");
            const char c = s.buf[s.pos];
            const auto b = static_cast<unsigned char>(c);
            if (b == 0) s.fail(s.line, s.column, "a NUL byte (the file is binary or not UTF-8)");
            if (s.utf8.need == 0) {
                s.utf8_line = s.line;
                s.utf8_column = s.column;
            }
            if (!s.utf8.feed(b))
                s.fail(s.utf8_line, s.utf8_column,
                       "invalid UTF-8 (byte " + hex_byte(b) +
                           "); save the file as UTF-8 (it may be in Windows-1251)");
            ++s.pos;
            const std::size_t here_line = s.line, here_column = s.column;
            if (c == '\n') {
                ++s.line;
                s.column = 1;
            } else {
                ++s.column;
            }
            switch (state) {
                case st::field_start:
                    if (c == '"') {
                        state = st::quoted;
                        quote_line = here_line;
                        quote_column = here_column;
                        any = true;
                    } else if (c == sep) {
                        rec.ends_.push_back(rec.text_.size());
                        any = true;
                    } else if (c == '\n') {
                        done = true;
                    } else if (c == '\r') {
                        state = st::cr;
                    } else {
                        rec.text_ += c;
                        state = st::unquoted;
                        any = true;
                    }
                    break;
                case st::unquoted:
                    if (c == sep) {
                        rec.ends_.push_back(rec.text_.size());
                        state = st::field_start;
                    } else if (c == '\n') {
                        done = true;
                    } else if (c == '\r') {
                        state = st::cr;
                    } else {
                        rec.text_ += c;  // a quote inside an unquoted field is kept as it is
                    }
                    break;
                case st::quoted:
                    if (c == '"')
                        state = st::quote_in_quoted;
                    else
                        rec.text_ += c;
                    break;
                case st::quote_in_quoted:
                    if (c == '"') {
                        rec.text_ += '"';
                        state = st::quoted;
                    } else if (c == sep) {
                        rec.ends_.push_back(rec.text_.size());
                        state = st::field_start;
                    } else if (c == '\n') {
                        done = true;
                    } else if (c == '\r') {
                        state = st::cr;
                    } else {
                        s.fail(here_line, here_column,
                               std::string("unexpected character after the closing quote of a field "
                                           "(a quote inside a quoted field is written twice: \"\")"));
                    }
                    break;
                case st::cr:
                    if (c != '\n')
                        s.fail(here_line, here_column - 1,
                               "a carriage return not followed by a line feed");
                    done = true;
                    break;
            }
        }
        if (!any && s.opt.skip_blank_lines) {
            if (s.eof && s.pos >= s.len) return false;
            continue;
        }
        rec.ends_.push_back(rec.text_.size());
        if (++s.records > s.lim.max_rows)
            s.fail(rec.line_, 0,
                   "more than " + std::to_string(s.lim.max_rows) +
                       " records (civica::text::input_limits::max_rows)");
        if (s.opt.uniform_width) {
            if (!s.width_known) {
                s.width = rec.ends_.size();
                s.width_known = true;
            } else if (rec.ends_.size() != s.width) {
                s.fail(rec.line_, 0,
                       "the record has " + std::to_string(rec.ends_.size()) +
                           " fields but the header has " + std::to_string(s.width) +
                           " (a value holding the separator must be in double quotes)");
            }
        } else if (!s.width_known) {
            s.width = rec.ends_.size();
            s.width_known = true;
        }
        return true;
    }
}

std::vector<std::vector<std::string>> parse_csv(std::string_view text, csv_options options,
                                                std::string name) {
    std::istringstream in{std::string(text)};
    csv_reader r(in, std::move(name), options);
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

csv_writer::csv_writer(std::ostream& out, char separator, std::string line_end)
    : out_(&out), separator_(separator), line_end_(std::move(line_end)) {}

csv_writer& csv_writer::field(std::string_view value) {
    if (value.find('\0') != std::string_view::npos)
        throw validation_error("a CSV field cannot hold a NUL byte");
    if (const auto bad = detail::find_invalid_utf8(value); bad != std::string_view::npos)
        throw validation_error("text is not valid UTF-8 (byte " +
                               hex_byte(static_cast<unsigned char>(value[bad])) + " at offset " +
                               std::to_string(bad) + ")");
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
}

void csv_writer::write_record(std::initializer_list<std::string_view> fields) {
    for (auto f : fields) field(f);
    end_record();
}

}  // namespace civica::text
