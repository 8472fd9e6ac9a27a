// String forms of the model's enumerations. The names are the ones used in dataset files,
// in Python and in JSON; parsing accepts exactly these (case-sensitive) and says which exist.
#include "civica/error.hpp"
#include "civica/text/text.hpp"
#include "civica/model/council.hpp"
#include "civica/model/grant.hpp"
#include "civica/model/indicator.hpp"
#include "civica/model/organization.hpp"
#include "civica/model/schema.hpp"
#include "civica/model/support.hpp"
#include "civica/model/training.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace civica {
namespace {

template <class E, std::size_t N>
E parse_enum(std::string_view s, const std::array<std::string_view, N>& names, const char* what) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == s) return static_cast<E>(i);
    std::string allowed;
    for (std::size_t i = 0; i < N; ++i) {
        if (i) allowed += ", ";
        allowed += names[i];
    }
    const std::string close = text::closest_name(s, std::span<const std::string_view>(names.data(), N));
    const bool vowel = std::string_view("aeiou").find(what[0]) != std::string_view::npos;
    throw parse_error("\"" + std::string(s) + "\" is not " + (vowel ? "an " : "a ") + what + " (one of: " + allowed + ")" +
                      (close.empty() ? std::string() : "; did you mean \"" + close + "\"?"));
}

constexpr std::array<std::string_view, 5> programme_kinds{
    "presidential_grants", "governor_ngo", "governor_individual", "municipal_subsidy", "other"};
constexpr std::array<std::string_view, 5> statuses{"submitted", "admitted", "rejected", "winner",
                                                   "withdrawn"};
constexpr std::array<std::string_view, 2> applicant_kinds{"organization", "person"};
constexpr std::array<std::string_view, 3> course_formats{"distance", "in_person", "mixed"};
constexpr std::array<std::string_view, 3> body_kinds{"public_council", "public_chamber", "other"};
constexpr std::array<std::string_view, 4> meeting_formats{"in_person", "remote", "mixed",
                                                          "absentee"};
constexpr std::array<std::string_view, 6> support_kinds{
    "information", "consulting", "education", "organization", "grants_help", "other"};
constexpr std::array<std::string_view, 4> qualifiers{"exact", "more_than", "at_least", "about"};

}  // namespace

// The schema's enumeration values are these same names (one list per enumeration).
namespace schema {
template <>
std::span<const std::string_view> value_names<programme_kind>() { return programme_kinds; }
template <>
std::span<const std::string_view> value_names<application_status>() { return statuses; }
template <>
std::span<const std::string_view> value_names<applicant_kind>() { return applicant_kinds; }
template <>
std::span<const std::string_view> value_names<course_format>() { return course_formats; }
template <>
std::span<const std::string_view> value_names<body_kind>() { return body_kinds; }
template <>
std::span<const std::string_view> value_names<meeting_format>() { return meeting_formats; }
template <>
std::span<const std::string_view> value_names<support_kind>() { return support_kinds; }
template <>
std::span<const std::string_view> value_names<qualifier>() { return qualifiers; }
}  // namespace schema

std::string_view to_string(programme_kind k) { return enum_name(programme_kinds, static_cast<std::size_t>(k), "programme kind"); }
programme_kind parse_programme_kind(std::string_view s) {
    return parse_enum<programme_kind>(s, programme_kinds, "programme kind");
}
std::string_view to_string(application_status s) { return enum_name(statuses, static_cast<std::size_t>(s), "application status"); }
application_status parse_application_status(std::string_view s) {
    return parse_enum<application_status>(s, statuses, "application status");
}
std::string_view to_string(applicant_kind k) { return enum_name(applicant_kinds, static_cast<std::size_t>(k), "applicant kind"); }
applicant_kind parse_applicant_kind(std::string_view s) {
    return parse_enum<applicant_kind>(s, applicant_kinds, "applicant kind");
}
std::string_view to_string(course_format f) { return enum_name(course_formats, static_cast<std::size_t>(f), "course format"); }
course_format parse_course_format(std::string_view s) {
    return parse_enum<course_format>(s, course_formats, "course format");
}
std::string_view to_string(body_kind k) { return enum_name(body_kinds, static_cast<std::size_t>(k), "body kind"); }
body_kind parse_body_kind(std::string_view s) { return parse_enum<body_kind>(s, body_kinds, "body kind"); }
std::string_view to_string(meeting_format f) { return enum_name(meeting_formats, static_cast<std::size_t>(f), "meeting format"); }
meeting_format parse_meeting_format(std::string_view s) {
    return parse_enum<meeting_format>(s, meeting_formats, "meeting format");
}
std::string_view to_string(support_kind k) { return enum_name(support_kinds, static_cast<std::size_t>(k), "support kind"); }
support_kind parse_support_kind(std::string_view s) {
    return parse_enum<support_kind>(s, support_kinds, "support kind");
}
std::string_view to_string(qualifier q) { return enum_name(qualifiers, static_cast<std::size_t>(q), "qualifier"); }
qualifier parse_qualifier(std::string_view s) { return parse_enum<qualifier>(s, qualifiers, "qualifier"); }

