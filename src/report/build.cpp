// Builds the report's content from a dataset: published indicators first, records otherwise.
//
// Design notes: every counted figure names the table it was counted from and how many rows
// were used, so a reader can check it. A figure is only computed when the relevant table has
// rows for the territory at all: an empty table means "not recorded", not "zero". Counting
// rules follow the source document's wording (DOMAIN.md section 1): winners of the
// Presidential and Governor's grants for NGOs are winning applications of organisations of
// the territory; money attracted is what those winners were awarded; individuals' figures come
// from the Governor's programme for individuals.
#include "civica/report/content.hpp"

#include "civica/analysis/reconcile.hpp"
#include "civica/analysis/series.hpp"
#include "civica/error.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <cmath>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace civica::report {

std::string_view to_string(provenance_kind k) {
    return k == provenance_kind::published ? "published" : "computed";
}

const figure* statement::find(std::string_view name) const {
    for (const auto& f : figures)
        if (f.name == name) return &f;
    return nullptr;
}

const std::vector<std::string>& section_ids() {
    static const std::vector<std::string> ids{"councils", "resource_centre", "training",
                                              "ngo",      "grants",          "individuals"};
    return ids;
}

namespace {

struct computed_value {
    double value = 0;
    std::string table;
    std::size_t rows = 0;
    std::string method;
};

int year_of(const date& d) { return d.is_not_a_date() ? 0 : static_cast<int>(d.year()); }
int year_of_day(day_number n) { return n == missing_day ? 0 : year_of(from_day_number(n)); }

class builder {
public:
    builder(const dataset& ds, const report_options& opt) : ds_(ds), opt_(opt) {}

    report_content run();

private:
    const dataset& ds_;
    const report_options& opt_;
    report_content out_;
    std::string tid_;

    // A row with no municipality is not counted for any territory: regional partners and
    // federal operators leave it empty.
    bool in_territory(const municipality_id& m) const { return !m.empty() && m.str() == tid_; }
    bool org_in_territory(row_index r) const {
        return r != no_row && in_territory(ds_.organizations()[static_cast<std::size_t>(r)].municipality);
    }
    bool person_in_territory(row_index r) const {
        return r != no_row && in_territory(ds_.persons()[static_cast<std::size_t>(r)].municipality);
    }

    std::optional<figure> published(const std::string& name, const std::string& key, int year,
                                    const std::string& breakdown = {}) const {
        const indicator* ind = ds_.find_indicator(key, year, tid_, breakdown);
        if (!ind) return std::nullopt;
        figure f;
        f.name = name;
        f.key = key;
        f.year = year;
        f.breakdown = breakdown;
        f.value = ind->value;
        f.qual = ind->qual;
        f.unit = ind->unit.empty() ? std::string(default_unit(key)) : ind->unit;
        f.prov.kind = provenance_kind::published;
        f.prov.source = ind->source;
        return f;
    }

    // The published figure if there is one (checked against the records), else the records'.
    std::optional<figure> combine(const std::string& name, const std::string& key, int year,
                                  const std::optional<computed_value>& comp,
                                  const std::string& breakdown = {}, std::string unit = {}) {
        if (unit.empty()) unit = std::string(default_unit(key));
        if (unit.empty()) unit = "count";
        auto pub = published(name, key, year, breakdown);
        if (pub) {
            if (comp) {
                computed_check c;
                c.value = comp->value;
                c.prov = {provenance_kind::computed, {}, comp->table, comp->rows, comp->method};
                // The reconciliation's rule (civica::analysis::judge), so the report and
                // `analysis::reconcile` never disagree about what agrees.
                c.agrees = analysis::judge(pub->value, pub->qual, comp->value, pub->unit) !=
                           analysis::verdict::contradicts;
                if (!c.agrees)
                    out_.discrepancies.push_back({key, year, breakdown, pub->value, pub->qual,
                                                  comp->value, c.prov});
                pub->check = std::move(c);
            }
            return pub;
        }
        if (!comp) return std::nullopt;
        out_.uses_records = true;
        figure f;
        f.name = name;
        f.key = key;
        f.year = year;
        f.breakdown = breakdown;
        f.value = comp->value;
        f.unit = unit;
        f.prov = {provenance_kind::computed, {}, comp->table, comp->rows, comp->method};
        return f;
    }

    static figure derived(const std::string& name, const std::string& key, int year, double value,
                          const std::string& unit, const std::string& table, std::size_t rows,
                          const std::string& method) {
        figure f;
        f.name = name;
        f.key = key;
        f.year = year;
        f.value = value;
        f.unit = unit;
        f.prov = {provenance_kind::computed, {}, table, rows, method};
        return f;
    }

