#include "civica/analysis/concentration.hpp"

#include "civica/error.hpp"
#include "civica/model/dataset.hpp"

#include <algorithm>
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
        if (!(values[i] >= 0))
            throw validation_error(std::string(what) + ": value " + std::to_string(i) + " is " +
                                   std::to_string(values[i]) + "; amounts must be non-negative numbers");
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

concentration recipient_concentration(const dataset& ds, const application_filter& filter,
                                      std::vector<std::size_t> top_k) {
    application_filter f = filter;
    f.statuses = {application_status::winner};
    const auto groups = group_applications(ds, {dimension::applicant}, f);
    std::vector<std::pair<std::int64_t, std::string>> per;  // kopecks, key
    for (const auto& g : groups.groups())
        if (g.totals.awarded_kopecks > 0) per.emplace_back(g.totals.awarded_kopecks, g.key[0]);
    std::sort(per.begin(), per.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    concentration c;
    c.recipients = per.size();
    std::int64_t total = 0;
    std::vector<double> amounts;
    for (const auto& [k, key] : per) {
        total += k;
        amounts.push_back(static_cast<double>(k) / 100.0);
        c.recipient_keys.push_back(key);
    }
    c.recipient_amounts_rub = amounts;
    c.awarded_rub = static_cast<double>(total) / 100.0;
    c.hhi = hhi(amounts);
    c.gini = gini(amounts);
    c.top_k = std::move(top_k);
    for (auto k : c.top_k) c.top_shares.push_back(top_share(amounts, k));
    return c;
}

winner_dynamics winners_over_time(const dataset& ds, const application_filter& filter) {
    application_filter f = filter;
    f.statuses = {application_status::winner};
    const auto groups = group_applications(ds, {dimension::year}, f);
    winner_dynamics out;
    std::map<std::string, std::set<int>> years_of;  // recipient → years won
    std::set<std::string> seen;
    for (const auto& g : groups.groups()) {
        winner_year y;
        y.year = std::stoi(g.key[0]);
        y.winners = static_cast<std::int64_t>(g.totals.winning_applicants.size());
        y.awarded_rub = static_cast<double>(g.totals.awarded_kopecks) / 100.0;
        for (const auto& w : g.totals.winning_applicants) {
            if (seen.insert(w).second) ++y.first_time;
            else ++y.returning;
            years_of[w].insert(y.year);
        }
        out.years.push_back(y);
    }
    out.distinct_winners = static_cast<std::int64_t>(seen.size());
    for (const auto& [w, ys] : years_of)
        if (ys.size() >= 2) out.repeat_winners.push_back(w);
    return out;
}

}  // namespace civica::analysis
