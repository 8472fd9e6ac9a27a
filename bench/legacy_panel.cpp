// The former national grant panel (see legacy_panel.hpp): a pass over the application columns
// into integer tallies, a merge of tallies, and a finish that does every division and ranking.
#include "legacy_panel.hpp"

#include "civica/analysis/concentration.hpp"
#include "civica/analysis/ranking.hpp"
#include "civica/analysis/series.hpp"
#include "civica/analysis/trend.hpp"
#include "civica/core/radix_sort.hpp"
#include "civica/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <numeric>
#include <span>
#include <thread>
#include <unordered_map>
#include <utility>

namespace legacy {
using namespace civica;
using namespace civica::analysis;

// ---------------------------------------------------------------- panel
//
// The panel is computed in two steps so that it can be computed piecewise: compute_pgf_partial
// keeps integer tallies only (one pass over the columns), pgf_partial::merge adds tallies, and
// finish_pgf_panel does every division, ranking and floating-point sum. compute_pgf_panel is
// the two steps in a row, so a panel from merged partials and the panel of one dataset share
// one definition. finish_pgf_panel sorts each region's recipient amounts before HHI and Gini:
// their long double sums then do not depend on the order the recipients were met in (a merge
// appends the later partition's new applicants after the earlier partition's).

namespace {

std::int64_t checked_sum(std::int64_t a, std::int64_t b, const char* what) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r))
        throw validation_error(std::string("ФПГ panel partial: the sum of ") + what +
                               " overflows 64 bits (" + std::to_string(a) + " + " + std::to_string(b) + ")");
    return r;
}

template <class V>
bool sorted_and_distinct(const V& v) {
    return std::adjacent_find(v.begin(), v.end(), [](const auto& a, const auto& b) { return !(a < b); }) == v.end();
}

// The invariants documented on pgf_partial; cheap next to the work that follows them.
void check_partial(const pgf_partial& p, const char* who) {
    auto fail = [&](const std::string& why) { throw validation_error(std::string(who) + ": " + why); };
    if (p.applications < 0) fail("applications is negative (" + std::to_string(p.applications) + ")");
    if (p.applications > 0 && p.years.empty()) fail("there are applications but no years");
    if (!sorted_and_distinct(p.years)) fail("years are not sorted and distinct");
    if (!sorted_and_distinct(p.regions)) fail("regions are not sorted and distinct");
    auto known_year = [&](int y) { return std::binary_search(p.years.begin(), p.years.end(), y); };
    for (const auto& [key, c] : p.by_region_year) {
        const std::string where = "by_region_year (" + std::to_string(key.first) + ", " + key.second + ")";
        if (!known_year(key.first)) fail(where + ": the year is not in years");
        if (!std::binary_search(p.regions.begin(), p.regions.end(), key.second)) fail(where + ": the region is not in regions");
        if (!(c.applications > 0 && c.decided <= c.applications && c.winners >= 0 && c.winners <= c.decided &&
              c.awarded >= 0))
            fail(where + ": the counts do not hold 0 <= winners <= decided <= applications, 0 < applications, "
                         "0 <= awarded");
    }
    for (const auto& [key, k] : p.by_direction_year) {
        if (!known_year(key.first)) fail("by_direction_year (" + std::to_string(key.first) + ", " + key.second + "): the year is not in years");
        if (k < 0) fail("by_direction_year (" + std::to_string(key.first) + ", " + key.second + "): awarded is negative");
    }
    const std::size_t n = p.applicant_inn.size();
    if (p.applicant_name.size() != n || p.applicant_region.size() != n || p.applicant_awarded.size() != n)
        fail("the applicant columns differ in length (" + std::to_string(n) + " INNs, " +
             std::to_string(p.applicant_name.size()) + " names, " + std::to_string(p.applicant_region.size()) +
             " regions, " + std::to_string(p.applicant_awarded.size()) + " amounts)");
    for (std::size_t i = 0; i < n; ++i) {
        const auto r = p.applicant_region[i];
        if (r != pgf_partial::no_region && r >= p.regions.size())
            fail("applicant " + p.applicant_inn[i] + ": region index " + std::to_string(r) + " is not one of the " +
                 std::to_string(p.regions.size()) + " regions");
        if (p.applicant_awarded[i] < 0)
            fail("applicant " + p.applicant_inn[i] + ": awarded " + std::to_string(p.applicant_awarded[i]) +
                 " kopecks (negative)");
    }
}

}  // namespace