    void resolve_territory();
    void resolve_year();
    section councils();
    section resource_centre();
    section training();
    section ngo();
    section grants();
    section individuals();

    // Winning applications of organisations of the territory to the NGO programmes, by year.
    struct grant_scan {
        std::map<int, std::size_t> winners, applications;
        std::map<int, std::int64_t> awarded;   // kopecks
        std::set<int> competition_years;       // years with competitions of those programmes
    };
    grant_scan scan_ngo_grants() const;
};

void builder::resolve_territory() {
    std::string t = opt_.territory.empty() ? ds_.info().territory : opt_.territory;
    if (t.empty()) {
        // A dataset without a territory: use the one its indicators name, if just one.
        std::set<std::string> ts;
        for (const auto& i : ds_.indicators()) ts.insert(i.territory);
        if (ts.size() == 1) t = *ts.begin();
    }
    const municipality* m = nullptr;
    for (const auto& mu : ds_.municipalities())
        if (mu.id.str() == t) m = &mu;
    if (!m)
        for (const auto& mu : ds_.municipalities())
            if (mu.name == t) m = &mu;
    if (m) {
        tid_ = m->id.str();
        out_.territory_name = m->name;
        out_.region = m->region;
    } else {
        bool known = t == ds_.info().territory;
        for (const auto& i : ds_.indicators())
            if (i.territory == t) known = true;
        if (!known) {
            std::string have;
            for (const auto& mu : ds_.municipalities())
                have += (have.empty() ? "" : ", ") + mu.id.str() + " (" + mu.name + ")";
            throw not_found_error("report: territory \"" + t + "\" is not in dataset \"" +
                                  ds_.info().name + "\"" +
                                  (have.empty() ? std::string(" (it has no municipalities)")
                                                : "; it has: " + have));
        }
        tid_ = t;
    }
    out_.territory = tid_;
}

void builder::resolve_year() {
    if (opt_.year != 0) {
        out_.year = opt_.year;
        return;
    }
    int best = 0;
    for (const auto& i : ds_.indicators())
        if (i.territory == tid_ || i.territory.empty()) best = std::max(best, i.year);
    if (best == 0) {
        const auto ys = ds_.years();
        if (!ys.empty()) best = ys.back();
    }
    if (best == 0)
        throw validation_error("report: no year given and dataset \"" + ds_.info().name +
                               "\" has no dated records or figures");
    out_.year = best;
}

// ------------------------------------------------------------------ councils

section builder::councils() {
    section s{"councils", {}, false};
    const int y = out_.year;
    const auto& bodies = ds_.bodies();
    std::vector<char> body_in(bodies.size(), 0);
    std::size_t n_bodies = 0, n_councils = 0;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        if (!in_territory(bodies[i].municipality)) continue;
        body_in[i] = 1;
        ++n_bodies;
        if (bodies[i].kind == body_kind::public_council) ++n_councils;
    }
    // Meetings of the territory's bodies in the year: whether the dataset records their work
    // for that year (a year without meeting records is "not recorded", not "no meetings").
    const auto& meetings = ds_.meetings();
    std::size_t any_meetings = 0;
    for (const auto& m : meetings) {
        const row_index b = bodies.find(m.body.str());
        if (b != no_row && body_in[static_cast<std::size_t>(b)] && year_of(m.held) == y) ++any_meetings;
    }
    // Bodies are counted only when their meetings are recorded too: a dataset that lists just
    // the bodies a document names (e.g. only the Public Chamber) is not a register of them.
    std::optional<computed_value> c_councils, c_bodies;
    if (n_bodies > 0 && any_meetings > 0) {
        c_councils = computed_value{double(n_councils), "bodies", n_bodies,
                                    "bodies of kind public_council in the territory"};
        c_bodies = computed_value{double(n_bodies), "bodies", n_bodies,
                                  "public councils, the Public Chamber and other collegial bodies of the territory"};
    }
    if (auto f = combine("public_councils", "councils.public_councils", y, c_councils)) {
        statement st{"councils.public_councils", {*f}, {}, {}};
        s.statements.push_back(std::move(st));
    }

