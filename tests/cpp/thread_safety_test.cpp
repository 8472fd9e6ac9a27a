// The thread-safety guarantees of docs/reliability.md, exercised: const analyses and the report
// builder on one dataset from 8 threads at once give exactly the serial results; different
// files load concurrently; the bundled calendar and rules are initialised once however many
// threads ask first. Run under ThreadSanitizer with the `tsan` preset (docs/reliability.md).
#include "civica/analysis/aggregate.hpp"
#include "civica/analysis/concentration.hpp"
#include "civica/analysis/ranking.hpp"
#include "civica/analysis/series.hpp"
#include "civica/calendar/obligations.hpp"
#include "civica/calendar/production_calendar.hpp"
#include "civica/io/bundled.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/io/pgf.hpp"
#include "civica/io/threesixtygiving.hpp"
#include "civica/report/content.hpp"
#include "civica/report/render.hpp"
#include "civica/report/text.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace civica;
namespace fs = std::filesystem;

namespace {

constexpr int n_threads = 8;

/// Everything computed from one dataset, as text: equal text means equal results (the doubles
/// are printed with 17 significant digits, so equal text means bitwise-equal values).
std::string fingerprint(const dataset& ds) {
    std::ostringstream out;
    out.precision(17);
    report::report_options opt;
    opt.show_missing = true;
    opt.growth_rate = true;
    const auto content = report::build(ds, opt);
    out << report::to_json(content) << '\n';
    out << report::render(ds, opt, report::language::ru, report::output_format::markdown) << '\n';
    out << report::render(ds, opt, report::language::en, report::output_format::html) << '\n';
    for (auto m : {analysis::measure::applications, analysis::measure::winners, analysis::measure::awarded}) {
        const auto s = analysis::application_series(ds, m);
        for (const auto& p : s.points()) out << p.year << ':' << p.value << ' ';
        out << '\n';
    }
    const auto c = analysis::recipient_concentration(ds);
    out << c.recipients << ' ' << c.awarded_rub << ' ' << c.hhi << ' ' << c.gini << '\n';
    for (std::size_t i = 0; i < c.recipient_keys.size(); ++i) out << c.recipient_keys[i] << '=' << c.recipient_amounts_rub[i] << ' ';
    const auto r = analysis::rank_by(ds, analysis::dimension::applicant, analysis::measure::awarded);
    for (const auto& row : r.rows) out << row.key << ' ' << row.value << ' ' << row.rank << '\n';
    return out.str();
}

template <class F>
void run_in_threads(F f) {
    std::vector<std::thread> threads;
    std::atomic<int> ready{0};
    for (int t = 0; t < n_threads; ++t)
        threads.emplace_back([&, t] {
            // Start together, so the threads really overlap.
            ++ready;
            while (ready.load() < n_threads) std::this_thread::yield();
            f(t);
        });
    for (auto& th : threads) th.join();
}

}  // namespace

TEST(thread_safety, analyses_and_reports_on_one_dataset_from_eight_threads_equal_the_serial_results) {
    const dataset ds = io::load_dataset("khanty-mansiysk-2020-synthetic");
    ASSERT_GT(ds.applications().size(), 0u);
    const std::string serial = fingerprint(ds);
    ASSERT_FALSE(serial.empty());
    std::vector<std::string> results(n_threads);
    run_in_threads([&](int t) { results[static_cast<std::size_t>(t)] = fingerprint(ds); });
    for (int t = 0; t < n_threads; ++t) EXPECT_EQ(results[static_cast<std::size_t>(t)], serial) << "thread " << t;
}

TEST(thread_safety, different_files_load_concurrently_as_they_load_one_by_one) {
    const fs::path data = CIVICA_TEST_DATA_DIR;
    const std::vector<std::function<dataset()>> loads = {
        [] { return io::load_dataset("khanty-mansiysk-2020"); },
        [] { return io::load_dataset("khanty-mansiysk-2020-synthetic"); },
        [data] { return io::read_dataset_folder(data / "folder" / "small"); },
        [data] { return io::read_360giving(data / "threesixtygiving" / "abct_grants_360G-ABCT.json").data; },
        [data] { return io::read_pgf_csv(data / "pgf" / "sample.csv"); },
    };
    std::vector<dataset> serial;
    for (const auto& l : loads) serial.push_back(l());
    std::vector<std::vector<dataset>> got(n_threads);
    run_in_threads([&](int t) {
        // Each thread loads every file, starting at a different one.
        for (std::size_t i = 0; i < loads.size(); ++i) {
            const std::size_t k = (i + static_cast<std::size_t>(t)) % loads.size();
            got[static_cast<std::size_t>(t)].resize(loads.size());
            got[static_cast<std::size_t>(t)][k] = loads[k]();
        }
    });
    for (int t = 0; t < n_threads; ++t)
        for (std::size_t k = 0; k < loads.size(); ++k)
            EXPECT_TRUE(got[static_cast<std::size_t>(t)][k] == serial[k]) << "thread " << t << ", file " << k;
}

TEST(thread_safety, the_bundled_calendar_and_rules_are_one_object_whichever_thread_asks_first) {
    std::vector<const calendar::production_calendar*> cals(n_threads);
    std::vector<const calendar::obligation_catalogue*> cats(n_threads);
    // One byte per thread: std::vector<bool> packs flags into shared words, so threads writing
    // their own flag would race (ThreadSanitizer found this).
    std::vector<char> working(n_threads);
    run_in_threads([&](int t) {
        const auto i = static_cast<std::size_t>(t);
        cals[i] = &calendar::production_calendar::bundled();
        cats[i] = &calendar::obligation_catalogue::bundled();
        // 1 January is a holiday (Labour Code art. 112).
        working[i] = cals[i]->is_working_day(date(2021, 1, 1));
    });
    for (int t = 1; t < n_threads; ++t) {
        EXPECT_EQ(cals[static_cast<std::size_t>(t)], cals[0]);
        EXPECT_EQ(cats[static_cast<std::size_t>(t)], cats[0]);
    }
    for (char w : working) EXPECT_FALSE(w);
    EXPECT_GT(cats[0]->size(), 0u);
}
