// Design notes
// - Atomic replace: the new database is built by text::replace_atomically in a hidden sibling
//   of the target (same file system, so rename(2) is atomic), with no rollback journal (a
//   failed temporary file is simply deleted) inside one transaction; replace_atomically then
//   fsyncs it, renames it over the target and fsyncs the folder. A reader therefore sees the
//   old file or the new one; a kill mid-save leaves at most a stray hidden temporary file.
// - Row order is part of a dataset's identity (operator== compares rows in order). Keyed tables
//   keep it in SQLite's rowid (rows are inserted in order and read back ORDER BY rowid); tables
//   without ids (enrolments, terms, monitoring, indicators) have an explicit `seq` key; lists
//   inside a row (spheres, directions, population) have a `position`/year key.
// - Polymorphic references (an applicant or a service recipient is an organisation or a
//   person) are stored as two nullable columns, each a real FOREIGN KEY, with a CHECK that the
//   one matching the type is set.
// - Every value goes through sqlite3_bind_*; SQL text is constant.
#include "civica/io/sqlite.hpp"

#include "civica/error.hpp"
#include "civica/model/detail/bulk_load.hpp"
#include "civica/model/schema.hpp"
#include "civica/text/files.hpp"
#include "civica/version.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

namespace civica::io {
namespace {

// ---------------------------------------------------------------- the tables
// The CREATE TABLE statements follow the declaration (civica/model/schema.hpp), one SQL column
// per declared column, in its order, by these rules:
// - an id is `TEXT PRIMARY KEY NOT NULL`; a table without ids gets `seq INTEGER PRIMARY KEY`
//   first (its row order);
// - text, dates and enumerations are TEXT, integers, money and booleans INTEGER (a boolean with
//   CHECK (x IN (0, 1))), reals REAL; NOT NULL unless the column is nullable (text and
//   enumerations are never NULL: an empty text is '');
// - a reference is TEXT REFERENCES <table>(id), NOT NULL when required;
// - a party column (an organisation or a person) is two references, <name>_organization and
//   <name>_person, with CHECKs that the one its kind column names is set; that kind column
//   CHECKs its two values;
// - `start` and `end` (SQL keywords) are start_date and end_date;
// - lists and year counts live in side tables, one row per item: <row>_<column> (below).

constexpr const char* meta_sql = R"sql(
CREATE TABLE civica_meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);
)sql";

/// The SQL name of a declared column.
std::string sql_column(const schema::column& c) {
    if (c.name == "start" || c.name == "end") return std::string(c.name) + "_date";
    return std::string(c.name);
}

/// "municipalities" -> "municipality", "spheres" -> "sphere".
std::string singular(std::string_view plural) {
    if (plural.ends_with("ies")) return std::string(plural.substr(0, plural.size() - 3)) + "y";
    if (plural.ends_with("s")) return std::string(plural.substr(0, plural.size() - 1));
    return std::string(plural);
}

/// The side table holding a list or year-count column, one row per item, keyed by the owning
/// row's id and the item's position (a list: organization_spheres) or year (year counts:
/// municipality_population).
std::string side_table_sql(const schema::table& t, const schema::column& c) {
    const std::string owner = singular(t.name);
    const bool by_year = c.type == schema::column_type::year_counts;
    const std::string value = by_year ? std::string(c.name) : singular(c.name);
    const std::string key = by_year ? "year" : "position";
    return "CREATE TABLE " + owner + "_" + std::string(c.name) + " (\n  " + owner + " TEXT NOT NULL REFERENCES " +
           std::string(t.name) + "(id),\n  " + key + " INTEGER NOT NULL,\n  " + value + " " +
           (by_year ? "INTEGER" : "TEXT") + " NOT NULL,\n  PRIMARY KEY (" + owner + ", " + key +
           ")\n) WITHOUT ROWID;\n";
}

/// CREATE TABLE of one declared table (and of its side tables).
std::string create_table_sql(const schema::table& t) {
    using schema::column_type;
    std::vector<std::string> lines;
    std::vector<std::string> checks;
    std::string side;
    if (!t.keyed()) lines.push_back("seq INTEGER PRIMARY KEY");
    auto kind_of_party = [&](const schema::column& c) {
        for (const auto& other : t.columns)
            if (other.type == column_type::party && other.kind_column == c.name) return true;
        return false;
    };
    for (const auto& c : t.columns) {
        const std::string name = sql_column(c);
        const std::string not_null = c.nullable ? "" : " NOT NULL";
        switch (c.type) {
            case column_type::id: lines.push_back(name + " TEXT PRIMARY KEY NOT NULL"); break;
            case column_type::text: lines.push_back(name + " TEXT NOT NULL"); break;
            case column_type::enumeration: {
                std::string line = name + " TEXT NOT NULL";
                if (kind_of_party(c)) {
                    line += " CHECK (" + name + " IN (";
                    for (std::size_t i = 0; i < c.values.size(); ++i)
                        line += (i ? ", '" : "'") + std::string(c.values[i]) + "'";
                    line += "))";
                }
                lines.push_back(line);
                break;
            }
            case column_type::day: lines.push_back(name + " TEXT" + not_null); break;
            case column_type::integer:
            case column_type::money: lines.push_back(name + " INTEGER" + not_null); break;
            case column_type::real: lines.push_back(name + " REAL" + not_null); break;
            case column_type::boolean:
                lines.push_back(name + " INTEGER NOT NULL CHECK (" + name + " IN (0, 1))");
                break;
            case column_type::reference:
                lines.push_back(name + " TEXT" + (c.required ? " NOT NULL" : "") + " REFERENCES " +
                                std::string(c.references) + "(id)");
                break;
            case column_type::party: {
                const std::string kind(c.kind_column);
                for (const char* target : {"organization", "person"}) {
                    lines.push_back(name + "_" + target + " TEXT REFERENCES " + target + "s(id)");
                    checks.push_back("CHECK ((" + kind + " = '" + target + "') = (" + name + "_" + target +
                                     " IS NOT NULL))");
                }
                break;
            }
            case column_type::text_list:
            case column_type::year_counts: side += side_table_sql(t, c); break;
        }
    }
    // A published figure is one per key, year, territory and breakdown (dataset::set_indicator).
    if (t.name == "indicators") checks.push_back("UNIQUE (key, year, territory, breakdown)");
    lines.insert(lines.end(), checks.begin(), checks.end());
    std::string sql = "CREATE TABLE " + std::string(t.name) + " (\n";
    for (std::size_t i = 0; i < lines.size(); ++i) sql += "  " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    return sql + ");\n" + side;
}

