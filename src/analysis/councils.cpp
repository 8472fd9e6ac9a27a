#include "civica/analysis/councils.hpp"

#include "civica/analysis/indicators.hpp"
#include "civica/model/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace civica::analysis {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}

bool is_collegial_public_body(body_kind k) { return k == body_kind::public_council || k == body_kind::public_chamber; }

council_summary council_activity(const dataset& ds, int year, std::string_view territory) {
    council_summary out;
    out.year = year;
    out.territory = territory_of(ds, territory);
    const std::string own = ds.resolve_territory({});
    auto belongs = [&](const collegial_body& b) {
        if (out.territory == any_territory) return true;
        // A body without a municipality is the dataset's own (see the header).
        const std::string m = b.municipality.empty() ? own : ds.resolve_territory(b.municipality.str());
        return m == out.territory;
    };

    // Body row → position in out.bodies (or −1 when outside the territory).
    const auto& bodies = ds.bodies();
    std::vector<int> slot(bodies.size(), -1);
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < bodies.size(); ++i)
        if (belongs(bodies[i])) rows.push_back(i);
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
        if (bodies[a].kind != bodies[b].kind) return bodies[a].kind < bodies[b].kind;
        return bodies[a].id < bodies[b].id;
    });
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& b = bodies[rows[i]];
        slot[rows[i]] = static_cast<int>(i);
        body_activity a;
        a.id = b.id.str();
        a.name = b.name;
        a.kind = b.kind;
        out.bodies.push_back(std::move(a));
        switch (b.kind) {
            case body_kind::public_council: ++out.public_councils; break;
            case body_kind::public_chamber: ++out.public_chambers; break;
            case body_kind::other: ++out.other_bodies; break;
        }
    }
    out.collegial_bodies = out.public_councils + out.public_chambers;
    auto collegial = [&](int s) { return is_collegial_public_body(out.bodies[static_cast<std::size_t>(s)].kind); };

    // Meetings of the year, by body and month.
    const auto& meetings = ds.meetings();
    std::vector<int> meeting_slot(meetings.size(), -1);
    for (std::size_t m = 0; m < meetings.size(); ++m) {
        const auto& mt = meetings[m];
        if (mt.held.year() != year) continue;
        const int s = slot[static_cast<std::size_t>(bodies.find(mt.body.str()))];
        if (s < 0) continue;
        meeting_slot[m] = s;
        auto& a = out.bodies[static_cast<std::size_t>(s)];
        ++a.meetings;
        ++a.meetings_by_month[static_cast<std::size_t>(mt.held.month() - 1)];
        if (!collegial(s)) {
            ++out.other_meetings;
            continue;
        }
        ++out.meetings;
        ++out.meetings_by_month[static_cast<std::size_t>(mt.held.month() - 1)];
    }

    // Agenda questions of those meetings (one pass over the columns).
    const auto& agenda = ds.agenda_questions();
    const auto& topic_codes = agenda.topic().codes();
    const auto& topic_names = agenda.topic().dictionary();
    std::vector<std::set<std::int32_t>> body_topics(out.bodies.size());
    std::map<std::string, std::int64_t> per_topic;
    for (std::size_t q = 0; q < agenda.size(); ++q) {
        const int s = meeting_slot[static_cast<std::size_t>(agenda.meeting()[q])];
        if (s < 0) continue;
        ++out.bodies[static_cast<std::size_t>(s)].agenda_questions;
        if (topic_codes[q] != 0) body_topics[static_cast<std::size_t>(s)].insert(topic_codes[q]);  // 0: ""
        if (!collegial(s)) {
            ++out.other_agenda_questions;
            continue;
        }
        ++out.agenda_questions;
        if (topic_codes[q] != 0) ++per_topic[std::string(topic_names[static_cast<std::size_t>(topic_codes[q])])];
    }
    for (std::size_t i = 0; i < out.bodies.size(); ++i) {
        auto& a = out.bodies[i];
        a.topics = static_cast<std::int64_t>(body_topics[i].size());
        a.questions_per_meeting = a.meetings > 0 ? static_cast<double>(a.agenda_questions) / static_cast<double>(a.meetings) : nan;
        if (a.meetings == 0) out.bodies_without_meetings.push_back(a.id);
    }
    out.topics = static_cast<std::int64_t>(per_topic.size());
    out.questions_per_meeting =
        out.meetings > 0 ? static_cast<double>(out.agenda_questions) / static_cast<double>(out.meetings) : nan;
    out.questions_by_topic.assign(per_topic.begin(), per_topic.end());
    std::stable_sort(out.questions_by_topic.begin(), out.questions_by_topic.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });

    // Renewals: membership terms starting in the year. A term without a start date says
    // nothing about when the membership changed, so it renews nothing in any year.
    bool members_unknown = false;
    for (const auto& t : ds.membership_terms()) {
        const int s = slot[static_cast<std::size_t>(bodies.find(t.body.str()))];
        if (s < 0) continue;
        auto& a = out.bodies[static_cast<std::size_t>(s)];
        const bool chamber = a.kind == body_kind::public_chamber;
        if (chamber && t.term.has_start()) out.chamber_terms_dated = true;
        if (!t.term.has_start() || t.term.start.year() != year) continue;
        if (a.terms_started.empty()) out.renewed_bodies.push_back(a.id);
        a.terms_started.push_back(t.term.start);
        if (chamber) {
            ++out.chamber_renewals;
            out.chamber_renewal_members += t.members;
            members_unknown = members_unknown || t.members == 0;
        }
    }
    if (members_unknown) out.chamber_renewal_members = 0;
    std::sort(out.renewed_bodies.begin(), out.renewed_bodies.end());
    return out;
}

}  // namespace civica::analysis
