// The text a JSON writer of the io layer writes: nlohmann's dump, with text that is not UTF-8
// turned into a civica::validation_error naming the file (nlohmann's own exception names
// nothing, and is not a civica::error).
#pragma once

#include "civica/error.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace civica::io::detail {

template <class Json>
std::string json_text(const Json& doc, const std::filesystem::path& file, int indent = 2, char indent_char = ' ') {
    try {
        return doc.dump(indent, indent_char, false, Json::error_handler_t::strict) + "\n";
    } catch (const typename Json::exception& e) {
        throw validation_error(file.filename().string() + ": a text value is not valid UTF-8 (" + e.what() + ")");
    }
}

}  // namespace civica::io::detail
