// Builds the report's content from a dataset.
//
// Design notes: every figure is either what the dataset publishes for its key, year and
// territory (dataset::find_indicator, which `ds.indicator(...)` uses too) or what
// civica::analysis::compute_indicator gives from the records: the definitions live in
// analysis (docs/analysis.md, "Definitions") and this file counts nothing. It chooses the
// statements the figures support, picks names and titles from the records, and keeps the
// provenance of every figure. A sentence is made only from a record or a figure of the
// dataset, never from a keyword in a name.
#include "civica/report/content.hpp"
#include "civica/report/vocabulary.hpp"

#include "civica/analysis/councils.hpp"
#include "civica/analysis/indicators.hpp"
#include "civica/analysis/ranking.hpp"
#include "civica/analysis/reconcile.hpp"
#include "civica/analysis/registry.hpp"
#include "civica/analysis/series.hpp"
#include "civica/analysis/training.hpp"
#include "civica/error.hpp"
#include "civica/text/plural.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>

namespace civica::report {

std::string_view to_string(provenance_kind k) {
    return k == provenance_kind::published ? "published" : "computed";
}

const figure* statement::find(std::string_view name) const {
    for (const auto& f : figures)
        if (f.name == name) return &f;
    return nullptr;
}

namespace {

namespace an = civica::analysis;

class builder {
public:
    builder(const dataset& ds, const report_options& opt) : ds_(ds), opt_(opt) {}

    report_content run();

private:
    const dataset& ds_;
    const report_options& opt_;
    report_content out_;
    std::string tid_;  // the territory's id as dataset::resolve_territory gives it; may be empty

    // The territory the analyses count: tid_, or every territory when there is none.
    std::string where() const { return tid_.empty() ? std::string(an::any_territory) : tid_; }

    provenance computed_provenance(const an::computed_figure& c) const {
        return {provenance_kind::computed, {}, c.table, c.rows, c.basis};
    }

    figure make(const std::string& name, const std::string& key, int year, const std::string& breakdown) {
        figure f;
        f.name = name;
        f.key = key;
        f.year = year;
        f.territory = tid_;
        f.breakdown = breakdown;
        if (const auto* def = an::find_definition(key); def && !def->programme_kinds.empty()) {
            f.programmes = an::programmes_of(ds_, def->programme_kinds);
            for (const auto& id : f.programmes) {
                const auto& p = ds_.get(programme_id(id));
                out_.programmes[id] = {p.name, std::string(to_string(p.kind))};
            }
        }
        return f;
    }

    // The figure the report states for key/year/breakdown: the published one if the dataset
    // has it (with what the records give, when they give something), else the records'.
    std::optional<figure> stated(const std::string& name, const std::string& key, int year,
                                 const std::string& breakdown = {}) {
        const indicator* ind = ds_.find_indicator(key, year, tid_, breakdown);
        const auto comp = an::compute_indicator(ds_, key, year, where(), breakdown);
        if (!ind && !comp) return std::nullopt;
        figure f = make(name, key, year, breakdown);
        if (!ind) {
            out_.uses_records = true;
            f.value = comp->value;
            f.unit = comp->unit;
            f.prov = computed_provenance(*comp);
            return f;
        }
        f.value = ind->value;
        f.qual = ind->qual;
        f.unit = ind->unit.empty() ? std::string(default_unit(key)) : ind->unit;
        if (f.unit.empty()) f.unit = "count";
        f.prov.kind = provenance_kind::published;
        f.prov.source = ind->source;
        if (comp && comp->unit == f.unit) {  // records in another currency do not check a figure
            computed_check c;
            c.value = comp->value;
            c.prov = computed_provenance(*comp);
            // The reconciliation's rule, so the report and analysis::reconcile never disagree.
            c.agrees = an::judge(f.value, f.qual, comp->value, f.unit) != an::verdict::contradicts;
            if (!c.agrees)
                out_.discrepancies.push_back({key, year, breakdown, f.value, f.qual, comp->value, c.prov, f.unit});
            f.check = std::move(c);
        }
        return f;
    }

