#pragma once
/// \file
/// The Presidential Grants Fund (Фонд президентских грантов, ФПГ) open data set: every
/// application to the Fund's competitions since 2017, one row per project, 29 columns, CSV with
/// `;` as separator, UTF-8 (the passport of «Если быть точным», https://tochno.st/pres_grants,
/// licence CC BY; DOMAIN.md section 9).
///
///     civica::dataset ds = civica::io::read_pgf_csv("data_114_pres_grants_v20250313.csv");
///     auto panel = civica::io::compute_pgf_panel(ds, population_by_region);
///
/// How the 29 columns map onto the model:
///
/// | column | becomes |
/// |---|---|
/// | contest, year | a competition of the programme `presidential-grants` (kind presidential_grants), id `pgf-<year>-<round>`; the round comes from the contest's name («Первый»/«Второй»/«Третий»/«Специальный»… or a digit), its window is the span of the applications' `date_req` |
/// | req_num | the application id (unique) |
/// | name, direction, date_req, implem_start, implem_end | title, direction, submitted, implementation period |
/// | winner | `True`/`1`/`1.0`/`да` → winner, `False`/`0`/`0.0`/`нет` → rejected, empty → withdrawn (no outcome published: not judged, so outside the success rate's denominator) |
/// | money_req_grant | the grant for winners (awarded, and requested as the best figure known), the requested sum for the others |
/// | cofunding | cofunding |
/// | org, inn, ogrn | one organisation per INN (id `inn-<INN>`), checksums checked (DOMAIN.md section 3) |
/// | region, oktmo | one municipality table entry per region (id = the region's name, `oktmo` its OKTMO code); the organisation's municipality is the region of its first application |
/// | rate, total_money | checked to be numbers, not stored |
/// | description … level | not stored (the model keeps no free text of applications) |

#include "civica/model/dataset.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace civica::io {

/// The 29 columns of the ФПГ open data set, in the passport's order (the header row).
inline constexpr std::array<std::string_view, 29> pgf_columns{
    "name",         "contest",     "year",          "direction",   "date_req",       "region",
    "org",          "inn",         "ogrn",          "implem_start", "implem_end",    "winner",
    "rate",         "money_req_grant", "cofunding", "total_money", "description",    "goal",
    "tasks",        "soc_signif",  "pj_geo",        "target_groups", "address",      "web_site",
    "req_num",      "link",        "okato",         "oktmo",       "level"};

/// A problem the reader let through because a lenient option asked it to.
struct pgf_issue {
    std::size_t line = 0;   ///< 1-based physical line
    std::string field;      ///< column name
    std::string message;
};

/// How read_pgf_csv treats questionable input.
struct pgf_options {
    /// Accept an INN or OGRN with a wrong checksum or length: the organisation keeps its id
    /// (`inn-<text>`) but the bad identifier is not stored, and the problem is recorded in
    /// `issues` (when given). Off: such a row is a parse_error.
    bool lenient_identifiers = false;
    /// Receives the problems let through (may be null).
    std::vector<pgf_issue>* issues = nullptr;
    /// Threads used to parse (0: as many as the hardware has, at most 8).
    unsigned threads = 0;
};

/// Reads a ФПГ CSV file into a new dataset (see the table above). Throws civica::parse_error
/// naming file, line, column name and rule for the first bad row, civica::io_error when the
/// file cannot be read; nothing is returned half-loaded.
dataset read_pgf_csv(const std::filesystem::path& file, const pgf_options& options = {});

/// Writes the applications of `ds` whose applicant is an organisation in the ФПГ layout
/// (header row, `;`, UTF-8, `\n`). Dates ISO, money in roubles with two decimals, `winner`
/// `True`/`False` and empty for withdrawn or undecided applications. Throws validation_error
/// for an application of a person (the Fund's data has none), io_error when the file cannot be
/// written.
void write_pgf_csv(const dataset& ds, const std::filesystem::path& file);

/// The standard panel of national grant statistics, computed from the columns in one pass
/// (plus small per-group steps through civica::analysis: hhi, gini, cagr, fit_trend, rank).
/// "Region" is the applicant organisation's municipality entry (for data read by
/// read_pgf_csv: its region); money in kopecks unless named `_rub`.
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
    /// place), for regions with a population figure, sorted by region.
    int per_capita_year = 0;
    std::vector<std::string> per_capita_region;
    std::vector<double> per_capita_rub, per_capita_rank;
};

/// Computes the panel. `population` maps a region (municipality entry name) to its residents
/// in the last year of the data.
pgf_panel compute_pgf_panel(const dataset& ds,
                            const std::map<std::string, std::int64_t, std::less<>>& population);

}  // namespace civica::io
