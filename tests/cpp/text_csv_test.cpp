#include "civica/text/csv.hpp"

#include "civica/error.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using civica::text::csv_options;
using civica::text::csv_reader;
using civica::text::csv_record;
using civica::text::parse_csv;
using rows = std::vector<std::vector<std::string>>;

namespace {

/// The parse_error thrown by parsing `text`, or a failed test.
civica::parse_error error_of(const std::string& text, csv_options opt = {}) {
    try {
        parse_csv(text, opt, "t.csv");
    } catch (const civica::parse_error& e) {
        return e;
    }
    ADD_FAILURE() << "no parse_error for: " << text;
    return civica::parse_error("none");
}

/// (line, fields) of every record.
std::vector<std::pair<std::size_t, std::vector<std::string>>> with_lines(const std::string& text) {
    std::istringstream in(text);
    csv_reader r(in, "t.csv");
    csv_record rec;
    std::vector<std::pair<std::size_t, std::vector<std::string>>> out;
    while (r.next(rec)) out.emplace_back(rec.line(), rec.to_strings());
    return out;
}

}  // namespace

TEST(csv_reader, reads_plain_records) {
    EXPECT_EQ(parse_csv("a,b,c\n1,2,3\n"), (rows{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(csv_reader, reads_a_last_record_without_a_line_end) {
    EXPECT_EQ(parse_csv("a,b\n1,2"), (rows{{"a", "b"}, {"1", "2"}}));
}

TEST(csv_reader, keeps_empty_fields_and_spaces) {
    EXPECT_EQ(parse_csv("a,b,c\n, x ,\n"), (rows{{"a", "b", "c"}, {"", " x ", ""}}));
}

TEST(csv_reader, unquotes_fields_with_commas_quotes_and_line_breaks) {
    const std::string text =
        "id,title\n"
        "1,\"Память, которую мы храним\"\n"
        "2,\"Проект \"\"Добро\"\"\"\n"
        "3,\"line one\nline two\"\n";
    EXPECT_EQ(parse_csv(text), (rows{{"id", "title"},
                                     {"1", "Память, которую мы храним"},
                                     {"2", "Проект \"Добро\""},
                                     {"3", "line one\nline two"}}));
}

TEST(csv_reader, reports_the_line_on_which_each_record_starts) {
    const std::string text =
        "id,note\n"            // line 1
        "a,\"two\nlines\"\n"   // lines 2-3
        "b,\"three\n\nlines\"\n"  // lines 4-6
        "c,one\n";             // line 7
    const auto recs = with_lines(text);
    ASSERT_EQ(recs.size(), 4u);
    EXPECT_EQ(recs[0].first, 1u);
    EXPECT_EQ(recs[1].first, 2u);
    EXPECT_EQ(recs[2].first, 4u);
    EXPECT_EQ(recs[2].second[1], "three\n\nlines");
    EXPECT_EQ(recs[3].first, 7u);
}

TEST(csv_reader, skips_a_byte_order_mark_and_reads_crlf_line_ends) {
    const std::string text = "\xEF\xBB\xBFid,name\r\n1,\"Фонд\r\nразвития\"\r\n2,Центр\r\n";
    const auto recs = with_lines(text);
    ASSERT_EQ(recs.size(), 3u);
    EXPECT_EQ(recs[0].second, (std::vector<std::string>{"id", "name"}));  // no BOM in "id"
    // Inside quotes the line break is data and is kept as written.
    EXPECT_EQ(recs[1].second[1], "Фонд\r\nразвития");
    EXPECT_EQ(recs[2].first, 4u);
    EXPECT_EQ(recs[2].second[1], "Центр");
}

TEST(csv_reader, skips_blank_lines_but_not_a_quoted_empty_field) {
    const auto r = parse_csv("a\n\n\"\"\n\n", csv_options{});
    EXPECT_EQ(r, (rows{{"a"}, {""}}));
    // Blank lines still count: the record after them has its real line number.
    const auto recs = with_lines("a,b\n\n\n1,2\n");
    ASSERT_EQ(recs.size(), 2u);
    EXPECT_EQ(recs[1].first, 4u);
}

TEST(csv_reader, reads_an_empty_input_as_no_records) {
    EXPECT_TRUE(parse_csv("").empty());
    EXPECT_TRUE(parse_csv("\xEF\xBB\xBF").empty());
}

TEST(csv_reader, accepts_another_separator) {
    csv_options semicolon;
    semicolon.separator = ';';
    EXPECT_EQ(parse_csv("a;b\n\"1;5\";2,5\n", semicolon), (rows{{"a", "b"}, {"1;5", "2,5"}}));
}

TEST(csv_reader, keeps_a_quote_inside_an_unquoted_field) {
    EXPECT_EQ(parse_csv("a\n5\" screen\n"), (rows{{"a"}, {"5\" screen"}}));
}

TEST(csv_reader, refuses_an_unterminated_quote_naming_the_line_where_it_opened) {
    const auto e = error_of("id,title\n1,ok\n2,\"never closed\n3,x\n");
    EXPECT_EQ(e.file(), "t.csv");
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.column(), 3u);
    EXPECT_NE(std::string(e.what()).find("not closed"), std::string::npos) << e.what();
}

TEST(csv_reader, refuses_a_record_with_the_wrong_number_of_fields) {
    const auto e = error_of("id,amount,title\n1,100,a\n2,12,5,b\n");
    EXPECT_EQ(e.line(), 3u);
    const std::string what = e.what();
    EXPECT_NE(what.find("t.csv:3"), std::string::npos) << what;
    EXPECT_NE(what.find("4 fields"), std::string::npos) << what;
    EXPECT_NE(what.find("header has 3"), std::string::npos) << what;
    EXPECT_NE(what.find("(a value holding a comma must be in double quotes)"), std::string::npos) << what;
    // The hint names the file's separator.
    csv_options semicolons;
    semicolons.separator = ';';
    try {
        (void)parse_csv("id;title\n1;a;b\n", semicolons, "t.csv");
        ADD_FAILURE() << "a record of three fields under a header of two was read";
    } catch (const civica::parse_error& s) {
        EXPECT_NE(std::string(s.what()).find("(a value holding a semicolon must be in double quotes)"), std::string::npos)
            << s.what();
    }
}

TEST(csv, separators_are_named_in_words) {
    EXPECT_EQ(civica::text::separator_name(','), "a comma");
    EXPECT_EQ(civica::text::separator_name(';'), "a semicolon");
    EXPECT_EQ(civica::text::separator_name('\t'), "a tab");
    EXPECT_EQ(civica::text::separator_name('|'), "'|'");
}

TEST(csv_reader, lets_the_caller_check_widths_when_asked) {
    csv_options loose;
    loose.uniform_width = false;
    EXPECT_EQ(parse_csv("a,b\n1\n", loose), (rows{{"a", "b"}, {"1"}}));
}

TEST(csv_reader, refuses_a_nul_byte) {
    const auto e = error_of(std::string("a,b\n1,x\0y\n", 10));
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.column(), 4u);
    EXPECT_NE(std::string(e.what()).find("NUL"), std::string::npos);
}

TEST(csv_reader, refuses_text_that_is_not_utf8) {
    // "При" in Windows-1251, the usual culprit in Russian files.
    const auto e = error_of("id,name\n1,\xCF\xF0\xE8\n");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.column(), 3u);
    EXPECT_NE(std::string(e.what()).find("UTF-8"), std::string::npos);
    // Overlong encoding of '/', a UTF-16 surrogate, a code point above U+10FFFF, a lone
    // continuation byte, and a character cut off by the end of the file.
    for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80", "\xD0"}) {
        EXPECT_THROW(parse_csv("a\n" + bad + "\n"), civica::parse_error) << bad.size();
    }
    EXPECT_THROW(parse_csv("a\n\xD0"), civica::parse_error);
}

