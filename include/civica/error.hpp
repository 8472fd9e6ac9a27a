#pragma once
/// \file
/// The exception hierarchy of civica. Every error civica throws derives from civica::error.

#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>

namespace civica {

/// Base of every exception thrown by civica.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A value or a record breaks a rule of the domain (bad INN, negative money, unknown reference).
/// A rule with a name of its own carries it: check() is the problem code every reader reports
/// for it (`invalid_inn`, `negative_money`, `duplicate_id`, … as listed in civica/io/check.hpp;
/// `rule` for a rule without one) and field() the column of the table's files it is about
/// (empty when none is known), so that a refusal of the model reads the same in every format.
class validation_error : public error {
public:
    explicit validation_error(const std::string& what) : error(what) {}
    explicit validation_error(const char* what) : error(what) {}
    validation_error(std::string check, std::string field, const std::string& what)
        : error(what), check_(std::move(check)), field_(std::move(field)) {}

    const std::string& check() const noexcept { return check_; }
    const std::string& field() const noexcept { return field_; }

    /// The same refusal with `place` before its message ("applications.csv, record \"a1\": "),
    /// keeping its check code and column: how a reader adds where the refused row is.
    validation_error prefixed(const std::string& place) const { return {check_, field_, place + what()}; }

private:
    std::string check_ = "rule";
    std::string field_;
};

/// names[i]: the name of the value `i` of an enumeration; validation_error naming `what` (the
/// enumeration) for a value past its names (a cast from a bad integer), not std::out_of_range.
template <class Names>
auto enum_name(const Names& names, std::size_t i, const char* what) -> decltype(names[i]) {
    if (i >= std::size(names)) throw validation_error(std::to_string(i) + " is not a " + what + " value");
    return names[i];
}

/// Input text could not be read. Knows where: file, line (1-based, 0 if unknown),
/// column (1-based, 0 if unknown) and field name (empty if unknown).
class parse_error : public error {
public:
    parse_error(std::string file, std::size_t line, std::size_t column, std::string field,
                const std::string& what);
    /// Without a location (used by value parsers; readers add the place with `located`).
    explicit parse_error(const std::string& what);
    /// An error at `path` of a JSON file, a path that ends with the field when there is one
    /// ("tables.applications[16].awarded"): what() is "file: path: what" and reason() is
    /// "path: what", without the "column" that names the field of a table's file; field() is
    /// `field` ("awarded"), line() 0.
    static parse_error at_json_path(std::string file, const std::string& path, std::string field,
                                    const std::string& what);

    const std::string& file() const noexcept { return file_; }
    std::size_t line() const noexcept { return line_; }
    std::size_t column() const noexcept { return column_; }
    const std::string& field() const noexcept { return field_; }
    /// The message without the location prefix.
    const std::string& reason() const noexcept { return reason_; }

    /// A copy of this error with the given place (keeps already-set parts; an error of
    /// at_json_path takes no line, its path being its place).
    parse_error located(const std::string& file, std::size_t line,
                        const std::string& field = {}) const;

private:
    std::string file_;
    std::size_t line_ = 0;
    std::size_t column_ = 0;
    std::string field_;
    std::string reason_;
    bool field_in_reason_ = false;  // at_json_path: the reason's path names the field
};

/// A key, id or name was looked up and is not there.
class not_found_error : public error {
public:
    using error::error;
};

/// A file or folder could not be opened, read or written.
class io_error : public error {
public:
    using error::error;
};

}  // namespace civica
