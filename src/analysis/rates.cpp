#include "civica/analysis/rates.hpp"

#include "civica/analysis/distributions.hpp"
#include "civica/error.hpp"
#include "civica/text/text.hpp"
#include "civica/model/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace civica::analysis {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The normal quantile of a level, computed once for a whole table.
struct z_cache {
    double z;
    explicit z_cache(double level) : z(normal_quantile((1 + level) / 2)) {}
};

proportion wilson_with_z(std::int64_t successes, std::int64_t trials, double level, double z);

// Throws validation_error naming `what` unless 0 ≤ successes ≤ trials.
void check_counts(std::int64_t successes, std::int64_t trials, const char* what) {
    if (trials < 0 || successes < 0 || successes > trials)
        throw validation_error(std::string(what) + ": " + std::to_string(successes) + " successes out of " +
                               std::to_string(trials) + " trials (need 0 ≤ successes ≤ trials)");
}

}  // namespace

void check_level(double level, const char* what) {
    if (!(level > 0 && level < 1))
        throw validation_error(std::string(what) + ": level " + text::number_in_message(level) + " must be between 0 and 1");
}

proportion wilson_interval(std::int64_t successes, std::int64_t trials, double level) {
    check_level(level, "wilson_interval");
    return wilson_with_z(successes, trials, level, normal_quantile((1 + level) / 2));
}

namespace {
proportion wilson_with_z(std::int64_t successes, std::int64_t trials, double level, double z) {
    check_counts(successes, trials, "wilson_interval");
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
}  // namespace

proportion_difference difference_of_proportions(std::int64_t s1, std::int64_t n1, std::int64_t s2,
                                                std::int64_t n2, double level) {
    check_level(level, "difference_of_proportions");
    check_counts(s1, n1, "difference_of_proportions");
    check_counts(s2, n2, "difference_of_proportions");
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

group_query outcome_query(std::vector<dimension> by, const application_filter& filter) {
    group_query q;
    q.by = std::move(by);
    q.filter = filter;
    q.extras = extra::applicants | extra::winning_applicants | extra::award_values;
    return q;
}

outcome_columns outcome_figures(const group_table& t, double level, int population_year) {
    check_population_year(population_year, "grant_outcomes");
    t.check_bounds();
    check_level(level, "grant_outcomes");
    require_requested_money(t, "grant_outcomes");
    const std::size_t n = t.size();
    outcome_columns o;
    o.level = level;
    for (auto* v : {&o.success_rate, &o.success_lower, &o.success_upper, &o.awarded_share_of_requested,
                    &o.mean_grant_kopecks, &o.median_grant_kopecks, &o.awarded_per_capita_kopecks})
        v->resize(n, nan);
    o.population.assign(n, -1);
    o.population_year.assign(n, 0);
    const auto year_pos = t.position(dimension::year);
    auto place = t.position(dimension::municipality);
    if (!place) place = t.position(dimension::region);
    o.per_capita = place.has_value() || !t.scope.empty();
    const z_cache z(level);
    for (std::size_t g = 0; g < n; ++g) {
        const auto p = wilson_with_z(t.winners(g), t.decided(g), level, z.z);
        o.success_rate[g] = p.estimate;
        o.success_lower[g] = p.lower;
        o.success_upper[g] = p.upper;
        // Over the winners whose award and request are both stated.
        if (t.paired_requested_kopecks[g] > 0)
            o.awarded_share_of_requested[g] = static_cast<double>(t.paired_awarded_kopecks[g]) /
                                              static_cast<double>(t.paired_requested_kopecks[g]);
        if (t.extras & extra::award_values) {
            const auto aw = t.awards(g);
            if (!aw.empty()) {
                o.mean_grant_kopecks[g] = static_cast<double>(t.awarded_kopecks[g]) / static_cast<double>(aw.size());
                o.median_grant_kopecks[g] = t.median_award_kopecks(g);
            }
        }
        if (!o.per_capita) continue;
        int year = population_year;
        if (year == 0) {
            if (year_pos) year = std::stoi(t.key(*year_pos, g));
            else if (t.first_year[g] == t.last_year[g]) year = t.first_year[g];
        }
        if (year == 0) continue;  // several years and no population year: no one divisor
        int used = 0;
        const auto pop = place ? population_in(t, *place, t.code[*place][g], year, &used)
                               : population_in(t.scope_population, year, &used);
        if (pop && *pop > 0) {
            o.population[g] = *pop;
            o.population_year[g] = used;
            o.awarded_per_capita_kopecks[g] = static_cast<double>(t.awarded_kopecks[g]) / static_cast<double>(*pop);
        }
    }
    return o;
}

grant_outcome_table grant_outcomes(const dataset& ds, std::span<const dimension> by,
                                   const application_filter& filter, double level) {
    auto q = outcome_query(std::vector<dimension>(by.begin(), by.end()), known_filter(ds, filter));
    q.extras |= extra::applicant_ids;  // the row view lists the applicants by id
    return grant_outcomes(aggregate_applications(ds, q), level);
}

grant_outcome_table grant_outcomes(const group_table& groups, double level, int population_year) {
    const outcome_columns o = outcome_figures(groups, level, population_year);
    grant_outcome_table t;
    t.by = groups.by;
    t.level = level;
    t.currency = groups.currency;
    auto place = groups.position(dimension::municipality);
    if (!place) place = groups.position(dimension::region);
    auto row = [&](const group_table& tab, const outcome_columns& fig, std::size_t g, bool is_total) {
        grant_outcome r;
        for (std::size_t i = 0; i < tab.by.size(); ++i) {
            r.key.push_back(tab.key(i, g));
            r.label.push_back(tab.label(i, g));
        }
        if (is_total) {
            r.key.assign(t.by.size(), std::string());
            r.label.assign(t.by.size(), std::string());
        }
        r.totals = row_totals(tab, g);
        r.success = proportion{tab.winners(g), tab.decided(g), fig.success_rate[g], fig.success_lower[g],
                               fig.success_upper[g], level};
        if (tab.decided(g) == 0) r.success.lower = 0, r.success.upper = 1;
        r.awarded_share_of_requested = fig.awarded_share_of_requested[g];
        r.mean_grant_kopecks = fig.mean_grant_kopecks[g];
        r.median_grant_kopecks = fig.median_grant_kopecks[g];
        r.municipality = place && !is_total ? tab.key(*place, g) : tab.scope;
        if (fig.population[g] > 0) r.population = fig.population[g];
        r.population_year = fig.population_year[g];
        r.awarded_per_capita_kopecks = fig.awarded_per_capita_kopecks[g];
        return r;
    };
    for (std::size_t g = 0; g < groups.size(); ++g) t.rows.push_back(row(groups, o, g, false));
    const group_table total = groups.total();
    if (total.size() == 1) {
        // The total has no place dimension: per capita only for a filter's single place.
        t.total = row(total, outcome_figures(total, level, population_year), 0, true);
    } else {
        t.total.key.assign(t.by.size(), std::string());
        t.total.label.assign(t.by.size(), std::string());
        t.total.success = wilson_interval(0, 0, level);
        t.total.awarded_share_of_requested = t.total.mean_grant_kopecks = t.total.median_grant_kopecks =
            t.total.awarded_per_capita_kopecks = nan;
    }
    return t;
}

}  // namespace civica::analysis
