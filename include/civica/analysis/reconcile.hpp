#pragma once
/// \file
/// Reconciliation: compute each published figure (indicator key of DOMAIN.md section 1) from
/// the records and say whether the two agree, whether the computed value is consistent with a
/// published bound ("более 300"), or whether they contradict each other.
///
///     auto r = civica::analysis::reconcile(records, published);   // two datasets, or one
///     for (const auto& item : r.items)
///         std::cout << item.key << " " << to_string(item.result) << "\n";
///
/// Each key is computed by compute_indicator (civica/analysis/indicators.hpp), the one
/// definition of every figure, which the report uses too.
///
/// A key is "not computable" when the records for it are absent (no meetings, enrolments,
/// organisations or applications of the kind for that year), so a dataset of published figures
/// alone is not declared wrong for having no records.

#include "civica/analysis/indicators.hpp"
#include "civica/model/indicator.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civica {
class dataset;
}

namespace civica::analysis {

enum class verdict : std::uint8_t {
    agrees,                 ///< an exact figure equals the computed value
    consistent_with_bound,  ///< a bound (more_than, at_least) or approximate figure fits the computed value
    contradicts,            ///< the computed value breaks the published figure
    not_computable,         ///< the records do not allow computing this key
};
std::string_view to_string(verdict v);

/// One published figure against the records.
struct reconciliation_item {
    std::string key;
    int year = 0;
    std::string territory;
    std::string breakdown;
    std::string unit;
    double published = 0;
    qualifier published_qualifier = qualifier::exact;
    std::optional<double> computed;
    verdict result = verdict::not_computable;
    std::string rule;   ///< the test applied, e.g. "more_than: computed 312 > published 300"
    std::string basis;  ///< how the computed value was obtained
};

struct reconciliation {
    std::vector<reconciliation_item> items;

    std::size_t count(verdict v) const;
    /// True when no published figure is contradicted.
    bool consistent() const { return count(verdict::contradicts) == 0; }
};

/// Checks every published figure of `published`, each for its own territory (resolved by
/// `published.resolve_territory`: a figure without one is about the territory of `published`),
/// against the records of `records`. The two may be the same dataset.
reconciliation reconcile(const dataset& records, const dataset& published);
inline reconciliation reconcile(const dataset& ds) { return reconcile(ds, ds); }

/// The verdict for one figure: `exact` needs equality (counts and ranks exactly, money to the
/// kopeck or at the precision the figure was published with: 3 700 000 RUB agrees with any
/// amount that rounds to it at 100 000); `more_than` needs computed > published; `at_least`
/// computed ≥ published; `about` computed within 10 % of published.
verdict judge(double published, qualifier q, double computed, std::string_view unit, std::string* rule = nullptr);

}  // namespace civica::analysis
