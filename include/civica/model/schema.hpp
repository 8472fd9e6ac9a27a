#pragma once
/// \file
/// The tables of a civica dataset, declared once: for each table (in add order) its columns,
/// each with its name in files, the model member it maps to, its type, the enumeration's value
/// names or the table a reference points at, and whether it may be missing. The dataset folder
/// (CSV and JSON), the SQLite store, the Python row classes, `to_pandas()` and the format
/// documentation follow this declaration.
///
/// Adding a column:
///  1. add the member to the model's row struct (and, for a table stored by column, to the
///     table class, its `*_at` row view and its bulk load);
///  2. add one entry to the table's list in src/model/schema.cpp, where the files should show it;
///  3. add the model's rule for it, if any, to `dataset::add`, and test it;
///  4. list it in docs/dataset-format.md and python/civica/_core.pyi (tests/python/test_schema.py
///     fails until they agree with the declaration).
/// The dataset folder (CSV and JSON), SQLite (its CREATE TABLE, INSERT and SELECT of every
/// table), the Python row classes (`Row(column=…)`, `to_dict()`, pickling) and `to_pandas()`
/// follow the declaration with no edit. A new column of a table stored by column also needs
/// its storage listed for column_data_of() (src/model/schema.cpp), which `to_pandas()`,
/// `column()` and `dictionary()` of its Python view follow, and, for applications, its entry in
/// src/io/sqlite.cpp's application_bindings_by_name; both throw, naming the column, until it is
/// there. The civica store's column lists (src/io/store.cpp) are typed by hand, in the order of
/// the store's format version, and a test (io_store_test) fails when a declared column is not
/// among them.

#include "civica/core/date.hpp"
#include "civica/core/money.hpp"
#include "civica/model/council.hpp"
#include "civica/model/dataset.hpp"
#include "civica/model/grant.hpp"
#include "civica/model/indicator.hpp"
#include "civica/model/organization.hpp"
#include "civica/model/support.hpp"
#include "civica/model/training.hpp"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace civica::schema {

/// What a column holds.
enum class column_type : std::uint8_t {
    id,           ///< the row's own id (text, unique in the table)
    text,         ///< free text
    integer,      ///< a whole number (fits a 32-bit int)
    real,         ///< a floating-point number
    money,        ///< an amount: integer hundredths of the dataset's currency, written 12.50
    day,          ///< a calendar date, written YYYY-MM-DD
    boolean,      ///< true or false
    enumeration,  ///< one of the column's `values`
    reference,    ///< the id of a row of the table named by `references`
    party,        ///< the id of an organisation or a person, as the column `kind_column` says
    text_list,    ///< texts, written separated by '|'
    year_counts,  ///< whole numbers by year, written 2010:79410|2020:103000
};
/// "id", "text", "integer", "real", "money", "date", "boolean", "enum", "reference", "party",
/// "list", "year_counts".
std::string_view to_string(column_type t);

/// One column of a table.
struct column {
    std::string_view name = {};       ///< in files: CSV header, JSON key, Python column views
    std::string_view member = {};     ///< the model member: "held", "window.start", "qual"
    std::string_view attribute = {};  ///< the Python row attribute: "held", "window_start", "qualifier"
    column_type type = column_type::text;
    /// A CSV file of the table must have this column in its header.
    bool required = false;
    /// The model may hold no value here (an optional, a missing date, an empty reference; for
    /// text, an empty text reads as None in Python). A required reference is never missing.
    bool nullable = false;
    std::string_view references = {};           ///< table name, for reference columns
    std::string_view kind_column = {};          ///< for party columns: the enumeration saying which
    std::span<const std::string_view> values = {};  ///< enumeration names, in code order
    /// The model's 0 means "unknown" here (an ОКОПФ code, a council's size): files write it empty.
    bool zero_is_unknown = false;
};

