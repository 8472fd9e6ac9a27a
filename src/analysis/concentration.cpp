#include "civica/analysis/concentration.hpp"

#include "applicant_order.hpp"

#include "civica/core/radix_sort.hpp"
#include "civica/error.hpp"
#include "civica/model/dataset.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

namespace civica::analysis {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Checks the values and returns their sum in long double (so that shares of many small
// amounts keep their digits).
long double checked_total(std::span<const double> values, const char* what) {
    long double total = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!(values[i] >= 0) || std::isinf(values[i]))
            throw validation_error(std::string(what) + ": value " + std::to_string(i) + " is " +
                                   text::number_in_message(values[i]) + "; amounts must be finite non-negative numbers");
        total += values[i];
    }
    return total;
}
}  // namespace

double hhi(std::span<const double> values) {
    const long double total = checked_total(values, "hhi");
    if (values.empty() || total == 0) return nan;
    long double h = 0;
    for (double v : values) {
        const long double s = v / total;
        h += s * s;
    }
    return static_cast<double>(h);
}

double gini(std::span<const double> values) {
    const long double total = checked_total(values, "gini");
    if (values.empty() || total == 0) return nan;
    // Values already in ascending order (as the ФПГ panel passes them) are used as they are.
    std::vector<double> copy;
    std::span<const double> x = values;
    if (!std::is_sorted(values.begin(), values.end())) {
        copy.assign(values.begin(), values.end());
        std::sort(copy.begin(), copy.end());
        x = copy;
    }
    if (x.front() == x.back()) return 0.0;  // all equal, without rounding noise
    // Σᵢ Σⱼ |xᵢ − xⱼ| = 2 Σᵢ (2i − n − 1) x₍ᵢ₎ for the sorted values (i = 1 … n).
    const auto n = static_cast<long double>(x.size());
    long double s = 0;
    for (std::size_t i = 0; i < x.size(); ++i) s += (2.0L * static_cast<long double>(i + 1) - n - 1) * x[i];
    return static_cast<double>(s / (n * total));
}

double top_share(std::span<const double> values, std::size_t k) {
    const long double total = checked_total(values, "top_share");
    if (values.empty() || total == 0) return nan;
    if (k >= values.size()) return 1.0;
    if (std::is_sorted(values.begin(), values.end())) {
        // Values in ascending order (as the engine passes them): the k largest are the last k.
        long double top = 0;
        for (std::size_t i = values.size() - k; i < values.size(); ++i) top += values[i];
        return static_cast<double>(top / total);
    }
    std::vector<double> x(values.begin(), values.end());
    std::partial_sort(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(k), x.end(), std::greater<>());
    long double top = 0;
    for (std::size_t i = 0; i < k; ++i) top += x[i];
    return static_cast<double>(top / total);
}

std::vector<lorenz_point> lorenz_curve(std::span<const double> values) {
    const long double total = checked_total(values, "lorenz_curve");
    std::vector<lorenz_point> out;
    if (values.empty() || total == 0) return out;
    std::vector<double> x(values.begin(), values.end());
    std::sort(x.begin(), x.end());
    out.push_back({0.0, 0.0});
    long double cum = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        cum += x[i];
        out.push_back({static_cast<double>(i + 1) / static_cast<double>(x.size()), static_cast<double>(cum / total)});
    }
    out.back().value_share = 1.0;
    return out;
}

namespace {
// The winners among the applications `q.filter` passes: a status filter that leaves out the
// winners leaves nothing (no rows), not every winner.
void winners_only(group_query& q) {
    const auto& asked = q.filter.statuses;
    if (!asked.empty() && std::find(asked.begin(), asked.end(), application_status::winner) == asked.end())
        q.last_row = q.first_row;
    q.filter.statuses = {application_status::winner};
}
}  // namespace

group_query concentration_query(std::vector<dimension> by, const application_filter& filter) {
    group_query q;
    q.by = std::move(by);
    q.filter = filter;
    winners_only(q);
    q.extras = extra::recipients | extra::awarded_money_only;
    return q;
}