    // A Public Chamber whose new membership term starts in the year: its membership was renewed.
    for (const auto& t : ds_.membership_terms()) {
        const row_index b = bodies.find(t.body.str());
        if (b == no_row || !body_in[static_cast<std::size_t>(b)]) continue;
        const auto& body = bodies[static_cast<std::size_t>(b)];
        if (body.kind != body_kind::public_chamber) continue;
        // A term whose start date was not published but whose note names the year counts too.
        const bool starts = t.term.has_start() ? year_of(t.term.start) == y
                                               : t.note.find(std::to_string(y)) != std::string::npos;
        if (!starts) continue;
        statement st{"councils.chamber_renewed", {}, {{"chamber", body.name}}, {}};
        if (!t.note.empty()) st.texts["note"] = t.note;
        if (t.members > 0)
            st.figures.push_back(derived("members", "councils.chamber_members", y, t.members, "count",
                                         "membership_terms", 1, "size of the new membership term"));
        s.statements.push_back(std::move(st));
        break;
    }

    // Meetings of the year and the questions considered at them.
    std::vector<char> meeting_in_year(meetings.size(), 0);
    std::size_t n_meetings = 0;
    std::array<int, 12> by_month{};
    for (std::size_t i = 0; i < meetings.size(); ++i) {
        const row_index b = bodies.find(meetings[i].body.str());
        if (b == no_row || !body_in[static_cast<std::size_t>(b)]) continue;
        if (year_of(meetings[i].held) != y) continue;
        meeting_in_year[i] = 1;
        ++n_meetings;
        by_month[static_cast<std::size_t>(meetings[i].held.month().as_number() - 1)]++;
    }
    std::size_t any_questions = 0, n_questions = 0;
    const auto& agenda = ds_.agenda_questions();
    for (std::size_t i = 0; i < agenda.size(); ++i) {
        const row_index m = agenda.meeting()[i];
        if (m == no_row) continue;
        const row_index b = bodies.find(meetings[static_cast<std::size_t>(m)].body.str());
        if (b == no_row || !body_in[static_cast<std::size_t>(b)]) continue;
        if (!meeting_in_year[static_cast<std::size_t>(m)]) continue;
        ++any_questions;
        ++n_questions;
    }
    std::optional<computed_value> c_meetings, c_questions;
    if (any_meetings > 0)
        c_meetings = computed_value{double(n_meetings), "meetings", n_meetings,
                                    "meetings of the territory's bodies held in the year"};
    if (any_questions > 0)
        c_questions = computed_value{double(n_questions), "agenda_questions", n_questions,
                                     "agenda questions of those meetings"};
    auto f_bodies = combine("bodies", "councils.collegial_bodies", y, c_bodies);
    auto f_meetings = combine("meetings", "councils.meetings", y, c_meetings);
    auto f_questions = combine("questions", "councils.agenda_questions", y, c_questions);
    if (f_meetings || f_questions) {
        statement st{"councils.activity", {}, {}, {}};
        if (f_bodies) st.figures.push_back(*f_bodies);
        if (f_meetings) st.figures.push_back(*f_meetings);
        if (f_questions) st.figures.push_back(*f_questions);
        s.statements.push_back(std::move(st));
    } else if (f_bodies) {
        s.statements.push_back({"councils.bodies", {*f_bodies}, {}, {}});
    }
    if (n_meetings > 0) {
        chart c{"meetings_by_month", "councils", {}, "month"};
        for (int mth = 0; mth < 12; ++mth)
            c.points.push_back({std::to_string(mth + 1), double(by_month[static_cast<std::size_t>(mth)]),
                                qualifier::exact, false});
        out_.charts.push_back(std::move(c));
    }
    return s;
}

// ------------------------------------------------------------------ resource centre

