#pragma once
/// \file
/// How concentrated grant money is among recipients (Herfindahl–Hirschman index, Gini
/// coefficient, top-k share, Lorenz curve) and how the set of winners changes over the years
/// (distinct recipients, repeat winners, first-time winners per year).
///
///     civica::analysis::hhi({50, 30, 20});     // 0.5² + 0.3² + 0.2² = 0.38
///     civica::analysis::gini({1, 1, 1, 1});    // 0
///     auto c = civica::analysis::recipient_concentration(ds, filter);

#include "civica/analysis/aggregate.hpp"
#include "civica/analysis/engine.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace civica {
class dataset;
}

namespace civica::analysis {

/// Herfindahl–Hirschman index Σ sᵢ² of the shares sᵢ = xᵢ / Σx, between 1/n and 1 (multiply
/// by 10 000 for the antitrust "points"). NaN when empty or when every value is 0. Throws
/// validation_error for a negative or NaN value.
double hhi(std::span<const double> values);
/// The Gini coefficient Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄): 0 when all are equal, (n − 1)/n when one
/// recipient has everything. 0 for a single value; NaN when empty or when every value is 0.
double gini(std::span<const double> values);
/// The share of the total held by the k largest values (1 when k ≥ n, 0 when k = 0); NaN when
/// empty or when every value is 0.
double top_share(std::span<const double> values, std::size_t k);

inline double hhi(std::initializer_list<double> v) { return hhi(std::span<const double>(v.begin(), v.size())); }
inline double gini(std::initializer_list<double> v) { return gini(std::span<const double>(v.begin(), v.size())); }
inline double top_share(std::initializer_list<double> v, std::size_t k) {
    return top_share(std::span<const double>(v.begin(), v.size()), k);
}

/// A point of the Lorenz curve: the poorest `population_share` of recipients hold `value_share`.
struct lorenz_point {
    double population_share = 0;
    double value_share = 0;
};
/// The Lorenz curve from (0, 0) to (1, 1), one point per value (sorted ascending). Empty when
/// the values are empty or all 0.
std::vector<lorenz_point> lorenz_curve(std::span<const double> values);

/// Concentration of awarded money among recipients (organisations and persons).
struct concentration {
    std::size_t recipients = 0;         ///< distinct recipients with an awarded amount > 0
    double awarded_rub = 0;             ///< in currency units (kept for existing callers)
    std::int64_t awarded_kopecks = 0;   ///< in hundredths of `currency`
    std::string currency = "RUB";
    double hhi = 0;
    double gini = 0;
    std::vector<std::size_t> top_k;     ///< the k of each top share
    std::vector<double> top_shares;     ///< share of the k largest recipients, per top_k
    std::vector<std::string> recipient_keys;   ///< "organization:<id>" / "person:<id>", largest first
    std::vector<double> recipient_amounts_rub; ///< what each received (currency units), largest first
};
/// Money awarded to the winning applications passing `filter` (a status list without `winner`
/// leaves none), summed per recipient.
concentration recipient_concentration(const dataset& ds, const application_filter& filter = {},
                                      std::vector<std::size_t> top_k = {1, 5, 10});

/// Concentration of each group of a table gathered with extra::recipients (by column).
struct concentration_columns {
    std::vector<std::int64_t> recipients;        ///< recipients with an awarded amount > 0
    std::vector<std::int64_t> awarded_kopecks;
    std::vector<double> hhi, gini;
    std::vector<std::size_t> top_k;
    std::vector<std::vector<double>> top_shares;  ///< per k, one share per group
    /// With exactly one group: each recipient's kopecks, ascending (the values the figures
    /// were computed from); empty otherwise.
    std::vector<std::int64_t> amounts;
};
concentration_columns concentration_figures(const group_table& t, std::vector<std::size_t> top_k = {1, 5, 10});
/// The query of recipient concentration per group of `by` (only winners' rows are read).
group_query concentration_query(std::vector<dimension> by, const application_filter& filter = {});
/// Each recipient's kopecks over the whole table, largest first (ties: dictionary order).
struct recipient_amounts {
    std::vector<std::uint32_t> code;   ///< into the table's applicant dictionary
    std::vector<std::int64_t> kopecks;
};
recipient_amounts recipients_by_amount(const group_table& t);
/// Each applicant dictionary entry's awarded kopecks over the whole table (0 for non-recipients).
std::vector<std::int64_t> recipient_sums(const group_table& t);

/// Winners of one year.
struct winner_year {
    int year = 0;
    std::int64_t winners = 0;             ///< winning applications (grants) of the year
    std::int64_t winning_applicants = 0;  ///< distinct applicants that won that year
    std::int64_t first_time = 0;          ///< of them, winning for the first time (in this data)
    std::int64_t returning = 0;           ///< of them, having won in an earlier year
    std::int64_t awarded_kopecks = 0;     ///< in hundredths of the currency
};
/// How the set of winning applicants changes over the years.
struct winner_dynamics {
    std::vector<winner_year> years;                    ///< every year with a winner, ascending
    std::int64_t winning_applicants = 0;               ///< distinct, over all years
    std::vector<std::string> repeat_winners;           ///< ids of applicants that won in two or more years
    std::vector<applicant_kind> repeat_winner_kinds;   ///< the table each of them is in
    std::string currency = "RUB";
};
/// Winner dynamics of the winning applications passing `filter` (a status list without
/// `winner` leaves none). "First time" means the first win in the data; a dataset starting in 2017
/// counts every 2017 winner as first-time.
winner_dynamics winners_over_time(const dataset& ds, const application_filter& filter = {});
/// The query winners_over_time runs, and its result from a (merged) table of that query.
/// `ids`: add the applicants' ids to the table (needed to merge tables of different datasets).
group_query winners_query(const application_filter& filter = {}, bool ids = true);
/// From a table of winners_query. The repeat winners are named by the table's applicant ids,
/// or, for a table made without them, by `source` — the dataset the table was made from.
winner_dynamics winners_over_time(const group_table& t, const dataset* source = nullptr);

}  // namespace civica::analysis
