// Stopping a long job (civica/core/interruption.hpp): the checks of an interruption_scope run at
// the interruption points of every long read, write and generation, at most about twenty times a
// second, and what a check throws passes out of the job and leaves nothing behind.
//
// Independent truth: a check that throws at its first call. Readers make no check at their end
// (only an atomic write makes one, before its commit), so a read that throws the check's
// exception met an interruption point inside its loops; each file below has more rows than the
// points are apart (4096 records, 1 MiB of JSON).
#include "civica/core/interruption.hpp"
#include "civica/core/parallel.hpp"

#include "civica/io/io.hpp"
#include "civica/synth.hpp"

#include "test_files.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace civica;

namespace {

/// What a check throws to stop a job.
struct stopped {};

/// A file or folder's bytes (a folder as its files' names and bytes).
std::map<std::string, std::string> bytes_of(const fs::path& target) {
    std::map<std::string, std::string> out;
    if (fs::is_directory(target)) {
        for (const auto& e : fs::recursive_directory_iterator(target))
            if (e.is_regular_file()) out[fs::relative(e.path(), target).string()] = civica_test::read_file(e.path());
    } else {
        out[""] = civica_test::read_file(target);
    }
    return out;
}

const dataset& national_sample() {
    static const dataset ds = [] {
        synth::national_options o;
        o.applications = 40'000;
        o.regions = 4;
        o.first_year = 2018;
        o.years = 4;
        return synth::national(o);
    }();
    return ds;
}

}  // namespace

