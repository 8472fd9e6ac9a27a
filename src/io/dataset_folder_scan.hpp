#pragma once
// Private to src/io: the one pass over a dataset folder that both read_dataset_folder (strict:
// the first error throws) and check_dataset_folder (lenient: every problem is collected) use,
// so the reader and the checker can never disagree about what a value means. The JSON form of
// a dataset (dataset_json.cpp) runs the same row code over cells taken from JSON objects.

#include "civica/io/check.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/model/dataset.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace civica::io::detail {

/// Strict when `out` is given: rows are added to `*out` and the first error throws
/// civica::parse_error; warnings are not computed. Lenient when `out` is null: nothing is
/// built, every error and warning goes to `problems`. `options` (may be null: the native
/// format) choose the table dialect and skip mode (strict only).
void scan_dataset_folder(const std::filesystem::path& folder, dataset* out,
                         std::vector<problem>* problems, const table_read_options* options = nullptr);

/// Reads the JSON form of a dataset (docs/dataset-format.md, "JSON form"), strict into `out`
/// or, with `out` null, lenient into `problems`, as scan_dataset_folder does. A fault of the
/// whole file (not JSON, not the form, an unknown table) throws in both modes.
void scan_dataset_json(const std::filesystem::path& file, dataset* out, std::vector<problem>* problems,
                       const table_read_options* options);

/// Receives the rows of a dataset as the folder writer formats them, table by table in load
/// order; empty tables are not visited.
class table_sink {
public:
    virtual ~table_sink() = default;
    virtual void begin_table(std::string_view file, const std::vector<std::string_view>& columns) = 0;
    /// One row, a text per column ("" for an empty cell); `record_id` names it in errors.
    virtual void row(const std::string& record_id, const std::vector<std::string>& fields) = 0;
    virtual void end_table() = 0;
    /// Whether the sink takes the table `file` ("applications.csv"); a table it does not take
    /// is not formatted.
    virtual bool wants(std::string_view /*file*/) const { return true; }
};

/// Formats every row of `ds` into `sink` (decimal comma in money and number cells when asked).
void emit_tables(const dataset& ds, table_sink& sink, bool decimal_comma = false);

}  // namespace civica::io::detail
