#pragma once
/// \file
/// Russian state registration identifiers and their checksums (DOMAIN.md section 3):
/// INN (taxpayer number, 10 digits for organisations, 12 for individuals), OGRN (13 digits),
/// OGRNIP (15 digits), KPP (9 characters).

#include <string>
#include <string_view>

namespace civica::ids {

/// True when `s` is a 10-digit organisation INN with a correct check digit.
bool is_valid_inn10(std::string_view s) noexcept;
/// True when `s` is a 12-digit individual INN with both check digits correct.
bool is_valid_inn12(std::string_view s) noexcept;
/// True for a valid INN of either length.
bool is_valid_inn(std::string_view s) noexcept;
/// True when `s` is a 13-digit OGRN with a correct check digit.
bool is_valid_ogrn(std::string_view s) noexcept;
/// True when `s` is a 15-digit OGRNIP with a correct check digit.
bool is_valid_ogrnip(std::string_view s) noexcept;
/// True when `s` is a well-formed KPP: 4 digits, 2 digits or capital Latin letters, 3 digits.
bool is_valid_kpp(std::string_view s) noexcept;

/// Why `s` is not a valid INN ("has 9 digits, an INN has 10 or 12", "check digit is 5, expected 4"),
/// or an empty string when it is valid.
std::string inn_problem(std::string_view s);
/// Why `s` is not a valid OGRN (13 digits) or OGRNIP (15 digits); empty when valid.
std::string ogrn_problem(std::string_view s);
/// Why `s` is not a valid KPP; empty when valid.
std::string kpp_problem(std::string_view s);

}  // namespace civica::ids
