#include "civica/analysis/training.hpp"

#include "civica/analysis/indicators.hpp"
#include "civica/analysis/registry.hpp"
#include "civica/model/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace civica::analysis {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Whether the organisation or person of a row belongs to `territory` (a resolved id, or
// any_territory); a row without a municipality belongs to none.
bool org_of(const dataset& ds, row_index o, const std::string& territory) {
    if (o == no_row) return false;
    if (territory == any_territory) return true;
    return ds.organizations()[static_cast<std::size_t>(o)].municipality.str() == territory;
}
bool person_of(const dataset& ds, row_index p, const std::string& territory) {
    if (p == no_row) return false;
    if (territory == any_territory) return true;
    return ds.persons()[static_cast<std::size_t>(p)].municipality.str() == territory;
}
// Whether the applicant or recipient `who`, an organisation or a person as `kind` says, belongs
// to `territory`.
bool party_of(const dataset& ds, std::uint8_t kind, row_index who, const std::string& territory) {
    return static_cast<applicant_kind>(kind) == applicant_kind::organization ? org_of(ds, who, territory)
                                                                             : person_of(ds, who, territory);
}
// Whether the project (application) `a` is of `territory`: its applicant is.
bool project_of(const dataset& ds, row_index a, const std::string& territory) {
    if (a == no_row) return false;
    const auto& apps = ds.applications();
    const auto r = static_cast<std::size_t>(a);
    return party_of(ds, apps.applicant_type()[r], apps.applicant()[r], territory);
}
}  // namespace

int course_year(const course& c) {
    if (c.dates.has_start()) return c.dates.start.year();
    if (c.dates.has_end()) return c.dates.end.year();
    return 0;
}

training_summary training_activity(const dataset& ds, int year, std::string_view territory, double level) {
    check_level(level, "training_activity");
    training_summary out;
    out.year = year;
    out.territory = territory_of(ds, territory);
    const auto& courses = ds.courses();
    std::vector<int> slot(courses.size(), -1);
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < courses.size(); ++i)
        if (course_year(courses[i]) == year) rows.push_back(i);
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
        const auto& ca = courses[a].dates;
        const auto& cb = courses[b].dates;
        if (ca.start != cb.start) return ca.start < cb.start;
        return courses[a].id < courses[b].id;
    });
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& c = courses[rows[i]];
        slot[rows[i]] = static_cast<int>(i);
        course_activity a;
        a.id = c.id.str();
        a.title = c.title;
        a.topic = c.topic;
        a.format = c.format;
        a.start = c.dates.start;
        a.end = c.dates.end;
        out.courses.push_back(std::move(a));
    }
    const auto& e = ds.enrolments();
    std::vector<std::set<row_index>> course_orgs(rows.size()), course_persons(rows.size());
    std::set<row_index> enrolled, trained, persons_trained;
    for (std::size_t i = 0; i < e.size(); ++i) {
        const int s = slot[static_cast<std::size_t>(e.course()[i])];
        if (s < 0) continue;
        ++out.enrolments;
        const row_index o = e.organization()[i], p = e.person()[i];
        if (o != no_row ? !org_of(ds, o, out.territory) : !person_of(ds, p, out.territory)) continue;
        auto& a = out.courses[static_cast<std::size_t>(s)];
        const bool done = e.completed()[i] != 0;
        ++a.enrolments;
        a.participants += e.participants()[i];
        out.participants += e.participants()[i];
        if (done) {
            ++a.completed_enrolments;
            a.completed_participants += e.participants()[i];
        }
        if (o != no_row) {
            course_orgs[static_cast<std::size_t>(s)].insert(o);
            enrolled.insert(o);
            if (done) trained.insert(o);
        } else if (p != no_row) {
            course_persons[static_cast<std::size_t>(s)].insert(p);
            if (done) persons_trained.insert(p);
        }
    }
    for (std::size_t i = 0; i < out.courses.size(); ++i) {
        out.courses[i].organizations = static_cast<std::int64_t>(course_orgs[i].size());
        out.courses[i].persons = static_cast<std::int64_t>(course_persons[i].size());
        if (out.courses[i].enrolments > 0) ++out.courses_attended;
    }
    out.participants_per_course =
        out.courses.empty() ? nan : static_cast<double>(out.participants) / static_cast<double>(out.courses.size());
    out.ngos_enrolled = static_cast<std::int64_t>(enrolled.size());
    out.ngos_trained = static_cast<std::int64_t>(trained.size());
    out.persons_trained = static_cast<std::int64_t>(persons_trained.size());
    std::int64_t reached = 0;
    const auto& orgs = ds.organizations();
    for (std::size_t i = 0; i < orgs.size(); ++i) {
        if (!in_ngo_registry(orgs[i], year, out.territory)) continue;
        ++out.registry_size;
        if (trained.count(static_cast<row_index>(i))) ++reached;
    }
    out.registry_reached = wilson_interval(reached, out.registry_size, level);
    return out;
}

