// Every statistic's definition (indicators.hpp): the table of definitions and the one
// computation of each key.
#include "civica/analysis/indicators.hpp"

#include "civica/analysis/aggregate.hpp"
#include "civica/analysis/councils.hpp"
#include "civica/analysis/ranking.hpp"
#include "civica/analysis/registry.hpp"
#include "civica/analysis/series.hpp"
#include "civica/analysis/training.hpp"
#include "civica/error.hpp"
#include "civica/model/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace civica::analysis {

std::string territory_of(const dataset& ds, std::string_view territory) {
    std::string t = territory == any_territory ? std::string(any_territory) : ds.require_territory(territory);
    return t.empty() ? std::string(any_territory) : t;
}

namespace {

using pk = programme_kind;
const std::vector<programme_kind> ngo_programmes{pk::presidential_grants, pk::governor_ngo};
const std::vector<programme_kind> individual_programmes{pk::governor_individual};
const std::vector<programme_kind> municipal_programmes{pk::municipal_subsidy};

constexpr std::string_view council_records =
    "when the territory's bodies (of any kind) have meetings recorded in the year";
constexpr std::string_view training_records = "when the year's courses have enrolments of the territory";

}  // namespace

const std::vector<indicator_definition>& indicator_definitions() {
    // The open questions are decided in indicators.hpp's design notes (DOMAIN.md section 1).
    static const std::vector<indicator_definition> defs{
        {"councils.public_councils", "count",
         "bodies of kind public_council of the territory (a body without a municipality is the dataset's own)",
         council_records, {}, true},
        {"councils.chamber_renewals", "count",
         "membership terms of the territory's public chambers that start in the year (a term without a start "
         "date renews no year)",
         "when a term of those chambers has a start date", {}, true},
        {"councils.collegial_bodies", "count",
         "collegial public bodies of the territory: bodies of kind public_council or public_chamber, not other",
         council_records, {}, true},
        {"councils.meetings", "count", "meetings held in the year by the territory's collegial public bodies",
         council_records, {}, true},
        {"councils.agenda_questions", "count", "agenda questions considered at those meetings",
         "when a question is recorded for a meeting of the territory's bodies in the year", {}, true},
        {"resource_centre.openings", "count",
         "1 when the territory's resource centre started work in the year (it gave support in the year and none "
         "before; when no support of an earlier year is recorded at all, not registered before the year), else 0",
         "when the centre gave support in the year", {}, true},
        {"training.courses", "count",
         "courses of the year (by start date, else end date) with an enrolment of the territory (an enrolment is "
         "its organisation's, else its person's)",
         training_records, {}, true},
        {"training.ngos_trained", "count",
         "distinct organisations of the territory with a completed enrolment in a course of the year",
         training_records, {}, true},
        {"training.participants", "count",
         "participants of the territory's enrolments in the year's courses; with a breakdown, in the courses of "
         "that title",
         "when the year's courses have enrolments of the territory (and one has the title)", {}, true},
        {"ngo.registered", "count",
         "non-profit organisations of the territory registered by 31 December of the year or with no date",
         "when there is at least one", {}, true},
        {"ngo.public_associations", "count", "public associations among them", "when there is at least one NGO", {},
         true},
        {"grants.winners", "count",
         "winning applications by applicants of the territory to the year's competitions of Presidential and "
         "Governor's (for NGOs) grants",
         "when those competitions of the year have applications", ngo_programmes, true},
        {"grants.funds_attracted", "RUB", "money awarded to those winning applications",
         "when those competitions of the year have applications and every winning one states its award",
         ngo_programmes, true},
        {"grants.individual.applicants", "count",
         "distinct persons of the territory applying to the year's competitions of Governor's grants for "
         "individuals",
         "when those competitions of the year have applications", individual_programmes, true},
        {"grants.individual.winners", "count",
         "distinct persons of the territory with a winning application to those competitions (a person who won "
         "twice is one winner, as the published \"16 горожан … получили поддержку\" counts residents)",
         "when those competitions of the year have applications", individual_programmes, true},
        {"grants.individual.amount", "RUB", "money awarded to those winning applications",
         "when those competitions of the year have applications and every winning one states its award",
         individual_programmes, true},
        {"grants.individual.rank_among_municipalities", "rank",
         "the territory's place (ties share the best place) among all the dataset's municipalities by their "
         "winners, distinct persons as grants.individual.winners counts them",
         "when the territory is a municipality with a winner and at least two municipalities have winners",
         individual_programmes, true},
        {"councils.chamber_members", "count", "members of the public chambers' terms that start in the year",
         "when such a term exists and the size of each is known", {}, false},
        {"resource_centre.services", "count",
         "services the territory's resource centre gave in the year (the centre: the territory's organisation "
         "that gave most support in the year)",
         "when it gave any", {}, false},
        {"resource_centre.recipients", "count", "distinct organisations and persons the centre supported in the year",
         "when it gave any", {}, false},
        {"resource_centre.projects_monitored", "count",
         "distinct projects of the territory's applicants with a monitoring record of the year",
         "when there is one", {}, false},
        {"grants.applications", "count",
         "applications by applicants of the territory to the year's competitions of Presidential and Governor's "
         "(for NGOs) grants, withdrawn ones included",
         "when those competitions of the year have applications", ngo_programmes, false},
        {"grants.individual.municipalities", "count",
         "municipalities of the dataset with a winning application of their persons to the year's competitions of "
         "Governor's grants for individuals",
         "when at least two municipalities have winners", individual_programmes, false},
        {"grants.municipal.applications", "count",
         "applications by applicants of the territory to the year's competitions of municipal programmes "
         "(kind municipal_subsidy), withdrawn ones included; a programme does not name its municipality, so an "
         "application to another city's competition in the same dataset counts too",
         "when those competitions of the year have applications", municipal_programmes, false},
        {"grants.municipal.winners", "count", "the winning ones",
         "when those competitions of the year have applications", municipal_programmes, false},
        {"grants.municipal.success_rate", "percent",
         "winning applications out of those decided, winning or rejected (a withdrawn one was never judged, a pending one not yet)",
         "when one of those applications was decided", municipal_programmes, false},
        {"grants.municipal.amount", "RUB", "money awarded to the winning applications",
         "when those competitions of the year have applications and every winning one states its award",
         municipal_programmes, false},
        {"grants.winners.cagr", "percent",
         "compound annual growth rate (last / first)^(1 / years) − 1 of the first and last grants.winners "
         "figures the report states (civica::analysis::cagr, bounds kept); from records alone, of the first "
         "year the records count grants.winners and the year asked",
         "when the first figure is above zero and exact or a lower bound", ngo_programmes, false},
    };
    return defs;
}

