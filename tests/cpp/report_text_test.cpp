// Russian and English numbers, plurals, qualifiers and money (DOMAIN.md section 8).
#include "civica/report/text.hpp"
#include "civica/calendar/obligations.hpp"

#include "civica/error.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <type_traits>

using namespace civica;
using namespace civica::report;

namespace {
// The rule written out independently, as a grammar book states it: numbers ending in
// 11, 12, 13, 14 take the genitive plural; otherwise the last digit decides:
// 1 -> nominative singular, 2/3/4 -> genitive singular, anything else -> genitive plural.
plural_category by_the_book(int n) {
    const int last_two = n % 100;
    if (last_two == 11 || last_two == 12 || last_two == 13 || last_two == 14) return plural_category::many;
    switch (n % 10) {
        case 1: return plural_category::one;
        case 2: case 3: case 4: return plural_category::few;
        default: return plural_category::many;
    }
}
const noun_forms meeting{"заседание", "заседания", "заседаний", ""};
const noun_forms question{"вопрос", "вопроса", "вопросов", ""};
const noun_forms winner{"победитель", "победителя", "победителей", ""};
const noun_forms ngo{"некоммерческая организация", "некоммерческие организации", "некоммерческих организаций",
                     "некоммерческой организации"};
const std::string nbsp = "\xC2\xA0";
}  // namespace

TEST(russian_plural, agrees_with_the_grammar_rule_for_every_number_from_0_to_200) {
    for (int n = 0; n <= 200; ++n)
        EXPECT_EQ(russian_plural(n), by_the_book(n)) << "n = " << n;
}

TEST(russian_plural, treats_the_teens_as_many_and_hundreds_by_their_last_digits) {
    for (int n : {11, 12, 13, 14, 111, 112, 113, 114, 211, 1011}) EXPECT_EQ(russian_plural(n), plural_category::many) << n;
    for (int n : {1, 21, 101, 121, 1001}) EXPECT_EQ(russian_plural(n), plural_category::one) << n;
    for (int n : {2, 22, 134, 1002, 104}) EXPECT_EQ(russian_plural(n), plural_category::few) << n;
    EXPECT_EQ(russian_plural(-21), plural_category::one);
}

TEST(plural_phrase, counts_meetings_questions_and_winners_as_a_russian_report_does) {
    EXPECT_EQ(plural_phrase(1, meeting, qualifier::exact, language::ru), "1 заседание");
    EXPECT_EQ(plural_phrase(2, meeting, qualifier::exact, language::ru), "2 заседания");
    EXPECT_EQ(plural_phrase(59, meeting, qualifier::exact, language::ru), "59 заседаний");
    EXPECT_EQ(plural_phrase(61, meeting, qualifier::exact, language::ru), "61 заседание");
    EXPECT_EQ(plural_phrase(134, question, qualifier::exact, language::ru), "134 вопроса");
    EXPECT_EQ(plural_phrase(111, question, qualifier::exact, language::ru), "111 вопросов");
    EXPECT_EQ(plural_phrase(21, winner, qualifier::exact, language::ru), "21 победитель");
    EXPECT_EQ(plural_phrase(52, winner, qualifier::exact, language::ru), "52 победителя");
}

TEST(plural_phrase, puts_a_number_after_a_qualifier_in_the_genitive) {
    EXPECT_EQ(plural_phrase(300, ngo, qualifier::more_than, language::ru), "более 300 некоммерческих организаций");
    EXPECT_EQ(plural_phrase(21, ngo, qualifier::more_than, language::ru), "более 21 некоммерческой организации");
    EXPECT_EQ(plural_phrase(22, meeting, qualifier::about, language::ru), "около 22 заседаний");
    EXPECT_EQ(plural_phrase(31, winner, qualifier::at_least, language::ru), "не менее 31 победителя");
}

