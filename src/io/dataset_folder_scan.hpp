#pragma once
// Private to src/io: the one pass over a dataset folder that both read_dataset_folder (strict:
// the first error throws) and check_dataset_folder (lenient: every problem is collected) use,
// so the reader and the checker can never disagree about what a value means.

#include "civica/io/check.hpp"
#include "civica/model/dataset.hpp"

#include <filesystem>
#include <vector>

namespace civica::io::detail {

/// Strict when `out` is given: rows are added to `*out` and the first error throws
/// civica::parse_error; warnings are not computed. Lenient when `out` is null: nothing is
/// built, every error and warning goes to `problems`.
void scan_dataset_folder(const std::filesystem::path& folder, dataset* out,
                         std::vector<problem>* problems);

}  // namespace civica::io::detail
