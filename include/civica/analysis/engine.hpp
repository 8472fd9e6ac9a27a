#pragma once
/// \file
/// The analysis engine: one columnar group-by over the application table, under every grant
/// statistic (grant_outcomes, rank_by, recipient_concentration, winners_over_time,
/// application_series, the national panel), and its mergeable partial result.
///
///     using namespace civica::analysis;
///     group_query q;
///     q.by = {dimension::year, dimension::region};
///     q.extras = extra::applicants | extra::award_values;
///     group_table t = aggregate_applications(ds, q);
///     for (std::size_t g = 0; g < t.size(); ++g)
///         std::cout << t.key(0, g) << " " << t.key(1, g) << " " << t.applications[g] << "\n";
///
///     q.extras |= extra::applicant_ids;                          // to merge tables of files
///     group_table a = aggregate_applications(ds_2017_2020, q);   // one file
///     a.merge(aggregate_applications(ds_2021_2025, q));          // + another: exact
///
/// How it works: every dimension is turned into small integer codes once per row of the small
/// tables (competitions, organisations, persons, the direction dictionary), so a row of the
/// application table costs four array reads to find its group: the group is the mixed-radix
/// number of its codes, which indexes the totals directly when the product of the dimensions'
/// sizes is small, and a hash table otherwise. Only what the query asks for is gathered beyond
/// the counts and kopeck sums: the (group, applicant) pairs for distinct applicants, the
/// awarded amounts for medians, the (group, recipient) sums for concentration — each put in
/// group order by counting sorts and radix sorts, not by comparisons. Strings are made only for the dictionaries' entries, once each.
///
/// Exactness of merge(): every total is an integer (counts, kopecks); distinct applicants are
/// kept as sets, not numbers — per group the distinct codes of its applicants in the table's
/// applicant dictionary, whose entries are the applicants' kinds and ids. merge() unites the
/// two dictionaries (an applicant is the same in both when kind and id agree), renumbers the
/// other table's codes into the union and unites each group's sets, so a distinct count after
/// merging is the size of the union, never a sum of counts. Awarded amounts are kept as
/// sorted lists (medians), recipients' money as (recipient, kopecks) sums (concentration).
/// Group keys are the dictionaries' strings (ids, codes, years), so tables of different
/// datasets — one per file on many machines — merge into the table of all their rows.

#include "civica/analysis/aggregate.hpp"
#include "civica/model/organization.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace civica {
class dataset;
}

namespace civica::analysis {

/// What the engine gathers per group besides its counts and kopeck sums (bit flags).
namespace extra {
inline constexpr unsigned applicants = 1;          ///< the set of distinct applicants
inline constexpr unsigned winning_applicants = 2;  ///< the set of distinct applicants with a win
inline constexpr unsigned award_values = 4;        ///< every winner's awarded amount (medians)
inline constexpr unsigned recipients = 8;          ///< awarded kopecks per recipient (concentration)
inline constexpr unsigned applicant_labels = 16;   ///< display names in the applicant dictionary
/// The ids of the applicants in the dictionary: needed to merge tables of different datasets
/// (and always there when the applicant is a dimension: its keys are the ids).
inline constexpr unsigned applicant_ids = 32;
/// Of the money sums only the awarded kopecks: the requested, winners' requested and
/// co-funding sums are not gathered (the pass reads neither the requested nor the co-funding
/// column) and stay 0. For statistics that need no requested money (concentration, rankings
/// and series of other measures, winners over time, the ФПГ panel); row_totals, outcome
/// figures and measure_value of `requested` refuse such a table (require_requested_money).
inline constexpr unsigned awarded_money_only = 64;
/// No money at all (with extra::awarded_money_only): the awarded sums stay 0 too, and the pass
/// reads no money column. For series and rankings of counts (applications, winners, distinct
/// applicants, success rates); measure_value of `awarded` refuses such a table, and a query
/// with it cannot ask for award values or recipients (validation_error).
inline constexpr unsigned counts_only = 128;
}  // namespace extra

/// What to group and gather.
struct group_query {
    std::vector<dimension> by;
    application_filter filter;
    unsigned extras = 0;  ///< civica::analysis::extra flags
    std::size_t first_row = 0;
    std::size_t last_row = std::numeric_limits<std::size_t>::max();
};

/// Residents by year (a figure always has its year).
using population_series = std::map<int, std::int64_t>;

/// The engine's result: groups by column, sorted by key, and the partial result that merges
/// exactly (see the file's notes). Plain data with documented invariants; check() verifies
/// them and merge() calls it.
///
/// Invariants: `by` has at most 12 distinct dimensions; for each dimension d, `dictionary[d]`
/// holds its values (keys sorted as the dimension sorts: years and ОКОПФ codes as numbers,
/// everything else as text; for the applicant dimension the dictionary is empty and codes
/// index the applicant dictionary); `code[d][g]` is group g's value; groups are sorted by
/// their codes and distinct; every per-group column has size() entries; each CSR list
/// (`*_offsets`, size() + 1 entries from 0) holds its group's values: sets distinct (in any
/// order), award values sorted, recipients sorted by code and distinct; sums and counts are
/// not negative.
struct group_table {
    /// The values of one dimension.
    struct dictionary {
        std::vector<std::string> keys;
        std::vector<std::string> labels;
        /// Municipality and region dimensions: each value's residents by year (empty when unknown).
        std::vector<population_series> population;
    };

