// Design notes: the incomplete beta function is evaluated by its continued fraction (modified
// Lentz), on whichever side of the distribution's mean converges fast, and the complement is
// taken only where it cannot lose digits. Student's t quantile is a safeguarded Newton iteration
// on the logarithm of the upper tail, bracketed so it always converges; nothing here depends on
// closed forms for particular degrees of freedom (the tests use those as independent truth).
#include "civica/analysis/distributions.hpp"

#include "civica/error.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

namespace civica::analysis {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Stirling's series remainder: ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], good to 1e-16 for x ≥ 10.
double stirling_remainder(double x) {
    const double r = 1.0 / x;
    const double r2 = r * r;
    return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 / 1188))));
}

// ln I_x(a, b) from the continued fraction; converges quickly for x < (a + 1) / (a + b + 2).
// y = 1 − x is passed separately so that ln y keeps its digits when x is tiny and vice versa.
double log_ibeta_by_fraction(double x, double y, double a, double b) {
    const double ln_x = x < 0.5 ? std::log(x) : std::log1p(-y);
    const double ln_y = y < 0.5 ? std::log(y) : std::log1p(-x);
    const double front = a * ln_x + b * ln_y - log_beta(a, b) - std::log(a);

    constexpr double tiny = 1e-300;
    constexpr double eps = 1e-16;
    auto guard = [](double v) { return std::fabs(v) < tiny ? tiny : v; };
    double c = 1.0;
    double d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
    double h = d;
    for (int m = 1; m <= 100000; ++m) {
        const double m2 = 2.0 * m;
        // even step: m (b − m) x / ((a + 2m − 1)(a + 2m))
        double num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 / guard(1.0 + num * d);
        c = guard(1.0 + num / c);
        h *= d * c;
        // odd step: −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
        num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 / guard(1.0 + num * d);
        c = guard(1.0 + num / c);
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) < eps) break;
    }
    return front + std::log(h);
}

bool fraction_side(double x, double a, double b) { return x < (a + 1.0) / (a + b + 2.0); }

// Beyond this |t|, t² overflows (or nearly) and the tail and density are taken in logarithms:
// there 1 + t²/ν = t²/ν to the last bit for any ν a double holds that is below t²·1e-16.
constexpr double huge_t = 1e150;

// ln(1 + t²/ν) without overflowing t².
double log1p_t2(double t, double dof) {
    if (t < huge_t) return std::log1p(t * t / dof);
    return 2.0 * std::log(t) - std::log(dof) + std::log1p(dof / t / t);
}

// ln P(T > t) for t ≥ 0.
double log_t_upper_tail(double t, double dof) {
    if (std::isinf(t)) return -inf;
    if (t >= huge_t) {
        // x = ν / (ν + t²) is below 1e-300 or 0 in a double; I_x(ν/2, ½) = x^(ν/2) (1 − x)^½ /
        // ((ν/2) B(ν/2, ½)) · (1 + O(x)), its continued fraction being 1 + O(x).
        const double a = dof / 2.0;
        return std::log(0.5) - a * log1p_t2(t, dof) - log_beta(a, 0.5) - std::log(a);
    }
    const double tt = t * t;
    const double x = dof / (dof + tt);
    const double y = tt / (dof + tt);
    const double a = dof / 2.0;
    const double b = 0.5;
    // P(T > t) = ½ I_x(ν/2, ½)
    if (fraction_side(x, a, b)) return std::log(0.5) + log_ibeta_by_fraction(x, y, a, b);
    return std::log(0.5 * -std::expm1(log_ibeta_by_fraction(y, x, b, a)));
}

