#pragma once
/// \file
/// The language civica writes a text in: one enumeration for every module that writes text
/// (the report, the reporting calendar and its exports), read by one rule.

#include <cstdint>
#include <string_view>

namespace civica::text {

/// The language of a text civica writes.
enum class language : std::uint8_t { ru, en };

/// "ru" or "en".
std::string_view to_string(language l);

/// The language a name means: "ru" or "en" in any letter case (also "rus", "russian", "eng",
/// "english"); throws civica::validation_error naming the text and the languages civica
/// writes.
language parse_language(std::string_view name);

}  // namespace civica::text
