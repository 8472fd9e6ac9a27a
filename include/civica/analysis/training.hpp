#pragma once
/// \file
/// Trainings for NGOs and the resource centre's support: courses and participants, the share
/// of the NGO registry reached, services by kind and recipient type, monitoring of supported
/// projects, and the training funnel (do trained NGOs apply for and win grants more often?).
///
/// The funnel compares groups that chose (or were chosen) to train; it shows an association,
/// not a causal effect of training.

#include "civica/analysis/aggregate.hpp"
#include "civica/analysis/rates.hpp"
#include "civica/analysis/registry.hpp"
#include "civica/model/support.hpp"
#include "civica/model/training.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace civica {
class dataset;
}

namespace civica::analysis {

/// The year a course belongs to: the year it starts, else the year it ends; 0 when undated.
int course_year(const course& c);

/// One course and who of the territory took part.
struct course_activity {
    std::string id;
    std::string title;
    std::string topic;
    course_format format = course_format::in_person;
    date start;
    date end;
    std::int64_t enrolments = 0;
    std::int64_t organizations = 0;           ///< distinct organisations enrolled
    std::int64_t persons = 0;                 ///< distinct persons enrolled on their own
    std::int64_t participants = 0;            ///< representatives and persons taking part
    std::int64_t completed_enrolments = 0;
    std::int64_t completed_participants = 0;
};

/// Trainings of a year for a territory. The enrolments counted are the territory's: an
/// enrolment belongs to the territory of its organisation, or of its person when it has no
/// organisation, and one without a municipality to none (with any_territory every enrolment
/// counts). A city's report counts its own NGOs and residents, not the guests of its courses.
struct training_summary {
    int year = 0;
    std::string territory;                 ///< whose enrolments are counted and whose NGO registry
                                           ///< the reach is measured against
    std::vector<course_activity> courses;  ///< the year's courses, by start date then id
    std::int64_t courses_attended = 0;     ///< of them, with an enrolment of the territory
    std::int64_t enrolments = 0;           ///< enrolments of any territory in the year's courses
    std::int64_t participants = 0;         ///< over all the year's courses
    double participants_per_course = 0;    ///< NaN when there is no course
    std::int64_t ngos_enrolled = 0;        ///< distinct organisations enrolled in any course
    std::int64_t ngos_trained = 0;         ///< distinct organisations with a completed enrolment
    std::int64_t persons_trained = 0;      ///< distinct persons with a completed enrolment
    std::int64_t registry_size = 0;        ///< NGOs of the territory (see ngo_registry)
    /// Trained NGOs of the registry out of the registry (Wilson interval: read it as the
    /// uncertainty of a rate, the registry itself being a census).
    proportion registry_reached;
};

/// The courses of `year` (course_year) and the territory's participants; the reach is measured
/// against the NGO registry of `territory` (see territory_of: empty is the dataset's
/// territory; any_territory: all).
training_summary training_activity(const dataset& ds, int year, std::string_view territory = {},
                                   double level = 0.95);

/// The resource centre of a territory in a year and the support it gave.
///
/// Which organisation it is: the organisation of the territory that gave most support
/// (services) in the year (the first in the table when tied); without services of the year,
/// an organisation of the territory, not registered after the year, whose spheres hold at
/// least two kinds of support that only a support organisation has (`information`,
/// `consulting`, `organization`, `grants_help`, `monitoring`): how a published description of
/// a centre is recorded.
struct resource_centre_summary {
    int year = 0;
    std::string territory;
    std::string organization;             ///< the centre's organisation id; empty when there is none
    /// The year is its first: it gave support in the year and none before (and, when the
    /// dataset records no support of any earlier year, it was not registered before the year),
    /// or (without services) it was registered in the year.
    bool started = false;
    std::int64_t services = 0;            ///< support it gave in the year
    std::int64_t recipients = 0;          ///< distinct organisations and persons it supported
    /// Kinds of support it gives: of its services in the year, else of its spheres.
    std::vector<support_kind> kinds;
    /// Projects (winning applications) of the territory's applicants monitored in the year.
    std::int64_t projects_monitored = 0;
    /// It monitors supported projects: monitoring records of the year, or its sphere `monitoring`.
    bool monitoring = false;
};
resource_centre_summary resource_centre_activity(const dataset& ds, int year, std::string_view territory = {});

/// Resource-centre services of a year to the organisations and persons of a territory.
struct support_summary {
    int year = 0;
    std::string territory;  ///< municipality id, or any_territory
    std::int64_t services = 0;
    /// [support kind][recipient type]: kinds in support_kind order, recipient 0 = organisation,
    /// 1 = person.
    std::array<std::array<std::int64_t, 2>, 6> by_kind_and_recipient{};
    std::array<std::int64_t, 6> by_kind{};
    std::array<std::int64_t, 2> by_recipient_type{};
    std::array<std::int64_t, 12> by_month{};
    std::int64_t organizations_served = 0;   ///< distinct
    std::int64_t persons_served = 0;         ///< distinct
};
/// The services of `year` whose recipient (an organisation or a person) is of `territory` (see
/// territory_of: empty is the dataset's territory, every recipient when the dataset has none;
/// any_territory: every service), whoever gave them.
support_summary support_activity(const dataset& ds, int year, std::string_view territory = {});

/// Monitoring of supported projects in a year (every year when `year` is 0).
struct monitoring_summary {
    int year = 0;
    std::string territory;  ///< municipality id, or any_territory
    std::int64_t records = 0;
    std::int64_t projects = 0;           ///< distinct applications monitored
    /// Projects by the status of their latest record (e.g. "completed", "in_progress"); a
    /// dated record is later than an undated one, and of two with one date the later row.
    std::vector<count_row> by_status;
    proportion completed;                ///< projects whose latest status is "completed"
    std::int64_t scored_projects = 0;    ///< projects with a score (their latest scored record)
    double mean_score = 0;               ///< NaN when nothing was scored
    double median_score = 0;
    double min_score = 0;
    double max_score = 0;
};
/// The records of `year` of the projects (applications) whose applicant is of `territory` (see
/// territory_of, as for support_activity), as resource_centre_activity counts the projects
/// monitored.
monitoring_summary monitoring_activity(const dataset& ds, int year = 0, std::string_view territory = {},
                                       double level = 0.95);

/// One side of the training funnel.
struct funnel_group {
    std::int64_t organizations = 0;          ///< NGOs in the group
    std::int64_t applied = 0;                ///< of them, with an application in their window
    std::int64_t winning_organizations = 0;  ///< of them, with a win in their window
    std::int64_t applications = 0;
    std::int64_t decided = 0;                ///< applications decided: winning or rejected
    std::int64_t wins = 0;
    proportion applied_share;                ///< applied / organizations
    proportion winning_share;                ///< winning_organizations / organizations
    proportion success;                      ///< wins / decided applications
};

/// Trained NGOs against untrained ones.
struct training_funnel_result {
    std::string territory;
    /// The comparison starts at the earliest training date (the end of a completed course):
    /// trained NGOs count their applications submitted after their own training, untrained
    /// ones those submitted from this date on.
    date window_start;
    funnel_group trained;
    funnel_group untrained;
    std::int64_t excluded = 0;  ///< trained NGOs whose course has no date (cannot say "after")
    /// Trained minus untrained, Newcombe intervals.
    proportion_difference success_difference;
    proportion_difference applied_difference;
    proportion_difference winning_difference;
    /// Always says that the comparison is an association, not a causal effect.
    std::string note;
};

/// The training funnel over the NGO registry of `territory` (empty: the dataset's territory)
/// at the end of the latest year of the data, counting the applications passing `filter`
/// (only organisations' applications count).
training_funnel_result training_funnel(const dataset& ds, const application_filter& filter = {},
                                       std::string_view territory = {}, double level = 0.95);

}  // namespace civica::analysis
