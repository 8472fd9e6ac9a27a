#pragma once
/// \file
/// Proportions with confidence intervals (Wilson score; Newcombe's interval for a difference)
/// and grant outcomes: applications, winners, success rates, requested and awarded money, mean
/// and median grant, money per resident — grouped by any dimensions of `aggregate.hpp`.
///
///     auto ci = civica::analysis::wilson_interval(16, 70);          // 0.229 [0.146, 0.340]
///     auto t = civica::analysis::grant_outcomes(ds, {dimension::year, dimension::municipality});

#include "civica/analysis/aggregate.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace civica {
class dataset;
}

namespace civica::analysis {

/// A proportion successes / trials with a confidence interval.
struct proportion {
    std::int64_t successes = 0;
    std::int64_t trials = 0;
    double estimate = 0;  ///< successes / trials; NaN when trials is 0
    double lower = 0;     ///< interval at `level`; [0, 1] when trials is 0
    double upper = 1;
    double level = 0.95;
};

/// The Wilson score interval for successes out of trials (good for small counts and for 0 or
/// all successes, unlike the normal approximation). Throws validation_error unless
/// 0 ≤ successes ≤ trials and 0 < level < 1.
proportion wilson_interval(std::int64_t successes, std::int64_t trials, double level = 0.95);

/// A difference of two proportions p₁ − p₂ with an interval.
struct proportion_difference {
    proportion first;
    proportion second;
    double estimate = 0;  ///< p₁ − p₂; NaN when either has no trials
    double lower = -1;
    double upper = 1;
    double level = 0.95;
};
/// p₁ − p₂ with Newcombe's hybrid score interval (built from the two Wilson intervals;
/// Newcombe 1998, method 10).
proportion_difference difference_of_proportions(std::int64_t successes1, std::int64_t trials1,
                                                std::int64_t successes2, std::int64_t trials2,
                                                double level = 0.95);

/// Grant outcomes of one group.
struct grant_outcome {
    std::vector<std::string> key;    ///< one entry per dimension (ids, codes, years)
    std::vector<std::string> label;  ///< printable names
    application_totals totals;       ///< the integer totals (counts, kopecks, applicants)
    proportion success;              ///< winners out of decided (not withdrawn) applications
    double requested_rub = 0;        ///< requested by all applications
    double awarded_rub = 0;
    double awarded_share_of_requested = 0;  ///< awarded / requested by the winners; NaN if none
    double mean_grant_rub = 0;       ///< per winner with an amount; NaN when none
    double median_grant_rub = 0;
    /// Money per resident: the municipality the group belongs to (a `municipality` dimension,
    /// or the filter's single municipality), its population of the group's year or the nearest
    /// earlier year that has one (`population_year` says which), and awarded RUB per resident.
    std::string municipality;
    std::optional<std::int64_t> population;
    int population_year = 0;          ///< 0 when no population was found
    double awarded_per_capita_rub = 0;  ///< NaN when no population
};

/// Grant outcomes per group plus the total over all groups.
struct grant_outcome_table {
    std::vector<dimension> by;
    double level = 0.95;
    std::vector<grant_outcome> rows;
    grant_outcome total;
};

/// Groups the applications passing `filter` by `by` and computes their outcomes; success
/// rates carry Wilson intervals at `level`.
grant_outcome_table grant_outcomes(const dataset& ds, std::span<const dimension> by,
                                   const application_filter& filter = {}, double level = 0.95);
inline grant_outcome_table grant_outcomes(const dataset& ds, std::initializer_list<dimension> by,
                                          const application_filter& filter = {}, double level = 0.95) {
    return grant_outcomes(ds, std::span<const dimension>(by.begin(), by.end()), filter, level);
}
/// The same from groups made (and perhaps merged) beforehand; `filter` only tells which
/// municipality a table without a municipality dimension is about.
grant_outcome_table grant_outcomes(const dataset& ds, const application_groups& groups,
                                   const application_filter& filter = {}, double level = 0.95);

}  // namespace civica::analysis
