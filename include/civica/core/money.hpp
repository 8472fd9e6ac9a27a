#pragma once
/// \file
/// Money as an exact integer number of kopecks (1/100 of a rouble, or of any currency unit).

#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace civica {

/// An amount of money in kopecks (hundredths of the currency unit). Never floating point.
/// Arithmetic is checked: an overflow throws civica::validation_error instead of wrapping.
///
///     money a = money::parse("3700000.50");     // 3 700 000 roubles 50 kopecks
///     money b = money::from_rubles(30'000'000);
///     a + b;                                     // exact
class money {
public:
    constexpr money() = default;

    static constexpr money from_kopecks(std::int64_t k) { return money(k); }
    /// Whole roubles; throws validation_error when the kopecks do not fit in int64.
    static money from_rubles(std::int64_t rubles);
    /// The whole kopecks nearest `units` currency units held as a double (a published figure's
    /// value). The whole units and the fraction are converted apart, so every kopeck a double
    /// holds comes back (below 2^46 units, where the double nearest a kopeck amount is within
    /// half a kopeck of it);
    /// `llround(units * 100)` loses one past 2^51 kopecks. Throws validation_error for a value
    /// that is not finite or does not fit.
    static money nearest(double units);
    /// Parse a plain decimal amount in currency units: "1250", "12.5", "-3.07".
    /// Strict: no spaces, no thousands separators, at most two decimals, '.' as decimal point.
    /// Throws civica::parse_error with a message that says how to write the amount.
    static money parse(std::string_view text);

    constexpr std::int64_t kopecks() const { return kopecks_; }
    /// The amount in currency units as a double (for display and ratios only).
    constexpr double rubles() const { return static_cast<double>(kopecks_) / 100.0; }
    /// Decimal text in currency units with two decimals: "3700000.00", "-0.05".
    std::string to_string() const;

    money& operator+=(money o);
    money& operator-=(money o);
    friend money operator+(money a, money b) { return a += b; }
    friend money operator-(money a, money b) { return a -= b; }
    money operator-() const;
    /// Multiply by a whole number (e.g. a per-unit amount by a count); checked.
    friend money operator*(money a, std::int64_t n);
    friend money operator*(std::int64_t n, money a) { return a * n; }
    // Multiplying by a fraction needs a rounding rule; without these a double would silently
    // convert to an integer (money * 1.5 == money * 1).
    template <class F>
        requires std::is_floating_point_v<F>
    friend money operator*(money, F) = delete;
    template <class F>
        requires std::is_floating_point_v<F>
    friend money operator*(F, money) = delete;

    friend constexpr bool operator==(money, money) = default;
    friend constexpr auto operator<=>(money, money) = default;

private:
    constexpr explicit money(std::int64_t k) : kopecks_(k) {}
    std::int64_t kopecks_ = 0;
};

/// True when `code` has the shape of an ISO 4217 currency code: three capital Latin letters
/// ("RUB", "GBP", "EUR"). A dataset names its currency so (civica::dataset_info::currency);
/// every reader checks it with this.
constexpr bool is_currency_code(std::string_view code) {
    if (code.size() != 3) return false;
    for (const char c : code)
        if (c < 'A' || c > 'Z') return false;
    return true;
}

/// Throws validation_error unless `code` is_currency_code: "<where>: the dataset's currency
/// "rubles" is not an ISO 4217 code (three capital letters, e.g. RUB)". civica::check_info
/// (model/dataset.hpp), which the writers call before they write, calls it.
void check_currency_code(std::string_view code, std::string_view where);

}  // namespace civica
