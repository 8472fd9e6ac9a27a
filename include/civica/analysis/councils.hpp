#pragma once
/// \file
/// Activity of collegial public bodies (public councils, the Public Chamber) in a year: meetings,
/// agenda questions, questions per meeting, topics, meetings by month, bodies that did not
/// meet, and membership renewals (terms starting in the year).
///
///     auto a = civica::analysis::council_activity(ds, 2020);
///     a.meetings;                 // 59 for Khanty-Mansiysk
///     a.bodies_without_meetings;  // ids of bodies that did not meet in 2020

#include "civica/analysis/series.hpp"
#include "civica/model/council.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civica {
class dataset;
}

namespace civica::analysis {

/// One body's activity in the year.
struct body_activity {
    std::string id;
    std::string name;
    body_kind kind = body_kind::public_council;
    std::int64_t meetings = 0;
    std::int64_t agenda_questions = 0;
    double questions_per_meeting = 0;             ///< NaN when the body did not meet
    std::int64_t topics = 0;                      ///< distinct non-empty topics of its questions
    std::array<std::int64_t, 12> meetings_by_month{};  ///< January first
    std::vector<date> terms_started;              ///< membership terms starting in the year
    bool renewed() const noexcept { return !terms_started.empty(); }
};

/// True for the kinds of body that are collegial public bodies: public councils and public
/// chambers. The source document's 14 collegial public bodies are its 13 public councils and
/// the Public Chamber (DOMAIN.md section 1, rows 1–3); a body of kind `other` (a youth
/// parliament, a working group) is not one of them.
bool is_collegial_public_body(body_kind k);

/// Activity of all bodies of a territory in a year, with totals. The totals (meetings,
/// questions, topics, months) are those of the collegial public bodies, as the source
/// document counts them (its 59 meetings are the meetings of its 14 bodies); the meetings of
/// bodies of kind `other` are counted apart.
struct council_summary {
    int year = 0;
    std::string territory;                ///< municipality id, or any_territory
    std::vector<body_activity> bodies;    ///< public councils, then chambers, then others; by id
    std::int64_t public_councils = 0;
    std::int64_t public_chambers = 0;
    std::int64_t other_bodies = 0;
    std::int64_t collegial_bodies = 0;    ///< public councils + public chambers
    std::int64_t meetings = 0;            ///< held by collegial public bodies
    std::int64_t agenda_questions = 0;    ///< considered at those meetings
    double questions_per_meeting = 0;     ///< NaN when no collegial public body met
    std::int64_t topics = 0;              ///< distinct non-empty topics of those questions
    std::array<std::int64_t, 12> meetings_by_month{};  ///< of collegial public bodies
    /// Questions per topic, most frequent first (ties by topic).
    std::vector<std::pair<std::string, std::int64_t>> questions_by_topic;
    std::int64_t other_meetings = 0;          ///< held by bodies of kind `other`
    std::int64_t other_agenda_questions = 0;  ///< considered at those
    std::vector<std::string> bodies_without_meetings;  ///< ids
    std::vector<std::string> renewed_bodies;           ///< ids of bodies with a term starting in the year
    /// Membership terms of public chambers starting in the year (renewals) and the members of
    /// those terms (0 when the size of one of them is not known). A term without a start date
    /// is a renewal of no year.
    std::int64_t chamber_renewals = 0;
    std::int64_t chamber_renewal_members = 0;
    /// Whether any term of the territory's public chambers has a start date: without one, the
    /// records cannot say in which year a chamber was renewed.
    bool chamber_terms_dated = false;
};

/// The activity in `year` of the bodies of `territory` (see territory_of: empty means the
/// dataset's own territory, and every body when the dataset has none; any_territory means
/// every body). A body with no municipality belongs to the dataset's own territory: a
/// collegial public body is attached to a local self-government, so a dataset about one
/// territory that leaves the column empty means its own (organisations and persons differ:
/// there an empty municipality marks regional partners and federal operators).
council_summary council_activity(const dataset& ds, int year, std::string_view territory = {});

}  // namespace civica::analysis
