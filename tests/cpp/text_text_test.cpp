// Tests of civica/text/text.hpp: Windows-1251, encoding detection, lenient amounts and numbers,
// separator detection. The code page is checked against a table produced by Python's cp1251
// codec (tests/data/encodings/README.md); amounts against kopecks worked out by hand.
#include "civica/core/interruption.hpp"
#include "civica/text/text.hpp"
#include "civica/text/csv.hpp"
#include "civica/text/files.hpp"
#include "civica/text/plural.hpp"

#include "civica/error.hpp"

#include "test_files.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace text = civica::text;
using civica::money;
using civica::text::text_encoding;

namespace {

const std::string data_dir = CIVICA_TEST_DATA_DIR;

money k(std::int64_t kopecks) { return money::from_kopecks(kopecks); }

// The UTF-8 form of a code point, written out here independently of the code under test.
std::string utf8(char32_t cp) {
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
}

}  // namespace

// ------------------------------------------------------------------ encodings

TEST(text_encoding, names_read_back_and_unknown_names_are_refused) {
    for (auto e : {text_encoding::automatic, text_encoding::utf8, text_encoding::windows1251})
        EXPECT_EQ(text::parse_text_encoding(text::to_string(e)), e);
    EXPECT_EQ(text::parse_text_encoding("UTF8"), text_encoding::utf8);
    EXPECT_EQ(text::parse_text_encoding("cp1251"), text_encoding::windows1251);
    EXPECT_EQ(text::parse_text_encoding("Windows-1251"), text_encoding::windows1251);
    try {
        text::parse_text_encoding("koi8-r");
        FAIL() << "koi8-r accepted";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("koi8-r"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("windows-1251"), std::string::npos) << e.what();
    }
}

TEST(windows1251, every_byte_decodes_as_pythons_cp1251_codec_does) {
    std::ifstream in(data_dir + "/encodings/cp1251_table.txt");
    ASSERT_TRUE(in) << "missing tests/data/encodings/cp1251_table.txt";
    std::string line;
    int rows = 0;
    std::string all_bytes, all_utf8;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream row(line);
        std::string byte_hex, cp_hex;
        row >> byte_hex >> cp_hex;
        const auto b = static_cast<char>(std::stoi(byte_hex, nullptr, 16));
        // Python's codec leaves 0x98 undefined; civica maps it to U+0098 (WHATWG, Windows),
        // see text.hpp.
        const char32_t cp = cp_hex == "undefined" ? 0x98 : static_cast<char32_t>(std::stoul(cp_hex, nullptr, 16));
        const std::string expected = utf8(cp);
        EXPECT_EQ(text::windows1251_to_utf8(std::string(1, b)), expected) << "byte " << byte_hex;
        EXPECT_EQ(text::utf8_to_windows1251(expected), std::string(1, b)) << "byte " << byte_hex;
        all_bytes += b;
        all_utf8 += expected;
        ++rows;
    }
    EXPECT_EQ(rows, 256);
    EXPECT_EQ(text::windows1251_to_utf8(all_bytes), all_utf8);
    EXPECT_EQ(text::utf8_to_windows1251(all_utf8), all_bytes);
}

TEST(windows1251, russian_text_converts_both_ways) {
    // Bytes from Python: "Ёлка № 5 – «да»".encode("cp1251")
    const std::string cp = "\xA8\xEB\xEA\xE0 \xB9 5 \x96 \xAB\xE4\xE0\xBB";
    EXPECT_EQ(text::windows1251_to_utf8(cp), "Ёлка № 5 – «да»");
    EXPECT_EQ(text::utf8_to_windows1251("Ёлка № 5 – «да»"), cp);
}

TEST(windows1251, a_character_the_code_page_lacks_is_named) {
    try {
        text::utf8_to_windows1251("ok ✓");
        FAIL() << "✓ encoded";
    } catch (const civica::validation_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("✓"), std::string::npos) << m;
        EXPECT_NE(m.find("U+2713"), std::string::npos) << m;
        EXPECT_NE(m.find("Windows-1251"), std::string::npos) << m;
    }
    EXPECT_THROW(text::utf8_to_windows1251("\xFF"), civica::validation_error);
}

TEST(detect_encoding, utf8_with_or_without_bom_and_ascii_are_utf8) {
    EXPECT_EQ(text::detect_encoding(""), text_encoding::utf8);
    EXPECT_EQ(text::detect_encoding("id,name\n1,a\n"), text_encoding::utf8);
    EXPECT_EQ(text::detect_encoding("id,name\n1,Ёлка\n"), text_encoding::utf8);
    EXPECT_EQ(text::detect_encoding("\xEF\xBB\xBFid,name\n1,Ёлка\n"), text_encoding::utf8);
}

