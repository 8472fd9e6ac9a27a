// Design notes (see also civica/analysis/engine.hpp): aggregate_applications resolves every
// dimension to codes once per row of the small tables, then makes one pass over the
// application columns in which a row's group is comp_part[competition] + app_part[applicant] +
// dir_part[direction] + status_part[status] (a mixed-radix number, so ascending numbers are
// groups in key order). Sets, award lists and recipient sums are gathered as packed integer
// pairs in the pass and put in group order by counting sorts after it (a set's repeats dropped
// with a stamp per applicant, or never gathered when a mask per applicant can tell them). merge() and rollup() share one routine that adds
// up groups given as lists of (table, group, applicant renumbering) members.
#include "civica/analysis/engine.hpp"

#include "applicant_order.hpp"

#include "civica/core/parallel.hpp"
#include "civica/core/radix_sort.hpp"
#include "civica/error.hpp"
#include "civica/model/dataset.hpp"
#include "civica/model/detail/derived_access.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <set>
#include <bit>
#include <cmath>
#include <numeric>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>

namespace civica::analysis {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint32_t none32 = std::numeric_limits<std::uint32_t>::max();

std::int64_t checked_add(std::int64_t a, std::int64_t b, const char* what) {
    std::int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        throw validation_error(std::string("application totals: the sum of ") + what + " overflows 64 bits (" +
                               std::to_string(a) + " + " + std::to_string(b) + ")");
    return r;
}

enum class level : std::uint8_t { competition, applicant, row };

level level_of(dimension d) {
    switch (d) {
        case dimension::year:
        case dimension::programme:
        case dimension::programme_kind:
        case dimension::grant_operator:
        case dimension::competition: return level::competition;
        case dimension::direction:
        case dimension::status: return level::row;
        default: return level::applicant;
    }
}

// Years and ОКОПФ codes sort as numbers ("person" after every code), the rest as text.
bool key_less(dimension d, std::string_view a, std::string_view b) {
    if ((d == dimension::year || d == dimension::legal_form) && a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

// One dimension resolved: its dictionary (sorted) and the code of every entity of its level.
struct resolved {
    dimension d;
    level lv;
    group_table::dictionary dict;
    std::vector<std::uint32_t> code;  // per competition / applicant / direction entry / status
    std::uint64_t size = 0;           // number of codes
    // Applicant level: `code` narrowed to one or two bytes when the codes fit (so the pass's
    // per-applicant reads stay in cache); both empty otherwise.
    std::vector<std::uint8_t> code8;
    std::vector<std::uint16_t> code16;
};

// Sorts raw values by key, merges equal keys, and maps every entity to its value's code.
void finish_dictionary(resolved& r, std::vector<std::string> keys, std::vector<std::string> labels,
                       std::vector<population_series> pop, const std::vector<std::uint32_t>& entity_raw) {
    std::vector<std::uint32_t> order(keys.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return key_less(r.d, keys[a], keys[b]); });
    std::vector<std::uint32_t> raw_to(keys.size());
    for (auto i : order) {
        if (r.dict.keys.empty() || r.dict.keys.back() != keys[i]) {
            r.dict.keys.push_back(std::move(keys[i]));
            r.dict.labels.push_back(std::move(labels[i]));
            if (!pop.empty()) r.dict.population.push_back(std::move(pop[i]));
        }
        raw_to[i] = static_cast<std::uint32_t>(r.dict.keys.size() - 1);
    }
    r.size = r.dict.keys.size();
    r.code.resize(entity_raw.size());
    for (std::size_t e = 0; e < entity_raw.size(); ++e) r.code[e] = raw_to[entity_raw[e]];
}

template <class T, class V>
bool listed(const std::vector<T>& list, const V& v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

std::string okopf_key(int okopf) { return std::to_string(okopf); }

struct entities;
resolved resolve(const entities& e, dimension d);

// The per-entity facts every dimension and filter is computed from. They depend on the
// dataset's rows only, so one is kept in the dataset's derived cache (cleared by every
// change of the dataset) and shared by every later query; the dimensions are resolved on
// first use, each once.
struct entities {
    const dataset& ds;
    std::size_t ncomp, norg, nperson, napp, ndir;
    std::vector<row_index> comp_prog, comp_op;   // per competition
    std::vector<std::int32_t> comp_year;         // per competition
    std::vector<std::uint32_t> app_muni;         // per applicant: municipality row, or the "unknown" slot
    std::vector<std::uint32_t> muni_region;      // per municipality row (+1: unknown) → region raw index
    std::vector<std::string> region_names;       // raw regions ("" first: unknown)
    // The application rows of each competition as runs of consecutive rows: competition c's
    // runs are [run_offsets[c], run_offsets[c + 1]) of `runs`, ascending. Empty when the rows
    // are not grouped by competition (more runs than one per 64 rows): then filters scan.
    // Made on first use (by a filter that leaves competitions out): run_index().
    struct run_index_t {
        std::vector<std::size_t> run_offsets;
        std::vector<std::pair<std::size_t, std::size_t>> runs;
        std::vector<std::size_t> comp_rows;  // rows per competition (with the runs)
    };
    // The winners' rows, ascending (a filter of winners alone reads only these); made on first
    // use, nullptr when the rows are too many to number in 32 bits.
    const std::vector<std::uint32_t>* winner_rows() const {
        std::call_once(winners_once_, [&] {
            const auto& status = ds.applications().status();
            if (status.size() >= std::numeric_limits<std::uint32_t>::max()) return;
            constexpr auto win = static_cast<std::uint8_t>(application_status::winner);
            std::size_t n = 0;
            for (auto x : status) n += x == win;
            auto w = std::make_unique<std::vector<std::uint32_t>>();
            w->reserve(n);
            for (std::size_t r = 0; r < status.size(); ++r)
                if (status[r] == win) w->push_back(static_cast<std::uint32_t>(r));
            winners_ = std::move(w);
        });
        return winners_.get();
    }
    const run_index_t& run_index() const {
        std::call_once(runs_once_, [&] {
            auto r = std::make_unique<run_index_t>();
            index_runs(*r);
            runs_ = std::move(r);
        });
        return *runs_;
    }

    explicit entities(const dataset& d) : ds(d) {
        const auto& comps = ds.competitions();
        ncomp = comps.size();
        norg = ds.organizations().size();
        nperson = ds.persons().size();
        napp = norg + nperson;
        ndir = ds.applications().direction().dictionary().size();
        comp_prog.resize(ncomp);
        comp_op.resize(ncomp);
        comp_year.resize(ncomp);
        for (std::size_t c = 0; c < ncomp; ++c) {
            comp_year[c] = comps[c].year;
            comp_prog[c] = ds.programmes().find(comps[c].programme.str());
            comp_op[c] = comp_prog[c] == no_row
                             ? no_row
                             : ds.operators().find(ds.programmes()[static_cast<std::size_t>(comp_prog[c])].grant_operator.str());
        }
        const auto& munis = ds.municipalities();
        const auto unknown = static_cast<std::uint32_t>(munis.size());
        app_muni.resize(napp);
        const auto& org_muni = ds.organization_municipality();
        for (std::size_t a = 0; a < norg; ++a)
            app_muni[a] = org_muni[a] == no_row ? unknown : static_cast<std::uint32_t>(org_muni[a]);
        for (std::size_t p = 0; p < nperson; ++p) {
            const row_index m = munis.find(ds.persons()[p].municipality.str());
            app_muni[norg + p] = m == no_row ? unknown : static_cast<std::uint32_t>(m);
        }
        std::unordered_map<std::string_view, std::uint32_t> idx;
        region_names.emplace_back();
        idx.emplace("", 0u);
        muni_region.assign(munis.size() + 1, 0);
        for (std::size_t m = 0; m < munis.size(); ++m) {
            auto [it, fresh] = idx.emplace(munis[m].region, static_cast<std::uint32_t>(region_names.size()));
            if (fresh) region_names.push_back(munis[m].region);
            muni_region[m] = it->second;
        }
    }

    std::uint32_t muni_raw(std::size_t a) const { return app_muni[a]; }
    bool is_org(std::size_t a) const { return a < norg; }

    // The dimension resolved (made on first use, then shared).
    const resolved& dim(dimension d) const {
        const auto i = static_cast<std::size_t>(d);
        std::call_once(once_[i], [&] { dims_[i] = std::make_unique<const resolved>(resolve(*this, d)); });
        return *dims_[i];
    }

private:
    void index_runs(run_index_t& x) const {
        const auto& comp = ds.applications().competition();
        const std::size_t n = comp.size();
        std::vector<std::pair<std::size_t, std::size_t>> all;  // runs in row order
        std::vector<std::uint32_t> run_comp;
        for (std::size_t r = 0; r < n;) {
            std::size_t e = r + 1;
            while (e < n && comp[e] == comp[r]) ++e;
            if (all.size() + 1 > n / 64 + 16) return;  // not grouped: no index
            all.emplace_back(r, e);
            run_comp.push_back(static_cast<std::uint32_t>(comp[r]));
            r = e;
        }
        auto& run_offsets = x.run_offsets;
        auto& comp_rows = x.comp_rows;
        auto& runs = x.runs;
        run_offsets.assign(ncomp + 1, 0);
        comp_rows.assign(ncomp, 0);
        for (std::size_t i = 0; i < all.size(); ++i) {
            ++run_offsets[run_comp[i] + 1];
            comp_rows[run_comp[i]] += all[i].second - all[i].first;
        }
        for (std::size_t c = 0; c < ncomp; ++c) run_offsets[c + 1] += run_offsets[c];
        runs.resize(all.size());
        std::vector<std::size_t> at(run_offsets.begin(), run_offsets.end() - 1);
        for (std::size_t i = 0; i < all.size(); ++i) runs[at[run_comp[i]]++] = all[i];
    }

    mutable std::once_flag winners_once_, runs_once_;
    mutable std::unique_ptr<const std::vector<std::uint32_t>> winners_;
    mutable std::unique_ptr<const run_index_t> runs_;
    mutable std::array<std::once_flag, 12> once_;
    mutable std::array<std::unique_ptr<const resolved>, 12> dims_;
};

std::shared_ptr<const entities> entities_of(const dataset& ds) {
    return civica::detail::derived_access::of(ds).get<entities>(ds);
}

// Each region's population by year: the sum over its municipalities of each one's population
// of the year (or its nearest earlier figure; a figure of 0 is none, civica::population_in),
// for every year any of them has a figure. A year for which one of its municipalities has no
// figure of that year or before gives the region none: the region's money would otherwise be
// divided by part of its people.
std::vector<population_series> region_populations(const dataset& ds, const std::vector<std::uint32_t>& muni_region,
                                                  std::size_t regions) {
    const auto& munis = ds.municipalities();
    std::vector<std::vector<int>> years(regions);
    for (std::size_t m = 0; m < munis.size(); ++m)
        for (const auto& [y, n] : munis[m].population) years[muni_region[m]].push_back(y);
    for (auto& y : years) {
        std::sort(y.begin(), y.end());
        y.erase(std::unique(y.begin(), y.end()), y.end());
    }
    std::vector<population_series> out(regions);
    std::vector<std::set<int>> incomplete(regions);
    for (std::size_t m = 0; m < munis.size(); ++m) {
        const auto r = muni_region[m];
        for (int y : years[r]) {
            if (auto p = munis[m].population_in(y))
                out[r][y] += *p;
            else
                incomplete[r].insert(y);
        }
    }
    for (std::size_t r = 0; r < regions; ++r)
        for (int y : incomplete[r]) out[r].erase(y);
    out[0].clear();  // the "unknown region" has no population
    return out;
}

population_series region_population(const dataset& ds, const std::vector<std::uint32_t>& muni_region,
                                    std::uint32_t region) {
    return region_populations(ds, muni_region, *std::max_element(muni_region.begin(), muni_region.end()) + 1)[region];
}

resolved resolve(const entities& e, dimension d) {
    const dataset& ds = e.ds;
    resolved r{d, level_of(d), {}, {}, 0, {}, {}};
    std::vector<std::string> keys, labels;
    std::vector<population_series> pop;
    std::vector<std::uint32_t> raw;
    const auto& comps = ds.competitions();
    switch (d) {
        case dimension::year: {
            std::unordered_map<int, std::uint32_t> idx;
            for (std::size_t c = 0; c < e.ncomp; ++c) {
                auto [it, fresh] = idx.emplace(comps[c].year, static_cast<std::uint32_t>(keys.size()));
                if (fresh) {
                    keys.push_back(std::to_string(comps[c].year));
                    labels.push_back(keys.back());
                }
                raw.push_back(it->second);
            }
            break;
        }
        case dimension::programme:
        case dimension::grant_operator: {
            const bool prog = d == dimension::programme;
            const std::size_t n = prog ? ds.programmes().size() : ds.operators().size();
            for (std::size_t i = 0; i < n; ++i) {
                if (prog) {
                    const auto& p = ds.programmes()[i];
                    keys.push_back(p.id.str());
                    labels.push_back(p.name.empty() ? p.id.str() : p.name);
                } else {
                    const auto& o = ds.operators()[i];
                    keys.push_back(o.id.str());
                    labels.push_back(o.name.empty() ? o.id.str() : o.name);
                }
            }
            keys.emplace_back();
            labels.emplace_back();
            for (std::size_t c = 0; c < e.ncomp; ++c) {
                const row_index x = prog ? e.comp_prog[c] : e.comp_op[c];
                raw.push_back(x == no_row ? static_cast<std::uint32_t>(n) : static_cast<std::uint32_t>(x));
            }
            break;
        }
        case dimension::programme_kind:
            for (int k = 0; k <= static_cast<int>(programme_kind::other); ++k) {
                keys.emplace_back(to_string(static_cast<programme_kind>(k)));
                labels.push_back(keys.back());
            }
            for (std::size_t c = 0; c < e.ncomp; ++c)
                raw.push_back(e.comp_prog[c] == no_row
                                  ? static_cast<std::uint32_t>(programme_kind::other)
                                  : static_cast<std::uint32_t>(ds.programmes()[static_cast<std::size_t>(e.comp_prog[c])].kind));
            break;
        case dimension::competition:
            for (std::size_t c = 0; c < e.ncomp; ++c) {
                keys.push_back(comps[c].id.str());
                labels.push_back(comps[c].name.empty() ? comps[c].id.str() : comps[c].name);
                raw.push_back(static_cast<std::uint32_t>(c));
            }
            break;
        case dimension::direction: {
            const auto& dict = ds.applications().direction().dictionary();
            for (std::size_t i = 0; i < dict.size(); ++i) {
                keys.emplace_back(dict[i]);
                labels.emplace_back(dict[i]);
                raw.push_back(static_cast<std::uint32_t>(i));
            }
            break;
        }
        case dimension::status:
            for (int s = 0; s < 5; ++s) {
                keys.emplace_back(to_string(static_cast<application_status>(s)));
                labels.push_back(keys.back());
                raw.push_back(static_cast<std::uint32_t>(s));
            }
            break;
        case dimension::municipality: {
            const auto& munis = ds.municipalities();
            for (const auto& m : munis) {
                keys.push_back(m.id.str());
                labels.push_back(m.name.empty() ? m.id.str() : m.name);
                pop.push_back(m.population);
            }
            keys.emplace_back();
            labels.emplace_back();
            pop.emplace_back();
            raw.resize(e.napp);
            for (std::size_t a = 0; a < e.napp; ++a) raw[a] = e.muni_raw(a);
            break;
        }
        case dimension::region:
            pop = region_populations(ds, e.muni_region, e.region_names.size());
            for (std::size_t i = 0; i < e.region_names.size(); ++i) {
                keys.push_back(e.region_names[i]);
                labels.push_back(e.region_names[i]);
            }
            raw.resize(e.napp);
            for (std::size_t a = 0; a < e.napp; ++a) raw[a] = e.muni_region[e.muni_raw(a)];
            break;
        case dimension::applicant_kind:
            keys = {"organization", "person"};
            labels = keys;
            for (std::size_t a = 0; a < e.napp; ++a) raw.push_back(e.is_org(a) ? 0u : 1u);
            break;
        case dimension::legal_form: {
            std::unordered_map<int, std::uint32_t> idx;
            keys.emplace_back("person");
            labels.emplace_back("individual");
            for (std::size_t a = 0; a < e.napp; ++a) {
                if (!e.is_org(a)) {
                    raw.push_back(0);
                    continue;
                }
                const int f = ds.organizations()[a].okopf;
                auto [it, fresh] = idx.emplace(f, static_cast<std::uint32_t>(keys.size()));
                if (fresh) {
                    keys.push_back(okopf_key(f));
                    const auto name = okopf_name(f, true);
                    labels.push_back(name.empty() ? (f == 0 ? std::string("unknown") : keys.back()) : std::string(name));
                }
                raw.push_back(it->second);
            }
            break;
        }
        case dimension::applicant:
            // Codes are applicant numbers (organisation rows, then persons); the applicant
            // dictionary is made after the pass, for the applicants that occur.
            r.size = e.napp;
            r.code.resize(e.napp);
            std::iota(r.code.begin(), r.code.end(), 0u);
            return r;
    }
    finish_dictionary(r, std::move(keys), std::move(labels), std::move(pop), raw);
    if (r.lv == level::applicant) {
        if (r.size <= 0x100) r.code8.assign(r.code.begin(), r.code.end());
        else if (r.size <= 0x10000) r.code16.assign(r.code.begin(), r.code.end());
    }
    return r;
}

// The filter as flags per entity of each level.
struct prepared_filter {
    std::vector<std::uint8_t> comp_ok, app_ok, dir_ok;
    std::array<std::uint8_t, 5> status_ok{};
    // Whether any competition, direction or status, or any applicant, is left out: when none
    // is, the pass reads no flags.
    bool drops_rows = false, drops_applicants = false;

    prepared_filter(const entities& e, const application_filter& f) {
        const dataset& ds = e.ds;
        const auto& comps = ds.competitions();
        comp_ok.resize(e.ncomp);
        for (std::size_t c = 0; c < e.ncomp; ++c) {
            const programme* p = e.comp_prog[c] == no_row ? nullptr : &ds.programmes()[static_cast<std::size_t>(e.comp_prog[c])];
            comp_ok[c] = listed(f.years, comps[c].year) &&
                         listed(f.programme_kinds, p ? p->kind : programme_kind::other) &&
                         listed(f.programmes, p ? p->id.str() : std::string()) &&
                         listed(f.operators, p ? p->grant_operator.str() : std::string()) &&
                         listed(f.competitions, comps[c].id.str());
        }
        const auto& munis = ds.municipalities();
        std::vector<std::uint8_t> muni_ok(munis.size() + 1, 1);
        if (!f.municipalities.empty() || !f.regions.empty()) {
            for (std::size_t m = 0; m <= munis.size(); ++m) {
                const bool known = m < munis.size();
                const std::string id = known ? munis[m].id.str() : std::string();
                const std::string& region = e.region_names[e.muni_region[m]];
                muni_ok[m] = listed(f.municipalities, id) && listed(f.regions, region);
            }
        }
        const bool any = !f.municipalities.empty() || !f.regions.empty() || f.applicant_type || !f.legal_forms.empty() ||
                         !f.applicants.empty();
        app_ok.assign(e.napp, 1);  // all pass unless a filter of the applicant's says otherwise
        for (std::size_t a = 0; any && a < e.napp; ++a) {
            const bool org = e.is_org(a);
            bool ok = muni_ok[e.muni_raw(a)] != 0;
            if (ok && f.applicant_type) ok = (*f.applicant_type == applicant_kind::organization) == org;
            if (ok && !f.legal_forms.empty())
                ok = listed(f.legal_forms, org ? okopf_key(ds.organizations()[a].okopf) : std::string("person"));
            if (ok && !f.applicants.empty())
                ok = listed(f.applicants, org ? ds.organizations()[a].id.str() : ds.persons()[a - e.norg].id.str());
            app_ok[a] = ok;
        }
        const auto& dict = ds.applications().direction().dictionary();
        dir_ok.resize(dict.size());
        for (std::size_t d = 0; d < dict.size(); ++d) dir_ok[d] = listed(f.directions, dict[d]);
        for (std::size_t s = 0; s < 5; ++s) status_ok[s] = listed(f.statuses, static_cast<application_status>(s));
        auto any_dropped = [](const auto& flags) { return std::find(flags.begin(), flags.end(), 0) != flags.end(); };
        drops_rows = any_dropped(comp_ok) || any_dropped(dir_ok) || any_dropped(status_ok);
        drops_applicants = any_dropped(app_ok);
    }
};

// Totals of one group during the pass.
struct acc {
    std::array<std::int64_t, 5> status{};
    std::int64_t requested = 0, winners_requested = 0, awarded = 0, cofunding = 0;
    // The winners whose award and request are both stated: what they were awarded and asked.
    std::int64_t paired_awarded = 0, paired_requested = 0;
    std::int64_t stated_requests = 0;  // applications whose request is stated
    std::int64_t winners_stated_requests = 0;  // winning applications whose request is stated
    std::int64_t winners_stated_awards = 0;    // winning applications whose award is stated
    std::int32_t first_year = 0, last_year = 0;
};

// The totals of a group when only the awarded money is asked for (extra::awarded_money_only)
// and the groups are numbered densely: half a cache line a group, so that the table of a pass
// over thousands of groups stays in a core's cache. Counts fit 32 bits when the pass reads
// fewer than 2^32 rows, and years 16 bits when every competition's year is in [0, 65535]
// (pass_plan::lean checks both).
struct alignas(32) lean_acc {
    std::int64_t awarded = 0;
    std::array<std::uint32_t, 5> status{};
    std::uint16_t first_year = 0, last_year = 0;
};
static_assert(sizeof(lean_acc) == 32);

void add_into(lean_acc& to, const lean_acc& from) {
    for (std::size_t s = 0; s < 5; ++s) to.status[s] += from.status[s];
    to.awarded = checked_add(to.awarded, from.awarded, "awarded money");
    if (from.first_year != 0 && (to.first_year == 0 || from.first_year < to.first_year)) to.first_year = from.first_year;
    if (from.last_year > to.last_year) to.last_year = from.last_year;
}

void add_into(acc& to, const acc& from) {
    for (std::size_t s = 0; s < 5; ++s) to.status[s] += from.status[s];
    to.requested = checked_add(to.requested, from.requested, "requested money");
    to.winners_requested = checked_add(to.winners_requested, from.winners_requested, "requested money");
    to.awarded = checked_add(to.awarded, from.awarded, "awarded money");
    to.paired_awarded = checked_add(to.paired_awarded, from.paired_awarded, "awarded money");
    to.paired_requested = checked_add(to.paired_requested, from.paired_requested, "requested money");
    to.stated_requests += from.stated_requests;
    to.winners_stated_requests += from.winners_stated_requests;
    to.winners_stated_awards += from.winners_stated_awards;
    to.cofunding = checked_add(to.cofunding, from.cofunding, "co-funding");
    if (from.first_year != 0 && (to.first_year == 0 || from.first_year < to.first_year)) to.first_year = from.first_year;
    if (from.last_year > to.last_year) to.last_year = from.last_year;
}

// What one thread gathers from its rows. In the dense form `dense` is indexed by group
// number; otherwise `index` maps group numbers to positions in `sparse`.
struct gathered {
    std::vector<acc> dense;
    std::vector<lean_acc> lean;  // the dense form with pass_plan::lean
    std::unordered_map<std::uint64_t, std::uint32_t> index;
    std::vector<acc> sparse;
    std::vector<std::uint64_t> sparse_key;
    std::vector<std::uint64_t> who, winners;          // group << app_bits | applicant
    // With comp_bit, when `record_bits`: the bit number of each pair of `who` and `winners`
    // (for the threads after the first, whose pairs are checked against the first's masks).
    bool record_bits = false;
    std::vector<std::uint8_t> who_bit, win_bit;
    // Per applicant: the bits of comp_bit seen, one byte an applicant when there are at most
    // eight competition parts (pass_plan::narrow_masks), else eight (storage in words).
    std::vector<std::uint64_t> seen_who, seen_win;
    std::vector<std::int64_t> rec_dense;              // per applicant: money (one group only)
    std::vector<std::uint64_t> award_group;           // group
    std::vector<std::int64_t> award_amount;
    std::vector<std::uint64_t> recipient_key;         // group << app_bits | applicant
    std::vector<std::int64_t> recipient_amount;
    // The lean form (pass_plan::lean) counts no stated awards by group: it says here whether
    // it met a winner whose award is not stated, for the pass to be made again in full.
    bool unstated_award = false;
};

struct pass_plan {
    const application_table& t;
    const prepared_filter& pf;
    std::vector<std::uint64_t> comp_part, app_part, dir_part;
    std::vector<std::uint8_t> app8;    // app_part narrowed, when it fits
    std::vector<std::uint16_t> app16;
    std::vector<std::uint32_t> app32;
    bool by_app = false;
    std::array<std::uint64_t, 5> status_part{};
    std::vector<std::int32_t> comp_year;
    std::size_t norg;
    std::size_t app_count;
    unsigned app_bits;
    bool dense;
    bool lean = false;  // dense, and only the awarded money asked for: lean_acc totals
    std::uint64_t key_space;
    unsigned extras;
    // Distinct applicants found in the pass itself: when the group's part that is not the
    // applicant's depends on the competition only and takes at most 64 values, each applicant
    // keeps a 64-bit mask of those values seen, and a row adds its (group, applicant) pair
    // only when its bit is new. comp_bit[c] is that bit (empty: sort the pairs afterwards).
    std::vector<std::uint64_t> comp_bit;
    std::vector<std::uint8_t> comp_bit_number;  // comp_bit[c] == 1 << comp_bit_number[c]
    bool narrow_masks = false;              // comp_bit has at most 8 bits: masks of one byte
    bool applicant_groups = false;          // every dimension is the applicant's (or there is none)
    // Each applicant's awarded money summed in the pass (rec_dense), whatever the groups: for
    // the recipients of aggregate_with_recipients, whose groups follow from the applicant.
    bool applicant_money = false;
    // The applicant's part of the group number is app_codes[a] * app_stride, app_codes of
    // `app_width` bytes: a dimension's cached codes when one applicant-level dimension is
    // there, else the app8 … app_part made for the query (stride 1).
    const void* app_codes = nullptr;
    unsigned app_width = 0;
    std::uint64_t app_stride = 1;
    std::uint64_t app_key(std::size_t a) const {
        switch (app_width) {
            case 1: return static_cast<const std::uint8_t*>(app_codes)[a] * app_stride;
            case 2: return static_cast<const std::uint16_t*>(app_codes)[a] * app_stride;
            case 4: return static_cast<const std::uint32_t*>(app_codes)[a] * app_stride;
            case 8: return static_cast<const std::uint64_t*>(app_codes)[a] * app_stride;
            default: return 0;
        }
    }
};

// Appends to a vector in the pass: one compare a value (the vector's push_back is not inlined
// in a loop this size), the vector grown by doubling; finish() cuts it to the values written.
template <class T>
class appender {
public:
    explicit appender(std::vector<T>& v) : v_(v), at_(v.data() + v.size()), end_(v.data() + v.size()) {}
    void push(T x) {
        if (at_ == end_) [[unlikely]]
            grow();
        *at_++ = x;
    }
    void finish() { v_.resize(static_cast<std::size_t>(at_ - v_.data())); }

private:
    void grow() {
        const auto used = static_cast<std::size_t>(at_ - v_.data());
        v_.resize(std::max<std::size_t>(1024, 2 * v_.size()));
        at_ = v_.data() + used;
        end_ = v_.data() + v_.size();
    }
    std::vector<T>& v_;
    T* at_;
    T* end_;
};

inline void touch(const void* x) noexcept {
#if defined(__GNUC__)
    __builtin_prefetch(x);
#else
    (void)x;
#endif
}

// The pass over rows [begin, end). `App` holds each applicant's part of the group number in
// the narrowest type that fits (one or two bytes an applicant at national scale, so the
// per-applicant arrays stay in cache), and `by_app` says whether any applicant-level
// dimension or filter is there at all.
using row_ranges = std::vector<std::pair<std::size_t, std::size_t>>;
// The rows a pass reads: ranges of consecutive rows, and/or a list of row numbers (ascending).
struct row_set {
    row_ranges ranges;
    std::span<const std::uint32_t> list;
    std::size_t size() const {
        std::size_t n = list.size();
        for (const auto& [b, e] : ranges) n += e - b;
        return n;
    }
};

template <class App, bool by_app, class Mask, bool lean>
void gather_rows(const pass_plan& p, const App* app_part, const row_set& rows, gathered& out) {
    using Acc = std::conditional_t<lean, lean_acc, acc>;
    const auto* comp = p.t.competition().data();
    const auto* kind = p.t.applicant_type().data();
    const auto* who = p.t.applicant().data();
    const auto* dir = p.t.direction().codes().data();
    const auto* st = p.t.status().data();
    const auto* req = p.t.requested().data();
    const auto* cof = p.t.cofunding().data();
    const auto* aw = p.t.awarded().data();
    const auto* comp_ok = p.pf.comp_ok.data();
    const auto* app_ok = p.pf.app_ok.data();
    const auto* dir_ok = p.pf.dir_ok.data();
    const bool check_rows = p.pf.drops_rows, check_app = p.pf.drops_applicants;
    const auto* comp_part = p.comp_part.data();
    const auto* dir_part = p.dir_part.data();
    const auto* comp_year = p.comp_year.data();
    const std::array<std::uint64_t, 5> status_part = p.status_part;
    const std::array<std::uint8_t, 5> status_ok = p.pf.status_ok;
    const std::uint64_t app_stride = p.app_stride;
    const std::size_t norg = p.norg;
    const unsigned app_bits = p.app_bits;
    const bool dense_form = p.dense;
    const bool want_who = p.extras & extra::applicants, want_win = p.extras & extra::winning_applicants;
    const bool want_award = p.extras & extra::award_values;
    const bool want_requested = !(p.extras & extra::awarded_money_only);
    const bool want_awarded = !(p.extras & extra::counts_only);
    // Recipients' money as (group, recipient) pairs, or summed per applicant in rec_dense when
    // the groups follow from the applicant (or the caller wants it per applicant anyway).
    const bool want_money = (p.extras & extra::recipients && p.applicant_groups) || p.applicant_money;
    const bool want_pairs = p.extras & extra::recipients && !p.applicant_groups;
    const bool want_rec = want_money || want_pairs;
    const bool money_only = want_money && !want_pairs && !want_win && !want_award;
    const auto org_kind = static_cast<std::uint8_t>(applicant_kind::organization);
    constexpr auto winner = static_cast<std::uint8_t>(application_status::winner);
    if constexpr (lean) out.lean.assign(p.key_space, lean_acc{});
    else if (dense_form) out.dense.assign(p.key_space, acc{});
    const std::uint64_t* const comp_bit = p.comp_bit.empty() ? nullptr : p.comp_bit.data();
    const std::uint8_t* const bit_number = p.comp_bit_number.data();
    const bool record_bits = out.record_bits;
    if (comp_bit) {
        const std::size_t words = (p.app_count * sizeof(Mask) + 7) / 8;
        if (want_who) out.seen_who.assign(words, 0);
        if (want_win) out.seen_win.assign(words, 0);
    } else if (want_who) {
        out.who.reserve(rows.size());
    }
    appender<std::uint64_t> who_out(out.who), win_out(out.winners), award_group(out.award_group),
        recipient_key(out.recipient_key);
    appender<std::int64_t> award_amount(out.award_amount), recipient_amount(out.recipient_amount);
    appender<std::uint8_t> who_bit(out.who_bit), win_bit(out.win_bit);
    Mask* const seen_who = out.seen_who.empty() ? nullptr : reinterpret_cast<Mask*>(out.seen_who.data());
    Mask* const seen_win = out.seen_win.empty() ? nullptr : reinterpret_cast<Mask*>(out.seen_win.data());
    // Groups that depend on the applicant alone: each recipient's money straight into an array
    // by applicant (no pairs to sort); its group follows from the applicant afterwards.
    if (want_money) out.rec_dense.assign(p.app_count, 0);
    std::int64_t* const rec_dense = out.rec_dense.empty() ? nullptr : out.rec_dense.data();
    Acc* const dense = [&] {
        if constexpr (lean) return out.lean.data();
        else return out.dense.data();
    }();
    bool overflow = false;
    bool unstated_award = false;
    constexpr std::size_t ahead = 32;
    constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
    // One row; `next` is a row some way ahead whose per-applicant entries are fetched early.
    // (The group's totals are not fetched ahead: measured at national scale, with thousands of
    // groups, that cost more than it saved.)
    auto step = [&](const std::size_t r, const std::size_t next) {
        const auto c = static_cast<std::size_t>(comp[r]);
        const std::size_t a = kind[r] == org_kind ? static_cast<std::size_t>(who[r]) : norg + static_cast<std::size_t>(who[r]);
        if (next != none && kind[next] == org_kind) {
            if constexpr (by_app) {
                touch(app_part + who[next]);
                if (check_app) touch(app_ok + who[next]);
            }
            if (seen_who) touch(seen_who + who[next]);
            if (rec_dense) touch(rec_dense + who[next]);
            if (seen_win && st[next] == winner) touch(seen_win + who[next]);
        }
        const std::uint8_t s = st[r];
        const auto d = static_cast<std::size_t>(dir[r]);
        bool ok = true;
        if (check_rows) ok = comp_ok[c] & dir_ok[d] & status_ok[s];
        if constexpr (by_app) {
            if (check_app) ok = ok & app_ok[a];
        }
        if (!ok) return;
        std::uint64_t key = comp_part[c] + dir_part[d] + status_part[s];
        if constexpr (by_app) key += app_part[a] * app_stride;
        Acc* g;
        if constexpr (lean) {
            g = dense + key;
        } else if (dense_form) {
            g = dense + key;
        } else {
            auto [it, fresh] = out.index.try_emplace(key, static_cast<std::uint32_t>(out.sparse.size()));
            if (fresh) {
                out.sparse.emplace_back();
                out.sparse_key.push_back(key);
            }
            g = &out.sparse[it->second];
        }
        ++g->status[s];
        // A request the source does not state (missing_kopecks) adds nothing: the sums are of
        // the stated requests.
        const bool stated = req[r] != missing_kopecks;
        const std::int64_t asked = want_requested && stated ? req[r] : 0;
        if constexpr (!lean) {
            if (want_requested) {
                g->stated_requests += stated;
                overflow |= __builtin_add_overflow(g->requested, asked, &g->requested);
                overflow |= __builtin_add_overflow(g->cofunding, cof[r], &g->cofunding);
            }
        }
        const std::int32_t y = comp_year[c];
        using year_type = std::remove_cvref_t<decltype(g->first_year)>;
        if (g->first_year == 0 || y < g->first_year) g->first_year = static_cast<year_type>(y);
        if (y > g->last_year) g->last_year = static_cast<year_type>(y);
        const std::uint64_t packed = key << app_bits | a;
        if (want_who) {
            if (!comp_bit) {
                who_out.push(packed);
            } else if (!(seen_who[a] & static_cast<Mask>(comp_bit[c]))) {
                seen_who[a] |= static_cast<Mask>(comp_bit[c]);
                who_out.push(packed);
                if (record_bits) who_bit.push(bit_number[c]);
            }
        }
        // A winner's money without a branch (winners come in no pattern a branch predicts);
        // the lists below are made only when asked for.
        const bool win = s == winner;
        const std::int64_t award = want_awarded ? aw[r] : 0;  // a branch: the column is not read without it
        const bool paid = win & (award != missing_kopecks);
        if constexpr (lean) unstated_award |= win & !paid;
        else g->winners_stated_awards += paid;
        if constexpr (!lean) {
            if (want_requested) {
                overflow |= __builtin_add_overflow(g->winners_requested, win ? asked : 0, &g->winners_requested);
                g->winners_stated_requests += win & stated;
                const bool paired = paid & stated;
                overflow |= __builtin_add_overflow(g->paired_awarded, paired ? award : 0, &g->paired_awarded);
                overflow |= __builtin_add_overflow(g->paired_requested, paired ? asked : 0, &g->paired_requested);
            }
        }
        overflow |= __builtin_add_overflow(g->awarded, paid ? award : 0, &g->awarded);
        // Money per applicant and nothing else per winner: added on every row (0 but for a
        // paid winner), without the branch a winner would mispredict.
        if (money_only) overflow |= __builtin_add_overflow(rec_dense[a], paid ? award : 0, &rec_dense[a]);
        else if (win & (want_win | want_award | want_rec)) {
            if (want_win) {
                if (!comp_bit) {
                    win_out.push(packed);
                } else if (!(seen_win[a] & static_cast<Mask>(comp_bit[c]))) {
                    seen_win[a] |= static_cast<Mask>(comp_bit[c]);
                    win_out.push(packed);
                    if (record_bits) win_bit.push(bit_number[c]);
                }
            }
            if (paid) {
                if (want_award) {
                    award_group.push(key);
                    award_amount.push(award);
                }
                if (want_money) overflow |= __builtin_add_overflow(rec_dense[a], award, &rec_dense[a]);
                if (want_pairs) {
                    recipient_key.push(packed);
                    recipient_amount.push(award);
                }
            }
        }
    };
    for (const auto& [begin, end] : rows.ranges)
        for (std::size_t r = begin; r < end; ++r)
            step(r, r + ahead < end ? r + ahead : none);
    const std::size_t n = rows.list.size();
    for (std::size_t i = 0; i < n; ++i)
        step(rows.list[i], i + ahead < n ? rows.list[i + ahead] : none);
    who_out.finish();
    win_out.finish();
    award_group.finish();
    award_amount.finish();
    recipient_key.finish();
    recipient_amount.finish();
    who_bit.finish();
    win_bit.finish();
    out.unstated_award = unstated_award;
    if (overflow)
        throw validation_error("application totals: a group's sum of kopecks overflows 64 bits");
}

template <class App, bool by_app>
void gather_rows_masked(const pass_plan& p, const App* app_part, const row_set& ranges, gathered& out) {
    if (p.lean) {
        if (p.narrow_masks) return gather_rows<App, by_app, std::uint8_t, true>(p, app_part, ranges, out);
        return gather_rows<App, by_app, std::uint64_t, true>(p, app_part, ranges, out);
    }
    if (p.narrow_masks) return gather_rows<App, by_app, std::uint8_t, false>(p, app_part, ranges, out);
    return gather_rows<App, by_app, std::uint64_t, false>(p, app_part, ranges, out);
}

void gather_rows(const pass_plan& p, const row_set& ranges, gathered& out) {
    if (!p.by_app) return gather_rows_masked<std::uint8_t, false>(p, nullptr, ranges, out);
    switch (p.app_width) {
        case 1: return gather_rows_masked<std::uint8_t, true>(p, static_cast<const std::uint8_t*>(p.app_codes), ranges, out);
        case 2: return gather_rows_masked<std::uint16_t, true>(p, static_cast<const std::uint16_t*>(p.app_codes), ranges, out);
        case 4: return gather_rows_masked<std::uint32_t, true>(p, static_cast<const std::uint32_t*>(p.app_codes), ranges, out);
        default: return gather_rows_masked<std::uint64_t, true>(p, static_cast<const std::uint64_t*>(p.app_codes), ranges, out);
    }
}

// The rows of [first, last) to read: the runs of the competitions the filter keeps, when the
// dataset has a row index by competition and they are at most half the rows; else the
// winners' rows, when only winners pass and they are at most half; else all.
row_set rows_to_read(const entities& e, const prepared_filter& pf, std::size_t first, std::size_t last) {
    row_set out;
    if (first >= last) return out;
    const bool drops_competitions = std::find(pf.comp_ok.begin(), pf.comp_ok.end(), 0) != pf.comp_ok.end();
    if (drops_competitions && !e.run_index().run_offsets.empty()) {
        const auto& x = e.run_index();
        std::size_t kept = 0, total = 0;
        for (std::size_t c = 0; c < e.ncomp; ++c) {
            total += x.comp_rows[c];
            if (pf.comp_ok[c]) kept += x.comp_rows[c];
        }
        if (kept * 2 <= total) {
            for (std::size_t c = 0; c < e.ncomp; ++c)
                if (pf.comp_ok[c])
                    for (auto i = x.run_offsets[c]; i < x.run_offsets[c + 1]; ++i) {
                        const auto b = std::max(first, x.runs[i].first), z = std::min(last, x.runs[i].second);
                        if (b < z) out.ranges.emplace_back(b, z);
                    }
            std::sort(out.ranges.begin(), out.ranges.end());
            return out;
        }
    }
    bool winners_only = pf.status_ok[static_cast<std::size_t>(application_status::winner)] != 0;
    for (std::size_t st = 0; st < pf.status_ok.size(); ++st)
        if (st != static_cast<std::size_t>(application_status::winner) && pf.status_ok[st]) winners_only = false;
    const std::vector<std::uint32_t>* won = winners_only ? e.winner_rows() : nullptr;
    if (won && won->size() * 2 <= e.ds.applications().size()) {
        const auto& w = *won;
        const auto lo = std::lower_bound(w.begin(), w.end(), first), hi = std::lower_bound(w.begin(), w.end(), last);
        out.list = std::span<const std::uint32_t>(w.data() + (lo - w.begin()), static_cast<std::size_t>(hi - lo));
        return out;
    }
    out.ranges.emplace_back(first, last);
    return out;
}

// Part k of `threads` equal parts of `rows`.
row_set share_of(const row_set& rows, std::size_t k, std::size_t threads) {
    row_set out;
    const std::size_t total = rows.size();
    const std::size_t lo = total * k / threads, hi = total * (k + 1) / threads;
    std::size_t at = 0;
    for (const auto& [b, e] : rows.ranges) {
        const std::size_t n = e - b;
        const std::size_t from = std::max(lo, at), to = std::min(hi, at + n);
        if (from < to) out.ranges.emplace_back(b + (from - at), b + (to - at));
        at += n;
    }
    const std::size_t n = rows.list.size();
    const std::size_t from = std::max(lo, at), to = std::min(hi, at + n);
    if (from < to) out.list = rows.list.subspan(from - at, to - from);
    return out;
}

// Sorts (key, value) pairs by key, least significant byte first, skipping bytes all keys share.
void radix_sort_pairs(std::vector<std::uint64_t>& key, std::vector<std::int64_t>& value) {
    const std::size_t n = key.size();
    if (n < 2) return;
    std::array<std::array<std::size_t, 256>, 8> count{};
    for (auto k : key)
        for (std::size_t d = 0; d < 8; ++d) ++count[d][(k >> (8 * d)) & 0xFF];
    std::vector<std::uint64_t> k2(n);
    std::vector<std::int64_t> v2(n);
    for (std::size_t d = 0; d < 8; ++d) {
        auto& c = count[d];
        if (c[(key[0] >> (8 * d)) & 0xFF] == n) continue;
        std::size_t sum = 0;
        for (auto& x : c) sum += std::exchange(x, sum);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t to = c[(key[i] >> (8 * d)) & 0xFF]++;
            k2[to] = key[i];
            v2[to] = value[i];
        }
        key.swap(k2);
        value.swap(v2);
    }
}

template <class T>
void append_all(std::vector<T>& to, std::vector<T>& from) {
    if (to.empty()) to.swap(from);
    else to.insert(to.end(), from.begin(), from.end());
    std::vector<T>().swap(from);
}

// Each recipient of `money` (awarded kopecks per applicant, > 0 for a recipient) listed under
// its group, group_of(applicant) < ng: the lists of a table whose groups follow from the
// applicant, made without (group, recipient) pairs. Codes are applicant numbers (made
// dictionary codes by make_applicant_dictionary); `used` marks them.
template <class GroupOf>
void list_recipients(const std::vector<std::int64_t>& money, std::size_t ng, const GroupOf& group_of,
                     group_table& out, std::vector<std::uint8_t>& used) {
    // The recipients in applicant order, listed without a branch per applicant (about a third
    // of the applicants are recipients: a branch would be mispredicted).
    const std::size_t napp = money.size();
    std::vector<std::uint32_t> who(napp + 1);
    std::size_t count = 0;
    for (std::size_t a = 0; a < napp; ++a) {
        who[count] = static_cast<std::uint32_t>(a);
        count += money[a] > 0;
    }
    who.resize(count);
    out.recipient_codes.resize(count);
    out.recipient_kopecks.resize(count);
    out.recipient_offsets.assign(ng + 1, 0);
    if (ng == 1) {
        // One group: the list as it is.
        out.recipient_offsets[1] = count;
        for (std::size_t i = 0; i < count; ++i) {
            out.recipient_codes[i] = who[i];
            out.recipient_kopecks[i] = money[who[i]];
            used[who[i]] = 1;
        }
        return;
    }
    // A counting sort of the recipients by their group.
    std::vector<std::uint32_t> group(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint64_t g = group_of(who[i]);
        if (g >= ng) throw std::logic_error("aggregate_applications: a recipient outside every group");
        group[i] = static_cast<std::uint32_t>(g);
        ++out.recipient_offsets[g + 1];
    }
    for (std::size_t g = 0; g < ng; ++g) out.recipient_offsets[g + 1] += out.recipient_offsets[g];
    std::vector<std::uint64_t> at(out.recipient_offsets.begin(), out.recipient_offsets.end() - 1);
    for (std::size_t i = 0; i < count; ++i) {
        const auto to = at[group[i]]++;
        out.recipient_codes[to] = who[i];
        out.recipient_kopecks[to] = money[who[i]];
        used[who[i]] = 1;
    }
}

// The applicant dictionary of `out`: the applicants marked in `used`, in row order (so sets
// stay sorted); the table's applicant numbers become dictionary codes.
void make_applicant_dictionary(group_table& out, const std::vector<std::uint8_t>& used, const entities& e) {
    const dataset& ds = e.ds;
    // Branch-free (a share of the applicants is used, in no pattern a branch predicts).
    std::vector<std::uint32_t> compact(used.size());
    std::vector<std::uint32_t> used_list(used.size() + 1);
    std::uint32_t next = 0;
    for (std::size_t a = 0; a < used.size(); ++a) {
        compact[a] = next | (static_cast<std::uint32_t>(used[a]) - 1u);  // none32 when not used
        used_list[next] = static_cast<std::uint32_t>(a);
        next += used[a];
    }
    if (next == 0) return;
    for (auto* v : {&out.applicant_codes, &out.winner_codes, &out.recipient_codes})
        for (auto& c : *v) c = compact[c];
    if (const auto p = out.position(dimension::applicant))
        for (auto& c : out.code[*p]) c = compact[c];
    out.applicant_kind.reserve(next);
    out.applicant_row.assign(used_list.begin(), used_list.begin() + next);
    const bool ids = out.extras & extra::applicant_ids, labels = out.extras & extra::applicant_labels;
    if (ids) out.applicant_id.reserve(next);
    if (labels) out.applicant_label.reserve(next);
    constexpr auto org_kind = static_cast<std::uint8_t>(applicant_kind::organization);
    constexpr auto person_kind = static_cast<std::uint8_t>(applicant_kind::person);
    for (std::uint32_t i = 0; i < next; ++i) {
        const std::size_t a = used_list[i];
        const bool org = e.is_org(a);
        out.applicant_kind.push_back(org ? org_kind : person_kind);
        if (!ids && !labels) continue;
        if (org) {
            const auto& o = ds.organizations()[a];
            if (ids) out.applicant_id.push_back(o.id.str());
            if (labels) out.applicant_label.push_back(o.display_name());
        } else {
            const auto& p = ds.persons()[a - e.norg];
            if (ids) out.applicant_id.push_back(p.id.str());
            if (labels) out.applicant_label.push_back(p.display_name.empty() ? p.id.str() : p.display_name);
        }
    }
}

// The scope of a filter naming one municipality or region, for a table by neither.
void set_scope(group_table& out, const application_filter& f, const entities& e) {
    const dataset& ds = e.ds;
    if (!out.position(dimension::municipality) && !out.position(dimension::region)) {
        if (f.municipalities.size() == 1 && f.regions.empty()) {
            out.scope = f.municipalities[0];
            const row_index m = ds.municipalities().find(out.scope);
            if (m != no_row) out.scope_population = ds.municipalities()[static_cast<std::size_t>(m)].population;
        } else if (f.regions.size() == 1 && f.municipalities.empty()) {
            out.scope = f.regions[0];
            for (std::size_t r = 1; r < e.region_names.size(); ++r)
                if (e.region_names[r] == out.scope)
                    out.scope_population = region_population(ds, e.muni_region, static_cast<std::uint32_t>(r));
        }
    }
}

}  // namespace

// ---------------------------------------------------------------- the pass

namespace {

// aggregate_applications, and with `recipients_by` the recipients' table of
// aggregate_with_recipients from the same pass into *recipients.
group_table aggregate(const dataset& ds, const group_query& q, const std::vector<dimension>* recipients_by,
                      group_table* recipients) {
    if (q.by.size() > 12) throw validation_error("aggregate_applications: at most 12 dimensions, got " + std::to_string(q.by.size()));
    for (const dimension d : q.by)
        if (static_cast<std::size_t>(d) >= all_dimensions().size())
            throw validation_error("aggregate_applications: " + std::to_string(static_cast<int>(d)) +
                                   " is not a dimension");
    for (std::size_t i = 0; i < q.by.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (q.by[i] == q.by[j])
                throw validation_error("aggregate_applications: the dimension " + std::string(to_string(q.by[i])) +
                                       " is given twice");
    if ((q.extras & extra::counts_only) &&
        ((q.extras & (extra::award_values | extra::recipients)) || recipients_by || !(q.extras & extra::awarded_money_only)))
        throw validation_error("aggregate_applications: a query of counts only (extra::counts_only, with "
                               "extra::awarded_money_only) cannot gather award values or recipients' money");
    const auto& t = ds.applications();
    group_table out;
    out.by = q.by;
    out.currency = ds.info().currency.empty() ? std::string("RUB") : ds.info().currency;
    out.extras = q.extras;
    // Keys of the applicant dimension are the applicants' ids.
    if (std::find(q.by.begin(), q.by.end(), dimension::applicant) != q.by.end()) out.extras |= extra::applicant_ids;

    const auto shared = entities_of(ds);
    const entities& e = *shared;
    const prepared_filter pf(e, q.filter);
    std::vector<const resolved*> dims;
    for (auto d : q.by) dims.push_back(&e.dim(d));

    // Strides: the first dimension is the most significant, so ascending numbers sort by key.
    std::size_t app_dim_count = 0;
    for (const resolved* r : dims) app_dim_count += r->lv == level::applicant;
    const bool app_filter = q.filter.municipalities.size() + q.filter.regions.size() + q.filter.legal_forms.size() +
                                q.filter.applicants.size() + (q.filter.applicant_type ? 1 : 0) >
                            0;
    // Parts made per query: several applicant-level dimensions, or none but an applicant filter.
    const bool own_app_part = app_dim_count >= 2 || (app_dim_count == 0 && app_filter);
    // One applicant-level dimension: its cached codes times its stride; else parts made here.
    pass_plan plan{t, pf, std::vector<std::uint64_t>(e.ncomp, 0),
                   std::vector<std::uint64_t>(own_app_part ? e.napp : 0, 0),
                   std::vector<std::uint64_t>(e.ndir, 0), {}, {}, {}, false, {}, {}, e.norg, e.napp, 0, true, false, 1, q.extras, {}, {}};
    std::vector<std::uint64_t> stride(dims.size());
    for (std::size_t i = dims.size(); i-- > 0;) {
        stride[i] = plan.key_space;
        const std::uint64_t size = std::max<std::uint64_t>(dims[i]->size, 1);
        if (__builtin_mul_overflow(plan.key_space, size, &plan.key_space) || plan.key_space > (std::uint64_t{1} << 40))
            throw validation_error("aggregate_applications: the dimensions allow too many groups to number them");
    }
    for (std::size_t i = 0; i < dims.size(); ++i) {
        const auto& r = *dims[i];
        switch (r.lv) {
            case level::competition:
                for (std::size_t c = 0; c < e.ncomp; ++c) plan.comp_part[c] += r.code[c] * stride[i];
                break;
            case level::applicant:
                if (app_dim_count == 1) {
                    plan.app_stride = stride[i];
                    if (!r.code8.empty()) plan.app_codes = r.code8.data(), plan.app_width = 1;
                    else if (!r.code16.empty()) plan.app_codes = r.code16.data(), plan.app_width = 2;
                    else plan.app_codes = r.code.data(), plan.app_width = 4;
                } else {
                    for (std::size_t a = 0; a < e.napp; ++a) plan.app_part[a] += r.code[a] * stride[i];
                }
                break;
            case level::row:
                if (r.d == dimension::status)
                    for (std::size_t s = 0; s < 5; ++s) plan.status_part[s] += r.code[s] * stride[i];
                else
                    for (std::size_t d = 0; d < e.ndir; ++d) plan.dir_part[d] += r.code[d] * stride[i];
                break;
        }
    }
    {
        plan.by_app = app_dim_count > 0 || app_filter;
        if (own_app_part) {
            const std::uint64_t top = plan.app_part.empty() ? 0 : *std::max_element(plan.app_part.begin(), plan.app_part.end());
            if (top <= 0xFF) plan.app8.assign(plan.app_part.begin(), plan.app_part.end()), plan.app_codes = plan.app8.data(), plan.app_width = 1;
            else if (top <= 0xFFFF) plan.app16.assign(plan.app_part.begin(), plan.app_part.end()), plan.app_codes = plan.app16.data(), plan.app_width = 2;
            else if (top <= 0xFFFFFFFFull) plan.app32.assign(plan.app_part.begin(), plan.app_part.end()), plan.app_codes = plan.app32.data(), plan.app_width = 4;
            else plan.app_codes = plan.app_part.data(), plan.app_width = 8;
        }
    }
    {
        bool row_dims = false;
        for (const resolved* r : dims) row_dims = row_dims || r->lv == level::row;
        std::vector<std::uint64_t> parts(plan.comp_part);
        std::sort(parts.begin(), parts.end());
        parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
        if (!row_dims && parts.size() <= 64 && (q.extras & (extra::applicants | extra::winning_applicants))) {
            plan.comp_bit.resize(e.ncomp);
            plan.comp_bit_number.resize(e.ncomp);
            for (std::size_t c = 0; c < e.ncomp; ++c) {
                plan.comp_bit_number[c] = static_cast<std::uint8_t>(
                    std::lower_bound(parts.begin(), parts.end(), plan.comp_part[c]) - parts.begin());
                plan.comp_bit[c] = std::uint64_t{1} << plan.comp_bit_number[c];
            }
            plan.narrow_masks = parts.size() <= 8;
        }
    }
    plan.applicant_groups = std::all_of(dims.begin(), dims.end(), [](const resolved* r) { return r->lv == level::applicant; });
    plan.applicant_money = recipients_by != nullptr;
    plan.comp_year = e.comp_year;
    plan.app_bits = static_cast<unsigned>(std::bit_width(std::max<std::size_t>(e.napp, 1)));
    plan.dense = plan.key_space <= (std::uint64_t{1} << 18);
    if (!plan.dense || (plan.key_space << plan.app_bits) >> plan.app_bits != plan.key_space ||
        plan.app_bits + std::bit_width(plan.key_space) > 64) {
        plan.dense = false;
    }
    if (std::bit_width(plan.key_space) + plan.app_bits > 64)
        throw validation_error("aggregate_applications: the dimensions allow too many groups to number them");

    // ---- the pass, on up to four threads when the rows are many and the groups few
    const std::size_t first = std::min(q.first_row, t.size()), last = std::min(q.last_row, t.size());
    const row_set to_read = rows_to_read(e, pf, first, last);
    const std::size_t rows = to_read.size();
    plan.lean = plan.dense && (q.extras & extra::awarded_money_only) && rows < (std::uint64_t{1} << 32) &&
                std::all_of(e.comp_year.begin(), e.comp_year.end(), [](std::int32_t y) { return y >= 0 && y <= 0xFFFF; });
    const std::size_t threads =
        plan.dense ? std::clamp<std::size_t>(std::min<std::size_t>(civica::detail::hardware_threads(), rows / 100'000), 1, 4)
                   : 1;
    std::vector<gathered> parts;
    auto pass = [&] {
        parts.assign(threads, gathered{});
        for (std::size_t k = 1; k < threads; ++k) parts[k].record_bits = !plan.comp_bit.empty();
        civica::detail::run_parts(threads, [&](std::size_t k) {
            gather_rows(plan, threads == 1 ? to_read : share_of(to_read, k, threads), parts[k]);
        });
    };
    pass();
    // The lean form counts no stated awards by group, so that it stays half a cache line: when
    // a winner's award is not stated (the group's awarded sum is then a lower bound), the pass
    // is made again in the full form, which counts them.
    if (plan.lean && std::any_of(parts.begin(), parts.end(), [](const gathered& g) { return g.unstated_award; })) {
        plan.lean = false;
        pass();
    }
    gathered& all = parts[0];
    if (!plan.comp_bit.empty() && threads > 1) {
        // Each thread kept its own masks: drop the pairs an earlier thread already has.
        const std::uint64_t mask = (std::uint64_t{1} << plan.app_bits) - 1;
        auto dedupe = [&](std::vector<std::uint64_t>& pairs, const std::vector<std::uint8_t>& bits,
                          std::vector<std::uint64_t>& seen) {
            std::size_t kept = 0;
            auto* narrow = reinterpret_cast<std::uint8_t*>(seen.data());
            for (std::size_t i = 0; i < pairs.size(); ++i) {
                const std::uint64_t pair = pairs[i];
                const std::size_t a = pair & mask;
                const std::uint64_t bit = std::uint64_t{1} << bits[i];  // the bit of the pair's competition part
                if (plan.narrow_masks) {
                    if (narrow[a] & bit) continue;
                    narrow[a] = static_cast<std::uint8_t>(narrow[a] | bit);
                } else {
                    if (seen[a] & bit) continue;
                    seen[a] |= bit;
                }
                pairs[kept++] = pair;
            }
            pairs.resize(kept);
        };
        for (std::size_t k = 1; k < threads; ++k) {
            if (plan.extras & extra::applicants) dedupe(parts[k].who, parts[k].who_bit, all.seen_who);
            if (plan.extras & extra::winning_applicants) dedupe(parts[k].winners, parts[k].win_bit, all.seen_win);
            parts[k].who_bit = {};
            parts[k].win_bit = {};
        }
    }
    for (std::size_t k = 1; k < threads; ++k) {
        for (std::size_t i = 0; i < all.dense.size(); ++i) add_into(all.dense[i], parts[k].dense[i]);
        for (std::size_t i = 0; i < all.lean.size(); ++i) add_into(all.lean[i], parts[k].lean[i]);
        for (std::size_t i = 0; i < all.rec_dense.size(); ++i)
            all.rec_dense[i] = checked_add(all.rec_dense[i], parts[k].rec_dense[i], "awarded money of a recipient");
        append_all(all.who, parts[k].who);
        append_all(all.winners, parts[k].winners);
        append_all(all.award_group, parts[k].award_group);
        append_all(all.award_amount, parts[k].award_amount);
        append_all(all.recipient_key, parts[k].recipient_key);
        append_all(all.recipient_amount, parts[k].recipient_amount);
        parts[k] = gathered{};
    }

    // ---- groups in key order; key → group number
    std::vector<std::uint64_t> keys;
    const acc* accs = nullptr;
    std::vector<std::uint32_t> acc_of;  // group → position in `accs`
    std::vector<std::uint32_t> dense_group;  // dense form: key → group (none32 when empty)
    if (plan.lean) {
        // The groups met, in key order; their totals are read from `lean` below.
        dense_group.assign(plan.key_space, none32);
        for (std::uint64_t k = 0; k < plan.key_space; ++k) {
            const auto& a = all.lean[k];
            if (a.status[0] + a.status[1] + a.status[2] + a.status[3] + a.status[4] == 0) continue;
            dense_group[k] = static_cast<std::uint32_t>(keys.size());
            keys.push_back(k);
        }
    } else if (plan.dense) {
        dense_group.assign(plan.key_space, none32);
        for (std::uint64_t k = 0; k < plan.key_space; ++k) {
            const auto& a = all.dense[k];
            if (a.status[0] + a.status[1] + a.status[2] + a.status[3] + a.status[4] == 0) continue;
            dense_group[k] = static_cast<std::uint32_t>(keys.size());
            keys.push_back(k);
            acc_of.push_back(static_cast<std::uint32_t>(k));
        }
        accs = all.dense.data();
    } else {
        std::vector<std::uint32_t> order(all.sparse_key.size());
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return all.sparse_key[a] < all.sparse_key[b]; });
        for (auto i : order) {
            all.index[all.sparse_key[i]] = static_cast<std::uint32_t>(keys.size());
            keys.push_back(all.sparse_key[i]);
            acc_of.push_back(i);
        }
        accs = all.sparse.data();
    }
    auto group_of = [&](std::uint64_t key) -> std::uint64_t {
        return plan.dense ? dense_group[key] : all.index.find(key)->second;
    };
    const std::size_t ng = keys.size();

    out.applications.resize(ng);
    for (auto& s : out.status) s.resize(ng);
    out.requested_kopecks.resize(ng);
    out.winners_requested_kopecks.resize(ng);
    out.paired_awarded_kopecks.resize(ng);
    out.paired_requested_kopecks.resize(ng);
    out.stated_requests.resize(ng);
    out.winners_stated_requests.resize(ng);
    out.winners_stated_awards.resize(ng);
    out.awarded_kopecks.resize(ng);
    out.cofunding_kopecks.resize(ng);
    out.first_year.resize(ng);
    out.last_year.resize(ng);
    // The totals of group g; the lean form has no requested money (its sums stay 0).
    auto put_totals = [&](std::size_t g, const auto& a) {
        std::int64_t n = 0;
        for (std::size_t s = 0; s < 5; ++s) {
            out.status[s][g] = a.status[s];
            n += a.status[s];
        }
        out.applications[g] = n;
        out.awarded_kopecks[g] = a.awarded;
        out.first_year[g] = a.first_year;
        out.last_year[g] = a.last_year;
    };
    if (plan.lean) {
        // Every winner's award is stated (else the pass was made in full).
        for (std::size_t g = 0; g < ng; ++g) {
            put_totals(g, all.lean[keys[g]]);
            out.winners_stated_awards[g] = out.status[3][g];
        }
    } else {
        for (std::size_t g = 0; g < ng; ++g) {
            const acc& a = accs[acc_of[g]];
            put_totals(g, a);
            out.requested_kopecks[g] = a.requested;
            out.winners_requested_kopecks[g] = a.winners_requested;
            out.paired_awarded_kopecks[g] = a.paired_awarded;
            out.paired_requested_kopecks[g] = a.paired_requested;
            out.stated_requests[g] = a.stated_requests;
            out.winners_stated_requests[g] = a.winners_stated_requests;
            out.winners_stated_awards[g] = a.winners_stated_awards;
            out.cofunding_kopecks[g] = a.cofunding;
        }
    }
    all.lean = {};
    all.dense = {};
    all.sparse = {};

    // ---- dimension codes of every group
    out.dictionaries.resize(dims.size());
    out.code.resize(dims.size());
    for (std::size_t i = 0; i < dims.size(); ++i) {
        out.dictionaries[i] = dims[i]->dict;
        auto& c = out.code[i];
        c.resize(ng);
        const std::uint64_t size = std::max<std::uint64_t>(dims[i]->size, 1);
        if (plan.key_space <= std::numeric_limits<std::uint32_t>::max()) {  // 32-bit division: several times faster
            const auto st = static_cast<std::uint32_t>(stride[i]), sz = static_cast<std::uint32_t>(size);
            for (std::size_t g = 0; g < ng; ++g) c[g] = static_cast<std::uint32_t>(keys[g]) / st % sz;
        } else {
            for (std::size_t g = 0; g < ng; ++g) c[g] = static_cast<std::uint32_t>(keys[g] / stride[i] % size);
        }
    }

    // ---- lists: sort the packed pairs, then renumber keys into groups
    const std::uint64_t app_mask = (std::uint64_t{1} << plan.app_bits) - 1;
    // Applicants named by the table's lists or keys (none: no applicant dictionary to make).
    const bool names_applicants =
        (q.extras & (extra::applicants | extra::winning_applicants | extra::recipients)) || out.position(dimension::applicant);
    std::vector<std::uint8_t> used(names_applicants ? e.napp : 0, 0);
    std::vector<std::uint64_t> scratch;
    auto make_set = [&](std::vector<std::uint64_t>& pairs, std::vector<std::uint64_t>& offsets,
                        std::vector<std::uint32_t>& codes, std::vector<std::uint8_t>& marks) {
        if (!plan.comp_bit.empty()) {
            // Distinct already: a counting sort by group (codes within a group in row order).
            offsets.assign(ng + 1, 0);
            std::vector<std::uint32_t> group(pairs.size());
            for (std::size_t i = 0; i < pairs.size(); ++i) {
                group[i] = static_cast<std::uint32_t>(group_of(pairs[i] >> plan.app_bits));
                ++offsets[group[i] + 1];
            }
            for (std::size_t g = 0; g < ng; ++g) offsets[g + 1] += offsets[g];
            std::vector<std::uint64_t> at(offsets.begin(), offsets.end() - 1);
            codes.resize(pairs.size());
            for (std::size_t i = 0; i < pairs.size(); ++i) {
                const auto a = static_cast<std::uint32_t>(pairs[i] & app_mask);
                codes[at[group[i]]++] = a;
                marks[a] = 1;
            }
            std::vector<std::uint64_t>().swap(pairs);
            return;
        }
        // Pairs with repeats: a counting sort by group, then each group's repeats dropped with
        // a stamp per applicant (the group that saw it last); codes stay in row order.
        offsets.assign(ng + 1, 0);
        std::vector<std::uint32_t> group(pairs.size());
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            group[i] = static_cast<std::uint32_t>(group_of(pairs[i] >> plan.app_bits));
            ++offsets[group[i] + 1];
        }
        for (std::size_t g = 0; g < ng; ++g) offsets[g + 1] += offsets[g];
        {
            std::vector<std::uint64_t> at(offsets.begin(), offsets.end() - 1);
            codes.resize(pairs.size());
            for (std::size_t i = 0; i < pairs.size(); ++i) codes[at[group[i]]++] = static_cast<std::uint32_t>(pairs[i] & app_mask);
        }
        std::vector<std::uint64_t>().swap(pairs);
        std::vector<std::uint32_t>().swap(group);
        std::vector<std::uint32_t> stamp(plan.app_count, none32);
        std::size_t kept = 0;
        for (std::size_t g = 0; g < ng; ++g) {
            const auto first = offsets[g], last = offsets[g + 1];
            offsets[g] = kept;
            for (auto i = first; i < last; ++i) {  // without a branch: repeats come in no pattern
                const std::uint32_t a = codes[i];
                codes[kept] = a;
                kept += stamp[a] != g;
                stamp[a] = static_cast<std::uint32_t>(g);
                marks[a] = 1;
            }
        }
        offsets[ng] = kept;
        codes.resize(kept);
    };
    {
        // The two sets are independent: with many pairs, the winners' set is made on a second
        // thread (marking the applicants it uses in a list of its own).
        const bool both = (q.extras & extra::applicants) && (q.extras & extra::winning_applicants);
        const bool side = both && threads > 1 && all.who.size() + all.winners.size() >= 200'000;
        std::vector<std::uint8_t> used_by_winners;
        if (side) used_by_winners.assign(used.size(), 0);
        civica::detail::run_parts(side ? 2 : 1, [&](std::size_t k) {
            if (k == 1) {
                make_set(all.winners, out.winner_offsets, out.winner_codes, used_by_winners);
                return;
            }
            if (q.extras & extra::applicants) make_set(all.who, out.applicant_offsets, out.applicant_codes, used);
            if (!side && (q.extras & extra::winning_applicants))
                make_set(all.winners, out.winner_offsets, out.winner_codes, used);
        });
        for (std::size_t a = 0; a < used_by_winners.size(); ++a) used[a] |= used_by_winners[a];
    }
    if (q.extras & extra::award_values) {
        // counting sort by group, then each group's amounts by radix (amounts are ≥ 0)
        out.award_offsets.assign(ng + 1, 0);
        for (auto k : all.award_group) ++out.award_offsets[group_of(k) + 1];
        for (std::size_t g = 0; g < ng; ++g) out.award_offsets[g + 1] += out.award_offsets[g];
        std::vector<std::uint64_t> at(out.award_offsets.begin(), out.award_offsets.end() - 1);
        std::vector<std::uint64_t> v(all.award_amount.size());
        for (std::size_t i = 0; i < all.award_group.size(); ++i)
            v[at[group_of(all.award_group[i])]++] = static_cast<std::uint64_t>(all.award_amount[i]);
        for (std::size_t g = 0; g < ng; ++g)
            civica::detail::radix_sort(v.data() + out.award_offsets[g], v.data() + out.award_offsets[g + 1], scratch);
        out.award_values.assign(v.begin(), v.end());
    }
    if (q.extras & extra::recipients && plan.applicant_groups) {
        list_recipients(all.rec_dense, ng, [&](std::size_t a) { return group_of(plan.app_key(a)); }, out, used);
    } else if (q.extras & extra::recipients) {
        radix_sort_pairs(all.recipient_key, all.recipient_amount);
        out.recipient_offsets.assign(ng + 1, 0);
        for (std::size_t i = 0; i < all.recipient_key.size();) {
            std::size_t j = i;
            std::int64_t sum = 0;
            while (j < all.recipient_key.size() && all.recipient_key[j] == all.recipient_key[i])
                sum = checked_add(sum, all.recipient_amount[j++], "awarded money of a recipient");
            const std::uint64_t a = all.recipient_key[i] & app_mask;
            ++out.recipient_offsets[group_of(all.recipient_key[i] >> plan.app_bits) + 1];
            out.recipient_codes.push_back(static_cast<std::uint32_t>(a));
            out.recipient_kopecks.push_back(sum);
            used[a] = 1;
            i = j;
        }
        for (std::size_t g = 0; g < ng; ++g) out.recipient_offsets[g + 1] += out.recipient_offsets[g];
    }
    if (const auto p = out.position(dimension::applicant))
        for (auto c : out.code[*p]) used[c] = 1;

    make_applicant_dictionary(out, used, e);

    // ---- the recipients by dimensions of the applicant: the rollup of the groups, each
    // recipient listed under the group of its applicant's codes
    if (recipients_by) {
        group_table r = out.rollup(*recipients_by, 0);
        r.extras = extra::recipients | (q.extras & (extra::applicant_ids | extra::applicant_labels));
        r.applicant_kind.clear();
        r.applicant_id.clear();
        r.applicant_label.clear();
        r.applicant_row.clear();
        std::vector<const resolved*> rd;
        std::vector<std::uint64_t> rstride(recipients_by->size());
        std::uint64_t space = 1;
        for (auto d : *recipients_by) rd.push_back(&e.dim(d));
        for (std::size_t i = rd.size(); i-- > 0;) {
            rstride[i] = space;
            space *= std::max<std::uint64_t>(rd[i]->size, 1);  // no overflow: a rollup of q.by's key space
        }
        auto key_of_applicant = [&](std::size_t a) {
            std::uint64_t k = 0;
            for (std::size_t i = 0; i < rd.size(); ++i) k += rd[i]->code[a] * rstride[i];
            return k;
        };
        std::unordered_map<std::uint64_t, std::uint32_t> sparse_group;
        std::vector<std::uint32_t> dense_group;
        const bool dense_keys = space <= (std::uint64_t{1} << 22);
        if (dense_keys) dense_group.assign(space, none32);
        for (std::size_t g = 0; g < r.size(); ++g) {
            std::uint64_t k = 0;
            for (std::size_t i = 0; i < rd.size(); ++i) k += r.code[i][g] * rstride[i];
            if (dense_keys) dense_group[k] = static_cast<std::uint32_t>(g);
            else sparse_group.emplace(k, static_cast<std::uint32_t>(g));
        }
        std::vector<std::uint8_t> used_by_recipients(e.napp, 0);
        list_recipients(
            all.rec_dense, r.size(),
            [&](std::size_t a) -> std::uint64_t {
                const std::uint64_t k = key_of_applicant(a);
                if (dense_keys) return dense_group[k];
                const auto it = sparse_group.find(k);
                return it == sparse_group.end() ? none32 : it->second;
            },
            r, used_by_recipients);
        make_applicant_dictionary(r, used_by_recipients, e);
        r.scope.clear();
        r.scope_population.clear();
        set_scope(r, q.filter, e);
        *recipients = std::move(r);
    }

    set_scope(out, q.filter, e);
    return out;
}

}  // namespace

group_table aggregate_applications(const dataset& ds, const group_query& q) { return aggregate(ds, q, nullptr, nullptr); }

void require_awarded_money(const group_table& t, const char* what) {
    if (t.extras & extra::counts_only)
        throw validation_error(std::string(what) + ": the group table was made without money (extra::counts_only); "
                               "make it with a query that gathers the awarded money");
}

void require_requested_money(const group_table& t, const char* what) {
    if (t.extras & extra::awarded_money_only)
        throw validation_error(std::string(what) + ": the group table was made without the requested money "
                               "(extra::awarded_money_only); make it with a query that gathers it");
}

table_and_recipients aggregate_with_recipients(const dataset& ds, const group_query& q,
                                               const std::vector<dimension>& recipients_by) {
    for (std::size_t i = 0; i < recipients_by.size(); ++i) {
        const dimension d = recipients_by[i];
        if (level_of(d) != level::applicant || d == dimension::applicant)
            throw validation_error("aggregate_with_recipients: " + std::string(to_string(d)) +
                                   " is not a dimension of the applicant (municipality, region, legal form, ...)");
        if (std::find(q.by.begin(), q.by.end(), d) == q.by.end())
            throw validation_error("aggregate_with_recipients: " + std::string(to_string(d)) +
                                   " is not one of the query's dimensions");
        for (std::size_t j = 0; j < i; ++j)
            if (recipients_by[j] == d)
                throw validation_error("aggregate_with_recipients: the dimension " + std::string(to_string(d)) +
                                       " is given twice");
    }
    table_and_recipients out;
    out.groups = aggregate(ds, q, &recipients_by, &out.recipients);
    return out;
}

std::vector<std::uint8_t> select_applications(const dataset& ds, const application_filter& filter) {
    const auto shared = entities_of(ds);
    const entities& e = *shared;
    const prepared_filter pf(e, filter);
    const auto& t = ds.applications();
    std::vector<std::uint8_t> out(t.size());
    const auto org_kind = static_cast<std::uint8_t>(applicant_kind::organization);
    for (std::size_t r = 0; r < out.size(); ++r) {
        const auto a = t.applicant_type()[r] == org_kind ? static_cast<std::size_t>(t.applicant()[r])
                                                        : e.norg + static_cast<std::size_t>(t.applicant()[r]);
        out[r] = pf.comp_ok[static_cast<std::size_t>(t.competition()[r])] & pf.app_ok[a] &
                 pf.dir_ok[static_cast<std::size_t>(t.direction().codes()[r])] & pf.status_ok[t.status()[r]];
    }
    return out;
}

// ---------------------------------------------------------------- the table

std::optional<std::size_t> group_table::position(dimension d) const {
    for (std::size_t i = 0; i < by.size(); ++i)
        if (by[i] == d) return i;
    return std::nullopt;
}

std::size_t group_table::values(std::size_t i) const {
    return by[i] == dimension::applicant ? applicant_kind.size() : dictionaries[i].keys.size();
}

std::string group_table::key_of(std::size_t i, std::uint32_t c) const {
    if (by[i] == dimension::applicant) return c < applicant_id.size() ? applicant_id[c] : std::to_string(c);
    return dictionaries[i].keys[c];
}

std::string group_table::label_of(std::size_t i, std::uint32_t c) const {
    if (by[i] == dimension::applicant) return c < applicant_label.size() ? applicant_label[c] : key_of(i, c);
    return dictionaries[i].labels[c];
}

std::string group_table::key(std::size_t i, std::size_t g) const { return key_of(i, code[i][g]); }
std::string group_table::label(std::size_t i, std::size_t g) const { return label_of(i, code[i][g]); }

double group_table::median_award_kopecks(std::size_t g) const {
    const auto v = awards(g);
    const auto n = v.size();
    if (n == 0) return nan;
    if (n % 2 == 1) return static_cast<double>(v[n / 2]);
    // The mean of the two middle values may be a half kopeck: that is why this is a double.
    return (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2.0;
}

void check_population_year(int population_year, std::string_view caller) {
    if (population_year == 0 || in_date_years(population_year)) return;
    throw validation_error(std::string(caller) + ": population_year " + std::to_string(population_year) +
                           " is outside the years " + date_years_text() +
                           " (the year whose population money is divided by; 0 for each group's own year)");
}

std::optional<std::int64_t> population_in(const group_table& t, std::size_t i, std::uint32_t c, int year, int* used) {
    const auto& pop = t.dictionaries[i].population;
    if (c >= pop.size()) return std::nullopt;
    return population_in(pop[c], year, used);
}

void group_table::check_bounds() const {
    auto fail = [](const std::string& why) { throw validation_error("group table: " + why); };
    const std::size_t n = size();
    if (by.size() > 12) fail("more than 12 dimensions");
    if (dictionaries.size() != by.size() || code.size() != by.size()) fail("a dictionary or code column per dimension is missing");
    auto sized = [&](const auto& v, const char* what) {
        if (v.size() != n) fail(std::string(what) + " has " + std::to_string(v.size()) + " entries for " + std::to_string(n) + " groups");
    };
    for (const auto& s : status) sized(s, "a status column");
    sized(requested_kopecks, "requested_kopecks");
    sized(winners_requested_kopecks, "winners_requested_kopecks");
    sized(paired_awarded_kopecks, "paired_awarded_kopecks");
    sized(paired_requested_kopecks, "paired_requested_kopecks");
    sized(stated_requests, "stated_requests");
    sized(winners_stated_requests, "winners_stated_requests");
    sized(winners_stated_awards, "winners_stated_awards");
    sized(awarded_kopecks, "awarded_kopecks");
    sized(cofunding_kopecks, "cofunding_kopecks");
    sized(first_year, "first_year");
    sized(last_year, "last_year");
    for (std::size_t i = 0; i < by.size(); ++i) {
        if (static_cast<std::size_t>(by[i]) >= all_dimensions().size()) fail("an unknown dimension");
        sized(code[i], "a code column");
        const auto& dct = dictionaries[i];
        if (dct.labels.size() != dct.keys.size() || (!dct.population.empty() && dct.population.size() != dct.keys.size()))
            fail("the dictionary of " + std::string(to_string(by[i])) + " has columns of different lengths");
        const std::size_t limit = values(i);
        for (auto c : code[i])
            if (c >= limit) fail("a code of " + std::string(to_string(by[i])) + " is past its dictionary");
    }
    const std::size_t napp = applicant_kind.size();
    if (!applicant_id.empty() && applicant_id.size() != napp) fail("applicant ids and kinds differ in number");
    if (!applicant_label.empty() && applicant_label.size() != napp) fail("applicant labels and kinds differ in number");
    // Each list: n + 1 offsets from 0 to its length, not decreasing; its codes known applicants.
    auto list = [&](const std::vector<std::uint64_t>& off, std::size_t length, unsigned flag, const char* what,
                    const std::vector<std::uint32_t>* codes) {
        if (!(extras & flag)) return;
        if (off.size() != n + 1 || off[0] != 0 || off[n] != length) fail(std::string(what) + ": the offsets do not fit");
        for (std::size_t g = 0; g < n; ++g)
            if (off[g + 1] < off[g]) fail(std::string(what) + ": the offsets decrease");
        if (codes)
            for (auto c : *codes)
                if (c >= napp) fail(std::string(what) + ": a code past the applicants");
    };
    list(applicant_offsets, applicant_codes.size(), extra::applicants, "applicants", &applicant_codes);
    list(winner_offsets, winner_codes.size(), extra::winning_applicants, "winning applicants", &winner_codes);
    list(award_offsets, award_values.size(), extra::award_values, "award values", nullptr);
    if (extras & extra::recipients && recipient_kopecks.size() != recipient_codes.size()) fail("recipients: codes and sums differ in number");
    list(recipient_offsets, recipient_codes.size(), extra::recipients, "recipients", &recipient_codes);
}

void group_table::check() const {
    check_bounds();
    auto fail = [](const std::string& why) { throw validation_error("group table: " + why); };
    const std::size_t n = size();
    for (std::size_t i = 0; i < by.size(); ++i) {
        const auto& dct = dictionaries[i];
        for (std::size_t k = 1; k < dct.keys.size(); ++k)
            if (!key_less(by[i], dct.keys[k - 1], dct.keys[k]))
                fail("the keys of " + std::string(to_string(by[i])) + " are not sorted and distinct");
    }
    for (std::size_t g = 0; g < n; ++g) {
        std::int64_t sum = 0;
        for (const auto& s : status) {
            if (s[g] < 0) fail("a negative count");
            sum += s[g];
        }
        if (sum != applications[g] || applications[g] <= 0) fail("group " + std::to_string(g) + ": applications are not the sum of the statuses");
        if (requested_kopecks[g] < 0 || awarded_kopecks[g] < 0 || winners_requested_kopecks[g] < 0 || cofunding_kopecks[g] < 0 ||
            paired_awarded_kopecks[g] < 0 || paired_requested_kopecks[g] < 0 || stated_requests[g] < 0 ||
            winners_stated_requests[g] < 0 || winners_stated_awards[g] < 0)
            fail("group " + std::to_string(g) + ": a negative sum");
        if (winners_stated_awards[g] > winners(g))
            fail("group " + std::to_string(g) + ": more winners with a stated award than winners");
        if (paired_awarded_kopecks[g] > awarded_kopecks[g] || paired_requested_kopecks[g] > winners_requested_kopecks[g] ||
            stated_requests[g] > applications[g] || winners_stated_requests[g] > stated_requests[g] ||
            winners_stated_requests[g] > winners(g))
            fail("group " + std::to_string(g) + ": more for the applications with a stated request than for all");
        if (g > 0) {
            bool less = false;
            for (std::size_t i = 0; i < by.size(); ++i)
                if (code[i][g - 1] != code[i][g]) {
                    less = code[i][g - 1] < code[i][g];
                    break;
                }
            if (!less) fail("groups are not sorted and distinct");
        }
    }
    const std::size_t napp = applicant_kind.size();
    std::uint64_t stamp_round = 0;
    // The lists' shapes are checked (check_bounds): each group's entries, first one apart.
    auto list = [&](const std::vector<std::uint64_t>& off, std::size_t, unsigned flag, const char*, auto&& each) {
        if (!(extras & flag)) return;
        for (std::size_t g = 0; g < n; ++g)
            for (std::size_t i = off[g]; i < off[g + 1]; ++i) each(i, i > off[g]);
    };
    // Sets: distinct known codes, in any order (a stamp per applicant says which group saw it last).
    std::vector<std::uint64_t> stamp(napp, 0);
    list(applicant_offsets, applicant_codes.size(), extra::applicants, "applicants", [&](std::size_t i, bool inner) {
        if (!inner) ++stamp_round;
        if (applicant_codes[i] >= napp || stamp[applicant_codes[i]] == stamp_round) fail("applicants: codes not distinct and known");
        stamp[applicant_codes[i]] = stamp_round;
    });
    list(winner_offsets, winner_codes.size(), extra::winning_applicants, "winning applicants", [&](std::size_t i, bool inner) {
        if (!inner) ++stamp_round;
        if (winner_codes[i] >= napp || stamp[winner_codes[i]] == stamp_round) fail("winning applicants: codes not distinct and known");
        stamp[winner_codes[i]] = stamp_round;
    });
    list(award_offsets, award_values.size(), extra::award_values, "award values", [&](std::size_t i, bool inner) {
        if (award_values[i] < 0 || (inner && award_values[i - 1] > award_values[i])) fail("award values: not sorted or negative");
    });
    list(recipient_offsets, recipient_codes.size(), extra::recipients, "recipients", [&](std::size_t i, bool inner) {
        if (recipient_codes[i] >= napp || (inner && recipient_codes[i - 1] >= recipient_codes[i]) || recipient_kopecks[i] < 0)
            fail("recipients: codes not sorted, distinct and known, or a negative sum");
    });
}

namespace {

// One source group of an output group: a table, its group, and how that table's applicant
// codes map into the output's dictionary (nullptr: unchanged).
struct member {
    const group_table* t;
    std::size_t g;
    const std::vector<std::uint32_t>* applicant_map;
};

std::uint32_t mapped(const member& m, std::uint32_t c) { return m.applicant_map ? (*m.applicant_map)[c] : c; }

// The totals of group g of t.
acc totals_of(const group_table& t, std::size_t g) {
    acc b;
    for (std::size_t s = 0; s < 5; ++s) b.status[s] = t.status[s][g];
    b.requested = t.requested_kopecks[g];
    b.winners_requested = t.winners_requested_kopecks[g];
    b.paired_awarded = t.paired_awarded_kopecks[g];
    b.paired_requested = t.paired_requested_kopecks[g];
    b.stated_requests = t.stated_requests[g];
    b.winners_stated_requests = t.winners_stated_requests[g];
    b.winners_stated_awards = t.winners_stated_awards[g];
    b.awarded = t.awarded_kopecks[g];
    b.cofunding = t.cofunding_kopecks[g];
    b.first_year = t.first_year[g];
    b.last_year = t.last_year[g];
    return b;
}

// Appends a group's totals to the columns of `out`.
void push_totals(group_table& out, const acc& a, std::int64_t applications) {
    out.applications.push_back(applications);
    for (std::size_t s = 0; s < 5; ++s) out.status[s].push_back(a.status[s]);
    out.requested_kopecks.push_back(a.requested);
    out.winners_requested_kopecks.push_back(a.winners_requested);
    out.paired_awarded_kopecks.push_back(a.paired_awarded);
    out.paired_requested_kopecks.push_back(a.paired_requested);
    out.stated_requests.push_back(a.stated_requests);
    out.winners_stated_requests.push_back(a.winners_stated_requests);
    out.winners_stated_awards.push_back(a.winners_stated_awards);
    out.awarded_kopecks.push_back(a.awarded);
    out.cofunding_kopecks.push_back(a.cofunding);
    out.first_year.push_back(a.first_year);
    out.last_year.push_back(a.last_year);
}

// Appends to `out` one group made of `members` (totals added, lists united).
struct buffers {
    std::vector<std::uint8_t> mark;
    std::vector<std::uint32_t> codes;
    std::vector<std::uint64_t> wide, scratch, rec_key;
    std::vector<std::int64_t> rec_val;
};

void append_group(group_table& out, std::span<const member> members, buffers& buf) {
    auto& codes_buf = buf.codes;
    auto& wide_buf = buf.wide;
    auto& scratch_buf = buf.scratch;
    auto& rec_key = buf.rec_key;
    auto& rec_val = buf.rec_val;
    // Codes stay sorted when one group is copied unchanged; renumbered or united, they are sorted again.
    const bool reorder = members.size() > 1 || (!members.empty() && members[0].applicant_map != nullptr);
    acc a;
    std::int64_t apps = 0;
    for (const auto& m : members) {
        add_into(a, totals_of(*m.t, m.g));
        apps = checked_add(apps, m.t->applications[m.g], "applications");
    }
    push_totals(out, a, apps);
    auto unite = [&](std::vector<std::uint64_t> group_table::*off, std::vector<std::uint32_t> group_table::*codes,
                     unsigned flag) {
        if (!(out.extras & flag)) return;
        codes_buf.clear();
        for (const auto& m : members) {
            const auto& o = m.t->*off;
            const auto& c = m.t->*codes;
            for (auto i = o[m.g]; i < o[m.g + 1]; ++i) codes_buf.push_back(mapped(m, c[i]));
        }
        if (reorder || members.size() == 1) {  // sets may come in any order: leave them sorted
            const std::size_t napp = out.applicant_kind.size();
            if (codes_buf.size() > 4096 && codes_buf.size() * 4 > napp) {
                // Many codes of a small dictionary: mark them, then read the marks in order.
                buf.mark.assign(napp, 0);
                for (auto c : codes_buf) buf.mark[c] = 1;
                // Read back without a branch per code (marked codes come in no pattern).
                codes_buf.resize(napp + 1);
                std::size_t kept = 0;
                for (std::uint32_t c = 0; c < napp; ++c) {
                    codes_buf[kept] = c;
                    kept += buf.mark[c];
                }
                codes_buf.resize(kept);
            } else if (codes_buf.size() > 256) {
                wide_buf.assign(codes_buf.begin(), codes_buf.end());
                civica::detail::radix_sort(wide_buf.data(), wide_buf.data() + wide_buf.size(), scratch_buf);
                codes_buf.assign(wide_buf.begin(), wide_buf.end());
            } else {
                std::sort(codes_buf.begin(), codes_buf.end());
            }
            codes_buf.erase(std::unique(codes_buf.begin(), codes_buf.end()), codes_buf.end());
        }
        auto& oc = out.*codes;
        oc.insert(oc.end(), codes_buf.begin(), codes_buf.end());
        (out.*off).push_back(oc.size());
    };
    unite(&group_table::applicant_offsets, &group_table::applicant_codes, extra::applicants);
    unite(&group_table::winner_offsets, &group_table::winner_codes, extra::winning_applicants);
    if (out.extras & extra::award_values) {
        const std::size_t start = out.award_values.size();
        for (const auto& m : members) {
            const auto v = m.t->awards(m.g);
            out.award_values.insert(out.award_values.end(), v.begin(), v.end());
        }
        if (members.size() > 1) {
            auto* first = reinterpret_cast<std::uint64_t*>(out.award_values.data() + start);  // amounts are >= 0
            civica::detail::radix_sort(first, first + (out.award_values.size() - start), scratch_buf);
        }
        out.award_offsets.push_back(out.award_values.size());
    }
    if (out.extras & extra::recipients) {
        rec_key.clear();
        rec_val.clear();
        for (const auto& m : members) {
            const auto& t = *m.t;
            for (auto i = t.recipient_offsets[m.g]; i < t.recipient_offsets[m.g + 1]; ++i) {
                rec_key.push_back(mapped(m, t.recipient_codes[i]));
                rec_val.push_back(t.recipient_kopecks[i]);
            }
        }
        if (reorder) radix_sort_pairs(rec_key, rec_val);
        for (std::size_t i = 0; i < rec_key.size();) {
            std::size_t j = i;
            std::int64_t sum = 0;
            while (j < rec_key.size() && rec_key[j] == rec_key[i])
                sum = checked_add(sum, rec_val[j++], "awarded money of a recipient");
            out.recipient_codes.push_back(static_cast<std::uint32_t>(rec_key[i]));
            out.recipient_kopecks.push_back(sum);
            i = j;
        }
        out.recipient_offsets.push_back(out.recipient_codes.size());
    }
}

// An output table with `by`, `extras` and empty columns (offsets start at 0).
group_table empty_like(const group_table& t, std::vector<dimension> by, unsigned keep_extras = ~0u) {
    group_table out;
    out.by = std::move(by);
    out.extras = t.extras & (keep_extras | extra::applicant_ids | extra::applicant_labels);
    out.currency = t.currency;
    out.code.resize(out.by.size());
    for (auto* off : {&out.applicant_offsets, &out.winner_offsets, &out.award_offsets, &out.recipient_offsets}) off->push_back(0);
    auto keep = [&](unsigned flag, std::vector<std::uint64_t>& off) {
        if (!(out.extras & flag)) off.clear();
    };
    keep(extra::applicants, out.applicant_offsets);
    keep(extra::winning_applicants, out.winner_offsets);
    keep(extra::award_values, out.award_offsets);
    keep(extra::recipients, out.recipient_offsets);
    return out;
}

// Groups given by (tuple of codes, member), sorted by tuple; equal tuples make one group.
struct entry {
    std::array<std::uint32_t, 12> key;
    member m;
};

// Puts entries in key order, stably: when the keys' mixed-radix numbers (out's dictionaries
// give each dimension's size) are few, by one counting sort; else by comparisons. Entries
// already in order (a rollup onto leading dimensions) are left as they are.
void sort_entries(const group_table& out, std::vector<entry>& entries) {
    const std::size_t nd = out.by.size();
    auto less = [&](const entry& a, const entry& b) {
        return std::lexicographical_compare(a.key.begin(), a.key.begin() + static_cast<std::ptrdiff_t>(nd), b.key.begin(),
                                            b.key.begin() + static_cast<std::ptrdiff_t>(nd));
    };
    if (std::is_sorted(entries.begin(), entries.end(), less)) return;
    std::uint64_t space = 1;
    for (std::size_t d = 0; d < nd && space <= (std::uint64_t{1} << 22); ++d)
        space *= std::max<std::uint64_t>(out.values(d), 1);
    if (space > (std::uint64_t{1} << 22) || space > 4 * entries.size() + 1024) {
        std::stable_sort(entries.begin(), entries.end(), less);
        return;
    }
    std::vector<std::uint64_t> size(nd);
    for (std::size_t d = 0; d < nd; ++d) size[d] = std::max<std::uint64_t>(out.values(d), 1);
    std::vector<std::uint32_t> number(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        std::uint64_t k = 0;
        for (std::size_t d = 0; d < nd; ++d) {
            if (entries[i].key[d] >= size[d]) {  // a code past its dictionary: check() names it later
                std::stable_sort(entries.begin(), entries.end(), less);
                return;
            }
            k = k * size[d] + entries[i].key[d];
        }
        number[i] = static_cast<std::uint32_t>(k);
    }
    std::vector<std::uint32_t> at(space + 1, 0);
    for (auto k : number) ++at[k + 1];
    for (std::uint64_t k = 0; k < space; ++k) at[k + 1] += at[k];
    std::vector<entry> sorted(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) sorted[at[number[i]]++] = entries[i];
    entries.swap(sorted);
}

void build_groups(group_table& out, std::vector<entry>& entries) {
    const std::size_t nd = out.by.size();
    sort_entries(out, entries);
    std::vector<member> ms;
    buffers buf;
    for (std::size_t i = 0; i < entries.size();) {
        std::size_t j = i;
        ms.clear();
        while (j < entries.size() &&
               std::equal(entries[j].key.begin(), entries[j].key.begin() + static_cast<std::ptrdiff_t>(nd), entries[i].key.begin()))
            ms.push_back(entries[j++].m);
        for (std::size_t d = 0; d < nd; ++d) out.code[d].push_back(entries[i].key[d]);
        append_group(out, ms, buf);
        i = j;
    }
}

// A rollup of a table without lists onto dimensions of few values (the mixed-radix numbers of
// their codes at most a few times the groups): each group's totals added into a table indexed by
// that number, read back in key order. The sums are those build_groups makes (integers, years'
// minimum and maximum). False, with `out` untouched: the generic route is taken (also when a
// code is past its dictionary, for check() to name it).
bool rollup_dense(const group_table& t, const std::vector<std::size_t>& pos, group_table& out) {
    const std::size_t nd = pos.size(), n = t.size();
    std::vector<std::uint32_t> size(nd);
    std::uint64_t space = 1;
    for (std::size_t d = 0; d < nd; ++d) {
        size[d] = static_cast<std::uint32_t>(std::min<std::size_t>(std::max<std::size_t>(out.values(d), 1), 1u << 24));
        space *= size[d];
        if (space > 4 * n + 1024) return false;
    }
    std::vector<std::uint32_t> number(n, 0);
    for (std::size_t d = 0; d < nd; ++d) {
        const auto* c = t.code[pos[d]].data();
        const std::uint32_t sz = size[d];
        for (std::size_t g = 0; g < n; ++g) {
            if (c[g] >= sz) return false;
            number[g] = number[g] * sz + c[g];
        }
    }
    // Each sum is an integer addition, the same in any order; an overflow is noted and thrown
    // after the loop (out is filled only afterwards).
    bool overflow = false;
    std::vector<acc> sum(space);
    std::vector<std::int64_t> apps(space, 0);
    std::vector<std::uint8_t> present(space, 0);
    for (std::size_t g = 0; g < n; ++g) {
        const auto k = number[g];
        acc& a = sum[k];
        for (std::size_t s = 0; s < 5; ++s) a.status[s] += t.status[s][g];  // counts: no overflow
        overflow |= __builtin_add_overflow(apps[k], t.applications[g], &apps[k]);
        overflow |= __builtin_add_overflow(a.requested, t.requested_kopecks[g], &a.requested);
        overflow |= __builtin_add_overflow(a.winners_requested, t.winners_requested_kopecks[g], &a.winners_requested);
        overflow |= __builtin_add_overflow(a.paired_awarded, t.paired_awarded_kopecks[g], &a.paired_awarded);
        overflow |= __builtin_add_overflow(a.paired_requested, t.paired_requested_kopecks[g], &a.paired_requested);
        a.stated_requests += t.stated_requests[g];
        a.winners_stated_requests += t.winners_stated_requests[g];
        a.winners_stated_awards += t.winners_stated_awards[g];
        overflow |= __builtin_add_overflow(a.awarded, t.awarded_kopecks[g], &a.awarded);
        overflow |= __builtin_add_overflow(a.cofunding, t.cofunding_kopecks[g], &a.cofunding);
        const auto f = t.first_year[g];
        if (f != 0 && (a.first_year == 0 || f < a.first_year)) a.first_year = f;
        a.last_year = std::max(a.last_year, t.last_year[g]);
        present[k] = 1;
    }
    if (overflow) throw validation_error("application totals: a sum of a rollup's group overflows 64 bits");
    for (std::uint32_t k = 0; k < space; ++k) {
        if (!present[k]) continue;
        std::uint32_t rest = k;
        for (std::size_t d = nd; d-- > 0;) {
            out.code[d].push_back(rest % size[d]);
            rest /= size[d];
        }
        push_totals(out, sum[k], apps[k]);
    }
    return true;
}

}  // namespace

group_table group_table::rollup(std::span<const dimension> keep, unsigned keep_extras) const {
    check_bounds();
    std::vector<std::size_t> pos;
    for (auto d : keep) {
        const auto p = position(d);
        if (!p) throw validation_error("rollup: " + std::string(to_string(d)) + " is not a dimension of the table");
        pos.push_back(*p);
    }
    group_table out = empty_like(*this, std::vector<dimension>(keep.begin(), keep.end()), keep_extras);
    for (auto p : pos) out.dictionaries.push_back(dictionaries[p]);
    out.applicant_row = applicant_row;
    out.applicant_kind = applicant_kind;
    out.applicant_id = applicant_id;
    out.applicant_label = applicant_label;
    out.scope = scope;
    out.scope_population = scope_population;
    constexpr unsigned lists = extra::applicants | extra::winning_applicants | extra::award_values | extra::recipients;
    if (!(out.extras & lists) && rollup_dense(*this, pos, out)) return out;
    std::vector<entry> entries(size());
    for (std::size_t g = 0; g < size(); ++g) {
        entries[g].m = member{this, g, nullptr};
        for (std::size_t k = 0; k < pos.size(); ++k) entries[g].key[k] = code[pos[k]][g];
    }
    build_groups(out, entries);
    return out;
}

void group_table::merge(const group_table& other) {
    check();
    other.check();
    if (other.by != by) {
        auto names = [](const std::vector<dimension>& d) {
            std::string s;
            for (auto x : d) s += (s.empty() ? "" : ", ") + std::string(to_string(x));
            return "(" + s + ")";
        };
        throw validation_error("cannot merge a group table by " + names(other.by) + " into one by " + names(by));
    }
    if (other.extras != extras)
        throw validation_error("cannot merge group tables that gathered different extras (" + std::to_string(other.extras) +
                               " and " + std::to_string(extras) + ")");
    if (other.currency != currency)
        throw validation_error("cannot merge money in " + other.currency + " into money in " + currency);
    if (!(extras & extra::applicant_ids) && (!applicant_kind.empty() || !other.applicant_kind.empty()))
        throw validation_error("cannot merge group tables without the applicants' ids: add extra::applicant_ids to "
                               "the extras of the query that made each table");

    group_table out = empty_like(*this, by);
    out.scope = scope.empty() ? other.scope : scope;
    out.scope_population = scope.empty() ? other.scope_population : scope_population;
    // Dictionaries united; each side's codes renumbered.
    const std::size_t nd = by.size();
    std::vector<std::vector<std::uint32_t>> this_map(nd), other_map(nd);
    for (std::size_t i = 0; i < nd; ++i) {
        if (by[i] == dimension::applicant) {
            out.dictionaries.emplace_back();
            continue;
        }
        const auto& a = dictionaries[i];
        const auto& b = other.dictionaries[i];
        const auto less = [d = by[i]](const std::string& l, const std::string& r) { return key_less(d, l, r); };
        // The other table's keys as this one has them. A region written another way (another
        // letter case, spaces or dashes: text::loose_name_key) is one region under this table's
        // spelling, as the ФПГ reader takes one file's spellings, so that the tables of a file's
        // parts merge into the table of the whole file read in the same order: when each table
        // writes a region one way, the other's spelling becomes this one's; when either writes it
        // several ways, every spelling stays apart (which one is meant is unknown), whichever
        // table is merged into which.
        std::vector<std::string> b_keys = b.keys;
        if (by[i] == dimension::region) {
            std::unordered_map<std::string, std::pair<std::vector<std::size_t>, std::size_t>> spellings;
            for (std::size_t x = 0; x < a.keys.size(); ++x) spellings[text::loose_name_key(a.keys[x])].first.push_back(x);
            std::vector<std::string> b_loose(b.keys.size());
            for (std::size_t y = 0; y < b.keys.size(); ++y) ++spellings[b_loose[y] = text::loose_name_key(b.keys[y])].second;
            for (std::size_t y = 0; y < b_keys.size(); ++y)
                if (const auto& [mine, theirs] = spellings[b_loose[y]]; mine.size() == 1 && theirs == 1)
                    b_keys[y] = a.keys[mine.front()];
        }
        group_table::dictionary u;
        const bool pop = !a.population.empty() || !b.population.empty();
        u.keys = a.keys;
        u.keys.insert(u.keys.end(), b_keys.begin(), b_keys.end());
        std::sort(u.keys.begin(), u.keys.end(), less);
        u.keys.erase(std::unique(u.keys.begin(), u.keys.end()), u.keys.end());
        u.labels.resize(u.keys.size());
        if (pop) u.population.resize(u.keys.size());
        std::vector<bool> from_a(u.keys.size(), false);
        const auto code_of = [&](const std::string& k) {
            return static_cast<std::uint32_t>(std::lower_bound(u.keys.begin(), u.keys.end(), k, less) - u.keys.begin());
        };
        this_map[i].resize(a.keys.size());
        other_map[i].resize(b.keys.size());
        for (std::size_t x = 0; x < a.keys.size(); ++x) {
            const auto c = this_map[i][x] = code_of(a.keys[x]);
            u.labels[c] = a.labels[x];
            if (pop && !a.population.empty()) u.population[c] = a.population[x];
            from_a[c] = true;
        }
        for (std::size_t y = 0; y < b.keys.size(); ++y) {
            const auto c = other_map[i][y] = code_of(b_keys[y]);
            if (!from_a[c]) u.labels[c] = b.labels[y];
            if (pop && !b.population.empty() && u.population[c].empty()) u.population[c] = b.population[y];
        }
        out.dictionaries.push_back(std::move(u));
    }
    // The applicant dictionaries united by (kind, id): this table's codes stay, the other's new
    // applicants are appended (keeping this table's labels for the applicants in both).
    out.applicant_kind = applicant_kind;
    out.applicant_id = applicant_id;
    out.applicant_label = applicant_label;
    std::vector<std::uint32_t> applicant_map(other.applicant_kind.size());
    {
        std::unordered_map<std::string, std::uint32_t> index;
        index.reserve(applicant_id.size());
        for (std::size_t c = 0; c < applicant_id.size(); ++c)
            index.emplace(std::string(1, static_cast<char>('0' + applicant_kind[c])) + applicant_id[c], static_cast<std::uint32_t>(c));
        for (std::size_t c = 0; c < other.applicant_kind.size(); ++c) {
            auto [it, fresh] = index.try_emplace(std::string(1, static_cast<char>('0' + other.applicant_kind[c])) + other.applicant_id[c],
                                                 static_cast<std::uint32_t>(out.applicant_kind.size()));
            if (fresh) {
                out.applicant_kind.push_back(other.applicant_kind[c]);
                out.applicant_id.push_back(other.applicant_id[c]);
                if (!other.applicant_label.empty() || !out.applicant_label.empty())
                    out.applicant_label.push_back(other.applicant_label.empty() ? other.applicant_id[c] : other.applicant_label[c]);
            }
            applicant_map[c] = it->second;
        }
    }
    std::vector<entry> entries;
    entries.reserve(size() + other.size());
    for (std::size_t g = 0; g < size(); ++g) {
        entry en{{}, member{this, g, nullptr}};
        for (std::size_t i = 0; i < nd; ++i) en.key[i] = by[i] == dimension::applicant ? code[i][g] : this_map[i][code[i][g]];
        entries.push_back(en);
    }
    for (std::size_t g = 0; g < other.size(); ++g) {
        entry en{{}, member{&other, g, &applicant_map}};
        for (std::size_t i = 0; i < nd; ++i)
            en.key[i] = by[i] == dimension::applicant ? applicant_map[other.code[i][g]] : other_map[i][other.code[i][g]];
        entries.push_back(en);
    }
    build_groups(out, entries);
    *this = std::move(out);
}

}  // namespace civica::analysis

// ---------------------------------------------------------------- applicants in id order

namespace civica::analysis::detail {


applicant_order::applicant_order(const dataset& ds) {
    const auto& orgs = ds.organizations();
    const auto& persons = ds.persons();
    const std::size_t norg = orgs.size(), n = norg + persons.size();
    rank.resize(n);
    std::iota(rank.begin(), rank.end(), 0u);
    // One table's rows [base, base + rows) ordered by id; a table already in id order costs
    // one comparison a row.
    auto order = [&](std::size_t base, std::size_t rows, auto&& id) {
        bool ascending = true;
        for (std::size_t i = 1; i < rows && ascending; ++i) ascending = id(i - 1) < id(i);
        if (ascending) return;
        identity = false;
        std::vector<std::uint32_t> by_id(rows);
        std::iota(by_id.begin(), by_id.end(), 0u);
        std::sort(by_id.begin(), by_id.end(), [&](std::uint32_t a, std::uint32_t b) { return id(a) < id(b); });
        for (std::size_t place = 0; place < rows; ++place) rank[base + by_id[place]] = static_cast<std::uint32_t>(base + place);
    };
    // Ids are unique within a table, so the orders are strict.
    order(0, norg, [&](std::size_t i) -> const std::string& { return orgs[i].id.str(); });
    order(norg, persons.size(), [&](std::size_t i) -> const std::string& { return persons[i].id.str(); });
}

std::shared_ptr<const applicant_order> applicant_order_of(const dataset& ds) {
    return civica::detail::derived_access::of(ds).get<applicant_order>(ds);
}

}  // namespace civica::analysis::detail
