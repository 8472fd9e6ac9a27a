// Design notes: group_applications precomputes, per row of the small tables (competitions,
// programmes, organisations, persons), the codes every dimension needs, so the pass over the
// application columns touches only contiguous integer vectors. Groups are found by a vector of
// int64 codes; keys and labels (strings) are made once per group at the end. Applicants are
// collected as packed codes (kind << 32 | row) and turned into "organization:<id>" strings at
// the end too, which is what lets partial results from different row ranges (or datasets) merge.
#include "civica/analysis/aggregate.hpp"

#include "civica/error.hpp"
#include "civica/model/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <unordered_map>

namespace civica::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

constexpr std::array<std::string_view, 11> dimension_names{
    "year",      "programme", "programme_kind", "grant_operator", "competition", "direction",
    "municipality", "applicant_kind", "legal_form", "applicant", "status"};

constexpr std::array<std::string_view, 7> measure_names{
    "applications", "winners", "applicants", "winning_applicants", "requested", "awarded", "success_rate"};

std::int64_t checked_add(std::int64_t a, std::int64_t b, const char* what) {
    std::int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        throw validation_error(std::string("application totals: the sum of ") + what +
                               " overflows 64-bit kopecks");
    return r;
}

template <class T>
std::vector<T> sorted_union(const std::vector<T>& a, const std::vector<T>& b) {
    std::vector<T> out;
    out.reserve(a.size() + b.size());
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

bool key_less(const std::vector<dimension>& by, const std::vector<std::string>& a,
              const std::vector<std::string>& b) {
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i] == b[i]) continue;
        if (by[i] == dimension::year || by[i] == dimension::legal_form) {
            // numeric keys: shorter is smaller, then lexicographic ("person" sorts last)
            if (a[i].size() != b[i].size()) return a[i].size() < b[i].size();
        }
        return a[i] < b[i];
    }
    return a.size() < b.size();
}

// A group's codes, one per dimension (unused slots stay 0): a fixed array, so looking a row's
// group up allocates nothing.
constexpr std::size_t max_dimensions = 11;
using code_key = std::array<std::int64_t, max_dimensions>;

struct code_hash {
    std::size_t operator()(const code_key& v) const noexcept {
        std::size_t h = 0xcbf29ce484222325ULL;
        for (auto x : v) h ^= static_cast<std::size_t>(x) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        return h;
    }
};

