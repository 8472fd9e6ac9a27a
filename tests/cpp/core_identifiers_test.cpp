// Tests of civica/core/identifiers.hpp: INN, OGRN, OGRNIP and KPP.
//
// The independent truth is twofold: the published test vectors of DOMAIN.md section 3, and
// the checksum rules re-implemented below in a different way (whole-number arithmetic on
// std::uint64_t and a table of weights written as strings), compared with the library over
// thousands of random numbers.
#include "civica/core/identifiers.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace ids = civica::ids;

namespace {

// ---- the reference implementation (deliberately unlike src/core/identifiers.cpp) ----

// Weights written as digit strings; 'A' stands for 10.
int weight_at(std::string_view weights, std::size_t i) {
    return weights[i] == 'A' ? 10 : weights[i] - '0';
}

int reference_weighted_digit(const std::string& digits, std::string_view weights) {
    long sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) sum += (digits[i] - '0') * weight_at(weights, i);
    return static_cast<int>(sum % 11 % 10);
}

constexpr std::string_view inn10_weights = "24A359468";
constexpr std::string_view inn12_first = "724A359468";
constexpr std::string_view inn12_second = "3724A359468";

// OGRN: the first 12 digits are below 10^12 and the first 14 of an OGRNIP below 10^14, so
// they fit in a std::uint64_t and the remainder can be taken of the number itself.
int reference_ogrn_digit(const std::string& first12) { return static_cast<int>(std::stoull(first12) % 11 % 10); }
int reference_ogrnip_digit(const std::string& first14) { return static_cast<int>(std::stoull(first14) % 13 % 10); }

std::string random_digits(std::mt19937_64& rng, std::size_t n) {
    std::uniform_int_distribution<int> d(0, 9);
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('0' + d(rng));
    return s;
}

char as_char(int digit) { return static_cast<char>('0' + digit); }

}  // namespace

// ------------------------------------------------------------------ published vectors

TEST(inn, accepts_every_valid_ten_digit_vector_of_the_domain_notes) {
    for (const char* s : {"7707083893", "0108003670", "0273074555", "7709442668", "8614008550",
                          "8906008726", "1234567894"}) {
        EXPECT_TRUE(ids::is_valid_inn10(s)) << s;
        EXPECT_TRUE(ids::is_valid_inn(s)) << s;
        EXPECT_FALSE(ids::is_valid_inn12(s)) << s;
        EXPECT_EQ(ids::inn_problem(s), "") << s;
    }
}

TEST(inn, accepts_every_valid_twelve_digit_vector_of_the_domain_notes) {
    for (const char* s : {"526317984689", "005826107187", "123456789047"}) {
        EXPECT_TRUE(ids::is_valid_inn12(s)) << s;
        EXPECT_TRUE(ids::is_valid_inn(s)) << s;
        EXPECT_FALSE(ids::is_valid_inn10(s)) << s;
        EXPECT_EQ(ids::inn_problem(s), "") << s;
    }
}

TEST(inn, rejects_a_wrong_check_digit) {
    EXPECT_FALSE(ids::is_valid_inn10("1234567895"));
    EXPECT_FALSE(ids::is_valid_inn("1234567895"));
    EXPECT_FALSE(ids::is_valid_inn12("123456789037"));
    EXPECT_FALSE(ids::is_valid_inn("123456789037"));
}

TEST(inn, names_the_expected_check_digit_of_a_ten_digit_number) {
    // By hand: 1·2+2·4+3·10+4·3+5·5+6·9+7·4+8·6+9·8 = 279; 279 mod 11 = 4; 4 mod 10 = 4.
    const std::string p = ids::inn_problem("1234567895");
    EXPECT_NE(p.find("1234567895"), std::string::npos) << p;
    EXPECT_NE(p.find("check digit is 5"), std::string::npos) << p;
    EXPECT_NE(p.find("expected 4"), std::string::npos) << p;
}

TEST(inn, names_the_expected_eleventh_digit_of_a_twelve_digit_number) {
    // By hand: 1·7+2·2+3·4+4·10+5·3+6·5+7·9+8·4+9·6+0·8 = 257; 257 mod 11 = 4.
    const std::string p = ids::inn_problem("123456789037");
    EXPECT_NE(p.find("123456789037"), std::string::npos) << p;
    EXPECT_NE(p.find("11th digit is 3"), std::string::npos) << p;
    EXPECT_NE(p.find("expected 4"), std::string::npos) << p;
}

TEST(inn, names_the_expected_twelfth_digit_when_only_the_last_is_wrong) {
    // 12345678904x: by hand 1·3+2·7+3·2+4·4+5·10+6·3+7·5+8·9+9·4+0·6+4·8 = 282; 282 mod 11 = 7.
    EXPECT_TRUE(ids::is_valid_inn12("123456789047"));
    const std::string p = ids::inn_problem("123456789041");
    EXPECT_NE(p.find("12th digit is 1"), std::string::npos) << p;
    EXPECT_NE(p.find("expected 7"), std::string::npos) << p;
}