const std::vector<indicator_key_info>& known_indicator_keys() {
    // DOMAIN.md section 1, "Indicator vocabulary".
    static const std::vector<indicator_key_info> keys{
        {"councils.public_councils", "count", "public councils attached to local self-government bodies"},
        {"councils.chamber_renewals", "count", "renewals of the Public Chamber's membership (terms starting in the year)"},
        {"councils.collegial_bodies", "count", "collegial public bodies (public councils and the Public Chamber)"},
        {"councils.meetings", "count", "meetings held by the collegial public bodies"},
        {"councils.agenda_questions", "count", "agenda questions considered at those meetings"},
        {"resource_centre.openings", "count", "the territory's resource centre started work in the year (1 or 0)"},
        {"training.courses", "count", "courses (advanced-training programmes) held for NGOs"},
        {"training.ngos_trained", "count", "NGOs whose representatives were trained"},
        {"training.participants", "count", "NGO representatives trained (breakdown: course title)"},
        {"ngo.registered", "count", "non-profit organisations registered in the territory"},
        {"ngo.public_associations", "count", "public associations among them"},
        {"grants.winners", "count", "winners of the Presidential and Governor's grant competitions"},
        {"grants.funds_attracted", "RUB", "money attracted for NGO projects through grant competitions"},
        {"grants.individual.applicants", "count", "residents who applied to the Governor's grants for individuals"},
        {"grants.individual.winners", "count", "winners of the Governor's grants for individuals"},
        {"grants.individual.amount", "RUB", "total support of the individual winners"},
        {"grants.individual.rank_among_municipalities", "rank", "the territory's rank among the region's municipalities by individual winners"},
    };
    return keys;
}

std::string_view default_unit(std::string_view key) {
    for (const auto& k : known_indicator_keys())
        if (k.key == key) return k.unit;
    return {};
}

std::string figure_label(std::string_view key, std::string_view year, std::string_view territory,
                         std::string_view breakdown) {
    std::string label = std::string(key) + " " + std::string(year);
    if (!territory.empty()) label += " " + std::string(territory);
    if (!breakdown.empty()) label += " [" + std::string(breakdown) + "]";
    return label;
}

std::string figure_key(std::string_view key, int year, std::string_view territory, std::string_view breakdown) {
    std::string out;
    for (const std::string_view part : {key, territory, breakdown}) {
        out += std::to_string(part.size());
        out += ':';
        out += part;
    }
    out += std::to_string(year);
    return out;
}

const std::vector<sphere_info>& sphere_codes() {
    // Fields of work: the Presidential Grants Fund's directions (DOMAIN.md section 2) and the
    // spheres of the source document's public associations (section 1, row 12); then the
    // support that the NGO-support infrastructure gives (section 1, row 6; section 2).
    static const std::vector<sphere_info> codes{
        {"social", "social services, support and protection of citizens"},
        {"health", "health care and a healthy lifestyle"},
        {"family", "family, motherhood, fatherhood and childhood"},
        {"youth", "youth projects"},
        {"education", "science, education and enlightenment (also training given to NGOs)"},
        {"culture", "culture and arts"},
        {"young_talent", "young talents in culture and arts"},
        {"history", "historical memory"},
        {"human_rights", "human rights and freedoms"},
        {"ecology", "environment and the protection of animals"},
        {"interethnic", "interethnic and interreligious harmony"},
        {"public_diplomacy", "public diplomacy and compatriots"},
        {"civil_society", "civil-society institutions"},
        {"military_patriotic", "military-patriotic education"},
        {"sport", "physical culture and sport"},
        {"indigenous_peoples", "indigenous small peoples"},
        {"housing", "housing and homeowners"},
        {"economy", "economic development and entrepreneurship"},
        {"religion", "religious life"},
        {"information", "information support of NGOs"},
        {"consulting", "consulting support of NGOs"},
        {"organization", "organisational support of NGOs"},
        {"grants_help", "help with grants and subsidies"},
        {"monitoring", "monitoring and evaluation of supported projects"},
        {"other", "other activity or support"},
    };
    return codes;
}