const indicator_definition* find_definition(std::string_view key) {
    for (const auto& d : indicator_definitions())
        if (d.key == key) return &d;
    return nullptr;
}

const indicator_definition& require_definition(std::string_view key) {
    if (const auto* d = find_definition(key)) return *d;
    std::vector<std::string_view> keys;
    for (const auto& d : indicator_definitions()) keys.push_back(d.key);
    std::string all;
    for (auto k : keys) all += (all.empty() ? "" : ", ") + std::string(k);
    const std::string close = closest_name(key, keys);
    throw validation_error("\"" + std::string(key) + "\" is not an indicator key civica computes" +
                           (close.empty() ? std::string() : " (did you mean \"" + close + "\"?)") + "; the keys are " + all);
}

std::vector<std::string> programmes_of(const dataset& ds, std::span<const programme_kind> kinds) {
    std::vector<std::string> out;
    for (const auto& p : ds.programmes())
        if (std::find(kinds.begin(), kinds.end(), p.kind) != kinds.end()) out.push_back(p.id.str());
    return out;
}

std::vector<int> competition_years(const dataset& ds, std::span<const programme_kind> kinds) {
    std::set<int> years;
    for (const auto& c : ds.competitions()) {
        const row_index p = ds.programmes().find(c.programme.str());
        if (p == no_row) continue;
        const auto k = ds.programmes()[static_cast<std::size_t>(p)].kind;
        if (std::find(kinds.begin(), kinds.end(), k) != kinds.end()) years.insert(c.year);
    }
    return {years.begin(), years.end()};
}

