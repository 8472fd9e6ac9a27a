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

/// Activity of all bodies of a territory in a year, with totals.
struct council_summary {
    int year = 0;
    std::string territory;                ///< municipality id, or any_territory
    std::vector<body_activity> bodies;    ///< public councils, then chambers, then others; by id
    std::int64_t public_councils = 0;
    std::int64_t public_chambers = 0;
    std::int64_t other_bodies = 0;
    std::int64_t collegial_bodies = 0;    ///< public councils + public chambers
    std::int64_t meetings = 0;
    std::int64_t agenda_questions = 0;
    double questions_per_meeting = 0;     ///< NaN when nobody met
    std::int64_t topics = 0;              ///< distinct non-empty topics over all bodies
    std::array<std::int64_t, 12> meetings_by_month{};
    /// Questions per topic, most frequent first (ties by topic).
    std::vector<std::pair<std::string, std::int64_t>> questions_by_topic;
    std::vector<std::string> bodies_without_meetings;  ///< ids
    std::vector<std::string> renewed_bodies;           ///< ids of bodies with a term starting in the year
};

/// The activity in `year` of the bodies of `territory` (a municipality id; empty means the
/// dataset's own territory, and every body when the dataset has none; any_territory means
/// every body). A body with no municipality counts as the dataset's own.
council_summary council_activity(const dataset& ds, int year, std::string_view territory = {});

}  // namespace civica::analysis
