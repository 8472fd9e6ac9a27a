#include "civica/analysis/rates.hpp"

#include "civica/analysis/distributions.hpp"
#include "civica/error.hpp"
#include "civica/model/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace civica::analysis {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

void check_level(double level, const char* what) {
    if (!(level > 0 && level < 1))
        throw validation_error(std::string(what) + ": level " + std::to_string(level) + " must be between 0 and 1");
}
}  // namespace

proportion wilson_interval(std::int64_t successes, std::int64_t trials, double level) {
    check_level(level, "wilson_interval");
    if (trials < 0 || successes < 0 || successes > trials)
        throw validation_error("wilson_interval: " + std::to_string(successes) + " successes out of " +
                               std::to_string(trials) + " trials (need 0 ≤ successes ≤ trials)");
    proportion p;
    p.successes = successes;
    p.trials = trials;
    p.level = level;
    if (trials == 0) {
        p.estimate = nan;
        return p;
    }
    const double n = static_cast<double>(trials);
    const double ph = static_cast<double>(successes) / n;
    const double z = normal_quantile((1 + level) / 2);
    const double z2 = z * z;
    const double denom = 1 + z2 / n;
    const double centre = (ph + z2 / (2 * n)) / denom;
    const double half = z * std::sqrt(ph * (1 - ph) / n + z2 / (4 * n * n)) / denom;
    p.estimate = ph;
    // With no successes (or no failures) the bound is exactly 0 (1); rounding must not move it.
    p.lower = successes == 0 ? 0.0 : std::max(0.0, centre - half);
    p.upper = successes == trials ? 1.0 : std::min(1.0, centre + half);
    return p;
}

proportion_difference difference_of_proportions(std::int64_t s1, std::int64_t n1, std::int64_t s2,
                                                std::int64_t n2, double level) {
    proportion_difference d;
    d.first = wilson_interval(s1, n1, level);
    d.second = wilson_interval(s2, n2, level);
    d.level = level;
    if (n1 == 0 || n2 == 0) {
        d.estimate = nan;
        return d;
    }
    const auto& a = d.first;
    const auto& b = d.second;
    d.estimate = a.estimate - b.estimate;
    d.lower = d.estimate - std::hypot(a.estimate - a.lower, b.upper - b.estimate);
    d.upper = d.estimate + std::hypot(a.upper - a.estimate, b.estimate - b.lower);
    return d;
}

grant_outcome_table grant_outcomes(const dataset& ds, std::span<const dimension> by,
                                   const application_filter& filter, double level) {
    return grant_outcomes(ds, group_applications(ds, by, filter), filter, level);
}

grant_outcome_table grant_outcomes(const dataset& ds, const application_groups& groups,
                                   const application_filter& filter, double level) {
    check_level(level, "grant_outcomes");
    grant_outcome_table t;
    t.by = groups.dimensions();
    t.level = level;
    const auto& by = t.by;
    const auto muni_pos = std::find(by.begin(), by.end(), dimension::municipality) - by.begin();
    const auto year_pos = std::find(by.begin(), by.end(), dimension::year) - by.begin();
    const bool by_muni = muni_pos < static_cast<std::ptrdiff_t>(by.size());
    const bool by_year = year_pos < static_cast<std::ptrdiff_t>(by.size());
    const std::string single_muni = filter.municipalities.size() == 1 ? filter.municipalities[0] : std::string();

    auto make = [&](std::vector<std::string> key, std::vector<std::string> label, const application_totals& tot,
                    bool is_total) {
        grant_outcome o;
        o.key = std::move(key);
        o.label = std::move(label);
        o.totals = tot;
        o.success = wilson_interval(tot.winners(), tot.decided(), level);
        o.requested_rub = static_cast<double>(tot.requested_kopecks) / 100.0;
        o.awarded_rub = static_cast<double>(tot.awarded_kopecks) / 100.0;
        o.awarded_share_of_requested = tot.winners_requested_kopecks > 0
                                           ? static_cast<double>(tot.awarded_kopecks) /
                                                 static_cast<double>(tot.winners_requested_kopecks)
                                           : nan;
        o.mean_grant_rub = tot.mean_award_kopecks() / 100.0;
        o.median_grant_rub = tot.median_award_kopecks() / 100.0;
        o.awarded_per_capita_rub = nan;
        o.municipality = by_muni && !is_total ? o.key[static_cast<std::size_t>(muni_pos)] : single_muni;
        const int year = by_year && !is_total ? std::stoi(o.key[static_cast<std::size_t>(year_pos)]) : tot.last_year;
        if (!o.municipality.empty() && year != 0) {
            const row_index r = ds.municipalities().find(o.municipality);
            if (r != no_row) {
                int used = 0;
                o.population = ds.municipalities()[static_cast<std::size_t>(r)].population_in(year, &used);
                if (o.population && *o.population > 0) {
                    o.population_year = used;
                    o.awarded_per_capita_rub = o.awarded_rub / static_cast<double>(*o.population);
                } else {
                    o.population.reset();
                }
            }
        }
        return o;
    };
    for (const auto& g : groups.groups()) t.rows.push_back(make(g.key, g.label, g.totals, false));
    t.total = make(std::vector<std::string>(by.size()), std::vector<std::string>(by.size()), groups.total(), true);
    return t;
}

}  // namespace civica::analysis