TEST(detect_encoding, russian_windows1251_text_is_windows1251) {
    // "Ресурсный центр" in cp1251 (Python: "Ресурсный центр".encode("cp1251"))
    const std::string cp = "\xD0\xE5\xF1\xF3\xF0\xF1\xED\xFB\xE9 \xF6\xE5\xED\xF2\xF0";
    EXPECT_EQ(text::detect_encoding(cp), text_encoding::windows1251);
    // Even one capital Ё alone (0xA8 is a lone continuation byte in UTF-8).
    EXPECT_EQ(text::detect_encoding("\xA8"), text_encoding::windows1251);
    // «ЖКС» in cp1251: the capital С (0xD1) before » (0xBB) happens to be a well-formed UTF-8
    // character, but the other letters break UTF-8.
    EXPECT_EQ(text::detect_encoding(text::utf8_to_windows1251("Товарищество «ЖКС»")), text_encoding::windows1251);
}

TEST(detect_encoding, a_byte_order_mark_says_utf8_whatever_follows) {
    // Windows-1251 text after the mark: the readers then name the first byte that breaks UTF-8.
    EXPECT_EQ(text::detect_encoding("\xEF\xBB\xBF" + text::utf8_to_windows1251("id,name\n1,Ресурсный центр\n")),
              text_encoding::utf8);
}

// Independent truth: Windows-1251 text made by utf8_to_windows1251 from Russian phrases chosen
// for the byte pairs that happen to be UTF-8 (a capital Р or С before », №, Ё or a dash).
TEST(find_utf8_russian_line, finds_a_utf8_line_among_windows1251_ones_and_none_in_russian_text) {
    const std::vector<std::string> phrases = {
        "Товарищество «ЖКС»", "АНО «ЦЕНТР «ПРОГРЕСС»", "ООО «РЁР»", "Р№С№ №1", "РЁРЁ – СЁ — Р»",
        "Общественная организация «Память» № 5", "Фонд «Счастливое детство» — ёлки и ярмарки",
        "1,СЁСЁ", "2,Р«Р»", "ЁЁЁ №№ «»"};  // two chance "letters" in a row (ЁЫ) are no word
    std::string cp;
    for (const auto& p : phrases) cp += text::utf8_to_windows1251(p) + "\n";
    EXPECT_EQ(text::find_utf8_russian_line(cp), std::string::npos) << cp;
    EXPECT_EQ(text::detect_encoding(cp), text_encoding::windows1251);
    const std::string mixed = cp + "42,Москва\n" + cp;
    EXPECT_EQ(text::find_utf8_russian_line(mixed), cp.size());
    EXPECT_EQ(text::find_utf8_russian_line("Москва"), 0u);
    EXPECT_EQ(text::find_utf8_russian_line("id\r\nМосква\r\n"), 4u);
    EXPECT_EQ(text::find_utf8_russian_line("Як"), std::string::npos);  // two letters: no word
    try {
        (void)text::windows1251_file_to_utf8(mixed, "orgs.csv");
        FAIL() << "mixed encodings read";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.file(), "orgs.csv");
        EXPECT_EQ(e.line(), phrases.size() + 1) << e.what();
    }
    EXPECT_EQ(text::windows1251_file_to_utf8("\xEF\xBB\xBF" + cp, "orgs.csv"), text::windows1251_to_utf8(cp));
}

TEST(detect_encoding, utf8_with_a_few_damaged_characters_stays_utf8) {
    // The readers then name the damaged character instead of decoding the file as cp1251.
    std::string t = "id,name\n1,Ресурсный центр\n2,Фонд\n";
    t[t.find("Фонд") + 1] = 'x';  // the continuation byte of Ф
    ASSERT_NE(text::find_invalid_utf8(t), std::string::npos);
    EXPECT_EQ(text::detect_encoding(t), text_encoding::utf8);
}

TEST(find_invalid_utf8, names_the_lead_byte_of_the_first_broken_character) {
    EXPECT_EQ(text::find_invalid_utf8("abc"), std::string::npos);
    EXPECT_EQ(text::find_invalid_utf8("Ёлка €😀"), std::string::npos);
    EXPECT_EQ(text::find_invalid_utf8("ab\xD0"), 2u);             // cut off at the end
    EXPECT_EQ(text::find_invalid_utf8("ab\xC0\xAF" "cd"), 2u);     // overlong '/'
    EXPECT_EQ(text::find_invalid_utf8("\xED\xA0\x80"), 0u);       // a UTF-16 surrogate
    const std::string run = std::string(40, 'x') + "Проект Проект" + "\x80";
    EXPECT_EQ(text::find_invalid_utf8(run), run.size() - 1);     // past a sixteen-byte Cyrillic run
}