/// Every table of a store, as save_sqlite creates them.
const std::string& schema_sql() {
    static const std::string sql = [] {
        std::string out = meta_sql;
        for (const auto& t : schema::tables()) out += create_table_sql(t);
        return out;
    }();
    return sql;
}

// The indexes, made after the rows are in: one sort per index instead of a B-tree insert per
// row.
constexpr const char* index_sql = R"sql(
CREATE INDEX organizations_inn ON organizations(inn);
CREATE INDEX organizations_municipality ON organizations(municipality);
CREATE INDEX competitions_programme ON competitions(programme);
CREATE INDEX applications_competition ON applications(competition);
CREATE INDEX applications_organization ON applications(applicant_organization);
CREATE INDEX applications_person ON applications(applicant_person);
CREATE INDEX applications_status ON applications(status);
CREATE INDEX enrolments_course ON enrolments(course);
CREATE INDEX enrolments_organization ON enrolments(organization);
CREATE INDEX membership_terms_body ON membership_terms(body);
CREATE INDEX meetings_body ON meetings(body);
CREATE INDEX agenda_questions_meeting ON agenda_questions(meeting);
CREATE INDEX services_provider ON services(provider);
CREATE INDEX services_recipient_organization ON services(recipient_organization);
CREATE INDEX monitoring_application ON monitoring(application);
)sql";

// ---------------------------------------------------------------- thin RAII over the C API

class database {
public:
    database(const std::filesystem::path& file, int flags, std::string name)
        : name_(std::move(name)) {
        const int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
        if (rc != SQLITE_OK) {
            const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            sqlite3_close(db_);
            db_ = nullptr;
            throw io_error("cannot open " + name_ + " as an SQLite database: " + msg);
        }
        sqlite3_extended_result_codes(db_, 1);
    }
    database(const database&) = delete;
    database& operator=(const database&) = delete;
    ~database() { close(); }

    void close() noexcept {
        if (db_) sqlite3_close_v2(db_);
        db_ = nullptr;
    }
    /// Closes and reports a failure (e.g. an unfinished statement) instead of ignoring it.
    void close_checked() {
        const int rc = sqlite3_close(db_);
        if (rc != SQLITE_OK) fail(rc, "closing");
        db_ = nullptr;
    }
    sqlite3* get() const noexcept { return db_; }
    const std::string& name() const noexcept { return name_; }

    /// Throws the civica error that fits an SQLite failure code.
    [[noreturn]] void fail(int rc, std::string_view doing) const {
        const std::string msg = std::string(doing) + ": " + (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
        if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
            throw parse_error(name_, 0, 0, {}, "not a valid SQLite database (" + msg + ")");
        throw io_error(name_ + ": " + msg);
    }
    void exec(const char* sql) const {
        char* err = nullptr;
        const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
        if (rc != SQLITE_OK) {
            std::string msg = err ? err : sqlite3_errstr(rc);
            sqlite3_free(err);
            if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
                throw parse_error(name_, 0, 0, {}, "not a valid SQLite database (" + msg + ")");
            throw io_error(name_ + ": " + msg);
        }
    }

private:
    sqlite3* db_ = nullptr;
    std::string name_;
};

class statement {
public:
    statement(const database& db, const char* sql) : db_(&db) {
        const int rc = sqlite3_prepare_v2(db.get(), sql, -1, &stmt_, nullptr);
        if (rc != SQLITE_OK) db.fail(rc, std::string("preparing \"") + sql + "\"");
    }
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    ~statement() { sqlite3_finalize(stmt_); }