// DOMAIN.md section 8: a fraction takes the genitive singular, which for an adjective and noun
// is not the `few` form ("1,5 некоммерческой организации", not "…некоммерческие организации").
// The noun agrees with the number printed: 20.999 is printed "21", so "21 общественный совет".
TEST(plural_phrase, agrees_a_fraction_in_the_genitive_singular_and_a_rounded_number_as_printed) {
    const noun_forms council{"общественный совет", "общественных совета", "общественных советов", "общественного совета"};
    EXPECT_EQ(plural_phrase(1.5, ngo, qualifier::exact, language::ru), "1,5 некоммерческой организации");
    EXPECT_EQ(plural_phrase(1.5, ngo, qualifier::more_than, language::ru), "более 1,5 некоммерческой организации");
    EXPECT_EQ(plural_phrase(2.5, meeting, qualifier::exact, language::ru), "2,5 заседания");
    EXPECT_EQ(plural_phrase(20.999, council, qualifier::exact, language::ru), "21 общественный совет");
    EXPECT_EQ(plural_phrase(4.999, council, qualifier::exact, language::ru), "5 общественных советов");
    EXPECT_EQ(plural_phrase(1.001, council, qualifier::exact, language::ru), "1 общественный совет");
    EXPECT_EQ(plural_phrase(1.001, noun_forms{"council", "councils", "councils", ""}, qualifier::exact, language::en),
              "1 council");
    EXPECT_EQ(plural_phrase(1.25, council, qualifier::exact, language::ru), "1,25 общественного совета");
}

TEST(plural_phrase, uses_english_singular_only_for_exactly_one) {
    const noun_forms m{"meeting", "meetings", "meetings", ""};
    EXPECT_EQ(plural_phrase(1, m, qualifier::exact, language::en), "1 meeting");
    EXPECT_EQ(plural_phrase(21, m, qualifier::exact, language::en), "21 meetings");
    EXPECT_EQ(plural_phrase(0, m, qualifier::exact, language::en), "0 meetings");
    EXPECT_EQ(plural_phrase(300, m, qualifier::more_than, language::en), "more than 300 meetings");
    // English says "more than one meeting": the noun follows the number, not the qualifier.
    EXPECT_EQ(plural_phrase(1, m, qualifier::more_than, language::en), "more than 1 meeting");
    EXPECT_EQ(plural_phrase(1, m, qualifier::about, language::en), "about 1 meeting");
    EXPECT_EQ(format_money(money::from_rubles(1), qualifier::about, language::en), "about 1 rouble");
}

TEST(format_integer, groups_thousands_with_a_non_breaking_space_in_russian) {
    EXPECT_EQ(format_integer(999, language::ru), "999");
    EXPECT_EQ(format_integer(1500, language::ru), "1" + nbsp + "500");
    EXPECT_EQ(format_integer(1234567, language::ru), "1" + nbsp + "234" + nbsp + "567");
    EXPECT_EQ(format_integer(1234567, language::en), "1,234,567");
    EXPECT_EQ(format_integer(-4000, language::en), "\u22124,000");  // the minus sign, not a hyphen
    EXPECT_EQ(format_number(-0.4871, language::ru, 1), "\u22120,5");
    EXPECT_EQ(format_percent(-0.4871, qualifier::exact, language::ru), "\u221248,7\u00a0%");
}

TEST(format_number, takes_as_many_decimals_as_a_double_carries) {
    // 20 decimals overflowed the scaled value: 1/3 printed "0", 400 decimals 9,223,372,….
    EXPECT_EQ(format_number(1.0 / 3.0, language::en, 20), "0.333333333333333");
    EXPECT_EQ(format_number(1.0 / 3.0, language::en, 400), "0.333333333333333");
    EXPECT_EQ(format_number(12345.5, language::en, 40), "12,345.5");
    EXPECT_EQ(format_number(0.1, language::en, 15), "0.1");
    // Only the decimals a double rounds exactly (below 2^53 scaled): .875 was printed .896.
    EXPECT_EQ(format_number(99999999999.875, language::en, 3), "99,999,999,999.875");
    EXPECT_EQ(format_number(9999999999999.875, language::en, 3), "9,999,999,999,999.88");
    EXPECT_EQ(format_number(123456789.12345679, language::en, 9), "123,456,789.1234568");
}

TEST(format_number, writes_a_decimal_comma_in_russian) {
    EXPECT_EQ(format_number(3.7, language::ru), "3,7");
    EXPECT_EQ(format_number(3.7, language::en), "3.7");
    EXPECT_EQ(format_number(30.0, language::ru), "30");
    EXPECT_EQ(format_number(12345.25, language::ru, 2), "12" + nbsp + "345,25");
}

