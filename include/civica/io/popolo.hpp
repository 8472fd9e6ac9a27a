#pragma once
/// \file
/// Popolo (https://www.popoloproject.com) JSON: people, organisations, memberships, posts,
/// events and motions of legislatures and councils, read into a civica::dataset and written
/// back. What maps to what is listed in docs/formats.md; in short: organisations classified
/// as a council, committee, chamber or legislature become collegial bodies, other
/// organisations become organisations; persons become persons; memberships of a body become
/// its membership terms (one per distinct start/end, counting distinct members); events of a
/// body become meetings; motions of a meeting and events nested in a meeting become agenda
/// questions; areas become municipalities.
///
///     auto d = civica::io::read_popolo_json("local_councillor_popolo.json");
///     d.bodies().size();   // the councils

#include "civica/model/dataset.hpp"

#include <filesystem>

namespace civica::io {

/// Reads a Popolo JSON document (an object with any of `persons`, `organizations`,
/// `memberships`, `posts`, `events`, `motions`, `areas`). Properties the model cannot hold
/// (contact details, images, votes, counts, roles) are ignored, never an error. Partial dates
/// (`2013`, `2013-05`) are widened: a start to the first day, an end to the last day.
///
/// Throws civica::io_error when the file cannot be read; civica::parse_error naming the file,
/// the array and the index for malformed JSON, a record without an id, or a date that does not
/// parse; civica::validation_error (prefixed with the file name) when a record breaks a rule
/// of the domain. Nothing is half-loaded.
dataset read_popolo_json(const std::filesystem::path& file);

/// Writes the collegial bodies of `d` with their terms, meetings and agenda questions, and the
/// dataset's persons, other organisations and the municipalities bodies refer to, as Popolo
/// JSON. read_popolo_json of the result gives back those tables unchanged.
///
/// civica keeps a term's size, not who the members were: a term of N members is written as N
/// memberships of the body without a person (`role: "member"`), a term of unknown size as one
/// membership with `role: "term"`. A meeting's format is written in the event's classification
/// ("meeting", "remote meeting", "mixed meeting", "absentee meeting"); agenda questions are
/// motions of the meeting (`legislative_session_id`).
/// Throws civica::io_error when the file cannot be written.
void write_popolo_json(const dataset& d, const std::filesystem::path& file);

}  // namespace civica::io