    // ---- binding (1-based parameters, in order) ----
    // (An empty view may have no data pointer, which SQLite would bind as NULL: "" is bound.)
    statement& text(std::string_view s) {
        check(sqlite3_bind_text64(stmt_, next_++, s.data() ? s.data() : "", s.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
        return *this;
    }
    /// Binds text that stays alive and unchanged until the row is written (the dataset's own
    /// strings): SQLite reads it in place instead of copying it.
    statement& view(std::string_view s) {
        check(sqlite3_bind_text64(stmt_, next_++, s.data() ? s.data() : "", s.size(), SQLITE_STATIC, SQLITE_UTF8));
        return *this;
    }
    /// A day number as `YYYY-MM-DD`, NULL when missing.
    statement& day(day_number n) {
        char buf[10];
        return format_day_number(n, buf) ? text({buf, sizeof buf}) : null();
    }
    /// NULL for an empty string (used for optional references, so foreign keys hold).
    statement& ref(std::string_view s) { return s.empty() ? null() : text(s); }
    statement& integer(std::int64_t v) {
        check(sqlite3_bind_int64(stmt_, next_++, v));
        return *this;
    }
    statement& real(double v) {
        check(sqlite3_bind_double(stmt_, next_++, v));
        return *this;
    }
    statement& day(const date& d) { return d.is_special() ? null() : text(format_date(d)); }
    statement& null() {
        check(sqlite3_bind_null(stmt_, next_++));
        return *this;
    }
    /// Runs an INSERT and resets for the next row.
    void run() {
        const int rc = sqlite3_step(stmt_);
        if (rc != SQLITE_DONE) db_->fail(rc, "writing a row");
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        next_ = 1;
    }

    // ---- reading ----
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        db_->fail(rc, "reading");
    }
    int columns() const { return sqlite3_column_count(stmt_); }
    sqlite3_stmt* get() const noexcept { return stmt_; }
    bool is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
    std::string str(int i) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
    }
    std::int64_t int64(int i) const { return sqlite3_column_int64(stmt_, i); }
    int int32(int i) const { return static_cast<int>(sqlite3_column_int64(stmt_, i)); }
    double dbl(int i) const { return sqlite3_column_double(stmt_, i); }

private:
    void check(int rc) const {
        if (rc != SQLITE_OK) db_->fail(rc, "binding a value");
    }
    const database* db_;
    sqlite3_stmt* stmt_ = nullptr;
    int next_ = 1;
};

// ---------------------------------------------------------------- writing

void write_meta(const database& db, const dataset& d) {
    statement s(db, "INSERT INTO civica_meta (key, value) VALUES (?, ?)");
    const auto& i = d.info();
    const std::pair<const char*, std::string> rows[] = {
        {"format", "civica-dataset"},
        {"schema_version", std::to_string(sqlite_schema_version)},
        {"civica_version", CIVICA_VERSION_STRING},
        {"name", i.name},
        {"title", i.title},
        {"territory", i.territory},
        {"description", i.description},
        {"source", i.source},
        {"licence", i.licence},
        {"synthetic", i.synthetic ? "true" : "false"},
        {"currency", i.currency},
    };
    for (const auto& [k, v] : rows) s.text(k).text(v).run();
}

void write_tables(const database& db, const dataset& d) {
    {
        statement m(db,
                    "INSERT INTO municipalities (id, name, oktmo, region, name_genitive, name_prepositional, name_en) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)");
        statement p(db, "INSERT INTO municipality_population (municipality, year, population) VALUES (?, ?, ?)");
        for (const auto& r : d.municipalities()) {
            m.text(r.id.str()).text(r.name).text(r.oktmo).text(r.region).text(r.name_genitive)
                .text(r.name_prepositional).text(r.name_en).run();
            for (const auto& [year, n] : r.population) p.text(r.id.str()).integer(year).integer(n).run();
        }
    }
    {
        statement o(db,
                    "INSERT INTO organizations (id, full_name, short_name, okopf, inn, ogrn, kpp, registered, "
                    "municipality, socially_oriented, public_association, tos, volunteer_association, "
                    "nonprofit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        statement s(db, "INSERT INTO organization_spheres (organization, position, sphere) VALUES (?, ?, ?)");
        for (const auto& r : d.organizations()) {
            o.text(r.id.str()).text(r.full_name).text(r.short_name).integer(r.okopf).text(r.inn)
                .text(r.ogrn).text(r.kpp).day(r.registered).ref(r.municipality.str())
                .integer(r.socially_oriented).integer(r.public_association).integer(r.tos)
                .integer(r.volunteer_association).integer(r.nonprofit).run();
            for (std::size_t i = 0; i < r.spheres.size(); ++i)
                s.text(r.id.str()).integer(static_cast<std::int64_t>(i)).text(r.spheres[i]).run();
        }
    }
    {
        statement s(db, "INSERT INTO persons (id, municipality, display_name) VALUES (?, ?, ?)");
        for (const auto& r : d.persons()) s.text(r.id.str()).ref(r.municipality.str()).text(r.display_name).run();
    }
    {
        statement s(db, "INSERT INTO operators (id, name, organization) VALUES (?, ?, ?)");
        for (const auto& r : d.operators()) s.text(r.id.str()).text(r.name).ref(r.organization.str()).run();
    }
    {
        statement s(db, "INSERT INTO programmes (id, operator, name, kind) VALUES (?, ?, ?, ?)");
        for (const auto& r : d.programmes())
            s.text(r.id.str()).ref(r.grant_operator.str()).text(r.name).text(to_string(r.kind)).run();
    }
    {
        statement c(db,
                    "INSERT INTO competitions (id, programme, year, round, window_start, window_end, name) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)");
        statement dir(db, "INSERT INTO competition_directions (competition, position, direction) VALUES (?, ?, ?)");
        for (const auto& r : d.competitions()) {
            c.text(r.id.str()).text(r.programme.str()).integer(r.year).integer(r.round)
                .day(r.window.start).day(r.window.end).text(r.name).run();
            for (std::size_t i = 0; i < r.directions.size(); ++i)
                dir.text(r.id.str()).integer(static_cast<std::int64_t>(i)).text(r.directions[i]).run();
        }
    }
    {
        statement s(db,
                    "INSERT INTO applications (id, competition, applicant_type, applicant_organization, "
                    "applicant_person, title, direction, requested, cofunding, submitted, status, awarded, "
                    "implementation_start, implementation_end, decided, rate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?)");
        // Straight from the columns: every string bound is the dataset's own, so no row is built.
        const auto& t = d.applications();
        for (std::size_t r = 0; r < t.size(); ++r) {
            const auto kind = static_cast<applicant_kind>(t.applicant_type()[r]);
            const auto who = static_cast<std::size_t>(t.applicant()[r]);
            s.view(t.ids()[r]).view(d.competitions()[static_cast<std::size_t>(t.competition()[r])].id.str())
                .view(to_string(kind));
            if (kind == applicant_kind::organization) s.view(d.organizations()[who].id.str()).null();
            else s.null().view(d.persons()[who].id.str());
            s.view(t.title()[r]).view(t.direction()[r]).integer(t.requested()[r]).integer(t.cofunding()[r])
                .day(t.submitted()[r]).view(to_string(static_cast<application_status>(t.status()[r])));
            if (t.awarded()[r] != missing_kopecks) s.integer(t.awarded()[r]); else s.null();
            s.day(t.implementation_start()[r]).day(t.implementation_end()[r]).day(t.decided()[r]);
            if (std::isnan(t.rate()[r])) s.null(); else s.real(t.rate()[r]);
            s.run();
        }
    }
    {
        statement s(db,
                    "INSERT INTO courses (id, title, topic, format, hours, organiser, partner, start_date, "
                    "end_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const auto& r : d.courses())
            s.text(r.id.str()).text(r.title).text(r.topic).text(to_string(r.format)).integer(r.hours)
                .ref(r.organiser.str()).ref(r.partner.str()).day(r.dates.start).day(r.dates.end).run();
    }
    {
        statement s(db,
                    "INSERT INTO enrolments (seq, course, organization, person, participants, completed) "
                    "VALUES (?, ?, ?, ?, ?, ?)");
        for (std::size_t r = 0; r < d.enrolments().size(); ++r) {
            const enrolment e = d.enrolment_at(r);
            s.integer(static_cast<std::int64_t>(r)).text(e.course.str()).ref(e.organization.str())
                .ref(e.person.str()).integer(e.participants).integer(e.completed).run();
        }
    }
    {
        statement s(db, "INSERT INTO bodies (id, name, kind, attached_to, municipality) VALUES (?, ?, ?, ?, ?)");
        for (const auto& r : d.bodies())
            s.text(r.id.str()).text(r.name).text(to_string(r.kind)).text(r.attached_to)
                .ref(r.municipality.str()).run();
    }
    {
        statement s(db,
                    "INSERT INTO membership_terms (seq, body, start_date, end_date, members, note) "
                    "VALUES (?, ?, ?, ?, ?, ?)");
        std::int64_t seq = 0;
        for (const auto& r : d.membership_terms())
            s.integer(seq++).text(r.body.str()).day(r.term.start).day(r.term.end).integer(r.members)
                .text(r.note).run();
    }
    {
        statement s(db, "INSERT INTO meetings (id, body, date, format, attendance) VALUES (?, ?, ?, ?, ?)");
        for (const auto& r : d.meetings()) {
            s.text(r.id.str()).text(r.body.str()).day(r.held).text(to_string(r.format));
            if (r.attendance) s.integer(*r.attendance); else s.null();
            s.run();
        }
    }
    {
        statement s(db, "INSERT INTO agenda_questions (id, meeting, title, topic) VALUES (?, ?, ?, ?)");
        for (std::size_t r = 0; r < d.agenda_questions().size(); ++r) {
            const agenda_question q = d.agenda_question_at(r);
            s.text(q.id.str()).text(q.meeting.str()).text(q.title).text(q.topic).run();
        }
    }
    {
        statement s(db,
                    "INSERT INTO services (id, provider, recipient_type, recipient_organization, "
                    "recipient_person, kind, date, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        for (std::size_t r = 0; r < d.services().size(); ++r) {
            const support_service v = d.service_at(r);
            s.text(v.id.str()).ref(v.provider.str()).text(to_string(v.recipient_type));
            if (v.recipient_type == applicant_kind::organization) s.text(v.recipient).null();
            else s.null().text(v.recipient);
            s.text(to_string(v.kind)).day(v.provided).text(v.note).run();
        }
    }
    {
        statement s(db,
                    "INSERT INTO monitoring (seq, application, date, score, status, note) VALUES (?, ?, ?, ?, ?, ?)");
        std::int64_t seq = 0;
        for (const auto& r : d.monitoring()) {
            s.integer(seq++).text(r.application.str()).day(r.checked);
            if (r.score) s.real(*r.score); else s.null();
            s.text(r.status).text(r.note).run();
        }
    }
    {
        statement s(db,
                    "INSERT INTO indicators (seq, key, year, territory, breakdown, value, qualifier, unit, "
                    "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        std::int64_t seq = 0;
        for (const auto& r : d.indicators())
            s.integer(seq++).text(r.key).integer(r.year).text(r.territory).text(r.breakdown).real(r.value)
                .text(to_string(r.qual)).text(r.unit).text(r.source).run();
    }
}

// ---------------------------------------------------------------- reading

struct reader {
    const database& db;

    [[noreturn]] void bad_value(std::string_view table, std::string_view column, const std::string& why) const {
        throw parse_error(db.name(), 0, 0, std::string(table) + "." + std::string(column), why);
    }
    date day(const statement& s, int i, std::string_view table, std::string_view column) const {
        if (s.is_null(i)) return {};
        try {
            return parse_date(s.str(i));
        } catch (const parse_error& e) {
            bad_value(table, column, e.reason());
        }
    }
    template <class E, class Parse>
    E enum_of(const statement& s, int i, std::string_view table, std::string_view column, Parse parse) const {
        try {
            return parse(s.str(i));
        } catch (const parse_error& e) {
            bad_value(table, column, e.reason());
        }
    }
};

std::map<std::string, std::string> read_meta(const database& db) {
    {
        statement probe(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'civica_meta'");
        probe.step();
        if (probe.int64(0) == 0)
            throw parse_error(db.name(), 0, 0, {},
                              "an SQLite database but not a civica dataset (it has no civica_meta table)");
    }
    std::map<std::string, std::string> meta;
    statement s(db, "SELECT key, value FROM civica_meta");
    while (s.step()) meta[s.str(0)] = s.str(1);
    if (meta["format"] != "civica-dataset")
        throw parse_error(db.name(), 0, 0, "civica_meta.format",
                          "format is \"" + meta["format"] + "\", expected \"civica-dataset\"");
    int version = 0;
    try {
        version = std::stoi(meta["schema_version"]);
    } catch (const std::exception&) {
        throw parse_error(db.name(), 0, 0, "civica_meta.schema_version",
                          "\"" + meta["schema_version"] + "\" is not a schema version");
    }
    if (version < 1 || version > sqlite_schema_version)
        throw parse_error(db.name(), 0, 0, "civica_meta.schema_version",
                          "schema version " + std::to_string(version) + " is not supported (this civica reads 1.." +
                              std::to_string(sqlite_schema_version) + "; a newer civica wrote the file)");
    return meta;
}

// Runs the reading and adding of one row; in skip mode a row that does not parse or breaks a
// rule is listed and left out (rows referring to it then fail in turn, as unknown references).
// Each guarded SELECT ends with the row's rowid, which the problem gives as its line: the row
// is then `SELECT * FROM <table> WHERE rowid = <line>`.
struct row_guard {
    const sqlite_read_options& options;
    template <class F>
    void operator()(const char* table, const statement& s, F&& add_row) const {
        if (!options.skip_bad_records) {
            add_row();
            return;
        }
        try {
            add_row();
        } catch (const parse_error& e) {
            // The reader names a bad value's field "table.column"; the problem's file is the table.
            const std::string& field = e.field();
            const std::string prefix = std::string(table) + ".";
            note(table, s, "bad_value", field.starts_with(prefix) ? field.substr(prefix.size()) : field, e.what());
        } catch (const validation_error& e) {
            note(table, s, "rule", {}, e.what());
        }
    }
    void note(const char* table, const statement& s, const char* check, const std::string& field,
              const std::string& why) const {
        note_row(table, static_cast<std::size_t>(s.int64(s.columns() - 1)), check, field, s.str(0), why);
    }
    void note_row(const char* table, std::size_t rowid, const char* check, const std::string& field,
                  const std::string& id, const std::string& why) const {
        if (options.skipped) options.skipped->push_back(problem{"error", check, table, rowid, field, id, why});
    }
};

// Applications are the large table: they are read by chunks into columns and added through the
// dataset's bulk load, which checks every row by the rules of dataset::add(application). A row
// whose text does not parse, or whose competition or applicant is not in the dataset, goes
// through dataset::add instead, which gives (or, in skip mode, lists) the error add gives.
void read_applications(const database& db, dataset& d, const row_guard& guard, int version) {
    const reader rd{db};
    // Schema version 1 had no `decided` column: such applications have no decision date.
    const std::string sql = std::string("SELECT id, competition, applicant_type, applicant_organization, "
                                        "applicant_person, title, direction, requested, cofunding, submitted, "
                                        "status, awarded, implementation_start, implementation_end, ") +
                            (version >= 2 ? "decided" : "NULL") + ", " + (version >= 3 ? "rate" : "NULL") +
                            ", rowid FROM applications ORDER BY rowid";
    statement s(db, sql.c_str());
    constexpr std::size_t chunk = 1 << 16;
    civica::detail::application_columns c;
    std::string text;                          // the chunk's id, title and direction bytes
    std::vector<std::size_t> ends;             // end of each string in `text`, three per row
    std::vector<std::int64_t> rowids;          // each row's rowid, for skip-mode problems
    auto day_or_missing = [&](int i, const char* column) -> day_number {
        if (s.is_null(i)) return missing_day;
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), i));
        try {
            return parse_day_number({p, static_cast<std::size_t>(sqlite3_column_bytes(s.get(), i))});
        } catch (const parse_error& e) {
            rd.bad_value("applications", column, e.reason());
        }
    };
    auto flush = [&] {
        if (rowids.empty()) return;
        std::size_t from = 0;
        for (std::size_t r = 0; r < rowids.size(); ++r) {
            c.id.push_back(std::string_view(text).substr(from, ends[3 * r] - from));
            c.title.push_back(std::string_view(text).substr(ends[3 * r], ends[3 * r + 1] - ends[3 * r]));
            c.direction.push_back(std::string_view(text).substr(ends[3 * r + 1], ends[3 * r + 2] - ends[3 * r + 1]));
            from = ends[3 * r + 2];
        }
        std::vector<std::pair<std::size_t, std::string>> refused;
        civica::detail::dataset_loader::add_applications(d, c, nullptr, guard.options.skip_bad_records ? &refused : nullptr);
        for (const auto& [row, why] : refused)
            guard.note_row("applications", static_cast<std::size_t>(rowids[row]), "rule", {}, std::string(c.id[row]), why);
        c = {};
        text.clear();
        ends.clear();
        rowids.clear();
    };
    auto column_text = [&](int i) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s.get(), i));
        return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(s.get(), i))) : std::string_view();
    };
    while (s.step()) {
        // Parse and resolve first; a row that fails either is added alone, after the rows before it.
        bool bulk = true;
        row_index comp = no_row, who = no_row;
        std::uint8_t kind = 0, status = 0;
        day_number days[4] = {};
        try {
            kind = static_cast<std::uint8_t>(rd.enum_of<applicant_kind>(s, 2, "applications", "applicant_type",
                                                                         parse_applicant_kind));
            status = static_cast<std::uint8_t>(rd.enum_of<application_status>(s, 10, "applications", "status",
                                                                              parse_application_status));
            days[0] = day_or_missing(9, "submitted");
            days[1] = day_or_missing(12, "implementation_start");
            days[2] = day_or_missing(13, "implementation_end");
            days[3] = day_or_missing(14, "decided");
            comp = d.competitions().find(column_text(1));
            who = kind == 0 ? d.organizations().find(column_text(3)) : d.persons().find(column_text(4));
            bulk = comp != no_row && who != no_row;
        } catch (const parse_error&) {
            bulk = false;
        }
        if (!bulk) {
            flush();
            guard("applications", s, [&] {
                application a;
                a.id = application_id(s.str(0));
                a.competition = competition_id(s.str(1));
                a.applicant_type = rd.enum_of<applicant_kind>(s, 2, "applications", "applicant_type", parse_applicant_kind);
                a.applicant = a.applicant_type == applicant_kind::organization ? s.str(3) : s.str(4);
                a.title = s.str(5);
                a.direction = s.str(6);
                a.requested = money::from_kopecks(s.int64(7));
                a.cofunding = money::from_kopecks(s.int64(8));
                a.submitted = rd.day(s, 9, "applications", "submitted");
                a.status = rd.enum_of<application_status>(s, 10, "applications", "status", parse_application_status);
                if (!s.is_null(11)) a.awarded = money::from_kopecks(s.int64(11));
                a.implementation = {rd.day(s, 12, "applications", "implementation_start"),
                                    rd.day(s, 13, "applications", "implementation_end")};
                a.decided = rd.day(s, 14, "applications", "decided");
                if (!s.is_null(15)) a.rate = s.dbl(15);
                d.add(a);
            });
            continue;
        }
        for (int i : {0, 5, 6}) {
            text += column_text(i);
            ends.push_back(text.size());
        }
        c.competition.push_back(comp);
        c.applicant.push_back(who);
        c.applicant_type.push_back(kind);
        c.status.push_back(status);
        c.requested.push_back(s.int64(7));
        c.cofunding.push_back(s.int64(8));
        c.awarded.push_back(s.is_null(11) ? missing_kopecks : s.int64(11));
        c.submitted.push_back(days[0]);
        c.implementation_start.push_back(days[1]);
        c.implementation_end.push_back(days[2]);
        c.decided.push_back(days[3]);
        c.rate.push_back(s.is_null(15) ? std::numeric_limits<double>::quiet_NaN() : s.dbl(15));
        rowids.push_back(s.int64(16));
        if (rowids.size() == chunk) flush();
    }
    flush();
}

