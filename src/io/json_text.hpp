// JSON text in and out for the io layer's JSON formats. Out: nlohmann's dump, with text that
// is not UTF-8 turned into a civica::validation_error naming the file (nlohmann's own exception
// names nothing, and is not a civica::error). In: the text of a field that holds words.
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

/// The text of `obj[key]`: a string as it is, a whole number as its digits (a title or a name
/// some publishers export as 5, which would otherwise read as nothing); "" when it is absent,
/// null or anything else.
template <class Json, class Key>
std::string text_of(const Json& obj, const Key& key) {
    if (!obj.is_object()) return {};
    auto it = obj.find(key);
    if (it == obj.end()) return {};
    if (it->is_string()) return it->template get<std::string>();
    if (it->is_number_integer()) return it->dump();
    return {};
}

}  // namespace civica::io::detail