/// P(0 < T < t) = ½ I_y(½, ν/2) with y = t² / (ν + t²) (Abramowitz & Stegun 26.7.1), for t ≥ 0:
/// with the digits of a small part, which ½ − P(T > t) loses to the rounding of ½. x and y are
/// each worked out from t, so neither is 1 less the other's rounding.
double t_centre_part(double t, double dof) {
    if (t >= huge_t) return 0.5 - std::exp(log_t_upper_tail(t, dof));
    const double tt = t * t;
    const double x = dof / (dof + tt);
    const double y = tt / (dof + tt);
    const double a = 0.5;
    const double b = dof / 2.0;
    return 0.5 * (fraction_side(y, a, b) ? std::exp(log_ibeta_by_fraction(y, x, a, b))
                                         : -std::expm1(log_ibeta_by_fraction(x, y, b, a)));
}

double log_t_pdf(double t, double dof) {
    return -log_beta(dof / 2.0, 0.5) - 0.5 * std::log(dof) - (dof + 1.0) / 2.0 * log1p_t2(std::fabs(t), dof);
}

// Many degrees of freedom. The continued fraction of I_x(ν/2, ½) converges ever more slowly and
// loses digits as ν grows (1e-13 relative at ν = 1e5, 1e-7 at 1e10), while the expansion of the
// t quantile in powers of 1/ν around the normal one (Cornish–Fisher; Abramowitz & Stegun
// 26.7.5, five terms) gains them: its terms shrink with z²/ν, the fifth's coefficients being
// below 0.05, so that for ν ≥ 1000 and z² < ν/100 the first omitted one is below 1e-17 of z.
// There the expansion is used, for the quantile directly and for the distribution function by
// solving it for z, P(T ≤ t) = Φ(z). ν = ∞ is the normal distribution itself.
bool expansion_holds(double z, double dof) { return std::isinf(dof) || (dof >= 1e3 && z * z < dof / 100.0); }

// t(z) = z + g₁(z)/ν + … + g₅(z)/ν⁵, and with `slope` its derivative in z.
double t_by_expansion(double z, double dof, double* slope = nullptr) {
    if (std::isinf(dof)) {
        if (slope) *slope = 1.0;
        return z;
    }
    const double v = 1.0 / dof;
    const double u = z * z;
    // g_k(z) = z · P_k(z²), with P_k's coefficients from A&S 26.7.5.
    const double p1 = (u + 1.0) / 4.0;
    const double p2 = ((5.0 * u + 16.0) * u + 3.0) / 96.0;
    const double p3 = (((3.0 * u + 19.0) * u + 17.0) * u - 15.0) / 384.0;
    const double p4 = ((((79.0 * u + 776.0) * u + 1482.0) * u - 1920.0) * u - 945.0) / 92160.0;
    const double p5 = (((((27.0 * u + 339.0) * u + 930.0) * u - 1782.0) * u - 765.0) * u + 17955.0) / 368640.0;
    if (slope) {
        // d/dz [z P(z²)] = P(z²) + 2 z² P'(z²)
        const double d1 = p1 + 2.0 * u * (1.0 / 4.0);
        const double d2 = p2 + 2.0 * u * ((10.0 * u + 16.0) / 96.0);
        const double d3 = p3 + 2.0 * u * (((9.0 * u + 38.0) * u + 17.0) / 384.0);
        const double d4 = p4 + 2.0 * u * ((((316.0 * u + 2328.0) * u + 2964.0) * u - 1920.0) / 92160.0);
        const double d5 = p5 + 2.0 * u * (((((135.0 * u + 1356.0) * u + 2790.0) * u - 3564.0) * u - 765.0) / 368640.0);
        *slope = 1.0 + v * (d1 + v * (d2 + v * (d3 + v * (d4 + v * d5))));
    }
    return z * (1.0 + v * (p1 + v * (p2 + v * (p3 + v * (p4 + v * p5)))));
}

// The z with t_by_expansion(z) = t (t ≥ 0), by Newton's method from z = t: t(z) is increasing
// and within 1e-2 relative of z where the expansion is used.
double z_of_t(double t, double dof) {
    double z = t;
    for (int i = 0; i < 20; ++i) {
        double slope = 1.0;
        const double step = (t_by_expansion(z, dof, &slope) - t) / slope;
        z -= step;
        if (std::fabs(step) <= 1e-17 * std::fabs(z)) break;
    }
    return z;
}

