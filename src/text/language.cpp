#include "civica/text/language.hpp"

#include "civica/error.hpp"

#include <algorithm>
#include <string>

namespace civica::text {

std::string_view to_string(language l) { return l == language::en ? "en" : "ru"; }

language parse_language(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    if (lower == "ru" || lower == "rus" || lower == "russian") return language::ru;
    if (lower == "en" || lower == "eng" || lower == "english") return language::en;
    throw validation_error("unknown language \"" + std::string(name) + "\" (use ru or en)");
}

}  // namespace civica::text
