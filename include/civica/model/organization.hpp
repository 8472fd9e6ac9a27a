#pragma once
/// \file
/// Municipalities, non-profit organisations and individual applicants.

#include "civica/core/date.hpp"
#include "civica/core/ids.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civica {

/// A municipality (городской округ, муниципальный район) or any territory figures refer to.
///
/// The name's case forms are data, because Russian text declines a place name and no rule
/// does it safely ("Сургут" → "Сургута", "Нягань" → "Нягани", "Покачи" stays "Покачи"): a
/// report uses a form only when it is given, else a wording that needs none.
struct municipality {
    municipality_id id;
    std::string name;
    std::string oktmo;                          ///< OKTMO code, 8 or 11 digits; may be empty
    std::string region;                         ///< e.g. "Ханты-Мансийский автономный округ – Югра"
    std::map<int, std::int64_t> population;     ///< residents by year (a figure always has its year)
    std::string name_genitive = {};             ///< after «города»: "Сургута" (НКО города Сургута); may be empty
    std::string name_prepositional = {};        ///< after «в городе»: "Сургуте"; may be empty
    std::string name_en = {};                   ///< "Surgut"; may be empty

    /// Population of `year`, or of the nearest earlier year that has one (civica::population_in).
    std::optional<std::int64_t> population_in(int year, int* used_year = nullptr) const;
    friend bool operator==(const municipality&, const municipality&) = default;
};

/// The figure of `year` in residents by year, or of the nearest earlier year that has one;
/// nullopt if none. A figure of 0 is no figure (no known population), so the nearest earlier
/// year with a count is taken past it. `used_year` (optional) receives the year actually used.
std::optional<std::int64_t> population_in(const std::map<int, std::int64_t>& by_year, int year,
                                          int* used_year = nullptr);

/// A legal entity: an NGO, a grant operator, a partner foundation, a funder.
struct organization {
    organization_id id;
    std::string full_name;
    std::string short_name;
    int okopf = 0;                 ///< legal form, ОКОПФ code (DOMAIN.md section 4); 0 = unknown
    std::string inn;               ///< 10 digits for organisations; empty if unknown
    std::string ogrn;              ///< 13 digits (15 for an OGRNIP); empty if unknown
    std::string kpp;               ///< 9 characters; empty if unknown
    date registered;               ///< state registration date; not_a_date_time if unknown
    municipality_id municipality;  ///< may be empty
    std::vector<std::string> spheres;  ///< spheres of activity: codes of sphere_codes() ("culture", "sport", …)
    bool socially_oriented = false;    ///< СО НКО
    bool public_association = false;   ///< общественное объединение (82-FZ)
    bool tos = false;                  ///< территориальное общественное самоуправление
    bool volunteer_association = false;
    bool nonprofit = true;             ///< false for commercial partners and state bodies

    /// The name to print: short name if known, else the full name.
    const std::string& display_name() const { return short_name.empty() ? full_name : short_name; }
    friend bool operator==(const organization&, const organization&) = default;
};

/// An individual applicant (a citizen applying for a grant, a course participant).
/// civica stores no personal data beyond what the user supplies: an opaque id and a place.
struct person {
    person_id id;
    municipality_id municipality;
    std::string display_name;  ///< optional; may be left empty for privacy
    friend bool operator==(const person&, const person&) = default;
};

/// A code of `organization::spheres` and what it covers.
struct sphere_info {
    std::string_view code;         ///< "culture"
    std::string_view description;  ///< "culture and arts"
};
/// Every sphere code an organisation may have, in the order of docs/dataset-format.md: the
/// fields of socially significant work (the Presidential Grants Fund's directions and the
/// spheres the source document names, DOMAIN.md sections 1 and 2), then the kinds of support
/// given by the support infrastructure (a resource centre's spheres are the support it gives).
const std::vector<sphere_info>& sphere_codes();
/// True when `code` is one of sphere_codes().
bool is_sphere_code(std::string_view code);
/// Empty when `code` is a sphere code; else why not, with the closest code when one is close
/// (`"culure" is not a sphere code; did you mean "culture"? (the codes: social, …))`.
std::string sphere_problem(std::string_view code);

/// The name of an ОКОПФ code among the non-profit forms of DOMAIN.md section 4,
/// e.g. 71400 -> "автономная некоммерческая организация"; empty for an unknown code.
std::string_view okopf_name(int code, bool english = false);

}  // namespace civica
