#include "civica/analysis/reconcile.hpp"

#include "civica/analysis/aggregate.hpp"
#include "civica/analysis/councils.hpp"
#include "civica/analysis/ranking.hpp"
#include "civica/analysis/registry.hpp"
#include "civica/analysis/training.hpp"
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

std::optional<computed_figure> figure(double v, std::string unit, std::string basis) {
    return computed_figure{v, std::move(unit), std::move(basis)};
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
            if (unit == "RUB") {
                const double prec = published_precision(published);
                if (std::fabs(computed - published) < 0.005) {
                    v = verdict::agrees;
                    r = "exact: computed " + c + " = published " + p;
                } else if (prec > 0.01 && std::fabs(std::round(computed / prec) * prec - published) < 0.005) {
                    v = verdict::agrees;
                    r = "exact at the published precision: computed " + c + " rounds to " + p + " (to " +
                        fmt(prec) + " RUB)";
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

std::optional<computed_figure> compute_indicator(const dataset& ds, std::string_view key, int year,
                                                 std::string_view territory, std::string_view breakdown) {
    std::string t(territory.empty() ? std::string_view(ds.info().territory) : territory);
    if (t.empty()) t = any_territory;
    // A territory the records know nothing about cannot be counted (rather than counted as 0).
    if (t != any_territory && t != ds.info().territory && ds.municipalities().find(t) == no_row)
        return std::nullopt;
    const std::string where = t == any_territory ? "every municipality" : t;
    const std::string in = " in " + std::to_string(year);

    if (key.starts_with("councils.")) {
        if (!breakdown.empty()) return std::nullopt;
        const auto a = council_activity(ds, year, t);
        if (a.meetings == 0) return std::nullopt;  // no record of council activity that year
        const std::string of = " of " + where;
        if (key == "councils.public_councils")
            return figure(static_cast<double>(a.public_councils), "count", "public councils" + of + " (bodies of kind public_council)");
        if (key == "councils.collegial_bodies")
            return figure(static_cast<double>(a.collegial_bodies), "count", "public councils and public chambers" + of);
        if (key == "councils.meetings")
            return figure(static_cast<double>(a.meetings), "count", "meetings held" + in + " by the bodies" + of);
        if (key == "councils.agenda_questions") {
            if (ds.agenda_questions().size() == 0) return std::nullopt;
            return figure(static_cast<double>(a.agenda_questions), "count",
                          "agenda questions of the meetings held" + in + " by the bodies" + of);
        }
        return std::nullopt;
    }
    if (key.starts_with("training.")) {
        const auto tr = training_activity(ds, year, t);
        std::int64_t enrolments = 0;
        for (const auto& c : tr.courses) enrolments += c.enrolments;
        if (tr.courses.empty() || enrolments == 0) return std::nullopt;
        if (key == "training.courses" && breakdown.empty())
            return figure(static_cast<double>(tr.courses.size()), "count", "courses starting" + in);
        if (key == "training.ngos_trained" && breakdown.empty())
            return figure(static_cast<double>(tr.ngos_trained), "count",
                          "distinct organisations with a completed enrolment in a course of " + std::to_string(year));
        if (key == "training.participants") {
            if (breakdown.empty())
                return figure(static_cast<double>(tr.participants), "count", "participants of the courses of " + std::to_string(year));
            std::int64_t n = 0;
            bool found = false;
            for (const auto& c : tr.courses)
                if (c.title == breakdown) {
                    n += c.participants;
                    found = true;
                }
            if (!found) return std::nullopt;
            return figure(static_cast<double>(n), "count",
                          "participants enrolled in the course \"" + std::string(breakdown) + "\" of " + std::to_string(year));
        }
        return std::nullopt;
    }
    if (key.starts_with("ngo.")) {
        if (!breakdown.empty()) return std::nullopt;
        const auto r = ngo_registry(ds, year, t);
        if (r.organizations == 0) return std::nullopt;
        const std::string of = " non-profit organisations of " + where + " registered by the end of " + std::to_string(year);
        if (key == "ngo.registered") return figure(static_cast<double>(r.organizations), "count", "all" + of);
        if (key == "ngo.public_associations")
            return figure(static_cast<double>(r.public_associations), "count", "public associations among the" + of);
        return std::nullopt;
    }
    if (key.starts_with("grants.")) {
        if (!breakdown.empty()) return std::nullopt;
        const bool individual = key.starts_with("grants.individual.");
        application_filter f;
        f.years = {year};
        if (individual) f.programme_kinds = {programme_kind::governor_individual};
        else f.programme_kinds = {programme_kind::presidential_grants, programme_kind::governor_ngo};
        // Computable only when the records hold applications of these programmes that year.
        if (group_applications(ds, std::vector<dimension>{}, f).total().applications == 0) return std::nullopt;
        const std::string programmes = individual ? "the governor_individual competitions of " + std::to_string(year)
                                                  : "the presidential_grants and governor_ngo competitions of " +
                                                        std::to_string(year);
        if (key == "grants.individual.rank_among_municipalities") {
            if (t == any_territory) return std::nullopt;
            const auto r = rank_by(ds, dimension::municipality, measure::winners, f, rank_method::min);
            const ranking_row* row = r.find(t);
            if (row == nullptr || std::isnan(row->rank)) return std::nullopt;
            return figure(row->rank, "rank",
                          "rank (ties share the best place) of " + t + " among the " + std::to_string(r.rows.size()) +
                              " municipalities of the dataset by winning applications to " + programmes);
        }
        if (t != any_territory) f.municipalities = {t};
        const auto tot = group_applications(ds, std::vector<dimension>{}, f).total();
        const std::string by = " by applicants of " + where;
        if (key == "grants.winners")
            return figure(static_cast<double>(tot.winners()), "count", "winning applications to " + programmes + by);
        if (key == "grants.funds_attracted")
            return figure(static_cast<double>(tot.awarded_kopecks) / 100.0, "RUB",
                          "RUB awarded to the winning applications to " + programmes + by);
        if (key == "grants.individual.applicants") {
            application_filter fp = f;
            fp.applicant_type = applicant_kind::person;
            const auto persons = group_applications(ds, std::vector<dimension>{}, fp).total().applicants.size();
            return figure(static_cast<double>(persons), "count", "distinct persons applying to " + programmes + by);
        }
        if (key == "grants.individual.winners")
            return figure(static_cast<double>(tot.winners()), "count", "winning applications to " + programmes + by);
        if (key == "grants.individual.amount")
            return figure(static_cast<double>(tot.awarded_kopecks) / 100.0, "RUB",
                          "RUB awarded to the winning applications to " + programmes + by);
        return std::nullopt;
    }
    return std::nullopt;
}

reconciliation reconcile(const dataset& records, const dataset& published) {
    reconciliation out;
    for (const auto& ind : published.indicators()) {
        reconciliation_item item;
        item.key = ind.key;
        item.year = ind.year;
        item.territory = ind.territory.empty() ? published.info().territory : ind.territory;
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
