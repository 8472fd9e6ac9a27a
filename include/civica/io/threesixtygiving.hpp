#pragma once
/// \file
/// 360Giving Data Standard (https://standard.threesixtygiving.org): grants published as a JSON
/// package `{"grants": [...]}` or as a flat CSV file (one grant a row, columns named by the
/// schema's titles such as `Amount Awarded` or by raw paths such as `amountAwarded`), read into
/// a civica::dataset and written back, plus the 360Giving data-quality checks.
///
/// What maps to what is listed in docs/formats.md. In short: funders and recipients become
/// organisations (their org-id is kept as the organisation id; `RU-INN-…` and `RU-OGRN-…`
/// also fill inn/ogrn), each funder is a grant operator, `grantProgramme` gives programmes,
/// one competition per programme and award year, and each grant is a winning application
/// whose `decided` date is the `awardDate`. The grants' currency is the dataset's
/// (dataset_info::currency).
///
/// io::read and io::write (civica/io/io.hpp) read and write this format like any other; the
/// functions here are the format's own, for its options:
///
///     auto pkg = civica::io::read_360giving("grants.json");   // JSON or flat CSV, judged by content
///     pkg.data.info().currency;       // "GBP": every amount in pkg.data is in pence
///     civica::io::write_360giving_csv(pkg.data, "out.csv", {.extras = &pkg.extras});

#include "civica/core/date.hpp"
#include "civica/io/problem.hpp"
#include "civica/model/dataset.hpp"
#include "civica/text/text.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace civica::io {

/// A `beneficiaryLocation` of a grant (360Giving Location).
struct threesixtygiving_location {
    std::string name;
    std::string geo_code;       ///< `geoCode`, e.g. "E08000025"
    std::string geo_code_type;  ///< `geoCodeType`, e.g. "LAD"
    friend bool operator==(const threesixtygiving_location&, const threesixtygiving_location&) = default;
};

/// A `classifications` entry of a grant (360Giving Classification).
struct threesixtygiving_classification {
    std::string vocabulary;
    std::string code;
    std::string title;
    friend bool operator==(const threesixtygiving_classification&,
                           const threesixtygiving_classification&) = default;
};

/// What one grant carries that the dataset model has no place for. The readers fill one per
/// grant, in the order of the applications; the writers take them back (matched by grant id)
/// so that export followed by import keeps them.
struct threesixtygiving_grant_extra {
    std::string id;            ///< the grant id (== the application id)
    std::string description;   ///< `description`
    date planned_start;        ///< `plannedDates[0].startDate` (also the implementation start)
    date planned_end;          ///< `plannedDates[0].endDate` (also the implementation end)
    std::optional<double> planned_duration_months;  ///< `plannedDates[0].duration`
    std::vector<threesixtygiving_location> beneficiary_locations;
    std::vector<threesixtygiving_classification> classifications;
    /// Every key of the grant that civica's model has no place for, as the text of one JSON
    /// object; empty when there is none. These are the publisher's own keys
    /// (`{"Grant number":"000001/X/00/X"}`; a flat CSV column the standard does not define
    /// becomes such a key with a string value), the standard keys civica has no column for
    /// (`dataSource`, `fromOpenCall`, `url`, `dateModified`, `fundingType`, …), and, under
    /// `recipientOrganization`, `recipientIndividual`, `fundingOrganization`, `grantProgramme`
    /// and `plannedDates`, an object of the fields of their first item that civica does not
    /// read (`{"recipientOrganization": {"charityNumber": "1234567", "postalCode": "AB1 2CD"}}`).
    /// The writers write them back into the grant the model makes.
    std::string extra_keys;
    friend bool operator==(const threesixtygiving_grant_extra&,
                           const threesixtygiving_grant_extra&) = default;
};

/// A 360Giving package as read: the dataset and what the dataset model has no place for.
struct threesixtygiving_package {
    /// The grants as a dataset; `data.info().currency` is the ISO 4217 code every grant shares
    /// ("GBP": civica money is hundredths of it), "RUB" for a package without grants.
    dataset data;
    /// Number of grants read (== data.applications().size()).
    std::size_t grants = 0;
    /// One per grant, in the order of the applications.
    std::vector<threesixtygiving_grant_extra> extras;
};

/// Options of read_360giving.
struct threesixtygiving_read_options {
    /// Field separator of a flat CSV file (JSON ignores it); 0 (the default, as in io::read)
    /// detects it from the header line.
    char separator = 0;
    /// Encoding of a flat CSV file: detected (UTF-8 unless the bytes are not, then
    /// Windows-1251) unless declared. JSON is UTF-8.
    text::text_encoding encoding = text::text_encoding::automatic;
    /// A grant that breaks a rule (a missing or malformed field, a duplicate id, a negative
    /// amount…) is left out instead of failing the read; what it alone brought in (its
    /// funder, recipient or programme when no other grant names them) is left out with it.
    /// Errors of the whole file (JSON syntax, no `grants` array, a CSV header) still throw.
    bool skip_bad_records = false;
    /// When set (and skip_bad_records), receives one problem per grant left out: file, line
    /// (flat CSV) or 0 (JSON, the grant's index is in the message), field, grant id, message.
    std::vector<problem>* skipped = nullptr;
};

