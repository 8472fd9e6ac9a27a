#pragma once
/// \file
/// CSV reading and writing (RFC 4180), shared by every civica reader of delimited text.
///
/// The reader streams: it reads a file in chunks and hands out one record at a time, so a
/// file of any size is read in constant memory. Records are split by csv_split
/// (csv_split.hpp), the one tokenizer every civica reader of delimited text uses. It accepts
/// UTF-8 with or without a byte-order mark, `\n` or `\r\n` line ends, and quoted fields holding
/// separators, doubled quotes and line breaks. It refuses what would silently corrupt data: an
/// unterminated quote, a NUL byte, bytes that are not UTF-8, and (by default) a record whose
/// field count differs from the header's. Every error is a civica::parse_error with the file
/// name, the line and the column.
///
///     civica::text::csv_reader in("applications.csv");
///     civica::text::csv_record r;
///     while (in.next(r))
///         std::cout << r.line() << ": " << r[0] << '\n';

#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace civica::text {

/// How a delimited file is laid out and how strictly it is read.
struct csv_options {
    /// Field separator: ',' for RFC 4180, ';' for many Russian open-data files, '\t' for TSV.
    /// Not the double quote, a line break or NUL, which CSV gives meanings of their own:
    /// csv_reader throws civica::validation_error for those.
    char separator = ',';
    /// Every record must have as many fields as the first (the header); otherwise the reader
    /// throws. Turn off to check widths yourself (csv_record::size()).
    bool uniform_width = true;
    /// Lines with nothing on them are skipped (spreadsheets often leave one at the end).
    bool skip_blank_lines = true;
};

/// One record read by csv_reader: its fields and the physical line it starts on.
/// Field views point into the record and stay valid until the record is read into again.
class csv_record {
public:
    /// Number of fields.
    std::size_t size() const noexcept { return ends_.size(); }
    bool empty() const noexcept { return ends_.empty(); }
    /// Field `i` (0-based), unquoted: `"a ""b"""` reads as `a "b"`.
    std::string_view operator[](std::size_t i) const noexcept {
        const std::size_t b = i == 0 ? 0 : ends_[i - 1];
        return std::string_view(text_).substr(b, ends_[i] - b);
    }
    /// Field `i`, or an empty view when the record is shorter.
    std::string_view get(std::size_t i) const noexcept {
        return i < ends_.size() ? (*this)[i] : std::string_view();
    }
    /// 1-based physical line of the file on which the record starts (a quoted field with line
    /// breaks makes a record span several lines).
    std::size_t line() const noexcept { return line_; }
    /// The fields as owned strings.
    std::vector<std::string> to_strings() const;

private:
    friend class csv_reader;
    std::string text_;               // the fields' contents, back to back
    std::vector<std::size_t> ends_;  // end offset of each field in text_
    std::size_t line_ = 0;
};

/// Reads delimited text record by record. Not copyable; movable.
class csv_reader {
public:
    /// Opens `file` (throws civica::io_error when it cannot be opened). Error messages name the
    /// file by its file name only (`applications.csv`), or by `display_name` when given.
    explicit csv_reader(const std::filesystem::path& file, csv_options options = {},
                        std::string display_name = {});
    /// Reads from a stream the caller keeps alive; `name` is used in error messages.
    csv_reader(std::istream& in, std::string name, csv_options options = {});
    /// Reads text held in memory, which the caller keeps alive (nothing is copied).
    csv_reader(std::string_view text, std::string name, csv_options options = {});
    csv_reader(csv_reader&&) noexcept;
    csv_reader& operator=(csv_reader&&) noexcept;
    ~csv_reader();

    /// Reads the next record into `record` (reusing its memory); false at the end of input.
    /// Throws civica::parse_error (file, line, column) for malformed input.
    bool next(csv_record& record);
    /// The name used in error messages.
    const std::string& name() const noexcept;
    /// Number of fields of the first record (0 before it is read).
    std::size_t width() const noexcept;

private:
    struct state;
    std::unique_ptr<state> s_;
};

/// Parses CSV text held in memory into records of owned strings (for small inputs and tests).
std::vector<std::vector<std::string>> parse_csv(std::string_view text, csv_options options = {},
                                                std::string name = {});

/// The separator as messages word it: "a comma", "a semicolon", "a tab", or the character
/// in single quotes.
std::string separator_name(char separator);

/// Throws civica::validation_error unless `separator` is one of the separators civica reads and
/// writes, ',', ';' or a tab (those detect_separator tells apart, and spreadsheets write).
void check_separator(char separator);

/// True when `field` must be quoted to survive a round trip: it holds the separator, a quote
/// or a line break. (csv_writer also quotes a record's only field when it is empty, which
/// would otherwise read as a blank line.)
bool csv_needs_quotes(std::string_view field, char separator = ',');
/// `field` as it is written: quoted (with inner quotes doubled) only when needed.
std::string csv_escape(std::string_view field, char separator = ',');

/// `field` as a spreadsheet will show it as text: when it starts with '=', '+', '-', '@', a tab
/// or a carriage return, which Excel, LibreOffice Calc and Google Sheets read as the start of a
/// formula (so "=HYPERLINK(…)" from data would become a live link or worse: "CSV injection"),
/// a single quote is put in front ("'=HYPERLINK(…)"); any other field comes back unchanged.
/// For CSV made to be opened in a spreadsheet (the calendar's), not for data files that must
/// read back exactly (dataset folders), where the quote would become part of the value.
std::string spreadsheet_text(std::string_view field);

/// Writes delimited text, quoting only the fields that need it. Throws
/// civica::validation_error for a field that CSV cannot carry faithfully (a NUL byte,
/// bytes that are not UTF-8).
///
/// Records end with `line_end`, "\n" unless given: every civica CSV (dataset folders,
/// 360Giving, the reporting calendar) ends its records with LF. RFC 4180 2.1 writes CRLF, but
/// its grammar is otherwise followed (separator, quoting, doubled quotes), and every reader of
/// CSV, civica's included, takes LF as well as CRLF. The constructor throws
/// civica::validation_error for a `line_end` other than "\n" and "\r\n", and for a separator
/// csv_options::separator does not allow (a double quote, a line break, NUL).
///
///     civica::text::csv_writer w(out);
///     w.write_record({"id", "title"});
///     w.field("a-1").field("Проект \"Память\", 2020").end_record();
class csv_writer {
public:
    explicit csv_writer(std::ostream& out, char separator = ',', std::string line_end = "\n");

    /// Appends one field to the current record. Throws validation_error for a field no CSV
    /// reader of civica would read back: a NUL byte, bytes that are not UTF-8, or more bytes
    /// than input_limits::max_field_bytes (the caps in force when the writer was made).
    csv_writer& field(std::string_view value);
    /// Ends the current record.
    void end_record();
    /// Writes a whole record.
    void write_record(std::initializer_list<std::string_view> fields);
    template <class Range>
    void write_record(const Range& fields) {
        for (const auto& f : fields) field(f);
        end_record();
    }

private:
    std::ostream* out_;
    char separator_;
    std::string line_end_;
    std::string record_;  // the current record, written out by end_record()
    std::size_t fields_in_record_ = 0;
    std::size_t max_field_bytes_;
    std::size_t records_ = 0;  // records ended (an interruption point every 4096)
};

}  // namespace civica::text