void pgf_partial::merge(const pgf_partial& other) {
    check_partial(*this, "pgf_partial::merge (this)");
    check_partial(other, "pgf_partial::merge (other)");
    // Everything that can throw is computed into new containers first; the commit below only
    // moves, so a failed merge leaves *this as it was.
    const std::int64_t apps = checked_sum(applications, other.applications, "applications");
    std::vector<int> ys;
    ys.reserve(years.size() + other.years.size());
    std::set_union(years.begin(), years.end(), other.years.begin(), other.years.end(), std::back_inserter(ys));
    std::vector<std::string> regs;
    regs.reserve(regions.size() + other.regions.size());
    std::set_union(regions.begin(), regions.end(), other.regions.begin(), other.regions.end(), std::back_inserter(regs));
    auto remap = [&](const std::vector<std::string>& from) {
        std::vector<std::uint32_t> to(from.size());
        for (std::size_t i = 0; i < from.size(); ++i)
            to[i] = static_cast<std::uint32_t>(std::lower_bound(regs.begin(), regs.end(), from[i]) - regs.begin());
        return to;
    };
    const auto this_to = remap(regions), other_to = remap(other.regions);

    auto cells = by_region_year;
    for (const auto& [key, c] : other.by_region_year) {
        auto& d = cells[key];
        d.applications = checked_sum(d.applications, c.applications, "applications of a year and region");
        d.decided = checked_sum(d.decided, c.decided, "decided applications of a year and region");
        d.winners = checked_sum(d.winners, c.winners, "winners of a year and region");
        d.awarded = checked_sum(d.awarded, c.awarded, "awarded kopecks of a year and region");
    }
    auto dirs = by_direction_year;
    for (const auto& [key, k] : other.by_direction_year) dirs[key] = checked_sum(dirs[key], k, "awarded kopecks of a year and direction");

    std::unordered_map<std::string_view, std::uint32_t> index;
    index.reserve(applicant_inn.size());
    for (std::size_t i = 0; i < applicant_inn.size(); ++i)
        index.emplace(applicant_inn[i], static_cast<std::uint32_t>(i));
    std::vector<std::int64_t> awarded = applicant_awarded;
    std::vector<std::uint32_t> fresh;  // rows of `other` new here
    std::vector<std::string> conflicts;
    auto region_name = [](const pgf_partial& p, std::uint32_t r) -> std::string_view {
        return r == no_region ? std::string_view() : std::string_view(p.regions[r]);
    };
    for (std::size_t j = 0; j < other.applicant_inn.size(); ++j) {
        auto [it, added] = index.emplace(other.applicant_inn[j], static_cast<std::uint32_t>(awarded.size()));
        if (added) {
            fresh.push_back(static_cast<std::uint32_t>(j));
            awarded.push_back(other.applicant_awarded[j]);
            continue;
        }
        auto& a = awarded[it->second];
        a = checked_sum(a, other.applicant_awarded[j], "awarded kopecks of an applicant");
        if (it->second < applicant_inn.size() &&
            region_name(*this, applicant_region[it->second]) != region_name(other, other.applicant_region[j]) &&
            std::find(region_conflicts.begin(), region_conflicts.end(), other.applicant_inn[j]) == region_conflicts.end())
            conflicts.push_back(other.applicant_inn[j]);
    }
    for (const auto& inn : other.region_conflicts)
        if (std::find(region_conflicts.begin(), region_conflicts.end(), inn) == region_conflicts.end() &&
            std::find(conflicts.begin(), conflicts.end(), inn) == conflicts.end())
            conflicts.push_back(inn);

    // commit
    applications = apps;
    years = std::move(ys);
    regions = std::move(regs);
    by_region_year = std::move(cells);
    by_direction_year = std::move(dirs);
    for (auto& r : applicant_region)
        if (r != no_region) r = this_to[r];
    applicant_inn.reserve(awarded.size());
    applicant_name.reserve(awarded.size());
    applicant_region.reserve(awarded.size());
    for (auto j : fresh) {
        applicant_inn.push_back(other.applicant_inn[j]);
        applicant_name.push_back(other.applicant_name[j]);
        const auto r = other.applicant_region[j];
        applicant_region.push_back(r == no_region ? no_region : other_to[r]);
    }
    applicant_awarded = std::move(awarded);
    region_conflicts.insert(region_conflicts.end(), conflicts.begin(), conflicts.end());
}

