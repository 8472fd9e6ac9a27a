#pragma once
/// \file
/// Work split in parts that run at once: part 0 on the calling thread, the others on threads of
/// their own. Used where a large table is read, converted or aggregated in shares.

#include "civica/core/interruption.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace civica::detail {

/// The number of threads the machine runs at once (at least 1), asked of the system once: each
/// std::thread::hardware_concurrency() call reads a system file, a cost a query of a
/// millisecond notices.
inline unsigned hardware_threads() {
    static const unsigned n = std::max(1u, std::thread::hardware_concurrency());
    return n;
}

/// Calls part(k) for every k in [0, parts): part(0) on the calling thread, the others on
/// threads started for the call, and returns when all have ended. When parts throw, the
/// exception of the lowest k is rethrown (the one a loop over k would have met first) after
/// every part has ended, so nothing a part uses is released while another still runs. Once
/// part(0) has thrown (an interruption, a bad row), the other parts' results are not wanted:
/// they end at their next interruption_point (civica/core/interruption.hpp).
template <class Part>
void run_parts(std::size_t parts, Part&& part) {
    if (parts <= 1) {
        if (parts == 1) part(std::size_t{0});
        return;
    }
    std::vector<std::exception_ptr> failed(parts);
    std::atomic<bool> stop{false};
    {
        std::vector<std::jthread> pool;
        pool.reserve(parts - 1);
        for (std::size_t k = 1; k < parts; ++k)
            pool.emplace_back([&part, &failed, &stop, k] {
                try {
                    const follow_stop follow(&stop);
                    part(k);
                } catch (...) {
                    failed[k] = std::current_exception();
                }
            });
        try {
            part(std::size_t{0});
        } catch (...) {
            failed[0] = std::current_exception();
            stop.store(true, std::memory_order_relaxed);
        }
    }  // the jthreads join here
    for (const auto& f : failed)
        if (f) std::rethrow_exception(f);
}

}  // namespace civica::detail