section builder::resource_centre() {
    section s{"resource_centre", {}, false};
    const int y = out_.year;
    const auto& sv = ds_.services();
    const auto& orgs = ds_.organizations();
    // The resource centre is the territory's organisation that gave most support in the year.
    std::map<row_index, std::size_t> per_provider;
    for (std::size_t i = 0; i < sv.size(); ++i) {
        const row_index p = sv.provider()[i];
        if (!org_in_territory(p) || year_of_day(sv.provided()[i]) != y) continue;
        per_provider[p]++;
    }
    auto as_kind = [](std::string_view name) -> std::optional<support_kind> {
        try {
            return parse_support_kind(name);
        } catch (const error&) {
            return std::nullopt;
        }
    };
    row_index centre = no_row;
    if (!per_provider.empty()) {
        centre = per_provider.begin()->first;
        for (const auto& [p, n] : per_provider)
            if (n > per_provider[centre]) centre = p;
    } else {
        // Without service records: an organisation of the territory whose spheres of activity
        // are kinds of support (how a published description of a centre is recorded) and that
        // organised a course of the year or has no courses to tell.
        for (std::size_t i = 0; i < orgs.size() && centre == no_row; ++i) {
            const auto& o = orgs[i];
            if (!in_territory(o.municipality)) continue;
            std::size_t kinds = 0;
            for (const auto& sp : o.spheres)
                if (as_kind(sp)) ++kinds;
            if (kinds >= 2) centre = static_cast<row_index>(i);
        }
    }
    if (centre == no_row) return s;
    const auto& org = orgs[static_cast<std::size_t>(centre)];

    bool earlier = false;
    std::set<std::uint8_t> kinds;
    std::set<std::pair<std::uint8_t, row_index>> recipients;
    std::size_t n = 0;
    for (std::size_t i = 0; i < sv.size(); ++i) {
        if (sv.provider()[i] != centre) continue;
        const int sy = year_of_day(sv.provided()[i]);
        if (sy != 0 && sy < y) earlier = true;
        if (sy != y) continue;
        ++n;
        kinds.insert(sv.kind()[i]);
        recipients.insert({sv.recipient_type()[i], sv.recipient()[i]});
    }
    bool monitoring_sphere = false;
    if (n == 0)
        for (const auto& sp : org.spheres) {
            if (auto k = as_kind(sp)) kinds.insert(static_cast<std::uint8_t>(*k));
            if (sp == "monitoring") monitoring_sphere = true;
        }
    // "Started" needs evidence: support only from this year on, or registration in this year.
    const bool started = n > 0 ? !earlier : year_of(org.registered) == y;
    statement st{started ? "resource_centre.started" : "resource_centre.works", {}, {}, {}};
    st.texts["name"] = org.full_name;
    if (org.display_name() != org.full_name) st.texts["short_name"] = org.display_name();
    if (n > 0) {
        st.figures.push_back(derived("services", "resource_centre.services", y, double(n), "count", "services",
                                     n, "support given by the resource centre in the year"));
        st.figures.push_back(derived("recipients", "resource_centre.recipients", y, double(recipients.size()),
                                     "count", "services", n, "distinct organisations and persons supported"));
    }
    auto& list = st.lists["kinds"];
    for (auto k : kinds) {
        const auto kind = static_cast<support_kind>(k);
        if (kind == support_kind::grants_help) {
            st.texts["grants_help"] = "yes";
            continue;
        }
        list.push_back({{}, {{"kind", std::string(to_string(kind))}}});
    }
    // Monitoring and evaluation of supported projects in the year.
    std::size_t monitored = 0;
    for (const auto& r : ds_.monitoring())
        if (year_of(r.checked) == y) ++monitored;
    if (monitored > 0) {
        st.texts["monitoring"] = "yes";
        st.figures.push_back(derived("monitored", "resource_centre.monitoring", y, double(monitored), "count",
                                     "monitoring", monitored, "monitoring records of the year"));
    } else if (monitoring_sphere) {
        st.texts["monitoring"] = "yes";
    }
    s.statements.push_back(std::move(st));
    return s;
}

// ------------------------------------------------------------------ training

namespace {
bool mentions_reporting(std::string_view s) {
    for (std::string_view w : {"тчетност", "reporting", "Reporting", "ОТЧЕТНОСТ", "ТЧЁТНОСТ", "тчётност"})
        if (s.find(w) != std::string_view::npos) return true;
    return false;
}
}  // namespace

