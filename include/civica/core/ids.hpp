#pragma once
/// \file
/// Distinct identifier types: an organization_id cannot be passed where a council_id is expected.

#include <compare>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace civica {

/// An identifier chosen by the data's publisher ("org-17", an INN, a 360Giving grant id).
/// `Tag` makes each kind of id a distinct type. An empty id means "none".
template <class Tag>
class basic_id {
public:
    basic_id() = default;
    explicit basic_id(std::string value) : value_(std::move(value)) {}
    explicit basic_id(std::string_view value) : value_(value) {}
    explicit basic_id(const char* value) : value_(value) {}

    const std::string& str() const noexcept { return value_; }
    bool empty() const noexcept { return value_.empty(); }
    explicit operator bool() const noexcept { return !value_.empty(); }

    friend bool operator==(const basic_id&, const basic_id&) = default;
    friend auto operator<=>(const basic_id&, const basic_id&) = default;

private:
    std::string value_;
};

/// True for the id types (basic_id of any tag).
template <class T>
inline constexpr bool is_id_v = false;
template <class Tag>
inline constexpr bool is_id_v<basic_id<Tag>> = true;

namespace tags {
struct municipality {};
struct organization {};
struct person {};
struct grant_operator {};
struct programme {};
struct competition {};
struct application {};
struct course {};
struct body {};
struct meeting {};
struct agenda_question {};
struct service {};
}  // namespace tags

using municipality_id = basic_id<tags::municipality>;
using organization_id = basic_id<tags::organization>;
using person_id = basic_id<tags::person>;
using operator_id = basic_id<tags::grant_operator>;
using programme_id = basic_id<tags::programme>;
using competition_id = basic_id<tags::competition>;
using application_id = basic_id<tags::application>;
using course_id = basic_id<tags::course>;
/// A collegial public body: a public council or the Public Chamber.
using body_id = basic_id<tags::body>;
/// Synonym kept for readers who think of every body as a council.
using council_id = body_id;
using meeting_id = basic_id<tags::meeting>;
using agenda_question_id = basic_id<tags::agenda_question>;
using service_id = basic_id<tags::service>;

/// Whether `id` is empty or only spaces, tabs and line breaks: no id a person can tell apart,
/// which `dataset::add` refuses (a dataset folder's row of such an id would be blank, and the
/// CSV readers skip a blank row).
inline bool blank_id(std::string_view id) { return id.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace civica

template <class Tag>
struct std::hash<civica::basic_id<Tag>> {
    std::size_t operator()(const civica::basic_id<Tag>& id) const noexcept {
        return std::hash<std::string>{}(id.str());
    }
};
