// The national grant panel (analysis/panel.hpp) as a finishing step over the engine: one
// aggregate_applications by year × region × direction with each recipient's money, rolled up
// into the six parts. Every division, ranking and floating-point sum is done here, once,
// over values put in a fixed order, so merged tables give the same panel to the last bit.
#include "civica/analysis/panel.hpp"

#include "civica/analysis/concentration.hpp"
#include "civica/analysis/ranking.hpp"
#include "civica/analysis/series.hpp"
#include "civica/analysis/trend.hpp"
#include "civica/error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace civica::analysis {

group_query pgf_panel_query(bool mergeable) {
    group_query q;
    q.by = {dimension::year, dimension::region, dimension::direction};
    q.extras = extra::recipients | extra::awarded_money_only | (mergeable ? extra::applicant_ids | extra::applicant_labels : 0u);
    return q;
}

group_table compute_pgf_partial(const dataset& ds) { return aggregate_applications(ds, pgf_panel_query(true)); }

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// read_pgf_csv names an organisation "inn-<INN>".
std::string inn_of_id(const std::string& id) { return id.rfind("inn-", 0) == 0 ? id.substr(4) : id; }

// The panel of `t`, whose recipients' INN and name are inn(code) and name(code).
// `t` is by year, region and direction; `per_region` by region with each recipient's money
// (the rollup of a table of pgf_panel_query, or a query of its own).
template <class Inn, class Name>
pgf_panel finish(const group_table& t, const group_table& per_region,
                 const std::map<std::string, std::int64_t, std::less<>>& population, const Inn& inn, const Name& name) {
    pgf_panel p;
    if (t.empty()) return p;
    const auto& years = t.dictionaries[0].keys;
    const auto& regions = t.dictionaries[1].keys;
    const int first_year = std::stoi(years.front()), last_year = std::stoi(years.back());
    const auto ny = static_cast<std::size_t>(last_year - first_year + 1);
    const std::size_t nreg = regions.size();

    // (1) year × region (applicants with a region), and the winners and last-year money per
    // region for (5) and (6)
    const std::array<dimension, 2> yr{dimension::year, dimension::region};
    const group_table by_region = t.rollup(yr, 0);
    std::vector<std::int64_t> wins(ny * nreg), awarded_last(nreg);
    for (std::size_t g = 0; g < by_region.size(); ++g) {
        const auto r = by_region.code[1][g];
        if (regions[r].empty()) continue;
        const int year = std::stoi(years[by_region.code[0][g]]);
        p.by_region_year.push_back(year);
        p.by_region_region.push_back(regions[r]);
        p.by_region_applications.push_back(by_region.applications[g]);
        p.by_region_winners.push_back(by_region.winners(g));
        const auto d = by_region.decided(g);
        p.by_region_success_rate.push_back(d ? static_cast<double>(by_region.winners(g)) / static_cast<double>(d) : nan);
        wins[static_cast<std::size_t>(year - first_year) * nreg + r] = by_region.winners(g);
        if (year == last_year) awarded_last[r] = by_region.awarded_kopecks[g];
    }
    // (2) year × direction
    const std::array<dimension, 2> yd{dimension::year, dimension::direction};
    const group_table by_direction = t.rollup(yd, 0);
    for (std::size_t g = 0; g < by_direction.size(); ++g) {
        p.by_direction_year.push_back(std::stoi(years[by_direction.code[0][g]]));
        p.by_direction_direction.push_back(t.dictionaries[2].keys[by_direction.code[1][g]]);
        p.by_direction_awarded.push_back(by_direction.awarded_kopecks[g]);
    }
    // (3) the 10 recipients with the most money (ties: smaller INN first)
    {
        const auto sum = recipient_sums(per_region);
        std::vector<std::uint32_t> cand;
        for (std::uint32_t c = 0; c < sum.size(); ++c)
            if (sum[c] > 0) cand.push_back(c);
        const std::size_t k = std::min<std::size_t>(10, cand.size());
        // Ties (rare) compare INNs: only then are strings made.
        std::partial_sort(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(k), cand.end(), [&](auto a, auto b) {
            if (sum[a] != sum[b]) return sum[a] > sum[b];
            return inn(a) < inn(b);
        });
        for (std::size_t i = 0; i < k; ++i) {
            p.top_inn.push_back(inn(cand[i]));
            p.top_name.push_back(name(cand[i]));
            p.top_awarded.push_back(sum[cand[i]]);
        }
    }
    // (4) concentration per region through hhi and gini (concentration_figures: amounts
    // sorted before any sum)
    {
        const auto c = concentration_figures(per_region, {});
        const auto& region_keys = per_region.dictionaries[0].keys;
        for (std::size_t g = 0; g < per_region.size(); ++g) {
            const auto& region = region_keys[per_region.code[0][g]];
            if (region.empty() || c.recipients[g] == 0) continue;
            p.concentration_region.push_back(region);
            p.concentration_recipients.push_back(c.recipients[g]);
            p.concentration_hhi.push_back(c.hhi[g]);
            p.concentration_gini.push_back(c.gini[g]);
        }
    }
    // (5) trends of winners per region, through cagr and fit_trend
    {
        std::vector<double> ys(ny), values(ny);
        for (std::size_t y = 0; y < ny; ++y) ys[y] = first_year + static_cast<double>(y);
        for (std::size_t r = 0; r < nreg; ++r) {
            if (regions[r].empty()) continue;
            for (std::size_t y = 0; y < ny; ++y) values[y] = static_cast<double>(wins[y * nreg + r]);
            p.trend_region.push_back(regions[r]);
            p.trend_cagr.push_back(ny > 1 && values.front() > 0
                                       ? cagr(values.front(), values.back(), static_cast<double>(ny - 1))
                                       : nan);
            p.trend_slope.push_back(ny > 1 ? fit_trend(ys, values).slope() : nan);
        }
    }
    // (6) awarded per resident in the last year, ranked through rank. Given figures, every
    // region of the data needs one: a misspelt name would otherwise drop its region from the
    // ranking unseen. Regions the data does not have are let be (a national table of residents
    // serves a file of some regions).
    p.per_capita_year = last_year;
    for (const auto& [name, residents] : population)
        if (residents <= 0)
            throw validation_error("ФПГ panel: population of \"" + name + "\" is " + std::to_string(residents) +
                                   "; a region's residents are a positive count");
    if (!population.empty()) {
        std::vector<std::string_view> unmatched;
        for (const auto& [name, residents] : population)
            if (std::find(regions.begin(), regions.end(), name) == regions.end()) unmatched.push_back(name);
        for (const auto& r : regions) {
            if (r.empty() || population.find(r) != population.end()) continue;
            const std::string close = closest_name(r, unmatched);
            throw validation_error("ФПГ panel: population has no figure for the region \"" + r +
                                   "\" of the data" +
                                   (close.empty() ? std::string() : "; it names \"" + close + "\" instead") +
                                   "; give every region's residents, or none for a panel without per-capita money");
        }
    }
    for (std::size_t r = 0; r < nreg; ++r) {
        if (regions[r].empty()) continue;
        auto it = population.find(regions[r]);
        if (it == population.end()) continue;
        p.per_capita_region.push_back(regions[r]);
        p.per_capita_rub.push_back(static_cast<double>(awarded_last[r]) / 100.0 / static_cast<double>(it->second));
    }
    p.per_capita_rank = rank(p.per_capita_rub, rank_method::min, true);
    return p;
}

}  // namespace

