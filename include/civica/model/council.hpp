#pragma once
/// \file
/// Collegial public bodies (public councils, the Public Chamber), their terms of membership,
/// meetings and the agenda questions considered (stored by column).

#include "civica/core/column.hpp"
#include "civica/core/date.hpp"
#include "civica/core/ids.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civica {

namespace detail {
struct dataset_loader;
}  // namespace detail

enum class body_kind : std::uint8_t { public_council, public_chamber, other };
std::string_view to_string(body_kind k);
/// Parses the names printed by to_string (letter case matters); throws civica::parse_error
/// listing them, with the closest one when one is close.
body_kind parse_body_kind(std::string_view s);

/// A collegial public body: a public council attached to a named local-government body,
/// the city's Public Chamber, or another body.
struct collegial_body {
    body_id id;
    std::string name;
    body_kind kind = body_kind::public_council;
    std::string attached_to;        ///< the local-government body a council is attached to
    municipality_id municipality;
    friend bool operator==(const collegial_body&, const collegial_body&) = default;
};

/// One term (состав) of a body's membership; a new term starting means the membership was renewed.
struct membership_term {
    body_id body;
    period term;
    int members = 0;          ///< size of the composition; 0 if unknown
    std::string note;         ///< e.g. "formed from the city's opinion leaders"
    friend bool operator==(const membership_term&, const membership_term&) = default;
};

enum class meeting_format : std::uint8_t { in_person, remote, mixed, absentee };
std::string_view to_string(meeting_format f);
/// Parses the names printed by to_string (letter case matters); throws civica::parse_error
/// listing them, with the closest one when one is close.
meeting_format parse_meeting_format(std::string_view s);

struct meeting {
    meeting_id id;
    body_id body;
    date held;
    meeting_format format = meeting_format::in_person;
    /// Members present, when the minutes say (an absentee vote may have none present).
    std::optional<int> attendance{};
    friend bool operator==(const meeting&, const meeting&) = default;
};

/// A question on a meeting's agenda.
struct agenda_question {
    agenda_question_id id;
    meeting_id meeting;
    std::string title;
    std::string topic;
    friend bool operator==(const agenda_question&, const agenda_question&) = default;
};

/// Agenda questions stored by column.
class agenda_table {
public:
    std::size_t size() const noexcept { return ids_.size(); }
    const id_index& ids() const noexcept { return ids_; }
    const std::vector<row_index>& meeting() const noexcept { return meeting_; }
    const string_column& title() const noexcept { return title_; }
    const string_column& topic() const noexcept { return topic_; }

private:
    friend class dataset;
    friend struct detail::dataset_loader;  // builds a table by column for dataset::adopt
    void truncate(std::size_t n);
    id_index ids_;
    std::vector<row_index> meeting_;
    string_column title_;
    string_column topic_;
};

}  // namespace civica
