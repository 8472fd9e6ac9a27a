// civica::detail::run_parts: every part runs once, on distinct threads, and a failure is the
// lowest part's, rethrown only after every part has ended.
#include "civica/core/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using civica::detail::run_parts;

TEST(RunParts, EveryPartRunsOnceAndPartZeroOnTheCallingThread) {
    for (std::size_t parts : {0u, 1u, 2u, 5u}) {
        std::vector<int> ran(parts, 0);
        std::set<std::thread::id> threads;
        std::mutex m;
        std::thread::id zero;
        run_parts(parts, [&](std::size_t k) {
            ++ran[k];
            std::lock_guard lock(m);
            threads.insert(std::this_thread::get_id());
            if (k == 0) zero = std::this_thread::get_id();
        });
        EXPECT_EQ(ran, std::vector<int>(parts, 1)) << parts;
        EXPECT_EQ(threads.size(), parts) << parts;
        if (parts) {
            EXPECT_EQ(zero, std::this_thread::get_id());
        }
    }
}

TEST(RunParts, TheLowestFailingPartIsRethrownAfterAllHaveEnded) {
    for (std::size_t first_bad : {0u, 1u, 2u}) {
        std::atomic<int> ended{0};
        try {
            run_parts(4, [&](std::size_t k) {
                if (k == 3) std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the last to end
                ++ended;
                if (k >= first_bad) throw std::runtime_error("part " + std::to_string(k));
            });
            FAIL() << "no exception";
        } catch (const std::runtime_error& e) {
            EXPECT_EQ(std::string(e.what()), "part " + std::to_string(first_bad));
        }
        EXPECT_EQ(ended.load(), 4);
    }
}

}  // namespace

TEST(hardware_threads, is_the_systems_count_and_at_least_one) {
    const unsigned n = civica::detail::hardware_threads();
    EXPECT_GE(n, 1u);
    EXPECT_EQ(n, std::max(1u, std::thread::hardware_concurrency()));
    EXPECT_EQ(civica::detail::hardware_threads(), n);
}