namespace {

// ---- the one pass over the applications. Per row it needs the applicant's region, and per
// winner it adds the money to the applicant's sum. At national scale both would be random
// accesses into arrays over millions of organisations, past the processor's caches, and they
// were most of the panel's time. So the regions are kept in the narrowest integer that holds
// their codes (one byte an organisation for the Fund's 85 regions: 3 MB at 3 million
// organisations, which stays in cache), and the sums are added after the pass, block by block
// (see tally_pass).
inline void touch(const void* p) noexcept {
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

struct pass_input {
    const application_table& t;
    const std::uint16_t* comp_year;
    std::size_t ny, nr1, ndir;
    // A person's application (not in the Fund's data, but a dataset may hold some) counts in
    // the totals and by direction, not by region nor as a recipient: it goes to this extra
    // "organisation" slot after the organisations, which has no region and is never emitted.
    std::size_t person_slot;
};

struct pass_tallies {
    std::vector<std::int64_t> apps, wins, decided, awarded;  // year × region (+ unknown)
    std::vector<std::int64_t> dir_awarded;                   // year × direction
    std::vector<std::uint8_t> dir_seen;
};

pass_tallies zero_tallies(const pass_input& in) {
    pass_tallies r;
    r.apps.assign(in.ny * in.nr1, 0);
    r.wins.assign(in.ny * in.nr1, 0);
    r.decided.assign(in.ny * in.nr1, 0);
    r.awarded.assign(in.ny * in.nr1, 0);
    r.dir_awarded.assign(in.ny * in.ndir, 0);
    r.dir_seen.assign(in.ny * in.ndir, 0);
    return r;
}

// The winners' rows of one range of applications, in row order: the applicant's slot and the
// amount, and how many fall in each block of `block_bits` slots (the last count is the other
// rows'). Not zeroed: only the first `size` are written.
constexpr int block_bits = 16;  // 65 536 organisations: their sums are 512 KB, in a core's cache
struct winner_rows {
    std::unique_ptr<std::uint32_t[]> slot;
    std::unique_ptr<std::int64_t[]> amount;
    std::size_t size = 0;
    std::vector<std::size_t> per_block;
    winner_rows(std::size_t rows, std::size_t blocks)
        : slot(new std::uint32_t[rows + 1]), amount(new std::int64_t[rows + 1]), per_block(blocks + 1) {}
};

// Adds the rows [begin, end) into `r` and lists their winners in `w`. Sums are unchecked here
// (the hot loop); an overflow would need more than 92 quadrillion roubles in one dataset.
// merge() checks every sum it makes. Allocates nothing, so that it can run on a thread of its
// own.
template <class Code>
void tally_rows(const pass_input& in, const Code* region, std::size_t begin, std::size_t end, pass_tallies& r,
                winner_rows& w) noexcept {
    const auto& t = in.t;
    const std::size_t nr1 = in.nr1, ndir = in.ndir, person_slot = in.person_slot;
    const std::uint16_t* comp_year = in.comp_year;
    // Raw pointers in locals: the bytes stored into dir_seen could otherwise alias the vectors'
    // own pointers and make the compiler reload them on every row.
    std::int64_t* const apps = r.apps.data();
    std::int64_t* const wins = r.wins.data();
    std::int64_t* const decided = r.decided.data();
    std::int64_t* const awarded = r.awarded.data();
    std::int64_t* const dir_awarded = r.dir_awarded.data();
    std::uint8_t* const dir_seen = r.dir_seen.data();
    std::uint32_t* const w_slot = w.slot.get();
    std::int64_t* const w_amount = w.amount.get();
    std::size_t* const per_block = w.per_block.data();
    const std::size_t other_rows = w.per_block.size() - 1;
    std::size_t nw = 0;
    const auto* comp = t.competition().data();
    const auto* who = t.applicant().data();
    const auto* kind = t.applicant_type().data();
    const auto org_kind = static_cast<std::uint8_t>(applicant_kind::organization);
    const auto* st = t.status().data();
    const auto* aw = t.awarded().data();
    const auto* dir = t.direction().codes().data();
    const auto winner = static_cast<std::uint8_t>(application_status::winner);
    const auto withdrawn = static_cast<std::uint8_t>(application_status::withdrawn);
    // The applicant's region is asked for 32 rows ahead.
    constexpr std::size_t ahead = 32;
    for (std::size_t i = begin; i < end; ++i) {
        if (i + ahead < end && kind[i + ahead] == org_kind) touch(region + who[i + ahead]);
        const std::size_t y = comp_year[static_cast<std::size_t>(comp[i])];
        const auto o = kind[i] == org_kind ? static_cast<std::size_t>(who[i]) : person_slot;
        const std::size_t cell = y * nr1 + region[o];
        const std::size_t dcell = y * ndir + static_cast<std::size_t>(dir[i]);
        // Without branches on the outcome (winners and the others come in no order): the amount
        // is read on every row and masked to 0 unless the row is a winner's with an amount, and
        // every row is written to the winners' list, which moves on past winners only.
        const bool win = st[i] == winner;
        const std::int64_t a = aw[i];
        const std::int64_t k = a & -static_cast<std::int64_t>(win & (a != missing_kopecks));
        ++apps[cell];
        decided[cell] += st[i] != withdrawn;
        wins[cell] += win;
        awarded[cell] += k;
        dir_seen[dcell] = 1;
        dir_awarded[dcell] += k;
        w_slot[nw] = static_cast<std::uint32_t>(o);
        w_amount[nw] = k;
        nw += win;
        ++per_block[win ? o >> block_bits : other_rows];
    }
    w.size = nw;
}

// The pass. The rows go to up to four threads when there are enough of them to pay; each has
// its own tallies, added up afterwards, so the result does not depend on the split.
//
// The applicants' sums are not added in the pass: at national scale they are millions of
// organisations (24 MB at 3 million), and adding a winner's money where it falls waits on
// memory for each winner. The pass lists the winners instead; the lists are then put in order
// of blocks of 65 536 organisations (a counting sort) and added block by block, each block's
// sums staying in cache.
template <class Code>
pass_tallies tally_pass(const pass_input& in, const Code* region, std::vector<std::int64_t>& sums) {
    const std::size_t n = in.t.size(), blocks = (sums.size() >> block_bits) + 1;
    constexpr std::size_t rows_per_thread = 250'000;
    const std::size_t threads = std::clamp<std::size_t>(
        std::min<std::size_t>(std::thread::hardware_concurrency(), n / rows_per_thread), 1, 4);
    auto rows = [&](std::size_t k) { return std::pair{n * k / threads, n * (k + 1) / threads}; };
    std::vector<pass_tallies> part;
    std::vector<winner_rows> won;
    for (std::size_t k = 0; k < threads; ++k) {
        part.push_back(zero_tallies(in));
        won.emplace_back(rows(k).second - rows(k).first, blocks);
    }
    {
        std::vector<std::jthread> pool;
        for (std::size_t k = 1; k < threads; ++k)
            pool.emplace_back([&, k] { tally_rows(in, region, rows(k).first, rows(k).second, part[k], won[k]); });
        tally_rows(in, region, rows(0).first, rows(0).second, part[0], won[0]);
    }
    pass_tallies& r = part[0];
    for (std::size_t k = 1; k < threads; ++k) {
        auto add = [](std::vector<std::int64_t>& to, const std::vector<std::int64_t>& from) {
            for (std::size_t i = 0; i < to.size(); ++i) to[i] += from[i];
        };
        add(r.apps, part[k].apps);
        add(r.wins, part[k].wins);
        add(r.decided, part[k].decided);
        add(r.awarded, part[k].awarded);
        add(r.dir_awarded, part[k].dir_awarded);
        for (std::size_t i = 0; i < r.dir_seen.size(); ++i) r.dir_seen[i] |= part[k].dir_seen[i];
    }
    // The winners by block, then each block's sums.
    std::vector<std::size_t> at(blocks + 1);
    for (const auto& w : won)
        for (std::size_t b = 0; b < blocks; ++b) at[b + 1] += w.per_block[b];
    for (std::size_t b = 0; b < blocks; ++b) at[b + 1] += at[b];
    const std::size_t total = at[blocks];
    std::unique_ptr<std::uint32_t[]> slot(new std::uint32_t[total]);
    std::unique_ptr<std::int64_t[]> amount(new std::int64_t[total]);
    for (const auto& w : won)
        for (std::size_t j = 0; j < w.size; ++j) {
            const std::size_t to = at[w.slot[j] >> block_bits]++;
            slot[to] = w.slot[j];
            amount[to] = w.amount[j];
        }
    std::int64_t* const s = sums.data();
    for (std::size_t j = 0; j < total; ++j) s[slot[j]] += amount[j];
    return std::move(r);
}

// The pass with the regions in the narrowest code that holds 0 … last_region.
pass_tallies tally_pass(const pass_input& in, const std::vector<std::uint32_t>& region, std::uint32_t last_region,
                        std::vector<std::int64_t>& sums) {
    sums.assign(region.size(), 0);
    auto narrowed = [&]<class Code>(Code) {
        const std::vector<Code> code(region.begin(), region.end());
        return tally_pass(in, code.data(), sums);
    };
    return last_region <= std::numeric_limits<std::uint8_t>::max()    ? narrowed(std::uint8_t{})
           : last_region <= std::numeric_limits<std::uint16_t>::max() ? narrowed(std::uint16_t{})
                                                                       : tally_pass(in, region.data(), sums);
}

// The partial of a dataset without the applicants' INN and name strings: `org` holds the
// organisation row of each applicant instead. compute_pgf_panel finishes this directly, with
// the recipients only (applicants with 0 awarded change nothing in the panel), and looks up
// the few strings it prints: copying ~150 000 names per million applications would double the
// panel's time. compute_pgf_partial takes every applicant and copies the strings in.
struct dataset_partial {
    pgf_partial p;
    std::vector<std::uint32_t> org;
};

dataset_partial partial_of(const dataset& ds, bool all_applicants) {
    dataset_partial out;
    pgf_partial& p = out.p;
    const auto& t = ds.applications();
    const auto& comps = ds.competitions();
    const auto& orgs = ds.organizations();
    const auto& munis = ds.municipalities();
    const std::size_t n = t.size();

    // Regions: the distinct labels of municipality entries (region name for ФПГ data).
    std::vector<std::string> region_names;
    std::vector<std::uint32_t> muni_region(munis.size());
    {
        std::unordered_map<std::string_view, std::uint32_t> idx;
        for (std::size_t m = 0; m < munis.size(); ++m) {
            const std::string& label = munis[m].region.empty() ? munis[m].name : munis[m].region;
            auto [it, fresh] = idx.emplace(label, static_cast<std::uint32_t>(region_names.size()));
            if (fresh) region_names.push_back(label);
            muni_region[m] = it->second;
        }
    }
    const auto nreg = static_cast<std::uint32_t>(region_names.size());
    std::vector<std::uint32_t> region_order(nreg), region_rank(nreg);
    std::iota(region_order.begin(), region_order.end(), 0u);
    std::sort(region_order.begin(), region_order.end(),
              [&](auto a, auto b) { return region_names[a] < region_names[b]; });
    p.regions.reserve(nreg);
    for (std::uint32_t i = 0; i < nreg; ++i) {
        region_rank[region_order[i]] = i;
        p.regions.push_back(region_names[region_order[i]]);
    }
    for (const auto& c : comps) p.years.push_back(c.year);
    std::sort(p.years.begin(), p.years.end());
    p.years.erase(std::unique(p.years.begin(), p.years.end()), p.years.end());
    p.applications = static_cast<std::int64_t>(n);
    if (n == 0) return out;

    const std::uint32_t unknown_region = nreg;  // applicants with no municipality
    // From the organisations' municipality rows: the rows themselves (hundreds of bytes each,
    // millions at national scale) are not touched.
    const auto& org_muni = ds.organization_municipality();
    std::vector<std::uint32_t> org_region(orgs.size() + 1, unknown_region);
    for (std::size_t o = 0; o < orgs.size(); ++o)
        if (org_muni[o] != no_row) org_region[o] = muni_region[static_cast<std::size_t>(org_muni[o])];
    const int first_year = p.years.front();
    const auto ny = static_cast<std::size_t>(p.years.back() - first_year + 1);
    std::vector<std::uint16_t> comp_year(comps.size());
    for (std::size_t c = 0; c < comps.size(); ++c) comp_year[c] = static_cast<std::uint16_t>(comps[c].year - first_year);
    const pass_input in{t, comp_year.data(), ny, nreg + std::size_t{1}, t.direction().dictionary().size(), orgs.size()};

    std::vector<std::int64_t> org_awarded;  // organisations, then the person slot
    const pass_tallies tally = tally_pass(in, org_region, unknown_region, org_awarded);
    const std::size_t nr1 = in.nr1, ndir = in.ndir;
    const auto* who = t.applicant().data();
    const auto* kind = t.applicant_type().data();
    const auto org_kind = static_cast<std::uint8_t>(applicant_kind::organization);

    // Cells are emitted in key order, so every insertion is at the end of the map.
    for (std::size_t y = 0; y < ny; ++y)
        for (auto r : region_order) {
            const std::size_t cell = y * nr1 + r;
            if (tally.apps[cell] == 0) continue;
            p.by_region_year.emplace_hint(p.by_region_year.end(),
                                          std::pair<int, std::string>(first_year + static_cast<int>(y), region_names[r]),
                                          pgf_partial::cell{tally.apps[cell], tally.decided[cell], tally.wins[cell],
                                                            tally.awarded[cell]});
        }
    {
        const auto& dict = t.direction().dictionary();
        std::vector<std::size_t> dorder(ndir);
        std::iota(dorder.begin(), dorder.end(), 0u);
        std::sort(dorder.begin(), dorder.end(), [&](auto a, auto b) { return dict[a] < dict[b]; });
        for (std::size_t y = 0; y < ny; ++y)
            for (auto d : dorder)
                if (tally.dir_seen[y * ndir + d])
                    p.by_direction_year.emplace_hint(p.by_direction_year.end(),
                                                     std::pair<int, std::string>(first_year + static_cast<int>(y), dict[d]),
                                                     tally.dir_awarded[y * ndir + d]);
    }
    // One entry per organisation (that applied, or was awarded money), in row order.
    {
        std::vector<std::uint8_t> applied;
        if (all_applicants) {
            applied.resize(orgs.size());
            for (std::size_t i = 0; i < n; ++i)
                if (kind[i] == org_kind) applied[static_cast<std::size_t>(who[i])] = 1;
        }
        auto kept = [&](std::size_t o) { return org_awarded[o] > 0 || (all_applicants && applied[o]); };
        std::size_t count = 0;
        for (std::size_t o = 0; o < orgs.size(); ++o) count += kept(o);
        out.org.resize(count);
        p.applicant_region.resize(count);
        p.applicant_awarded.resize(count);
        for (std::size_t o = 0, j = 0; o < orgs.size(); ++o) {
            if (!kept(o)) continue;
            out.org[j] = static_cast<std::uint32_t>(o);
            p.applicant_region[j] = org_region[o] == unknown_region ? pgf_partial::no_region : region_rank[org_region[o]];
            p.applicant_awarded[j] = org_awarded[o];
            ++j;
        }
    }
    return out;
}

const std::string& inn_of(const organization& o) { return o.inn.empty() ? o.id.str() : o.inn; }

}  // namespace

pgf_partial compute_pgf_partial(const dataset& ds) {
    dataset_partial d = partial_of(ds, true);
    const auto& orgs = ds.organizations();
    d.p.applicant_inn.reserve(d.org.size());
    d.p.applicant_name.reserve(d.org.size());
    for (auto o : d.org) {
        d.p.applicant_inn.push_back(inn_of(orgs[o]));
        d.p.applicant_name.push_back(orgs[o].display_name());
    }
    return std::move(d.p);
}

namespace {

// The panel of a partial whose applicants' INN and name are `inn(i)` and `name(i)`.
template <class Inn, class Name>
pgf_panel finish(const pgf_partial& part, const std::map<std::string, std::int64_t, std::less<>>& population,
                 const Inn& inn, const Name& name) {
    pgf_panel p;
    if (part.applications == 0) return p;
    const int first_year = part.years.front(), last_year = part.years.back();
    const auto ny = static_cast<std::size_t>(last_year - first_year + 1);
    const std::size_t nreg = part.regions.size();
    auto region_index = [&](const std::string& r) {
        return static_cast<std::size_t>(std::lower_bound(part.regions.begin(), part.regions.end(), r) - part.regions.begin());
    };

    // (1) year × region, in key order; winners and last-year money kept per region for (5), (6)
    std::vector<std::int64_t> wins(ny * nreg), awarded_last(nreg);
    const std::size_t cells = part.by_region_year.size();
    p.by_region_year.reserve(cells);
    p.by_region_region.reserve(cells);
    p.by_region_applications.reserve(cells);
    p.by_region_winners.reserve(cells);
    p.by_region_success_rate.reserve(cells);
    for (const auto& [key, c] : part.by_region_year) {
        p.by_region_year.push_back(key.first);
        p.by_region_region.push_back(key.second);
        p.by_region_applications.push_back(c.applications);
        p.by_region_winners.push_back(c.winners);
        p.by_region_success_rate.push_back(c.decided ? static_cast<double>(c.winners) / static_cast<double>(c.decided)
                                                     : std::numeric_limits<double>::quiet_NaN());
        const std::size_t r = region_index(key.second);
        wins[static_cast<std::size_t>(key.first - first_year) * nreg + r] = c.winners;
        if (key.first == last_year) awarded_last[r] = c.awarded;
    }
    // (2) year × direction
    for (const auto& [key, k] : part.by_direction_year) {
        p.by_direction_year.push_back(key.first);
        p.by_direction_direction.push_back(key.second);
        p.by_direction_awarded.push_back(k);
    }
    // (3) top 10 recipients
    const auto& money = part.applicant_awarded;
    const std::size_t nrec = money.size();
    {
        std::vector<std::uint32_t> cand;
        cand.reserve(nrec);
        for (std::size_t i = 0; i < nrec; ++i)
            if (money[i] > 0) cand.push_back(static_cast<std::uint32_t>(i));
        const std::size_t k = std::min<std::size_t>(10, cand.size());
        std::partial_sort(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(k), cand.end(), [&](auto a, auto b) {
            if (money[a] != money[b]) return money[a] > money[b];
            return inn(a) < inn(b);
        });
        for (std::size_t i = 0; i < k; ++i) {
            p.top_inn.push_back(inn(cand[i]));
            p.top_name.push_back(name(cand[i]));
            p.top_awarded.push_back(money[cand[i]]);
        }
    }
    // (4) concentration per region, through hhi and gini, over amounts in
    // ascending order (see the notes above). The recipients' kopecks are grouped by region with
    // a counting sort and each group sorted by radix, so that the work grows with the number of
    // recipients and not faster.
    {
        std::vector<std::size_t> start(nreg + 2);
        auto counted = [&](std::size_t i) { return money[i] > 0 && part.applicant_region[i] != pgf_partial::no_region; };
        for (std::size_t i = 0; i < nrec; ++i)
            if (counted(i)) ++start[part.applicant_region[i] + 2];
        for (std::size_t r = 2; r < nreg + 2; ++r) start[r] += start[r - 1];
        std::vector<std::uint64_t> kopecks(start[nreg + 1]), scratch;
        for (std::size_t i = 0; i < nrec; ++i)
            if (counted(i)) kopecks[start[part.applicant_region[i] + 1]++] = static_cast<std::uint64_t>(money[i]);
        // start[r] .. start[r + 1] is now region r's group
        std::vector<double> rub(kopecks.size());
        for (std::size_t r = 0; r < nreg; ++r) {
            const std::size_t b = start[r], e = start[r + 1];
            if (b == e) continue;
            civica::detail::radix_sort(kopecks.data() + b, kopecks.data() + e, scratch);
            for (std::size_t i = b; i < e; ++i) rub[i] = static_cast<double>(kopecks[i]) / 100.0;
            const std::span<const double> v(rub.data() + b, e - b);
            p.concentration_region.push_back(part.regions[r]);
            p.concentration_recipients.push_back(static_cast<std::int64_t>(v.size()));
            p.concentration_hhi.push_back(hhi(v));
            p.concentration_gini.push_back(gini(v));
        }
    }
    // (5) trends of winners per region, through cagr and fit_trend
    {
        std::vector<double> years(ny), values(ny);
        for (std::size_t y = 0; y < ny; ++y) years[y] = first_year + static_cast<double>(y);
        for (std::size_t r = 0; r < nreg; ++r) {
            for (std::size_t y = 0; y < ny; ++y) values[y] = static_cast<double>(wins[y * nreg + r]);
            p.trend_region.push_back(part.regions[r]);
            p.trend_cagr.push_back(ny > 1 && values.front() > 0
                                       ? cagr(values.front(), values.back(), static_cast<double>(ny - 1))
                                       : std::numeric_limits<double>::quiet_NaN());
            p.trend_slope.push_back(ny > 1 ? fit_trend(years, values).slope()
                                           : std::numeric_limits<double>::quiet_NaN());
        }
    }
    // (6) awarded per resident in the last year, ranked through rank
    {
        p.per_capita_year = last_year;
        for (std::size_t r = 0; r < nreg; ++r) {
            auto it = population.find(part.regions[r]);
            if (it == population.end() || it->second <= 0) continue;
            p.per_capita_region.push_back(part.regions[r]);
            p.per_capita_rub.push_back(static_cast<double>(awarded_last[r]) / 100.0 / static_cast<double>(it->second));
        }
        p.per_capita_rank = rank(p.per_capita_rub, rank_method::min, true);
    }
    return p;
}

}  // namespace

pgf_panel finish_pgf_panel(const pgf_partial& part,
                           const std::map<std::string, std::int64_t, std::less<>>& population) {
    check_partial(part, "finish_pgf_panel");
    return finish(
        part, population, [&](std::size_t i) -> const std::string& { return part.applicant_inn[i]; },
        [&](std::size_t i) -> const std::string& { return part.applicant_name[i]; });
}

pgf_panel compute_pgf_panel(const dataset& ds,
                            const std::map<std::string, std::int64_t, std::less<>>& population) {
    // finish_pgf_panel(compute_pgf_partial(ds), population), without copying the strings of
    // recipients that are not printed (see dataset_partial).
    const dataset_partial d = partial_of(ds, false);
    const auto& orgs = ds.organizations();
    return finish(
        d.p, population, [&](std::size_t i) -> const std::string& { return inn_of(orgs[d.org[i]]); },
        [&](std::size_t i) -> const std::string& { return orgs[d.org[i]].display_name(); });
}

}  // namespace legacy