namespace {
void check_panel_table(const group_table& t) {
    const std::vector<dimension> expected{dimension::year, dimension::region, dimension::direction};
    if (t.by != expected || !(t.extras & extra::recipients))
        throw validation_error("ФПГ panel: the group table must be by year, region and direction with the recipients "
                               "(civica::analysis::pgf_panel_query)");
}
}  // namespace

pgf_panel finish_pgf_panel(const group_table& t, const std::map<std::string, std::int64_t, std::less<>>& population) {
    check_panel_table(t);
    t.check();
    if (!(t.extras & extra::applicant_ids) || !(t.extras & extra::applicant_labels))
        throw validation_error("ФПГ panel: the group table has no recipients' ids and names (pgf_panel_query(true))");
    const std::array<dimension, 1> reg{dimension::region};
    return finish(
        t, t.rollup(reg, extra::recipients), population, [&](std::uint32_t c) { return inn_of_id(t.applicant_id[c]); },
        [&](std::uint32_t c) -> const std::string& { return t.applicant_label[c]; });
}

pgf_panel compute_pgf_panel(const dataset& ds, const std::map<std::string, std::int64_t, std::less<>>& population) {
    // One pass of the engine: the cells, and the recipients by region with their money summed
    // per applicant in the same pass; without the ids and names of every recipient: the ten
    // printed are looked up in ds.
    group_query cells = pgf_panel_query(false);
    cells.extras = extra::awarded_money_only;
    const auto both = aggregate_with_recipients(ds, cells, {dimension::region});
    const group_table& t = both.groups;
    const group_table& per_region = both.recipients;
    const auto& orgs = ds.organizations();
    const std::size_t norg = orgs.size();
    auto inn = [&](std::uint32_t c) -> std::string {
        const auto a = per_region.applicant_row[c];
        if (a < norg) return orgs[a].inn.empty() ? inn_of_id(orgs[a].id.str()) : orgs[a].inn;
        return ds.persons()[a - norg].id.str();
    };
    auto name = [&](std::uint32_t c) -> std::string {
        const auto a = per_region.applicant_row[c];
        if (a < norg) return orgs[a].display_name();
        const auto& p = ds.persons()[a - norg];
        return p.display_name.empty() ? p.id.str() : p.display_name;
    };
    return finish(t, per_region, population, inn, name);
}

}  // namespace civica::analysis