TEST(csv_reader, accepts_utf8_of_every_length) {
    // 2-byte Cyrillic, 3-byte "№" and "€", 4-byte emoji.
    EXPECT_EQ(parse_csv("a\nЖ№€\xF0\x9F\x98\x80\n"), (rows{{"a"}, {"Ж№€\xF0\x9F\x98\x80"}}));
}

TEST(csv_reader, refuses_text_after_a_closing_quote) {
    const auto e = error_of("a,b\n\"x\"y,2\n");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.column(), 4u);
}

TEST(csv_reader, refuses_a_lone_carriage_return) {
    EXPECT_THROW(parse_csv("a,b\r1,2\n"), civica::parse_error);
}

TEST(csv_reader, streams_records_that_straddle_its_read_window) {
    // The reader reads 64 KiB at a time: put a multi-byte character, a CRLF pair and a quoted
    // field with a doubled quote across window boundaries and compare with what was written.
    std::string text = "id,text\r\n";
    rows expected{{"id", "text"}};
    std::size_t line = 2;
    std::vector<std::size_t> lines{1};
    for (int i = 0; text.size() < 300'000; ++i) {
        std::string value;
        for (int k = 0; k < 50 + (i * 37) % 2000; ++k) value += (k % 7 == 0) ? "Ж" : "x";
        if (i % 3 == 0) value += "\"quoted\", with\nbreak";
        const std::string id = std::to_string(i);
        expected.push_back({id, value});
        lines.push_back(line);
        std::string field = value;
        if (value.find_first_of(",\"\n") != std::string::npos) {
            std::string q = "\"";
            for (char c : value) {
                if (c == '"') q += '"';
                q += c;
            }
            field = q + "\"";
        }
        text += id + "," + field + "\r\n";
        for (char c : value)
            if (c == '\n') ++line;
        ++line;
    }
    std::istringstream in(text);
    csv_reader r(in, "big.csv");
    csv_record rec;
    std::size_t n = 0;
    while (r.next(rec)) {
        ASSERT_LT(n, expected.size());
        EXPECT_EQ(rec.to_strings(), expected[n]) << "record " << n;
        EXPECT_EQ(rec.line(), lines[n]) << "record " << n;
        ++n;
    }
    EXPECT_EQ(n, expected.size());
}