    // A count the records give as 0 is nothing recorded, not an achievement to state: "held
    // 0 meetings, on which 0 questions were considered", "0 projects were supported with 0
    // roubles". Such a figure is left out, and a statement that rests on it with it; a
    // published 0 is the source's own word and is kept.
    static bool nothing_recorded(const figure& f) { return f.prov.kind == provenance_kind::computed && f.value == 0; }
    static void unless_nothing_recorded(std::optional<figure>& f) {
        if (f && nothing_recorded(*f)) f.reset();
    }

    std::string municipality_name(const std::string& id) const {
        const row_index r = ds_.municipalities().find(id);
        return r == no_row ? id : ds_.municipalities()[static_cast<std::size_t>(r)].name;
    }

    void resolve_territory();
    void resolve_year();
    section councils();
    section resource_centre();
    section training();
    section ngo();
    section grants();
    section municipal_grants();
    section individuals();
};

void builder::resolve_territory() {
    std::string t = opt_.territory.empty() ? ds_.info().territory : opt_.territory;
    if (t.empty()) {
        // A dataset without a territory: use the one its indicators name, if just one.
        std::set<std::string> ts;
        for (const auto& i : ds_.indicators()) ts.insert(i.territory);
        if (ts.size() == 1) t = *ts.begin();
    }
    tid_ = ds_.resolve_territory(t);
    const row_index r = ds_.municipalities().find(tid_);
    if (r != no_row) {
        const auto& m = ds_.municipalities()[static_cast<std::size_t>(r)];
        out_.territory_name = m.name;
        out_.territory_name_genitive = m.name_genitive;
        out_.territory_name_prepositional = m.name_prepositional;
        out_.territory_name_en = m.name_en;
        out_.region = m.region;
    } else {
        (void)ds_.require_territory(t);  // not_found_error for a territory the dataset does not know
    }
    out_.territory = tid_;
}

void builder::resolve_year() {
    if (opt_.year != 0) {
        // A year of which the dataset holds nothing would be a report of boilerplate and zeros.
        const auto ys = ds_.years();
        if (std::find(ys.begin(), ys.end(), opt_.year) == ys.end()) {
            std::string have;
            for (const int y : ys) have += (have.empty() ? "" : ", ") + std::to_string(y);
            throw validation_error("report: dataset \"" + ds_.info().name + "\" holds no records or figures of " +
                                   std::to_string(opt_.year) +
                                   (have.empty() ? std::string(" (it has no dated records or figures)")
                                                 : "; its years are " + have));
        }
        out_.year = opt_.year;
        return;
    }
    int best = 0;
    for (const auto& i : ds_.indicators())
        if (ds_.resolve_territory(i.territory) == tid_) best = std::max(best, i.year);
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
    const auto a = an::council_activity(ds_, y, where());
    if (auto f = stated("public_councils", "councils.public_councils", y))
        s.statements.push_back({"councils.public_councils", {*f}, {}, {}});

    // A renewed Public Chamber, named when the territory has one chamber.
    if (auto renewals = stated("renewals", "councils.chamber_renewals", y); renewals && renewals->value >= 1) {
        statement st{"councils.chamber_renewed", {*renewals}, {}, {}};
        std::vector<std::string> chambers;
        for (const auto& b : a.bodies)
            if (b.kind == body_kind::public_chamber) chambers.push_back(b.name);
        if (chambers.size() == 1) st.texts["chamber"] = chambers.front();
        if (auto m = stated("members", "councils.chamber_members", y)) st.figures.push_back(*m);
        s.statements.push_back(std::move(st));
    }

    auto f_bodies = stated("bodies", "councils.collegial_bodies", y);
    auto f_meetings = stated("meetings", "councils.meetings", y);
    auto f_questions = stated("questions", "councils.agenda_questions", y);
    unless_nothing_recorded(f_meetings);
    unless_nothing_recorded(f_questions);
    if (f_meetings || f_questions) {
        statement st{"councils.activity", {}, {}, {}};
        for (auto* f : {&f_bodies, &f_meetings, &f_questions})
            if (*f) st.figures.push_back(**f);
        s.statements.push_back(std::move(st));
    } else if (f_bodies) {
        s.statements.push_back({"councils.bodies", {*f_bodies}, {}, {}});
    }
    if (a.meetings > 0) {
        chart c{"meetings_by_month", "councils", {}, "month"};
        for (std::size_t m = 0; m < 12; ++m)
            c.points.push_back({std::to_string(m + 1), {}, static_cast<double>(a.meetings_by_month[m]), qualifier::exact,
                                false});
        out_.charts.push_back(std::move(c));
    }
    return s;
}

// ------------------------------------------------------------------ resource centre

section builder::resource_centre() {
    section s{"resource_centre", {}, false};
    const int y = out_.year;
    const auto rc = an::resource_centre_activity(ds_, y, where());
    if (rc.organization.empty()) return s;
    // A published opening (DOMAIN.md row 6: the centre "started work" in 2020) says which year
    // is the centre's first: it "started" in that year, and before it, with no support of the
    // year recorded, there was no centre to state.
    auto opened = stated("openings", "resource_centre.openings", y);
    if (!opened && rc.services == 0)
        for (const auto& ind : ds_.indicators())
            if (ind.key == "resource_centre.openings" && ind.year > y && ind.value >= 1 &&
                ds_.find_indicator(ind.key, ind.year, tid_) == &ind)
                return s;
    const bool started = opened ? opened->value >= 1 : rc.started;
    const auto& org = ds_.get(organization_id(rc.organization));
    statement st{started ? "resource_centre.started" : "resource_centre.works", {}, {}, {}};
    if (opened) st.figures.push_back(*opened);
    st.texts["name"] = org.full_name;
    // The gender of the name, for the verb agreeing with it («начала работу Автономная
    // некоммерческая организация»): a slot set only when it is not masculine.
    switch (civica::text::russian_name_gender(org.full_name)) {
        case civica::text::grammatical_gender::feminine: st.texts["feminine"] = "yes"; break;
        case civica::text::grammatical_gender::neuter: st.texts["neuter"] = "yes"; break;
        case civica::text::grammatical_gender::masculine: break;
    }
    if (org.display_name() != org.full_name) st.texts["short_name"] = org.display_name();
    for (const auto& [name, key] : {std::pair{"services", "resource_centre.services"},
                                    std::pair{"recipients", "resource_centre.recipients"},
                                    std::pair{"monitored", "resource_centre.projects_monitored"}})
        if (auto f = stated(name, key, y)) st.figures.push_back(*f);
    auto& list = st.lists["kinds"];
    for (auto kind : rc.kinds) {
        if (kind == support_kind::grants_help) {
            st.texts["grants_help"] = "yes";
            continue;
        }
        list.push_back({{}, {{"kind", std::string(to_string(kind))}}});
    }
    if (rc.monitoring) st.texts["monitoring"] = "yes";
    s.statements.push_back(std::move(st));
    return s;
}

// ------------------------------------------------------------------ training

section builder::training() {
    section s{"training", {}, false};
    const int y = out_.year;
    const auto tr = an::training_activity(ds_, y, where());
    auto f_courses = stated("courses", "training.courses", y);
    auto f_orgs = stated("ngos", "training.ngos_trained", y);
    unless_nothing_recorded(f_courses);
    unless_nothing_recorded(f_orgs);  // "for 0 NGOs … (1 NGO representative)": none completed

    // The courses to list: those of the year the territory attended (every course of the year
    // when no enrolment is recorded), then the courses only published figures name.
    std::vector<list_item> items;
    std::vector<const course*> records;  // the course row of each item, when there is one
    std::set<std::string> titles;
    // The titles of courses with residents enrolled on their own: a title's participants (the
    // figure counts every course of the title) are then not all NGO representatives.
    std::set<std::string> with_residents;
    for (const auto& c : tr.courses)
        if (c.persons > 0) with_residents.insert(c.title);
    for (const auto& c : tr.courses) {
        if (tr.enrolments > 0 && c.enrolments == 0) continue;
        list_item it;
        it.texts["title"] = c.title;
        if (!c.topic.empty()) it.texts["topic"] = c.topic;
        if (auto f = stated("participants", "training.participants", y, c.title)) {
            // Residents enrolled on their own take part too: the participants are then not
            // all NGO representatives (a published figure is the city's own words).
            if (with_residents.count(c.title) && f->prov.kind == provenance_kind::computed) it.texts["residents"] = "yes";
            it.figures.push_back(*f);
        }
        items.push_back(std::move(it));
        records.push_back(&ds_.courses()[static_cast<std::size_t>(ds_.courses().find(c.id))]);
        titles.insert(c.title);
    }
    for (const auto& ind : ds_.indicators()) {
        if (ind.key != "training.participants" || ind.year != y || ind.breakdown.empty()) continue;
        if (ds_.resolve_territory(ind.territory) != tid_ || !titles.insert(ind.breakdown).second) continue;
        list_item it;
        it.texts["title"] = ind.breakdown;
        if (auto f = stated("participants", "training.participants", y, ind.breakdown)) it.figures.push_back(*f);
        // The course row of that title, when the dataset has one of the year or an undated one.
        const course* row = nullptr;
        for (const auto& c : ds_.courses())
            if (c.title == ind.breakdown && (an::course_year(c) == y || an::course_year(c) == 0)) {
                row = &c;
                break;
            }
        if (row && !row->topic.empty()) it.texts["topic"] = row->topic;
        items.push_back(std::move(it));
        records.push_back(row);
    }
    if (!f_courses && !f_orgs && items.empty()) return s;

    statement st{"training.summary", {}, {}, {}};
    if (f_orgs) st.figures.push_back(*f_orgs);
    if (f_courses) st.figures.push_back(*f_courses);
    // Who organised the courses, with whom and how: said only when the course rows agree.
    std::set<std::string> partners, organisers, formats;
    bool every_row = !records.empty();
    for (const course* c : records) {
        if (!c) {
            every_row = false;
            continue;
        }
        if (!c->partner.empty()) partners.insert(ds_.get(c->partner).full_name);
        if (!c->organiser.empty()) organisers.insert(ds_.get(c->organiser).display_name());
        formats.insert(std::string(to_string(c->format)));
    }
    if (partners.size() == 1) st.texts["partner"] = *partners.begin();
    if (organisers.size() == 1) st.texts["organiser"] = *organisers.begin();
    if (every_row && formats.size() == 1 && *formats.begin() == "distance") st.texts["distance"] = "yes";
    if (!items.empty()) st.lists["topics"] = items;
    s.statements.push_back(std::move(st));
    // What each course was about, as its record says.
    for (const auto& it : items)
        if (auto t = it.texts.find("topic"); t != it.texts.end())
            s.statements.push_back({"training.course_topic", {}, {{"course", it.texts.at("title")}, {"topic", t->second}}, {}});
    return s;
}

// ------------------------------------------------------------------ NGO landscape

section builder::ngo() {
    section s{"ngo", {}, false};
    const int y = out_.year;
    auto f_nko = stated("ngos", "ngo.registered", y);
    auto f_pa = stated("associations", "ngo.public_associations", y);
    // "of them 0 are public associations" says nothing a reader needs: a zero is left unsaid.
    if (f_pa && f_pa->value == 0) f_pa.reset();
    if (!f_nko && !f_pa) return s;
    statement st{"ngo.landscape", {}, {}, {}};
    if (f_nko) {
        st.figures.push_back(*f_nko);
        if (!f_nko->prov.source.empty()) st.texts["source"] = f_nko->prov.source;
    }
    if (f_pa) st.figures.push_back(*f_pa);
    for (const auto& sp : an::ngo_registry(ds_, y, where()).public_association_spheres)
        st.lists["spheres"].push_back({{}, {{"sphere", sp.key}}});
    s.statements.push_back(std::move(st));
    return s;
}

// ------------------------------------------------------------------ grants

section builder::grants() {
    section s{"grants", {}, false};
    const int y = out_.year;
    const auto* def = an::find_definition("grants.winners");
    // Which competitions the section speaks of: a dataset of the Presidential Grants Fund's
    // registry alone is not "the Presidential and Governor's grants".
    {
        std::set<programme_kind> kinds;
        for (const auto& id : an::programmes_of(ds_, def->programme_kinds)) kinds.insert(ds_.get(programme_id(id)).kind);
        if (!kinds.empty()) {
            out_.presidential_grants = kinds.count(programme_kind::presidential_grants) > 0;
            out_.governor_grants = kinds.count(programme_kind::governor_ngo) > 0;
        }
    }
    std::vector<int> record_years;
    for (int yr : an::competition_years(ds_, def->programme_kinds))
        if (yr <= y) record_years.push_back(yr);
    // A territory none of whose applicants is in the records, and of which no grant figure is
    // published, has no data for the section: counted, its zeros would read as facts ("0
    // winners, the same as in 2017; 0 roubles attracted"), as for a town the dataset's records
    // do not cover.
    {
        bool has_data = false;
        for (const auto& ind : ds_.indicators())
            has_data = has_data || ((ind.key == "grants.applications" || ind.key == "grants.winners" ||
                                     ind.key == "grants.funds_attracted") &&
                                    ind.year <= y && ds_.resolve_territory(ind.territory) == tid_);
        for (int yr : record_years) {
            if (has_data) break;
            const auto applied = an::compute_indicator(ds_, "grants.applications", yr, where());
            has_data = applied && applied->value > 0;
        }
        if (!has_data) return s;
    }

    // The years a grant figure is stated for: those the records have competitions in, and
    // those up to the report's year it is published for (the city's own figures of years the
    // records do not cover).
    auto stated_years = [&](std::string_view key) {
        std::set<int> out(record_years.begin(), record_years.end());
        for (const auto& ind : ds_.indicators())
            if (ind.key == key && ind.year <= y && ind.breakdown.empty() && ds_.resolve_territory(ind.territory) == tid_)
                out.insert(ind.year);
        return out;
    };

    // Applications grow every year: consecutive years, each above the one before.
    {
        std::vector<figure> ap;
        for (int yr : stated_years("grants.applications"))
            if (auto f = stated("applications", "grants.applications", yr)) ap.push_back(*f);
        bool growing = ap.size() >= 2 && ap.back().year == y;
        for (std::size_t i = 1; growing && i < ap.size(); ++i)
            growing = ap[i].value > ap[i - 1].value && ap[i].year == ap[i - 1].year + 1;
        if (growing) {
            figure first = ap.front(), last = ap.back();
            first.name = "first";
            last.name = "last";
            s.statements.push_back({"grants.applications_growth", {first, last}, {}, {}});
        }
    }

    // Winners by year: published figures, and counts where the records have competitions.
    const std::set<int> years = stated_years("grants.winners");
    std::vector<figure> series;
    for (int yr : years)
        if (auto f = stated("winners", "grants.winners", yr)) series.push_back(*f);
    // A year of the territory without a recorded winner is no year to state by itself ("won 0
    // grants"); as the end of a series it is a change to none, stated with the years.
    // Nor is a run of such years ("the same in 2018 as in 2017: 0 winners").
    if (std::all_of(series.begin(), series.end(), nothing_recorded)) series.clear();
    // Nor are the years before the first winner the start of a trend ("grows every year: from 0
    // in 2017 to 1 in 2018", "the same in 2020 as in 2017: 0 winners"): the series starts at it.
    series.erase(series.begin(), std::find_if_not(series.begin(), series.end(), nothing_recorded));
    if (!series.empty() && series.back().year == y) {
        // A trend needs the figure to have moved: a series that ends where it began is stated as
        // the same (grants.winners_same), not as "changed from 5 in 2021 to 5 in 2022".
        const bool moved = series.size() >= 2 && (series.front().value != series.back().value ||
                                                  series.front().qual != series.back().qual);
        if (moved) {
            bool rising = true, every_year = true;
            for (std::size_t i = 1; i < series.size(); ++i) {
                rising = rising && series[i].value > series[i - 1].value;
                every_year = every_year && series[i].year == series[i - 1].year + 1;
            }
            // "Grows every year" needs every year; a rise between years further apart is a rise.
            const char* id = !rising ? "grants.winners_change" : every_year ? "grants.winners_growth" : "grants.winners_rise";
            statement st{id, {}, {}, {}};
            figure first = series.front(), last = series.back();
            first.name = "first";
            last.name = "last";
            st.figures.push_back(first);
            st.figures.push_back(last);
            // The year's total stated by itself ("In 2022 there were 3 winners"): not a count
            // of none from the records, which the change to it has already said.
            if (!nothing_recorded(last)) {
                figure total = last;
                total.name = "total";
                st.figures.push_back(total);
            }
            // No rate to or from none: "−100 % a year" says nothing a fall to 0 does not.
            if (opt_.growth_rate && first.value > 0 && last.value > 0 && last.year > first.year) {
                // The rate from the analysis engine, which carries the bounds: a lower bound at
                // the end makes the rate a lower bound, a lower bound at the start an upper
                // bound (not stated: the report has no "at most").
                const auto g = an::cagr(an::from_qualifier(first.value, first.qual),
                                        an::from_qualifier(last.value, last.qual),
                                        static_cast<double>(last.year - first.year));
                std::optional<qualifier> q;
                switch (g.kind) {
                    case an::estimate_kind::exact: q = qualifier::exact; break;
                    case an::estimate_kind::approximate: q = qualifier::about; break;
                    case an::estimate_kind::lower_bound: q = g.strict ? qualifier::more_than : qualifier::at_least; break;
                    default: break;
                }
                if (q) {
                    figure r = make("cagr", "grants.winners.cagr", y, {});
                    r.value = g.value;
                    r.unit = "percent";
                    r.qual = *q;
                    const bool both_published = first.prov.kind == provenance_kind::published &&
                                                last.prov.kind == provenance_kind::published;
                    // The rows behind it: the two published figures' rows of the indicators, or
                    // the applications counted for the figures computed from records.
                    std::size_t rows = both_published ? 2 : 0;
                    for (const figure* f : {&first, &last})
                        if (f->prov.kind == provenance_kind::computed) rows += f->prov.rows;
                    r.prov = {provenance_kind::computed, {}, both_published ? "indicators" : "applications", rows,
                              "compound annual growth rate (last/first)^(1/years) - 1 of grants.winners " +
                                  std::to_string(first.year) + " and " + std::to_string(last.year) +
                                  " (civica::analysis::cagr)"};
                    st.figures.push_back(r);
                }
            }
            for (const auto& f : series) st.lists["years"].push_back({{f}, {}});
            s.statements.push_back(std::move(st));
        } else if (series.size() >= 2) {
            figure first = series.front(), last = series.back();
            first.name = "first";
            last.name = "last";
            s.statements.push_back({"grants.winners_same", {first, last}, {}, {}});
        } else {
            figure last = series.back();
            last.name = "winners";
            s.statements.push_back({"grants.winners_year", {last}, {}, {}});
        }
        chart c{"winners_by_year", "grants", {}, "year"};
        for (const auto& f : series) c.points.push_back({std::to_string(f.year), {}, f.value, f.qual, f.year == y});
        out_.charts.push_back(std::move(c));
    }
    auto f_funds = stated("amount", "grants.funds_attracted", y);
    unless_nothing_recorded(f_funds);
    if (f_funds) s.statements.push_back({"grants.funds_attracted", {*f_funds}, {}, {}});
    return s;
}

// ------------------------------------------------------------------ the territory's own competitions

section builder::municipal_grants() {
    section s{"municipal_grants", {}, false};
    const int y = out_.year;
    statement st{"grants.municipal.summary", {}, {}, {}};
    // No application of the territory's applicants recorded: nothing to say of it (the
    // competitions may be another city's), not "0 applications, 0 projects, 0 roubles".
    auto f_applications = stated("applications", "grants.municipal.applications", y);
    unless_nothing_recorded(f_applications);
    if (!f_applications) return s;
    st.figures.push_back(*f_applications);
    // No project supported of the applications recorded: the applications are stated, not
    // "0 projects were supported (0 %), with 0 roubles in all".
    auto f_winners = stated("winners", "grants.municipal.winners", y);
    if (!(f_winners && nothing_recorded(*f_winners))) {
        if (f_winners) st.figures.push_back(*f_winners);
        for (const auto& [name, key] : {std::pair{"success_rate", "grants.municipal.success_rate"},
                                        std::pair{"amount", "grants.municipal.amount"}})
            if (auto f = stated(name, key, y)) st.figures.push_back(*f);
    }
    // The programmes the figures cover that held a competition in the year, by name.
    std::set<std::string> held;
    for (const auto& c : ds_.competitions())
        if (c.year == y) held.insert(c.programme.str());
    for (const auto& id : st.figures.front().programmes)
        if (held.count(id)) st.lists["programmes"].push_back({{}, {{"name", ds_.get(programme_id(id)).name}}});
    s.statements.push_back(std::move(st));
    return s;
}

// ------------------------------------------------------------------ individuals

section builder::individuals() {
    section s{"individuals", {}, false};
    const int y = out_.year;
    const auto* def = an::find_definition("grants.individual.winners");
    const auto years = an::competition_years(ds_, def->programme_kinds);
    auto f_app = stated("applicants", "grants.individual.applicants", y);
    auto f_rank = stated("rank", "grants.individual.rank_among_municipalities", y);
    auto f_win = stated("winners", "grants.individual.winners", y);
    auto f_amount = stated("amount", "grants.individual.amount", y);
    unless_nothing_recorded(f_app);  // "0 residents took part"
    unless_nothing_recorded(f_win);  // "0 residents … received support totalling 0 roubles"
    if (!f_win) unless_nothing_recorded(f_amount);

    if (f_app) {
        statement st{"grants.individual.participation", {*f_app}, {}, {}};
        // The first competition: the programme's records have the year and none before it,
        // no figure of the programme is published for an earlier year, and the dataset's grant
        // data goes back further (competitions of other programmes, or published grant figures,
        // of an earlier year): a dataset of one year alone cannot tell a first competition from
        // the first one it holds, and an older figure of another kind says nothing of grants.
        bool earlier_grants = false, earlier_programme = false;
        for (const auto& c : ds_.competitions()) earlier_grants = earlier_grants || c.year < y;
        for (const auto& i : ds_.indicators()) {
            if (i.year >= y || !i.key.starts_with("grants.")) continue;
            earlier_grants = true;
            earlier_programme = earlier_programme || i.key.starts_with("grants.individual.");
        }
        if (!years.empty() && years.front() == y && earlier_grants && !earlier_programme) st.texts["first"] = "yes";
        s.statements.push_back(std::move(st));
    }
    // Winners by municipality, counted as the rank counts them: distinct winning persons.
    an::application_filter f;
    f.years = {y};
    f.programme_kinds = def->programme_kinds;
    f.applicant_type = applicant_kind::person;
    const auto r = an::rank_by(ds_, an::dimension::municipality, an::measure::winning_applicants, f);
    if (f_rank) {
        statement st{f_rank->value == 1 ? "grants.individual.leader" : "grants.individual.rank", {*f_rank}, {}, {}};
        if (auto m = stated("municipalities", "grants.individual.municipalities", y)) st.figures.push_back(*m);
        if (!out_.region.empty()) st.texts["region"] = out_.region;
        // A rank counted from records is a rank among the municipalities the dataset holds, not
        // among all of the region's: the text says so.
        if (f_rank->prov.kind == provenance_kind::computed) {
            st.texts["counted"] = "yes";
            // A place counted from records that another municipality holds too (as many winners:
            // ties share the best place) is shared, «разделил первое место». A published place
            // is stated as published.
            const auto own = std::find_if(r.rows.begin(), r.rows.end(), [&](const auto& row) { return row.key == tid_; });
            if (own != r.rows.end() && std::count_if(r.rows.begin(), r.rows.end(), [&](const auto& row) {
                    return !row.key.empty() && row.key != tid_ && row.value == own->value;
                }) > 0)
                st.texts["shared"] = "yes";
        }
        s.statements.push_back(std::move(st));
    }
    if (f_win) {
        statement st{"grants.individual.winners", {*f_win}, {}, {}};
        if (f_amount) st.figures.push_back(*f_amount);
        s.statements.push_back(std::move(st));
    }
    chart c{"ranking", "individuals", {}, "municipality"};
    for (const auto& row : r.rows) {
        if (!(row.value > 0) || row.key.empty()) continue;  // "": applicants of no municipality
        const row_index m = ds_.municipalities().find(row.key);
        c.points.push_back({municipality_name(row.key),
                            m == no_row ? std::string() : ds_.municipalities()[static_cast<std::size_t>(m)].name_en,
                            row.value, qualifier::exact, row.key == tid_});
    }
    if (c.points.size() >= 2) out_.charts.push_back(std::move(c));
    return s;
}

// A statement, a slot or a list that vocabulary.cpp does not declare is a defect of civica, not
// of the data: a template could not word it, and check_template would refuse the wording that does.
void require_declared(const section& sec) {
    auto defect = [&](const std::string& what) {
        return std::logic_error("civica report: section \"" + sec.id + "\" " + what +
                                " that the report's vocabulary (civica/report/vocabulary.hpp) does not declare");
    };
    if (std::find(section_ids().begin(), section_ids().end(), sec.id) == section_ids().end())
        throw defect("is a section");
    for (const auto& st : sec.statements) {
        const statement_vocabulary* v = find_statement_vocabulary(st.id);
        if (!v || v->section != sec.id) throw defect("has a statement \"" + st.id + "\"");
        for (const auto& f : st.figures)
            if (!v->has_slot(f.name)) throw defect("has a figure \"" + f.name + "\" in \"" + st.id + "\"");
        for (const auto& [name, _] : st.texts)
            if (!v->has_slot(name)) throw defect("has a text \"" + name + "\" in \"" + st.id + "\"");
        for (const auto& [name, items] : st.lists) {
            const list_vocabulary* l = v->find_list(name);
            if (!l) throw defect("has a list \"" + name + "\" in \"" + st.id + "\"");
            for (const auto& item : items) {
                auto declared = [&](const std::string& slot) {
                    return std::find(l->item_slots.begin(), l->item_slots.end(), slot) != l->item_slots.end();
                };
                for (const auto& f : item.figures)
                    if (!declared(f.name)) throw defect("has an item figure \"" + f.name + "\" in " + st.id + "." + name);
                for (const auto& [slot, _] : item.texts)
                    if (!declared(slot)) throw defect("has an item text \"" + slot + "\" in " + st.id + "." + name);
            }
        }
    }
}

report_content builder::run() {
    out_.dataset_name = ds_.info().name;
    out_.dataset_title = ds_.info().title;
    out_.synthetic = ds_.info().synthetic;
    out_.notes = opt_.notes;
    out_.show_missing = opt_.show_missing;
    resolve_territory();
    resolve_year();
    using maker = section (builder::*)();
    const std::array<maker, 7> makers{&builder::councils, &builder::resource_centre,  &builder::training,
                                      &builder::ngo,      &builder::grants,           &builder::municipal_grants,
                                      &builder::individuals};
    for (maker make : makers) {
        section sec = (this->*make)();
        require_declared(sec);
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