section builder::training() {
    section s{"training", {}, false};
    const int y = out_.year;
    const auto& courses = ds_.courses();
    const auto& en = ds_.enrolments();
    std::vector<std::size_t> year_courses;
    for (std::size_t i = 0; i < courses.size(); ++i) {
        const auto& c = courses[i];
        const int cy = c.dates.has_start() ? year_of(c.dates.start) : year_of(c.dates.end);
        // An undated course belongs to the year whose published figures name it.
        const bool named = cy == 0 && ds_.find_indicator("training.participants", y, tid_, c.title);
        if (cy == y || named) year_courses.push_back(i);
    }
    std::map<std::size_t, int> participants;            // course row -> representatives
    std::map<std::size_t, std::size_t> enrol_rows;
    std::set<row_index> orgs;
    std::size_t used_enrolments = 0;
    for (std::size_t i = 0; i < en.size(); ++i) {
        const row_index c = en.course()[i];
        if (c == no_row) continue;
        const auto cr = static_cast<std::size_t>(c);
        if (std::find(year_courses.begin(), year_courses.end(), cr) == year_courses.end()) continue;
        const row_index o = en.organization()[i];
        const row_index p = en.person()[i];
        const bool here = o != no_row ? org_in_territory(o) : person_in_territory(p);
        if (!here) continue;
        ++used_enrolments;
        participants[cr] += en.participants()[i];
        enrol_rows[cr]++;
        if (o != no_row && en.completed()[i]) orgs.insert(o);  // trained = completed the course
    }
    // Courses of the year that trained someone from the territory (all of the year's courses
    // when the dataset has no enrolments to tell).
    std::vector<std::size_t> used;
    for (auto c : year_courses)
        if (en.size() == 0 || participants.count(c)) used.push_back(c);

    std::optional<computed_value> c_courses, c_orgs;
    if (!used.empty())
        c_courses = computed_value{double(used.size()), "courses", used.size(),
                                   "courses of the year with participants from the territory"};
    if (used_enrolments > 0)
        c_orgs = computed_value{double(orgs.size()), "enrolments", used_enrolments,
                                "distinct organisations of the territory that completed a course of the year"};
    auto f_courses = combine("courses", "training.courses", y, c_courses);
    auto f_orgs = combine("ngos", "training.ngos_trained", y, c_orgs);

    std::vector<list_item> items;
    std::set<std::string> titles;
    std::set<std::string> partners, formats, organisers;
    for (auto c : used) {
        const auto& co = courses[c];
        std::optional<computed_value> cp;
        if (participants.count(c))
            cp = computed_value{double(participants[c]), "enrolments", enrol_rows[c],
                                "representatives enrolled in the course"};
        list_item it;
        it.texts["title"] = co.title;
        if (!co.topic.empty()) it.texts["topic"] = co.topic;
        if (auto f = combine("participants", "training.participants", y, cp, co.title)) it.figures.push_back(*f);
        items.push_back(std::move(it));
        titles.insert(co.title);
        if (!co.partner.empty()) {
            const row_index pr = ds_.organizations().find(co.partner.str());
            if (pr != no_row) partners.insert(ds_.organizations()[static_cast<std::size_t>(pr)].full_name);
        }
        formats.insert(std::string(to_string(co.format)));
        if (!co.organiser.empty()) {
            const row_index orow = ds_.organizations().find(co.organiser.str());
            if (orow != no_row) organisers.insert(ds_.organizations()[static_cast<std::size_t>(orow)].display_name());
        }
    }
    // Courses known only from published figures (breakdown = course title).
    for (const auto& ind : ds_.indicators()) {
        if (ind.key != "training.participants" || ind.year != y || ind.breakdown.empty()) continue;
        if (!(ind.territory == tid_ || (ind.territory.empty() && tid_ == ds_.info().territory))) continue;
        if (titles.count(ind.breakdown)) continue;
        titles.insert(ind.breakdown);
        list_item it;
        it.texts["title"] = ind.breakdown;
        if (auto f = published("participants", "training.participants", y, ind.breakdown)) it.figures.push_back(*f);
        items.push_back(std::move(it));
    }
    if (f_courses || f_orgs || !items.empty()) {
        statement st{"training.summary", {}, {}, {}};
        if (f_orgs) st.figures.push_back(*f_orgs);
        if (f_courses) st.figures.push_back(*f_courses);
        if (partners.size() == 1) st.texts["partner"] = *partners.begin();
        if (formats.size() == 1 && *formats.begin() == "distance") st.texts["distance"] = "yes";
        if (organisers.size() == 1) st.texts["organiser"] = *organisers.begin();
        if (!items.empty()) st.lists["topics"] = items;
        s.statements.push_back(std::move(st));
    }
    // A course on NGO reporting teaches the personal reporting calendar of the next year.
    for (const auto& it : items) {
        const auto topic = it.texts.count("topic") ? it.texts.at("topic") : std::string();
        if (!mentions_reporting(it.texts.at("title")) && !mentions_reporting(topic)) continue;
        statement st{"training.reporting_calendar", {}, {{"course", it.texts.at("title")}}, {}};
        st.figures.push_back(derived("calendar_year", "training.reporting_calendar_year", y, y + 1, "year",
                                     titles.size() == items.size() ? "courses" : "indicators", 1,
                                     "the year after the report's year, for a course on NGO reporting"));
        s.statements.push_back(std::move(st));
        break;
    }
    return s;
}

// ------------------------------------------------------------------ NGO landscape

