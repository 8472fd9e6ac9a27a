#pragma once
// Where civica's bundled data (datasets, report templates, calendar rules and the production
// calendar) is found. Included by every header whose functions read it, so that a program built
// against civica tells the library where its data is: the build defines CIVICA_DATA_DIR for code
// that uses civica (the source tree's data/ in a build tree, <prefix>/share/civica/data through
// the installed package's civicaConfig.cmake, wherever the prefix was installed or moved to).

#include <filesystem>
#include <string_view>

namespace civica::text {

/// The folder of civica's bundled data: the environment variable `CIVICA_DATA_DIR` when it is
/// set and not empty; else the folder the program using civica was built to use (its
/// `CIVICA_DATA_DIR` definition, see above); empty when neither is known. A program built
/// without CMake defines it itself (`-DCIVICA_DATA_DIR='"<prefix>/share/civica/data"'`) or sets
/// the environment variable; the library never reads the source tree it was built from.
std::filesystem::path default_data_dir();
/// default_data_dir() for reading `what` ("the report template"), which civica bundles there;
/// throws civica::io_error when no data folder is known ("cannot read the report template: no
/// data folder is known: set CIVICA_DATA_DIR …"), so that no relative path is read from
/// whatever folder the program runs in.
std::filesystem::path bundled_data_dir(std::string_view what);

namespace detail {
/// Notes `dir` as the data folder of the program (the first one noted counts); returns true.
bool note_data_dir(const char* dir) noexcept;
#ifdef CIVICA_DATA_DIR
/// Notes the program's CIVICA_DATA_DIR once, before main(), from any file that includes this.
inline const bool data_dir_noted = note_data_dir(CIVICA_DATA_DIR);
#endif
}  // namespace detail

}  // namespace civica::text