namespace {

// HHI, Gini and top-k shares of whole amounts in ascending order, every one > 0, whose sum is
// `total`: the sums are exact 128-bit integers, divided once (the same formulas as hhi(),
// gini() and top_share(), which take real numbers). False when a sum would not fit in 128
// bits (amounts near 2^63): the caller then uses those functions.
bool integer_figures(std::span<const std::uint64_t> x, std::int64_t total, std::span<const std::size_t> top_k,
                     double& h, double& g, std::span<double> top) {
    __extension__ typedef unsigned __int128 u128;  // GCC and Clang
    __extension__ typedef __int128 i128;
    const std::size_t n = x.size();
    if (n == 0 || total <= 0) {
        h = g = nan;
        for (auto& t : top) t = nan;
        return true;
    }
    u128 squares = 0;
    i128 weighted = 0;
    const auto nn = static_cast<i128>(n);
    for (std::size_t i = 0; i < n; ++i) {
        const u128 v = x[i];
        if (__builtin_add_overflow(squares, v * v, &squares)) return false;
        // Σᵢ (2i − n − 1) x₍ᵢ₎ for i = 1 … n: |2i − n − 1| < n and x < 2^63, so each term fits.
        if (__builtin_add_overflow(weighted, (2 * static_cast<i128>(i + 1) - nn - 1) * static_cast<i128>(x[i]), &weighted))
            return false;
    }
    const auto t = static_cast<long double>(total);
    h = static_cast<double>(static_cast<long double>(squares) / (t * t));
    g = x.front() == x.back() ? 0.0 : static_cast<double>(static_cast<long double>(weighted) / (static_cast<long double>(n) * t));
    for (std::size_t k = 0; k < top_k.size(); ++k) {
        if (top_k[k] >= n) {
            top[k] = 1.0;
            continue;
        }
        u128 s = 0;
        for (std::size_t i = n - top_k[k]; i < n; ++i) s += x[i];
        top[k] = static_cast<double>(static_cast<long double>(s) / t);
    }
    return true;
}

}  // namespace

concentration_columns concentration_figures(const group_table& t, std::vector<std::size_t> top_k) {
    t.check_bounds();  // a table is public data: one built or changed by hand is refused, not read past its ends
    if (!(t.extras & extra::recipients))
        throw validation_error("concentration: the group table was made without recipients (extra::recipients)");
    concentration_columns c;
    const std::size_t n = t.size();
    c.top_k = std::move(top_k);
    c.recipients.resize(n);
    c.awarded_kopecks.resize(n);
    c.hhi.resize(n);
    c.gini.resize(n);
    c.top_shares.assign(c.top_k.size(), std::vector<double>(n));
    std::vector<std::uint64_t> amounts, scratch;
    std::vector<double> x, top(c.top_k.size());
    for (std::size_t g = 0; g < n; ++g) {
        amounts.clear();
        std::int64_t total = 0;
        for (auto i = t.recipient_offsets[g]; i < t.recipient_offsets[g + 1]; ++i)
            if (t.recipient_kopecks[i] > 0) {
                amounts.push_back(static_cast<std::uint64_t>(t.recipient_kopecks[i]));
                if (__builtin_add_overflow(total, t.recipient_kopecks[i], &total))
                    throw validation_error("concentration: a group's awarded kopecks overflow 64 bits");
            }
        // Ascending, by radix: the sums below then do not depend on the order recipients were met.
        civica::detail::radix_sort(amounts.data(), amounts.data() + amounts.size(), scratch);
        c.recipients[g] = static_cast<std::int64_t>(amounts.size());
        c.awarded_kopecks[g] = total;
        if (!integer_figures(amounts, total, c.top_k, c.hhi[g], c.gini[g], top)) {
            x.assign(amounts.begin(), amounts.end());
            c.hhi[g] = hhi(x);
            c.gini[g] = gini(x);
            for (std::size_t k = 0; k < c.top_k.size(); ++k) top[k] = top_share(x, c.top_k[k]);
        }
        for (std::size_t k = 0; k < c.top_k.size(); ++k) c.top_shares[k][g] = top[k];
        if (n == 1) c.amounts.assign(amounts.begin(), amounts.end());
    }
    return c;
}