void check_probability(double p, const char* function) {
    if (!(p >= 0.0 && p <= 1.0))
        throw validation_error(std::string(function) + ": probability " + text::number_in_message(p) +
                               " is outside [0, 1]");
}

void check_dof(double dof, const char* function) {
    if (!(dof > 0.0))
        throw validation_error(std::string(function) + ": degrees of freedom " + text::number_in_message(dof) +
                               " must be positive");
}

}  // namespace

double log_beta(double a, double b) {
    if (!(a > 0.0 && b > 0.0))
        throw validation_error("log_beta: a = " + text::number_in_message(a) + " and b = " + text::number_in_message(b) +
                               " must both be positive");
    const double p = std::min(a, b);
    const double q = std::max(a, b);
    constexpr double half_ln_2pi = 0.91893853320467274178;
    if (p >= 10.0) {
        const double corr = stirling_remainder(p) + stirling_remainder(q) - stirling_remainder(p + q);
        return -0.5 * std::log(q) + half_ln_2pi + corr + (p - 0.5) * std::log(p / (p + q)) +
               q * std::log1p(-p / (p + q));
    }
    if (q >= 10.0) {
        const double corr = stirling_remainder(q) - stirling_remainder(p + q);
        return std::lgamma(p) + corr + p - p * std::log(p + q) + (q - 0.5) * std::log1p(-p / (p + q));
    }
    return std::lgamma(p) + std::lgamma(q) - std::lgamma(p + q);
}

double incomplete_beta(double x, double a, double b) {
    if (!(a > 0.0 && b > 0.0))
        throw validation_error("incomplete_beta: a = " + text::number_in_message(a) + " and b = " +
                               text::number_in_message(b) + " must both be positive");
    if (!(x >= 0.0 && x <= 1.0))
        throw validation_error("incomplete_beta: x = " + text::number_in_message(x) + " is outside [0, 1]");
    // The continued fraction's rounding grows with a + b (distributions.hpp); beyond
    // max_incomplete_beta_sum it gives no digits worth having (0.44 for I_0.5(1e15, 1e15)).
    if (a + b > max_incomplete_beta_sum)
        throw validation_error("incomplete_beta: a + b = " + text::number_in_message(a + b) + " is beyond " +
                               text::number_in_message(max_incomplete_beta_sum) +
                               ", where a double carries no digits of the result");
    if (x == 0.0) return 0.0;
    if (x == 1.0) return 1.0;
    const double y = 1.0 - x;
    const double v = fraction_side(x, a, b) ? std::exp(log_ibeta_by_fraction(x, y, a, b))
                                            : -std::expm1(log_ibeta_by_fraction(y, x, b, a));
    return std::clamp(v, 0.0, 1.0);
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

double normal_quantile(double p) {
    check_probability(p, "normal_quantile");
    if (p == 0.0) return -inf;
    if (p == 1.0) return inf;
    if (p > 0.5) return -normal_quantile(1.0 - p);  // 1 − p is exact here (Sterbenz)
    if (p == 0.5) return 0.0;
    // A rational starting value (P. J. Acklam's approximation, relative error < 1.2e-9) ...
    double x;
    if (p < 0.02425) {
        const double q = std::sqrt(-2.0 * std::log(p));
        x = (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q -
               2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00) /
            ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q +
              3.754408661907416e+00) * q + 1.0);
    } else {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r +
               1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q /
            (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r +
               6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1.0);
    }
    // ... polished by Halley steps on Φ(x) − p, which reach full double precision. Near the
    // centre Φ(x) − p is taken as ½ erf(x/√2) − (p − ½): Φ(x) is ½ and a small part, which
    // Φ(x) − p would know only to the rounding of ½ (x = 2.5e-10 for p = ½ + 1e-10 came out
    // with 7 digits); p − ½ is exact there (Sterbenz) and erf keeps the small part's digits.
    const bool centre = p >= 0.25;
    for (int i = 0; i < 3; ++i) {
        const double e = centre ? 0.5 * std::erf(x / std::numbers::sqrt2) - (p - 0.5) : normal_cdf(x) - p;
        const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(x * x / 2.0);
        const double step = u / (1.0 + x * u / 2.0);
        x -= step;
        if (std::fabs(step) <= 1e-16 * std::fabs(x)) break;
    }
    return x;
}