    std::vector<dimension> by;
    unsigned extras = 0;
    std::string currency = "RUB";  ///< ISO 4217; every kopeck column holds hundredths of it
    std::vector<dictionary> dictionaries;            ///< one per dimension of `by`
    std::vector<std::vector<std::uint32_t>> code;    ///< one per dimension: each group's value

    // ---- totals per group
    std::vector<std::int64_t> applications;
    std::array<std::vector<std::int64_t>, 5> status;  ///< by application_status
    /// Sums of the stated requests (a request the source does not state adds nothing).
    std::vector<std::int64_t> requested_kopecks, winners_requested_kopecks, awarded_kopecks, cofunding_kopecks;
    /// What the winners whose award and request are both stated were awarded and asked for:
    /// grant_outcomes' awarded_share_of_requested sets the one against the other.
    std::vector<std::int64_t> paired_awarded_kopecks, paired_requested_kopecks;
    /// How many applications state their request: with none, the group's requested money is
    /// not known (the `requested` measure is NaN), rather than 0.
    std::vector<std::int64_t> stated_requests;
    /// How many winning applications state their request: when a group has winners and none
    /// of them states one, what its winners requested is not known, rather than 0.
    std::vector<std::int64_t> winners_stated_requests;
    /// How many winning applications state their award: fewer than the winners, and the
    /// group's awarded money is a lower bound (the awards not stated add nothing).
    std::vector<std::int64_t> winners_stated_awards;
    std::vector<std::int32_t> first_year, last_year;  ///< of the group's competitions

    // ---- the applicant dictionary (entries referenced by sets, recipients or the applicant dimension)
    std::vector<std::uint8_t> applicant_kind;    ///< applicant_kind per entry
    std::vector<std::string> applicant_id;       ///< with extra::applicant_ids
    std::vector<std::string> applicant_label;    ///< with extra::applicant_labels
    /// Each entry's applicant number in the dataset the table was made from (organisation
    /// rows, then persons), for a caller that holds that dataset; merge() empties it.
    std::vector<std::uint32_t> applicant_row;

    // ---- per-group lists (CSR: the values of group g are [offsets[g], offsets[g + 1]))
    std::vector<std::uint64_t> applicant_offsets, winner_offsets, award_offsets, recipient_offsets;
    std::vector<std::uint32_t> applicant_codes, winner_codes, recipient_codes;
    std::vector<std::int64_t> award_values, recipient_kopecks;

    /// The scope's population when the filter names exactly one municipality or region and
    /// `by` has neither (per-capita values of such a table divide by it).
    std::string scope;
    population_series scope_population;

    std::size_t size() const noexcept { return applications.size(); }
    bool empty() const noexcept { return applications.empty(); }
    /// The position of `d` in `by`, or nullopt.
    std::optional<std::size_t> position(dimension d) const;

    /// Group g's key / label of dimension at position `i`.
    std::string key(std::size_t i, std::size_t g) const;
    std::string label(std::size_t i, std::size_t g) const;
    /// The key of dictionary entry `c` of the dimension at position `i`.
    std::string key_of(std::size_t i, std::uint32_t c) const;
    std::string label_of(std::size_t i, std::uint32_t c) const;
    /// Entries of the dimension at position `i` (the applicant dictionary for the applicant).
    std::size_t values(std::size_t i) const;

    std::int64_t winners(std::size_t g) const { return status[3][g]; }
    /// Winners and rejected applications (application_totals::decided).
    std::int64_t decided(std::size_t g) const { return status[3][g] + status[2][g]; }
    std::size_t distinct_applicants(std::size_t g) const { return applicant_offsets[g + 1] - applicant_offsets[g]; }
    std::size_t distinct_winners(std::size_t g) const { return winner_offsets[g + 1] - winner_offsets[g]; }
    std::span<const std::int64_t> awards(std::size_t g) const {
        return {award_values.data() + award_offsets[g], award_offsets[g + 1] - award_offsets[g]};
    }
    /// Median awarded amount of group g in kopecks (NaN when none; a half kopeck possible).
    double median_award_kopecks(std::size_t g) const;