namespace {

std::optional<computed_figure> figure(double v, std::string_view unit, std::string basis, std::string table,
                                      std::int64_t rows) {
    return computed_figure{v, std::string(unit), std::move(basis), std::move(table),
                           static_cast<std::size_t>(std::max<std::int64_t>(rows, 0)), {}, std::nullopt};
}

std::optional<computed_figure> councils(const dataset& ds, std::string_view key, int year, const std::string& t,
                                        const std::string& of) {
    const auto a = council_activity(ds, year, t);
    const std::string in = " in " + std::to_string(year);
    if (key == "councils.chamber_renewals") {
        if (!a.chamber_terms_dated) return std::nullopt;
        return figure(static_cast<double>(a.chamber_renewals), "count",
                      "membership terms of the public chambers" + of + " starting" + in, "membership_terms",
                      a.chamber_renewals);
    }
    if (key == "councils.chamber_members") {
        if (a.chamber_renewals == 0 || a.chamber_renewal_members == 0) return std::nullopt;
        return figure(static_cast<double>(a.chamber_renewal_members), "count",
                      "members of the public chambers' terms" + of + " starting" + in, "membership_terms",
                      a.chamber_renewals);
    }
    // A year without meeting records is "not recorded": the bodies alone are not a register of it.
    if (a.meetings + a.other_meetings == 0) return std::nullopt;
    if (key == "councils.public_councils")
        return figure(static_cast<double>(a.public_councils), "count",
                      "public councils" + of + " (bodies of kind public_council)", "bodies", a.public_councils);
    if (key == "councils.collegial_bodies")
        return figure(static_cast<double>(a.collegial_bodies), "count",
                      "public councils and public chambers" + of + " (not bodies of kind other)", "bodies",
                      a.collegial_bodies);
    if (key == "councils.meetings")
        return figure(static_cast<double>(a.meetings), "count",
                      "meetings held" + in + " by the public councils and public chambers" + of, "meetings",
                      a.meetings);
    if (key == "councils.agenda_questions") {
        if (a.agenda_questions + a.other_agenda_questions == 0) return std::nullopt;
        return figure(static_cast<double>(a.agenda_questions), "count",
                      "agenda questions of the meetings held" + in + " by the public councils and public chambers" + of,
                      "agenda_questions", a.agenda_questions);
    }
    return std::nullopt;
}

std::optional<computed_figure> training(const dataset& ds, std::string_view key, int year, const std::string& t,
                                        std::string_view breakdown, const std::string& of) {
    const auto tr = training_activity(ds, year, t);
    // Courses nobody of the territory attended are not the territory's training: no value, as
    // for councils without meetings (not "0 courses for 0 NGOs").
    if (tr.courses_attended == 0) return std::nullopt;
    const std::string y = std::to_string(year);
    if (key == "training.courses" && breakdown.empty())
        return figure(static_cast<double>(tr.courses_attended), "count",
                      "courses of " + y + " with an enrolment" + of, "courses", tr.courses_attended);
    std::int64_t enrolments = 0;
    for (const auto& c : tr.courses) enrolments += c.enrolments;
    if (key == "training.ngos_trained" && breakdown.empty())
        return figure(static_cast<double>(tr.ngos_trained), "count",
                      "distinct organisations" + of + " with a completed enrolment in a course of " + y, "enrolments",
                      enrolments);
    if (key == "training.participants") {
        if (breakdown.empty())
            return figure(static_cast<double>(tr.participants), "count",
                          "participants" + of + " in the courses of " + y, "enrolments", enrolments);
        std::int64_t n = 0, rows = 0;
        bool found = false;
        for (const auto& c : tr.courses)
            if (c.title == breakdown) {
                n += c.participants;
                rows += c.enrolments;
                found = true;
            }
        if (!found) return std::nullopt;
        return figure(static_cast<double>(n), "count",
                      "participants" + of + " in the course \"" + std::string(breakdown) + "\" of " + y, "enrolments",
                      rows);
    }
    return std::nullopt;
}

std::optional<computed_figure> resource_centre(const dataset& ds, std::string_view key, int year,
                                               const std::string& t) {
    const auto rc = resource_centre_activity(ds, year, t);
    const std::string in = " in " + std::to_string(year);
    if (key == "resource_centre.projects_monitored") {
        if (rc.projects_monitored == 0) return std::nullopt;
        return figure(static_cast<double>(rc.projects_monitored), "count",
                      "projects with a monitoring record" + in, "monitoring", rc.projects_monitored);
    }
    if (rc.services == 0) return std::nullopt;
    if (key == "resource_centre.openings")
        return figure(rc.started ? 1.0 : 0.0, "count",
                      "the resource centre \"" + rc.organization + "\"" + (rc.started ? " gave its first support" : " gave support, or was registered, before") + in,
                      "services", rc.services);
    if (key == "resource_centre.services")
        return figure(static_cast<double>(rc.services), "count",
                      "services given" + in + " by the resource centre \"" + rc.organization + "\"", "services", rc.services);
    if (key == "resource_centre.recipients")
        return figure(static_cast<double>(rc.recipients), "count",
                      "distinct organisations and persons supported" + in + " by the resource centre \"" +
                          rc.organization + "\"",
                      "services", rc.services);
    return std::nullopt;
}

std::optional<computed_figure> grants(const dataset& ds, const indicator_definition& def, int year,
                                      const std::string& t, const std::string& where) {
    const std::string_view key = def.key;
    application_filter f;
    f.years = {year};
    f.programme_kinds = def.programme_kinds;
    // Computable only when the records hold applications of these programmes that year.
    const auto all = group_applications(ds, std::vector<dimension>{}, f).total();
    if (all.applications == 0) return std::nullopt;
    std::string programmes;
    for (auto k : def.programme_kinds) programmes += (programmes.empty() ? "" : " and ") + std::string(to_string(k));
    programmes = "the " + programmes + " competitions of " + std::to_string(year);
    auto with_programmes = [&](std::optional<computed_figure> c) {
        if (c) c->programmes = programmes_of(ds, def.programme_kinds);
        return c;
    };

    if (key == "grants.individual.rank_among_municipalities" || key == "grants.individual.municipalities") {
        // The municipalities of the dataset, each with its winners (rank_by gives every one, and
        // a row of applicants without a municipality, which is no municipality and takes no place).
        // Winners are distinct persons, as grants.individual.winners counts them: a rank "by the
        // number of winners" counted winning applications, so a resident who won twice counted
        // twice and the rank disagreed with the winners the report states beside it.
        application_filter fp = f;
        fp.applicant_type = applicant_kind::person;
        const auto r = rank_by(ds, dimension::municipality, measure::winning_applicants, fp, rank_method::min);
        std::vector<std::string> keys;
        std::vector<double> winners;
        for (const auto& row : r.rows)
            if (!row.key.empty()) {
                keys.push_back(row.key);
                winners.push_back(row.value);
            }
        const auto with_winners = std::count_if(winners.begin(), winners.end(), [](double w) { return w > 0; });
        if (with_winners < 2) return std::nullopt;
        // The rows read: the winning applications of those persons, as grants.individual.winners
        // counts its rows (a person who won twice is one winner of two rows).
        const auto counted = static_cast<std::int64_t>(group_applications(ds, std::vector<dimension>{}, fp).total().winners());
        if (key == "grants.individual.municipalities")
            return with_programmes(figure(static_cast<double>(with_winners), "count",
                                          "municipalities with a winning person of " + programmes,
                                          "applications", counted));
        const auto at = std::find(keys.begin(), keys.end(), t);
        // A territory without a winner has no place among those with one ("ranked 3rd by the
        // number of winners" with none).
        if (t == any_territory || at == keys.end() || !(winners[static_cast<std::size_t>(at - keys.begin())] > 0))
            return std::nullopt;
        const auto ranks = rank(winners, rank_method::min);
        return with_programmes(figure(ranks[static_cast<std::size_t>(at - keys.begin())], "rank",
                                      "rank (ties share the best place) of " + t + " among the " +
                                          std::to_string(keys.size()) +
                                          " municipalities of the dataset by distinct winning persons of " + programmes,
                                      "applications", counted));
    }
    if (t != any_territory) f.municipalities = {t};
    const auto tot = group_applications(ds, std::vector<dimension>{}, f).total();
    const std::string by = " by applicants of " + where;
    if (key == "grants.applications" || key == "grants.municipal.applications")
        return with_programmes(figure(static_cast<double>(tot.applications), "count", "applications to " + programmes + by,
                                      "applications", tot.applications));
    if (key == "grants.individual.winners") {
        application_filter fp = f;
        fp.applicant_type = applicant_kind::person;
        const auto persons = group_applications(ds, std::vector<dimension>{}, fp).total();
        return with_programmes(figure(static_cast<double>(persons.winning_applicants.size()), "count",
                                      "distinct persons with a winning application to " + programmes + by,
                                      "applications", persons.winners()));
    }
    if (key == "grants.winners" || key == "grants.municipal.winners")
        return with_programmes(figure(static_cast<double>(tot.winners()), "count",
                                      "winning applications to " + programmes + by, "applications", tot.winners()));
    if (key == "grants.funds_attracted" || key == "grants.individual.amount" || key == "grants.municipal.amount")
    {
        // Not recorded is not zero: a winner whose award the records do not state would add
        // nothing (the sum is then a lower bound, measure_qualifier), and a published total
        // would be called wrong for lack of records.
        if (measure_qualifier(tot, measure::awarded) != qualifier::exact) return std::nullopt;
        // Money in the dataset's currency: a published figure in another one is not comparable.
        const std::string currency = ds.info().currency.empty() ? std::string("RUB") : ds.info().currency;
        auto sum = figure(static_cast<double>(tot.awarded_kopecks) / 100.0, currency,
                          currency + " awarded to the winning applications to " + programmes + by, "applications",
                          tot.winners());
        sum->amount = money::from_kopecks(tot.awarded_kopecks);
        return with_programmes(std::move(sum));
    }
    if (key == "grants.municipal.success_rate") {
        if (tot.decided() == 0) return std::nullopt;
        return with_programmes(figure(tot.success_rate(), "percent",
                                      "winning out of decided (winning or rejected) applications to " + programmes + by,
                                      "applications", tot.decided()));
    }
    if (key == "grants.individual.applicants") {
        application_filter fp = f;
        fp.applicant_type = applicant_kind::person;
        const auto persons = group_applications(ds, std::vector<dimension>{}, fp).total();
        return with_programmes(figure(static_cast<double>(persons.applicants.size()), "count",
                                      "distinct persons applying to " + programmes + by, "applications",
                                      persons.applications));
    }
    return std::nullopt;
}

// grants.winners.cagr from the records alone: the growth of grants.winners from the first year
// the records count it to `year`. The report states the rate of the figures it states, which may
// be published ones (report/build.cpp); from records both ends are exact counts.
std::optional<computed_figure> winners_cagr(const dataset& ds, const indicator_definition& def, int year,
                                            const std::string& t, const std::string& where) {
    const indicator_definition& winners = *find_definition("grants.winners");
    std::optional<computed_figure> first;
    int first_year = 0;
    for (int y : competition_years(ds, winners.programme_kinds)) {
        if (y >= year) break;
        if ((first = grants(ds, winners, y, t, where))) {
            first_year = y;
            break;
        }
    }
    if (!first || first->value <= 0) return std::nullopt;
    const auto last = grants(ds, winners, year, t, where);
    if (!last) return std::nullopt;
    computed_figure out = *last;
    out.value = cagr(first->value, last->value, static_cast<double>(year - first_year));
    out.unit = "percent";
    out.basis = "compound annual growth rate (last / first)^(1 / years) - 1 of the winning applications of " +
                std::to_string(first_year) + " (" + std::to_string(static_cast<long long>(first->value)) + ") and " +
                std::to_string(year) + " (" + std::to_string(static_cast<long long>(last->value)) + "), " + where;
    out.rows = first->rows + last->rows;
    out.programmes = programmes_of(ds, def.programme_kinds);
    return out;
}

}  // namespace

