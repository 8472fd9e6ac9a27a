// civica._core.analysis: the C++ analyses, returning plain Python values (dicts of lists) that
// python/civica/analysis.py turns into pandas DataFrames and small result objects.
//
// Design notes: every analysis of a dataset runs with the GIL released under a reading_guard
// (so Python cannot change the dataset meanwhile); the result is converted to Python objects
// only after the GIL is taken back. A GroupTable (the engine's partial result, small beside
// the dataset it sums) is merged and read with the GIL held: two threads merging into one
// table, or one merging while another reads it, would otherwise race. Filters arrive as a dict
// of lists (the Python layer normalises scalars); unknown keys are an error, so a typo does not
// silently select everything.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "casters.hpp"
#include "dataset_access.hpp"

#include "civica/analysis/aggregate.hpp"
#include "civica/analysis/concentration.hpp"
#include "civica/analysis/councils.hpp"
#include "civica/analysis/distributions.hpp"
#include "civica/analysis/engine.hpp"
#include "civica/core/radix_sort.hpp"
#include "civica/analysis/ranking.hpp"
#include "civica/analysis/rates.hpp"
#include "civica/analysis/indicators.hpp"
#include "civica/analysis/reconcile.hpp"
#include "civica/analysis/registry.hpp"
#include "civica/analysis/series.hpp"
#include "civica/analysis/training.hpp"
#include "civica/analysis/trend.hpp"
#include "civica/error.hpp"
#include "civica/model/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace civica::python {
namespace py = pybind11;
namespace an = civica::analysis;