void read_tables(const database& db, dataset& d, const sqlite_read_options& options, int version) {
    const reader rd{db};
    const row_guard guard{options};
    {
        std::map<std::string, std::map<int, std::int64_t>> population;
        statement p(db, "SELECT municipality, year, population FROM municipality_population");
        while (p.step()) population[p.str(0)][p.int32(1)] = p.int64(2);
        // Version 1 files have no name forms: they read as empty.
        statement s(db, version >= 2 ? "SELECT id, name, oktmo, region, name_genitive, name_prepositional, name_en, "
                                       "rowid FROM municipalities ORDER BY rowid"
                                     : "SELECT id, name, oktmo, region, '', '', '', rowid FROM municipalities "
                                       "ORDER BY rowid");
        while (s.step()) {
            guard("municipalities", s, [&] {
                municipality m{municipality_id(s.str(0)), s.str(1), s.str(2), s.str(3), {}, s.str(4), s.str(5),
                               s.str(6)};
                if (auto it = population.find(m.id.str()); it != population.end()) m.population = it->second;
                d.add(m);
            });
        }
    }
    {
        std::map<std::string, std::vector<std::string>> spheres;
        statement sp(db, "SELECT organization, sphere FROM organization_spheres ORDER BY organization, position");
        while (sp.step()) spheres[sp.str(0)].push_back(sp.str(1));
        statement s(db,
                    "SELECT id, full_name, short_name, okopf, inn, ogrn, kpp, registered, municipality, "
                    "socially_oriented, public_association, tos, volunteer_association, nonprofit, rowid "
                    "FROM organizations ORDER BY rowid");
        while (s.step()) {
            guard("organizations", s, [&] {
                organization o;
                o.id = organization_id(s.str(0));
                o.full_name = s.str(1);
                o.short_name = s.str(2);
                o.okopf = s.int32(3);
                o.inn = s.str(4);
                o.ogrn = s.str(5);
                o.kpp = s.str(6);
                o.registered = rd.day(s, 7, "organizations", "registered");
                o.municipality = municipality_id(s.str(8));
                o.socially_oriented = s.int64(9) != 0;
                o.public_association = s.int64(10) != 0;
                o.tos = s.int64(11) != 0;
                o.volunteer_association = s.int64(12) != 0;
                o.nonprofit = s.int64(13) != 0;
                if (auto it = spheres.find(o.id.str()); it != spheres.end()) o.spheres = it->second;
                d.add(o);
            });
        }
    }
    {
        statement s(db, "SELECT id, municipality, display_name, rowid FROM persons ORDER BY rowid");
        while (s.step()) {
            guard("persons", s, [&] {
                d.add(person{person_id(s.str(0)), municipality_id(s.str(1)), s.str(2)});
            });
        }
    }
    {
        statement s(db, "SELECT id, name, organization, rowid FROM operators ORDER BY rowid");
        while (s.step()) {
            guard("operators", s, [&] {
                d.add(grant_operator{operator_id(s.str(0)), s.str(1), organization_id(s.str(2))});
            });
        }
    }
    {
        statement s(db, "SELECT id, operator, name, kind, rowid FROM programmes ORDER BY rowid");
        while (s.step()) {
            guard("programmes", s, [&] {
                d.add(programme{programme_id(s.str(0)), operator_id(s.str(1)), s.str(2),
                    rd.enum_of<programme_kind>(s, 3, "programmes", "kind", parse_programme_kind)});
            });
        }
    }
    {
        std::map<std::string, std::vector<std::string>> directions;
        statement dir(db, "SELECT competition, direction FROM competition_directions ORDER BY competition, position");
        while (dir.step()) directions[dir.str(0)].push_back(dir.str(1));
        statement s(db,
                    "SELECT id, programme, year, round, window_start, window_end, name, rowid FROM competitions "
                    "ORDER BY rowid");
        while (s.step()) {
            guard("competitions", s, [&] {
                competition c;
                c.id = competition_id(s.str(0));
                c.programme = programme_id(s.str(1));
                c.year = s.int32(2);
                c.round = s.int32(3);
                c.window = {rd.day(s, 4, "competitions", "window_start"), rd.day(s, 5, "competitions", "window_end")};
                c.name = s.str(6);
                if (auto it = directions.find(c.id.str()); it != directions.end()) c.directions = it->second;
                d.add(c);
            });
        }
    }
    read_applications(db, d, guard, version);
    {
        statement s(db,
                    "SELECT id, title, topic, format, hours, organiser, partner, start_date, end_date, rowid FROM courses "
                    "ORDER BY rowid");
        while (s.step()) {
            guard("courses", s, [&] {
                course c;
                c.id = course_id(s.str(0));
                c.title = s.str(1);
                c.topic = s.str(2);
                c.format = rd.enum_of<course_format>(s, 3, "courses", "format", parse_course_format);
                c.hours = s.int32(4);
                c.organiser = organization_id(s.str(5));
                c.partner = organization_id(s.str(6));
                c.dates = {rd.day(s, 7, "courses", "start_date"), rd.day(s, 8, "courses", "end_date")};
                d.add(c);
            });
        }
    }
    {
        statement s(db,
                    "SELECT course, organization, person, participants, completed, rowid FROM enrolments ORDER BY seq");
        while (s.step()) {
            guard("enrolments", s, [&] {
                d.add(enrolment{course_id(s.str(0)), organization_id(s.str(1)), person_id(s.str(2)), s.int32(3),
                    s.int64(4) != 0});
            });
        }
    }
    {
        statement s(db, "SELECT id, name, kind, attached_to, municipality, rowid FROM bodies ORDER BY rowid");
        while (s.step()) {
            guard("bodies", s, [&] {
                d.add(collegial_body{body_id(s.str(0)), s.str(1),
                    rd.enum_of<body_kind>(s, 2, "bodies", "kind", parse_body_kind), s.str(3),
                    municipality_id(s.str(4))});
            });
        }
    }
    {
        statement s(db, "SELECT body, start_date, end_date, members, note, rowid FROM membership_terms ORDER BY seq");
        while (s.step()) {
            guard("membership_terms", s, [&] {
                d.add(membership_term{body_id(s.str(0)),
                    {rd.day(s, 1, "membership_terms", "start_date"),
                    rd.day(s, 2, "membership_terms", "end_date")},
                    s.int32(3), s.str(4)});
            });
        }
    }
    {
        // Version 3 added the attendance.
        statement s(db, version >= 3 ? "SELECT id, body, date, format, attendance, rowid FROM meetings ORDER BY rowid"
                                     : "SELECT id, body, date, format, NULL, rowid FROM meetings ORDER BY rowid");
        while (s.step()) {
            guard("meetings", s, [&] {
                meeting m{meeting_id(s.str(0)), body_id(s.str(1)), rd.day(s, 2, "meetings", "date"),
                          rd.enum_of<meeting_format>(s, 3, "meetings", "format", parse_meeting_format)};
                if (!s.is_null(4)) m.attendance = s.int32(4);
                d.add(m);
            });
        }
    }
    {
        statement s(db, "SELECT id, meeting, title, topic, rowid FROM agenda_questions ORDER BY rowid");
        while (s.step()) {
            guard("agenda_questions", s, [&] {
                d.add(agenda_question{agenda_question_id(s.str(0)), meeting_id(s.str(1)), s.str(2), s.str(3)});
            });
        }
    }
    {
        statement s(db,
                    "SELECT id, provider, recipient_type, recipient_organization, recipient_person, kind, date, "
                    "note, rowid FROM services ORDER BY rowid");
        while (s.step()) {
            guard("services", s, [&] {
                support_service v;
                v.id = service_id(s.str(0));
                v.provider = organization_id(s.str(1));
                v.recipient_type = rd.enum_of<applicant_kind>(s, 2, "services", "recipient_type", parse_applicant_kind);
                v.recipient = v.recipient_type == applicant_kind::organization ? s.str(3) : s.str(4);
                v.kind = rd.enum_of<support_kind>(s, 5, "services", "kind", parse_support_kind);
                v.provided = rd.day(s, 6, "services", "date");
                v.note = s.str(7);
                d.add(v);
            });
        }
    }
    {
        statement s(db, "SELECT application, date, score, status, note, rowid FROM monitoring ORDER BY seq");
        while (s.step()) {
            guard("monitoring", s, [&] {
                monitoring_record m;
                m.application = application_id(s.str(0));
                m.checked = rd.day(s, 1, "monitoring", "date");
                if (!s.is_null(2)) m.score = s.dbl(2);
                m.status = s.str(3);
                m.note = s.str(4);
                d.add(m);
            });
        }
    }
    {
        statement s(db,
                    "SELECT key, year, territory, breakdown, value, qualifier, unit, source, rowid FROM indicators "
                    "ORDER BY seq");
        while (s.step()) {
            guard("indicators", s, [&] {
                d.set_indicator(indicator{s.str(0), s.int32(1), s.str(2), s.str(3), s.dbl(4),
                    rd.enum_of<qualifier>(s, 5, "indicators", "qualifier", parse_qualifier),
                    s.str(6), s.str(7)});
            });
        }
    }
}

}  // namespace

