// civica's C++ exceptions as Python classes. Each class derives from civica.CivicaError and
// from the builtin a Python user would catch for that kind of problem, so that
// `except ValueError` keeps working around civica calls:
//   CivicaError(Exception)
//   ValidationError(CivicaError, ValueError)   a value or record breaks a rule of the domain
//   ParseError(CivicaError, ValueError)        input text could not be read (file/line/column/field)
//   NotFoundError(CivicaError, KeyError)       a key, id or name is not there
//   CivicaIOError(CivicaError, OSError)        a file or folder could not be read or written
#include <pybind11/pybind11.h>

#include "casters.hpp"
#include "civica/error.hpp"

#include <string>

namespace py = pybind11;

namespace civica::python {
namespace {

// Owned for the life of the process: exception classes must outlive every translator call.
PyObject* civica_error_cls = nullptr;
PyObject* validation_error_cls = nullptr;
PyObject* parse_error_cls = nullptr;
PyObject* not_found_error_cls = nullptr;
PyObject* io_error_cls = nullptr;

PyObject* make_exception(py::module_& m, const char* name, py::tuple bases, const char* doc) {
    const std::string qualified = std::string("civica.") + name;
    PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
    if (cls == nullptr) throw py::error_already_set();
    m.attr(name) = py::reinterpret_borrow<py::object>(cls);
    return cls;  // the reference from PyErr_NewException is kept on purpose
}

py::object none_if_zero(std::size_t n) {
    return n == 0 ? py::object(py::none()) : py::object(py::int_(n));
}

// The message goes as user_text: a message quoting bytes of a file that is not UTF-8 must not
// turn into a UnicodeDecodeError.
void raise(PyObject* cls, const std::exception& e) { PyErr_SetObject(cls, user_text(e.what()).ptr()); }

void raise_parse_error(const civica::parse_error& e) {
    py::object exc = py::reinterpret_borrow<py::object>(parse_error_cls)(user_text(e.what()));
    exc.attr("file") = none_if_empty(e.file());
    exc.attr("line") = none_if_zero(e.line());
    exc.attr("column") = none_if_zero(e.column());
    exc.attr("field") = none_if_empty(e.field());
    exc.attr("reason") = user_text(e.reason());
    PyErr_SetObject(parse_error_cls, exc.ptr());
}

void raise_validation_error(const civica::validation_error& e) {
    py::object exc = py::reinterpret_borrow<py::object>(validation_error_cls)(user_text(e.what()));
    exc.attr("check") = e.check();
    exc.attr("field") = none_if_empty(e.field());
    PyErr_SetObject(validation_error_cls, exc.ptr());
}

}  // namespace

void register_errors(py::module_& m) {
    const py::object exception = py::reinterpret_borrow<py::object>(PyExc_Exception);
    civica_error_cls = make_exception(m, "CivicaError", py::make_tuple(exception),
                                      "Base class of every error raised by civica.");
    const py::object base = py::reinterpret_borrow<py::object>(civica_error_cls);
    validation_error_cls = make_exception(
        m, "ValidationError",
        py::make_tuple(base, py::reinterpret_borrow<py::object>(PyExc_ValueError)),
        "A value or a record breaks a rule of the domain (a bad INN, negative money, a reference\n"
        "to a row that is not in the dataset). Also a ValueError.\n\n"
        "Attributes: check (the problem code every reader reports for the rule: \"invalid_inn\",\n"
        "\"negative_money\", \"duplicate_id\", …; \"rule\" for a rule without a code of its own),\n"
        "field (the column of the table's files the rule is about, None when unknown).");
    parse_error_cls = make_exception(
        m, "ParseError",
        py::make_tuple(base, py::reinterpret_borrow<py::object>(PyExc_ValueError)),
        "Input text could not be read. Also a ValueError.\n\n"
        "Attributes (None when unknown): file (file name), line (1-based, the header is line 1),\n"
        "column (1-based), field (column name), reason (the message without the location).");
    not_found_error_cls = make_exception(
        m, "NotFoundError",
        py::make_tuple(base, py::reinterpret_borrow<py::object>(PyExc_KeyError)),
        "A key, id, dataset name or indicator that was looked up is not there. Also a KeyError.");
    io_error_cls = make_exception(
        m, "CivicaIOError",
        py::make_tuple(base, py::reinterpret_borrow<py::object>(PyExc_OSError)),
        "A file or folder could not be opened, read or written. Also an OSError.");

    // Class-level defaults, so that `err.file` works on a ParseError raised from Python too.
    py::object parse_cls = py::reinterpret_borrow<py::object>(parse_error_cls);
    for (const char* attr : {"file", "line", "column", "field", "reason"})
        parse_cls.attr(attr) = py::none();
    py::object validation_cls = py::reinterpret_borrow<py::object>(validation_error_cls);
    validation_cls.attr("check") = "rule";
    validation_cls.attr("field") = py::none();

    // KeyError's str() is the repr of its argument ("'no indicator …'"); a message reads
    // better without the quotes.
    py::object nf_cls = py::reinterpret_borrow<py::object>(not_found_error_cls);
    nf_cls.attr("__str__") = py::cpp_function(
        [](py::handle self) -> py::str {
            py::tuple args = self.attr("args");
            if (args.size() == 1) return py::str(args[0]);
            return py::str(py::reinterpret_borrow<py::object>(PyExc_Exception).attr("__str__")(self));
        },
        py::is_method(nf_cls), py::name("__str__"));

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const civica::parse_error& e) {
            raise_parse_error(e);
        } catch (const civica::validation_error& e) {
            raise_validation_error(e);
        } catch (const civica::not_found_error& e) {
            raise(not_found_error_cls, e);
        } catch (const civica::io_error& e) {
            raise(io_error_cls, e);
        } catch (const civica::error& e) {
            raise(civica_error_cls, e);
        }
    });
}

}  // namespace civica::python