bool is_sphere_code(std::string_view code) {
    for (const auto& s : sphere_codes())
        if (s.code == code) return true;
    return false;
}

namespace {
// Edit distance of two short codes (bytes): insertions, deletions, substitutions and swaps of
// neighbours ("spotr" is one step from "sport"), the optimal-string-alignment distance.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}
}  // namespace

std::string sphere_problem(std::string_view code) {
    if (is_sphere_code(code)) return {};
    std::string out = "\"" + std::string(code) + "\" is not a sphere code";
    // The closest code, when it is close: at most a third of the letters differ.
    std::string_view best;
    std::size_t best_distance = std::string::npos;
    for (const auto& s : sphere_codes()) {
        const std::size_t d = edit_distance(code, s.code);
        if (d < best_distance) {
            best_distance = d;
            best = s.code;
        }
    }
    if (!best.empty() && best_distance <= std::max<std::size_t>(1, best.size() / 3))
        out += "; did you mean \"" + std::string(best) + "\"?";
    out += " (the codes: ";
    bool first = true;
    for (const auto& s : sphere_codes()) {
        if (!first) out += ", ";
        out += s.code;
        first = false;
    }
    return out + ")";
}

std::string_view okopf_name(int code, bool english) {
    // DOMAIN.md section 4 (ОКОПФ, non-profit forms).
    struct entry { int code; std::string_view ru, en; };
    static constexpr std::array<entry, 25> forms{{
        {20200, "общественная организация", "public organisation"},
        {20201, "политическая партия", "political party"},
        {20202, "профсоюзная организация", "trade union"},
        {20210, "общественное движение", "public movement"},
        {20211, "орган общественной самодеятельности", "body of community self-organisation"},
        {20217, "территориальное общественное самоуправление", "territorial public self-government"},
        {20600, "ассоциация (союз)", "association (union)"},
        {20606, "союз общественных объединений", "union of public associations"},
        {20614, "некоммерческое партнерство", "non-profit partnership"},
        {20620, "союз благотворительных организаций", "union of charities"},
        {20700, "товарищество собственников недвижимости", "property-owner association"},
        {20716, "товарищество собственников жилья", "homeowner association"},
        {21100, "казачье общество", "Cossack society"},
        {21200, "община коренных малочисленных народов", "community of an indigenous small people"},
        {70400, "фонд", "foundation"},
        {70401, "благотворительный фонд", "charitable foundation"},
        {70403, "общественный фонд", "public foundation"},
        {70404, "экологический фонд", "environmental foundation"},
        {71400, "автономная некоммерческая организация", "autonomous non-profit organisation"},
        {71500, "религиозная организация", "religious organisation"},
        {71610, "филиал иностранной некоммерческой неправительственной организации", "branch of a foreign NGO"},
        {75500, "частное учреждение", "private institution"},
        {75502, "благотворительное учреждение", "charitable institution"},
        {75505, "общественное учреждение", "public institution"},
        {0, "", ""},
    }};
    for (const auto& f : forms)
        if (f.code == code && code != 0) return english ? f.en : f.ru;
    return {};
}

std::optional<std::int64_t> population_in(const std::map<int, std::int64_t>& by_year, int year, int* used_year) {
    for (auto it = by_year.upper_bound(year); it != by_year.begin();) {
        --it;
        if (it->second == 0) continue;  // no known population
        if (used_year) *used_year = it->first;
        return it->second;
    }
    return std::nullopt;
}

std::optional<std::int64_t> municipality::population_in(int year, int* used_year) const {
    return civica::population_in(population, year, used_year);
}

}  // namespace civica