TEST(csv_reader, reads_a_file_and_names_it_in_errors) {
    EXPECT_THROW(csv_reader("/nonexistent/dir/x.csv"), civica::io_error);
    const std::string path = civica_test::scratch_file("csv_bad.csv").string();
    {
        std::ofstream out(path, std::ios::binary);
        out << "a,b\n1,2\n3\n";
    }
    csv_reader r(path);
    csv_record rec;
    EXPECT_TRUE(r.next(rec));
    EXPECT_TRUE(r.next(rec));
    try {
        r.next(rec);
        FAIL() << "no error";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.file(), "csv_bad.csv");
        EXPECT_EQ(e.line(), 3u);
    }
}

TEST(csv_writer, quotes_only_fields_that_need_it) {
    std::ostringstream out;
    civica::text::csv_writer w(out);
    w.write_record({"id", "title", "note"});
    w.field("1").field("Память, которую мы храним").field("plain").end_record();
    w.field("2").field("Проект \"Добро\"").field("two\nlines").end_record();
    w.field("3").field("").field(" spaced ").end_record();
    EXPECT_EQ(out.str(),
              "id,title,note\n"
              "1,\"Память, которую мы храним\",plain\n"
              "2,\"Проект \"\"Добро\"\"\",\"two\nlines\"\n"
              "3,, spaced \n");
}

