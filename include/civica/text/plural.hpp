#pragma once
/// \file
/// Plural categories of whole numbers in Russian and English: the one rule every civica text
/// that counts something agrees its nouns with (the report's "59 заседаний", the calendar's
/// "1 day" and "3 days").
///
///     civica::text::russian_plural(134);   // plural_category::few  ("134 вопроса")
///     civica::text::english_plural(1);     // plural_category::one  ("1 day")

#include <cstdint>

namespace civica::text {

/// Plural categories. Russian uses all three; English uses `one` and `many` (= "other").
enum class plural_category : std::uint8_t { one, few, many };

/// The Russian plural category of a whole number (DOMAIN.md section 8):
/// one when n mod 10 = 1 and n mod 100 ≠ 11 (1, 21, 101 заседание);
/// few when n mod 10 ∈ 2..4 and n mod 100 ∉ 12..14 (2, 22, 134 вопроса);
/// many otherwise (0, 5, 11, 12, 59 заседаний). Negative numbers use their absolute value.
plural_category russian_plural(std::int64_t n) noexcept;
/// English: one for exactly 1 (or -1), many ("other") otherwise: "1 day", "0 days", "21 days".
plural_category english_plural(std::int64_t n) noexcept;

}  // namespace civica::text
