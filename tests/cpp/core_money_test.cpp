// Tests of civica/core/money.hpp: exact kopecks, strict parsing, checked arithmetic.
#include "civica/core/money.hpp"

#include "civica/error.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <utility>

using civica::money;

// Multiplying by a whole number is allowed; by a fraction it does not compile (it would need a
// rounding rule, and an implicit double-to-integer conversion would silently truncate).
template <class T>
concept multiplies_money = requires(civica::money m, T x) {
    m * x;
    x * m;
};
static_assert(multiplies_money<int>);
static_assert(multiplies_money<std::int64_t>);
static_assert(multiplies_money<std::size_t>);
static_assert(!multiplies_money<double>);
static_assert(!multiplies_money<float>);
static_assert(!multiplies_money<long double>);

namespace {

constexpr std::int64_t i64_min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t i64_max = std::numeric_limits<std::int64_t>::max();

money k(std::int64_t kopecks) { return money::from_kopecks(kopecks); }

}  // namespace

// ------------------------------------------------------------------ parsing

TEST(money, parses_whole_amounts_and_amounts_with_one_or_two_decimals) {
    EXPECT_EQ(money::parse("1250").kopecks(), 125000);
    EXPECT_EQ(money::parse("12.5").kopecks(), 1250);
    EXPECT_EQ(money::parse("12.50").kopecks(), 1250);
    EXPECT_EQ(money::parse("12.05").kopecks(), 1205);
    EXPECT_EQ(money::parse("0.05").kopecks(), 5);
    EXPECT_EQ(money::parse("0").kopecks(), 0);
    EXPECT_EQ(money::parse("3700000.50").kopecks(), 370000050);
    EXPECT_EQ(money::parse("30000000").kopecks(), 3000000000);  // 30 million roubles
    EXPECT_EQ(money::parse("007.10").kopecks(), 710);
}

TEST(money, parses_a_sign) {
    EXPECT_EQ(money::parse("-3.07").kopecks(), -307);
    EXPECT_EQ(money::parse("+3.07").kopecks(), 307);
    EXPECT_EQ(money::parse("-0.05").kopecks(), -5);
    EXPECT_EQ(money::parse("-0").kopecks(), 0);
}

TEST(money, parses_the_largest_and_the_smallest_representable_amounts) {
    EXPECT_EQ(money::parse("92233720368547758.07").kopecks(), i64_max);
    EXPECT_EQ(money::parse("-92233720368547758.08").kopecks(), i64_min);
}

TEST(money, rejects_what_is_not_a_plain_decimal_amount) {
    for (const char* s : {"12,5", "1 000", "1.234", "", "-", "+", "abc", " 12", "12 ", "12.",
                          ".5", "-.5", "1e3", "--1", "+-1", "1.2.3", "0x10", "12.5 руб", "1'000",
                          "1_000", "١٢", "12.-5", "\t1"}) {
        EXPECT_THROW(money::parse(s), civica::parse_error) << '"' << s << '"';
    }
}

// A message quotes the whole character it stopped at, never a piece of one: it stays UTF-8.
TEST(money, names_the_whole_character_it_cannot_read) {
    const std::pair<const char*, const char*> cases[] = {
        {"\xE2\x82\xAC" "100", "unexpected character '\xE2\x82\xAC'"},     // €100
        {"\xD0\xBC\xD0\xBD\xD0\xBE\xD0\xB3\xD0\xBE", "unexpected character '\xD0\xBC'"},  // много
        {"12.5\xE2\x82\xBD", "unexpected character '\xE2\x82\xBD'"},       // 12.5₽
        {"\xF0\x9F\x92\xB0" "1", "unexpected character '\xF0\x9F\x92\xB0'"},  // a 4-byte character
        {"1\xE2\x82", "unexpected byte \\xE2"},                               // a sequence cut short
        {"\xCC\xE0", "unexpected byte \\xCC"},                                // Windows-1251 text
    };
    for (const auto& [text, expected] : cases) {
        try {
            money::parse(text);
            ADD_FAILURE() << text << " was accepted";
        } catch (const civica::parse_error& e) {
            EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
        }
    }
}

