#pragma once
/// \file
/// The standard panel of national grant statistics (applications, winners, success rates,
/// money by direction, top recipients, concentration, trends, money per resident) of a
/// dataset such as civica::io::read_pgf_csv makes: a finishing step over the analysis engine's
/// group_table, which is also its mergeable partial result.

#include "civica/analysis/engine.hpp"
#include "civica/model/dataset.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civica::analysis {

/// The standard panel of national grant statistics (the engine's groups by year × region ×
/// direction, then hhi, gini, cagr, fit_trend, rank). "Region" is the region of the
/// applicant's municipality (dimension::region; for data read by read_pgf_csv, the region
/// column); money in kopecks unless named `_rub`.
struct pgf_panel {
    /// (1) applications, winners and success rate (winners / decided, where decided excludes
    /// withdrawn) by year × region, sorted by year then region.
    std::vector<int> by_region_year;
    std::vector<std::string> by_region_region;
    std::vector<std::int64_t> by_region_applications, by_region_winners;
    std::vector<double> by_region_success_rate;
    /// (2) awarded money by year × direction, sorted by year then direction.
    std::vector<int> by_direction_year;
    std::vector<std::string> by_direction_direction;
    std::vector<std::int64_t> by_direction_awarded;
    /// (3) the 10 recipients with the most awarded money (ties: smaller INN first).
    std::vector<std::string> top_inn, top_name;
    std::vector<std::int64_t> top_awarded;
    /// (4) concentration of awarded money over recipients within each region (regions with
    /// at least one recipient), sorted by region.
    std::vector<std::string> concentration_region;
    std::vector<std::int64_t> concentration_recipients;
    std::vector<double> concentration_hhi, concentration_gini;
    /// (5) winners per region over every year of the data (0 where none): CAGR from the first
    /// to the last year (NaN when the first year has none) and the least-squares slope
    /// (winners per year), sorted by region.
    std::vector<std::string> trend_region;
    std::vector<double> trend_cagr, trend_slope;
    /// (6) awarded RUB per resident in the last year and rank (1 = most; ties share the best
    /// place), sorted by region. Given figures, every region of the data needs one
    /// (validation_error naming the region, and the name given instead when one is close);
    /// regions the data does not have are let be; no figures at all leave this part empty.
    int per_capita_year = 0;
    std::vector<std::string> per_capita_region;
    std::vector<double> per_capita_rub, per_capita_rank;
};

/// Computes the panel through the analysis engine: one aggregate_applications by year ×
/// region × direction with each recipient's money, rolled up into the six parts (see
/// finish_pgf_panel). `population` maps a region to its residents in the last year of the data.
/// A recipient's INN (part 3) is the organisation's recorded INN; for one with none, its id
/// without the "inn-" read_pgf_csv puts before it; for a person, the person's id.
pgf_panel compute_pgf_panel(const dataset& ds,
                            const std::map<std::string, std::int64_t, std::less<>>& population);

/// The query of the panel: by year, region and direction, with the recipients' money.
/// `mergeable` adds the applicants' ids and names, so that tables of several files merge.
group_query pgf_panel_query(bool mergeable = true);

/// The panel's additive part for a dataset: aggregate_applications(ds, pgf_panel_query()). Tables
/// of row ranges of a file, or of several files, merge() into the table of everything
/// (group_table::merge: exact integer sums, recipients united by id), so a panel can be
/// computed piecewise — one table per file on many machines (python: civica.dask.panel) —
/// and finished once.
///
///     auto part = compute_pgf_partial(read_pgf_csv("2017-2020.csv"));
///     part.merge(compute_pgf_partial(read_pgf_csv("2021-2025.csv")));
///     auto panel = finish_pgf_panel(part, population_by_region);
///
/// Exactness: every tally is an integer, and finish_pgf_panel sorts each region's recipient
/// amounts before any floating-point sum, so the panel of merged tables equals the panel of
/// all their rows read as one dataset, to the last bit. An applicant's region is the one its
/// own file gives it; a recipient in several files keeps the name of the first (merge keeps
/// the left table's labels).
group_table compute_pgf_partial(const dataset& ds);

/// The panel from a (merged) table of pgf_panel_query(true); `population` as for
/// compute_pgf_panel. A recipient's "INN" (part 3) is its organisation id without the "inn-"
/// read_pgf_csv puts before it (for other data: the id).
/// Throws validation_error when the table is not of that query or breaks its invariants.
pgf_panel finish_pgf_panel(const group_table& table,
                           const std::map<std::string, std::int64_t, std::less<>>& population);

}  // namespace civica::analysis
