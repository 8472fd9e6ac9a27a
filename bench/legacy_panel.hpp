#pragma once
// The national panel as civica computed it before the analysis engine (a copy of the former
// src/analysis/panel.cpp, kept in the benchmark build only): bench/civica_bench times it side
// by side with civica::analysis::compute_pgf_panel, which now runs through the general engine.
#include "civica/analysis/panel.hpp"

#include <map>
#include <string>
#include <vector>

namespace legacy {
using civica::dataset;
using civica::analysis::pgf_panel;

/// Computes the panel. `population` maps a region (municipality entry name) to its residents
/// in the last year of the data. The same as `finish_pgf_panel(compute_pgf_partial(ds),
/// population)`, and computed by the same code: the panel of one dataset goes through its
/// partial (only the strings of recipients it does not print are not copied).
pgf_panel compute_pgf_panel(const dataset& ds,
                            const std::map<std::string, std::int64_t, std::less<>>& population);

/// The additive part of the panel for a set of applications: integer tallies from which
/// finish_pgf_panel computes all six parts. Partials of row ranges of a file, or of several
/// files, `merge()` into the partial of everything, so a panel can be computed piecewise — one
/// partial per file on many machines (python: civica.dask.panel) — and finished once.
///
///     auto part = civica::analysis::compute_pgf_partial(civica::analysis::read_pgf_csv("2017-2020.csv"));
///     part.merge(civica::analysis::compute_pgf_partial(civica::analysis::read_pgf_csv("2021-2025.csv")));
///     auto panel = civica::analysis::finish_pgf_panel(part, population_by_region);
///
/// Exactness: every tally is an integer (counts, kopecks), and finish_pgf_panel puts values in
/// a canonical order before any floating-point sum, so merging the partials of consecutive
/// row ranges of one file in file order gives a panel equal, to the last bit, to the panel of
/// the whole file. Every applicant organisation is kept (not only the recipients), so that
/// after a merge it has the name and region of its first application, as when the whole file
/// is read. One case differs: an organisation's applications are counted under the region its
/// partition gives it (read_pgf_csv: the region of its first application in that file). When
/// an INN appears under different regions in two partitions, its applications stay under each
/// partition's region while its money counts for the first partition's region (parts 4 and 6
/// of the panel); merge() lists such INNs in `region_conflicts`.
struct pgf_partial {
    /// Tallies of one year × region.
    struct cell {
        std::int64_t applications = 0;
        std::int64_t decided = 0;  ///< applications not withdrawn (the success rate's denominator)
        std::int64_t winners = 0;
        std::int64_t awarded = 0;  ///< kopecks
    };
    /// Marks an applicant without a region in `applicant_region`.
    static constexpr std::uint32_t no_region = 0xFFFFFFFFu;

    /// Applications seen, including those of applicants with no region.
    std::int64_t applications = 0;
    /// The years of the competitions, sorted, distinct.
    std::vector<int> years;
    /// Every region label known (also those with no applications: the trends list them with
    /// zeros), sorted, distinct.
    std::vector<std::string> regions;
    /// Year × region tallies of the applications whose applicant has a region; only cells
    /// with at least one application.
    std::map<std::pair<int, std::string>, cell, std::less<>> by_region_year;
    /// Awarded kopecks by year × direction, with an entry (possibly 0) for every pair that has
    /// an application.
    std::map<std::pair<int, std::string>, std::int64_t, std::less<>> by_direction_year;
    /// The applicant organisations, by column, in order of first appearance: INN (the
    /// organisation's id when it has none), display name, index into `regions` (no_region when
    /// unknown) and awarded kopecks (0 for one that won nothing; the recipients of parts 3 and
    /// 4 are those above 0). compute_pgf_partial gives one entry per organisation of the
    /// dataset (read_pgf_csv makes one organisation per INN); merge() adds an applicant of
    /// `other` to the entry with its INN.
    std::vector<std::string> applicant_inn, applicant_name;
    std::vector<std::uint32_t> applicant_region;
    std::vector<std::int64_t> applicant_awarded;
    /// INNs that merge() met under two different regions (see above), in order of discovery.
    std::vector<std::string> region_conflicts;

    /// Adds `other` (the next partition) to this one. Integer sums are checked: an overflow of
    /// 64 bits throws civica::validation_error and leaves this partial unchanged. An applicant
    /// in both keeps the name and region it has here, in the earlier partition, as reading the
    /// whole file would (read_pgf_csv names an organisation after its first application).
    /// Throws validation_error when either partial breaks the invariants documented above.
    void merge(const pgf_partial& other);
};

/// The additive part of the panel of `ds` (one pass over the applications).
pgf_partial compute_pgf_partial(const dataset& ds);

/// Computes the panel from a (merged) partial; `population` as for compute_pgf_panel. Throws
/// civica::validation_error when the partial breaks its invariants.
pgf_panel finish_pgf_panel(const pgf_partial& partial,
                           const std::map<std::string, std::int64_t, std::less<>>& population);

}  // namespace legacy
