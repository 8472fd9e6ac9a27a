#include "civica/error.hpp"

namespace civica {
namespace {

std::string format_location(const std::string& file, std::size_t line, std::size_t column,
                            const std::string& field, const std::string& what) {
    std::string out;
    if (!file.empty()) out += file;
    if (line != 0) {
        out += ':';
        out += std::to_string(line);
        if (column != 0) {
            out += ':';
            out += std::to_string(column);
        }
    }
    if (!out.empty()) out += ": ";
    if (!field.empty()) out += "column \"" + field + "\": ";
    out += what;
    return out;
}

}  // namespace

parse_error::parse_error(std::string file, std::size_t line, std::size_t column,
                         std::string field, const std::string& what)
    : error(format_location(file, line, column, field, what)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      field_(std::move(field)),
      reason_(what) {}

parse_error::parse_error(const std::string& what) : error(what), reason_(what) {}

parse_error parse_error::at_json_path(std::string file, const std::string& path, std::string field,
                                      const std::string& what) {
    parse_error e(std::move(file), 0, 0, {}, path.empty() ? what : path + ": " + what);
    e.field_ = std::move(field);
    e.field_in_reason_ = true;
    return e;
}

parse_error parse_error::located(const std::string& file, std::size_t line,
                                 const std::string& field) const {
    if (field_in_reason_) {
        parse_error e(file_.empty() ? file : file_, 0, 0, {}, reason_);  // the path is the place
        e.field_ = field_.empty() ? field : field_;
        e.field_in_reason_ = true;
        return e;
    }
    return parse_error(file_.empty() ? file : file_, line_ == 0 ? line : line_, column_,
                       field_.empty() ? field : field_, reason_);
}

}  // namespace civica