TEST(money, says_how_to_write_an_amount_it_cannot_read) {
    try {
        money::parse("12,5");
        FAIL() << "12,5 was accepted";
    } catch (const civica::parse_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("\"12,5\""), std::string::npos) << m;
        EXPECT_NE(m.find("12.50"), std::string::npos) << m;
        EXPECT_NE(m.find("','"), std::string::npos) << m;
    }
    try {
        money::parse("1.234");
        FAIL() << "1.234 was accepted";
    } catch (const civica::parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("two decimals"), std::string::npos) << e.what();
    }
}

TEST(money, rejects_a_number_too_large_for_64_bit_kopecks) {
    for (const char* s : {"92233720368547758.08", "-92233720368547758.09", "92233720368547759",
                          "99999999999999999999", "18446744073709551616", "1000000000000000000000000"}) {
        try {
            money::parse(s);
            ADD_FAILURE() << s << " was accepted";
        } catch (const civica::parse_error& e) {
            EXPECT_NE(std::string(e.what()).find("too large"), std::string::npos) << e.what();
        }
    }
}

TEST(money, a_parse_error_is_a_civica_error) {
    EXPECT_THROW(money::parse("abc"), civica::error);
}

// ------------------------------------------------------------------ formatting

TEST(money, prints_two_decimals_in_currency_units) {
    EXPECT_EQ(k(370000050).to_string(), "3700000.50");
    EXPECT_EQ(k(0).to_string(), "0.00");
    EXPECT_EQ(k(5).to_string(), "0.05");
    EXPECT_EQ(k(100).to_string(), "1.00");
    EXPECT_EQ(k(1205).to_string(), "12.05");
    EXPECT_EQ(money().to_string(), "0.00");
}

TEST(money, prints_negative_amounts_with_a_minus_sign) {
    EXPECT_EQ(k(-5).to_string(), "-0.05");
    EXPECT_EQ(k(-99).to_string(), "-0.99");
    EXPECT_EQ(k(-100).to_string(), "-1.00");
    EXPECT_EQ(k(-307).to_string(), "-3.07");
}

TEST(money, prints_the_extreme_values_exactly) {
    // INT64_MIN = -9223372036854775808, INT64_MAX = 9223372036854775807.
    EXPECT_EQ(k(i64_min).to_string(), "-92233720368547758.08");
    EXPECT_EQ(k(i64_max).to_string(), "92233720368547758.07");
}

TEST(money, reads_back_what_it_prints_for_random_and_extreme_amounts) {
    std::mt19937_64 rng(370000050);
    std::uniform_int_distribution<std::int64_t> any(i64_min, i64_max);
    std::uniform_int_distribution<std::int64_t> small(-1'000'000'000, 1'000'000'000);
    for (int i = 0; i < 5000; ++i) {
        const money a = k(i % 2 ? any(rng) : small(rng));
        ASSERT_EQ(money::parse(a.to_string()), a) << a.to_string();
    }
    for (std::int64_t v : {i64_min, i64_min + 1, i64_max, i64_max - 1, std::int64_t{-1},
                           std::int64_t{0}, std::int64_t{1}})
        EXPECT_EQ(money::parse(k(v).to_string()).kopecks(), v);
}

TEST(money, prints_the_text_it_was_parsed_from_when_that_has_two_decimals) {
    // The text is built with printf from separately drawn roubles and kopecks, so the
    // expected value r*100+c does not come from the library.
    std::mt19937_64 rng(52);
    std::uniform_int_distribution<long long> rub(0, 9'000'000'000'000LL);
    std::uniform_int_distribution<int> kop(0, 99);
    for (int i = 0; i < 3000; ++i) {
        const long long r = rub(rng);
        const int c = kop(rng);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s%lld.%02d", i % 3 == 0 ? "-" : "", r, c);
        const money m = money::parse(buf);
        const long long expected = (r * 100 + c) * (i % 3 == 0 ? -1 : 1);
        ASSERT_EQ(m.kopecks(), expected) << buf;
        if (expected != 0) {
            ASSERT_EQ(m.to_string(), buf);
        }
    }
}

TEST(money, gives_roubles_as_a_double_for_display) {
    EXPECT_DOUBLE_EQ(k(370000050).rubles(), 3700000.5);
    EXPECT_DOUBLE_EQ(k(-5).rubles(), -0.05);
}

// ------------------------------------------------------------------ arithmetic

