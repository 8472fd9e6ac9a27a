#pragma once
/// \file
/// A dataset as one SQLite database file: every table of the dataset folder format
/// (docs/dataset-format.md) as a real SQL table with primary keys, foreign keys and indexes,
/// so any SQL tool can query it. The schema is documented in docs/formats.md and versioned
/// (table `civica_meta`, key `schema_version`; also `PRAGMA user_version`).
///
///     civica::io::save_sqlite(d, "city.sqlite");
///     auto again = civica::io::load_sqlite("city.sqlite");   // again == d
///
/// From the command line: `sqlite3 city.sqlite "select status, count(*) from applications group by 1"`.

#include "civica/io/problem.hpp"
#include "civica/model/dataset.hpp"

#include <filesystem>

namespace civica::io {

/// The version of the SQLite schema that save_sqlite writes and the newest load_sqlite reads.
/// Version 2 added the municipalities' name forms (name_genitive, name_prepositional, name_en),
/// applications.decided and the dataset's currency; version 3 added applications.rate and
/// meetings.attendance. Files of versions 1 and 2 are still read.
inline constexpr int sqlite_schema_version = 3;

/// The page size save_sqlite gives the file of `d`: 65 536 bytes with 100 000 applications or
/// more, else 4 096.
int sqlite_page_size(const dataset& d);

/// Saves `d` to `file`, replacing it atomically: the database is built in a temporary file in
/// the same folder inside one transaction, flushed to disk (fsync), then renamed over `file`.
/// A crash or a kill at any moment leaves either the previous file or the new one, never a
/// mix (a killed save may leave its `<file>.tmp-<pid>` behind).
/// Throws civica::io_error naming the file when it cannot be written.
void save_sqlite(const dataset& d, const std::filesystem::path& file);

/// Loads a dataset saved by save_sqlite. Lossless: load_sqlite(f) == d after save_sqlite(d, f).
/// Throws civica::io_error when the file cannot be opened, civica::parse_error naming the file
/// when it is not an SQLite database, not a civica database, of a newer schema version, when a
/// table has a column civica does not know or lacks a required one (field "table.column"; any
/// other declared column it lacks reads as empty, as in a dataset folder), or when it
/// holds a value that does not parse; civica::validation_error (prefixed with the file name)
/// when its rows break a rule of the domain.
dataset load_sqlite(const std::filesystem::path& file);

/// How load_sqlite treats rows that break a rule (a database edited by other SQL tools).
struct sqlite_read_options {
    /// Leave out a row whose value does not parse or that breaks a rule of the domain, and the
    /// rows that refer to it (they then name a row that is not there), instead of failing.
    /// Errors of the whole file (not SQLite, not civica's schema, a newer version, a table's
    /// unknown or missing column) still throw.
    bool skip_bad_records = false;
    /// Receives one problem per row left out (may be null): `file` is the table, `record_id`
    /// the row's first column (its id, or what it belongs to), `message` the rule.
    std::vector<problem>* skipped = nullptr;
};

/// The same, with options (skip_bad_records).
dataset load_sqlite(const std::filesystem::path& file, const sqlite_read_options& options);

}  // namespace civica::io
