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

std::string_view to_string(rank_method m) { return enum_name(method_names, static_cast<std::size_t>(m), "rank method"); }

rank_method parse_rank_method(std::string_view s) {
    for (std::size_t i = 0; i < method_names.size(); ++i)
        if (method_names[i] == s) return static_cast<rank_method>(i);
    const std::string close = closest_name(s, method_names);
    throw validation_error("\"" + std::string(s) + "\" is not a rank method (one of: min, dense, max, average, ordinal)" +
                           (close.empty() ? std::string() : "; did you mean \"" + close + "\"?"));
}

std::vector<double> rank(std::span<const double> values, rank_method method, bool descending) {
    (void)to_string(method);  // a method cast from a bad integer is refused, not ranked all 0
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
    // The rows holding the best value, whatever number the rank method gives a tie ("max"
    // ranks two leaders 2, "ordinal" only the first of them 1). Rows are sorted by rank, ranked
    // rows first, so the first ranked row holds the best value.
    std::vector<const ranking_row*> out;
    bool any = false;  // a value other than 0: with none (nothing passed the filter) nobody leads
    for (const auto& r : rows) {
        if (std::isnan(r.rank)) continue;
        if (out.empty() || r.value == out.front()->value) out.push_back(&r);
        any = any || r.value != 0;
    }
    if (!any) out.clear();
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

const ranking_row* ranking::find(std::string_view key, std::string_view applicant_kind) const {
    for (const auto& r : rows)
        if (r.key == key && r.applicant_kind == applicant_kind) return &r;
    return nullptr;
}

group_query ranking_query(dimension entity, measure what, const application_filter& filter) {
    auto q = measure_query(what, {entity}, filter);
    if (entity == dimension::applicant) q.extras |= extra::applicant_labels;
    return q;
}

ranking rank_by(const dataset& ds, dimension entity, measure what, const application_filter& filter,
                rank_method method, bool per_capita, int population_year, bool descending) {
    (void)to_string(what);  // a measure cast from a bad integer is refused before any work
    if (per_capita && entity != dimension::municipality && entity != dimension::region)
        throw validation_error("rank_by: a per-capita ranking needs municipalities or regions (population is "
                               "theirs), not " + std::string(to_string(entity)));
    if (per_capita && population_year == 0 && filter.years.size() == 1) population_year = filter.years[0];
    return rank_by(aggregate_applications(ds, ranking_query(entity, what, known_filter(ds, filter))), what, method,
                   per_capita, population_year, descending);
}

ranking rank_by(const group_table& t, measure what, rank_method method, bool per_capita, int population_year,
                bool descending) {
    (void)to_string(what);  // refused, not a ranking of NaN
    (void)to_string(method);
    t.check_bounds();
    check_population_year(population_year, "rank_by");
    if (t.by.size() != 1)
        throw validation_error("rank_by: the group table must be grouped by one dimension, not " + std::to_string(t.by.size()));
    const dimension entity = t.by[0];
    if (per_capita && entity != dimension::municipality && entity != dimension::region)
        throw validation_error("rank_by: a per-capita ranking needs municipalities or regions (population is "
                               "theirs), not " + std::string(to_string(entity)));
    if (per_capita && what == measure::success_rate)
        throw validation_error("rank_by: a success rate is already a share; per capita makes no sense");
    ranking out;
    out.entity = entity;
    out.what = what;
    out.per_capita = per_capita;
    out.method = method;
    out.descending = descending;
    std::vector<std::uint8_t> seen(t.values(0), 0);
    for (std::size_t g = 0; g < t.size(); ++g) {
        seen[t.code[0][g]] = 1;
        out.rows.push_back({t.key(0, g), t.label(0, g), measure_value(t, g, what), 0, std::nullopt, 0});
        out.rows.back().qual = measure_qualifier(t, g, what);
        // An applicant's id is an organisation's or a person's: the kind tells two rows of one id apart.
        if (entity == dimension::applicant)
            out.rows.back().applicant_kind = to_string(static_cast<applicant_kind>(t.applicant_kind[t.code[0][g]]));
    }
    std::vector<std::uint32_t> code_of;  // per row
    for (std::size_t g = 0; g < t.size(); ++g) code_of.push_back(t.code[0][g]);
    if (entity == dimension::municipality || entity == dimension::region) {
        // Every municipality (region) takes part, with zero when nothing of it passed the filter.
        for (std::uint32_t c = 0; c < seen.size(); ++c)
            if (!seen[c] && !t.dictionaries[0].keys[c].empty()) {
                double zero = 0;
                if (what == measure::success_rate) zero = nan;
                out.rows.push_back({t.key_of(0, c), t.label_of(0, c), zero, 0, std::nullopt, 0});
                code_of.push_back(c);
            }
    }
    if (per_capita) {
        int year = population_year;
        if (year == 0 && t.size() > 0) {
            int lo = 0, hi = 0;
            for (std::size_t g = 0; g < t.size(); ++g) {
                if (lo == 0 || t.first_year[g] < lo) lo = t.first_year[g];
                hi = std::max(hi, t.last_year[g]);
            }
            if (lo != hi)
                throw validation_error(std::string("rank_by: ") +
                                       (what == measure::requested || what == measure::awarded ? "money" : "a count") +
                                       " per resident over " + std::to_string(lo) + "–" + std::to_string(hi) +
                                       " has no one population to divide by: filter one year (year=" +
                                       std::to_string(hi) + ") or give the population year");
            year = hi;
        }
        for (std::size_t i = 0; i < out.rows.size(); ++i) {
            auto& r = out.rows[i];
            int used = 0;
            const auto pop = year != 0 ? population_in(t, 0, code_of[i], year, &used) : std::nullopt;
            if (pop && *pop > 0) {
                r.population = pop;
                r.population_year = used;
                r.value /= static_cast<double>(*pop);
            } else {
                r.value = nan;
            }
        }
    }
    // Rows in key order before they are ranked: "ordinal" numbers a tie in that order, the
    // order in which a tie is listed by every method (not in the order the groups were met,
    // where a municipality with nothing that passed the filter came after those with some).
    std::stable_sort(out.rows.begin(), out.rows.end(), [](const ranking_row& a, const ranking_row& b) {
        return a.key != b.key ? a.key < b.key : a.applicant_kind < b.applicant_kind;
    });
    // The applications with no value of the dimension (no municipality, no direction) are a
    // row with an empty key: listed with their value, but not an entity that takes a place.
    std::vector<double> values;
    for (const auto& r : out.rows) values.push_back(r.key.empty() ? nan : r.value);
    const auto ranks = rank(values, method, descending);
    for (std::size_t i = 0; i < out.rows.size(); ++i) out.rows[i].rank = ranks[i];
    std::stable_sort(out.rows.begin(), out.rows.end(), [](const ranking_row& a, const ranking_row& b) {
        const bool an = std::isnan(a.rank), bn = std::isnan(b.rank);
        if (an != bn) return bn;
        return !an && a.rank < b.rank;  // a tie, and the unranked rows, stay in key order
    });
    return out;
}

}  // namespace civica::analysis
