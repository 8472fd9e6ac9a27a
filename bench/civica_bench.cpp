// civica's side of bench/run.py: reads a ФПГ CSV and a population CSV, times ingest, the panel
// and both together, and writes the timings, the peak RSS and the panel's results as JSON. The
// panel is civica::analysis::compute_pgf_panel (through the analysis engine); beside it, on the
// same dataset in the same run, the former dedicated panel code (legacy_panel.cpp, kept here
// only for this comparison) is timed as "panel_legacy", and both panels must agree.
//
//     civica_bench <applications.csv> <population.csv> <repeat> <out.json> [threads]
//     civica_bench generate <applications> <applications.csv> <population.csv>
//
// `generate` writes civica::synth::national (85 regions, 13 directions, 9 years from 2017, two
// competitions a year) in the ФПГ layout and the regions' populations (region;year;population).
//
// Every timing is one fresh run; the panel is timed on a dataset already in memory.
#include "civica/text/limits.hpp"
#include "civica/analysis/panel.hpp"
#include "legacy_panel.hpp"
#include "civica/io/pgf.hpp"
#include "civica/synth.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t) {
    return std::chrono::duration<double>(clock_type::now() - t).count();
}

// region;year;population → residents of each region in `year`.
std::map<std::string, std::int64_t, std::less<>> read_population(const std::string& path, int year) {
    std::map<std::string, std::int64_t, std::less<>> out;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const auto a = line.find(';');
        const auto b = line.find(';', a + 1);
        if (a == std::string::npos || b == std::string::npos) continue;
        if (std::stoi(line.substr(a + 1, b - a - 1)) != year) continue;
        out[line.substr(0, a)] = std::stoll(line.substr(b + 1));
    }
    return out;
}

int last_year(const civica::dataset& ds) {
    int y = 0;
    for (const auto& c : ds.competitions()) y = std::max(y, c.year);
    return y;
}

void put_string(std::ostream& o, const std::string& s) {
    o << '"';
    for (char c : s) {
        if (c == '"' || c == '\\') o << '\\';
        o << c;
    }
    o << '"';
}
template <class T>
void put_array(std::ostream& o, const std::vector<T>& v) {
    o << '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) o << ',';
        if constexpr (std::is_same_v<T, std::string>) {
            put_string(o, v[i]);
        } else if constexpr (std::is_floating_point_v<T>) {
            if (std::isnan(v[i])) o << "NaN";
            else {
                char buf[40];
                std::snprintf(buf, sizeof buf, "%.17g", v[i]);
                o << buf;
            }
        } else {
            o << v[i];
        }
    }
    o << ']';
}

}  // namespace

int generate(std::size_t n, const std::string& csv, const std::string& pop_path) {
    civica::synth::national_options o;
    o.applications = n;
    o.regions = 85;
    o.directions = 13;
    o.years = 9;
    o.first_year = 2017;
    o.competitions_per_year = 2;
    const civica::dataset ds = civica::synth::national(o);
    civica::io::write_pgf_csv(ds, csv);
    std::map<std::pair<std::string, int>, std::int64_t> totals;
    for (const auto& m : ds.municipalities())
        for (const auto& [year, people] : m.population) totals[{m.region.empty() ? m.name : m.region, year}] += people;
    std::ofstream out(pop_path);
    out << "region;year;population\n";
    for (const auto& [key, people] : totals) out << key.first << ';' << key.second << ';' << people << '\n';
    return out ? 0 : 1;
}

// The first part of two panels that differs ("" when none): every column of the six parts, the
// counts, keys and kopecks exactly, the real numbers to 1e-12 relative (NaN equal to NaN).
std::string panel_difference(const civica::analysis::pgf_panel& a, const civica::analysis::pgf_panel& b) {
    const auto reals = [](const std::vector<double>& x, const std::vector<double>& y) {
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (std::isnan(x[i]) || std::isnan(y[i])) {
                if (std::isnan(x[i]) != std::isnan(y[i])) return false;
            } else if (std::fabs(x[i] - y[i]) > 1e-12 * std::max(std::fabs(x[i]), 1.0)) {
                return false;
            }
        }
        return true;
    };
    if (a.by_region_year != b.by_region_year || a.by_region_region != b.by_region_region ||
        a.by_region_applications != b.by_region_applications || a.by_region_winners != b.by_region_winners ||
        !reals(a.by_region_success_rate, b.by_region_success_rate))
        return "(1) applications and winners by year and region";
    if (a.by_direction_year != b.by_direction_year || a.by_direction_direction != b.by_direction_direction ||
        a.by_direction_awarded != b.by_direction_awarded)
        return "(2) money by year and direction";
    if (a.top_inn != b.top_inn || a.top_name != b.top_name || a.top_awarded != b.top_awarded) return "(3) the top recipients";
    if (a.concentration_region != b.concentration_region || a.concentration_recipients != b.concentration_recipients ||
        !reals(a.concentration_hhi, b.concentration_hhi) || !reals(a.concentration_gini, b.concentration_gini))
        return "(4) concentration by region";
    if (a.trend_region != b.trend_region || !reals(a.trend_cagr, b.trend_cagr) || !reals(a.trend_slope, b.trend_slope))
        return "(5) the winners' trends";
    if (a.per_capita_year != b.per_capita_year || a.per_capita_region != b.per_capita_region ||
        !reals(a.per_capita_rub, b.per_capita_rub) || !reals(a.per_capita_rank, b.per_capita_rank))
        return "(6) money per resident";
    return "";
}

