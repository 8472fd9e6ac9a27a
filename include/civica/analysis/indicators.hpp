#pragma once
/// \file
/// One definition of every statistic. Each indicator key of DOMAIN.md section 1 and each
/// figure the annual report states is computed from a dataset's records here, and only here:
/// the report, the reconciliation and Python all ask compute_indicator().
///
///     auto f = civica::analysis::compute_indicator(ds, "councils.meetings", 2020);
///     f->value;   // meetings held in 2020 by the collegial public bodies of the territory
///     f->table;   // "meetings", and f->rows of it were counted
///
///     for (const auto& d : civica::analysis::indicator_definitions())
///         std::cout << d.key << ": " << d.counted << "\n";
///
/// Design notes: the questions the source document leaves open are decided once (DOMAIN.md
/// section 1, docs/analysis.md "Definitions"):
/// - collegial public bodies are the public councils and the public chambers: the document's
///   14 are its 13 councils and the Public Chamber (rows 1–3). Bodies of kind `other` are not
///   counted, and neither are their meetings and questions: the 59 meetings are "held by those
///   bodies" (row 4);
/// - a body without a municipality belongs to the dataset's own territory (a collegial public
///   body is attached to a local self-government); an organisation or person without one
///   belongs to none (regional partners, federal operators);
/// - a membership term without a start date renews no year's membership;
/// - an omitted territory is the dataset's own, and a municipality's name means its id
///   (dataset::resolve_territory), for published and computed figures alike;
/// - a figure is computed only when the records it needs exist for the year: an empty table
///   means "not recorded", not zero.

#include "civica/core/money.hpp"
#include "civica/model/grant.hpp"

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace civica {
class dataset;
}

namespace civica::analysis {

/// The territory an analysis counts: `territory` resolved by dataset::resolve_territory
/// (empty means the dataset's own territory, a municipality's name its id), and
/// any_territory when that is empty too (a dataset without a territory: everything counts).
/// A territory the dataset does not know is a not_found_error (dataset::require_territory):
/// the analyses that take a territory do not count a misspelt one as zero.
std::string territory_of(const dataset& ds, std::string_view territory);

/// How a figure is defined.
struct indicator_definition {
    std::string_view key;
    std::string_view unit;     ///< "count", "RUB", "rank", "percent" (a fraction, 0.3 = 30 %)
    std::string_view counted;  ///< what is counted, over which records, for which territory and year
    std::string_view computable;  ///< when the records allow it (else no value, not zero)
    /// The programmes a grant figure covers; empty for other figures.
    std::vector<programme_kind> programme_kinds;
    /// A key of the published-figure vocabulary (known_indicator_keys); else a figure only the
    /// report states.
    bool published = false;
};
/// Every definition: the vocabulary keys first, in its order, then the report's own figures.
const std::vector<indicator_definition>& indicator_definitions();
/// The definition of `key`, or nullptr.
const indicator_definition* find_definition(std::string_view key);
/// The definition of `key`; validation_error naming the keys (and the closest) when there is none.
const indicator_definition& require_definition(std::string_view key);

/// A value computed from records, with how it was computed.
struct computed_figure {
    /// The value; a sum of money in whole units of its currency (kopecks / 100), as close as a
    /// double holds it: `amount` is the exact sum.
    double value = 0;
    std::string unit;                     ///< "count", "RUB", "rank", "percent"
    std::string basis;                    ///< in words: what was counted
    std::string table;                    ///< the table counted ("meetings", "applications", …)
    std::size_t rows = 0;                 ///< how many of its rows the value counts
    std::vector<std::string> programmes;  ///< ids of the dataset's programmes a grant figure covers
    /// A sum of money (the unit a currency code): exact, in minor units; nullopt for the rest.
    std::optional<money> amount;
};

/// Computes `key` for `year`, `territory` (see territory_of) and `breakdown` from the records
/// of `ds`, or nullopt when the records do not allow it (an unknown key, a territory the
/// records do not know, or no records of the needed kind for that year).
std::optional<computed_figure> compute_indicator(const dataset& ds, std::string_view key, int year,
                                                 std::string_view territory = {},
                                                 std::string_view breakdown = {});

/// The ids of the dataset's programmes of the given kinds, in table order.
std::vector<std::string> programmes_of(const dataset& ds, std::span<const programme_kind> kinds);
/// The distinct years of the competitions of programmes of the given kinds, sorted.
std::vector<int> competition_years(const dataset& ds, std::span<const programme_kind> kinds);

}  // namespace civica::analysis
