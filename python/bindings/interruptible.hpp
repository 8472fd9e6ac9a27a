#pragma once
// Ctrl-C during a long compiled job. Python runs its signal handlers only between bytecodes of
// the main thread, so a read or write that runs without the GIL would finish before the
// KeyboardInterrupt is raised. While a job runs under nogil_interruptible, civica's
// interruption points (civica/core/interruption.hpp) take the GIL now and then and ask Python
// to run the handlers of any signal that arrived: what a handler raises (KeyboardInterrupt, the
// CLI's SIGTERM handler's exception) stops the job there and leaves the call.
#include <pybind11/pybind11.h>

#include "civica/core/interruption.hpp"

#include <optional>

namespace civica::python {

/// Releases the GIL for a long job that a signal may stop; construct it with the GIL held, in
/// place of py::gil_scoped_release. Only the main thread runs Python's signal handlers: on
/// another thread it only releases the GIL.
class nogil_interruptible {
public:
    nogil_interruptible() {
        namespace py = pybind11;
        const auto main = py::module_::import("threading").attr("main_thread")().attr("ident");
        if (py::int_(PyThread_get_thread_ident()).equal(main))
            scope_.emplace([] {
                py::gil_scoped_acquire gil;
                if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            });
        nogil_.emplace();
    }

private:
    std::optional<interruption_scope> scope_;               // set first, while the GIL is held
    std::optional<pybind11::gil_scoped_release> nogil_;     // ended first: the GIL back, then the scope
};

}  // namespace civica::python
