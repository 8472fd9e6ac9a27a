#pragma once
/// \file
/// 360Giving Data Standard (https://standard.threesixtygiving.org): grants published as a JSON
/// package `{"grants": [...]}`, read into a civica::dataset and written back.
///
/// What maps to what is listed in docs/formats.md. In short: funders and recipients become
/// organisations (their org-id is kept as the organisation id; `RU-INN-…` and `RU-OGRN-…`
/// also fill inn/ogrn), each funder is a grant operator, `grantProgramme` gives programmes,
/// one competition per programme and award year, and each grant is a winning application.
///
///     auto pkg = civica::io::read_360giving_package("grants.json");
///     pkg.currency;                   // "GBP": every amount in pkg.data is in pence
///     civica::io::write_360giving_json(pkg.data, "out.json", {.currency = pkg.currency});

#include "civica/model/dataset.hpp"

#include <cstddef>
#include <filesystem>
#include <string>

namespace civica::io {

/// A 360Giving package as read: the dataset and what the dataset model has no place for.
struct threesixtygiving_package {
    dataset data;
    /// ISO 4217 code shared by every grant ("GBP"). civica money is an integer number of
    /// hundredths of this currency. Empty for a package without grants.
    std::string currency;
    /// Number of grants read (== data.applications().size()).
    std::size_t grants = 0;
};

/// Reads a 360Giving JSON package. Keys the model cannot hold (addresses, beneficiary
/// locations, classifications, publisher-specific keys) are ignored, never an error.
///
/// Throws civica::io_error when the file cannot be read; civica::parse_error (naming the
/// file, the grant and the field) for malformed JSON, a missing required field, an amount that
/// is not a number, or grants in more than one currency (civica keeps one currency per
/// dataset); civica::validation_error (prefixed with the file name) when a grant breaks a
/// rule of the domain (e.g. a negative amount). Nothing is half-loaded.
threesixtygiving_package read_360giving_package(const std::filesystem::path& file);

/// Like read_360giving_package, returning the dataset only (use the package form to learn
/// the currency).
dataset read_360giving_json(const std::filesystem::path& file);

/// Options of write_360giving_json.
struct threesixtygiving_write_options {
    /// ISO 4217 code written as every grant's `currency`.
    std::string currency = "RUB";
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

}  // namespace civica::io
