#pragma once
/// \file
/// Stopping a long job on request (Ctrl-C in Python, a program's own cancel button): checks a
/// program installs on a thread, which civica's long reads, writes and generations call now and
/// then. civica takes no signals and throws nothing of its own here: a check decides whether to
/// stop, and stops the job by throwing what the program wants to catch.

#include <atomic>
#include <exception>
#include <functional>

namespace civica {

/// A check that civica's long jobs make on this thread while the scope lives:
/// * at their interruption points (every few thousand rows, every MiB of JSON), at most about
///   twenty times a second (interruption_point), and
/// * just before replace_atomically and replace_folder_atomically put a new file or folder in
///   its target's place (check_interruption).
/// What the check throws passes through the job: a read gives no dataset, a write leaves its
/// target as it was and removes its new content. Throw a type of your own, not a civica::error
/// (some readers turn a civica::parse_error met while reading into a problem of the file).
/// Scopes nest (all their checks are made, the outermost first). While the checks run, the jobs
/// they start (a check may run code that reads or writes) run none. The Python module installs one around each compiled read, write,
/// conversion and generation: it asks Python whether a signal is waiting, so that Ctrl-C raises
/// KeyboardInterrupt within a fraction of a second rather than when the job ends.
class interruption_scope {
public:
    explicit interruption_scope(std::function<void()> check);
    ~interruption_scope();
    interruption_scope(const interruption_scope&) = delete;
    interruption_scope& operator=(const interruption_scope&) = delete;

private:
    std::function<void()> check_;
};

/// A point at which a long job may stop: runs this thread's checks (interruption_scope) when
/// some 50 ms have passed since they last ran, or when a scope began since. On a helper thread of detail::run_parts, throws
/// detail::abandoned once the calling thread's part has thrown (its result is not wanted then).
/// Without a scope and outside run_parts' helpers, returns at once.
void interruption_point();

/// Runs this thread's checks now, whenever they last ran.
void check_interruption();

namespace detail {

/// What interruption_point throws on a helper thread of run_parts whose work is abandoned.
struct abandoned : std::exception {
    const char* what() const noexcept override { return "civica: a part of a job abandoned after another failed"; }
};

/// While it lives, interruption_point on this thread throws abandoned once `*stop` is true
/// (run_parts' helper threads follow the calling thread's part this way).
class follow_stop {
public:
    explicit follow_stop(const std::atomic<bool>* stop) noexcept;
    ~follow_stop();
    follow_stop(const follow_stop&) = delete;
    follow_stop& operator=(const follow_stop&) = delete;

private:
    const std::atomic<bool>* before_;
};

}  // namespace detail
}  // namespace civica