resource_centre_summary resource_centre_activity(const dataset& ds, int year, std::string_view territory) {
    resource_centre_summary out;
    out.year = year;
    out.territory = territory_of(ds, territory);
    const auto& sv = ds.services();
    const auto& orgs = ds.organizations();
    auto year_of_day = [](day_number n) { return n == missing_day ? 0 : static_cast<int>(from_day_number(n).year()); };

    // Projects of the territory's applicants monitored in the year, with a centre or without.
    const auto& apps = ds.applications();
    std::set<row_index> projects;
    for (const auto& m : ds.monitoring()) {
        if (m.checked.is_special() || m.checked.year() != year) continue;
        const row_index a = apps.ids().find(m.application.str());
        if (project_of(ds, a, out.territory)) projects.insert(a);
    }
    out.projects_monitored = static_cast<std::int64_t>(projects.size());

    // The centre: the territory's organisation that gave most support in the year.
    std::vector<std::int64_t> given(orgs.size(), 0);
    for (std::size_t i = 0; i < sv.size(); ++i)
        if (year_of_day(sv.provided()[i]) == year && org_of(ds, sv.provider()[i], out.territory))
            ++given[static_cast<std::size_t>(sv.provider()[i])];
    row_index centre = no_row;
    for (std::size_t o = 0; o < orgs.size(); ++o)
        if (given[o] > 0 && (centre == no_row || given[o] > given[static_cast<std::size_t>(centre)]))
            centre = static_cast<row_index>(o);
    if (centre == no_row) {
        // Without services: an organisation whose spheres are kinds of support.
        for (std::size_t o = 0; o < orgs.size() && centre == no_row; ++o) {
            if (!org_of(ds, static_cast<row_index>(o), out.territory)) continue;
            // Registered after the year: not yet anyone's centre in it.
            if (!orgs[o].registered.is_special() && orgs[o].registered.year() > year) continue;
            int support = 0;
            for (const auto& sp : orgs[o].spheres)
                support += sp == "information" || sp == "consulting" || sp == "organization" || sp == "grants_help" ||
                           sp == "monitoring";
            if (support >= 2) centre = static_cast<row_index>(o);
        }
    }
    if (centre == no_row) return out;
    const auto& org = orgs[static_cast<std::size_t>(centre)];
    out.organization = org.id.str();

    bool earlier = false;
    std::set<std::uint8_t> kinds;
    std::set<std::pair<std::uint8_t, row_index>> recipients;
    for (std::size_t i = 0; i < sv.size(); ++i) {
        if (sv.provider()[i] != centre) continue;
        const int sy = year_of_day(sv.provided()[i]);
        if (sy != 0 && sy < year) earlier = true;
        if (sy != year) continue;
        ++out.services;
        kinds.insert(sv.kind()[i]);
        recipients.insert({sv.recipient_type()[i], sv.recipient()[i]});
    }
    out.recipients = static_cast<std::int64_t>(recipients.size());
    bool monitoring_sphere = false;
    for (const auto& sp : org.spheres) {
        if (sp == "monitoring") monitoring_sphere = true;
        if (out.services > 0) continue;
        for (std::size_t k = 0; k <= static_cast<std::size_t>(support_kind::other); ++k)
            if (to_string(static_cast<support_kind>(k)) == sp) kinds.insert(static_cast<std::uint8_t>(k));
    }
    for (auto k : kinds) out.kinds.push_back(static_cast<support_kind>(k));
    // Started in the year: registered in it, or its first recorded support is in it. When the
    // dataset records no support of any year before (a dataset of one year's services, a new
    // workbook), the records say nothing of those years, and an organisation registered before
    // the year is taken to have worked then.
    bool records_before = false;
    for (std::size_t i = 0; i < sv.size() && !records_before; ++i) {
        const int sy = year_of_day(sv.provided()[i]);
        records_before = sy != 0 && sy < year;
    }
    const bool registered_before = !org.registered.is_special() && org.registered.year() < year;
    out.started = out.services > 0 ? !earlier && (records_before || !registered_before)
                                   : (!org.registered.is_special() && org.registered.year() == year);

    out.monitoring = out.projects_monitored > 0 || monitoring_sphere;
    return out;
}