// A whole number from `low` to `high` written in `text`, or nullopt.
std::optional<long long> count_arg(const char* text, long long low, long long high = std::numeric_limits<int>::max()) {
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text, &end, 10);
    if (end == text || *end != '\0' || errno != 0 || v < low || v > high) return std::nullopt;
    return v;
}

constexpr const char* usage =
    "usage: civica_bench <applications.csv> <population.csv> <repeat> <out.json> [threads]\n"
    "       civica_bench generate <applications> <applications.csv> <population.csv>\n"
    "The first form times read_pgf_csv and compute_pgf_panel (and the former panel code, after\n"
    "checking that both panels agree) <repeat> times and writes the times and the panel as JSON;\n"
    "the second writes a synthetic national registry of that many applications and its\n"
    "population table (bench/run.py calls both; docs/benchmark.md).\n";

int main(int argc, char** argv) {
    if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
        std::cout << usage;
        return 0;
    }
    if (argc == 5 && std::string(argv[1]) == "generate") {
        const auto n = count_arg(argv[2], 1, std::numeric_limits<long long>::max());
        if (!n) {
            std::cerr << "civica_bench generate: \"" << argv[2] << "\" is not a number of applications (1 or more)\n";
            return 2;
        }
        try {
            return generate(static_cast<std::size_t>(*n), argv[3], argv[4]);
        } catch (const std::exception& e) {
            std::cerr << "civica_bench: " << e.what() << "\n";
            return 1;
        }
    }
    if (argc < 5 || !count_arg(argv[3], 1) || (argc > 5 && !count_arg(argv[5], 0))) {
        std::cerr << usage;
        return 2;
    }
    const std::string csv = argv[1], pop_path = argv[2], out_path = argv[4];
    // 10 million applications are a 6 GB file, beyond the default 2 GiB cap on inputs.
    civica::text::input_limits limits = civica::text::current_limits();
    limits.max_file_bytes = std::uintmax_t{64} << 30;
    civica::text::set_limits(limits);
    const int repeat = std::atoi(argv[3]);
    civica::io::pgf_options opt;
    if (argc > 5) opt.threads = static_cast<unsigned>(std::atoi(argv[5]));
    try {
        std::vector<double> ingest, panel, legacy_panel, e2e;
        civica::analysis::pgf_panel result;
        for (int r = 0; r < repeat; ++r) {
            auto t0 = clock_type::now();
            civica::dataset ds = civica::io::read_pgf_csv(csv, opt);
            ingest.push_back(seconds_since(t0));
            // The panel includes reading the population table, as it does for every peer.
            auto t1 = clock_type::now();
            const auto pop = read_population(pop_path, last_year(ds));
            result = civica::analysis::compute_pgf_panel(ds, pop);
            panel.push_back(seconds_since(t1));
            auto t2 = clock_type::now();
            const auto pop2 = read_population(pop_path, last_year(ds));
            const auto old = legacy::compute_pgf_panel(ds, pop2);
            legacy_panel.push_back(seconds_since(t2));
            if (const std::string part = panel_difference(old, result); !part.empty()) {
                std::cerr << "civica_bench: the engine's panel and the former panel disagree on " << part << "\n";
                return 3;
            }
        }
        for (int r = 0; r < repeat; ++r) {
            auto t0 = clock_type::now();
            civica::dataset ds = civica::io::read_pgf_csv(csv, opt);
            const auto pop = read_population(pop_path, last_year(ds));
            auto p = civica::analysis::compute_pgf_panel(ds, pop);
            e2e.push_back(seconds_since(t0));
        }
        struct rusage ru {};
        getrusage(RUSAGE_SELF, &ru);
        std::ofstream o(out_path);
        o << "{\"times\":{\"ingest\":";
        put_array(o, ingest);
        o << ",\"panel\":";
        put_array(o, panel);
        o << ",\"panel_legacy\":";
        put_array(o, legacy_panel);
        o << ",\"end_to_end\":";
        put_array(o, e2e);
        o << "},\"peak_rss_bytes\":" << static_cast<long long>(ru.ru_maxrss) * 1024 << ",\"results\":{";
        const auto& p = result;
        o << "\"by_region_year\":{\"year\":"; put_array(o, p.by_region_year);
        o << ",\"region\":"; put_array(o, p.by_region_region);
        o << ",\"applications\":"; put_array(o, p.by_region_applications);
        o << ",\"winners\":"; put_array(o, p.by_region_winners);
        o << ",\"success_rate\":"; put_array(o, p.by_region_success_rate);
        o << "},\"by_direction_year\":{\"year\":"; put_array(o, p.by_direction_year);
        o << ",\"direction\":"; put_array(o, p.by_direction_direction);
        o << ",\"awarded_kopecks\":"; put_array(o, p.by_direction_awarded);
        o << "},\"top_recipients\":{\"inn\":"; put_array(o, p.top_inn);
        o << ",\"awarded_kopecks\":"; put_array(o, p.top_awarded);
        o << "},\"concentration\":{\"region\":"; put_array(o, p.concentration_region);
        o << ",\"hhi\":"; put_array(o, p.concentration_hhi);
        o << ",\"gini\":"; put_array(o, p.concentration_gini);
        o << "},\"winner_trends\":{\"region\":"; put_array(o, p.trend_region);
        o << ",\"cagr\":"; put_array(o, p.trend_cagr);
        o << ",\"slope\":"; put_array(o, p.trend_slope);
        o << "},\"per_capita\":{\"region\":"; put_array(o, p.per_capita_region);
        o << ",\"awarded_rub_per_capita\":"; put_array(o, p.per_capita_rub);
        o << ",\"rank\":"; put_array(o, p.per_capita_rank);
        o << "}}}\n";
    } catch (const std::exception& e) {
        std::cerr << "civica_bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