section builder::ngo() {
    section s{"ngo", {}, false};
    const int y = out_.year;
    std::size_t n_org_rows = 0, n_nko = 0, n_pa = 0;
    std::map<std::string, std::size_t> spheres;
    std::vector<std::string> sphere_order;
    for (const auto& o : ds_.organizations()) {
        if (!in_territory(o.municipality)) continue;
        ++n_org_rows;
        if (!o.nonprofit) continue;
        if (!o.registered.is_not_a_date() && year_of(o.registered) > y) continue;
        ++n_nko;
        if (!o.public_association) continue;
        ++n_pa;
        for (const auto& sp : o.spheres) {
            if (!spheres.count(sp)) sphere_order.push_back(sp);
            spheres[sp]++;
        }
    }
    std::optional<computed_value> c_nko, c_pa;
    // Organisations are counted only when the dataset lists the territory's NGOs at all.
    if (n_org_rows > 0 && n_nko > 0) {
        c_nko = computed_value{double(n_nko), "organizations", n_nko,
                               "non-profit organisations of the territory registered by the year's end"};
        c_pa = computed_value{double(n_pa), "organizations", n_pa, "public associations among them"};
    }
    auto f_nko = combine("ngos", "ngo.registered", y, c_nko);
    auto f_pa = combine("associations", "ngo.public_associations", y, c_pa);
    if (!f_nko && !f_pa) return s;
    statement st{"ngo.landscape", {}, {}, {}};
    if (f_nko) {
        st.figures.push_back(*f_nko);
        if (!f_nko->prov.source.empty()) st.texts["source"] = f_nko->prov.source;
    }
    if (f_pa) st.figures.push_back(*f_pa);
    // Most common spheres first; ties in the order they first occur.
    std::stable_sort(sphere_order.begin(), sphere_order.end(),
                     [&](const std::string& a, const std::string& b) { return spheres[a] > spheres[b]; });
    for (const auto& sp : sphere_order) st.lists["spheres"].push_back({{}, {{"sphere", sp}}});
    s.statements.push_back(std::move(st));
    return s;
}

// ------------------------------------------------------------------ grants

builder::grant_scan builder::scan_ngo_grants() const {
    grant_scan g;
    const auto& apps = ds_.applications();
    const auto& comps = ds_.competitions();
    std::vector<char> ngo_comp(comps.size(), 0);
    for (std::size_t i = 0; i < comps.size(); ++i) {
        const row_index p = ds_.programmes().find(comps[i].programme.str());
        if (p == no_row) continue;
        const auto k = ds_.programmes()[static_cast<std::size_t>(p)].kind;
        if (k == programme_kind::presidential_grants || k == programme_kind::governor_ngo) {
            ngo_comp[i] = 1;
            g.competition_years.insert(comps[i].year);
        }
    }
    for (std::size_t i = 0; i < apps.size(); ++i) {
        const auto c = static_cast<std::size_t>(apps.competition()[i]);
        if (!ngo_comp[c]) continue;
        if (static_cast<applicant_kind>(apps.applicant_type()[i]) != applicant_kind::organization) continue;
        if (!org_in_territory(apps.applicant()[i])) continue;
        const int cy = comps[c].year;
        g.applications[cy]++;
        if (static_cast<application_status>(apps.status()[i]) == application_status::winner) {
            g.winners[cy]++;
            if (apps.awarded()[i] != missing_kopecks) g.awarded[cy] += apps.awarded()[i];
        }
    }
    return g;
}

