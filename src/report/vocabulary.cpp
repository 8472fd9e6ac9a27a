// The report's vocabulary (civica/report/vocabulary.hpp): the one declaration of the
// statements build() makes, their slots, and the labels and global slots of a template.
#include "civica/report/vocabulary.hpp"

#include <algorithm>

namespace civica::report {

bool statement_vocabulary::has_slot(std::string_view name) const {
    return std::find(slots.begin(), slots.end(), name) != slots.end();
}

const list_vocabulary* statement_vocabulary::find_list(std::string_view name) const {
    for (const auto& l : lists)
        if (l.name == name) return &l;
    return nullptr;
}

const std::vector<statement_vocabulary>& statement_vocabularies() {
    // The resource centre's statement says "started" in its first year and "works" after it;
    // the winners' trend is "growth" (a rise every year), "rise" (a rise between years further
    // apart), "change", or "same" (it ends where it began); the individuals' rank is "leader"
    // when it is 1 (build.cpp), and "shared" when it is counted from records and another
    // municipality has as many winners.
    static const std::vector<list_vocabulary> kinds{{"kinds", {"kind"}}};
    static const std::vector<std::string_view> resource_centre{
        "name", "short_name", "openings", "services", "recipients", "monitored", "grants_help", "monitoring",
        "feminine", "neuter"};
    // "total": the last figure, when it is not a count of none from the records.
    static const std::vector<std::string_view> trend{"first", "last", "total", "cagr"};
    static const std::vector<list_vocabulary> years{{"years", {"winners"}}};
    static const std::vector<std::string_view> rank{"rank", "municipalities", "region", "counted", "shared"};
    static const std::vector<statement_vocabulary> all{
        {"councils.public_councils", "councils", {"public_councils"}, {}},
        {"councils.chamber_renewed", "councils", {"renewals", "chamber", "members"}, {}},
        {"councils.activity", "councils", {"bodies", "meetings", "questions"}, {}},
        {"councils.bodies", "councils", {"bodies"}, {}},
        {"resource_centre.started", "resource_centre", resource_centre, kinds},
        {"resource_centre.works", "resource_centre", resource_centre, kinds},
        {"training.summary",
         "training",
         {"ngos", "courses", "organiser", "partner", "distance"},
         {{"topics", {"title", "topic", "participants", "residents"}}}},
        {"training.course_topic", "training", {"course", "topic"}, {}},
        {"ngo.landscape", "ngo", {"ngos", "associations", "source"}, {{"spheres", {"sphere"}}}},
        {"grants.applications_growth", "grants", {"first", "last"}, {}},
        {"grants.winners_growth", "grants", trend, years},
        {"grants.winners_rise", "grants", trend, years},
        {"grants.winners_change", "grants", trend, years},
        {"grants.winners_same", "grants", {"first", "last"}, {}},
        {"grants.winners_year", "grants", {"winners"}, {}},
        {"grants.funds_attracted", "grants", {"amount"}, {}},
        {"grants.municipal.summary",
         "municipal_grants",
         {"applications", "winners", "success_rate", "amount"},
         {{"programmes", {"name"}}}},
        {"grants.individual.participation", "individuals", {"applicants", "first"}, {}},
        {"grants.individual.leader", "individuals", rank, {}},
        {"grants.individual.rank", "individuals", rank, {}},
        {"grants.individual.winners", "individuals", {"winners", "amount"}, {}},
    };
    return all;
}

const statement_vocabulary* find_statement_vocabulary(std::string_view id) {
    for (const auto& v : statement_vocabularies())
        if (v.id == id) return &v;
    return nullptr;
}

const std::vector<std::string_view>& section_ids() {
    static const std::vector<std::string_view> ids{"councils", "resource_centre", "training",   "ngo",
                                                   "grants",   "municipal_grants", "individuals"};
    return ids;
}

const std::vector<label_vocabulary>& label_vocabularies() {
    // Filled like a statement: the notes and the text of a section without data (render.cpp).
    // The discrepancy note's slots are those render.cpp's discrepancy_values gives.
    static const std::vector<label_vocabulary> all{
        {"missing", true, {}},
        {"unworded", true, {}},
        {"notes_heading", false, {}},
        {"discrepancy", true, {"key", "figure_year", "breakdown", "published", "computed", "table", "rows"}},
        {"computed_note", true, {}},
        {"synthetic_note", true, {}},
        {"months", false, {}},
        {"trend", false, {}},
        {"chart.winners_by_year", false, {}},
        {"chart.meetings_by_month", false, {}},
        {"chart.ranking", false, {}},
        {"list_separator", false, {}},
        {"list_last_separator", false, {}},
    };
    return all;
}

const label_vocabulary* find_label_vocabulary(std::string_view key) {
    for (const auto& l : label_vocabularies())
        if (l.key == key) return &l;
    return nullptr;
}

const std::vector<std::string_view>& global_slots() {
    // template.cpp's global_values gives these (a name that the data does not give is absent).
    static const std::vector<std::string_view> all{"year",      "next_year", "previous_year",      "dataset",
                                                   "territory", "region",    "presidential_grants", "governor_grants"};
    return all;
}

bool is_global_slot(std::string_view name) {
    const auto& g = global_slots();
    if (std::find(g.begin(), g.end(), name) != g.end()) return true;
    for (std::string_view named : {std::string_view("territory."), std::string_view("region.")})
        if (name.size() > named.size() && name.starts_with(named)) return true;
    return false;
}

}  // namespace civica::report
