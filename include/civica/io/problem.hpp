#pragma once
/// \file
/// civica::io::problem: one problem a reader found in a file, the one type every reader, check
/// and io::read report with (what was left out in skip mode, what was let through, what a
/// check warns about).
///
///     civica::io::read_options o;
///     o.on_error = civica::io::error_policy::skip;
///     auto r = civica::io::read("grants.csv", o);
///     for (const auto& p : r.problems) std::cout << civica::io::to_string(p) << '\n';
///     // error: grants.csv:17: column "Amount Awarded": grant "G-17": … [bad_value]

#include "civica/error.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace civica::io {

/// One problem found in a file or folder.
///
/// `check` is a short code naming the rule. The dataset folder's codes are listed with
/// check_dataset_folder (civica/io/check.hpp), the 360Giving checks' with check_360giving;
/// readers in skip mode use `bad_value`, `missing_value`, `duplicate_id`, `unknown_reference`,
/// `end_before_start`, `invalid_identifier` and `rule` (any other rule of the model).
/// docs/formats.md lists them all.
struct problem {
    std::string severity;   ///< "error" (a record left out, or what stops a strict read) or "warning"
    std::string check;      ///< short code, see above
    std::string file;       ///< the file's name (within its folder, e.g. "applications.csv"), or the
                            ///< SQLite table
    std::size_t line = 0;   ///< 1-based line (a CSV header is line 1; an SQLite rowid); 0 for none
    std::string field;      ///< column name or JSON path; empty when not about one field
    std::string record_id;  ///< id of the record (or what identifies it); may be empty
    std::string message;    ///< what is wrong, naming the rule and the values
    /// Where in a JSON file the record is, as a JSON path from the document's top
    /// ("grants[3]", "memberships[0]", "tables.applications[1]"): the place of a record of a
    /// file that has no lines to count by (360Giving, Popolo and civica's JSON form); empty for
    /// a table's row, which `line` places.
    std::string path = {};
    friend bool operator==(const problem&, const problem&) = default;
};

/// `file:line: column "field": message [check]`, prefixed by "error" or "warning"; a record of a
/// JSON file (one with a `path`) says `field "…"`.
std::string to_string(const problem& p);

/// True when `problems` contains at least one error (not only warnings).
bool has_errors(const std::vector<problem>& problems);

/// The column of `table` a refusal of the model is about: the error's own field() when the rule
/// names one, else the declared column of `table` (civica/model/schema.hpp) its message names
/// first after the record (`application "a-1": competition "c-9" is not in the dataset` →
/// "competition"); empty when none is. For every reader that adds rows through the model to
/// name the field of a row the model refuses, as a folder's reader names it.
std::string rule_field(const validation_error& e, std::string_view table);

}  // namespace civica::io