// Independent truth: Python's bytes.decode("utf-8", "backslashreplace"), which the CLI and the
// Python package show paths and arguments with (the expected texts are its output).
TEST(utf8_or_escaped, shows_the_bytes_that_are_not_utf8_as_python_does) {
    EXPECT_EQ(text::utf8_or_escaped("caf\xE9.csv"), "caf\\xe9.csv");  // Latin-1 "café.csv"
    EXPECT_EQ(text::utf8_or_escaped("\xD1\xF3\xF0\xE3\xF3\xF2"),     // Windows-1251 "Сургут"
              "\\xd1\\xf3\\xf0\\xe3\\xf3\\xf2");
    EXPECT_EQ(text::utf8_or_escaped("ab\xD0"), "ab\\xd0");              // cut off at the end
    EXPECT_EQ(text::utf8_or_escaped("\xE2\x82" "A"), "\\xe2\\x82A");   // cut off before a letter
    EXPECT_EQ(text::utf8_or_escaped("\xED\xA0\x80"), "\\xed\\xa0\\x80");  // a UTF-16 surrogate
    EXPECT_EQ(text::utf8_or_escaped("\xC0\xAF"), "\\xc0\\xaf");          // overlong '/'
    EXPECT_EQ(text::utf8_or_escaped("Ё\xFFЁ"), "Ё\\xffЁ");
    EXPECT_EQ(text::utf8_or_escaped("Ёлка €😀"), "Ёлка €😀");          // UTF-8 stays as it is
    EXPECT_EQ(text::utf8_or_escaped(""), "");
}

// ------------------------------------------------------------------ lenient money

