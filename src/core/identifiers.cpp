// Design notes: the checksum rules are those of the Federal Tax Service as summarised in
// DOMAIN.md section 3. OGRNIP takes the remainder mod 13 and then mod 10; omitting the final
// mod 10 (a known bug in a popular validator) rejects valid numbers whose remainder is 10..12.
#include "civica/core/identifiers.hpp"

#include <array>
#include <cstdint>

namespace civica::ids {
namespace {

bool all_digits(std::string_view s) noexcept {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

int digit(std::string_view s, std::size_t i) noexcept { return s[i] - '0'; }

template <std::size_t N>
int weighted_check(std::string_view s, const std::array<int, N>& w) noexcept {
    int sum = 0;
    for (std::size_t i = 0; i < N; ++i) sum += digit(s, i) * w[i];
    return sum % 11 % 10;
}

constexpr std::array<int, 9> inn10_w{2, 4, 10, 3, 5, 9, 4, 6, 8};
constexpr std::array<int, 10> inn12_w1{7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
constexpr std::array<int, 11> inn12_w2{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};

// Remainder of the decimal number formed by s[0..n) modulo m. The number itself is formed
// first: the OGRN's 12 and the OGRNIP's 14 leading digits (n <= 19) fit in 64 bits, and one
// division in place of one a digit matters where a store's organisations are all checked.
int decimal_mod(std::string_view s, std::size_t n, int m) noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = v * 10 + static_cast<std::uint64_t>(digit(s, i));
    return static_cast<int>(v % static_cast<std::uint64_t>(m));
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

bool is_valid_inn10(std::string_view s) noexcept {
    return s.size() == 10 && all_digits(s) && weighted_check(s, inn10_w) == digit(s, 9);
}

bool is_valid_inn12(std::string_view s) noexcept {
    return s.size() == 12 && all_digits(s) && weighted_check(s, inn12_w1) == digit(s, 10) &&
           weighted_check(s, inn12_w2) == digit(s, 11);
}

bool is_valid_inn(std::string_view s) noexcept { return is_valid_inn10(s) || is_valid_inn12(s); }

bool is_valid_ogrn(std::string_view s) noexcept {
    return s.size() == 13 && all_digits(s) && decimal_mod(s, 12, 11) % 10 == digit(s, 12);
}

bool is_valid_ogrnip(std::string_view s) noexcept {
    return s.size() == 15 && all_digits(s) && decimal_mod(s, 14, 13) % 10 == digit(s, 14);
}

bool is_valid_kpp(std::string_view s) noexcept {
    if (s.size() != 9) return false;
    for (std::size_t i = 0; i < 9; ++i) {
        const char c = s[i];
        const bool d = c >= '0' && c <= '9';
        if (i == 4 || i == 5) {
            if (!d && !(c >= 'A' && c <= 'Z')) return false;
        } else if (!d) {
            return false;
        }
    }
    return true;
}

std::string inn_problem(std::string_view s) {
    if (!all_digits(s)) return "INN " + quoted(s) + " must consist of digits only";
    if (s.size() == 10) {
        const int want = weighted_check(s, inn10_w);
        if (want != digit(s, 9))
            return "INN " + quoted(s) + ": check digit is " + std::to_string(digit(s, 9)) +
                   ", expected " + std::to_string(want);
        return {};
    }
    if (s.size() == 12) {
        const int w1 = weighted_check(s, inn12_w1);
        if (w1 != digit(s, 10))
            return "INN " + quoted(s) + ": 11th digit is " + std::to_string(digit(s, 10)) +
                   ", expected " + std::to_string(w1);
        const int w2 = weighted_check(s, inn12_w2);
        if (w2 != digit(s, 11))
            return "INN " + quoted(s) + ": 12th digit is " + std::to_string(digit(s, 11)) +
                   ", expected " + std::to_string(w2);
        return {};
    }
    return "INN " + quoted(s) + " has " + std::to_string(s.size()) +
           " digits; an INN has 10 (organisation) or 12 (individual)";
}

std::string ogrn_problem(std::string_view s) {
    if (!all_digits(s)) return "OGRN " + quoted(s) + " must consist of digits only";
    if (s.size() == 13) {
        const int want = decimal_mod(s, 12, 11) % 10;
        if (want != digit(s, 12))
            return "OGRN " + quoted(s) + ": check digit is " + std::to_string(digit(s, 12)) +
                   ", expected " + std::to_string(want);
        return {};
    }
    if (s.size() == 15) {
        const int want = decimal_mod(s, 14, 13) % 10;
        if (want != digit(s, 14))
            return "OGRNIP " + quoted(s) + ": check digit is " + std::to_string(digit(s, 14)) +
                   ", expected " + std::to_string(want);
        return {};
    }
    return "OGRN " + quoted(s) + " has " + std::to_string(s.size()) +
           " digits; an OGRN has 13 (an OGRNIP 15)";
}

std::string kpp_problem(std::string_view s) {
    if (is_valid_kpp(s)) return {};
    return "KPP " + quoted(s) +
           " must be 9 characters: 4 digits, 2 digits or capital Latin letters, 3 digits";
}

}  // namespace civica::ids