std::vector<std::int64_t> recipient_sums(const group_table& t) {
    t.check_bounds();
    if (!(t.extras & extra::recipients))
        throw validation_error("recipient sums: the group table was made without recipients (extra::recipients)");
    std::vector<std::int64_t> sum(t.applicant_kind.size(), 0);
    for (std::size_t i = 0; i < t.recipient_codes.size(); ++i) sum[t.recipient_codes[i]] += t.recipient_kopecks[i];
    return sum;
}

recipient_amounts recipients_by_amount(const group_table& t) {
    const auto sum = recipient_sums(t);
    // Largest first by a stable radix sort on (max − amount): ties keep the dictionary's order.
    std::vector<std::uint64_t> key;
    std::vector<std::int64_t> code;
    for (std::uint32_t c = 0; c < sum.size(); ++c)
        if (sum[c] > 0) {
            key.push_back(std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(sum[c]));
            code.push_back(c);
        }
    std::vector<std::uint64_t> k2(key.size());
    std::vector<std::int64_t> c2(code.size());
    for (unsigned shift = 0; shift < 64 && key.size() > 1; shift += 8) {
        std::array<std::size_t, 256> count{};
        for (auto k : key) ++count[(k >> shift) & 0xFF];
        if (count[(key[0] >> shift) & 0xFF] == key.size()) continue;
        std::size_t at = 0;
        for (auto& x : count) at += std::exchange(x, at);
        for (std::size_t i = 0; i < key.size(); ++i) {
            const std::size_t to = count[(key[i] >> shift) & 0xFF]++;
            k2[to] = key[i];
            c2[to] = code[i];
        }
        key.swap(k2);
        code.swap(c2);
    }
    recipient_amounts r;
    r.code.reserve(code.size());
    r.kopecks.reserve(code.size());
    for (std::size_t i = 0; i < code.size(); ++i) {
        r.code.push_back(static_cast<std::uint32_t>(code[i]));
        r.kopecks.push_back(sum[static_cast<std::size_t>(code[i])]);
    }
    return r;
}