TEST(interruption_point, runs_the_checks_at_most_every_50_ms_and_at_once_in_a_new_scope) {
    int outer_calls = 0, inner_calls = 0;
    interruption_point();  // no scope: nothing to run
    {
        interruption_scope outer([&] { ++outer_calls; });
        for (int i = 0; i < 1000; ++i) interruption_point();
        // The first point ran the new check; the others came within 50 ms (a thousand calls
        // take microseconds).
        EXPECT_EQ(outer_calls, 1);
        {
            interruption_scope inner([&] { ++inner_calls; });
            interruption_point();  // a new scope: its check runs at once, the outer one too
            EXPECT_EQ(inner_calls, 1);
            EXPECT_EQ(outer_calls, 2);
            check_interruption();  // whenever they last ran
            EXPECT_EQ(inner_calls, 2);
            EXPECT_EQ(outer_calls, 3);
            std::this_thread::sleep_for(std::chrono::milliseconds(60));
            interruption_point();
            EXPECT_EQ(inner_calls, 3);
            EXPECT_EQ(outer_calls, 4);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(60));
        interruption_point();
        EXPECT_EQ(outer_calls, 5);
        EXPECT_EQ(inner_calls, 3);  // its scope ended
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    interruption_point();
    EXPECT_EQ(outer_calls, 5);  // its scope ended
}

TEST(interruption_point, a_scope_is_of_its_thread_only) {
    std::atomic<int> calls{0};
    interruption_scope here([&] { ++calls; });
    std::thread([] { interruption_point(); }).join();
    EXPECT_EQ(calls.load(), 0);
    interruption_point();
    EXPECT_EQ(calls.load(), 1);
}

// Once the calling thread's part has thrown, the other parts end at their next interruption
// point (their result is not wanted), and the calling thread's exception is the one that passes.
TEST(run_parts, the_other_parts_end_at_their_next_interruption_point_once_the_first_has_thrown) {
    std::atomic<bool> first_threw{false};
    std::atomic<long> points_after{0};
    bool abandoned = false;
    try {
        detail::run_parts(2, [&](std::size_t k) {
            if (k == 0) {
                first_threw = true;
                throw stopped{};
            }
            try {
                // Without the stop this would run for a long time.
                for (long i = 0; i < 2'000'000'000L; ++i) {
                    if (first_threw) ++points_after;
                    interruption_point();
                }
            } catch (const detail::abandoned&) {
                abandoned = true;
                throw;
            }
        });
        ADD_FAILURE() << "nothing was thrown";
    } catch (const stopped&) {
    }
    EXPECT_TRUE(abandoned);
    EXPECT_LT(points_after.load(), 2'000'000'000L);
    // A helper thread's own failure does not stop the calling thread's part.
    int first_done = 0;
    EXPECT_THROW(detail::run_parts(2,
                                   [&](std::size_t k) {
                                       if (k == 1) throw stopped{};
                                       for (int i = 0; i < 1000; ++i) interruption_point();
                                       ++first_done;
                                   }),
                 stopped);
    EXPECT_EQ(first_done, 1);
}

// Each reader meets an interruption point inside its loops: the check's exception passes out
// of the read. Out of the scope, the same file reads whole.
TEST(interruption_scope, every_long_read_stops_at_an_interruption_point) {
    const dataset& ds = national_sample();
    const fs::path dir = civica_test::scratch_dir("civica_interruption_reads");
    const std::pair<io::data_format, const char*> formats[] = {
        {io::data_format::civica, "folder"},          {io::data_format::csv, "csv-folder"},
        {io::data_format::json, "data.json"},          {io::data_format::sqlite, "data.sqlite"},
        {io::data_format::threesixtygiving, "grants.json"}, {io::data_format::pgf, "registry.csv"}};
    for (const auto& [format, name] : formats) {
        const fs::path p = dir / name;
        io::write_options w;
        w.format = format;
        io::write(ds, p, w);
        io::read_options r;
        r.format = format;
        int calls = 0;
        {
            interruption_scope stop([&] {
                ++calls;
                throw stopped{};
            });
            EXPECT_THROW((void)io::read(p, r), stopped) << name;
        }
        EXPECT_EQ(calls, 1) << name;
        EXPECT_GT(io::read(p, r).data.applications().size(), 4096u) << name;
    }
}

/// The bytes under `dir` in hidden entries (a write's sibling of its target) or, with `hidden`
/// false, in the entry `name`.
std::uintmax_t bytes_under(const fs::path& dir, bool hidden, const std::string& name = {}) {
    std::uintmax_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string top = fs::relative(e.path(), dir).begin()->string();
        if ((hidden ? top.front() == '.' : top == name) && e.is_regular_file()) n += e.file_size();
    }
    return n;
}

// A write stopped by a check leaves its target as it was, in every format, and no sibling; the
// check's first call comes while the new content is being made, before it is complete.
TEST(interruption_scope, a_stopped_write_leaves_the_target_as_it_was) {
    synth::national_options small;
    small.applications = 100;
    small.regions = 1;
    small.first_year = 2018;
    const dataset old_data = synth::national(small);
    const fs::path dir = civica_test::scratch_dir("civica_interruption_writes");
    const fs::path whole = civica_test::scratch_dir("civica_interruption_whole");
    for (const auto format : {io::data_format::civica, io::data_format::json, io::data_format::sqlite,
                              io::data_format::store, io::data_format::threesixtygiving, io::data_format::pgf}) {
        const std::string name = "target-" + std::string(io::to_string(format));
        const fs::path p = dir / name;
        io::write_options w;
        w.format = format;
        io::write(national_sample(), whole / name, w);
        io::write(old_data, p, w);
        const auto old_bytes = bytes_of(p);
        std::uintmax_t made = 0;
        {
            interruption_scope stop([&] {
                made = bytes_under(dir, true);
                throw stopped{};
            });
            EXPECT_THROW(io::write(national_sample(), p, w), stopped) << name;
        }
        EXPECT_LT(made, bytes_under(whole, false, name)) << name << ": stopped only when the new content was complete";
        EXPECT_EQ(bytes_of(p), old_bytes) << name;
        EXPECT_EQ(bytes_under(dir, true), 0u) << name << ": a sibling was left behind";
    }
}

TEST(interruption_scope, a_national_dataset_stops_being_generated) {
    synth::national_options o;
    o.applications = 20'000;
    o.regions = 2;
    interruption_scope stop([] { throw stopped{}; });
    EXPECT_THROW((void)synth::national(o), stopped);
}

// A check may run code that reaches interruption points and opens scopes of its own (a Python
// signal handler that saves a dataset): those run no checks meanwhile, and the checks that were
// in force when the round began all run, once (the round went on over a freed list before).
TEST(interruption_scope, a_check_that_opens_scopes_and_reaches_points_runs_once_a_round) {
    int first = 0, second = 0, inner = 0;
    interruption_scope a([&] {
        ++first;
        interruption_scope b([&] { ++inner; });
        interruption_scope c([&] { ++inner; });
        interruption_point();
        check_interruption();
        (void)synth::khanty_mansiysk_2020();  // a job with points of its own
    });
    interruption_scope d([&] { ++second; });
    check_interruption();
    EXPECT_EQ(first, 1);
    EXPECT_EQ(second, 1);
    EXPECT_EQ(inner, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    interruption_point();
    EXPECT_EQ(first, 2);
    EXPECT_EQ(second, 2);
}