section builder::grants() {
    section s{"grants", {}, false};
    const int y = out_.year;
    const grant_scan g = scan_ngo_grants();
    const bool have_records = !g.applications.empty();

    // Applications grow every year (a qualitative statement of the source, from records only).
    if (have_records) {
        std::vector<std::pair<int, std::size_t>> ap;
        for (const auto& [yr, n] : g.applications)
            if (yr <= y) ap.push_back({yr, n});
        bool growing = ap.size() >= 2 && ap.back().first == y;
        for (std::size_t i = 1; growing && i < ap.size(); ++i)
            growing = ap[i].second > ap[i - 1].second && ap[i].first == ap[i - 1].first + 1;
        if (growing) {
            statement st{"grants.applications_growth", {}, {}, {}};
            st.figures.push_back(derived("first", "grants.applications", ap.front().first,
                                         double(ap.front().second), "count", "applications",
                                         ap.front().second, "applications of the territory's NGOs"));
            st.figures.push_back(derived("last", "grants.applications", y, double(ap.back().second),
                                         "count", "applications", ap.back().second,
                                         "applications of the territory's NGOs"));
            s.statements.push_back(std::move(st));
        }
    }

    // Winners by year: published figures, else counted where competitions were recorded.
    std::set<int> years;
    for (const auto& ind : ds_.indicators())
        if (ind.key == "grants.winners" && ind.year <= y && ind.breakdown.empty() &&
            (ind.territory == tid_ || (ind.territory.empty() && tid_ == ds_.info().territory)))
            years.insert(ind.year);
    if (have_records)
        for (int yr : g.competition_years)
            if (yr <= y) years.insert(yr);
    std::vector<figure> series;
    for (int yr : years) {
        std::optional<computed_value> cw;
        if (have_records && g.competition_years.count(yr)) {
            const std::size_t n = g.winners.count(yr) ? g.winners.at(yr) : 0;
            cw = computed_value{double(n), "applications", n,
                                "winning applications of the territory's NGOs to the Presidential and Governor's grants"};
        }
        if (auto f = combine("winners", "grants.winners", yr, cw)) series.push_back(*f);
    }
    if (!series.empty() && series.back().year == y) {
        if (series.size() >= 2) {
            bool growing = true;
            for (std::size_t i = 1; i < series.size(); ++i)
                growing = growing && series[i].value > series[i - 1].value;
            statement st{growing ? "grants.winners_growth" : "grants.winners_change", {}, {}, {}};
            figure first = series.front(), last = series.back();
            first.name = "first";
            last.name = "last";
            st.figures.push_back(first);
            st.figures.push_back(last);
            if (opt_.growth_rate && first.value > 0 && last.year > first.year) {
                // Compound annual growth rate from the analysis engine, which carries the
                // bounds: a lower bound at the end makes the rate a lower bound, a lower bound
                // at the start an upper bound (not stated: the report has no "at most").
                const auto g = analysis::cagr(analysis::from_qualifier(first.value, first.qual),
                                              analysis::from_qualifier(last.value, last.qual),
                                              static_cast<double>(last.year - first.year));
                std::optional<qualifier> q;
                switch (g.kind) {
                    case analysis::estimate_kind::exact: q = qualifier::exact; break;
                    case analysis::estimate_kind::approximate: q = qualifier::about; break;
                    case analysis::estimate_kind::lower_bound:
                        q = g.strict ? qualifier::more_than : qualifier::at_least;
                        break;
                    default: break;
                }
                if (q) {
                    figure r = derived("cagr", "grants.winners.cagr", y, g.value, "percent", "", 2,
                                       "compound annual growth rate (last/first)^(1/years) - 1 "
                                       "(civica::analysis::cagr)");
                    r.prov.table = first.prov.kind == provenance_kind::published &&
                                           last.prov.kind == provenance_kind::published
                                       ? "indicators"
                                       : "applications";
                    r.qual = *q;
                    st.figures.push_back(r);
                }
            }
            for (const auto& f : series) st.lists["years"].push_back({{f}, {}});
            s.statements.push_back(std::move(st));
        } else {
            figure last = series.back();
            last.name = "winners";
            s.statements.push_back({"grants.winners_year", {last}, {}, {}});
        }
        chart c{"winners_by_year", "grants", {}, "year"};
        for (const auto& f : series) c.points.push_back({std::to_string(f.year), f.value, f.qual, f.year == y});
        out_.charts.push_back(std::move(c));
    }

    std::optional<computed_value> cm;
    if (have_records && g.competition_years.count(y)) {
        const std::int64_t k = g.awarded.count(y) ? g.awarded.at(y) : 0;
        const std::size_t n = g.winners.count(y) ? g.winners.at(y) : 0;
        cm = computed_value{static_cast<double>(k) / 100.0, "applications", n,
                            "money awarded to those winners"};
    }
    if (auto f = combine("amount", "grants.funds_attracted", y, cm))
        s.statements.push_back({"grants.funds_attracted", {*f}, {}, {}});
    return s;
}

// ------------------------------------------------------------------ individuals