concentration recipient_concentration(const dataset& ds, const application_filter& filter,
                                      std::vector<std::size_t> top_k) {
    auto q = concentration_query({}, known_filter(ds, filter));
    q.extras |= extra::applicant_ids;
    const group_table t = aggregate_applications(ds, q);
    concentration c;
    c.currency = t.currency;
    c.top_k = top_k;
    const auto fig = concentration_figures(t, std::move(top_k));
    if (t.size() == 1) {
        c.recipients = static_cast<std::size_t>(fig.recipients[0]);
        c.awarded_kopecks = fig.awarded_kopecks[0];
        c.hhi = fig.hhi[0];
        c.gini = fig.gini[0];
        for (const auto& s : fig.top_shares) c.top_shares.push_back(s[0]);
    } else {
        c.hhi = c.gini = nan;
        for (std::size_t k = 0; k < c.top_k.size(); ++k) c.top_shares.push_back(nan);
    }
    c.awarded_rub = static_cast<double>(c.awarded_kopecks) / 100.0;
    // Largest first; ties by key, as before.
    const auto r = recipients_by_amount(t);
    std::vector<std::pair<std::int64_t, std::string>> per;
    per.reserve(r.code.size());
    for (std::size_t i = 0; i < r.code.size(); ++i)
        per.emplace_back(r.kopecks[i], (t.applicant_kind[r.code[i]] == 0 ? "organization:" : "person:") + t.applicant_id[r.code[i]]);
    std::sort(per.begin(), per.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (auto& [k, key] : per) {
        c.recipient_keys.push_back(std::move(key));
        c.recipient_amounts_rub.push_back(static_cast<double>(k) / 100.0);
    }
    return c;
}

group_query winners_query(const application_filter& filter, bool ids) {
    group_query q;
    q.by = {dimension::year};
    q.filter = filter;
    winners_only(q);
    q.extras = extra::winning_applicants | extra::awarded_money_only | (ids ? extra::applicant_ids : 0u);
    return q;
}

winner_dynamics winners_over_time(const dataset& ds, const application_filter& filter) {
    return winners_over_time(aggregate_applications(ds, winners_query(known_filter(ds, filter), false)), &ds);
}

winner_dynamics winners_over_time(const group_table& t, const dataset* source) {
    t.check_bounds();
    if (t.by.size() != 1 || t.by[0] != dimension::year || !(t.extras & extra::winning_applicants))
        throw validation_error("winners_over_time: the group table must be by year with the winning applicants");
    winner_dynamics out;
    out.currency = t.currency;
    std::vector<std::uint32_t> years_won(t.applicant_kind.size(), 0);
    for (std::size_t g = 0; g < t.size(); ++g) {
        if (t.winners(g) == 0) continue;
        winner_year y;
        y.year = std::stoi(t.key(0, g));
        y.winners = t.winners(g);
        y.awarded_kopecks = t.awarded_kopecks[g];
        for (auto i = t.winner_offsets[g]; i < t.winner_offsets[g + 1]; ++i) {
            const auto c = t.winner_codes[i];
            if (years_won[c]++ == 0) ++y.first_time;
            else ++y.returning;
        }
        y.winning_applicants = y.first_time + y.returning;
        out.years.push_back(y);
    }
    // Repeat winners in the order of their ids (as the applicant dictionary lists them).
    std::vector<std::uint32_t> repeat;
    for (std::uint32_t c = 0; c < years_won.size(); ++c) {
        if (years_won[c] > 0) ++out.winning_applicants;
        if (years_won[c] >= 2) repeat.push_back(c);
    }
    // Named by id (from the table, else from its dataset), ordered by kind and id.
    const bool own_ids = !t.applicant_id.empty();
    if (!own_ids && !repeat.empty() && (source == nullptr || t.applicant_row.size() != t.applicant_kind.size()))
        throw validation_error("winners_over_time: the group table has no applicant ids (extra::applicant_ids) and no "
                               "dataset was given to name the repeat winners");
    if (!own_ids && source != nullptr) {
        // From the dataset: its applicants' (kind, id) order is kept with it, so the repeat
        // winners are put in order by number and only their ids are made as strings.
        const auto order = detail::applicant_order_of(*source);
        if (!order->identity) {
            std::vector<std::uint64_t> by_place;
            by_place.reserve(repeat.size());
            for (auto c : repeat) by_place.push_back(std::uint64_t{order->rank[t.applicant_row[c]]} << 32 | c);
            std::sort(by_place.begin(), by_place.end());
            for (std::size_t i = 0; i < repeat.size(); ++i) repeat[i] = static_cast<std::uint32_t>(by_place[i]);
        }
        const std::size_t norg = source->organizations().size();
        out.repeat_winners.reserve(repeat.size());
        out.repeat_winner_kinds.reserve(repeat.size());
        for (auto c : repeat) {
            const std::size_t a = t.applicant_row[c];
            out.repeat_winners.push_back(a < norg ? source->organizations()[a].id.str() : source->persons()[a - norg].id.str());
            out.repeat_winner_kinds.push_back(a < norg ? applicant_kind::organization : applicant_kind::person);
        }
        return out;
    }
    std::vector<std::pair<std::uint8_t, std::string>> named;
    named.reserve(repeat.size());
    for (auto c : repeat) named.emplace_back(t.applicant_kind[c], t.applicant_id[c]);
    std::sort(named.begin(), named.end());
    for (auto& [kind, id] : named) {
        out.repeat_winners.push_back(std::move(id));
        out.repeat_winner_kinds.push_back(static_cast<applicant_kind>(kind));
    }
    return out;
}

}  // namespace civica::analysis