TEST(parse_money_lenient, reads_what_russian_documents_write) {
    // 30 000 000 roubles = 3 000 000 000 kopecks
    EXPECT_EQ(text::parse_money_lenient("30 000 000,00"), k(3'000'000'000));
    EXPECT_EQ(text::parse_money_lenient("30 000 000.00"), k(3'000'000'000));
    EXPECT_EQ(text::parse_money_lenient("30000000"), k(3'000'000'000));
    // 3.7 million roubles = 3 700 000 roubles = 370 000 000 kopecks
    EXPECT_EQ(text::parse_money_lenient("3,7 млн"), k(370'000'000));
    EXPECT_EQ(text::parse_money_lenient("3.7 млн."), k(370'000'000));
    EXPECT_EQ(text::parse_money_lenient("3,7млн"), k(370'000'000));
    // 1.2 billion roubles = 1 200 000 000 roubles = 120 000 000 000 kopecks
    EXPECT_EQ(text::parse_money_lenient("1,2 млрд"), k(120'000'000'000));
    // 450 thousand roubles = 45 000 000 kopecks
    EXPECT_EQ(text::parse_money_lenient("450 тыс."), k(45'000'000));
    EXPECT_EQ(text::parse_money_lenient("450 тыс. руб."), k(45'000'000));
    EXPECT_EQ(text::parse_money_lenient("450 тыс руб"), k(45'000'000));
    // 12 345 roubles 67 kopecks = 1 234 567 kopecks
    EXPECT_EQ(text::parse_money_lenient("12 345,67 руб."), k(1'234'567));
    EXPECT_EQ(text::parse_money_lenient("12 345,67 ₽"), k(1'234'567));
    EXPECT_EQ(text::parse_money_lenient("12 345,67₽"), k(1'234'567));
    EXPECT_EQ(text::parse_money_lenient("-1 000"), k(-100'000));
    EXPECT_EQ(text::parse_money_lenient("\u22121 000"), k(-100'000));  // MINUS SIGN
    EXPECT_EQ(text::parse_money_lenient("  7,5  "), k(750));
    // 1.2345 thousand roubles = 1 234.50 roubles = 123 450 kopecks
    EXPECT_EQ(text::parse_money_lenient("1,2345 тыс."), k(123'450));
}

TEST(parse_money_lenient, accepts_no_break_narrow_and_thin_spaces_between_thousands) {
    EXPECT_EQ(text::parse_money_lenient("1\u00A0234\u00A0567,89"), k(123'456'789));
    EXPECT_EQ(text::parse_money_lenient("1\u202F234\u202F567,89"), k(123'456'789));
    EXPECT_EQ(text::parse_money_lenient("1\u2009234\u2009567,89"), k(123'456'789));
    EXPECT_EQ(text::parse_money_lenient("1\u00A0234\u00A0567,89\u00A0руб."), k(123'456'789));
}

TEST(parse_money_lenient, is_exact_where_a_double_would_round) {
    // 0.1 + 0.2 style trap: 0,29 млн = 290 000 roubles exactly = 29 000 000 kopecks
    EXPECT_EQ(text::parse_money_lenient("0,29 млн"), k(29'000'000));
    // The largest amount: 92 233 720 368 547 758.07 roubles = INT64_MAX kopecks
    EXPECT_EQ(text::parse_money_lenient("92 233 720 368 547 758,07"),
              k(std::numeric_limits<std::int64_t>::max()));
    EXPECT_EQ(text::parse_money_lenient("-92 233 720 368 547 758,08"),
              k(std::numeric_limits<std::int64_t>::min()));
    EXPECT_THROW(text::parse_money_lenient("92 233 720 368 547 758,08"), civica::parse_error);
    EXPECT_THROW(text::parse_money_lenient("100 000 000 000 млрд"), civica::parse_error);
}

TEST(parse_money_lenient, refuses_what_is_not_an_amount_with_a_reason) {
    for (const char* bad : {"", "   ", "abc", "12,345,67", "1.234,56", "12 34", "1234 567",
                            "12,345 руб.", "0,000001 тыс.", "12,5 долларов", "12,", "руб. 12",
                            "--5", "1 000 000 млн млн", "3,7 млн руб. сверху", ".5"}) {
        try {
            text::parse_money_lenient(bad);
            ADD_FAILURE() << '"' << bad << "\" accepted";
        } catch (const civica::parse_error& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find("is not an amount: "), std::string::npos) << m;
            EXPECT_NE(m.find(std::string("\"") + bad + "\""), std::string::npos) << m;
        }
    }
}

TEST(parse_money_lenient, strict_money_parse_still_refuses_the_lenient_forms) {
    EXPECT_THROW(money::parse("3,7 млн"), civica::parse_error);
    EXPECT_THROW(money::parse("30 000 000,00"), civica::parse_error);
}

// ------------------------------------------------------------------ lenient numbers

TEST(parse_number_lenient, reads_decimal_commas_and_space_thousands) {
    EXPECT_EQ(text::parse_number_lenient("12,5", true), 12.5);
    EXPECT_EQ(text::parse_number_lenient("1 234,5", true), 1234.5);
    EXPECT_EQ(text::parse_number_lenient("-0,25", true), -0.25);
    EXPECT_EQ(text::parse_number_lenient("1\u00A0000\u00A0000", true), 1'000'000.0);
    EXPECT_EQ(text::parse_number_lenient("1,5e3", true), 1500.0);
    EXPECT_EQ(text::parse_number_lenient("12.5", false), 12.5);
    EXPECT_EQ(text::parse_number_lenient("1 234.5", false), 1234.5);
    EXPECT_EQ(text::parse_number_lenient("42", false), 42.0);
}

TEST(parse_number_lenient, refuses_the_other_separator_and_junk) {
    EXPECT_FALSE(text::parse_number_lenient("12.5", true));
    EXPECT_FALSE(text::parse_number_lenient("1.234", true));
    EXPECT_FALSE(text::parse_number_lenient("12,5", false));
    EXPECT_FALSE(text::parse_number_lenient("", true));
    EXPECT_FALSE(text::parse_number_lenient("abc", true));
    EXPECT_FALSE(text::parse_number_lenient("12 34", true));
    EXPECT_FALSE(text::parse_number_lenient("1e999", false));
    EXPECT_FALSE(text::parse_number_lenient("NaN", false));
    EXPECT_FALSE(text::parse_number_lenient("12,5 %", true));
}

// ------------------------------------------------------------------ separators

TEST(detect_separator, picks_the_most_frequent_outside_quotes) {
    EXPECT_EQ(text::detect_separator("id,name,inn"), ',');
    EXPECT_EQ(text::detect_separator("id;name;inn"), ';');
    EXPECT_EQ(text::detect_separator("id\tname\tinn"), '\t');
    EXPECT_EQ(text::detect_separator("id"), ',');
    // Commas inside a quoted header name do not count.
    EXPECT_EQ(text::detect_separator("id;\"name, full\";\"a,b,c\""), ';');
    EXPECT_EQ(text::detect_separator("\"a;b;c\",d"), ',');
}

// A file that cannot be written names the system's reason: /dev/full fails every write with
// "No space left on device", as a full disk does.
TEST(text_files, a_failed_write_names_the_systems_reason) {
    std::ofstream out("/dev/full", std::ios::binary);
    if (!out) GTEST_SKIP() << "no /dev/full here";
    const std::string block(1 << 20, 'x');
    out.write(block.data(), static_cast<std::streamsize>(block.size()));
    try {
        civica::text::close_written(out, "/dev/full");
        ADD_FAILURE() << "a write to /dev/full succeeded";
    } catch (const civica::io_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot write \"/dev/full\": No space left on device"), std::string::npos)
            << e.what();
    }
}

// A file that must be UTF-8 text (a report template, a calendar's rules) and is not: a
// parse_error naming the file, the line and the byte of it, not text handed on (a template in
// Windows-1251 crashed the CLI with Python's UnicodeDecodeError, or rendered as U+FFFD).
TEST(text_files, a_text_file_that_is_not_utf8_is_refused_naming_the_line_and_byte) {
    const auto p = civica_test::scratch_file("not-utf8.txt");
    // "@language ru\n@title Отчёт\n" saved in Windows-1251: О is 0xCE.
    civica_test::write_file(p, "@language ru\n@title \xCE\xF2\xF7\xB8\xF2\n");
    try {
        (void)civica::text::read_text_file(p, "report template");
        ADD_FAILURE() << "Windows-1251 text was read as UTF-8";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 2u);
        EXPECT_EQ(e.column(), 8u);
        EXPECT_NE(std::string(e.what()).find("the report template is not UTF-8 text (byte 8 of the line; "
                                             "Windows-1251?): save it as UTF-8"),
                  std::string::npos) << e.what();
    }
    // A byte-order mark is dropped, and UTF-8 text read as it is.
    civica_test::write_file(p, "\xEF\xBB\xBF@title \xD0\x9E\n");
    EXPECT_EQ(civica::text::read_text_file(p, "report template"), "@title \xD0\x9E\n");
}

// A file where the target's folder should be: an io_error saying which, not the standard
// library's "filesystem error: cannot create directories: Not a directory [...]".
TEST(text_files, a_file_in_the_way_of_the_targets_folder_is_named) {
    const auto dir = civica_test::scratch_dir("file_in_the_way");
    civica_test::write_file(dir / "report", "not a folder");
    try {
        civica::text::write_file_atomically(dir / "report" / "2020" / "r.md", "text");
        ADD_FAILURE() << "written under a file";
    } catch (const civica::io_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("cannot create the folder"), std::string::npos) << m;
        EXPECT_NE(m.find((dir / "report").string() + "\" is a file, not a folder"), std::string::npos) << m;
        EXPECT_EQ(m.find("filesystem error"), std::string::npos) << m;
    }
    EXPECT_EQ(civica_test::read_file(dir / "report"), "not a folder");
}

// ------------------------------------------------------------------ control characters

TEST(control_characters, are_the_c0_controls_and_del_except_tab_line_feed_and_carriage_return) {
    // RFC 5545 3.3.11: TSAFE-CHAR = WSP / %x21 / %x23-2B / %x2D-39 / %x3C-7E / NON-US-ASCII, so
    // of the controls only HTAB is text (CR and LF are escaped as \n); written out by hand.
    const std::string refused_list[] = {"\x00", "\x01", "\x02", "\x03", "\x04", "\x05", "\x06", "\x07", "\x08",
                                        "\x0B", "\x0C", "\x0E", "\x0F", "\x10", "\x11", "\x12", "\x13", "\x14",
                                        "\x15", "\x16", "\x17", "\x18", "\x19", "\x1A", "\x1B", "\x1C", "\x1D",
                                        "\x1E", "\x1F", "\x7F"};
    std::size_t refused = 0;
    for (int c = 0; c < 0x80; ++c) {
        const std::string s = "ab" + std::string(1, static_cast<char>(c));
        const bool control = text::find_control_character(s) != std::string::npos;
        bool listed = false;
        for (const auto& r : refused_list)
            if (r.size() == 1 && r[0] == static_cast<char>(c)) listed = true;
        if (c == 0) listed = true;  // "\x00" as a literal is an empty std::string
        EXPECT_EQ(control, listed) << "byte " << c;
        if (control) {
            EXPECT_EQ(text::find_control_character(s), 2u);
            ++refused;
        }
    }
    EXPECT_EQ(refused, 30u);
    EXPECT_EQ(text::find_control_character("Фонд\t«Берег»\r\nрайон"), std::string::npos);
    EXPECT_EQ(text::find_control_character(utf8(0x85) + utf8(0x2028)), std::string::npos);  // not C0 or DEL
    EXPECT_EQ(text::control_character_problem("Org\x0BName"), "holds the control character U+000B (at byte 3)");
    EXPECT_EQ(text::control_character_problem("x\x7F"), "holds the control character U+007F (at byte 1)");
    EXPECT_EQ(text::control_character_problem("ok\tok"), "");
}

TEST(plural, english_is_one_only_for_one_and_the_report_uses_the_same_rule) {
    EXPECT_EQ(civica::text::english_plural(1), civica::text::plural_category::one);
    EXPECT_EQ(civica::text::english_plural(-1), civica::text::plural_category::one);
    for (long long n : {0LL, 2LL, 11LL, 21LL, 101LL, -2LL})
        EXPECT_EQ(civica::text::english_plural(n), civica::text::plural_category::many) << n;
    EXPECT_EQ(civica::text::russian_plural(21), civica::text::plural_category::one);
    EXPECT_EQ(civica::text::russian_plural(134), civica::text::plural_category::few);
    EXPECT_EQ(civica::text::russian_plural(11), civica::text::plural_category::many);
}

TEST(text, a_text_value_problem_names_the_first_nul_or_byte_that_is_not_utf8) {
    EXPECT_EQ(civica::text::text_value_problem("Сургут, 2020"), "");
    EXPECT_EQ(civica::text::text_value_problem(std::string("ab\0c", 4)), "the text holds a NUL byte (at byte 2)");
    // "Ё" is D0 81; a lone D0 before "x" is not UTF-8.
    EXPECT_EQ(civica::text::text_value_problem("Ё\xD0x"), "the text is not UTF-8 (at byte 2)");
    EXPECT_EQ(civica::text::text_value_problem(std::string("k\0", 2), "a key"), "a key holds a NUL byte (at byte 1)");
}

namespace {
// The first bad cell of `cells` held in one buffer, as the columnar readers hold a column; the
// truth is text_value_problem of each cell on its own.
std::pair<std::size_t, std::string> first_bad_of(const std::vector<std::string>& cells) {
    std::string data;
    std::vector<std::int64_t> offsets{0};
    for (const auto& c : cells) {
        data += c;
        offsets.push_back(static_cast<std::int64_t>(data.size()));
    }
    return civica::text::first_bad_cell(data, cells.size(), [&](std::size_t i) { return offsets[i]; });
}
std::pair<std::size_t, std::string> first_bad_one_by_one(const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (auto why = civica::text::text_value_problem(cells[i]); !why.empty()) return {i, why};
    return {std::string_view::npos, {}};
}
}  // namespace

TEST(text, the_first_bad_cell_of_a_column_buffer_is_the_first_bad_cell_on_its_own) {
    // "Ф" is D0 A4, "€" E2 82 AC: cut in two at a cell's end, the buffer as a whole is well formed.
    const std::vector<std::vector<std::string>> columns = {
        {},
        {"Фонд", "", "Ёлка"},
        {"Фонд\xD0", "\xA4онд"},                      // "Ф" cut after its first byte
        {"a", "\xE2\x82", "", "\xAC", "b"},           // "€" cut, an empty cell between
        {"a", "b\xE2", "\x82\xAC", std::string("c\0", 2)},
        {"x", "y", std::string("z\0", 2), "\xD0"},    // a NUL byte before a cut
        {"\x82", "b"},                                // a first cell starting inside a character
        {"ok", "bad\xFF", "Ф\xD0", "\xA4"},
        {"", "", "\xD0"},                             // the buffer ends inside a character
        {"x\xD0", "\xA4\xFF"},                         // a cut, then a bad byte in the cell after it
        {"x\xD0", std::string("\xA4\0", 2)},           // a cut, then a NUL byte in the cell after it
        {"ok", "\x82"},                               // a stray continuation byte after a good cell
        {"ok", "", "\x82\xFF"},
    };
    for (const auto& cells : columns) {
        const auto [row, why] = first_bad_of(cells);
        const auto [truth_row, truth_why] = first_bad_one_by_one(cells);
        EXPECT_EQ(row, truth_row) << ::testing::PrintToString(cells);
        EXPECT_EQ(why, truth_why) << ::testing::PrintToString(cells);
    }
    EXPECT_EQ(first_bad_of({"Фонд\xD0", "\xA4онд"}).second, "the text is not UTF-8 (at byte 8)");
}

// Names people mean as one: "Й" as "И" + U+0306 and "Ё" as "Е" + U+0308 are the same letters
// (Unicode canonical equivalence: NFC composes them), case, ё/е, dashes and kinds of spaces aside.
TEST(loose_name_key, gives_one_key_to_one_name_written_otherwise_and_another_to_another_name) {
    using civica::text::loose_name_key;
    const std::string key = loose_name_key("Ханты-Мансийск");
    for (const std::string written : {"Ханты-Мансии\xCC\x86ск", "ХАНТЫ-МАНСИЙСК", "  Ханты\xE2\x80\x93Мансийск\xC2\xA0",
                                      "Ханты-Ман\xE2\x80\x8Bсийск", "ханты\xE2\x88\x92мансийск"})
        EXPECT_EQ(loose_name_key(written), key) << written;
    EXPECT_EQ(loose_name_key("Ёлкино"), loose_name_key("Е\xCC\x88лкино"));
    EXPECT_EQ(loose_name_key("Ёлкино"), loose_name_key("елкино"));
    EXPECT_EQ(loose_name_key("Нижний  Тагил"), loose_name_key("нижний\tтагил"));
    EXPECT_NE(loose_name_key("Ханты-Мансийск"), loose_name_key("Ханты-Мансиск"));
    EXPECT_NE(loose_name_key("Сургут"), loose_name_key("Сургутский район"));
    EXPECT_EQ(civica::text::first_unseen_character("Сургут"), "");
    EXPECT_EQ(civica::text::first_unseen_character("Сургут\xC2\xA0"), "U+00A0 at byte 13");
    EXPECT_EQ(civica::text::first_unseen_character("\xE2\x80\x8Bid"), "U+200B at byte 1");
}

// Expected values are Python's str.upper() of the same text (Unicode's case mapping), which
// differs only for "ß" (Python: "SS"; the simple mapping keeps it).
TEST(upper_case, maps_the_letters_of_latin_and_cyrillic_names_as_unicode_does) {
    EXPECT_EQ(civica::text::upper_case("Ханты-Мансийск"), "ХАНТЫ-МАНСИЙСК");
    EXPECT_EQ(civica::text::upper_case("ёлкино"), "ЁЛКИНО");
    EXPECT_EQ(civica::text::upper_case("Біла Церква"), "БІЛА ЦЕРКВА");
    EXPECT_EQ(civica::text::upper_case("Ӧрӧм-Ёган"), "ӦРӦМ-ЁГАН");
    EXPECT_EQ(civica::text::upper_case("Ўзбекистон, Їжакевичі, Ґанок"), "ЎЗБЕКИСТОН, ЇЖАКЕВИЧІ, ҐАНОК");
    EXPECT_EQ(civica::text::upper_case("café, Łódź, Škoda, Ærø, ÿ"), "CAFÉ, ŁÓDŹ, ŠKODA, ÆRØ, Ÿ");
    EXPECT_EQ(civica::text::upper_case("«г. Сургут» № 5 ß"), "«Г. СУРГУТ» № 5 ß");
    EXPECT_EQ(civica::text::capitalised("около 21 горожанина"), "Около 21 горожанина");
    EXPECT_EQ(civica::text::capitalised("ёлки"), "Ёлки");
    EXPECT_EQ(civica::text::capitalised("«около»"), "«около»");
    EXPECT_EQ(civica::text::capitalised(""), "");
}

// A file that would not open is named with the system's reason (it was "cannot open X" alone,
// where the writers said why). A name of 300 bytes is too long for every Linux file system.
TEST(read_file, a_file_that_will_not_open_is_named_with_the_reason) {
    const auto long_name = std::filesystem::temp_directory_path() / std::string(300, 'a');
    try {
        (void)civica::text::read_file(long_name, "dataset JSON");
        ADD_FAILURE() << "no error";
    } catch (const civica::io_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("cannot open dataset JSON \"" + long_name.string() + "\": File name too long"),
                  std::string::npos) << what;
    }
    try {
        civica::text::csv_reader r(long_name);
        ADD_FAILURE() << "no error";
    } catch (const civica::io_error& e) {
        EXPECT_NE(std::string(e.what()).find("\": File name too long"), std::string::npos) << e.what();
    }
}

// An interruption check that throws stops a write before it replaces its target: the file or folder
// holds what it held, no hidden sibling is left, and the check's exception passes through. Out
// of the scope, the same write replaces the target.
TEST(interruption_scope, a_check_that_throws_at_the_commit_leaves_the_target_as_it_was) {
    namespace fs = std::filesystem;
    const fs::path dir = civica_test::scratch_dir("civica_commit_check");
    const fs::path file = dir / "f.txt", folder = dir / "d";
    civica::text::write_file_atomically(file, "old");
    civica::text::replace_folder_atomically(folder, [](const fs::path& p) { std::ofstream(p / "a") << "old"; }, {});
    int checks = 0;
    {
        civica::interruption_scope outer([&] { ++checks; });
        civica::interruption_scope inner([&] { throw std::runtime_error("interrupted"); });
        EXPECT_THROW(civica::text::write_file_atomically(file, "new"), std::runtime_error);
        EXPECT_THROW(civica::text::replace_folder_atomically(
                         folder, [](const fs::path& p) { std::ofstream(p / "a") << "new"; }, {}),
                     std::runtime_error);
    }
    EXPECT_EQ(checks, 2);  // the outer check ran before the inner one threw
    EXPECT_EQ(civica_test::read_file(file), "old");
    EXPECT_EQ(civica_test::read_file(folder / "a"), "old");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 2);  // no sibling left
    civica::text::write_file_atomically(file, "new");
    EXPECT_EQ(civica_test::read_file(file), "new");
}

// Letter case is one table: a name in capitals has the key of the name (Khanty's Ӧ, Ukrainian
// Ґ and І, Latin-1 and Extended-A letters), for every letter of the blocks upper_case maps but
// ı and ſ, whose capitals are I and S. Bytes that are not UTF-8 pass through as they are, and
// offsets count the bytes given.
TEST(loose_name_key, folds_every_letter_upper_case_maps_and_keeps_bytes_that_are_not_utf8) {
    std::string letters;
    for (char32_t cp = 0x00C0; cp <= 0x052F; ++cp) {
        if ((cp > 0x017F && cp < 0x0400) || cp == 0x0131 || cp == 0x017F || cp == 0x00D7 || cp == 0x00F7) continue;
        std::string one;
        if (cp < 0x800) one = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
        letters += one + " ";
    }
    EXPECT_EQ(civica::text::loose_name_key(civica::text::upper_case(letters)), civica::text::loose_name_key(letters));
    EXPECT_EQ(civica::text::loose_name_key("ӦРӦМ-ЁГАН"), civica::text::loose_name_key("Ӧрӧм-Ёган"));
    EXPECT_EQ(civica::text::loose_name_key("ҐАНОК"), civica::text::loose_name_key("ґанок"));
    EXPECT_EQ(civica::text::upper_case("\xFF" "a"), "\xFF" "A");
    EXPECT_EQ(civica::text::capitalised("\xFF" "a"), "\xFF" "a");
    EXPECT_EQ(civica::text::first_unseen_character("n\xE9\xC2\xA0"), "U+00A0 at byte 3");
    EXPECT_EQ(civica::text::loose_name_key("A\xE9 B"), "a\xEF\xBF\xBD" "e9 b");
    // Two stray bytes around a character left out do not join into «и» or «а».
    EXPECT_NE(civica::text::loose_name_key("\xD0\xCC\x81\xB8"), civica::text::loose_name_key("И"));
    EXPECT_NE(civica::text::loose_name_key("\xD0\xE2\x80\x8B\xB0"), civica::text::loose_name_key("а"));
    EXPECT_EQ(civica::text::loose_name_key("\xC4\xB0stanbul"), civica::text::loose_name_key("istanbul"));  // İ
}

TEST(russian_name_gender, is_the_gender_of_the_first_noun_before_the_quoted_name) {
    using civica::text::grammatical_gender;
    using civica::text::russian_name_gender;
    // The verb of "… работу <name>" by Russian grammar: начала (f.), начало (n.), начал (m.).
    EXPECT_EQ(russian_name_gender("Автономная некоммерческая организация «Ресурсный центр»"), grammatical_gender::feminine);
    EXPECT_EQ(russian_name_gender("Ассоциация некоммерческих организаций"), grammatical_gender::feminine);
    EXPECT_EQ(russian_name_gender("Местная религиозная организация"), grammatical_gender::feminine);
    EXPECT_EQ(russian_name_gender("Частное учреждение «Центр»"), grammatical_gender::neuter);
    EXPECT_EQ(russian_name_gender("Некоммерческое партнёрство «Север»"), grammatical_gender::neuter);
    EXPECT_EQ(russian_name_gender("Территориальное общественное самоуправление «Дом»"), grammatical_gender::neuter);
    EXPECT_EQ(russian_name_gender("Ресурсный центр поддержки НКО"), grammatical_gender::masculine);
    EXPECT_EQ(russian_name_gender("Благотворительный фонд «Открытые двери»"), grammatical_gender::masculine);
    EXPECT_EQ(russian_name_gender("Союз пенсионеров"), grammatical_gender::masculine);
    EXPECT_EQ(russian_name_gender("АНО «РЦ»"), grammatical_gender::masculine);  // an abbreviation: as "центр"
    EXPECT_EQ(russian_name_gender("«Заря»"), grammatical_gender::masculine);
    EXPECT_EQ(russian_name_gender(""), grammatical_gender::masculine);
}

TEST(split, gives_every_part_between_separators_empty_ones_included) {
    using civica::text::split;
    using parts = std::vector<std::string_view>;
    EXPECT_EQ(split("grants.municipal.winners", '.'), (parts{"grants", "municipal", "winners"}));
    EXPECT_EQ(split("a..b", '.'), (parts{"a", "", "b"}));
    EXPECT_EQ(split(".a.", '.'), (parts{"", "a", ""}));
    EXPECT_EQ(split("", '.'), (parts{""}));
    EXPECT_EQ(split("one", '|'), (parts{"one"}));
    // The parts are views into the text, and joining them back with the separator gives it.
    const std::string text = "Автономная некоммерческая  организация";
    const auto words = split(text, ' ');
    ASSERT_EQ(words.size(), 4u);
    EXPECT_EQ(words[2], "");
    std::string joined;
    for (std::size_t i = 0; i < words.size(); ++i) joined += (i ? " " : "") + std::string(words[i]);
    EXPECT_EQ(joined, text);
    EXPECT_EQ(words[0].data(), text.data());
}
