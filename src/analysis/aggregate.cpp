// The names of dimensions and measures, the filter by dimension keys, and the row view of the
// engine's group tables (application_groups): group_applications is aggregate_applications
// (civica/analysis/engine.hpp) with every list gathered, turned into one struct per group.
#include "civica/analysis/aggregate.hpp"

#include "civica/analysis/engine.hpp"

#include "civica/core/date.hpp"
#include "civica/error.hpp"
#include "civica/model/dataset.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <cmath>
#include <charconv>
#include <iterator>
#include <numeric>
#include <set>

namespace civica::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

constexpr std::array<std::string_view, 12> dimension_names{
    "year",      "programme", "programme_kind", "grant_operator", "competition", "direction",
    "municipality", "applicant_kind", "legal_form", "applicant", "status", "region"};
constexpr std::array<dimension, 12> dimension_list{
    dimension::year,      dimension::programme,    dimension::programme_kind, dimension::grant_operator,
    dimension::competition, dimension::direction, dimension::municipality,   dimension::applicant_kind,
    dimension::legal_form, dimension::applicant,  dimension::status,         dimension::region};

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

}  // namespace

std::string_view to_string(dimension d) { return enum_name(dimension_names, static_cast<std::size_t>(d), "dimension"); }

std::span<const dimension> all_dimensions() { return dimension_list; }

