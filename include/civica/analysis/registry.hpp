#pragma once
/// \file
/// The NGO registry of a territory: non-profit organisations by legal form, sphere and
/// municipality, registrations per year, and the socially oriented share.
///
///     auto r = civica::analysis::ngo_registry(ds, 2020);
///     r.organizations;         // more than 300 in Khanty-Mansiysk
///     r.public_associations;   // 50

#include "civica/analysis/series.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civica {
class dataset;
struct organization;
}

namespace civica::analysis {

/// A count with its key and printable label.
struct count_row {
    std::string key;
    std::string label;
    std::int64_t count = 0;
    friend bool operator==(const count_row&, const count_row&) = default;
};

/// True when `o` is one of the NGOs of `territory` on 31 December of `year`: a non-profit
/// (`nonprofit`), of that municipality (any when `territory` is any_territory), registered by
/// the end of the year or with an unknown registration date.
bool in_ngo_registry(const organization& o, int year, std::string_view territory);

struct registry_summary {
    int year = 0;
    std::string territory;
    std::int64_t organizations = 0;          ///< NGOs of the territory at the end of the year
    std::int64_t unknown_registration = 0;   ///< of them, with no registration date
    std::int64_t socially_oriented = 0;
    std::int64_t public_associations = 0;
    std::int64_t tos = 0;
    std::int64_t volunteer_associations = 0;
    double socially_oriented_share = 0;      ///< socially_oriented / organizations (NaN when none)
    std::vector<count_row> by_legal_form;    ///< key: ОКОПФ code ("0" unknown); largest first
    std::vector<count_row> by_sphere;        ///< an organisation counts in each of its spheres
    /// The spheres of the public associations alone, counted the same way (most common first,
    /// ties by code): the spheres of their socially significant work.
    std::vector<count_row> public_association_spheres;
    std::vector<count_row> by_municipality;  ///< key: municipality id
    /// Registrations per year up to `year` (organisations of the registry with a date).
    std::vector<std::pair<int, std::int64_t>> registrations_by_year;
};

/// The NGO registry of `territory` (see territory_of: empty is the dataset's own territory,
/// every municipality when the dataset has none; any_territory: every municipality) at the
/// end of `year`. An organisation without a municipality (a regional partner, a federal
/// operator) is in no territory's registry.
registry_summary ngo_registry(const dataset& ds, int year, std::string_view territory = {});

}  // namespace civica::analysis
