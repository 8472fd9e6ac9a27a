#pragma once
// Shared pieces of the generators (internal).

#include "random.hpp"

#include <string>
#include <vector>

namespace civica::synth::detail {

/// Invented project titles, a few per ФПГ direction (index = direction index).
const std::vector<std::vector<std::string>>& project_titles();

}  // namespace civica::synth::detail