namespace {
// "… is not a dimension (one of: …; did you mean "region"?)"
[[noreturn]] void unknown_name(std::string_view s, const char* what, std::span<const std::string_view> names) {
    std::string allowed;
    for (auto n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    const std::string close = closest_name(s, names);
    throw validation_error("\"" + std::string(s) + "\" is not " + what + " (one of: " + allowed + ")" +
                           (close.empty() ? std::string() : "; did you mean \"" + close + "\"?"));
}
}  // namespace

dimension parse_dimension(std::string_view s) {
    for (std::size_t i = 0; i < dimension_names.size(); ++i)
        if (dimension_names[i] == s) return static_cast<dimension>(i);
    unknown_name(s, "a dimension", dimension_names);
}

std::string_view to_string(measure m) { return enum_name(measure_names, static_cast<std::size_t>(m), "measure"); }

measure parse_measure(std::string_view s) {
    for (std::size_t i = 0; i < measure_names.size(); ++i)
        if (measure_names[i] == s) return static_cast<measure>(i);
    unknown_name(s, "a measure", measure_names);
}

bool is_money(measure m) { return m == measure::requested || m == measure::awarded; }

std::string measure_unit(measure m, std::string_view currency) {
    if (is_money(m)) return "1/100 " + std::string(currency.empty() ? "RUB" : currency);
    return m == measure::success_rate ? "share" : "count";
}

// ---------------------------------------------------------------- the filter

void application_filter::add(dimension d, std::span<const std::string> keys) {
    // An empty list would keep everything (the filter's lists are "any of", and no list is no
    // filter): a list built in code that ends up empty must not silently mean every application.
    if (keys.empty())
        throw validation_error("filter " + std::string(to_string(d)) +
                               ": an empty list of keys selects no application; leave the filter out to keep them all");
    // A code of the filter is a bad argument, not a file that could not be read: the parse_error
    // of the code's parser becomes a validation_error naming the filter.
    const auto code = [&](auto parse, const std::string& k) {
        try {
            return parse(k);
        } catch (const parse_error& e) {
            throw validation_error("filter " + std::string(to_string(d)) + ": " + e.reason());
        }
    };
    if (d == dimension::applicant_kind) {
        // Every key is checked; both kinds listed (in this call or before) means either kind.
        bool organization = applicant_type == applicant_kind::organization;
        bool person = applicant_type == applicant_kind::person;
        for (const auto& k : keys) {
            if (code([](std::string_view s) { return parse_applicant_kind(s); }, k) == applicant_kind::person)
                person = true;
            else
                organization = true;
        }
        if (organization && person)
            applicant_type.reset();
        else
            applicant_type = person ? applicant_kind::person : applicant_kind::organization;
        return;
    }
    for (const auto& k : keys) {
        switch (d) {
            case dimension::year: {
                int y = 0;
                const auto* end = k.data() + k.size();
                const auto [p, ec] = std::from_chars(k.data(), end, y);
                if (ec != std::errc() || p != end || k.empty())
                    throw validation_error("filter year: \"" + k + "\" is not a year");
                // No record holds another year (core/date.hpp): years=3, meant as a count of
                // years, would select nothing and give an empty table without a word.
                if (!in_date_years(y))
                    throw validation_error("filter year: " + k + " is outside the years " + date_years_text() +
                                           " that civica's data can hold (a year, such as 2020, not a count)");
                years.push_back(y);
                break;
            }
            case dimension::programme: programmes.push_back(k); break;
            case dimension::programme_kind:
                programme_kinds.push_back(code([](std::string_view s) { return parse_programme_kind(s); }, k));
                break;
            case dimension::grant_operator: operators.push_back(k); break;
            case dimension::competition: competitions.push_back(k); break;
            case dimension::direction: directions.push_back(k); break;
            case dimension::municipality: municipalities.push_back(k); break;
            case dimension::region: regions.push_back(k); break;
            case dimension::status:
                statuses.push_back(code([](std::string_view s) { return parse_application_status(s); }, k));
                break;
            case dimension::legal_form: legal_forms.push_back(k); break;
            case dimension::applicant: applicants.push_back(k); break;
            case dimension::applicant_kind: break;  // above
        }
    }
}

std::string known_filter_key(const dataset& ds, dimension d, const std::string& key) {
    const auto unknown = [&](const std::vector<std::string_view>& choices) -> std::string {
        const std::string close = closest_name(key, choices);
        throw validation_error("filter " + std::string(to_string(d)) + ": \"" + key + "\" is not in the dataset" +
                               (close.empty() ? std::string() : "; did you mean \"" + close + "\"?"));
    };
    const auto ids_of = [](const auto& table, std::vector<std::string_view>& out) {
        for (std::size_t r = 0; r < table.size(); ++r) out.push_back(table[r].id.str());
    };
    switch (d) {
        case dimension::legal_form: {
            // A legal form is a key the legal_form groups print: a name or "АНО" is a mistake. A
            // code no organisation of the dataset has gives an empty result.
            const bool code = key.size() == 5 && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (code || key == "0" || key == "person") return key;
            throw validation_error("filter legal_form: \"" + key +
                                   "\" is not an ОКОПФ code (five digits, such as 71400 for an АНО or 20200 for a "
                                   "public organisation; \"0\" for an unknown form, \"person\" for individuals)");
        }
        case dimension::region: {
            std::set<std::string_view> regions;
            for (const auto& m : ds.municipalities()) regions.insert(m.region);
            if (regions.count(key) || key.empty()) return key;
            regions.erase(std::string_view());
            // A region written another way (another letter case, spaces or dashes:
            // text::loose_name_key) is that region, as the ФПГ reader takes it, when it is one.
            const std::string loose = text::loose_name_key(key);
            std::vector<std::string_view> same;
            for (const auto r : regions)
                if (text::loose_name_key(r) == loose) same.push_back(r);
            if (same.size() == 1) return std::string(same.front());
            if (same.size() > 1) {
                std::string names;
                for (const auto r : same) names += (names.empty() ? "\"" : ", \"") + std::string(r) + "\"";
                throw validation_error("filter region: \"" + key + "\" is written like several regions of the dataset (" +
                                       names + "): give one as the dataset writes it");
            }
            return unknown({regions.begin(), regions.end()});
        }
        case dimension::direction: {
            const auto& column = ds.applications().direction();
            if (key.empty() || column.find(key) >= 0) return key;
            std::vector<std::string_view> directions;
            for (std::size_t c = 1; c < column.dictionary().size(); ++c) directions.push_back(column.dictionary()[c]);
            std::sort(directions.begin(), directions.end());
            return unknown(directions);
        }
        case dimension::municipality: {
            if (key.empty() || ds.municipalities().find(key) != no_row) return key;
            try {
                // A name (or English name) means its id, by the one rule of territories.
                if (std::string id = ds.resolve_territory(key); ds.municipalities().find(id) != no_row) return id;
            } catch (const not_found_error&) {
            }
            std::vector<std::string_view> ids;
            ids_of(ds.municipalities(), ids);
            return unknown(ids);
        }
        case dimension::applicant: {
            if (key.empty() || ds.organizations().find(key) != no_row || ds.persons().find(key) != no_row) return key;
            std::vector<std::string_view> ids;
            ids_of(ds.organizations(), ids);
            ids_of(ds.persons(), ids);
            return unknown(ids);
        }
        case dimension::programme:
        case dimension::competition:
        case dimension::grant_operator: {
            const auto known = d == dimension::programme     ? ds.programmes().find(key) != no_row
                               : d == dimension::competition ? ds.competitions().find(key) != no_row
                                                             : ds.operators().find(key) != no_row;
            if (key.empty() || known) return key;
            std::vector<std::string_view> ids;
            if (d == dimension::programme) ids_of(ds.programmes(), ids);
            else if (d == dimension::competition) ids_of(ds.competitions(), ids);
            else ids_of(ds.operators(), ids);
            return unknown(ids);
        }
        default: return key;
    }
}

application_filter known_filter(const dataset& ds, application_filter f) {
    const auto check = [&](dimension d, std::vector<std::string>& keys) {
        for (auto& k : keys) k = known_filter_key(ds, d, k);
    };
    check(dimension::programme, f.programmes);
    check(dimension::grant_operator, f.operators);
    check(dimension::competition, f.competitions);
    check(dimension::municipality, f.municipalities);
    check(dimension::region, f.regions);
    check(dimension::direction, f.directions);
    check(dimension::legal_form, f.legal_forms);
    check(dimension::applicant, f.applicants);
    for (const auto& k : f.applicants) require_one_applicant(ds, k, f.applicant_type);
    return f;
}

void require_one_applicant(const dataset& ds, const std::string& key, std::optional<applicant_kind> kind) {
    // An organisation and a person may share an id: they are two applicants (the applicant
    // groups list them apart), so the id alone does not say which one the filter means.
    if (kind || key.empty() || ds.organizations().find(key) == no_row || ds.persons().find(key) == no_row) return;
    throw validation_error("filter applicant: \"" + key +
                           "\" is the id of an organisation and of a person of the dataset, two applicants; add the "
                           "filter applicant_kind (organization or person) to say which");
}

double measure_value(const application_totals& t, measure m) {
    switch (m) {
        case measure::applications: return static_cast<double>(t.applications);
        case measure::winners: return static_cast<double>(t.winners());
        case measure::applicants: return static_cast<double>(t.applicants.size());
        case measure::winning_applicants: return static_cast<double>(t.winning_applicants.size());
        // Not stated is not 0: with no stated request the money requested is not known.
        case measure::requested: return t.stated_requests > 0 ? static_cast<double>(t.requested_kopecks) : nan;
        case measure::awarded: return static_cast<double>(t.awarded_kopecks);
        case measure::success_rate: return t.success_rate();
    }
    (void)to_string(m);  // a measure cast from a bad integer: validation_error naming it, not NaN
    return nan;
}

namespace {

// The one rule of measure_qualifier: money summed over the stated amounts of some of the rows
// is a lower bound of the whole.
qualifier qualifier_of(measure m, std::int64_t applications, std::int64_t stated_requests, std::int64_t winners,
                       std::int64_t winners_stated_awards) {
    switch (m) {
        case measure::requested: return stated_sum_qualifier(applications, stated_requests);
        case measure::awarded: return winners_stated_awards < winners ? qualifier::at_least : qualifier::exact;
        default: (void)to_string(m); return qualifier::exact;
    }
}

}  // namespace

qualifier stated_sum_qualifier(std::int64_t rows, std::int64_t stated) {
    return stated > 0 && stated < rows ? qualifier::at_least : qualifier::exact;
}

qualifier measure_qualifier(const application_totals& t, measure m) {
    return qualifier_of(m, t.applications, t.stated_requests, t.winners(), t.winners_stated_awards);
}

qualifier measure_qualifier(const group_table& t, std::size_t g, measure m) {
    if (m == measure::requested) require_requested_money(t, "requested money");
    if (m == measure::awarded) require_awarded_money(t, "awarded money");
    return qualifier_of(m, t.applications[g], t.stated_requests[g], t.winners(g), t.winners_stated_awards[g]);
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
    stated_requests += o.stated_requests;
    winners_stated_requests += o.winners_stated_requests;
    winners_stated_awards += o.winners_stated_awards;
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
        t.stated_requests += o.stated_requests;
        t.winners_stated_requests += o.winners_stated_requests;
        t.winners_stated_awards += o.winners_stated_awards;
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

// ---------------------------------------------------------------- the row view

application_totals row_totals(const group_table& t, std::size_t g) {
    require_requested_money(t, "application totals");
    if (g >= t.size())
        throw validation_error("application totals: group " + std::to_string(g) + " of a table of " +
                               std::to_string(t.size()));
    application_totals tot;
    tot.applications = t.applications[g];
    for (std::size_t s = 0; s < 5; ++s) tot.by_status[s] = t.status[s][g];
    tot.requested_kopecks = t.requested_kopecks[g];
    tot.winners_requested_kopecks = t.winners_requested_kopecks[g];
    tot.stated_requests = t.stated_requests[g];
    tot.winners_stated_requests = t.winners_stated_requests[g];
    tot.winners_stated_awards = t.winners_stated_awards[g];
    tot.awarded_kopecks = t.awarded_kopecks[g];
    tot.cofunding_kopecks = t.cofunding_kopecks[g];
    tot.first_year = t.first_year[g];
    tot.last_year = t.last_year[g];
    if (t.extras & extra::award_values) {
        const auto aw = t.awards(g);
        tot.awarded_values.assign(aw.begin(), aw.end());
    }
    // "organization:<id>" / "person:<id>" of each applicant of the group's sets, sorted.
    auto names = [&](const std::vector<std::uint64_t>& off, const std::vector<std::uint32_t>& codes) {
        std::vector<std::string> out;
        if (off.empty()) return out;
        out.reserve(off[g + 1] - off[g]);
        for (auto i = off[g]; i < off[g + 1]; ++i)
            out.push_back((t.applicant_kind[codes[i]] == static_cast<std::uint8_t>(applicant_kind::organization)
                               ? "organization:"
                               : "person:") +
                          (t.applicant_id.empty() ? std::to_string(codes[i]) : t.applicant_id[codes[i]]));
        std::sort(out.begin(), out.end());
        return out;
    };
    tot.applicants = names(t.applicant_offsets, t.applicant_codes);
    tot.winning_applicants = names(t.winner_offsets, t.winner_codes);
    return tot;
}

application_groups group_applications(const dataset& ds, std::span<const dimension> by,
                                      const application_filter& f, std::size_t first_row,
                                      std::size_t last_row) {
    group_query q;
    q.by.assign(by.begin(), by.end());
    q.filter = f;
    q.extras = extra::applicants | extra::winning_applicants | extra::award_values | extra::applicant_ids |
               (std::find(by.begin(), by.end(), dimension::applicant) != by.end() ? extra::applicant_labels : 0u);
    q.first_row = first_row;
    q.last_row = last_row;
    const group_table t = aggregate_applications(ds, q);
    std::vector<application_group> made(t.size());
    for (std::size_t g = 0; g < t.size(); ++g) {
        auto& grp = made[g];
        for (std::size_t i = 0; i < by.size(); ++i) {
            grp.key.push_back(t.key(i, g));
            grp.label.push_back(t.label(i, g));
        }
        grp.totals = row_totals(t, g);
    }
    return application_groups::from_groups(std::vector<dimension>(by.begin(), by.end()), std::move(made));
}

// ---------------------------------------------------------------- series from records

namespace {
unsigned extras_of(measure m) {
    switch (m) {
        case measure::applicants: return extra::applicants;
        case measure::winning_applicants: return extra::winning_applicants;
        default: return 0;
    }
}
}  // namespace

double measure_value(const group_table& t, std::size_t g, measure m) {
    if (g >= t.size())
        throw validation_error("measure value: group " + std::to_string(g) + " of a table of " + std::to_string(t.size()));
    switch (m) {
        case measure::applications: return static_cast<double>(t.applications[g]);
        case measure::winners: return static_cast<double>(t.winners(g));
        case measure::applicants:
            if (t.applicant_offsets.size() != t.size() + 1)
                throw validation_error("distinct applicants: the group table was made without the applicants "
                                       "(extra::applicants); make it with a query that gathers them");
            return static_cast<double>(t.distinct_applicants(g));
        case measure::winning_applicants:
            if (t.winner_offsets.size() != t.size() + 1)
                throw validation_error("distinct winning applicants: the group table was made without them "
                                       "(extra::winning_applicants); make it with a query that gathers them");
            return static_cast<double>(t.distinct_winners(g));
        case measure::requested:
            require_requested_money(t, "requested money");
            return t.stated_requests[g] > 0 ? static_cast<double>(t.requested_kopecks[g]) : nan;
        case measure::awarded: require_awarded_money(t, "awarded money"); return static_cast<double>(t.awarded_kopecks[g]);
        case measure::success_rate: {
            const auto d = t.decided(g);
            return d > 0 ? static_cast<double>(t.winners(g)) / static_cast<double>(d) : nan;
        }
    }
    (void)to_string(m);  // a measure cast from a bad integer: validation_error naming it, not NaN
    return nan;
}

group_query measure_query(measure m, std::vector<dimension> by, const application_filter& filter) {
    group_query q;
    q.by = std::move(by);
    q.filter = filter;
    q.extras = extras_of(m) | (m == measure::requested ? 0u : extra::awarded_money_only) |
               (m == measure::requested || m == measure::awarded ? 0u : extra::counts_only);
    return q;
}

yearly_series application_series(const dataset& ds, measure m, const application_filter& filter) {
    const auto t = aggregate_applications(ds, measure_query(m, {dimension::year}, known_filter(ds, filter)));
    yearly_series s(std::string(to_string(m)), measure_unit(m, t.currency));
    for (std::size_t g = 0; g < t.size(); ++g)
        s.set(std::stoi(t.key(0, g)), measure_value(t, g, m), measure_qualifier(t, g, m));
    return s;
}

std::vector<labelled_series> application_series_by(const dataset& ds, measure m, dimension by,
                                                   const application_filter& filter) {
    if (by == dimension::year) throw validation_error("application_series_by: the series is already by year");
    const auto t = aggregate_applications(ds, measure_query(m, {by, dimension::year}, known_filter(ds, filter)));
    std::vector<labelled_series> out;
    const std::string unit = measure_unit(m, t.currency);
    for (std::size_t g = 0; g < t.size(); ++g) {
        if (out.empty() || g == 0 || t.code[0][g] != t.code[0][g - 1])
            out.push_back({t.key(0, g), t.label(0, g), yearly_series(std::string(to_string(m)) + " " + t.key(0, g), unit)});
        out.back().series.set(std::stoi(t.key(1, g)), measure_value(t, g, m), measure_qualifier(t, g, m));
    }
    return out;
}

}  // namespace civica::analysis