TEST(inn, rejects_wrong_lengths_and_non_digits) {
    for (const char* s : {"", "770708389", "77070838930", "77070838931", "1234567890471",
                          "770708389X", "7707 83893", "-707083893", "７707083893"}) {
        EXPECT_FALSE(ids::is_valid_inn(s)) << s;
        EXPECT_FALSE(ids::is_valid_inn10(s)) << s;
        EXPECT_FALSE(ids::is_valid_inn12(s)) << s;
        EXPECT_NE(ids::inn_problem(s), "") << s;
    }
}

TEST(inn, says_how_many_digits_a_number_of_the_wrong_length_has) {
    const std::string p = ids::inn_problem("770708389");
    EXPECT_NE(p.find("has 9 digits"), std::string::npos) << p;
    EXPECT_NE(p.find("10"), std::string::npos) << p;
    EXPECT_NE(p.find("12"), std::string::npos) << p;
    const std::string q = ids::inn_problem("770708389X");
    EXPECT_NE(q.find("digits only"), std::string::npos) << q;
}

TEST(ogrn, accepts_every_valid_vector_of_the_domain_notes) {
    for (const char* s : {"1027700132195", "1027739244741", "1022200525819", "1022500001325",
                          "1027739552642", "1037739010891", "1027700220624"}) {
        EXPECT_TRUE(ids::is_valid_ogrn(s)) << s;
        EXPECT_FALSE(ids::is_valid_ogrnip(s)) << s;
        EXPECT_EQ(ids::ogrn_problem(s), "") << s;
    }
}

TEST(ogrn, rejects_the_invalid_vectors_and_names_the_expected_digit) {
    EXPECT_FALSE(ids::is_valid_ogrn("1027739244742"));
    EXPECT_FALSE(ids::is_valid_ogrn("1022500001328"));
    // 102773924474 mod 11 = 1 and 102250000132 mod 11 = 5 (computed in 64-bit integers).
    ASSERT_EQ(reference_ogrn_digit("102773924474"), 1);
    ASSERT_EQ(reference_ogrn_digit("102250000132"), 5);
    const std::string a = ids::ogrn_problem("1027739244742");
    EXPECT_NE(a.find("1027739244742"), std::string::npos) << a;
    EXPECT_NE(a.find("check digit is 2"), std::string::npos) << a;
    EXPECT_NE(a.find("expected 1"), std::string::npos) << a;
    const std::string b = ids::ogrn_problem("1022500001328");
    EXPECT_NE(b.find("expected 5"), std::string::npos) << b;
}

TEST(ogrn, rejects_wrong_lengths_and_non_digits) {
    for (const char* s : {"", "102770013219", "10277001321950", "102770013219X", "1027700132 95"}) {
        EXPECT_FALSE(ids::is_valid_ogrn(s)) << s;
        EXPECT_NE(ids::ogrn_problem(s), "") << s;
    }
    const std::string p = ids::ogrn_problem("102770013219");
    EXPECT_NE(p.find("has 12 digits"), std::string::npos) << p;
}

TEST(ogrnip, accepts_every_valid_vector_of_the_domain_notes) {
    for (const char* s : {"304500116000157", "312502904600034", "385768585948949"}) {
        EXPECT_TRUE(ids::is_valid_ogrnip(s)) << s;
        EXPECT_FALSE(ids::is_valid_ogrn(s)) << s;
        EXPECT_EQ(ids::ogrn_problem(s), "") << s;
    }
}

TEST(ogrnip, rejects_the_invalid_vector_and_names_the_expected_digit) {
    EXPECT_FALSE(ids::is_valid_ogrnip("304500116000158"));
    ASSERT_EQ(reference_ogrnip_digit("30450011600015"), 7);
    const std::string p = ids::ogrn_problem("304500116000158");
    EXPECT_NE(p.find("OGRNIP"), std::string::npos) << p;
    EXPECT_NE(p.find("check digit is 8"), std::string::npos) << p;
    EXPECT_NE(p.find("expected 7"), std::string::npos) << p;
}

TEST(ogrnip, takes_the_remainder_mod_13_and_then_mod_10) {
    // Find, independently, numbers whose first 14 digits leave a remainder of 10, 11 and 12
    // mod 13: their check digit is 0, 1 and 2. A validator without the final mod 10 would
    // want a two-digit check digit and reject every one of them.
    bool seen[3] = {false, false, false};
    for (std::uint64_t first14 = 30450011600015; !(seen[0] && seen[1] && seen[2]); ++first14) {
        const int r = static_cast<int>(first14 % 13);
        if (r < 10) continue;
        seen[r - 10] = true;
        const std::string prefix = std::to_string(first14);
        ASSERT_EQ(prefix.size(), 14u);
        const std::string valid = prefix + as_char(r - 10);
        EXPECT_TRUE(ids::is_valid_ogrnip(valid)) << valid << " (remainder " << r << ")";
        EXPECT_EQ(ids::ogrn_problem(valid), "") << valid;
        for (int d = 0; d <= 9; ++d) {
            if (d != r - 10) {
                EXPECT_FALSE(ids::is_valid_ogrnip(prefix + as_char(d))) << prefix << d;
            }
        }
    }
}

