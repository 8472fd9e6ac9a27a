#pragma once
// Design notes: a generator must give the same dataset for the same seed on every platform.
// std::mt19937_64's sequence is fixed by the standard, but std::uniform_int_distribution,
// std::shuffle and friends are implementation-defined, and libm's log/exp may differ in the
// last bit between platforms. So every draw here is integer arithmetic on the engine's output:
// bounded integers by rejection, chances as integer thresholds, skewed amounts by linear
// interpolation in integer quantile tables.

#include "civica/core/date.hpp"

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace civica::synth::detail {

/// SplitMix64 finaliser: derives well-mixed seeds for independent streams from one seed.
constexpr std::uint64_t mix(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

class rng {
public:
    /// A stream for `part` of a generator seeded with `seed`: parts draw independently, so
    /// changing how many draws one part makes does not change the others.
    rng(std::uint64_t seed, std::uint64_t part) : engine_(mix(seed ^ mix(part))) {}

    std::uint64_t next() { return engine_(); }

    /// Uniform integer in [0, n); n > 0. Rejection keeps it exactly uniform.
    std::uint64_t below(std::uint64_t n) {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;  // a multiple of n
        std::uint64_t x;
        do x = engine_();
        while (x >= limit);
        return x % n;
    }

    /// Uniform integer in [lo, hi] (inclusive).
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }

    /// True with probability per_million / 1'000'000.
    bool chance(std::uint32_t per_million) { return below(1'000'000) < per_million; }

    /// True with probability `threshold` / 2^32 (see `threshold_of`).
    bool chance32(std::uint64_t threshold) { return (engine_() >> 32) < threshold; }

    /// Index into `cumulative` (non-decreasing running totals of integer weights) chosen with
    /// probability proportional to each weight.
    std::size_t weighted(std::span<const std::uint64_t> cumulative) {
        const std::uint64_t x = below(cumulative.back());
        std::size_t lo = 0, hi = cumulative.size() - 1;
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (cumulative[mid] > x) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }

    /// A value from a piecewise-linear quantile function: `quantiles[k]` is the value at
    /// probability k / (size - 1). Integer interpolation, so the same on every platform.
    std::int64_t from_quantiles(std::span<const std::int64_t> quantiles) {
        const std::uint64_t segments = quantiles.size() - 1;
        constexpr std::uint64_t resolution = 1u << 20;
        const std::uint64_t u = below(segments * resolution);
        const std::size_t k = static_cast<std::size_t>(u / resolution);
        const std::int64_t frac = static_cast<std::int64_t>(u % resolution);
        return quantiles[k] + (quantiles[k + 1] - quantiles[k]) * frac / static_cast<std::int64_t>(resolution);
    }

    /// Fisher–Yates shuffle (std::shuffle's order is implementation-defined).
    template <class T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
    }

    /// `k` distinct indices of [0, n) in random order (k <= n).
    std::vector<std::size_t> sample(std::size_t n, std::size_t k) {
        std::vector<std::size_t> all(n);
        for (std::size_t i = 0; i < n; ++i) all[i] = i;
        // Partial Fisher–Yates: the first k slots end up a uniform sample.
        for (std::size_t i = 0; i < k; ++i) std::swap(all[i], all[i + below(n - i)]);
        all.resize(k);
        return all;
    }

    /// A day of [first, last], uniformly.
    date day_between(const date& first, const date& last) {
        const auto span = (last - first).days();
        return first + boost::gregorian::days(between(0, span));
    }

private:
    std::mt19937_64 engine_;
};

/// The 32-bit threshold of a probability given as a double in [0, 1], for rng::chance32.
/// Multiplying by a power of two is exact, so the threshold is the same everywhere.
inline std::uint64_t threshold_of(double p) {
    if (!(p > 0)) return 0;
    if (p >= 1) return std::uint64_t{1} << 32;
    return static_cast<std::uint64_t>(p * 4294967296.0);
}

/// Splits `total` into `n` amounts, each a multiple of `step` within [lo, hi], summing to
/// `total` exactly. Requires n*lo <= total <= n*hi and total, lo, hi multiples of step.
std::vector<std::int64_t> split_total(rng& r, std::int64_t total, std::size_t n, std::int64_t lo,
                                      std::int64_t hi, std::int64_t step);

/// Appends the decimal digits of `n`, zero-padded to `width`, to `out` (no locale, no
/// allocation beyond `out`'s growth).
void append_number(std::string& out, std::uint64_t n, int width = 0);

/// "prefix" followed by n zero-padded to width: make_id("a", 17, 6) == "a000017".
std::string make_id(std::string_view prefix, std::uint64_t n, int width);

/// A synthetic 10-digit organisation INN with a valid check digit: region code (2 digits),
/// tax-office code 00 (so that the number is unlikely to be a real one; serials of 100 000 and
/// more carry into the office code), a 5-digit serial. Serials of a region are unique below
/// max_synthetic_serial, past which the numbers repeat.
std::string synthetic_inn10(int region, std::uint32_t serial);
inline constexpr std::uint32_t max_synthetic_serial = 10'000'000;
/// A synthetic 13-digit OGRN with a valid check digit: sign 1, the registration year's last two
/// digits, region code, tax-office code 00, a 5-digit record number.
std::string synthetic_ogrn(int year, int region, std::uint32_t serial);
/// A synthetic KPP of the organisation of synthetic_inn10(region, serial), registered at the
/// same tax office: "RR0001001" for the first 100 000 serials, "RR0101001" for the next.
std::string synthetic_kpp(int region, std::uint32_t serial);

/// A plausible invented organisation name in Russian: a legal-form phrase and a quoted name
/// whose adjective agrees with its noun («Северное сияние»).
std::string invented_name(rng& r, std::string_view legal_form_phrase);
/// The legal-form phrase of an ОКОПФ code, e.g. 71400 -> "Автономная некоммерческая
/// организация"; `local` chooses "Местная" over "Региональная" for public organisations.
std::string_view legal_form_phrase(int okopf, bool local);

}  // namespace civica::synth::detail