namespace {

template <class F>
auto run(const dataset& d, F&& f) {
    reading_guard guard(d);
    py::gil_scoped_release nogil;
    return f();
}

std::vector<std::string> strings(const py::dict& f, const char* key) {
    std::vector<std::string> out;
    if (f.contains(key))
        for (auto h : f[key]) out.push_back(py::cast<std::string>(h));
    return out;
}

// Filters arrive as {dimension name: [keys as text]} (civica.analysis normalises aliases and
// scalars); an unknown name is a ValidationError naming the closest dimension.
an::application_filter filter_from(const py::dict& f) {
    an::application_filter out;
    for (auto item : f) {
        const auto name = py::cast<std::string>(item.first);
        const an::dimension d = an::parse_dimension(name);
        std::vector<std::string> keys;
        for (auto h : item.second) keys.push_back(py::str(h).cast<std::string>());
        out.add(d, keys);
    }
    return out;
}

std::vector<an::dimension> dimensions_from(const std::vector<std::string>& names) {
    std::vector<an::dimension> out;
    for (const auto& n : names) out.push_back(an::parse_dimension(n));
    return out;
}

py::dict to_py(const an::estimate& e) {
    py::dict d;
    d["value"] = e.value;
    d["kind"] = std::string(an::to_string(e.kind));
    d["strict"] = e.strict;
    return d;
}

an::estimate estimate_from(double value, const std::string& kind, bool strict) {
    return an::estimate{value, an::parse_estimate_kind(kind), strict};
}

py::dict to_py(const an::proportion& p) {
    py::dict d;
    d["successes"] = p.successes;
    d["trials"] = p.trials;
    d["estimate"] = p.estimate;
    d["lower"] = p.lower;
    d["upper"] = p.upper;
    d["level"] = p.level;
    return d;
}

py::dict to_py(const an::proportion_difference& p) {
    py::dict d;
    d["first"] = to_py(p.first);
    d["second"] = to_py(p.second);
    d["estimate"] = p.estimate;
    d["lower"] = p.lower;
    d["upper"] = p.upper;
    d["level"] = p.level;
    return d;
}

py::dict to_py(const an::yearly_series& s) {
    py::dict d;
    std::vector<int> years;
    std::vector<double> values;
    std::vector<std::string> quals;
    for (const auto& p : s.points()) {
        years.push_back(p.year);
        values.push_back(p.value);
        quals.emplace_back(to_string(p.qual));
    }
    d["name"] = s.name();
    d["unit"] = s.unit();
    d["years"] = years;
    d["values"] = values;
    d["qualifiers"] = quals;
    return d;
}

an::yearly_series series_from(const std::vector<int>& years, const std::vector<double>& values,
                              const std::vector<std::string>& quals) {
    if (years.size() != values.size() || (!quals.empty() && quals.size() != years.size()))
        throw validation_error("a series needs as many years as values (and qualifiers)");
    an::yearly_series s("series");
    for (std::size_t i = 0; i < years.size(); ++i) {
        if (s.contains(years[i])) throw validation_error("year " + std::to_string(years[i]) + " appears twice");
        s.set(years[i], values[i], quals.empty() ? qualifier::exact : parse_qualifier(quals[i]));
    }
    return s;
}

py::dict forecasts_to_py(const std::vector<an::forecast>& fs) {
    std::vector<double> year, mean, lower, upper;
    std::vector<std::string> kind;
    std::vector<bool> strict;
    for (const auto& f : fs) {
        year.push_back(f.year);
        mean.push_back(f.mean);
        lower.push_back(f.lower);
        upper.push_back(f.upper);
        kind.emplace_back(an::to_string(f.kind));
        strict.push_back(f.strict);
    }
    py::dict d;
    d["year"] = year;
    d["mean"] = mean;
    d["lower"] = lower;
    d["upper"] = upper;
    d["kind"] = kind;
    d["strict"] = strict;
    return d;
}


// A numpy array that takes over a vector (no copy; the array owns it).
template <class T>
py::array_t<T> numpy(std::vector<T>&& v) {
    auto* owned = new std::vector<T>(std::move(v));
    py::capsule owner(owned, [](void* x) { delete static_cast<std::vector<T>*>(x); });
    return py::array_t<T>(static_cast<py::ssize_t>(owned->size()), owned->data(), owner);
}
template <class T>
py::array_t<T> numpy_copy(const std::vector<T>& v) {
    return numpy(std::vector<T>(v));
}

// The keys of every dimension of a table as categorical parts: per dimension the codes of the
// groups (numbered over the values that occur, in key order), the keys and the labels of
// those values. Strings are made once per value, never per group.
py::list key_columns(const an::group_table& t) {
    py::list dims;
    for (std::size_t i = 0; i < t.by.size(); ++i) {
        std::vector<std::uint32_t> used_code(t.values(i), std::numeric_limits<std::uint32_t>::max());
        for (auto c : t.code[i]) used_code[c] = 0;
        std::vector<std::string> keys, labels;
        std::uint32_t next = 0;
        for (std::uint32_t c = 0; c < used_code.size(); ++c)
            if (used_code[c] == 0) {
                used_code[c] = next++;
                keys.push_back(t.key_of(i, c));
                labels.push_back(t.label_of(i, c));
            }
        std::vector<std::int32_t> codes(t.size());
        for (std::size_t g = 0; g < t.size(); ++g) codes[g] = static_cast<std::int32_t>(used_code[t.code[i][g]]);
        py::dict d;
        d["name"] = std::string(an::to_string(t.by[i]));
        d["codes"] = numpy(std::move(codes));
        d["keys"] = keys;
        d["labels"] = labels;
        if (t.by[i] == an::dimension::applicant) {
            std::vector<std::string> kinds;
            for (std::uint32_t c = 0; c < used_code.size(); ++c)
                if (used_code[c] != std::numeric_limits<std::uint32_t>::max())
                    kinds.emplace_back(to_string(static_cast<applicant_kind>(t.applicant_kind[c])));
            d["kinds"] = kinds;
        }
        dims.append(d);
    }
    return dims;
}

py::dict totals_of(const an::group_table& t) {
    an::require_requested_money(t, "totals");
    py::dict d;
    d["dimensions"] = key_columns(t);
    d["applications"] = numpy_copy(t.applications);
    std::vector<std::int64_t> decided(t.size()), distinct(t.size()), distinct_w(t.size());
    for (std::size_t g = 0; g < t.size(); ++g) {
        decided[g] = t.decided(g);
        if (t.extras & an::extra::applicants) distinct[g] = static_cast<std::int64_t>(t.distinct_applicants(g));
        if (t.extras & an::extra::winning_applicants) distinct_w[g] = static_cast<std::int64_t>(t.distinct_winners(g));
    }
    d["decided"] = numpy(std::move(decided));
    d["winners"] = numpy_copy(t.status[3]);
    d["rejected"] = numpy_copy(t.status[2]);
    d["withdrawn"] = numpy_copy(t.status[4]);
    if (t.extras & an::extra::applicants) d["applicants"] = numpy(std::move(distinct));
    if (t.extras & an::extra::winning_applicants) d["winning_applicants"] = numpy(std::move(distinct_w));
    d["requested"] = numpy_copy(t.requested_kopecks);
    d["winners_requested"] = numpy_copy(t.winners_requested_kopecks);
    // Whether a group's requested money is known: measure_value's rule (NaN where no
    // application states its request), so that the sums above read <NA> there, not 0.
    std::vector<std::uint8_t> stated(t.size());
    for (std::size_t g = 0; g < t.size(); ++g)
        stated[g] = !std::isnan(an::measure_value(t, g, an::measure::requested));
    d["requested_stated"] = numpy(std::move(stated));
    // Whether what a group's winners requested is known: yes with no winners (nothing), else
    // when one of them states its request.
    std::vector<std::uint8_t> winners_stated(t.size());
    for (std::size_t g = 0; g < t.size(); ++g)
        winners_stated[g] = t.winners(g) == 0 || t.winners_stated_requests[g] > 0;
    d["winners_requested_stated"] = numpy(std::move(winners_stated));
    d["awarded"] = numpy_copy(t.awarded_kopecks);
    // Which sums leave out amounts the data does not state (lower bounds): measure_qualifier's
    // rule, and the same rule for what the winners requested.
    std::vector<std::uint8_t> requested_bound(t.size()), winners_requested_bound(t.size()), awarded_bound(t.size());
    for (std::size_t g = 0; g < t.size(); ++g) {
        requested_bound[g] = an::measure_qualifier(t, g, an::measure::requested) == qualifier::at_least;
        winners_requested_bound[g] =
            an::stated_sum_qualifier(t.winners(g), t.winners_stated_requests[g]) == qualifier::at_least;
        awarded_bound[g] = !(t.extras & an::extra::counts_only) &&
                           an::measure_qualifier(t, g, an::measure::awarded) == qualifier::at_least;
    }
    d["requested_at_least"] = numpy(std::move(requested_bound));
    d["winners_requested_at_least"] = numpy(std::move(winners_requested_bound));
    d["awarded_at_least"] = numpy(std::move(awarded_bound));
    d["first_year"] = numpy_copy(t.first_year);
    d["last_year"] = numpy_copy(t.last_year);
    d["currency"] = t.currency;
    return d;
}

py::dict outcomes_of(const an::group_table& t, double level, int population_year) {
    an::outcome_columns o;
    an::group_table total;
    an::outcome_columns ot;
    {
        o = an::outcome_figures(t, level, population_year);
        total = t.total();
        ot = an::outcome_figures(total, level, population_year);
    }
    py::dict d = totals_of(t);
    auto figures = [](py::dict& x, an::outcome_columns& f) {
        x["success_rate"] = numpy(std::move(f.success_rate));
        x["success_lower"] = numpy(std::move(f.success_lower));
        x["success_upper"] = numpy(std::move(f.success_upper));
        x["awarded_share_of_requested"] = numpy(std::move(f.awarded_share_of_requested));
        x["mean_grant"] = numpy(std::move(f.mean_grant_kopecks));
        x["median_grant"] = numpy(std::move(f.median_grant_kopecks));
        x["population"] = numpy(std::move(f.population));
        x["population_year"] = numpy(std::move(f.population_year));
        x["awarded_per_capita"] = numpy(std::move(f.awarded_per_capita_kopecks));
        x["per_capita"] = f.per_capita;
    };
    figures(d, o);
    py::dict td = totals_of(total);
    figures(td, ot);
    d["total"] = td;
    d["level"] = level;
    return d;
}

py::dict ranking_of(const an::group_table& t, an::measure m, an::rank_method method, bool per_capita,
                    int population_year, bool descending) {
    an::ranking r;
    {
        r = an::rank_by(t, m, method, per_capita, population_year, descending);
    }
    std::vector<std::string> keys, labels, kinds;
    std::vector<double> values, ranks;
    std::vector<std::int64_t> population;
    std::vector<std::int32_t> pop_year;
    std::vector<std::uint8_t> at_least;
    for (const auto& row : r.rows) {
        at_least.push_back(row.qual == qualifier::at_least);
        keys.push_back(row.key);
        kinds.push_back(row.applicant_kind);
        labels.push_back(row.label);
        values.push_back(row.value);
        ranks.push_back(row.rank);
        population.push_back(row.population ? *row.population : -1);
        pop_year.push_back(row.population_year);
    }
    py::dict out;
    out["keys"] = keys;
    out["labels"] = labels;
    out["values"] = numpy(std::move(values));
    out["ranks"] = numpy(std::move(ranks));
    out["population"] = numpy(std::move(population));
    out["population_year"] = numpy(std::move(pop_year));
    out["at_least"] = numpy(std::move(at_least));
    out["margin"] = r.margin();
    std::vector<std::string> leaders, leader_kinds;
    for (const auto* l : r.leaders()) {
        leaders.push_back(l->key);
        leader_kinds.push_back(l->applicant_kind);
    }
    out["leaders"] = leaders;
    if (r.entity == an::dimension::applicant) {
        // An organisation and a person may share an id: each row's and each leader's kind.
        out["kinds"] = kinds;
        out["leader_kinds"] = leader_kinds;
    }
    out["unit"] = an::measure_unit(m, t.currency);
    out["currency"] = t.currency;
    return out;
}

py::dict concentration_of(const an::group_table& t, const std::vector<std::size_t>& top_k) {
    an::concentration_columns c;
    an::recipient_amounts amounts;
    {
        c = an::concentration_figures(t, top_k);
        if (t.by.empty()) {
            // Each recipient's money, largest first (values only: ranking(…, "applicant") names them).
            amounts.kopecks.assign(c.amounts.rbegin(), c.amounts.rend());
        }
    }
    py::dict d;
    d["dimensions"] = key_columns(t);
    d["recipients"] = numpy(std::move(c.recipients));
    d["awarded"] = numpy(std::move(c.awarded_kopecks));
    d["hhi"] = numpy(std::move(c.hhi));
    d["gini"] = numpy(std::move(c.gini));
    d["top_k"] = c.top_k;
    py::list shares;
    for (auto& s : c.top_shares) shares.append(numpy(std::move(s)));
    d["top_shares"] = shares;
    d["amounts"] = numpy(std::move(amounts.kopecks));
    d["currency"] = t.currency;
    return d;
}

py::dict winners_of(const an::group_table& t, const dataset* source) {
    an::winner_dynamics w;
    {
        w = an::winners_over_time(t, source);
    }
    std::vector<std::int32_t> years;
    std::vector<std::int64_t> winners, winning, first, returning, awarded;
    for (const auto& y : w.years) {
        years.push_back(y.year);
        winners.push_back(y.winners);
        winning.push_back(y.winning_applicants);
        first.push_back(y.first_time);
        returning.push_back(y.returning);
        awarded.push_back(y.awarded_kopecks);
    }
    py::dict out;
    out["year"] = numpy(std::move(years));
    out["winners"] = numpy(std::move(winners));
    out["winning_applicants"] = numpy(std::move(winning));
    out["first_time"] = numpy(std::move(first));
    out["returning"] = numpy(std::move(returning));
    out["awarded"] = numpy(std::move(awarded));
    out["distinct_winning_applicants"] = w.winning_applicants;
    out["repeat_winners"] = w.repeat_winners;
    std::vector<std::string> kinds;
    for (auto k : w.repeat_winner_kinds) kinds.emplace_back(to_string(k));
    out["repeat_winner_kinds"] = kinds;
    out["currency"] = w.currency;
    return out;
}

// ---- pickling of group tables: a tuple of plain values led by a format version; check()
// runs on every table unpickled.
constexpr int table_pickle_version = 1;

template <class T>
py::bytes raw(const std::vector<T>& v) {
    return py::bytes(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}
template <class T>
std::vector<T> unraw(const py::handle& h) {
    const std::string b = py::cast<std::string>(py::bytes(py::reinterpret_borrow<py::object>(h)));
    if (b.size() % sizeof(T) != 0) throw validation_error("cannot unpickle a GroupTable: a column of the wrong size");
    std::vector<T> v(b.size() / sizeof(T));
    if (!v.empty()) std::memcpy(v.data(), b.data(), b.size());
    return v;
}

py::tuple table_state(const an::group_table& t) {
    std::vector<std::string> by;
    for (auto d : t.by) by.emplace_back(an::to_string(d));
    py::list dicts, codes, status;
    for (std::size_t i = 0; i < t.by.size(); ++i) {
        py::list pop;
        for (const auto& p : t.dictionaries[i].population) pop.append(py::cast(p));
        dicts.append(py::make_tuple(t.dictionaries[i].keys, t.dictionaries[i].labels, pop));
        codes.append(raw(t.code[i]));
    }
    for (const auto& s : t.status) status.append(raw(s));
    return py::make_tuple(
        table_pickle_version, by, t.extras, t.currency, dicts, codes, raw(t.applications), status,
        py::make_tuple(raw(t.requested_kopecks), raw(t.winners_requested_kopecks), raw(t.awarded_kopecks),
                       raw(t.cofunding_kopecks), raw(t.first_year), raw(t.last_year),
                       raw(t.paired_awarded_kopecks), raw(t.paired_requested_kopecks), raw(t.stated_requests),
                       raw(t.winners_stated_requests), raw(t.winners_stated_awards)),
        py::make_tuple(raw(t.applicant_kind), t.applicant_id, t.applicant_label),
        py::make_tuple(raw(t.applicant_offsets), raw(t.applicant_codes), raw(t.winner_offsets), raw(t.winner_codes),
                       raw(t.award_offsets), raw(t.award_values), raw(t.recipient_offsets), raw(t.recipient_codes),
                       raw(t.recipient_kopecks)),
        t.scope, py::cast(t.scope_population));
}

an::group_table table_from_state(const py::tuple& s) {
    if (s.size() != 13 || !py::isinstance<py::int_>(s[0]) || s[0].cast<int>() != table_pickle_version)
        throw civica::error("cannot unpickle a GroupTable: unknown pickle format (this civica reads version " +
                            std::to_string(table_pickle_version) + ")");
    an::group_table t;
    for (const auto& n : s[1].cast<std::vector<std::string>>()) t.by.push_back(an::parse_dimension(n));
    t.extras = s[2].cast<unsigned>();
    t.currency = s[3].cast<std::string>();
    for (auto h : s[4].cast<py::list>()) {
        auto x = h.cast<py::tuple>();
        an::group_table::dictionary d;
        d.keys = x[0].cast<std::vector<std::string>>();
        d.labels = x[1].cast<std::vector<std::string>>();
        for (auto p : x[2].cast<py::list>()) d.population.push_back(p.cast<an::population_series>());
        t.dictionaries.push_back(std::move(d));
    }
    for (auto h : s[5].cast<py::list>()) t.code.push_back(unraw<std::uint32_t>(h));
    t.applications = unraw<std::int64_t>(s[6]);
    {
        auto st = s[7].cast<py::list>();
        if (st.size() != 5) throw validation_error("cannot unpickle a GroupTable: five status columns expected");
        for (std::size_t i = 0; i < 5; ++i) t.status[i] = unraw<std::int64_t>(st[i]);
    }
    auto sums = s[8].cast<py::tuple>();
    t.requested_kopecks = unraw<std::int64_t>(sums[0]);
    t.winners_requested_kopecks = unraw<std::int64_t>(sums[1]);
    t.awarded_kopecks = unraw<std::int64_t>(sums[2]);
    t.cofunding_kopecks = unraw<std::int64_t>(sums[3]);
    t.first_year = unraw<std::int32_t>(sums[4]);
    t.last_year = unraw<std::int32_t>(sums[5]);
    // Tables pickled before unstated requests existed have six sums: every winner's award was
    // set against its request (when the table gathered requests at all). Those pickled before
    // the winners' stated requests were counted have nine; before their stated awards, ten.
    if (sums.size() == 11) {
        t.winners_stated_awards = unraw<std::int64_t>(sums[10]);
    } else {
        // Not counted: every winner's award is taken as stated, as the civica that pickled the
        // table took it.
        t.winners_stated_awards = t.status[3];
    }
    if (sums.size() > 6) {
        if (sums.size() != 9 && sums.size() != 10 && sums.size() != 11)
            throw validation_error("cannot unpickle a GroupTable: six, nine, ten or eleven sums expected");
        t.paired_awarded_kopecks = unraw<std::int64_t>(sums[6]);
        t.paired_requested_kopecks = unraw<std::int64_t>(sums[7]);
        t.stated_requests = unraw<std::int64_t>(sums[8]);
        if (sums.size() >= 10) {
            t.winners_stated_requests = unraw<std::int64_t>(sums[9]);
        } else {
            // Not counted: the winners' requests are taken as known where any request is
            // stated, as the civica that pickled the table took them.
            t.winners_stated_requests.resize(t.stated_requests.size());
            for (std::size_t g = 0; g < t.stated_requests.size() && g < t.status[3].size(); ++g)
                t.winners_stated_requests[g] = std::min(t.stated_requests[g], t.status[3][g]);
        }
    } else if (t.extras & an::extra::awarded_money_only) {
        for (auto* v : {&t.paired_awarded_kopecks, &t.paired_requested_kopecks, &t.stated_requests,
                        &t.winners_stated_requests})
            v->assign(t.awarded_kopecks.size(), 0);
    } else {
        t.paired_awarded_kopecks = t.awarded_kopecks;
        t.paired_requested_kopecks = t.winners_requested_kopecks;
        t.stated_requests = t.applications;
        t.winners_stated_requests = t.status[3];
    }
    auto app = s[9].cast<py::tuple>();
    t.applicant_kind = unraw<std::uint8_t>(app[0]);
    t.applicant_id = app[1].cast<std::vector<std::string>>();
    t.applicant_label = app[2].cast<std::vector<std::string>>();
    auto lists = s[10].cast<py::tuple>();
    t.applicant_offsets = unraw<std::uint64_t>(lists[0]);
    t.applicant_codes = unraw<std::uint32_t>(lists[1]);
    t.winner_offsets = unraw<std::uint64_t>(lists[2]);
    t.winner_codes = unraw<std::uint32_t>(lists[3]);
    t.award_offsets = unraw<std::uint64_t>(lists[4]);
    t.award_values = unraw<std::int64_t>(lists[5]);
    t.recipient_offsets = unraw<std::uint64_t>(lists[6]);
    t.recipient_codes = unraw<std::uint32_t>(lists[7]);
    t.recipient_kopecks = unraw<std::int64_t>(lists[8]);
    t.scope = s[11].cast<std::string>();
    t.scope_population = s[12].cast<an::population_series>();
    t.check();
    return t;
}

// The group table of one statistic's query over a dataset (GIL released).
an::group_table table_of(const dataset& d, an::group_query q, bool mergeable, std::size_t first_row,
                         std::size_t last_row) {
    if (mergeable) q.extras |= an::extra::applicant_ids;
    // Grouped by applicant, every statistic names each one as the ranking does (its name, not its id).
    if (std::find(q.by.begin(), q.by.end(), an::dimension::applicant) != q.by.end())
        q.extras |= an::extra::applicant_labels;
    // A query that passes no row (a status filter without the winners, to a statistic of the
    // winners) passes none of these either.
    const bool none = q.last_row <= q.first_row;
    q.first_row = first_row;
    q.last_row = none ? first_row : last_row;
    return run(d, [&] { return an::aggregate_applications(d, q); });
}

// A count of the largest recipients (top_share's k): a negative one is a validation_error, not
// pybind11's failed cast.
std::size_t count_k(std::int64_t k) {
    if (k < 0) throw civica::validation_error("top_share: k is " + std::to_string(k) + "; it counts the largest values, 0 or more");
    return static_cast<std::size_t>(k);
}
std::vector<std::size_t> sizes(const py::object& o) {
    std::vector<std::size_t> out;
    for (std::int64_t k : o.cast<std::vector<std::int64_t>>()) out.push_back(count_k(k));
    return out;
}

}  // namespace

void register_analysis(py::module_& m) {
    py::module_ a = m.def_submodule("analysis", "Analyses of datasets (civica.analysis wraps these).");

    // The one "did you mean" rule (text::closest_name), for the Python layer's messages.
    a.def(
        "closest_name",
        [](const std::string& s, const std::vector<std::string>& names) {
            const std::vector<std::string_view> views(names.begin(), names.end());
            return an::closest_name(s, views);
        },
        py::arg("s"), py::arg("names"));
    // The one rule of a filter's key against a dataset (analysis::known_filter_key).
    a.def(
        "known_filter_key",
        [](const dataset& d, const std::string& dimension, const std::string& key) {
            const an::dimension dim = an::parse_dimension(dimension);
            return run(d, [&] { return an::known_filter_key(d, dim, key); });
        },
        py::arg("dataset"), py::arg("dimension"), py::arg("key"));
    a.def(
        "require_one_applicant",
        [](const dataset& d, const std::string& key, const std::optional<std::string>& kind) {
            std::optional<applicant_kind> k;
            if (kind) k = parse_applicant_kind(*kind);
            run(d, [&] {
                an::require_one_applicant(d, key, k);
                return 0;
            });
        },
        py::arg("dataset"), py::arg("key"), py::arg("kind") = py::none());

    // ---- distributions
    a.def("student_t_quantile", &an::student_t_quantile, py::arg("p"), py::arg("dof"));
    a.def("student_t_cdf", &an::student_t_cdf, py::arg("t"), py::arg("dof"));
    a.def("normal_quantile", &an::normal_quantile, py::arg("p"));
    a.def("incomplete_beta", &an::incomplete_beta, py::arg("x"), py::arg("a"), py::arg("b"));

    // ---- growth
    a.def("cagr", py::overload_cast<double, double, double>(&an::cagr), py::arg("first"), py::arg("last"),
          py::arg("years"));
    a.def(
        "cagr_estimate",
        [](double first, const std::string& first_kind, bool first_strict, double last, const std::string& last_kind,
           bool last_strict, double years) {
            return to_py(an::cagr(estimate_from(first, first_kind, first_strict),
                                  estimate_from(last, last_kind, last_strict), years));
        },
        py::arg("first"), py::arg("first_kind"), py::arg("first_strict"), py::arg("last"), py::arg("last_kind"),
        py::arg("last_strict"), py::arg("years"));
    a.def(
        "from_qualifier", [](double value, const std::string& q) { return to_py(an::from_qualifier(value, parse_qualifier(q))); },
        py::arg("value"), py::arg("qualifier"));
    a.def(
        "year_on_year",
        [](const std::vector<int>& years, const std::vector<double>& values, const std::vector<std::string>& quals) {
            py::list out;
            for (const auto& c : an::year_on_year(series_from(years, values, quals))) {
                py::dict d;
                d["from_year"] = c.from_year;
                d["to_year"] = c.to_year;
                d["years"] = c.years;
                d["from"] = to_py(c.from);
                d["to"] = to_py(c.to);
                d["absolute"] = to_py(c.absolute);
                d["relative"] = to_py(c.relative);
                out.append(d);
            }
            return out;
        },
        py::arg("years"), py::arg("values"), py::arg("qualifiers"));
    a.def(
        "growth",
        [](const std::vector<int>& years, const std::vector<double>& values, const std::vector<std::string>& quals,
           int from_year, int to_year) {
            const auto g = an::cagr(series_from(years, values, quals), from_year, to_year);
            py::dict d;
            d["from_year"] = g.from_year;
            d["to_year"] = g.to_year;
            d["years"] = g.years;
            d["first"] = to_py(g.first);
            d["last"] = to_py(g.last);
            d["rate"] = to_py(g.rate);
            return d;
        },
        py::arg("years"), py::arg("values"), py::arg("qualifiers"), py::arg("from_year"), py::arg("to_year"));

    // ---- trends
    py::class_<an::trend_fit>(a, "TrendFit", "A least-squares trend (use civica.analysis.fit_trend).")
        .def_property_readonly("model", [](const an::trend_fit& f) { return std::string(an::to_string(f.model())); })
        .def_property_readonly("intercept", &an::trend_fit::intercept)
        .def_property_readonly("slope", &an::trend_fit::slope)
        .def_property_readonly("intercept_stderr", &an::trend_fit::intercept_stderr)
        .def_property_readonly("slope_stderr", &an::trend_fit::slope_stderr)
        .def_property_readonly("covariance", &an::trend_fit::covariance)
        .def_property_readonly("r2", &an::trend_fit::r2)
        .def_property_readonly("residual_stderr", &an::trend_fit::residual_stderr)
        .def_property_readonly("n", &an::trend_fit::n)
        .def_property_readonly("dof", &an::trend_fit::dof)
        .def_property_readonly("annual_growth", &an::trend_fit::annual_growth)
        .def_property_readonly("slope_estimate", [](const an::trend_fit& f) { return to_py(f.slope_estimate()); })
        .def_property_readonly("intercept_estimate", [](const an::trend_fit& f) { return to_py(f.intercept_estimate()); })
        .def_property_readonly("years", &an::trend_fit::years)
        .def_property_readonly("values", &an::trend_fit::values)
        .def(
            "predict",
            [](const an::trend_fit& f, const std::vector<double>& years, double level, const std::string& interval) {
                an::interval_kind k;
                if (interval == "prediction") k = an::interval_kind::prediction;
                else if (interval == "confidence") k = an::interval_kind::confidence;
                else throw validation_error("interval \"" + interval + "\" is not prediction or confidence");
                return forecasts_to_py(f.predict(years, level, k));
            },
            py::arg("years"), py::arg("level") = 0.95, py::arg("interval") = "prediction");
    a.def(
        "fit_trend",
        [](const std::vector<double>& years, const std::vector<double>& values, const std::string& model,
           const std::vector<std::string>& quals) {
            std::vector<an::estimate> in;
            for (std::size_t i = 0; i < quals.size(); ++i)
                in.push_back(an::from_qualifier(i < values.size() ? values[i] : 0, parse_qualifier(quals[i])));
            return an::fit_trend(years, values, an::parse_trend_model(model), in);
        },
        py::arg("years"), py::arg("values"), py::arg("model") = "linear", py::arg("qualifiers") = std::vector<std::string>{});

    // ---- proportions, concentration, ranks
    a.def(
        "wilson_interval", [](std::int64_t k, std::int64_t n, double level) { return to_py(an::wilson_interval(k, n, level)); },
        py::arg("successes"), py::arg("trials"), py::arg("level") = 0.95);
    a.def(
        "difference_of_proportions",
        [](std::int64_t k1, std::int64_t n1, std::int64_t k2, std::int64_t n2, double level) {
            return to_py(an::difference_of_proportions(k1, n1, k2, n2, level));
        },
        py::arg("successes1"), py::arg("trials1"), py::arg("successes2"), py::arg("trials2"), py::arg("level") = 0.95);
    a.def("hhi", [](const std::vector<double>& v) { return an::hhi(v); }, py::arg("values"));
    a.def("gini", [](const std::vector<double>& v) { return an::gini(v); }, py::arg("values"));
    a.def("top_share", [](const std::vector<double>& v, std::int64_t k) { return an::top_share(v, count_k(k)); }, py::arg("values"),
          py::arg("k"));
    a.def(
        "lorenz_curve",
        [](const std::vector<double>& v) {
            std::vector<double> p, s;
            for (const auto& pt : an::lorenz_curve(v)) {
                p.push_back(pt.population_share);
                s.push_back(pt.value_share);
            }
            return py::make_tuple(p, s);
        },
        py::arg("values"));
    a.def(
        "rank",
        [](const std::vector<double>& v, const std::string& method, bool descending) {
            return an::rank(v, an::parse_rank_method(method), descending);
        },
        py::arg("values"), py::arg("method") = "min", py::arg("descending") = true);

    // ---- dataset analyses
    a.def(
        "series_from_indicators",
        [](const dataset& d, const std::string& key, const std::string& territory, const std::string& breakdown) {
            return to_py(run(d, [&] { return an::series_from_indicators(d, key, territory, breakdown); }));
        },
        py::arg("dataset"), py::arg("key"), py::arg("territory") = "", py::arg("breakdown") = "");
    a.def(
        "application_series",
        [](const dataset& d, const std::string& measure, const py::dict& filter) {
            const auto f = filter_from(filter);
            const auto m = an::parse_measure(measure);
            return to_py(run(d, [&] { return an::application_series(d, m, f); }));
        },
        py::arg("dataset"), py::arg("measure"), py::arg("filter"));
    a.def(
        "application_series_by",
        [](const dataset& d, const std::string& measure, const std::string& by, const py::dict& filter) {
            const auto f = filter_from(filter);
            const auto m = an::parse_measure(measure);
            const auto dim = an::parse_dimension(by);
            const auto r = run(d, [&] { return an::application_series_by(d, m, dim, f); });
            py::list out;
            for (const auto& s : r) {
                py::dict x = to_py(s.series);
                x["key"] = s.key;
                x["label"] = s.label;
                out.append(x);
            }
            return out;
        },
        py::arg("dataset"), py::arg("measure"), py::arg("by"), py::arg("filter"));
    // ---- the engine: group tables (mergeable partial results) and the statistics over them
    py::class_<an::group_table>(a, "GroupTable",
                                "The analysis engine's groups of applications (civica::analysis::group_table):\n"
                                "totals by column, and the lists distinct counts, medians and concentration need.\n"
                                "merge() adds another table exactly (distinct applicants united by id); picklable.")
        .def(py::init<>())
        .def(
            "merge",
            [](an::group_table& self, const an::group_table& other) { self.merge(other); },
            py::arg("other"))
        .def_property_readonly("by",
                               [](const an::group_table& t) {
                                   std::vector<std::string> out;
                                   for (auto d : t.by) out.emplace_back(an::to_string(d));
                                   return out;
                               })
        .def_readonly("currency", &an::group_table::currency)
        .def_property_readonly("applications",
                               [](const an::group_table& t) {
                                   std::int64_t n = 0;
                                   for (auto x : t.applications) n += x;
                                   return n;
                               })
        .def("__len__", &an::group_table::size)
        .def("__repr__",
             [](const an::group_table& t) {
                 std::string by;
                 for (auto d : t.by) by += (by.empty() ? "" : ", ") + std::string(an::to_string(d));
                 return "GroupTable(by=[" + by + "], groups=" + std::to_string(t.size()) +
                        ", applicants=" + std::to_string(t.applicant_kind.size()) + ")";
             })
        .def(py::pickle(&table_state, &table_from_state));

    // Tables of each statistic's query. `mergeable` keeps the applicants' ids (civica.dask).
    a.def(
        "outcome_table",
        [](const dataset& d, const std::vector<std::string>& by, const py::dict& filter, bool mergeable,
           std::size_t first_row, std::size_t last_row) {
            return table_of(d, an::outcome_query(dimensions_from(by), filter_from(filter)), mergeable, first_row, last_row);
        },
        py::arg("dataset"), py::arg("by"), py::arg("filter"), py::arg("mergeable") = false, py::arg("first_row") = 0,
        py::arg("last_row") = std::numeric_limits<std::size_t>::max());
    a.def(
        "ranking_table",
        [](const dataset& d, const std::string& entity, const std::string& measure, const py::dict& filter,
           bool mergeable) {
            return table_of(d, an::ranking_query(an::parse_dimension(entity), an::parse_measure(measure), filter_from(filter)),
                            mergeable, 0, std::numeric_limits<std::size_t>::max());
        },
        py::arg("dataset"), py::arg("entity"), py::arg("measure"), py::arg("filter"), py::arg("mergeable") = false);
    a.def(
        "concentration_table",
        [](const dataset& d, const std::vector<std::string>& by, const py::dict& filter, bool mergeable) {
            return table_of(d, an::concentration_query(dimensions_from(by), filter_from(filter)), mergeable, 0,
                            std::numeric_limits<std::size_t>::max());
        },
        py::arg("dataset"), py::arg("by"), py::arg("filter"), py::arg("mergeable") = false);
    a.def(
        "winners_table",
        [](const dataset& d, const py::dict& filter, bool mergeable) {
            return table_of(d, an::winners_query(filter_from(filter), mergeable), mergeable, 0, std::numeric_limits<std::size_t>::max());
        },
        py::arg("dataset"), py::arg("filter"), py::arg("mergeable") = false);
    a.def(
        "series_table",
        [](const dataset& d, const std::string& measure, const std::vector<std::string>& by, const py::dict& filter,
           bool mergeable) {
            return table_of(d, an::measure_query(an::parse_measure(measure), dimensions_from(by), filter_from(filter)),
                            mergeable, 0, std::numeric_limits<std::size_t>::max());
        },
        py::arg("dataset"), py::arg("measure"), py::arg("by"), py::arg("filter"), py::arg("mergeable") = false);

    a.def("totals", &totals_of, py::arg("table"));
    a.def("outcomes", &outcomes_of, py::arg("table"), py::arg("level") = 0.95, py::arg("population_year") = 0);
    a.def(
        "ranking",
        [](const an::group_table& t, const std::string& measure, const std::string& method, bool per_capita,
           int population_year, bool descending) {
            return ranking_of(t, an::parse_measure(measure), an::parse_rank_method(method), per_capita, population_year,
                              descending);
        },
        py::arg("table"), py::arg("measure"), py::arg("method") = "min", py::arg("per_capita") = false,
        py::arg("population_year") = 0, py::arg("descending") = true);
    a.def("concentration", [](const an::group_table& t, const py::object& k) { return concentration_of(t, sizes(k)); },
          py::arg("table"), py::arg("top_k"));
    a.def(
        "winners_over_time",
        [](const an::group_table& t, const py::object& source) {
            // The dataset the table was made from names the repeat winners when the table
            // carries no ids (a table made for one process, not for merging).
            if (source.is_none()) return winners_of(t, nullptr);
            const auto& d = source.cast<const dataset&>();
            reading_guard guard(d);
            return winners_of(t, &d);
        },
        py::arg("table"), py::arg("source") = py::none());
    a.def(
        "series",
        [](const an::group_table& t, const std::string& measure) {
            // One value per group of a table by year (or by a dimension and year).
            const auto m = an::parse_measure(measure);
            // Which values are lower bounds (measure_qualifier), as ranking_of gives them.
            std::vector<double> v(t.size());
            std::vector<std::uint8_t> at_least(t.size());
            for (std::size_t g = 0; g < t.size(); ++g) {
                v[g] = an::measure_value(t, g, m);
                at_least[g] = an::measure_qualifier(t, g, m) == qualifier::at_least;
            }
            py::dict d;
            d["dimensions"] = key_columns(t);
            d["values"] = numpy(std::move(v));
            d["at_least"] = numpy(std::move(at_least));
            d["unit"] = an::measure_unit(m, t.currency);
            d["currency"] = t.currency;
            return d;
        },
        py::arg("table"), py::arg("measure"));
    a.def(
        "council_activity",
        [](const dataset& d, int year, const std::string& territory) {
            const auto s = run(d, [&] { return an::council_activity(d, year, territory); });
            py::list bodies;
            for (const auto& b : s.bodies) {
                py::dict x;
                x["id"] = b.id;
                x["name"] = b.name;
                x["kind"] = std::string(to_string(b.kind));
                x["meetings"] = b.meetings;
                x["agenda_questions"] = b.agenda_questions;
                x["questions_per_meeting"] = b.questions_per_meeting;
                x["topics"] = b.topics;
                x["meetings_by_month"] = b.meetings_by_month;
                x["terms_started"] = b.terms_started;
                bodies.append(x);
            }
            py::dict out;
            out["year"] = s.year;
            out["territory"] = s.territory;
            out["bodies"] = bodies;
            out["public_councils"] = s.public_councils;
            out["public_chambers"] = s.public_chambers;
            out["other_bodies"] = s.other_bodies;
            out["collegial_bodies"] = s.collegial_bodies;
            out["meetings"] = s.meetings;
            out["agenda_questions"] = s.agenda_questions;
            out["questions_per_meeting"] = s.questions_per_meeting;
            out["topics"] = s.topics;
            out["meetings_by_month"] = s.meetings_by_month;
            out["questions_by_topic"] = s.questions_by_topic;
            out["other_meetings"] = s.other_meetings;
            out["other_agenda_questions"] = s.other_agenda_questions;
            out["bodies_without_meetings"] = s.bodies_without_meetings;
            out["renewed_bodies"] = s.renewed_bodies;
            return out;
        },
        py::arg("dataset"), py::arg("year"), py::arg("territory") = "");
    a.def(
        "ngo_registry",
        [](const dataset& d, int year, const std::string& territory) {
            const auto r = run(d, [&] { return an::ngo_registry(d, year, territory); });
            auto counts = [](const std::vector<an::count_row>& rows) {
                py::list l;
                for (const auto& c : rows) l.append(py::make_tuple(c.key, c.label, c.count));
                return l;
            };
            py::dict out;
            out["year"] = r.year;
            out["territory"] = r.territory;
            out["organizations"] = r.organizations;
            out["unknown_registration"] = r.unknown_registration;
            out["socially_oriented"] = r.socially_oriented;
            out["public_associations"] = r.public_associations;
            out["tos"] = r.tos;
            out["volunteer_associations"] = r.volunteer_associations;
            out["socially_oriented_share"] = r.socially_oriented_share;
            out["by_legal_form"] = counts(r.by_legal_form);
            out["by_sphere"] = counts(r.by_sphere);
            out["by_municipality"] = counts(r.by_municipality);
            out["registrations_by_year"] = r.registrations_by_year;
            return out;
        },
        py::arg("dataset"), py::arg("year"), py::arg("territory") = "");
    a.def(
        "training_activity",
        [](const dataset& d, int year, const std::string& territory, double level) {
            const auto t = run(d, [&] { return an::training_activity(d, year, territory, level); });
            py::list courses;
            for (const auto& c : t.courses) {
                py::dict x;
                x["id"] = c.id;
                x["title"] = c.title;
                x["format"] = std::string(to_string(c.format));
                x["start"] = c.start;
                x["end"] = c.end;
                x["enrolments"] = c.enrolments;
                x["organizations"] = c.organizations;
                x["persons"] = c.persons;
                x["participants"] = c.participants;
                x["completed_enrolments"] = c.completed_enrolments;
                x["completed_participants"] = c.completed_participants;
                courses.append(x);
            }
            py::dict out;
            out["year"] = t.year;
            out["territory"] = t.territory;
            out["courses"] = courses;
            out["participants"] = t.participants;
            out["participants_per_course"] = t.participants_per_course;
            out["courses_attended"] = t.courses_attended;
            out["ngos_enrolled"] = t.ngos_enrolled;
            out["ngos_trained"] = t.ngos_trained;
            out["persons_trained"] = t.persons_trained;
            out["registry_size"] = t.registry_size;
            out["registry_reached"] = to_py(t.registry_reached);
            return out;
        },
        py::arg("dataset"), py::arg("year"), py::arg("territory") = "", py::arg("level") = 0.95);
    a.def(
        "support_activity",
        [](const dataset& d, int year, const std::string& territory) {
            const auto s = run(d, [&] { return an::support_activity(d, year, territory); });
            py::dict out;
            out["year"] = s.year;
            out["territory"] = s.territory;
            out["services"] = s.services;
            out["by_kind_and_recipient"] = s.by_kind_and_recipient;
            out["by_month"] = s.by_month;
            out["organizations_served"] = s.organizations_served;
            out["persons_served"] = s.persons_served;
            std::vector<std::string> kinds;
            for (int k = 0; k <= static_cast<int>(support_kind::other); ++k)
                kinds.emplace_back(to_string(static_cast<support_kind>(k)));
            out["kinds"] = kinds;
            return out;
        },
        py::arg("dataset"), py::arg("year"), py::arg("territory") = "");
    a.def(
        "monitoring_activity",
        [](const dataset& d, int year, const std::string& territory, double level) {
            const auto s = run(d, [&] { return an::monitoring_activity(d, year, territory, level); });
            py::dict out;
            out["year"] = s.year;
            out["territory"] = s.territory;
            out["records"] = s.records;
            out["projects"] = s.projects;
            py::list by;
            for (const auto& c : s.by_status) by.append(py::make_tuple(c.key, c.count));
            out["by_status"] = by;
            out["completed"] = to_py(s.completed);
            out["scored_projects"] = s.scored_projects;
            out["mean_score"] = s.mean_score;
            out["median_score"] = s.median_score;
            out["min_score"] = s.min_score;
            out["max_score"] = s.max_score;
            return out;
        },
        py::arg("dataset"), py::arg("year") = 0, py::arg("territory") = "", py::arg("level") = 0.95);
    a.def(
        "training_funnel",
        [](const dataset& d, const py::dict& filter, const std::string& territory, double level) {
            const auto f = filter_from(filter);
            const auto r = run(d, [&] { return an::training_funnel(d, f, territory, level); });
            auto group = [](const an::funnel_group& g) {
                py::dict x;
                x["organizations"] = g.organizations;
                x["applied"] = g.applied;
                x["winning_organizations"] = g.winning_organizations;
                x["applications"] = g.applications;
                x["decided"] = g.decided;
                x["wins"] = g.wins;
                x["applied_share"] = to_py(g.applied_share);
                x["winning_share"] = to_py(g.winning_share);
                x["success"] = to_py(g.success);
                return x;
            };
            py::dict out;
            out["territory"] = r.territory;
            out["window_start"] = r.window_start;
            out["trained"] = group(r.trained);
            out["untrained"] = group(r.untrained);
            out["excluded"] = r.excluded;
            out["success_difference"] = to_py(r.success_difference);
            out["applied_difference"] = to_py(r.applied_difference);
            out["winning_difference"] = to_py(r.winning_difference);
            out["note"] = r.note;
            return out;
        },
        py::arg("dataset"), py::arg("filter"), py::arg("territory") = "", py::arg("level") = 0.95);
    a.def(
        "indicator_definitions",
        [] {
            py::list out;
            for (const auto& d : an::indicator_definitions()) {
                py::list kinds;
                for (const auto k : d.programme_kinds) kinds.append(std::string(to_string(k)));
                out.append(py::make_tuple(std::string(d.key), std::string(d.unit), std::string(d.counted),
                                          std::string(d.computable), kinds, d.published));
            }
            return out;
        },
        "Every indicator civica computes: (key, unit, counted, computable, programme kinds, published).");
    a.def(
        "compute_indicator",
        [](const dataset& d, const std::string& key, int year, const std::string& territory,
           const std::string& breakdown) -> py::object {
            // Asked by name, a misspelt key or territory is an error, not "no value".
            (void)an::require_definition(key);
            if (!territory.empty()) (void)d.require_territory(territory);
            const auto c = run(d, [&] { return an::compute_indicator(d, key, year, territory, breakdown); });
            if (!c) return py::none();
            py::dict out;
            out["value"] = c->amount ? money_to_py(*c->amount) : figure_value_to_py(c->value, c->unit);
            out["unit"] = c->unit;
            out["basis"] = c->basis;
            out["table"] = c->table;
            out["rows"] = c->rows;
            out["programmes"] = c->programmes;
            return out;
        },
        py::arg("dataset"), py::arg("key"), py::arg("year"), py::arg("territory") = "", py::arg("breakdown") = "");
    a.def(
        "reconcile",
        [](const dataset& records, const dataset& published) {
            reading_guard g1(records);
            reading_guard g2(published);
            an::reconciliation r;
            {
                py::gil_scoped_release nogil;
                r = an::reconcile(records, published);
            }
            py::list items;
            for (const auto& i : r.items) {
                py::dict x;
                x["key"] = i.key;
                x["year"] = i.year;
                x["territory"] = i.territory;
                x["breakdown"] = i.breakdown;
                x["unit"] = i.unit;
                x["published"] = i.published;
                x["qualifier"] = std::string(to_string(i.published_qualifier));
                x["computed"] = i.computed ? py::object(py::float_(*i.computed)) : py::object(py::none());
                x["verdict"] = std::string(an::to_string(i.result));
                x["rule"] = i.rule;
                x["basis"] = i.basis;
                items.append(x);
            }
            return items;
        },
        py::arg("records"), py::arg("published"));
}

}  // namespace civica::python
