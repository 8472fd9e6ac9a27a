#include "civica/analysis/ranking.hpp"

#include "civica/error.hpp"
#include "civica/model/dataset.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace civica::analysis {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::array<std::string_view, 5> method_names{"min", "dense", "max", "average", "ordinal"};
}  // namespace

std::string_view to_string(rank_method m) { return method_names.at(static_cast<std::size_t>(m)); }

rank_method parse_rank_method(std::string_view s) {
    for (std::size_t i = 0; i < method_names.size(); ++i)
        if (method_names[i] == s) return static_cast<rank_method>(i);
    throw parse_error("\"" + std::string(s) + "\" is not a rank method (one of: min, dense, max, average, ordinal)");
}

std::vector<double> rank(std::span<const double> values, rank_method method, bool descending) {
    const std::size_t n = values.size();
    std::vector<double> out(n, nan);
    std::vector<std::size_t> order;
    order.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isnan(values[i])) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return descending ? values[a] > values[b] : values[a] < values[b];
    });
    std::size_t dense = 0;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
        ++dense;
        // places i+1 … j (1-based) are shared by the tie
        for (std::size_t k = i; k < j; ++k) {
            double r = 0;
            switch (method) {
                case rank_method::min: r = static_cast<double>(i + 1); break;
                case rank_method::max: r = static_cast<double>(j); break;
                case rank_method::dense: r = static_cast<double>(dense); break;
                case rank_method::average: r = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0; break;
                case rank_method::ordinal: r = static_cast<double>(k + 1); break;
            }
            out[order[k]] = r;
        }
        i = j;
    }
    return out;
}

std::vector<const ranking_row*> ranking::leaders() const {
    std::vector<const ranking_row*> out;
    for (const auto& r : rows)
        if (r.rank == 1.0) out.push_back(&r);
    return out;
}

double ranking::margin() const {
    std::vector<double> ranked;
    for (const auto& r : rows)
        if (!std::isnan(r.rank)) ranked.push_back(r.value);
    if (ranked.size() < 2) return nan;
    // Rows are sorted by rank (unranked last): the second row is the runner-up, or a co-leader.
    return std::fabs(ranked[0] - ranked[1]);
}

const ranking_row* ranking::find(std::string_view key) const {
    for (const auto& r : rows)
        if (r.key == key) return &r;
    return nullptr;
}

ranking rank_by(const dataset& ds, dimension entity, measure what, const application_filter& filter,
                rank_method method, bool per_capita) {
    if (per_capita && entity != dimension::municipality)
        throw validation_error("rank_by: a per-capita ranking needs municipalities (population is a "
                               "municipality's), not " + std::string(to_string(entity)));
    if (per_capita && what == measure::success_rate)
        throw validation_error("rank_by: a success rate is already a share; per capita makes no sense");
    const auto groups = group_applications(ds, {entity}, filter);
    ranking out;
    out.entity = entity;
    out.what = what;
    out.per_capita = per_capita;
    out.method = method;
    for (const auto& g : groups.groups())
        out.rows.push_back({g.key[0], g.label[0], measure_value(g.totals, what), 0, std::nullopt, 0});
    if (entity == dimension::municipality) {
        // Every municipality takes part, with zero when nothing of it passed the filter.
        for (const auto& m : ds.municipalities())
            if (groups.find({m.id.str()}) == nullptr)
                out.rows.push_back({m.id.str(), m.name.empty() ? m.id.str() : m.name,
                                    measure_value(application_totals{}, what), 0, std::nullopt, 0});
    }
    if (per_capita) {
        int year = filter.years.size() == 1 ? filter.years[0] : 0;
        if (year == 0)
            for (const auto& g : groups.groups()) year = std::max(year, g.totals.last_year);
        for (auto& r : out.rows) {
            const row_index m = ds.municipalities().find(r.key);
            std::optional<std::int64_t> pop;
            int used = 0;
            if (m != no_row && year != 0) pop = ds.municipalities()[static_cast<std::size_t>(m)].population_in(year, &used);
            if (pop && *pop > 0) {
                r.population = pop;
                r.population_year = used;
                r.value /= static_cast<double>(*pop);
            } else {
                r.value = nan;
            }
        }
    }
    std::vector<double> values;
    for (const auto& r : out.rows) values.push_back(r.value);
    const auto ranks = rank(values, method);
    for (std::size_t i = 0; i < out.rows.size(); ++i) out.rows[i].rank = ranks[i];
    std::stable_sort(out.rows.begin(), out.rows.end(), [](const ranking_row& a, const ranking_row& b) {
        const bool an = std::isnan(a.rank), bn = std::isnan(b.rank);
        if (an != bn) return bn;
        if (!an && a.rank != b.rank) return a.rank < b.rank;
        return a.key < b.key;
    });
    return out;
}

}  // namespace civica::analysis