TEST(csv_writer, writes_what_the_reader_reads_back) {
    const rows data{{"a", "b", "c"},
                    {"", "\"", ","},
                    {"\r\n", "x\"\"y", "Ханты-Мансийск"},
                    {"|", ";", "\n\n"}};
    std::ostringstream out;
    civica::text::csv_writer w(out, ',', "\r\n");
    for (const auto& r : data) w.write_record(r);
    EXPECT_EQ(parse_csv(out.str()), data);
}

TEST(csv_writer, quotes_a_record_whose_only_field_is_empty) {
    std::ostringstream out;
    civica::text::csv_writer w(out);
    w.write_record({"name"});
    w.write_record({""});
    EXPECT_EQ(out.str(), "name\n\"\"\n");
    EXPECT_EQ(parse_csv(out.str()), (rows{{"name"}, {""}}));
}

TEST(csv_writer, refuses_what_csv_cannot_carry) {
    std::ostringstream out;
    civica::text::csv_writer w(out);
    EXPECT_THROW(w.field(std::string("a\0b", 3)), civica::validation_error);
    EXPECT_THROW(w.field("\xCF\xF0\xE8"), civica::validation_error);
}

// A quote or a line break as separator wrote text no reader can split ("a""b""c" for the
// fields a"b and c), and a reader took one without a word.
TEST(csv_writer, refuses_a_separator_or_line_end_csv_cannot_be_read_back_with) {
    std::ostringstream out;
    for (const char sep : {'"', '\n', '\r', '\0'}) {
        EXPECT_THROW(civica::text::csv_writer(out, sep), civica::validation_error) << int(sep);
        csv_options o;
        o.separator = sep;
        EXPECT_THROW((void)parse_csv("a,b\n1,2\n", o, "t.csv"), civica::validation_error) << int(sep);
        std::istringstream in("a,b\n");
        EXPECT_THROW(csv_reader(in, "t.csv", o), civica::validation_error) << int(sep);
    }
    EXPECT_THROW(civica::text::csv_writer(out, ',', ""), civica::validation_error);
    EXPECT_THROW(civica::text::csv_writer(out, ',', "\n\n"), civica::validation_error);
    EXPECT_THROW(civica::text::csv_writer(out, ',', "x"), civica::validation_error);
    EXPECT_EQ(out.str(), "");
    civica::text::csv_writer pipes(out, '|', "\r\n");  // any other byte separates
    pipes.write_record({"a|b", "c"});
    EXPECT_EQ(out.str(), "\"a|b\"|c\r\n");
}

TEST(csv_escape, leaves_plain_text_alone_and_doubles_quotes) {
    EXPECT_EQ(civica::text::csv_escape("abc"), "abc");
    EXPECT_EQ(civica::text::csv_escape("a;b", ';'), "\"a;b\"");
    EXPECT_EQ(civica::text::csv_escape("a;b"), "a;b");
    EXPECT_EQ(civica::text::csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
}

TEST(spreadsheet_text, puts_a_quote_before_what_a_spreadsheet_reads_as_a_formula) {
    // OWASP "CSV injection": cells starting with = + - @ tab CR are formulas to Excel, Calc
    // and Sheets.
    using civica::text::spreadsheet_text;
    EXPECT_EQ(spreadsheet_text("=HYPERLINK(\"http://evil.example\",\"click\")"),
              "'=HYPERLINK(\"http://evil.example\",\"click\")");
    EXPECT_EQ(spreadsheet_text("+1+1"), "'+1+1");
    EXPECT_EQ(spreadsheet_text("-2+3"), "'-2+3");
    EXPECT_EQ(spreadsheet_text("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(spreadsheet_text("\t=1"), "'\t=1");
    EXPECT_EQ(spreadsheet_text("\r=1"), "'\r=1");
    for (const char* same : {"", "Фонд", "a=b", "2024-01-01", "true", "'quoted", " =1"})
        EXPECT_EQ(spreadsheet_text(same), same);
}
