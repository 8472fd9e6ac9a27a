#include "civica/core/interruption.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

namespace civica {
namespace {

// The checks in force on this thread, outermost first (interruption_scope).
thread_local std::vector<const std::function<void()>*> checks;
// When they last ran (interruption_point runs them at most this often).
thread_local std::chrono::steady_clock::time_point last_run{};
constexpr auto every = std::chrono::milliseconds(50);
// Whether this thread's checks are running (check_interruption does not run them again inside).
thread_local bool running = false;
// On a helper thread of run_parts: set when the calling thread's part has thrown.
thread_local const std::atomic<bool>* followed = nullptr;

}  // namespace

interruption_scope::interruption_scope(std::function<void()> check) : check_(std::move(check)) {
    checks.push_back(&check_);
    last_run = {};  // a new check runs at the next interruption point
}

interruption_scope::~interruption_scope() { checks.erase(std::find(checks.begin(), checks.end(), &check_)); }

void check_interruption() {
    // A check may run code that reaches interruption points and opens scopes of its own (a
    // Python signal handler that saves a dataset): those run no checks while these run, and
    // the loop goes over the checks as they were when it began.
    if (running) return;
    running = true;
    struct done {
        ~done() { running = false; }
    } reset;
    last_run = std::chrono::steady_clock::now();
    const std::vector<const std::function<void()>*> now = checks;
    for (const auto* check : now) (*check)();
}

void interruption_point() {
    if (followed && followed->load(std::memory_order_relaxed)) throw detail::abandoned{};
    if (checks.empty() || running) return;
    if (std::chrono::steady_clock::now() - last_run < every) return;
    check_interruption();
}

namespace detail {

follow_stop::follow_stop(const std::atomic<bool>* stop) noexcept : before_(followed) { followed = stop; }

follow_stop::~follow_stop() { followed = before_; }

}  // namespace detail
}  // namespace civica
