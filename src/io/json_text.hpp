// JSON text in and out for the io layer's JSON formats. Out: nlohmann's dump, with text that
// is not UTF-8 turned into a civica::validation_error naming the file (nlohmann's own exception
// names nothing, and is not a civica::error). In: the text of a field that holds words, and
// the first text of a record that civica cannot hold.
#pragma once

#include "civica/core/interruption.hpp"
#include "civica/error.hpp"
#include "civica/text/files.hpp"
#include "civica/text/text.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace civica::io::detail {

/// The whole units from which a JSON number with a fraction no longer stands for one amount:
/// below it every amount of two decimals has at most 15 significant digits, which a double
/// holds exactly, so the double's shortest text is the number as written. From it on, the
/// written "99999999999999.99" and the double's "99999999999999.98" cannot be told apart: the
/// readers of JSON formats refuse such an amount (a string or a whole number is exact), and
/// the writers write none.
constexpr std::int64_t exact_fraction_limit = 10'000'000'000'000;

/// Why the JSON number with a fraction `x` (its text `dumped`) is no amount civica can hold
/// exactly, or "" when it is below exact_fraction_limit (its decimals are then judged by its
/// shortest text, text::format_double). The caller adds what its format can write instead.
inline std::string inexact_amount_problem(double x, const std::string& dumped) {
    if (std::isfinite(x) && std::fabs(x) < static_cast<double>(exact_fraction_limit)) return {};
    // Past 2^63 hundredths (a whole number past 2^64 reaches here as a double too): too large
    // for civica's money at all, whatever its digits.
    if (!std::isfinite(x) || std::fabs(x) >= 92'233'720'368'547'758.07)
        return "the number read as " + dumped + " is more than civica's money holds (92233720368547758.07)";
    return "the number read as " + dumped + " is not an amount civica can hold exactly (from 10^13 on, a number "
                                            "with a fraction or an exponent has more digits than a JSON reader keeps)";
}

/// A string that nlohmann's serializer writes into, with an interruption point
/// (civica/core/interruption.hpp) every MiB written: a national dataset takes seconds to dump.
class checked_string_output : public nlohmann::detail::output_adapter_protocol<char> {
public:
    explicit checked_string_output(std::string& out) : out_(out) {}
    void write_character(char c) override {
        out_.push_back(c);
        if (out_.size() >= next_point_) point();
    }
    void write_characters(const char* s, std::size_t length) override {
        out_.append(s, length);
        if (out_.size() >= next_point_) point();
    }

private:
    void point() {
        interruption_point();
        next_point_ = out_.size() + (std::size_t{1} << 20);
    }
    std::string& out_;
    std::size_t next_point_ = std::size_t{1} << 20;
};

template <class Json>
std::string json_text(const Json& doc, const std::filesystem::path& file, int indent = 2, char indent_char = ' ') {
    try {
        // doc.dump(indent, indent_char, false, strict), through checked_string_output.
        std::string out;
        nlohmann::detail::serializer<Json> s(std::make_shared<checked_string_output>(out), indent_char,
                                             Json::error_handler_t::strict);
        s.dump(doc, indent >= 0, false, indent >= 0 ? static_cast<unsigned>(indent) : 0u);
        out += '\n';
        return out;
    } catch (const typename Json::exception& e) {
        throw validation_error(file.filename().string() + ": a text value is not valid UTF-8 (" + e.what() + ")");
    }
}

/// Writes `doc` to `file` atomically (text::write_file_atomically) as json_text makes it, the
/// document freed before the file takes the target's place: freeing a large document takes a
/// while (a second for a national dataset) and has no interruption point, so it comes before the
/// last check, not after the target was replaced.
template <class Json>
void write_json_file(const std::filesystem::path& file, Json doc, int indent = 2, char indent_char = ' ') {
    const std::string content = json_text(doc, file, indent, indent_char);
    doc = Json();
    text::write_file_atomically(file, content);
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

/// The first text in `v`, depth first, that civica cannot hold (text::text_value_problem: JSON's
/// "\u0000" is a NUL byte, which no civica text holds and no CSV form can write): why, with its
/// JSON path below `v` in `path` ("plannedDates[0].title"; an object's bad key names the object).
/// "" when every string and key is text. `skip` (optional) names keys of `v` itself to leave
/// out (a Popolo record's embedded records, checked as records of their own). JSON parsing has
/// checked the UTF-8 already.
template <class Json>
std::string bad_text_in(const Json& v, std::string& path, const std::function<bool(const std::string&)>& skip = {}) {
    const auto below = [&](const std::string& step, const Json& child) {
        std::string inner;
        std::string why = bad_text_in(child, inner);
        if (!why.empty()) path = step + (inner.empty() || inner.front() == '[' ? inner : "." + inner);
        return why;
    };
    if (v.is_string()) return text::text_value_problem(v.template get_ref<const std::string&>());
    if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i)
            if (std::string why = below("[" + std::to_string(i) + "]", v[i]); !why.empty()) return why;
        return {};
    }
    if (v.is_object())
        for (auto it = v.begin(); it != v.end(); ++it) {
            if (skip && skip(it.key())) continue;
            if (std::string why = text::text_value_problem(it.key(), "a key"); !why.empty()) {
                path.clear();
                return why;
            }
            if (std::string why = below(it.key(), it.value()); !why.empty()) return why;
        }
    return {};
}

}  // namespace civica::io::detail