template <class T, class V>
bool in_list(const std::vector<T>& list, const V& v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

// The filter turned into flags per row of the small tables, so that testing a row of the
// application table costs a few array reads.
struct prepared_filter {
    const application_table& apps;
    std::vector<int> comp_year;
    std::vector<row_index> comp_prog, comp_op;
    std::vector<std::uint8_t> comp_kind, comp_ok;
    std::vector<row_index> org_muni, person_muni;
    std::vector<std::uint8_t> muni_ok;  // one per municipality row, + 1 for "unknown"
    std::array<std::uint8_t, 5> status_ok{};
    std::vector<std::uint8_t> direction_ok;  // empty = all
    std::optional<applicant_kind> type;

    prepared_filter(const dataset& ds, const application_filter& f) : apps(ds.applications()), type(f.applicant_type) {
        const auto& comps = ds.competitions();
        const auto& progs = ds.programmes();
        const auto& orgs = ds.organizations();
        const auto& persons = ds.persons();
        const auto& munis = ds.municipalities();
        const std::size_t nc = comps.size();
        comp_year.resize(nc);
        comp_prog.resize(nc);
        comp_op.resize(nc);
        comp_kind.resize(nc);
        comp_ok.resize(nc);
        for (std::size_t c = 0; c < nc; ++c) {
            const auto& comp = comps[c];
            const row_index p = progs.find(comp.programme.str());
            const programme& prog = progs[static_cast<std::size_t>(p)];
            comp_year[c] = comp.year;
            comp_prog[c] = p;
            comp_op[c] = ds.operators().find(prog.grant_operator.str());
            comp_kind[c] = static_cast<std::uint8_t>(prog.kind);
            comp_ok[c] = in_list(f.years, comp.year) && in_list(f.programme_kinds, prog.kind) &&
                         in_list(f.programmes, prog.id.str()) && in_list(f.operators, prog.grant_operator.str()) &&
                         in_list(f.competitions, comp.id.str());
        }
        org_muni.resize(orgs.size());
        person_muni.resize(persons.size());
        for (std::size_t i = 0; i < orgs.size(); ++i) org_muni[i] = munis.find(orgs[i].municipality.str());
        for (std::size_t i = 0; i < persons.size(); ++i) person_muni[i] = munis.find(persons[i].municipality.str());
        muni_ok.assign(munis.size() + 1, f.municipalities.empty() ? 1 : 0);
        for (const auto& m : f.municipalities) {
            if (m.empty()) muni_ok[munis.size()] = 1;
            else if (auto r = munis.find(m); r != no_row) muni_ok[static_cast<std::size_t>(r)] = 1;
        }
        for (std::size_t s = 0; s < status_ok.size(); ++s)
            status_ok[s] = in_list(f.statuses, static_cast<application_status>(s));
        if (!f.directions.empty()) {
            const auto& dict = apps.direction().dictionary();
            direction_ok.assign(dict.size(), 0);
            for (std::size_t d = 0; d < dict.size(); ++d) direction_ok[d] = in_list(f.directions, dict[d]);
        }
    }

    bool pass(std::size_t r) const {
        if (!comp_ok[static_cast<std::size_t>(apps.competition()[r])]) return false;
        const std::uint8_t t = apps.applicant_type()[r];
        if (type && t != static_cast<std::uint8_t>(*type)) return false;
        if (!status_ok[apps.status()[r]]) return false;
        if (!direction_ok.empty() && !direction_ok[static_cast<std::size_t>(apps.direction().codes()[r])]) return false;
        const auto who = static_cast<std::size_t>(apps.applicant()[r]);
        const row_index muni = t == static_cast<std::uint8_t>(applicant_kind::organization) ? org_muni[who] : person_muni[who];
        return muni_ok[muni == no_row ? muni_ok.size() - 1 : static_cast<std::size_t>(muni)] != 0;
    }
};

}  // namespace

std::string_view to_string(dimension d) { return dimension_names.at(static_cast<std::size_t>(d)); }