void save_sqlite(const dataset& d, const std::filesystem::path& file) {
    if (!is_currency_code(d.info().currency))
        throw validation_error("cannot save \"" + file.string() + "\": the dataset's currency \"" + d.info().currency +
                               "\" is not an ISO 4217 code (three capital letters, e.g. RUB)");
    const std::string name = file.string();
    text::replace_atomically(file, [&](const std::filesystem::path& temp) {
        database db(temp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, name);
        // The temporary file is thrown away on any failure, so it needs no rollback journal;
        // durability comes from replace_atomically's fsync before the rename.
        // The rows come from a dataset, whose references already resolve, so SQLite does not check
        // each foreign key again as it is inserted (tests run PRAGMA foreign_key_check on saved
        // files); a reader that turns foreign keys on finds every one declared.
        // A page cache of 256 MiB keeps the id B-trees in memory (rows go in in the dataset's
        // order, not the key's), and the index sorts stay in memory too.
        db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF; "
                "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;");
        db.exec("BEGIN");
        db.exec(schema_sql().c_str());
        db.exec(("PRAGMA user_version = " + std::to_string(sqlite_schema_version)).c_str());
        write_meta(db, d);
        write_tables(db, d);
        // Building the indexes is a sort of each indexed column: let SQLite sort on every core.
        db.exec(("PRAGMA threads = " + std::to_string(std::max(1u, std::thread::hardware_concurrency()))).c_str());
        db.exec(index_sql);
        db.exec("COMMIT");
        db.close_checked();
    });
}

