#pragma once
/// \file
/// Numbers, money, plurals and qualifiers in Russian and English report text.
///
///     civica::report::russian_plural(134);                      // plural_category::few
///     civica::report::plural_phrase(59, {"заседание", "заседания", "заседаний"},
///                                   civica::qualifier::exact, language::ru);  // "59 заседаний"
///     civica::report::format_money(civica::money::from_rubles(3'700'000),
///                                  civica::qualifier::exact, language::ru);   // "3,7 млн рублей"

#include "civica/core/money.hpp"
#include "civica/model/indicator.hpp"
#include "civica/text/language.hpp"
#include "civica/text/plural.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace civica::report {

/// The language of generated text: civica's one language enumeration, read by its one rule
/// (civica/text/language.hpp), the calendar's too.
using civica::text::language;
using civica::text::parse_language;
using civica::text::to_string;

/// The plural rules live in the text layer (civica/text/plural.hpp), shared with the calendar;
/// the report names them here as it always has.
using civica::text::plural_category;
using civica::text::russian_plural;
using civica::text::english_plural;

/// The word forms of a counted noun: `one`, `few`, `many`, and optionally `after_qualifier`,
/// the genitive singular used after "более"/"около"/"не менее" when the number ends in 1
/// ("более 21 некоммерческой организации"); empty means "same as `few`" (true for most nouns:
/// "более 21 заседания"). English uses `one` and `many`.
struct noun_forms {
    std::string one;
    std::string few;
    std::string many;
    std::string after_qualifier;
};

/// The form of `forms` that agrees with `value` under qualifier `q` in language `l`.
/// Russian: exact numbers take the nominative forms by category; a number after a qualifier
/// is in the genitive, so it takes `after_qualifier` (ends in 1) or `many` (genitive plural);
/// a fraction takes the genitive singular: `after_qualifier` when given ("1,5 некоммерческой
/// организации"), else `few` ("3,7 тысячи"). English: `one` only for 1. The value agreed with is
/// the one format_count shows, rounded to two decimals (20.999 agrees as 21).
const std::string& agree(const noun_forms& forms, double value, qualifier q, language l);

/// The qualifier word: "более", "около", "не менее" / "more than", "about", "at least";
/// empty for exact.
std::string_view qualifier_word(qualifier q, language l);
/// The qualifier's word where the number stands in an oblique case, after a preposition or as
/// an instrumental ("для более чем 31 НКО", "более чем 14 органами"): Russian "более чем",
/// "не менее чем", "примерно"; English as qualifier_word.
std::string_view oblique_qualifier_word(qualifier q, language l);

/// A whole number with thousands grouped: Russian with a non-breaking space (U+00A0)
/// "31 500", English with a comma "31,500"; a negative one after the minus sign U+2212
/// ("−4,000"), as text is typeset.
std::string format_integer(std::int64_t n, language l);
/// A number with at most `max_decimals` decimals (trailing zeros dropped; at most 15, and
/// fewer for a number too large to carry them), decimal comma in Russian ("3,7"), point in
/// English; the integer part grouped as format_integer.
std::string format_number(double v, language l, int max_decimals = 1);
/// `value` with its qualifier: "более 300", "59", "about 1,200".
std::string format_count(double value, qualifier q, language l);
/// "59 заседаний", "более 300 некоммерческих организаций", "52 winners".
std::string plural_phrase(double value, const noun_forms& forms, qualifier q, language l);

/// Money as a report states it. Millions and billions are shortened with one decimal
/// ("3,7 млн рублей", "более 30 млн рублей", "1,2 млрд рублей"; "3.7 million roubles"),
/// smaller amounts are written out with grouped thousands ("950 000 рублей", "21 рубль").
/// When the shortened form would lose digits the statement stays true: an exact amount
/// becomes "около …" (about), and a lower bound ("более") is rounded down, never up.
/// `currency` (an ISO 4217 code, the dataset's) names the unit: roubles, pounds sterling, US
/// dollars and euros in words ("33,8 млн фунтов стерлингов", "12 pounds"), any other code as
/// it is ("5 000 CHF"); the amount is in hundredths of it. With `shorten` false every amount
/// is written out ("3 712 345,67 рубля"), as a note comparing two amounts needs.
std::string format_money(money amount, qualifier q, language l, std::string_view currency = "RUB",
                         bool shorten = true);

/// A share as a percentage with one decimal: "91,6 %" (non-breaking space) / "91.6%", after
/// the qualifier's word ("более 91,6 %") unless `with_qualifier` is false. A lower bound is
/// rounded down, so that "более" stays true.
std::string format_percent(double fraction, qualifier q, language l, bool with_qualifier = true);

/// An ordinal: Russian "2-е" (neuter, for "место"), English "2nd".
std::string format_ordinal(std::int64_t n, language l);

}  // namespace civica::report
