#pragma once
/// \file
/// The Presidential Grants Fund (Фонд президентских грантов, ФПГ) open data set: every
/// application to the Fund's competitions since 2017, one row per project, 29 columns, CSV with
/// `;` as separator, UTF-8 (the passport of «Если быть точным», https://tochno.st/pres_grants,
/// licence CC BY; DOMAIN.md section 9). The reader also takes the file as a spreadsheet saves
/// it: Windows-1251, ',' or tab (pgf_options).
///
///     civica::dataset ds = civica::io::read_pgf_csv("data_114_pres_grants_v20250313.csv");
///     auto panel = civica::analysis::compute_pgf_panel(ds, population_by_region);   // analysis/panel.hpp
///
/// How the 29 columns map onto the model:
///
/// | column | becomes |
/// |---|---|
/// | contest, year | a competition of the programme `presidential-grants` (kind presidential_grants, of the operator `presidential-grants-fund`; a file of no application, or none kept, has neither), id `pgf-<year>-<round>`; the round comes from the contest's name («Первый»/«Второй»/«Третий»/«Специальный»… or a digit), its window is the span of the applications' `date_req` |
/// | req_num | the application id (unique) |
/// | name, direction, date_req, implem_start, implem_end | title, direction, submitted, implementation period |
/// | winner | `True`/`1`/`1.0`/`да`/`ИСТИНА` → winner, `False`/`0`/`0.0`/`нет`/`ЛОЖЬ` → rejected (the Russian words in any letter case, as a spreadsheet in a Russian locale saves a boolean), empty → withdrawn (no outcome published: not judged, so outside the success rate's denominator) |
/// | money_req_grant | the grant for winners (awarded, and requested as the best figure known), the requested sum for the others |
/// | cofunding | cofunding |
/// | org, inn, ogrn | one organisation per INN (id `inn-<INN>`), checksums checked (DOMAIN.md section 3); it keeps the name and OGRN of its first row, and a later row giving the INN another name or region is a `shared_inn` warning in `pgf_options::issues` (once per INN) |
/// | region, oktmo | one municipality table entry per region (id = the region's name as first written, `oktmo` its OKTMO code; the same region written another way is read as it, with a `region_spelling` warning); the organisation's municipality is the region of its first application |
/// | rate | the expert rating (`application::rate`): a number, 0 or more, winners only (the Fund rates winning applications only); empty → none |
/// | total_money | checked to be an amount, not stored |
/// | description … level | not stored (the model keeps no free text of applications) |

#include "civica/io/problem.hpp"
#include "civica/model/dataset.hpp"
#include "civica/text/text.hpp"

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

/// How read_pgf_csv treats questionable input.
struct pgf_options {
    /// Accept an INN or OGRN with a wrong checksum or length: the organisation keeps its id
    /// (`inn-<text>`) but the bad identifier is not stored, and the problem is recorded in
    /// `issues` (when given). Off: such a row is a parse_error.
    bool lenient_identifiers = false;
    /// Receives the problems let through (may be null), each a "warning" naming the file and
    /// line: check "invalid_identifier" (field "inn" or "ogrn", the application number as
    /// `record_id`), and "shared_inn", once per INN, at the first row giving it another name
    /// or region than its first row (field "org" or "region", the organisation's id as
    /// `record_id`, both names and regions in the message; a name that differs only as written,
    /// text::loose_name_key, is no other name), and "region_spelling" at the first row of a
    /// region written another way than on an earlier line (another letter case, spaces or
    /// dashes, a letter typed as two code points: text::loose_name_key), which is read as that
    /// region (field "region", the spelling as `record_id`).
    std::vector<problem>* issues = nullptr;
    /// Threads used to parse (0: as many as the hardware has, at most 8).
    unsigned threads = 0;
    /// The file's encoding. automatic decides from its first megabyte
    /// (civica::text::detect_encoding): the layout's UTF-8, or Windows-1251, in which Russian
    /// Excel saves CSV; a Windows-1251 file is converted to UTF-8 in memory before it is read.
    text::text_encoding encoding = text::text_encoding::automatic;
    /// The field separator: 0 (the default) takes it from the header line (the layout's ';',
    /// or the ',' or tab a spreadsheet may save the file with: civica::text::detect_separator).
    char separator = 0;
    /// Leave out a row that breaks a rule (a bad field, a contest of two years, an application
    /// number seen before, …) instead of stopping, and list it in `skipped` (when given). A
    /// left-out row brings in nothing: a contest, region or organisation named only by rows
    /// left out for a bad field is not added. (Rows refused later by the model, a repeated
    /// application number or a contest of two years, are left out after their organisation
    /// was already taken in.) A row that cannot be split into fields (a quote never closed)
    /// still stops the read: the records after it cannot be told apart.
    bool skip_bad_records = false;
    /// Receives the rows left out by skip_bad_records, in file order (may be null): severity
    /// "error", check "duplicate_id" (an application number seen on an earlier row) or
    /// "bad_value" (any other rule of a field or row), the file name, line, field, the
    /// application number as `record_id` and the message.
    std::vector<problem>* skipped = nullptr;
};

/// Reads a ФПГ CSV file into a new dataset (see the table above), named
/// "presidential-grants-fund", titled "Presidential Grants Fund applications (<file name>)",
/// with the file name as its source (bytes of the name that are not UTF-8 shown as \xNN,
/// text::utf8_or_escaped). Throws civica::parse_error naming file, line, column name and rule
/// for the first bad row, civica::io_error when the file cannot be read; nothing is returned
/// half-loaded.
dataset read_pgf_csv(const std::filesystem::path& file, const pgf_options& options = {});

/// Writes the applications of `ds` in the ФПГ layout (header row, `;`, UTF-8, `\n`), replacing
/// `file` atomically. Dates ISO, money in roubles with two decimals, `winner` `True`/`False`
/// and empty for withdrawn or undecided applications. `money_req_grant` is a winner's grant
/// (empty when the grant is not stated: its request there would read back as the grant) and
/// the request of the others; `link` and the columns the model does not keep are empty.
/// Competitions that share a name get their round and year after it (and their id where even
/// those are shared), since the registry knows a contest by its name. Throws validation_error, before writing
/// anything, for what the registry cannot hold: money in another currency than roubles, an
/// application of a person (the Fund's data has none), or one without what every row of the
/// registry has (a title, a submission date, an implementation period, an applicant with an
/// INN and a name); io_error when the file cannot be written.
void write_pgf_csv(const dataset& ds, const std::filesystem::path& file);

}  // namespace civica::io