support_summary support_activity(const dataset& ds, int year, std::string_view territory) {
    support_summary out;
    out.year = year;
    out.territory = territory_of(ds, territory);
    const auto& s = ds.services();
    std::set<row_index> orgs, persons;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const date d = from_day_number(s.provided()[i]);
        if (d.is_special() || d.year() != year) continue;
        if (!party_of(ds, s.recipient_type()[i], s.recipient()[i], out.territory)) continue;
        ++out.services;
        const std::size_t kind = s.kind()[i];
        const std::size_t who = s.recipient_type()[i];
        ++out.by_kind_and_recipient[kind][who];
        ++out.by_kind[kind];
        ++out.by_recipient_type[who];
        ++out.by_month[static_cast<std::size_t>(d.month() - 1)];
        (who == 0 ? orgs : persons).insert(s.recipient()[i]);
    }
    out.organizations_served = static_cast<std::int64_t>(orgs.size());
    out.persons_served = static_cast<std::int64_t>(persons.size());
    return out;
}

monitoring_summary monitoring_activity(const dataset& ds, int year, std::string_view territory, double level) {
    check_level(level, "monitoring_activity");
    monitoring_summary out;
    out.year = year;
    out.territory = territory_of(ds, territory);
    const auto& apps = ds.applications();
    // The latest record of each project, and its latest record with a score: a dated record
    // is later than an undated one; between records of one date (or none), the later row.
    std::map<std::string, const monitoring_record*> latest, latest_scored;
    auto later = [](const monitoring_record* a, const monitoring_record& b) {
        if (a == nullptr) return true;
        if (b.checked.is_special()) return a->checked.is_special();
        return a->checked.is_special() || !(b.checked < a->checked);
    };
    for (const auto& m : ds.monitoring()) {
        if (year != 0 && (m.checked.is_special() || m.checked.year() != year)) continue;
        if (!project_of(ds, apps.ids().find(m.application.str()), out.territory)) continue;
        ++out.records;
        auto& l = latest[m.application.str()];
        if (later(l, m)) l = &m;
        if (m.score) {
            auto& ls = latest_scored[m.application.str()];
            if (later(ls, m)) ls = &m;
        }
    }
    out.projects = static_cast<std::int64_t>(latest.size());
    std::map<std::string, std::int64_t> statuses;
    std::int64_t completed = 0;
    for (const auto& [app, m] : latest) {
        ++statuses[m->status];
        if (m->status == "completed") ++completed;
    }
    for (const auto& [st, n] : statuses) out.by_status.push_back({st, st, n});
    std::stable_sort(out.by_status.begin(), out.by_status.end(),
                     [](const count_row& a, const count_row& b) { return a.count > b.count; });
    out.completed = wilson_interval(completed, out.projects, level);
    std::vector<double> scores;
    for (const auto& [app, m] : latest_scored) scores.push_back(*m->score);
    std::sort(scores.begin(), scores.end());
    out.scored_projects = static_cast<std::int64_t>(scores.size());
    if (scores.empty()) {
        out.mean_score = out.median_score = out.min_score = out.max_score = nan;
    } else {
        double sum = 0;
        for (double v : scores) sum += v;
        const auto n = scores.size();
        out.mean_score = sum / static_cast<double>(n);
        out.median_score = n % 2 ? scores[n / 2] : (scores[n / 2 - 1] + scores[n / 2]) / 2;
        out.min_score = scores.front();
        out.max_score = scores.back();
    }
    return out;
}

