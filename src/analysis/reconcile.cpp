#include "civica/analysis/reconcile.hpp"

#include "civica/analysis/indicators.hpp"
#include "civica/model/dataset.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace civica::analysis {
namespace {

std::string fmt(double v) {
    char buf[64];
    if (v == std::floor(v) && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

// The largest power of ten (at most 10^12) that divides a whole amount of roubles: the
// precision a figure like 3 700 000 was published with. 0.01 for amounts with kopecks.
double published_precision(double rub) {
    if (rub == 0 || rub != std::floor(rub)) return 0.01;
    double p = 1;
    while (p < 1e12 && std::fmod(rub, p * 10) == 0) p *= 10;
    return p;
}

}  // namespace

std::string_view to_string(verdict v) {
    constexpr std::array<std::string_view, 4> names{"agrees", "consistent_with_bound", "contradicts", "not_computable"};
    return names.at(static_cast<std::size_t>(v));
}

std::size_t reconciliation::count(verdict v) const {
    std::size_t n = 0;
    for (const auto& i : items) n += i.result == v;
    return n;
}

verdict judge(double published, qualifier q, double computed, std::string_view unit, std::string* rule) {
    std::string r;
    verdict v = verdict::contradicts;
    const std::string c = fmt(computed), p = fmt(published);
    switch (q) {
        case qualifier::exact:
            if (is_currency_code(unit)) {
                const double prec = published_precision(published);
                if (std::fabs(computed - published) < 0.005) {
                    v = verdict::agrees;
                    r = "exact: computed " + c + " = published " + p;
                } else if (prec > 0.01 && std::fabs(std::round(computed / prec) * prec - published) < 0.005) {
                    v = verdict::agrees;
                    r = "exact at the published precision: computed " + c + " rounds to " + p + " (to " +
                        fmt(prec) + " " + std::string(unit) + ")";
                } else {
                    r = "exact: computed " + c + " ≠ published " + p;
                }
            } else {
                v = std::fabs(computed - published) <= 1e-9 * std::max(1.0, std::fabs(published)) ? verdict::agrees
                                                                                                  : verdict::contradicts;
                r = std::string("exact: computed ") + c + (v == verdict::agrees ? " = " : " ≠ ") + "published " + p;
            }
            break;
        case qualifier::more_than:
            v = computed > published ? verdict::consistent_with_bound : verdict::contradicts;
            r = std::string("more_than: computed ") + c + (computed > published ? " > " : " is not > ") + "published " + p;
            break;
        case qualifier::at_least:
            v = computed >= published ? verdict::consistent_with_bound : verdict::contradicts;
            r = std::string("at_least: computed ") + c + (computed >= published ? " ≥ " : " < ") + "published " + p;
            break;
        case qualifier::about: {
            const bool close = std::fabs(computed - published) <= 0.1 * std::fabs(published);
            v = close ? verdict::consistent_with_bound : verdict::contradicts;
            r = "about: computed " + c + (close ? " is within" : " is not within") + " 10 % of published " + p;
            break;
        }
    }
    if (rule) *rule = std::move(r);
    return v;
}

reconciliation reconcile(const dataset& records, const dataset& published) {
    reconciliation out;
    for (const auto& ind : published.indicators()) {
        reconciliation_item item;
        item.key = ind.key;
        item.year = ind.year;
        item.territory = published.resolve_territory(ind.territory);
        item.breakdown = ind.breakdown;
        item.unit = ind.unit;
        item.published = ind.value;
        item.published_qualifier = ind.qual;
        const auto c = compute_indicator(records, ind.key, ind.year, item.territory, ind.breakdown);
        if (!c) {
            item.result = verdict::not_computable;
            item.rule = "the records do not allow computing this figure";
        } else if (!ind.unit.empty() && ind.unit != c->unit) {
            item.result = verdict::not_computable;
            item.rule = "the figure is in " + ind.unit + ", the computation gives " + c->unit;
            item.basis = c->basis;
        } else {
            item.computed = c->value;
            item.basis = c->basis;
            item.result = judge(ind.value, ind.qual, c->value, c->unit, &item.rule);
        }
        out.items.push_back(std::move(item));
    }
    return out;
}

}  // namespace civica::analysis
