#pragma once
/// \file
/// Plural categories of whole numbers in Russian and English: the one rule every civica text
/// that counts something agrees its nouns with (the report's "59 заседаний", the calendar's
/// "1 day" and "3 days").
///
///     civica::text::russian_plural(134);   // plural_category::few  ("134 вопроса")
///     civica::text::english_plural(1);     // plural_category::one  ("1 day")

#include <cstdint>
#include <string_view>

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

/// Grammatical genders of Russian nouns.
enum class grammatical_gender : std::uint8_t { masculine, feminine, neuter };
/// The gender of the head noun of a Russian organisation's name, for the verb agreeing with it
/// ("начал работу Ресурсный центр", "начала работу Автономная некоммерческая организация",
/// "начало работу Частное учреждение"): the first word before the quoted name that does not
/// end as an adjective (-ая, -яя, -ое, -ее, -ый, -ий, -ой), by its ending: -а, -я feminine,
/// -о, -е neuter, any other masculine. A name without such a word (an abbreviation, a name in
/// quotes alone) is masculine, as "центр" and "фонд" are.
grammatical_gender russian_name_gender(std::string_view name);

}  // namespace civica::text