dataset load_sqlite(const std::filesystem::path& file) { return load_sqlite(file, sqlite_read_options{}); }

dataset load_sqlite(const std::filesystem::path& file, const sqlite_read_options& options) {
    const std::string name = file.string();
    if (!std::filesystem::exists(file)) throw io_error("cannot open " + name + ": no such file");
    database db(file, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, name);
    db.exec("PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;");
    dataset d;
    try {
        db.exec("BEGIN");  // one consistent snapshot for all tables
        auto meta = read_meta(db);
        const int version = std::stoi(meta["schema_version"]);  // checked by read_meta
        d.info().name = meta["name"];
        d.info().title = meta["title"];
        d.info().territory = meta["territory"];
        d.info().description = meta["description"];
        d.info().source = meta["source"];
        d.info().licence = meta["licence"];
        d.info().synthetic = meta["synthetic"] == "true";
        // Files of schema version 1 name no currency: their money is roubles.
        if (auto it = meta.find("currency"); it != meta.end()) {
            if (!is_currency_code(it->second))
                throw parse_error(db.name(), 0, 0, "civica_meta.currency",
                                  "\"" + it->second + "\" is not an ISO 4217 currency code (three capital letters, "
                                  "e.g. RUB)");
            d.info().currency = it->second;
        }
        read_tables(db, d, options, version);
        db.exec("COMMIT");
    } catch (const validation_error& e) {
        throw validation_error(name + ": " + e.what());
    }
    return d;
}

}  // namespace civica::io