/// One table of a dataset.
struct table {
    std::string_view name;   ///< "applications": the JSON key and Python attribute
    std::string_view file;   ///< "applications.csv": the file in a dataset folder
    std::vector<column> columns;
    /// True when the first column is the row's id.
    bool keyed() const { return !columns.empty() && columns.front().type == column_type::id; }
    /// The column named `name` in files, or nullptr.
    const column* find(std::string_view name) const;
};

/// Every table, in add order (a table refers only to tables before it).
std::span<const table> tables();
/// The table named `name` ("applications"); throws civica::not_found_error listing the names.
const table& table_named(std::string_view name);

// ---------------------------------------------------------------------- typed access

/// A column's value, independent of the row type: nothing (std::monostate) for a missing
/// optional value or date; ids, references, texts and enumeration names as text; integers as
/// std::int64_t.
using value = std::variant<std::monostate, std::string, std::int64_t, double, bool, date, money,
                           std::vector<std::string>, std::map<int, std::int64_t>>;

/// A column of row type `Row` with its accessors.
template <class Row>
struct field {
    const column* col;
    value (*get)(const Row&);
    /// Sets the member; an enumeration name the model does not know throws civica::parse_error
    /// (the model's message, listing the names); a value of the wrong alternative throws
    /// std::logic_error.
    void (*set)(Row&, value&&);
    /// For a column of one text (id, text, reference, party): its text, a view into the row,
    /// with no copy. nullptr for the other columns.
    std::string_view (*text)(const Row&) = nullptr;
    /// For a text_list column: its texts, a view into the row. nullptr for the other columns.
    std::span<const std::string> (*texts)(const Row&) = nullptr;
};

/// The fields of `Row`, in the order of its table's columns. Defined for municipality,
/// organization, person, grant_operator, programme, competition, application, course,
/// enrolment, collegial_body, membership_term, meeting, agenda_question, support_service,
/// monitoring_record and indicator.
template <class Row>
std::span<const field<Row>> fields();

/// The table whose rows are `Row`s.
template <class Row>
const table& table_of();

/// How many rows of `Row` the dataset holds.
template <class Row>
std::size_t row_count(const dataset& ds);
/// A copy of row `i` of the table of `Row`s (a row view of a table stored by column).
template <class Row>
Row row_at(const dataset& ds, std::size_t i);

/// Calls `f(Row{})` once for each row type, in the order of tables().
template <class F>
void for_each_row_type(F&& f) {
    f(municipality{});
    f(organization{});
    f(person{});
    f(grant_operator{});
    f(programme{});
    f(competition{});
    f(application{});
    f(course{});
    f(enrolment{});
    f(collegial_body{});
    f(membership_term{});
    f(meeting{});
    f(agenda_question{});
    f(support_service{});
    f(monitoring_record{});
    f(indicator{});
}

// ---------------------------------------------------------------------- tables stored by column

/// Where a table stored by column keeps one declared column: the rows' ids (id_index), text as
/// dictionary codes (string_column), references, party rows and whole numbers as 32-bit values
/// (a reference's no_row for none), enumeration codes and booleans as bytes, money (kopecks,
/// missing_kopecks for none) and dates (day numbers, missing_day for none) as 64-bit values,
/// reals as doubles (NaN for none). The column's type says which of the same layout it is.
using column_data = std::variant<const id_index*, const string_column*, const std::vector<std::int32_t>*,
                                 const std::vector<std::uint8_t>*, const std::vector<std::int64_t>*,
                                 const std::vector<double>*>;

/// True for the tables a dataset stores by column: applications, enrolments, agenda_questions
/// and services.
bool stored_by_column(const table& t);
/// The storage of each declared column of `t` in `ds`, in the declaration's order, for a table
/// stored by column. Throws std::logic_error for another table, or when a declared column has
/// no storage listed in src/model/schema.cpp (a new column of such a table must be added there).
std::vector<column_data> column_data_of(const dataset& ds, const table& t);

/// The names of enumeration `E`, in code order: the ones its to_string prints and its parse
/// function accepts.
template <class E>
std::span<const std::string_view> value_names();

}  // namespace civica::schema