    /// Throws validation_error naming the first broken invariant (check_bounds, then the sums,
    /// the order and distinctness of keys, groups and lists); merge and finish_pgf_panel call it.
    void check() const;
    /// The invariants reading the table relies on, in one pass over its groups and lists: every
    /// column sized, every code within its dictionary, every list's offsets and codes within
    /// bounds. The functions that read a table (rank_by, outcome_figures, grant_outcomes,
    /// concentration_figures, recipient_sums, winners_over_time, rollup) call it first: a table
    /// built or changed by hand is refused, not read past its ends.
    void check_bounds() const;
    /// Adds `other` (same `by` and extras, else validation_error): groups with equal keys add
    /// their totals and unite their lists; dictionaries are united. Tables that count
    /// applicants (extra::applicants, recipients…) need extra::applicant_ids to merge. Integer sums are checked
    /// for overflow; on any error *this is unchanged.
    void merge(const group_table& other);
    /// The same rows grouped by `keep` (a subset of `by`, in any order): groups that agree on
    /// `keep` are merged. Only the lists of `keep_extras` are kept (all by default).
    group_table rollup(std::span<const dimension> keep, unsigned keep_extras = ~0u) const;
    /// Totals over all groups (a table with no dimension and one group, or none when empty).
    group_table total() const { return rollup({}); }
};

/// Throws validation_error naming `what` when `t` was made with extra::awarded_money_only.
void require_requested_money(const group_table& t, const char* what);
/// Throws validation_error naming `what` when `t` was made with extra::counts_only.
void require_awarded_money(const group_table& t, const char* what);

/// Groups the rows [q.first_row, q.last_row) of the application table that pass q.filter by
/// q.by, in one pass over the columns, gathering the totals and q.extras.
group_table aggregate_applications(const dataset& ds, const group_query& q);

/// A table and the recipients' money by dimensions of the applicant, from one pass.
struct table_and_recipients {
    group_table groups;  ///< aggregate_applications(ds, q)
    /// The same rows by `recipients_by` with each group's recipients: equal to
    /// aggregate_applications(ds, r) where r.by = recipients_by, r.filter = q.filter and
    /// r.extras = extra::recipients plus q's extra::applicant_ids and extra::applicant_labels.
    group_table recipients;
};

/// Groups the rows as aggregate_applications(ds, q) does and, in the same pass, gathers each
/// recipient's money for groups of `recipients_by`: dimensions of the applicant (municipality,
/// region, legal form, applicant kind; not the applicant itself), each one of q.by. A
/// recipient's group of such dimensions follows from the applicant, so the pass adds each
/// winner's money into one entry per applicant — no (group, recipient) pairs to sort, and no
/// second pass over the winners' rows — and the recipients are listed under their groups
/// afterwards, as aggregate_applications does for a query whose every dimension is the
/// applicant's. The recipients' totals are the rollup of q's groups. Throws validation_error
/// for a dimension that is not the applicant's, not in q.by, or given twice.
table_and_recipients aggregate_with_recipients(const dataset& ds, const group_query& q,
                                               const std::vector<dimension>& recipients_by);

/// Group g's totals as a struct (the row view of application_groups and grant_outcome_table;
/// applicants as "organization:<id>" / "person:<id>", sorted).
application_totals row_totals(const group_table& t, std::size_t g);

/// The value of measure `m` for group g (money in hundredths of t.currency).
double measure_value(const group_table& t, std::size_t g, measure m);
/// What the value of measure `m` for group g is (measure_qualifier of its totals).
qualifier measure_qualifier(const group_table& t, std::size_t g, measure m);
/// The query that gathers what measure `m` needs.
group_query measure_query(measure m, std::vector<dimension> by, const application_filter& filter = {});

/// The population of dictionary entry `c` of the dimension at position `i` in `year`, or of
/// the nearest earlier year with a figure (`used` receives that year); nullopt when none.
std::optional<std::int64_t> population_in(const group_table& t, std::size_t i, std::uint32_t c, int year,
                                          int* used = nullptr);
/// A series' figure of `year` or the nearest earlier year (the model's one look-up).
using civica::population_in;

/// Throws civica::validation_error naming `caller` unless `population_year` is 0 (each group's
/// own year) or a year civica's dates may have (core/date.hpp in_date_years): a population of
/// year 5000 is a mistake, not the 2010 census silently used in its place.
void check_population_year(int population_year, std::string_view caller);

}  // namespace civica::analysis
