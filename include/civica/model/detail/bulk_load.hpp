#pragma once
/// \file
/// The bulk-load interface of civica::dataset for readers (the io layer): applications by
/// column and organisations in one call, each row checked by the same rules as dataset::add.
/// The organisations' text and dates too (a store's checksum shows a file whole, not written by
/// civica: anyone can seal a changed one again); the applications' text is the reader's to check
/// as it decodes it (text::text_value_problem: UTF-8, no NUL byte; the store once per distinct
/// string), so that it is not scanned twice.
/// Internal: no stability promise; programs add rows with dataset::add.

#include "civica/core/column.hpp"
#include "civica/model/dataset.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <unordered_map>
#include <vector>

namespace civica::detail {

/// What a skip-mode load has left out: the rows a bulk call refused (their index in the call's
/// columns, and the refusal) and the ids of the rows left out so far, kept across calls and
/// added to by the reader for the rows it leaves out itself. A later row with one of those ids is
/// refused as a duplicate (duplicate_id: the file has the id twice), as a dataset folder's skip
/// read refuses it, not taken as the record the references find in the left-out row's place.
struct refusals {
    std::vector<std::pair<std::size_t, validation_error>> rows;
    /// id → the place, in the reader's order (a row number, a rowid), of the first row left out
    /// with it.
    std::unordered_map<std::string, std::size_t, string_hash, std::equal_to<>> ids;
    /// The place of each entry of a call's columns in the reader's order; empty: its index in
    /// the call (a reader that makes one call).
    std::vector<std::size_t> place;
    /// Whether the row at place `at` repeats the id of a row left out before it (an empty id
    /// repeats none: it is a missing value).
    bool repeats_left_out(std::string_view id, std::size_t at) const {
        if (id.empty()) return false;
        const auto it = ids.find(id);
        return it != ids.end() && it->second < at;
    }
    /// Notes that the row at place `at` with `id` was left out for `why` (a duplicate of a kept
    /// row holds no id of its own to note, nor does a row without one).
    void left_out(std::string id, std::size_t at, const validation_error& why) {
        if (why.check() != "duplicate_id") left_out(std::move(id), at);
    }
    /// Notes that the row at place `at` with `id` was left out for a value the reader could not
    /// read (its id is its own).
    void left_out(std::string id, std::size_t at) {
        if (!id.empty()) ids.try_emplace(std::move(id), at);
    }
    /// The refusal of a row repeating the id of a row left out before it; `what` names the
    /// record ("application"), or nothing.
    static validation_error repeat_of_left_out(std::string_view what, std::string_view id) {
        return validation_error("duplicate_id", "id",
                                (what.empty() ? std::string() : std::string(what) + " ") + "\"" + std::string(id) +
                                    "\": duplicate id (a row above with it was left out)");
    }
};

/// Many applications by column, for bulk loaders (dataset_loader::add_applications). References are
/// row numbers: `competition` into competitions(), `applicant` into organizations() or
/// persons() per `applicant_type`; `awarded` is missing_kopecks for non-winners, dates are day
/// numbers (missing_day when unknown). Strings are views the caller keeps alive for the call.
struct application_columns {
    std::vector<std::string_view> id, title, direction;
    std::vector<row_index> competition, applicant;
    std::vector<std::uint8_t> applicant_type, status;
    std::vector<std::int64_t> requested, cofunding, awarded;
    std::vector<day_number> submitted, implementation_start, implementation_end;
    /// Optional decision dates: empty when the source publishes none (every row's is then
    /// missing_day), else one per row.
    std::vector<day_number> decided;
    /// Optional expert ratings: empty when the source publishes none, else one per row (NaN
    /// for none).
    std::vector<double> rate;

    /// Optional dictionary form of `title` and `direction`, for loaders that have already
    /// interned them: when `title_code` is not empty, row i's title is
    /// `title_dictionary[title_code[i]]` and `title` is not read (the same for direction).
    std::vector<std::string_view> title_dictionary, direction_dictionary;
    std::vector<std::uint32_t> title_code, direction_code;
    /// Optional civica::detail::hash_bytes of each id, computed ahead (e.g. on the parse
    /// threads); when not empty it must hold exactly those hashes.
    std::vector<std::uint64_t> id_hash;
};

/// The bulk loads of a dataset (friends of civica::dataset).
struct dataset_loader {
    /// Makes room for `more` applications, for a loader that adds them in several
    /// add_applications calls: the columns and the id index then grow once, not per call.
    static void reserve_applications(dataset& ds, std::size_t more) { ds.reserve_applications(more); }
    /// Adds many applications given by column, checking every row against the rules of
    /// add(application), all or nothing. On a broken rule it throws validation_error and, when
    /// `bad_row` is given, stores the index of the offending entry there. When `refused` is
    /// given, a row that breaks a rule is left out instead and listed in its `rows` (its index
    /// in `c` and the refusal, with its check code and field), and the other rows are added
    /// (see refusals for the ids of the rows left out).
    static void add_applications(dataset& ds, const application_columns& c, std::size_t* bad_row = nullptr,
                                 refusals* refused = nullptr) {
        ds.add_applications(c, bad_row, refused);
    }
    /// Adds many organisations, each checked as by add(organization), all or nothing; the rows
    /// are moved in. On a broken rule it throws validation_error and, when `bad_row` is given,
    /// stores the index of the offending entry there.
    static void add_organizations(dataset& ds, std::vector<organization> rows, std::size_t* bad_row = nullptr) {
        ds.add_organizations(std::move(rows), bad_row);
    }

    /// A writable column of a columnar table a loader builds (application_table,
    /// enrolment_table, agenda_table, service_table), named by its public getter:
    /// `column(t, &application_table::requested)`. For a table that is not in a dataset yet;
    /// adopt() checks it as a whole.
    template <class Table, class Column>
    static Column& column(Table& t, const Column& (Table::*getter)() const noexcept) {
        return const_cast<Column&>((t.*getter)());
    }
    /// Makes `t` the dataset's table of its kind, which must be empty. The table is checked
    /// whole, by column: the columns must be of one length, ids unique and not empty,
    /// enumeration codes in range, every reference a row of its table (the referenced tables
    /// are loaded first), and each row must keep add()'s rules of its own values (text UTF-8
    /// without NUL, days of the years civica reads, money not negative, periods in order,
    /// rates finite), else it throws validation_error and the dataset is unchanged.
    template <class Table>
    static void adopt(dataset& ds, Table&& t) {
        ds.adopt(std::move(t));
    }
};

}  // namespace civica::detail