TEST(kpp, accepts_nine_digits_and_capital_letters_in_positions_five_and_six) {
    for (const char* s : {"770701001", "860101001", "7707AB001", "7707A1001", "77071Z001", "0000ZZ999"})
        EXPECT_TRUE(ids::is_valid_kpp(s)) << s;
    for (const char* s : {"770701001", "7707AB001"}) EXPECT_EQ(ids::kpp_problem(s), "") << s;
}

TEST(kpp, rejects_lower_case_letters_wrong_positions_and_wrong_lengths) {
    for (const char* s : {"7707ab001", "7707aB001", "7707Ab001", "A70701001", "770A01001",
                          "770701A01", "77070100A", "77070100", "7707010011", "", "7707 1001",
                          "7707-1001", "7707АБ001"}) {
        EXPECT_FALSE(ids::is_valid_kpp(s)) << s;
        const std::string p = ids::kpp_problem(s);
        EXPECT_NE(p, "") << s;
        EXPECT_NE(p.find(std::string("\"") + s + "\""), std::string::npos) << p;
    }
}

// ------------------------------------------------------------------ random cross-checks

TEST(inn, agrees_with_an_independent_implementation_on_thousands_of_random_ten_digit_numbers) {
    std::mt19937_64 rng(20201103);
    for (int n = 0; n < 3000; ++n) {
        const std::string first9 = random_digits(rng, 9);
        const int want = reference_weighted_digit(first9, inn10_weights);
        for (int d = 0; d <= 9; ++d) {
            const std::string s = first9 + as_char(d);
            ASSERT_EQ(ids::is_valid_inn10(s), d == want) << s;
            ASSERT_EQ(ids::inn_problem(s).empty(), d == want) << s;
        }
    }
}

TEST(inn, agrees_with_an_independent_implementation_on_thousands_of_random_twelve_digit_numbers) {
    std::mt19937_64 rng(79410);
    for (int n = 0; n < 3000; ++n) {
        const std::string first10 = random_digits(rng, 10);
        const int d11 = reference_weighted_digit(first10, inn12_first);
        const std::string first11 = first10 + as_char(d11);
        const int d12 = reference_weighted_digit(first11, inn12_second);
        ASSERT_TRUE(ids::is_valid_inn12(first11 + as_char(d12))) << first11 << d12;
        // Every other 11th or 12th digit is wrong.
        for (int a = 0; a <= 9; ++a)
            for (int b = 0; b <= 9; ++b) {
                if (a == d11 && b == d12) continue;
                const std::string s = first10 + as_char(a) + as_char(b);
                // A wrong 11th digit changes the 12th check, so only test validity.
                ASSERT_FALSE(ids::is_valid_inn12(s)) << s;
            }
        if (d11 != 9) {
            const std::string bad = first10 + as_char(d11 + 1) + as_char(d12);
            const std::string p = ids::inn_problem(bad);
            ASSERT_NE(p.find("expected " + std::to_string(d11)), std::string::npos) << p;
        }
    }
}

TEST(ogrn, agrees_with_an_independent_implementation_on_thousands_of_random_numbers) {
    std::mt19937_64 rng(1027700132195);
    for (int n = 0; n < 3000; ++n) {
        const std::string first12 = random_digits(rng, 12);
        const int want = reference_ogrn_digit(first12);
        for (int d = 0; d <= 9; ++d) {
            const std::string s = first12 + as_char(d);
            ASSERT_EQ(ids::is_valid_ogrn(s), d == want) << s;
            const std::string p = ids::ogrn_problem(s);
            if (d == want)
                ASSERT_EQ(p, "") << s;
            else
                ASSERT_NE(p.find("expected " + std::to_string(want)), std::string::npos) << p;
        }
    }
}

TEST(ogrnip, agrees_with_an_independent_implementation_on_thousands_of_random_numbers) {
    std::mt19937_64 rng(304500116000157);
    int wrapped = 0;  // how many needed the final mod 10
    for (int n = 0; n < 3000; ++n) {
        const std::string first14 = random_digits(rng, 14);
        const int want = reference_ogrnip_digit(first14);
        if (std::stoull(first14) % 13 >= 10) ++wrapped;
        for (int d = 0; d <= 9; ++d) {
            const std::string s = first14 + as_char(d);
            ASSERT_EQ(ids::is_valid_ogrnip(s), d == want) << s;
            ASSERT_EQ(ids::ogrn_problem(s).empty(), d == want) << s;
        }
    }
    // About 3/13 of random numbers exercise the final mod 10.
    EXPECT_GT(wrapped, 500);
}
