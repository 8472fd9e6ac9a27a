#pragma once
/// \file
/// Proportions with confidence intervals (Wilson score; Newcombe's interval for a difference)
/// and grant outcomes: applications, winners, success rates, requested and awarded money, mean
/// and median grant, money per resident — grouped by any dimensions of `aggregate.hpp`.
///
///     auto ci = civica::analysis::wilson_interval(16, 70);          // 0.229 [0.146, 0.340]
///     auto t = civica::analysis::grant_outcomes(ds, {dimension::year, dimension::municipality});

#include "civica/analysis/aggregate.hpp"
#include "civica/analysis/engine.hpp"

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

/// Throws validation_error naming `what` (the function the caller called) unless
/// 0 < level < 1: "training_activity: level 2 must be between 0 and 1".
void check_level(double level, const char* what);

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

/// The derived figures of grant outcomes, one entry per group of a group_table (columns, so
/// that a table of thousands of groups costs no struct per group). Money in hundredths of
/// the table's currency.
struct outcome_columns {
    double level = 0.95;
    std::vector<double> success_rate, success_lower, success_upper;  ///< winners / decided, Wilson interval
    /// Awarded / requested, over the winners whose request is stated; NaN if none.
    std::vector<double> awarded_share_of_requested;
    std::vector<double> mean_grant_kopecks, median_grant_kopecks;  ///< per winner with an amount; NaN if none
    /// Per resident: the population of the group's municipality or region (a `municipality`
    /// or `region` dimension, else the filter's single one) in the year of the group's
    /// applications (a `year` dimension, or the one year they all fall in) or in
    /// `population_year` when given, else in the nearest earlier year with a figure.
    /// population -1 and NaN per capita when there is no figure, or when the group spans
    /// several years and no population_year was given (money of 2017–2024 has no one
    /// population to divide by).
    std::vector<std::int64_t> population;
    std::vector<int> population_year;  ///< the year of the figure used; 0 when none
    std::vector<double> awarded_per_capita_kopecks;
    bool per_capita = false;  ///< the table has a municipality or region to divide by
};

/// The outcome figures of every group of `t` (which needs extra::award_values for medians).
outcome_columns outcome_figures(const group_table& t, double level = 0.95, int population_year = 0);

/// The query grant_outcomes runs: the totals, distinct applicants and winners, award values.
/// To merge its tables of several files, add extra::applicant_ids to its extras.
group_query outcome_query(std::vector<dimension> by, const application_filter& filter = {});

/// Grant outcomes of one group (a row view of group_table and outcome_columns).
struct grant_outcome {
    std::vector<std::string> key;    ///< one entry per dimension (ids, codes, years)
    std::vector<std::string> label;  ///< printable names
    /// The integer totals (counts, kopecks, applicants). totals.requested_kopecks sums the
    /// stated requests: with totals.stated_requests 0 no application states one and the
    /// group's requested money is not known (not 0; Python's requested_minor is <NA>).
    application_totals totals;
    proportion success;              ///< winners out of decided (winning or rejected) applications
    double awarded_share_of_requested = 0;  ///< awarded / requested, over the winners whose request is stated; NaN if none
    double mean_grant_kopecks = 0;   ///< per winner with an amount; NaN when none
    double median_grant_kopecks = 0;
    /// Money per resident (see outcome_columns): the municipality or region the group belongs
    /// to, its population and the year of that figure, and awarded kopecks per resident.
    std::string municipality;
    std::optional<std::int64_t> population;
    int population_year = 0;          ///< 0 when no population was used
    double awarded_per_capita_kopecks = 0;  ///< NaN when no population
};

/// Grant outcomes per group plus the total over all groups.
struct grant_outcome_table {
    std::vector<dimension> by;
    double level = 0.95;
    std::string currency = "RUB";  ///< money is in hundredths of it
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
/// The same from a group table made (and perhaps merged) beforehand with outcome_query.
grant_outcome_table grant_outcomes(const group_table& groups, double level = 0.95, int population_year = 0);

}  // namespace civica::analysis
