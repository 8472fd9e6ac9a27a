#pragma once
// Safe sharing of a civica::dataset between Python and C++ code that runs without the GIL or
// hands out views of its memory.
//
// Design notes: a numpy view returned by Table.column() points straight into a column vector
// of the dataset. Adding a row may reallocate that vector, which would leave the view
// dangling, so the dataset refuses to grow a table while views of it are alive (BufferError,
// as Python's bytearray does while it has exports). Likewise, C++ that reads a dataset with
// the GIL released (saving, analyses) holds a reading_guard, and every mutation from Python
// checks it first. All counters are touched with the GIL held.
#include <pybind11/pybind11.h>

#include "civica/model/dataset.hpp"

namespace civica::python {

/// The tables whose columns can be exported as numpy views.
enum class columnar_table : int { applications = 0, enrolments, agenda_questions, services };

/// While alive, Python code cannot add rows to `ds` or change its indicators; construct it with
/// the GIL held, before releasing the GIL around a long read of `ds`:
///
///     reading_guard guard(ds);
///     py::gil_scoped_release nogil;
///     auto result = civica::analysis::something(ds);
class reading_guard {
public:
    explicit reading_guard(const dataset& ds);
    ~reading_guard();
    reading_guard(const reading_guard&) = delete;
    reading_guard& operator=(const reading_guard&) = delete;

private:
    const dataset* ds_;
};

/// Throws BufferError when `ds` is being read without the GIL or, for a columnar table, when
/// numpy views of that table are alive. `what` names the change ("add an application").
void check_mutable(const dataset& ds, const char* what, int columnar = -1);

}  // namespace civica::python