section builder::individuals() {
    section s{"individuals", {}, false};
    const int y = out_.year;
    const auto& comps = ds_.competitions();
    const auto& apps = ds_.applications();
    std::vector<char> ind_comp(comps.size(), 0);
    bool earlier = false, this_year = false;
    for (std::size_t i = 0; i < comps.size(); ++i) {
        const row_index p = ds_.programmes().find(comps[i].programme.str());
        if (p == no_row || ds_.programmes()[static_cast<std::size_t>(p)].kind != programme_kind::governor_individual)
            continue;
        if (comps[i].year < y) earlier = true;
        if (comps[i].year == y) {
            ind_comp[i] = 1;
            this_year = true;
        }
    }
    std::set<row_index> applicants;
    std::size_t app_rows = 0, win_rows = 0;
    std::int64_t amount = 0;
    std::map<std::string, std::size_t> winners_by_mun;  // municipality id -> winners
    for (std::size_t i = 0; i < apps.size(); ++i) {
        if (!ind_comp[static_cast<std::size_t>(apps.competition()[i])]) continue;
        if (static_cast<applicant_kind>(apps.applicant_type()[i]) != applicant_kind::person) continue;
        const row_index p = apps.applicant()[i];
        const bool win = static_cast<application_status>(apps.status()[i]) == application_status::winner;
        const auto& mun = ds_.persons()[static_cast<std::size_t>(p)].municipality;
        if (win && !mun.empty()) winners_by_mun[mun.str()]++;
        if (!person_in_territory(p)) continue;
        ++app_rows;
        applicants.insert(p);
        if (win) {
            ++win_rows;
            if (apps.awarded()[i] != missing_kopecks) amount += apps.awarded()[i];
        }
    }
    std::optional<computed_value> c_app, c_win, c_amount, c_rank;
    if (this_year && app_rows > 0) {
        c_app = computed_value{double(applicants.size()), "applications", app_rows,
                               "distinct residents who applied to the Governor's grants for individuals"};
        c_win = computed_value{double(win_rows), "applications", win_rows, "their winning applications"};
        c_amount = computed_value{static_cast<double>(amount) / 100.0, "applications", win_rows,
                                  "money awarded to them"};
    }
    std::vector<std::pair<std::string, std::size_t>> ranking(winners_by_mun.begin(), winners_by_mun.end());
    std::stable_sort(ranking.begin(), ranking.end(), [](auto& a, auto& b) { return a.second > b.second; });
    if (ranking.size() >= 2 && winners_by_mun.count(tid_)) {
        const std::size_t mine = winners_by_mun.at(tid_);
        std::size_t rank = 1, rows = 0;
        for (const auto& [m, n] : ranking) {
            rows += n;
            if (n > mine) ++rank;
        }
        c_rank = computed_value{double(rank), "applications", rows,
                                "place among municipalities by winners of the competition for individuals"};
    }
    auto f_app = combine("applicants", "grants.individual.applicants", y, c_app);
    auto f_win = combine("winners", "grants.individual.winners", y, c_win);
    auto f_amount = combine("amount", "grants.individual.amount", y, c_amount);
    auto f_rank = combine("rank", "grants.individual.rank_among_municipalities", y, c_rank, {}, "rank");

    if (f_app) {
        statement st{"grants.individual.participation", {*f_app}, {}, {}};
        if (this_year && !earlier) st.texts["first"] = "yes";
        s.statements.push_back(std::move(st));
    }
    if (f_rank) {
        statement st{f_rank->value == 1 ? "grants.individual.leader" : "grants.individual.rank", {*f_rank}, {}, {}};
        if (ranking.size() >= 2)
            st.figures.push_back(derived("municipalities", "grants.individual.municipalities", y,
                                         double(ranking.size()), "count", "applications", ranking.size(),
                                         "municipalities with winners of the competition"));
        if (!out_.region.empty()) st.texts["region"] = out_.region;
        s.statements.push_back(std::move(st));
    }
    if (f_win) {
        statement st{"grants.individual.winners", {*f_win}, {}, {}};
        if (f_amount) st.figures.push_back(*f_amount);
        s.statements.push_back(std::move(st));
    }
    if (ranking.size() >= 2) {
        chart c{"ranking", "individuals", {}, "municipality"};
        for (const auto& [m, n] : ranking) {
            const row_index r = ds_.municipalities().find(m);
            c.points.push_back({r == no_row ? m : ds_.municipalities()[static_cast<std::size_t>(r)].name,
                                double(n), qualifier::exact, m == tid_});
        }
        out_.charts.push_back(std::move(c));
    }
    return s;
}

report_content builder::run() {
    out_.dataset_name = ds_.info().name;
    out_.synthetic = ds_.info().synthetic;
    resolve_territory();
    resolve_year();
    using maker = section (builder::*)();
    const std::array<maker, 6> makers{&builder::councils, &builder::resource_centre, &builder::training,
                                      &builder::ngo,      &builder::grants,          &builder::individuals};
    for (maker make : makers) {
        section sec = (this->*make)();
        if (sec.statements.empty()) {
            if (!opt_.show_missing) continue;
            sec.missing = true;
        }
        out_.sections.push_back(std::move(sec));
    }
    return std::move(out_);
}

}  // namespace

report_content build(const dataset& ds, const report_options& opt) {
    builder b(ds, opt);
    return b.run();
}

}  // namespace civica::report
