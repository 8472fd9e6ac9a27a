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
/// one competition per programme and award year, and each grant is a winning application.
///
///     auto pkg = civica::io::read_360giving_package("grants.json");
///     pkg.currency;                   // "GBP": every amount in pkg.data is in pence
///     civica::io::write_360giving_json(pkg.data, "out.json", {.currency = pkg.currency});
///
///     auto csv = civica::io::read_360giving("grants.csv");   // JSON or CSV, judged by content
///     civica::io::write_360giving_csv(csv.data, "out.csv",
///                                     {.currency = csv.currency, .extras = &csv.extras});

#include "civica/core/date.hpp"
#include "civica/io/check.hpp"
#include "civica/model/dataset.hpp"

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
    date award_date;           ///< `awardDate` (the model keeps only the competition year)
    std::string description;   ///< `description`
    date planned_start;        ///< `plannedDates[0].startDate` (also the implementation start)
    date planned_end;          ///< `plannedDates[0].endDate` (also the implementation end)
    std::optional<double> planned_duration_months;  ///< `plannedDates[0].duration`
    std::vector<threesixtygiving_location> beneficiary_locations;
    std::vector<threesixtygiving_classification> classifications;
    /// Every key of the grant that the 360Giving schema does not define, as the text of one
    /// JSON object (`{"Grant number":"000001/X/00/X"}`); empty when there is none. A flat
    /// CSV column the standard does not define becomes such a key with a string value.
    std::string extra_keys;
    friend bool operator==(const threesixtygiving_grant_extra&,
                           const threesixtygiving_grant_extra&) = default;
};

/// A 360Giving package as read: the dataset and what the dataset model has no place for.
struct threesixtygiving_package {
    dataset data;
    /// ISO 4217 code shared by every grant ("GBP"). civica money is an integer number of
    /// hundredths of this currency. Empty for a package without grants.
    std::string currency;
    /// Number of grants read (== data.applications().size()).
    std::size_t grants = 0;
    /// One per grant, in the order of the applications.
    std::vector<threesixtygiving_grant_extra> extras;
};

/// Options of the 360Giving readers.
struct threesixtygiving_read_options {
    /// Field separator of a flat CSV file (JSON ignores it).
    char separator = ',';
    /// A grant that breaks a rule (a missing or malformed field, a duplicate id, a negative
    /// amount…) is left out instead of failing the read; what it alone brought in (its
    /// funder, recipient or programme when no other grant names them) is left out with it.
    /// Errors of the whole file (JSON syntax, no `grants` array, a CSV header) still throw.
    bool skip_bad_records = false;
    /// When set (and skip_bad_records), receives one problem per grant left out: file, line
    /// (flat CSV) or 0 (JSON, the grant's index is in the message), field, grant id, message.
    std::vector<problem>* skipped = nullptr;
};

/// Reads a 360Giving JSON package. Keys the model cannot hold go to `extras` (award date,
/// description, planned dates, beneficiary locations, classifications, publisher-specific
/// keys) or are ignored (addresses), never an error.
///
/// Throws civica::io_error when the file cannot be read; civica::parse_error (naming the
/// file, the grant and the field) for malformed JSON, a missing required field, an amount that
/// is not a number, or grants in more than one currency (civica keeps one currency per
/// dataset); civica::validation_error (prefixed with the file name) when a grant breaks a
/// rule of the domain (e.g. a negative amount). Nothing is half-loaded.
threesixtygiving_package read_360giving_package(const std::filesystem::path& file);
/// The same, with options (skip_bad_records).
threesixtygiving_package read_360giving_package(const std::filesystem::path& file,
                                                const threesixtygiving_read_options& options);

/// Like read_360giving_package, returning the dataset only (use the package form to learn
/// the currency).
dataset read_360giving_json(const std::filesystem::path& file);

/// Reads a 360Giving flat CSV file (the "titles" layout of 360Giving's spreadsheet template,
/// or raw JSON paths as column names; both may be mixed). Each row becomes the JSON grant
/// object the JSON reader takes, and is read by the same code, so rules and messages are the
/// same. Column names are matched exactly (docs/formats.md lists them); a column the standard
/// does not define (`Grant number`) is kept as an extra key, never an error. A second item of
/// an array is written `Beneficiary Location:1:Name` or `beneficiaryLocation/1/name`.
///
/// Dates may be `YYYY-MM-DD`, an ISO date-time, or `DD/MM/YYYY` (as spreadsheets write
/// them; a flat-CSV convenience, not part of the standard). Amounts are numbers (`152505`,
/// `1250.50`). UTF-8 with or without a byte-order mark; Windows-1251 is accepted too.
///
/// Throws civica::io_error when the file cannot be read; civica::parse_error naming the file,
/// the line and the column title for malformed CSV or a grant the JSON reader would refuse;
/// civica::validation_error (prefixed with the file name) when a grant breaks a domain rule.
threesixtygiving_package read_360giving_csv(const std::filesystem::path& file,
                                            const threesixtygiving_read_options& options = {});

/// Reads a 360Giving file of either form: JSON when its first byte other than white space
/// (and a byte-order mark) is `{`, flat CSV otherwise.
threesixtygiving_package read_360giving(const std::filesystem::path& file,
                                        const threesixtygiving_read_options& options = {});

/// Options of write_360giving_json and write_360giving_csv.
struct threesixtygiving_write_options {
    /// ISO 4217 code written as every grant's `currency`.
    std::string currency = "RUB";
    /// What the model has no place for, as a reader returned it (threesixtygiving_package::
    /// extras), matched to applications by grant id. With it, a grant is written with its
    /// award date (when it falls in the competition's year), description, planned duration,
    /// beneficiary locations, classifications and extra keys. Null: written as without.
    const std::vector<threesixtygiving_grant_extra>* extras = nullptr;
};

/// Writes the winning applications of `d` (those with an awarded amount) as a 360Giving JSON
/// package that validates against the 360Giving schema 1.4 (data/schemas/360giving).
/// The funder of a grant is its competition's operator (its organisation when set).
/// civica keeps no award date, only the competition year: `awardDate` is written as
/// 31 December of that year. `description` is the application title.
///
/// Throws civica::validation_error naming the application when a grant has no funder (its
/// programme has no operator); civica::io_error when the file cannot be written.
void write_360giving_json(const dataset& d, const std::filesystem::path& file,
                          const threesixtygiving_write_options& options = {});

/// Writes the same grants as write_360giving_json as a flat CSV file: a header of the
/// schema's column titles (those used by at least one grant, in a fixed order), one grant a
/// row, dates as `YYYY-MM-DD`. Extra keys become columns named by the key (a value that is
/// not a string is written as JSON text). read_360giving_csv reads it back to the same
/// dataset. Throws as write_360giving_json.
void write_360giving_csv(const dataset& d, const std::filesystem::path& file,
                         const threesixtygiving_write_options& options = {});

/// Runs the 360Giving data-quality checks (docs/formats.md, "360Giving checks") on a JSON
/// package or flat CSV file, read leniently: every problem at once, errors and warnings, in
/// the order of the grants. `line` is the CSV line (0 for JSON); `field` is the column title
/// for CSV and the JSON path (`grants[12].amountAwarded`) for JSON; `record_id` is the grant
/// id. Malformed JSON or CSV is one `json_syntax` / `csv_syntax` error with its line. Errors
/// mean the strict readers or the 360Giving schema refuse the file; warnings mean it loads
/// but a value looks wrong. Throws civica::io_error only when the file cannot be read.
std::vector<problem> check_360giving(const std::filesystem::path& file);

}  // namespace civica::io
