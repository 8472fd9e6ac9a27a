#include "civica/core/money.hpp"

#include "civica/error.hpp"

#include <cmath>

namespace civica {

void check_currency_code(std::string_view code, std::string_view where) {
    if (!is_currency_code(code))
        throw validation_error(std::string(where) + (where.empty() ? "" : ": ") + "the dataset's currency \"" +
                               std::string(code) + "\" is not an ISO 4217 code (three capital letters, e.g. RUB)");
}

namespace {

[[noreturn]] void overflow(const char* op) {
    throw validation_error(std::string("money overflow in ") + op +
                           ": the result does not fit in 64-bit kopecks");
}

// What starts at s[i], for a message: "character 'x'" with a whole UTF-8 sequence (a '€' or a
// Cyrillic letter, not its first byte alone), or "byte \xNN" for a byte that starts none.
std::string character_at(std::string_view s, std::size_t i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    bool whole = n != 0 && i + n <= s.size();
    for (std::size_t k = 1; whole && k < n; ++k) whole = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (whole) return "character '" + std::string(s.substr(i, n)) + "'";
    static constexpr char hex[] = "0123456789ABCDEF";
    return std::string("byte \\x") + hex[lead >> 4] + hex[lead & 0xF];
}

}  // namespace

money money::from_rubles(std::int64_t rubles) {
    std::int64_t k = 0;
    if (__builtin_mul_overflow(rubles, std::int64_t{100}, &k)) overflow("from_rubles");
    return money(k);
}

money money::nearest(double units) {
    // 9.2e16 units: the most whole units whose kopecks fit in int64.
    if (!std::isfinite(units))
        throw validation_error(std::string("money::nearest: ") + (std::isnan(units) ? "NaN" : "an infinite value") +
                               " is not an amount");
    if (std::fabs(units) >= 9.2e16) overflow("nearest");
    const double whole = std::trunc(units);
    const double fraction = units - whole;  // exact: the fraction of a double is a double
    return from_rubles(static_cast<std::int64_t>(whole)) + money(std::llround(fraction * 100.0));
}

money money::parse(std::string_view text) {
    auto fail = [&](const std::string& why) -> parse_error {
        return parse_error("\"" + std::string(text) + "\" is not an amount (" + why +
                           "; write e.g. 1250 or 12.50, '.' as decimal point)");
    };
    std::string_view s = text;
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) throw fail("no digits");
    // The magnitude is accumulated unsigned so that the most negative amount, whose magnitude
    // exceeds INT64_MAX by one, still parses (to_string(INT64_MIN) must read back).
    const std::uint64_t limit = negative
                                    ? std::uint64_t{1} << 63
                                    : static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    std::uint64_t units = 0;
    std::size_t i = 0;
    std::size_t int_digits = 0;
    for (; i < s.size() && s[i] != '.'; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9') throw fail("unexpected " + character_at(s, i));
        if (__builtin_mul_overflow(units, std::uint64_t{10}, &units) ||
            __builtin_add_overflow(units, static_cast<std::uint64_t>(c - '0'), &units) ||
            units > limit)
            throw fail("too large for 64-bit kopecks");
        ++int_digits;
    }
    std::uint64_t frac = 0;
    std::size_t frac_digits = 0;
    if (i < s.size()) {  // s[i] == '.'
        ++i;
        for (; i < s.size(); ++i) {
            const char c = s[i];
            if (c < '0' || c > '9') throw fail("unexpected " + character_at(s, i));
            if (++frac_digits > 2) throw fail("more than two decimals");
            frac = frac * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (frac_digits == 0) throw fail("no digits after '.'");
    }
    if (int_digits == 0) throw fail("no digits before '.'");
    if (frac_digits == 1) frac *= 10;
    std::uint64_t mag = 0;
    if (__builtin_mul_overflow(units, std::uint64_t{100}, &mag) ||
        __builtin_add_overflow(mag, frac, &mag) || mag > limit)
        throw fail("too large for 64-bit kopecks");
    // mag <= 2^63 here; negating in unsigned and converting is exact (two's complement, C++20).
    return money(negative ? static_cast<std::int64_t>(~mag + 1) : static_cast<std::int64_t>(mag));
}

std::string money::to_string() const {
    // Work in unsigned to print INT64_MIN correctly.
    const bool negative = kopecks_ < 0;
    const std::uint64_t mag = negative ? (~static_cast<std::uint64_t>(kopecks_) + 1)
                                       : static_cast<std::uint64_t>(kopecks_);
    std::string out = std::to_string(mag / 100);
    const unsigned cents = static_cast<unsigned>(mag % 100);
    out += '.';
    out += static_cast<char>('0' + cents / 10);
    out += static_cast<char>('0' + cents % 10);
    return negative ? "-" + out : out;
}

money& money::operator+=(money o) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(kopecks_, o.kopecks_, &r)) overflow("addition");
    kopecks_ = r;
    return *this;
}

money& money::operator-=(money o) {
    std::int64_t r = 0;
    if (__builtin_sub_overflow(kopecks_, o.kopecks_, &r)) overflow("subtraction");
    kopecks_ = r;
    return *this;
}

money money::operator-() const {
    if (kopecks_ == std::numeric_limits<std::int64_t>::min()) overflow("negation");
    return money(-kopecks_);
}

money operator*(money a, std::int64_t n) {
    std::int64_t k = 0;
    if (__builtin_mul_overflow(a.kopecks_, n, &k)) overflow("multiplication");
    return money(k);
}

}  // namespace civica