training_funnel_result training_funnel(const dataset& ds, const application_filter& filter,
                                       std::string_view territory, double level) {
    check_level(level, "training_funnel");
    training_funnel_result out;
    out.territory = territory_of(ds, territory);
    out.note =
        "An association, not a causal effect: NGOs that take courses may differ from the others "
        "(size, experience, motivation) in ways that also change how often they apply and win.";
    const auto years = ds.years();
    const int year = years.empty() ? std::numeric_limits<int>::max() : years.back();

    // Training date of each organisation: the end (else the start) of its first completed course.
    const auto& orgs = ds.organizations();
    const auto& e = ds.enrolments();
    constexpr day_number none = missing_day;
    std::vector<day_number> trained_on(orgs.size(), none);
    std::vector<std::uint8_t> trained_undated(orgs.size(), 0);
    for (std::size_t i = 0; i < e.size(); ++i) {
        if (!e.completed()[i] || e.organization()[i] == no_row) continue;
        const auto o = static_cast<std::size_t>(e.organization()[i]);
        const auto& c = ds.courses()[static_cast<std::size_t>(e.course()[i])];
        const date when = c.dates.has_end() ? c.dates.end : c.dates.start;
        if (when.is_special()) {
            trained_undated[o] = 1;
            continue;
        }
        const day_number d = to_day_number(when);
        if (trained_on[o] == none || d < trained_on[o]) trained_on[o] = d;
    }
    // Group of each organisation: 0 outside the registry, 1 trained, 2 untrained, 3 excluded.
    std::vector<std::uint8_t> group(orgs.size(), 0);
    day_number start = none;
    for (std::size_t o = 0; o < orgs.size(); ++o) {
        if (!in_ngo_registry(orgs[o], year, out.territory)) continue;
        if (trained_on[o] != none) {
            group[o] = 1;
            ++out.trained.organizations;
            if (start == none || trained_on[o] < start) start = trained_on[o];
        } else if (trained_undated[o]) {
            group[o] = 3;
            ++out.excluded;
        } else {
            group[o] = 2;
            ++out.untrained.organizations;
        }
    }
    out.window_start = from_day_number(start);

    application_filter f = known_filter(ds, filter);
    f.applicant_type = applicant_kind::organization;
    const auto pass = select_applications(ds, f);
    const auto& apps = ds.applications();
    std::vector<std::uint8_t> applied(orgs.size(), 0), won(orgs.size(), 0);
    for (std::size_t r = 0; r < apps.size(); ++r) {
        if (!pass[r]) continue;
        const auto o = static_cast<std::size_t>(apps.applicant()[r]);
        if (group[o] != 1 && group[o] != 2) continue;
        day_number when = apps.submitted()[r];
        if (when == missing_day) {
            // No submission date: the opening of the competition's window stands in for it.
            const auto& c = ds.competitions()[static_cast<std::size_t>(apps.competition()[r])];
            if (!c.window.has_start()) continue;
            when = to_day_number(c.window.start);
        }
        funnel_group& g = group[o] == 1 ? out.trained : out.untrained;
        if (group[o] == 1 ? !(when > trained_on[o]) : (start != none && when < start)) continue;
        const auto st = static_cast<application_status>(apps.status()[r]);
        ++g.applications;
        if (st == application_status::winner || st == application_status::rejected) ++g.decided;
        applied[o] = 1;
        if (st == application_status::winner) {
            ++g.wins;
            won[o] = 1;
        }
    }
    for (std::size_t o = 0; o < orgs.size(); ++o) {
        if (group[o] != 1 && group[o] != 2) continue;
        funnel_group& g = group[o] == 1 ? out.trained : out.untrained;
        g.applied += applied[o];
        g.winning_organizations += won[o];
    }
    for (funnel_group* g : {&out.trained, &out.untrained}) {
        g->applied_share = wilson_interval(g->applied, g->organizations, level);
        g->winning_share = wilson_interval(g->winning_organizations, g->organizations, level);
        g->success = wilson_interval(g->wins, g->decided, level);
    }
    out.success_difference = difference_of_proportions(out.trained.wins, out.trained.decided, out.untrained.wins,
                                                       out.untrained.decided, level);
    out.applied_difference = difference_of_proportions(out.trained.applied, out.trained.organizations,
                                                       out.untrained.applied, out.untrained.organizations, level);
    out.winning_difference =
        difference_of_proportions(out.trained.winning_organizations, out.trained.organizations,
                                  out.untrained.winning_organizations, out.untrained.organizations, level);
    return out;
}

}  // namespace civica::analysis