dimension parse_dimension(std::string_view s) {
    for (std::size_t i = 0; i < dimension_names.size(); ++i)
        if (dimension_names[i] == s) return static_cast<dimension>(i);
    std::string allowed;
    for (auto n : dimension_names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    throw parse_error("\"" + std::string(s) + "\" is not a dimension (one of: " + allowed + ")");
}

std::string_view to_string(measure m) { return measure_names.at(static_cast<std::size_t>(m)); }

measure parse_measure(std::string_view s) {
    for (std::size_t i = 0; i < measure_names.size(); ++i)
        if (measure_names[i] == s) return static_cast<measure>(i);
    std::string allowed;
    for (auto n : measure_names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    throw parse_error("\"" + std::string(s) + "\" is not a measure (one of: " + allowed + ")");
}

std::string_view measure_unit(measure m) {
    switch (m) {
        case measure::requested:
        case measure::awarded: return "RUB";
        case measure::success_rate: return "share";
        default: return "count";
    }
}

double measure_value(const application_totals& t, measure m) {
    switch (m) {
        case measure::applications: return static_cast<double>(t.applications);
        case measure::winners: return static_cast<double>(t.winners());
        case measure::applicants: return static_cast<double>(t.applicants.size());
        case measure::winning_applicants: return static_cast<double>(t.winning_applicants.size());
        case measure::requested: return static_cast<double>(t.requested_kopecks) / 100.0;
        case measure::awarded: return static_cast<double>(t.awarded_kopecks) / 100.0;
        case measure::success_rate: return t.success_rate();
    }
    return nan;
}

// ---------------------------------------------------------------- application_totals

double application_totals::success_rate() const {
    const auto d = decided();
    return d > 0 ? static_cast<double>(winners()) / static_cast<double>(d) : nan;
}

double application_totals::mean_award_kopecks() const {
    if (awarded_values.empty()) return nan;
    long double s = 0;
    for (auto v : awarded_values) s += static_cast<long double>(v);
    return static_cast<double>(s / static_cast<long double>(awarded_values.size()));
}

double application_totals::median_award_kopecks() const {
    const auto n = awarded_values.size();
    if (n == 0) return nan;
    if (n % 2 == 1) return static_cast<double>(awarded_values[n / 2]);
    // The mean of the two middle values may be a half kopeck: that is why this is a double.
    return (static_cast<double>(awarded_values[n / 2 - 1]) + static_cast<double>(awarded_values[n / 2])) / 2.0;
}

void application_totals::merge(const application_totals& o) {
    if (o.applications == 0 && o.awarded_values.empty() && o.applicants.empty()) return;
    applications = checked_add(applications, o.applications, "applications");
    for (std::size_t i = 0; i < by_status.size(); ++i) by_status[i] += o.by_status[i];
    requested_kopecks = checked_add(requested_kopecks, o.requested_kopecks, "requested money");
    winners_requested_kopecks =
        checked_add(winners_requested_kopecks, o.winners_requested_kopecks, "requested money");
    awarded_kopecks = checked_add(awarded_kopecks, o.awarded_kopecks, "awarded money");
    cofunding_kopecks = checked_add(cofunding_kopecks, o.cofunding_kopecks, "co-funding");
    std::vector<std::int64_t> values;
    values.reserve(awarded_values.size() + o.awarded_values.size());
    std::merge(awarded_values.begin(), awarded_values.end(), o.awarded_values.begin(), o.awarded_values.end(),
               std::back_inserter(values));
    awarded_values = std::move(values);
    applicants = sorted_union(applicants, o.applicants);
    winning_applicants = sorted_union(winning_applicants, o.winning_applicants);
    if (o.first_year != 0 && (first_year == 0 || o.first_year < first_year)) first_year = o.first_year;
    if (o.last_year > last_year) last_year = o.last_year;
}

// ---------------------------------------------------------------- application_groups

const application_group* application_groups::find(std::span<const std::string> key) const {
    for (const auto& g : groups_)
        if (std::equal(g.key.begin(), g.key.end(), key.begin(), key.end())) return &g;
    return nullptr;
}

application_totals application_groups::total() const {
    // Merging group after group would copy the growing lists once per group (quadratic with
    // many groups); add the counters, then sort the concatenated lists once.
    application_totals t;
    std::size_t values = 0, who = 0, winners = 0;
    for (const auto& g : groups_) {
        values += g.totals.awarded_values.size();
        who += g.totals.applicants.size();
        winners += g.totals.winning_applicants.size();
    }
    t.awarded_values.reserve(values);
    t.applicants.reserve(who);
    t.winning_applicants.reserve(winners);
    for (const auto& g : groups_) {
        const auto& o = g.totals;
        if (o.applications == 0 && o.awarded_values.empty() && o.applicants.empty()) continue;
        t.applications = checked_add(t.applications, o.applications, "applications");
        for (std::size_t i = 0; i < t.by_status.size(); ++i) t.by_status[i] += o.by_status[i];
        t.requested_kopecks = checked_add(t.requested_kopecks, o.requested_kopecks, "requested money");
        t.winners_requested_kopecks =
            checked_add(t.winners_requested_kopecks, o.winners_requested_kopecks, "requested money");
        t.awarded_kopecks = checked_add(t.awarded_kopecks, o.awarded_kopecks, "awarded money");
        t.cofunding_kopecks = checked_add(t.cofunding_kopecks, o.cofunding_kopecks, "co-funding");
        t.awarded_values.insert(t.awarded_values.end(), o.awarded_values.begin(), o.awarded_values.end());
        t.applicants.insert(t.applicants.end(), o.applicants.begin(), o.applicants.end());
        t.winning_applicants.insert(t.winning_applicants.end(), o.winning_applicants.begin(),
                                    o.winning_applicants.end());
        if (o.first_year != 0 && (t.first_year == 0 || o.first_year < t.first_year)) t.first_year = o.first_year;
        if (o.last_year > t.last_year) t.last_year = o.last_year;
    }
    std::sort(t.awarded_values.begin(), t.awarded_values.end());
    for (auto* list : {&t.applicants, &t.winning_applicants}) {
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
    }
    return t;
}

void application_groups::add(std::vector<std::string> key, std::vector<std::string> label,
                             const application_totals& totals) {
    if (key.size() != by_.size())
        throw validation_error("application groups: a key of " + std::to_string(key.size()) +
                               " parts for " + std::to_string(by_.size()) + " dimensions");
    auto it = std::lower_bound(groups_.begin(), groups_.end(), key,
                               [&](const application_group& g, const std::vector<std::string>& k) {
                                   return key_less(by_, g.key, k);
                               });
    if (it != groups_.end() && it->key == key) {
        it->totals.merge(totals);
        return;
    }
    groups_.insert(it, application_group{std::move(key), std::move(label), totals});
}

application_groups application_groups::from_groups(std::vector<dimension> by,
                                                   std::vector<application_group> groups) {
    application_groups out(std::move(by));
    for (const auto& g : groups)
        if (g.key.size() != out.by_.size())
            throw validation_error("application groups: a key of " + std::to_string(g.key.size()) +
                                   " parts for " + std::to_string(out.by_.size()) + " dimensions");
    std::sort(groups.begin(), groups.end(), [&](const application_group& a, const application_group& b) {
        return key_less(out.by_, a.key, b.key);
    });
    for (auto& g : groups) {
        if (!out.groups_.empty() && out.groups_.back().key == g.key) out.groups_.back().totals.merge(g.totals);
        else out.groups_.push_back(std::move(g));
    }
    return out;
}

void application_groups::merge(const application_groups& other) {
    if (other.by_ != by_) {
        auto names = [](const std::vector<dimension>& d) {
            std::string s;
            for (auto x : d) s += (s.empty() ? "" : ", ") + std::string(to_string(x));
            return "(" + s + ")";
        };
        throw validation_error("cannot merge application groups by " + names(other.by_) +
                               " into groups by " + names(by_));
    }
    // Both lists are sorted: one linear merge.
    std::vector<application_group> merged;
    merged.reserve(groups_.size() + other.groups_.size());
    std::size_t i = 0, j = 0;
    while (i < groups_.size() || j < other.groups_.size()) {
        if (j == other.groups_.size() || (i < groups_.size() && key_less(by_, groups_[i].key, other.groups_[j].key))) {
            merged.push_back(std::move(groups_[i++]));
        } else if (i == groups_.size() || key_less(by_, other.groups_[j].key, groups_[i].key)) {
            merged.push_back(other.groups_[j++]);
        } else {
            merged.push_back(std::move(groups_[i++]));
            merged.back().totals.merge(other.groups_[j++].totals);
        }
    }
    groups_ = std::move(merged);
}

// ---------------------------------------------------------------- the pass

std::vector<std::uint8_t> select_applications(const dataset& ds, const application_filter& filter) {
    const prepared_filter pf(ds, filter);
    std::vector<std::uint8_t> out(ds.applications().size());
    for (std::size_t r = 0; r < out.size(); ++r) out[r] = pf.pass(r) ? 1 : 0;
    return out;
}

application_groups group_applications(const dataset& ds, std::span<const dimension> by,
                                      const application_filter& f, std::size_t first_row,
                                      std::size_t last_row) {
    const auto& apps = ds.applications();
    const auto& comps = ds.competitions();
    const auto& progs = ds.programmes();
    const auto& orgs = ds.organizations();
    const auto& persons = ds.persons();
    const auto& munis = ds.municipalities();
    last_row = std::min(last_row, apps.size());
    if (first_row >= last_row) return application_groups(std::vector<dimension>(by.begin(), by.end()));

    const prepared_filter pf(ds, f);
    const auto& comp_year = pf.comp_year;
    const auto& comp_prog = pf.comp_prog;
    const auto& comp_op = pf.comp_op;
    const auto& comp_kind = pf.comp_kind;
    const auto& org_muni = pf.org_muni;
    const auto& person_muni = pf.person_muni;
    const auto& dir_dict = apps.direction().dictionary();

    const auto& a_comp = apps.competition();
    const auto& a_type = apps.applicant_type();
    const auto& a_who = apps.applicant();
    const auto& a_dir = apps.direction().codes();
    const auto& a_req = apps.requested();
    const auto& a_cof = apps.cofunding();
    const auto& a_status = apps.status();
    const auto& a_award = apps.awarded();

    if (by.size() > max_dimensions)
        throw validation_error("group_applications: at most " + std::to_string(max_dimensions) + " dimensions, got " +
                               std::to_string(by.size()));
    std::unordered_map<code_key, std::size_t, code_hash> index;
    std::vector<code_key> codes_of;
    std::vector<application_totals> accs;
    // (group, applicant) pairs of every row and of every winning row, made distinct at the end.
    std::vector<std::pair<std::size_t, std::int64_t>> who_pairs, winner_pairs;
    code_key key{};
    constexpr auto winner = static_cast<std::uint8_t>(application_status::winner);

    for (std::size_t r = first_row; r < last_row; ++r) {
        if (!pf.pass(r)) continue;
        const auto c = static_cast<std::size_t>(a_comp[r]);
        const std::uint8_t type = a_type[r];
        const std::uint8_t st = a_status[r];
        const auto who = static_cast<std::size_t>(a_who[r]);
        const bool is_org = type == static_cast<std::uint8_t>(applicant_kind::organization);
        const row_index muni = is_org ? org_muni[who] : person_muni[who];
        const std::int64_t applicant_code = (static_cast<std::int64_t>(type) << 32) | static_cast<std::int64_t>(who);

        for (std::size_t i = 0; i < by.size(); ++i) {
            switch (by[i]) {
                case dimension::year: key[i] = comp_year[c]; break;
                case dimension::programme: key[i] = comp_prog[c]; break;
                case dimension::programme_kind: key[i] = comp_kind[c]; break;
                case dimension::grant_operator: key[i] = comp_op[c]; break;
                case dimension::competition: key[i] = static_cast<std::int64_t>(c); break;
                case dimension::direction: key[i] = a_dir[r]; break;
                case dimension::municipality: key[i] = muni; break;
                case dimension::applicant_kind: key[i] = type; break;
                case dimension::legal_form: key[i] = is_org ? orgs[who].okopf : -1; break;
                case dimension::applicant: key[i] = applicant_code; break;
                case dimension::status: key[i] = st; break;
            }
        }
        auto it = index.find(key);
        if (it == index.end()) {
            it = index.emplace(key, accs.size()).first;
            codes_of.push_back(key);
            accs.emplace_back();
        }
        const std::size_t group = it->second;
        auto& t = accs[group];
        ++t.applications;
        ++t.by_status[st];
        t.requested_kopecks = checked_add(t.requested_kopecks, a_req[r], "requested money");
        t.cofunding_kopecks = checked_add(t.cofunding_kopecks, a_cof[r], "co-funding");
        who_pairs.emplace_back(group, applicant_code);
        if (st == winner) {
            t.winners_requested_kopecks = checked_add(t.winners_requested_kopecks, a_req[r], "requested money");
            winner_pairs.emplace_back(group, applicant_code);
            if (a_award[r] != missing_kopecks) {
                t.awarded_kopecks = checked_add(t.awarded_kopecks, a_award[r], "awarded money");
                t.awarded_values.push_back(a_award[r]);
            }
        }
        const int year = comp_year[c];
        if (t.first_year == 0 || year < t.first_year) t.first_year = year;
        if (year > t.last_year) t.last_year = year;
    }

    // Keys, labels and applicant strings, once per group.
    auto applicant_key = [&](std::int64_t code) {
        const auto row = static_cast<std::size_t>(code & 0xffffffff);
        return (code >> 32) == static_cast<std::int64_t>(applicant_kind::organization)
                   ? "organization:" + orgs[row].id.str()
                   : "person:" + persons[row].id.str();
    };
    auto applicant_label = [&](std::int64_t code) {
        const auto row = static_cast<std::size_t>(code & 0xffffffff);
        if ((code >> 32) == static_cast<std::int64_t>(applicant_kind::organization))
            return orgs[row].display_name();
        return persons[row].display_name.empty() ? persons[row].id.str() : persons[row].display_name;
    };
    // Applicant keys, made once per applicant and copied into the groups that have it.
    std::vector<std::string> org_keys(orgs.size()), person_keys(persons.size());
    auto key_of = [&](std::int64_t code) -> const std::string& {
        const auto row = static_cast<std::size_t>(code & 0xffffffff);
        auto& cache = (code >> 32) == static_cast<std::int64_t>(applicant_kind::organization) ? org_keys : person_keys;
        if (cache[row].empty()) cache[row] = applicant_key(code);
        return cache[row];
    };
    auto distribute = [&](std::vector<std::pair<std::size_t, std::int64_t>>& pairs, auto member) {
        std::sort(pairs.begin(), pairs.end());
        pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
        for (const auto& [g, code] : pairs) (accs[g].*member).push_back(key_of(code));
        for (auto& t : accs) std::sort((t.*member).begin(), (t.*member).end());
    };
    distribute(who_pairs, &application_totals::applicants);
    distribute(winner_pairs, &application_totals::winning_applicants);

    std::vector<application_group> made;
    made.reserve(accs.size());
    for (std::size_t g = 0; g < accs.size(); ++g) {
        auto& t = accs[g];
        std::sort(t.awarded_values.begin(), t.awarded_values.end());
        std::vector<std::string> k(by.size()), l(by.size());
        const auto& codes = codes_of[g];
        for (std::size_t i = 0; i < by.size(); ++i) {
            const std::int64_t v = codes[i];
            switch (by[i]) {
                case dimension::year:
                    k[i] = l[i] = std::to_string(v);
                    break;
                case dimension::programme: {
                    const auto& p = progs[static_cast<std::size_t>(v)];
                    k[i] = p.id.str();
                    l[i] = p.name.empty() ? k[i] : p.name;
                    break;
                }
                case dimension::programme_kind:
                    k[i] = l[i] = std::string(to_string(static_cast<programme_kind>(v)));
                    break;
                case dimension::grant_operator:
                    if (v != no_row) {
                        const auto& op = ds.operators()[static_cast<std::size_t>(v)];
                        k[i] = op.id.str();
                        l[i] = op.name.empty() ? k[i] : op.name;
                    }
                    break;
                case dimension::competition: {
                    const auto& comp = comps[static_cast<std::size_t>(v)];
                    k[i] = comp.id.str();
                    l[i] = comp.name.empty() ? k[i] : comp.name;
                    break;
                }
                case dimension::direction:
                    k[i] = l[i] = dir_dict[static_cast<std::size_t>(v)];
                    break;
                case dimension::municipality:
                    if (v != no_row) {
                        const auto& m = munis[static_cast<std::size_t>(v)];
                        k[i] = m.id.str();
                        l[i] = m.name.empty() ? k[i] : m.name;
                    }
                    break;
                case dimension::applicant_kind:
                    k[i] = l[i] = std::string(to_string(static_cast<applicant_kind>(v)));
                    break;
                case dimension::legal_form:
                    if (v < 0) {
                        k[i] = "person";
                        l[i] = "individual";
                    } else {
                        k[i] = std::to_string(v);
                        const auto name = okopf_name(static_cast<int>(v), true);
                        l[i] = name.empty() ? (v == 0 ? std::string("unknown") : k[i]) : std::string(name);
                    }
                    break;
                case dimension::applicant:
                    k[i] = applicant_key(v);
                    l[i] = applicant_label(v);
                    break;
                case dimension::status:
                    k[i] = l[i] = std::string(to_string(static_cast<application_status>(v)));
                    break;
            }
        }
        made.push_back(application_group{std::move(k), std::move(l), std::move(t)});
    }
    return application_groups::from_groups(std::vector<dimension>(by.begin(), by.end()), std::move(made));
}

// ---------------------------------------------------------------- series from records

yearly_series application_series(const dataset& ds, measure m, const application_filter& filter) {
    const auto g = group_applications(ds, {dimension::year}, filter);
    yearly_series s(std::string(to_string(m)), std::string(measure_unit(m)));
    for (const auto& grp : g.groups()) s.set(std::stoi(grp.key[0]), measure_value(grp.totals, m));
    return s;
}

std::vector<labelled_series> application_series_by(const dataset& ds, measure m, dimension by,
                                                   const application_filter& filter) {
    if (by == dimension::year) throw validation_error("application_series_by: the series is already by year");
    const auto g = group_applications(ds, {by, dimension::year}, filter);
    std::vector<labelled_series> out;
    for (const auto& grp : g.groups()) {
        if (out.empty() || out.back().key != grp.key[0])
            out.push_back({grp.key[0], grp.label[0],
                           yearly_series(std::string(to_string(m)) + " " + grp.key[0], std::string(measure_unit(m)))});
        out.back().series.set(std::stoi(grp.key[1]), measure_value(grp.totals, m));
    }
    return out;
}

}  // namespace civica::analysis
