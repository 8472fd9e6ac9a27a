#pragma once
// Where civica's bundled data (datasets, report templates, calendar rules and the production
// calendar) is found. Included by every header whose functions read it, so that a program built
// against civica tells the library where its data is: the build defines CIVICA_DATA_DIR for code
// that uses civica (the source tree's data/ in a build tree, <prefix>/share/civica/data through
// the installed package's civicaConfig.cmake, wherever the prefix was installed or moved to).

#include <filesystem>

namespace civica::text {

/// The folder of civica's bundled data: the environment variable `CIVICA_DATA_DIR` when it is
/// set and not empty; else the folder the program using civica was built to use (its
/// `CIVICA_DATA_DIR` definition, see above); empty when neither is known. A program built
/// without CMake defines it itself (`-DCIVICA_DATA_DIR='"<prefix>/share/civica/data"'`) or sets
/// the environment variable; the library never reads the source tree it was built from.
std::filesystem::path default_data_dir();

namespace detail {
/// Notes `dir` as the data folder of the program (the first one noted counts); returns true.
bool note_data_dir(const char* dir) noexcept;
#ifdef CIVICA_DATA_DIR
/// Notes the program's CIVICA_DATA_DIR once, before main(), from any file that includes this.
inline const bool data_dir_noted = note_data_dir(CIVICA_DATA_DIR);
#endif
}  // namespace detail

}  // namespace civica::text
