#pragma once
/// \file
/// The few probability distributions the analyses need, implemented here so that civica has no
/// statistics dependency: the standard normal and Student's t (CDF and quantile), and the
/// regularized incomplete beta function they rest on. Accurate to about 1e-13 relative, for
/// any degrees of freedom (many: an expansion in 1/ν; infinitely many: the normal distribution)
/// and into the far tails (|t| beyond 1e150 in logarithms).
///
///     double t = civica::analysis::student_t_quantile(0.975, 10);   // 2.228138851986…
///     double z = civica::analysis::normal_quantile(0.975);          // 1.959963984540…

namespace civica::analysis {

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0, without the cancellation of the
/// naive formula when a or b is large.
double log_beta(double a, double b);

/// a + b beyond which incomplete_beta refuses: a double carries no digits of the result there.
inline constexpr double max_incomplete_beta_sum = 1e13;

/// The regularized incomplete beta function I_x(a, b) for a, b > 0, a + b ≤ 1e13 and
/// 0 ≤ x ≤ 1, within [0, 1]. Accurate to about 1e-13 relative for a + b up to 1e4; the error
/// grows with a + b (about 1e-11 at 1e5, 1e-9 at 1e7, 1e-4 at 1e12). Throws
/// civica::validation_error for arguments outside these ranges.
double incomplete_beta(double x, double a, double b);

/// Φ(x), the standard normal distribution function.
double normal_cdf(double x);
/// Φ⁻¹(p) for 0 < p < 1 (±infinity at 0 and 1); throws validation_error outside [0, 1].
double normal_quantile(double p);

/// P(T ≤ t) for Student's t distribution with `dof` > 0 degrees of freedom (need not be whole;
/// infinity: the normal distribution).
double student_t_cdf(double t, double dof);
/// The density of Student's t distribution at t.
double student_t_pdf(double t, double dof);
/// The t with P(T ≤ t) = p, for 0 < p < 1 (±infinity at 0 and 1, and where t is beyond the
/// largest double) and dof > 0 (infinity: normal_quantile).
/// Throws civica::validation_error for p outside [0, 1] or dof ≤ 0.
double student_t_quantile(double p, double dof);

}  // namespace civica::analysis