double student_t_pdf(double t, double dof) {
    check_dof(dof, "student_t_pdf");
    if (std::isnan(t)) return nan;
    if (std::isinf(dof)) return std::exp(-0.5 * t * t) / std::sqrt(2.0 * std::numbers::pi);
    return std::exp(log_t_pdf(t, dof));
}

double student_t_cdf(double t, double dof) {
    check_dof(dof, "student_t_cdf");
    if (std::isnan(t)) return nan;
    if (t == 0.0) return 0.5;
    if (expansion_holds(t, dof)) {  // |z| < |t|: the expansion holds for z when it holds for t
        const double z = z_of_t(std::fabs(t), dof);
        return normal_cdf(t > 0.0 ? z : -z);
    }
    const double tail = std::exp(log_t_upper_tail(std::fabs(t), dof));
    return t > 0.0 ? 1.0 - tail : tail;
}

double student_t_quantile(double p, double dof) {
    check_probability(p, "student_t_quantile");
    check_dof(dof, "student_t_quantile");
    if (p == 0.0) return -inf;
    if (p == 1.0) return inf;
    if (p == 0.5) return 0.0;
    const double q = p < 0.5 ? p : 1.0 - p;  // the upper-tail probability to reach
    const double sign = p < 0.5 ? -1.0 : 1.0;

    // The expansion around the normal quantile: the answer where it holds, else the start.
    const double z = -normal_quantile(q);
    if (expansion_holds(z, dof)) return sign * t_by_expansion(z, dof);
    double t = z + (z * z * z + z) / (4.0 * dof) +
               (5.0 * std::pow(z, 5) + 16.0 * z * z * z + 3.0 * z) / (96.0 * dof * dof);
    if (!(t > 0.0) || !std::isfinite(t)) t = z;

    // g(t) is decreasing in t and 0 at the answer. In the tails it compares logs of the upper
    // tail, ln P(T > t) − ln q. Near the centre (q ≥ ¼) that tail is ½ less a small part, known
    // only to the rounding of ½ (t = 3.1e-10 for p = ½ + 1e-10 and ν = 1 came out with 7
    // digits); there g compares the part itself, P(0 < T < t) (t_centre_part), with ½ − q,
    // which is exact (Sterbenz).
    const bool centre = q >= 0.25;
    const double part = 0.5 - q;
    const double ln_q = std::log(q);
    auto g = [&](double t) { return centre ? part - t_centre_part(t, dof) : log_t_upper_tail(t, dof) - ln_q; };

    // Bracket the root: g(lo) ≥ 0 > g(hi).
    double lo = 0.0;
    double hi = std::max(t, 1.0);
    while (g(hi) >= 0.0) {
        lo = hi;
        hi *= 2.0;
        if (!std::isfinite(hi)) return sign * inf;
    }
    if (!(t > lo && t < hi)) t = 0.5 * (lo + hi);

    for (int i = 0; i < 500; ++i) {
        const double gt = g(t);
        if (gt == 0.0) break;
        if (gt > 0.0) lo = t; else hi = t;
        // g'(t) = −pdf(t), or −pdf(t) / tail(t) for the log of the tail
        const double slope = centre ? -std::exp(log_t_pdf(t, dof))
                                    : -std::exp(log_t_pdf(t, dof) - log_t_upper_tail(t, dof));
        double next = t - gt / slope;
        if (!(next > lo && next < hi) || !std::isfinite(next))
            next = lo > 0.0 && hi / lo > 4.0 ? std::sqrt(lo * hi) : 0.5 * (lo + hi);
        const double step = std::fabs(next - t);
        t = next;
        if (step <= 2e-16 * t || hi - lo <= 2e-16 * hi) break;
    }
    return sign * t;
}

}  // namespace civica::analysis