TEST(format_money, names_the_currency_of_the_amount) {
    // Millions take the genitive plural in Russian, the plural in English; small amounts agree
    // with their number; a code without words is written as it is.
    EXPECT_EQ(format_money(money::from_rubles(33'800'000), qualifier::exact, language::ru, "GBP"),
              "33,8 млн фунтов стерлингов");
    EXPECT_EQ(format_money(money::from_rubles(33'800'000), qualifier::exact, language::en, "GBP"),
              "33.8 million pounds");
    EXPECT_EQ(format_money(money::from_rubles(21), qualifier::exact, language::ru, "GBP"), "21 фунт стерлингов");
    EXPECT_EQ(format_money(money::from_rubles(3), qualifier::exact, language::ru, "USD"), "3 доллара США");
    EXPECT_EQ(format_money(money::from_rubles(1), qualifier::exact, language::en, "USD"), "1 US dollar");
    EXPECT_EQ(format_money(money::from_rubles(1'200'000'000), qualifier::exact, language::ru, "EUR"), "1,2 млрд евро");
    EXPECT_EQ(format_money(money::from_kopecks(500'050), qualifier::exact, language::en, "CHF"), "5,000.50 CHF");
    EXPECT_EQ(format_money(money::from_rubles(5), qualifier::exact, language::ru), "5 рублей");  // roubles unless named
}

TEST(format_money, shortens_millions_as_the_source_document_does) {
    EXPECT_EQ(format_money(money::from_rubles(3'700'000), qualifier::exact, language::ru), "3,7 млн рублей");
    EXPECT_EQ(format_money(money::from_rubles(30'000'000), qualifier::more_than, language::ru), "более 30 млн рублей");
    EXPECT_EQ(format_money(money::from_rubles(3'700'000), qualifier::exact, language::en), "3.7 million roubles");
    EXPECT_EQ(format_money(money::from_rubles(1'200'000'000), qualifier::exact, language::ru), "1,2 млрд рублей");
    // Rounded to tenths of a million, 999 950 000 is 1 000 million: said as 1 billion.
    EXPECT_EQ(format_money(money::from_rubles(999'950'000), qualifier::exact, language::ru), "около 1 млрд рублей");
    EXPECT_EQ(format_money(money::from_rubles(999'999'999), qualifier::about, language::en), "about 1 billion roubles");
    EXPECT_EQ(format_money(money::from_rubles(999'940'000), qualifier::exact, language::ru),
              "около 999,9 млн рублей");
    // Every amount money holds, to its ends (the magnitude of INT64_MIN and the rounding near
    // INT64_MAX overflowed: "about 1,844,674,407,278,721,441.3 billion roubles").
    EXPECT_EQ(format_money(money::from_kopecks(INT64_MAX), qualifier::exact, language::en),
              "about 92,233,720.4 billion roubles");
    EXPECT_EQ(format_money(money::from_kopecks(INT64_MIN), qualifier::exact, language::en),
              "about \u221292,233,720.4 billion roubles");
    EXPECT_EQ(format_money(money::from_kopecks(-150), qualifier::exact, language::en), "\u22121.50 roubles");
    // A negative lower bound rounds its magnitude up: −123.46 million is not "more than −123.4".
    EXPECT_EQ(format_money(money::from_kopecks(-12'345'678'900), qualifier::more_than, language::en),
              "more than \u2212123.5 million roubles");
    // A lower bound is rounded down, so it stays in millions.
    EXPECT_EQ(format_money(money::from_rubles(999'990'000), qualifier::more_than, language::ru),
              "более 999,9 млн рублей");
}

TEST(format_money, keeps_the_statement_true_when_rounding) {
    // 31 234 567 roubles cannot be written with one decimal: it becomes "about".
    EXPECT_EQ(format_money(money::from_rubles(31'234'567), qualifier::exact, language::ru), "около 31,2 млн рублей");
    // A lower bound is rounded down: more than 30.06 million is more than 30.0 million.
    EXPECT_EQ(format_money(money::from_rubles(30'060'000), qualifier::more_than, language::ru), "более 30 млн рублей");
    EXPECT_EQ(format_money(money::from_rubles(29'960'000), qualifier::about, language::ru), "около 30 млн рублей");
}

TEST(format_money, writes_smaller_amounts_in_full_with_the_agreeing_noun) {
    EXPECT_EQ(format_money(money::from_rubles(950'000), qualifier::exact, language::ru), "950" + nbsp + "000 рублей");
    EXPECT_EQ(format_money(money::from_rubles(21), qualifier::exact, language::ru), "21 рубль");
    EXPECT_EQ(format_money(money::from_rubles(3), qualifier::exact, language::ru), "3 рубля");
    EXPECT_EQ(format_money(money::from_kopecks(250), qualifier::exact, language::ru), "2,50 рубля");
    EXPECT_EQ(format_money(money::from_rubles(1), qualifier::exact, language::en), "1 rouble");
}

TEST(format_percent, and_ordinals_follow_each_language) {
    EXPECT_EQ(format_percent(0.9155, qualifier::exact, language::ru), "91,6" + nbsp + "%");
    // A lower bound is rounded down: at least 91.55 % is at least 91.5 %, not 91.6 %.
    EXPECT_EQ(format_percent(0.9155, qualifier::at_least, language::en), "at least 91.5%");
    EXPECT_EQ(format_ordinal(2, language::ru), "2-е");
    EXPECT_EQ(format_ordinal(1, language::en), "1st");
    EXPECT_EQ(format_ordinal(12, language::en), "12th");
    EXPECT_EQ(format_ordinal(23, language::en), "23rd");
}

TEST(parse_language, names_the_allowed_values_when_wrong) {
    EXPECT_EQ(parse_language("en"), language::en);
    try {
        parse_language("de");
        FAIL();
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("ru or en"), std::string::npos);
    }
}

TEST(parse_language, the_report_and_the_calendar_share_one_language_read_by_one_rule) {
    // Before, calendar::language and report::language were two enumerations: the calendar read
    // "ru" and "en" only and threw validation_error, the report read "russian" and "english"
    // too and threw parse_error; neither read "EN", which Python's functions all take.
    static_assert(std::is_same_v<civica::calendar::language, civica::report::language>);
    static_assert(std::is_same_v<civica::calendar::language, civica::text::language>);
    for (const char* name : {"en", "EN", "En", "eng", "English"}) {
        EXPECT_EQ(civica::calendar::parse_language(name), civica::text::language::en) << name;
        EXPECT_EQ(civica::report::parse_language(name), civica::text::language::en) << name;
    }
    for (const char* name : {"ru", "RU", "rus", "Russian"})
        EXPECT_EQ(civica::calendar::parse_language(name), civica::text::language::ru) << name;
    for (const char* name : {"de", "", "e", "ru ", "рус"})
        EXPECT_THROW((void)civica::calendar::parse_language(name), civica::validation_error) << name;
    EXPECT_EQ(to_string(civica::calendar::language::en), "en");
    EXPECT_EQ(to_string(civica::report::language::ru), "ru");
}

TEST(plural_phrase, words_numbers_beyond_what_an_int64_holds_by_their_digits_and_last_two_digits) {
    // Before, 1e20 came out as "0 заседания" (the cast to an integer overflowed), 1e18 took the
    // form of a fraction ("заседания"), and a percentage of 1e300 was "0 %". Independent truth:
    // the digits of the number as written in the test, grouped by three, and the grammar rule
    // (by_the_book) applied to its last two digits.
    const std::string e20 = "100" + nbsp + "000" + nbsp + "000" + nbsp + "000" + nbsp + "000" + nbsp + "000" + nbsp + "000";
    EXPECT_EQ(plural_phrase(1e20, meeting, qualifier::exact, language::ru), e20 + " заседаний");
    EXPECT_EQ(plural_phrase(-1e20, meeting, qualifier::exact, language::ru), "\xE2\x88\x92" + e20 + " заседаний");
    EXPECT_EQ(plural_phrase(1e18, meeting, qualifier::exact, language::ru),
              "1" + nbsp + "000" + nbsp + "000" + nbsp + "000" + nbsp + "000" + nbsp + "000" + nbsp + "000 заседаний");
    // 2^62 = 4611686018427387904 (a double exactly) ends in 04: the form of 4.
    EXPECT_EQ(plural_phrase(4611686018427387904.0, meeting, qualifier::exact, language::ru),
              "4" + nbsp + "611" + nbsp + "686" + nbsp + "018" + nbsp + "427" + nbsp + "387" + nbsp + "904 заседания");
    EXPECT_EQ(by_the_book(4), plural_category::few);
    EXPECT_EQ(plural_phrase(1e20, meeting, qualifier::exact, language::en), "100,000,000,000,000,000,000 заседаний");
    EXPECT_EQ(format_percent(1e13, qualifier::exact, language::en), "1,000,000,000,000,000%");
    // 1e302 per cent: the 303 digits of the double nearest to 1e302, grouped.
    const std::string percent = format_percent(1e300, qualifier::exact, language::ru);
    EXPECT_EQ(percent.rfind("100" + nbsp + "000" + nbsp + "000" + nbsp, 0), 0u) << percent;
    EXPECT_TRUE(percent.ends_with(nbsp + "%")) << percent;
    std::size_t digits = 0;
    for (char c : percent) digits += c >= '0' && c <= '9';
    EXPECT_EQ(digits, 303u);
}
