#pragma once
// A small hand-made dataset for the analysis tests. Every expected figure in the tests is
// counted by hand from the rows below (the comments give the tallies).
#include "civica/error.hpp"
#include "civica/model/dataset.hpp"

#include <string>

namespace analysis_test {

/// What `call()` throws as a civica::validation_error, or "no error".
template <class Call>
std::string refusal(Call call) {
    try {
        call();
    } catch (const civica::validation_error& e) {
        return e.what();
    }
    return "no error";
}

inline civica::date d(const char* iso) { return civica::parse_date(iso); }
inline civica::money rub(double r) { return civica::money::from_kopecks(static_cast<std::int64_t>(r * 100 + (r >= 0 ? 0.5 : -0.5))); }

/// `region`: the region of every municipality (none by default); `region_c`, when given, that
/// of municipality c (organisation o4's).
inline civica::dataset fixture(const std::string& region = {}, const std::string* region_c = nullptr) {
    using namespace civica;
    dataset ds;
    ds.info().name = "fixture";
    ds.info().territory = "a";

    municipality a{municipality_id("a"), "Alpha", "", region, {{2019, 1000}, {2020, 1100}}};
    municipality b{municipality_id("b"), "Beta", "", region, {{2018, 500}}};
    municipality c{municipality_id("c"), "Gamma", "", region_c ? *region_c : region, {}};
    ds.add(a);
    ds.add(b);
    ds.add(c);

    auto org = [&](const char* id, const char* muni, int okopf, bool pa, bool so, const char* reg,
                   std::vector<std::string> spheres = {}) {
        organization o;
        o.id = organization_id(id);
        o.full_name = std::string("Org ") + id;
        o.okopf = okopf;
        o.municipality = municipality_id(muni);
        o.public_association = pa;
        o.socially_oriented = so;
        if (*reg) o.registered = d(reg);
        o.spheres = std::move(spheres);
        ds.add(o);
    };
    org("o1", "a", 20200, true, true, "2015-03-01", {"culture", "sport"});
    org("o2", "a", 71400, false, true, "2019-07-01", {"health"});
    org("o3", "b", 70400, false, false, "2010-01-01");
    org("o4", "c", 71400, false, true, "2020-02-02", {"culture"});
    org("o5", "a", 20200, true, false, "2020-06-01", {"culture"});
    org("o6", "a", 20200, true, false, "2021-01-10");
    {
        organization rc;  // a resource centre: not an NGO, excluded from the registry
        rc.id = organization_id("rc");
        rc.full_name = "Resource centre";
        rc.municipality = municipality_id("a");
        rc.nonprofit = false;
        ds.add(rc);
    }
    ds.add(person{person_id("p1"), municipality_id("a"), "Person One"});
    ds.add(person{person_id("p2"), municipality_id("b"), ""});
    ds.add(person{person_id("p3"), municipality_id("a"), ""});

    ds.add(grant_operator{operator_id("fpg"), "Presidential Grants Fund", {}});
    ds.add(grant_operator{operator_id("gov"), "Governor", {}});
    ds.add(programme{programme_id("pres"), operator_id("fpg"), "Presidential grants", programme_kind::presidential_grants});
    ds.add(programme{programme_id("gngo"), operator_id("gov"), "Governor NGO", programme_kind::governor_ngo});
    ds.add(programme{programme_id("gind"), operator_id("gov"), "Governor individual", programme_kind::governor_individual});
    auto comp = [&](const char* id, const char* prog, int year, int round) {
        competition c;
        c.id = competition_id(id);
        c.programme = programme_id(prog);
        c.year = year;
        c.round = round;
        ds.add(c);
    };
    comp("pres-2019-1", "pres", 2019, 1);
    comp("pres-2020-1", "pres", 2020, 1);
    comp("pres-2020-2", "pres", 2020, 2);
    comp("gngo-2020", "gngo", 2020, 1);
    comp("gind-2020", "gind", 2020, 1);

    auto app = [&](const char* id, const char* comp_id, bool is_person, const char* who, const char* dir,
                   double requested, application_status st, double awarded, const char* submitted) {
        application x;
        x.id = application_id(id);
        x.competition = competition_id(comp_id);
        x.applicant_type = is_person ? applicant_kind::person : applicant_kind::organization;
        x.applicant = who;
        x.direction = dir;
        x.requested = rub(requested);
        x.status = st;
        if (st == application_status::winner) x.awarded = rub(awarded);
        x.submitted = d(submitted);
        ds.add(x);
    };
    using S = application_status;
    app("a1", "pres-2019-1", false, "o1", "culture", 1000, S::winner, 800, "2019-03-01");
    app("a2", "pres-2019-1", false, "o2", "health", 2000, S::rejected, 0, "2019-03-01");
    app("a3", "pres-2019-1", false, "o3", "culture", 1500, S::winner, 1500, "2019-03-02");
    app("a4", "pres-2020-1", false, "o1", "culture", 1200, S::winner, 1000, "2020-06-01");
    app("a5", "pres-2020-1", false, "o2", "health", 3000, S::winner, 2500.50, "2020-06-02");
    app("a6", "pres-2020-2", false, "o4", "youth", 500, S::withdrawn, 0, "2020-10-01");
    app("a7", "pres-2020-2", false, "o3", "youth", 700, S::rejected, 0, "2020-10-01");
    app("a8", "gngo-2020", false, "o2", "health", 400, S::winner, 400, "2020-08-01");
    app("a9", "gngo-2020", false, "o4", "culture", 900, S::admitted, 0, "2020-08-01");
    app("a10", "gind-2020", true, "p1", "", 100, S::winner, 100, "2020-09-15");
    app("a11", "gind-2020", true, "p2", "", 150, S::winner, 120, "2020-09-15");
    app("a12", "gind-2020", true, "p3", "", 200, S::rejected, 0, "2020-09-16");
    app("a13", "gind-2020", true, "p1", "", 50, S::winner, 50, "2020-10-01");
    // Tallies: 2019: 3 applications, 2 winners, 2300.00 awarded, 4500.00 requested.
    // 2020: 10 applications (1 withdrawn), 6 winners, 4170.50 awarded, 7200.00 requested.

    // Councils: three councils and the chamber in "a", one council in "b".
    auto body = [&](const char* id, body_kind k, const char* muni) {
        ds.add(collegial_body{body_id(id), std::string("Body ") + id, k, "", municipality_id(muni)});
    };
    body("c1", body_kind::public_council, "a");
    body("c2", body_kind::public_council, "a");
    body("c4", body_kind::public_council, "a");
    body("ch", body_kind::public_chamber, "a");
    body("c3", body_kind::public_council, "b");
    ds.add(membership_term{body_id("c1"), {d("2020-01-15"), {}}, 12, ""});
    ds.add(membership_term{body_id("ch"), {d("2020-03-01"), d("2023-03-01")}, 30, "renewed"});
    ds.add(membership_term{body_id("c2"), {d("2018-01-01"), {}}, 9, ""});
    auto meet = [&](const char* id, const char* b, const char* when) {
        ds.add(meeting{meeting_id(id), body_id(b), d(when), meeting_format::in_person});
    };
    meet("m0", "c1", "2019-12-01");
    meet("m1", "c1", "2020-02-10");
    meet("m2", "c1", "2020-05-15");
    meet("m3", "c1", "2020-05-20");
    meet("m4", "c2", "2020-11-01");
    meet("m5", "ch", "2020-12-01");
    meet("m6", "c3", "2020-03-01");
    meet("m7", "c4", "2019-06-01");
    auto q = [&](const char* id, const char* m, const char* topic) {
        ds.add(agenda_question{agenda_question_id(id), meeting_id(m), std::string("Question ") + id, topic});
    };
    q("q1", "m1", "budget");
    q("q2", "m1", "transport");
    q("q3", "m2", "budget");
    q("q4", "m4", "ecology");
    q("q5", "m4", "budget");
    q("q6", "m4", "culture");
    q("q7", "m5", "budget");
    q("q8", "m6", "budget");
    q("q9", "m0", "budget");
    // 2020 in "a": bodies c1, c2, c4, ch; meetings m1–m5 (5); questions q1–q7 (7);
    // topics budget, transport, ecology, culture (4); c4 met only in 2019.

    // Trainings.
    auto course_of = [&](const char* id, const char* title, const char* from, const char* to) {
        course k;
        k.id = course_id(id);
        k.title = title;
        k.format = course_format::distance;
        k.organiser = organization_id("rc");
        k.dates = {d(from), d(to)};
        ds.add(k);
    };
    course_of("k0", "Old course", "2019-03-01", "2019-03-05");
    course_of("k1", "Course One", "2020-04-01", "2020-05-01");
    course_of("k2", "Course Two", "2020-10-01", "2020-10-10");
    auto enrol = [&](const char* k, const char* o, const char* p, int n, bool done) {
        ds.add(enrolment{course_id(k), organization_id(o), person_id(p), n, done});
    };
    enrol("k0", "o3", "", 1, true);
    enrol("k1", "o1", "", 2, true);
    enrol("k1", "o2", "", 1, true);
    enrol("k1", "", "p1", 1, true);
    enrol("k2", "o1", "", 1, true);
    enrol("k2", "o4", "", 3, false);

    // Resource centre services.
    auto serve = [&](const char* id, bool is_person, const char* who, support_kind k, const char* when) {
        support_service s;
        s.id = service_id(id);
        s.provider = organization_id("rc");
        s.recipient_type = is_person ? applicant_kind::person : applicant_kind::organization;
        s.recipient = who;
        s.kind = k;
        s.provided = d(when);
        ds.add(s);
    };
    serve("s1", false, "o1", support_kind::information, "2020-02-01");
    serve("s2", false, "o2", support_kind::consulting, "2020-03-01");
    serve("s3", true, "p1", support_kind::grants_help, "2020-08-01");
    serve("s4", false, "o1", support_kind::consulting, "2019-05-01");
    serve("s5", false, "o1", support_kind::consulting, "2020-09-01");

    ds.add(monitoring_record{application_id("a4"), d("2020-12-01"), 8.0, "completed", ""});
    ds.add(monitoring_record{application_id("a5"), d("2020-12-01"), 6.0, "in_progress", ""});
    ds.add(monitoring_record{application_id("a5"), d("2021-01-15"), 9.0, "completed", ""});
    ds.add(monitoring_record{application_id("a8"), d("2020-12-20"), std::nullopt, "failed", ""});
    return ds;
}

}  // namespace analysis_test
