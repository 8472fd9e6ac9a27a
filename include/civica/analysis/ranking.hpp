#pragma once
/// \file
/// Ranks with ties, and rankings of municipalities, organisations, directions (any dimension)
/// by winners, money, money per resident or success rate, with the leader and its margin.
///
///     civica::analysis::rank({10, 20, 20, 5});                       // 3 1 1 4   (min, largest first)
///     civica::analysis::rank({10, 20, 20, 5}, rank_method::dense);   // 2 1 1 3
///
///     application_filter f;
///     f.years = {2020};
///     f.programme_kinds = {programme_kind::governor_individual};
///     auto r = rank_by(ds, dimension::municipality, measure::winners, f);
///     r.rows.front().key;   // "khanty-mansiysk"

#include "civica/analysis/aggregate.hpp"
#include "civica/analysis/engine.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace civica {
class dataset;
}

namespace civica::analysis {

/// How tied values are ranked (the names and meanings of scipy.stats.rankdata).
enum class rank_method : std::uint8_t {
    min,      ///< ties share the best place, the next place is skipped: 1 2 2 4
    dense,    ///< ties share the best place, no place is skipped: 1 2 2 3
    max,      ///< ties share the worst place: 1 3 3 4
    average,  ///< ties share the mean of their places: 1 2.5 2.5 4
    ordinal,  ///< no ties: equal values keep their input order (rank_by: key order): 1 2 3 4
};
std::string_view to_string(rank_method m);
/// Parses the names printed by to_string; throws validation_error listing them, with the
/// closest one when one is close.
rank_method parse_rank_method(std::string_view s);

/// The rank of every value: 1 for the largest when `descending` (the default, as in "ranked
/// first by winners"), 1 for the smallest otherwise. NaN values get a NaN rank and take no place.
std::vector<double> rank(std::span<const double> values, rank_method method = rank_method::min,
                         bool descending = true);
inline std::vector<double> rank(std::initializer_list<double> values, rank_method method = rank_method::min,
                                bool descending = true) {
    return rank(std::span<const double>(values.begin(), values.size()), method, descending);
}

/// One ranked entity.
struct ranking_row {
    std::string key;    ///< id or code of the entity
    std::string label;  ///< its name
    double value = 0;   ///< the measure (per resident when the ranking is per capita)
    double rank = 0;    ///< NaN when the value is NaN (e.g. no population, no decided applications)
                        ///< or the key is empty (the applications with no value of the dimension)
    std::optional<std::int64_t> population;  ///< per-capita rankings of municipalities only
    int population_year = 0;                 ///< the year of that population figure
    /// Rankings of applicants: "organization" or "person", the table `key` is an id of (an
    /// organisation and a person may share an id, and are two rows); empty for other entities.
    std::string applicant_kind = {};
    /// `at_least` for money summed over the stated amounts when some are not stated
    /// (measure_qualifier: a lower bound, per resident too); else `exact`.
    qualifier qual = qualifier::exact;
};

/// A ranking: rows sorted by rank (then key), unranked rows last.
struct ranking {
    dimension entity = dimension::municipality;
    measure what = measure::winners;
    bool per_capita = false;
    rank_method method = rank_method::min;
    bool descending = true;  ///< rank 1 is the largest value (false: the smallest)
    std::vector<ranking_row> rows;

    /// The rows holding the best ranked value (several when tied, whatever the rank method
    /// numbers them: "max" ranks a tie for first 2, "ordinal" 1 and 2); none when every ranked value is 0 (no
    /// application passed the filter: a year without data ranks every municipality first).
    std::vector<const ranking_row*> leaders() const;
    /// The leader's value minus the best value ranked below it: 0 when the top is tied, NaN
    /// with fewer than two ranked rows.
    double margin() const;
    /// The row of `key` (of an applicant: the first of the rows of that id, whatever its
    /// applicant_kind; the overload below tells them apart), or nullptr.
    const ranking_row* find(std::string_view key) const;
    /// The row of `key` whose applicant_kind is `applicant_kind` ("organization" or "person" in
    /// a ranking of applicants, "" in others), or nullptr.
    const ranking_row* find(std::string_view key, std::string_view applicant_kind) const;
};

/// Ranks the values of `entity` (any dimension; municipalities and regions include every one
/// of the dataset, with zero where they have no applications) by measure `what` over the
/// applications passing `filter`; money in hundredths of the dataset's currency. Keys are the
/// ids of the tables (an organisation's id, a municipality's id), codes or years. The
/// applications with no value of `entity` (an applicant with no municipality, no direction)
/// are a row with an empty key and their value, unranked (rank NaN), listed last.
///
/// `per_capita` divides by the population of the municipality or region (validation_error for
/// another entity): of `population_year` when given, else of the one year the applications
/// fall in (the filter's single year, or the data's only year), or the nearest earlier year
/// with a figure (`population_year` of each row says which). Money of several years has no
/// one population to divide by: without a year that is a validation_error.
///
/// `descending` (the default) gives rank 1 to the largest value, as in "ranked first by
/// winners"; false to the smallest ("the fewest applications").
ranking rank_by(const dataset& ds, dimension entity, measure what, const application_filter& filter = {},
                rank_method method = rank_method::min, bool per_capita = false, int population_year = 0,
                bool descending = true);

/// The query rank_by runs for `entity` and `what`.
group_query ranking_query(dimension entity, measure what, const application_filter& filter = {});
/// The ranking of a group table by one dimension (made, and perhaps merged, with ranking_query).
ranking rank_by(const group_table& t, measure what, rank_method method = rank_method::min, bool per_capita = false,
                int population_year = 0, bool descending = true);

}  // namespace civica::analysis