TEST(money, adds_subtracts_and_multiplies_exactly) {
    EXPECT_EQ(money::parse("0.10") + money::parse("0.20"), money::parse("0.30"));
    EXPECT_EQ(money::parse("3700000") - money::parse("0.01"), money::parse("3699999.99"));
    EXPECT_EQ(money::parse("12.34") * 3, money::parse("37.02"));
    EXPECT_EQ(3 * money::parse("12.34"), money::parse("37.02"));
    EXPECT_EQ(-money::parse("12.34"), money::parse("-12.34"));
    money a = k(10);
    a += k(5);
    EXPECT_EQ(a.kopecks(), 15);
    a -= k(20);
    EXPECT_EQ(a.kopecks(), -5);
}

TEST(money, makes_whole_roubles) {
    EXPECT_EQ(money::from_rubles(30'000'000).kopecks(), 3'000'000'000);
    EXPECT_EQ(money::from_rubles(-2).kopecks(), -200);
    EXPECT_EQ(money::from_rubles(i64_max / 100).kopecks(), i64_max / 100 * 100);
    EXPECT_THROW(money::from_rubles(i64_max / 100 + 1), civica::validation_error);
    EXPECT_THROW(money::from_rubles(i64_min / 100 - 1), civica::validation_error);
}

TEST(money, throws_instead_of_wrapping_on_overflow) {
    EXPECT_THROW(k(i64_max) + k(1), civica::validation_error);
    EXPECT_THROW(k(i64_min) + k(-1), civica::validation_error);
    EXPECT_THROW(k(i64_min) - k(1), civica::validation_error);
    EXPECT_THROW(k(i64_max) - k(-1), civica::validation_error);
    EXPECT_THROW(k(0) - k(i64_min), civica::validation_error);
    EXPECT_THROW(k(i64_max / 2 + 1) * 2, civica::validation_error);
    EXPECT_THROW(k(i64_min) * -1, civica::validation_error);
    EXPECT_THROW(-1 * k(i64_min), civica::validation_error);
    EXPECT_THROW(-k(i64_min), civica::validation_error);
    money a = k(i64_max);
    EXPECT_THROW(a += k(1), civica::validation_error);
    EXPECT_EQ(a.kopecks(), i64_max) << "a failed += must leave the value unchanged";
    EXPECT_THROW(a -= k(-1), civica::validation_error);
    EXPECT_EQ(a.kopecks(), i64_max);
}

TEST(money, does_not_throw_at_the_edge_of_the_range) {
    EXPECT_EQ((k(i64_max - 1) + k(1)).kopecks(), i64_max);
    EXPECT_EQ((k(i64_min + 1) - k(1)).kopecks(), i64_min);
    EXPECT_EQ((-k(i64_max)).kopecks(), i64_min + 1);
    EXPECT_EQ((k(i64_min / 2) * 2).kopecks(), i64_min);
}

TEST(money, an_overflow_message_names_the_operation) {
    try {
        (void)(k(i64_max) * 2);
        FAIL();
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("multiplication"), std::string::npos) << e.what();
    }
}

TEST(money, compares_by_amount) {
    EXPECT_EQ(money::parse("1.5"), money::parse("1.50"));
    EXPECT_NE(money::parse("1.5"), money::parse("1.05"));
    EXPECT_LT(money::parse("-1"), money::parse("0"));
    EXPECT_LT(money::parse("0.99"), money::parse("1"));
    EXPECT_GT(k(i64_max), k(i64_max - 1));
    EXPECT_LE(k(3), k(3));
    EXPECT_GE(k(3), k(-3));
    EXPECT_TRUE(k(i64_min) < k(0));
    EXPECT_EQ(money(), k(0));
}

TEST(money, nearest_says_a_value_that_is_no_number_is_not_an_amount) {
    // NaN was reported as an overflow ("the result does not fit in 64-bit kopecks").
    const auto message = [](double v) -> std::string {
        try {
            (void)civica::money::nearest(v);
        } catch (const civica::validation_error& e) {
            return e.what();
        }
        return "no error";
    };
    EXPECT_EQ(message(std::numeric_limits<double>::quiet_NaN()), "money::nearest: NaN is not an amount");
    EXPECT_EQ(message(-std::numeric_limits<double>::infinity()), "money::nearest: an infinite value is not an amount");
    EXPECT_NE(message(1e17).find("does not fit in 64-bit kopecks"), std::string::npos);
    EXPECT_EQ(civica::money::nearest(12.5).kopecks(), 1250);
}