/// Reads a 360Giving file: a JSON package when its first byte other than white space (and a
/// byte-order mark) is `{` or `[` (or it is a blank `.json` file), a flat CSV file otherwise. Keys the model cannot hold go to
/// `extras` (description, planned duration, beneficiary locations, classifications,
/// publisher-specific keys) or are ignored (addresses), never an error.
///
/// A flat CSV file has the "titles" layout of 360Giving's spreadsheet template, or raw JSON
/// paths as column names; both may be mixed. Each row becomes the JSON grant object the JSON
/// reader takes, and is read by the same code, so rules and messages are the same. Column
/// names are matched exactly (docs/formats.md lists them); a column the standard does not
/// define (`Grant number`) is kept as an extra key, never an error. A second item of an array
/// is written `Beneficiary Location:1:Name` or `beneficiaryLocation/1/name`. Dates may be
/// `YYYY-MM-DD`, an ISO date-time, or `DD/MM/YYYY` (as spreadsheets write them; a flat-CSV
/// convenience, not part of the standard). Amounts are numbers (`152505`, `1250.50`).
///
/// Throws civica::io_error when the file cannot be read; civica::parse_error (naming the
/// file, the grant — JSON path or CSV line and column title — and the field) for malformed
/// JSON or CSV, a missing required field, an amount that is not a number, a currency that is
/// not an ISO 4217 code, or grants in more than one currency (civica keeps one currency per
/// dataset); civica::validation_error (prefixed with the file name) when a grant breaks a
/// rule of the domain (e.g. a negative amount). Nothing is half-loaded.
threesixtygiving_package read_360giving(const std::filesystem::path& file,
                                        const threesixtygiving_read_options& options = {});

/// Options of write_360giving_json and write_360giving_csv.
struct threesixtygiving_write_options {
    /// What the model has no place for, as read_360giving returned it (threesixtygiving_package::
    /// extras), matched to applications by grant id. With it, a grant is written with its
    /// description, planned duration, beneficiary locations, classifications and extra keys.
    /// Null: written as without.
    const std::vector<threesixtygiving_grant_extra>* extras = nullptr;
};

/// Writes the winning applications of `d` (those with an awarded amount) as a 360Giving JSON
/// package that validates against the 360Giving schema 1.4 (data/schemas/360giving).
/// Every grant's `currency` is the dataset's (dataset_info::currency). The funder of a grant
/// is its competition's operator (its organisation when set). `awardDate` is the
/// application's `decided` date; an application without one (the ФПГ registry publishes
/// none) is written with 31 December of its competition's year. `description` is the
/// application title unless the extras give one. The file is replaced atomically.
///
/// Throws civica::validation_error naming the application when a grant has no funder (its
/// programme has no operator); civica::io_error when the file cannot be written.
void write_360giving_json(const dataset& d, const std::filesystem::path& file,
                          const threesixtygiving_write_options& options = {});

/// Writes the same grants as write_360giving_json as a flat CSV file: a header of the
/// schema's column titles (those used by at least one grant, in a fixed order), one grant a
/// row, dates as `YYYY-MM-DD`. Extra keys become columns named by the key (a value that is
/// not a string is written as JSON text). read_360giving reads it back to the same
/// dataset. Throws as write_360giving_json.
void write_360giving_csv(const dataset& d, const std::filesystem::path& file,
                         const threesixtygiving_write_options& options = {});

/// Runs the 360Giving data-quality checks (docs/formats.md, "360Giving checks") on a JSON
/// package or flat CSV file, read leniently: every problem at once, errors and warnings, in
/// the order of the grants. `line` is the CSV line (0 for JSON); `field` is the column title
/// for CSV and the JSON path (`grants[12].amountAwarded`) for JSON; `record_id` is the grant
/// id. Malformed JSON or CSV is one `json_syntax` / `csv_syntax` error with its line. Errors
/// mean the strict readers or the 360Giving schema refuse the file; warnings mean it loads
/// but a value looks wrong. `encoding` is that of a flat CSV file, as read_360giving takes it
/// (automatic: detected). Throws civica::io_error only when the file cannot be read.
std::vector<problem> check_360giving(const std::filesystem::path& file,
                                     text::text_encoding encoding = text::text_encoding::automatic);

}  // namespace civica::io
