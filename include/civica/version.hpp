#pragma once
/// \file
/// The version of civica.

#define CIVICA_VERSION_MAJOR 0
#define CIVICA_VERSION_MINOR 1
#define CIVICA_VERSION_PATCH 0
#define CIVICA_VERSION_STRING "0.1.0"

namespace civica {
/// The version of the library, e.g. "0.1.0".
inline constexpr const char* version = CIVICA_VERSION_STRING;
}  // namespace civica
