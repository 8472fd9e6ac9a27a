#pragma once
// Ctrl-C during a long compiled job. Python runs its signal handlers only between bytecodes of
// the main thread, so a read or write that runs without the GIL would finish before the
// KeyboardInterrupt is raised. While a job runs under nogil_interruptible, the signals Python
// has handlers for also raise a flag of ours (our handler runs first, then Python's); civica's
// interruption points (civica/core/interruption.hpp) look at the flag and, only when it is up,
// take the GIL and ask Python to run the handlers: what a handler raises (KeyboardInterrupt,
// the CLI's SIGTERM exception) stops the job there and leaves the call. With no signal the job
// never waits for the GIL, which another thread may hold for long (a sort of millions of
// values, a pandas operation on objects).
#include <pybind11/pybind11.h>

#include "civica/core/interruption.hpp"

#include <signal.h>

#include <atomic>
#include <optional>
#include <vector>

namespace civica::python {

namespace signal_flag {

/// Raised by on_signal; lowered by the check that takes it.
inline std::atomic<bool> arrived{false};
/// The action each wrapped signal had before (Python's handler), called after ours.
inline struct sigaction chained[NSIG];
/// The signals wrapped while nogil_interruptible scopes live (main thread only, with the GIL).
inline std::vector<int> wrapped;
inline int depth = 0;

inline void on_signal(int sig, siginfo_t* info, void* context) {
    arrived.store(true, std::memory_order_relaxed);
    const struct sigaction& before = chained[sig];
    if (before.sa_flags & SA_SIGINFO) {
        if (before.sa_sigaction) before.sa_sigaction(sig, info, context);
    } else if (before.sa_handler != SIG_DFL && before.sa_handler != SIG_IGN) {
        before.sa_handler(sig);
    }
}

inline bool ours(const struct sigaction& a) { return (a.sa_flags & SA_SIGINFO) && a.sa_sigaction == &on_signal; }

/// Wraps every signal that has a Python handler (signal.getsignal gives a callable); nested
/// scopes wrap once. Called on the main thread with the GIL held.
inline void wrap() {
    namespace py = pybind11;
    if (depth++ > 0) return;
    arrived.store(false, std::memory_order_relaxed);  // one that came between jobs was handled then
    const py::module_ signal_module = py::module_::import("signal");
    const py::object dfl = signal_module.attr("SIG_DFL"), ign = signal_module.attr("SIG_IGN");
    for (const auto& s : signal_module.attr("valid_signals")()) {
        const int sig = s.cast<int>();
        if (sig <= 0 || sig >= NSIG) continue;
        const py::object handler = signal_module.attr("getsignal")(sig);
        if (handler.is_none() || handler.equal(dfl) || handler.equal(ign) || !PyCallable_Check(handler.ptr())) continue;
        struct sigaction now {};
        if (sigaction(sig, nullptr, &now) != 0 || ours(now)) continue;
        if (!(now.sa_flags & SA_SIGINFO) && (now.sa_handler == SIG_DFL || now.sa_handler == SIG_IGN)) continue;
        chained[sig] = now;
        struct sigaction mine = now;
        mine.sa_flags = now.sa_flags | SA_SIGINFO;
        mine.sa_sigaction = &on_signal;
        if (sigaction(sig, &mine, nullptr) == 0) wrapped.push_back(sig);
    }
}

/// Gives each wrapped signal its action back, unless a handler replaced ours meanwhile.
inline void unwrap() {
    if (--depth > 0) return;
    for (const int sig : wrapped) {
        struct sigaction now {};
        if (sigaction(sig, nullptr, &now) == 0 && ours(now)) sigaction(sig, &chained[sig], nullptr);
    }
    wrapped.clear();
}

}  // namespace signal_flag

/// Releases the GIL for a long job that a signal may stop; construct it with the GIL held, in
/// place of py::gil_scoped_release. Only the main thread runs Python's signal handlers: on
/// another thread it only releases the GIL.
class nogil_interruptible {
public:
    nogil_interruptible() {
        namespace py = pybind11;
        const auto main = py::module_::import("threading").attr("main_thread")().attr("ident");
        if (py::int_(PyThread_get_thread_ident()).equal(main)) {
            signal_flag::wrap();
            wrapped_ = true;
            scope_.emplace([] {
                if (!signal_flag::arrived.exchange(false, std::memory_order_relaxed)) return;
                py::gil_scoped_acquire gil;
                if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            });
        }
        nogil_.emplace();
    }
    ~nogil_interruptible() {
        nogil_.reset();  // the GIL back first
        if (wrapped_) signal_flag::unwrap();
    }
    nogil_interruptible(const nogil_interruptible&) = delete;
    nogil_interruptible& operator=(const nogil_interruptible&) = delete;

private:
    bool wrapped_ = false;
    std::optional<interruption_scope> scope_;            // set first, while the GIL is held
    std::optional<pybind11::gil_scoped_release> nogil_;  // ended first: the GIL back, then the scope
};

}  // namespace civica::python