std::optional<computed_figure> compute_indicator(const dataset& ds, std::string_view key, int year,
                                                 std::string_view territory, std::string_view breakdown) {
    const indicator_definition* def = find_definition(key);
    if (def == nullptr) return std::nullopt;
    // Reconciling compares figures of one dataset with the records of another: a territory the
    // records do not know is not counted (nullopt), not an error.
    if (territory != any_territory && !ds.knows_territory(territory)) return std::nullopt;
    const std::string t = territory_of(ds, territory);
    // A territory the records know nothing about cannot be counted (rather than counted as 0).
    if (t != any_territory && t != ds.resolve_territory({}) && ds.municipalities().find(t) == no_row)
        return std::nullopt;
    const std::string where = t == any_territory ? "every municipality" : t;
    const std::string of = " of " + where;
    if (key.starts_with("training.")) return training(ds, key, year, t, breakdown, of);
    if (!breakdown.empty()) return std::nullopt;
    if (key.starts_with("councils.")) return councils(ds, key, year, t, of);
    if (key.starts_with("resource_centre.")) return resource_centre(ds, key, year, t);
    if (key.starts_with("ngo.")) {
        const auto r = ngo_registry(ds, year, t);
        if (r.organizations == 0) return std::nullopt;
        const std::string orgs = " non-profit organisations" + of + " registered by the end of " + std::to_string(year);
        if (key == "ngo.registered")
            return figure(static_cast<double>(r.organizations), "count", "all" + orgs, "organizations", r.organizations);
        if (key == "ngo.public_associations")
            return figure(static_cast<double>(r.public_associations), "count", "public associations among the" + orgs,
                          "organizations", r.public_associations);
        return std::nullopt;
    }
    if (key == "grants.winners.cagr") return winners_cagr(ds, *def, year, t, where);
    if (key.starts_with("grants.")) return grants(ds, *def, year, t, where);
    return std::nullopt;
}

}  // namespace civica::analysis
