// Design notes
// - The reader builds every row in local vectors first and adds them to a fresh dataset in
//   dependency order (organisations, persons, operators, programmes, competitions,
//   applications), so a failure leaves nothing behind and the row order is the order of first
//   appearance in the file. The writer emits grants in application order, so export followed
//   by import rebuilds the same rows in the same order (the round-trip test relies on it).
// - A programme belongs to one funder, so its id is "<funder org-id>/<code or title>". When a
//   grantProgramme has both a code and a title (publishers use the title for a theme inside
//   the programme), the code names the programme and the title becomes the application's
//   direction; the competition lists its directions in order of first appearance.
// - The flat CSV reader turns each row into the JSON grant object the JSON reader takes and
//   hands the whole array to the same per-grant code (read_grants), so a rule lives in one
//   place; only the place in messages differs (CSV line and column title instead of
//   grants[i]). Column titles come from the "title" fields of the 360Giving schema 1.4
//   (data/schemas/360giving/360-giving-schema.json), copied into `schema_titles` below because
//   an installed civica cannot count on the schema file being there.
// - check_360giving reads leniently: it converts a CSV row the same way but never throws on
//   content; each rule reports a civica::io::problem and carries on.
// - Amounts: JSON numbers become integer hundredths, in one place (amount_value) for the JSON
//   and the flat CSV reader and the checks. A number with a fraction is judged by its shortest
//   decimal text, never by a tolerance: more than two decimals is refused, so no amount is
//   silently rounded.
#include "civica/io/threesixtygiving.hpp"

#include "civica/core/identifiers.hpp"
#include "civica/core/interruption.hpp"
#include "civica/error.hpp"
#include "civica/text/csv.hpp"
#include "civica/text/files.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"
#include "json_text.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace civica::io {
namespace {

using json = nlohmann::json;

/// The name 360Giving's schema gives a person whose name is not published (Person.name is
/// required: "the Person's full name or a generic name such as \"Individual Recipient\"").
/// The writer gives it to a person without a name, and the reader reads it as no name.
constexpr const char* generic_individual_name = "Individual Recipient";

/// Where a CSV column sits: its 1-based position and its header text.
struct csv_column_place {
    std::size_t column = 0;
    std::string title;
};

/// A JSON path within a grant without its array indices ("plannedDates[0].startDate" ->
/// "plannedDates.startDate"): how a flat CSV file's columns are named.
std::string without_indices(std::string_view path) {
    std::string dotted;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '[') {
            i = path.find(']', i);
            if (i == std::string_view::npos) break;
            continue;
        }
        dotted += path[i];
    }
    return dotted;
}

/// Why an amount `v` of `key` is refused as negative: the reader and the checks say it alike.
std::string negative_amount(std::string_view key, const json& v) {
    return std::string(key) + " is " + v.dump() + ": a grant amount cannot be negative";
}

struct reader_context {
    std::string file;  // file name for messages
    bool csv = false;  // places are CSV lines and columns
    // Flat CSV only: the line of each grant, and the column of each field (by its dotted path
    // without array indices, "plannedDates.startDate").
    std::vector<std::size_t> lines;
    std::unordered_map<std::string, csv_column_place> columns;

    /// The CSV column of `field`, a JSON path within the grant ("plannedDates[0].startDate" is
    /// the column of "plannedDates.startDate"; "fundingOrganization" is found by its id column).
    const csv_column_place* column_of(std::string_view field) const {
        const std::string dotted = without_indices(field);
        auto it = columns.find(dotted);
        if (it == columns.end()) it = columns.find(dotted + ".id");
        return it == columns.end() ? nullptr : &it->second;
    }

    /// The check code of the last failure (`fail`'s `check`), for skip mode's list of the grants
    /// left out: the codes of the 360Giving checks (check_360giving), so that a skip-mode read
    /// and `civica validate` name a fault alike.
    mutable std::string failed_check = "bad_value";

    [[noreturn]] void fail(std::size_t grant, std::string_view grant_id, std::string_view field,
                           const std::string& why, std::string_view check = "bad_value") const {
        failed_check = std::string(check);
        if (csv) {
            const std::size_t line = grant < lines.size() ? lines[grant] : 0;
            const std::string grant_name =
                grant_id.empty() ? std::string("the grant") : "grant \"" + std::string(grant_id) + "\"";
            if (const csv_column_place* c = column_of(field))
                throw parse_error(file, line, c->column, c->title, grant_name + ": " + why);
            throw parse_error(file, line, 0, std::string(field), grant_name + ": " + why);
        }
        std::string where = "grants[" + std::to_string(grant) + "]";
        if (!grant_id.empty()) where += " (id \"" + std::string(grant_id) + "\")";
        throw parse_error(file, 0, 0, std::string(field), where + ": " + why);
    }
};

// A whole number where the schema has a string (an id or a title some publishers export as
// 5): its digits, rather than nothing (a grant "without an id").
std::string string_of(const json& obj, std::string_view key) { return detail::text_of(obj, key); }

/// The first element of an array-valued key (360Giving wraps single objects in arrays),
/// or the object itself when a publisher wrote an object; null when absent.
const json* first_of(const json& obj, std::string_view key) {
    auto it = obj.find(key);
    if (it == obj.end()) return nullptr;
    if (it->is_array()) return it->empty() ? nullptr : &(*it)[0];
    if (it->is_object()) return &*it;
    return nullptr;
}

/// A grant's id as messages and problems name it: none when it is not text civica holds (a NUL
/// byte would cut a message short).
using text::shown_id;

/// The first field of `grant` that civica reads as text but that holds another JSON type (an
/// object of translations, an array), which would read as no text: its JSON path and why; two
/// empty strings when there is none. Shared by the reader and the checks.
std::pair<std::string, std::string> non_text_field(const json& grant) {
    static constexpr std::pair<std::string_view, std::string_view> fields[] = {
        {"", "title"},
        {"", "description"},
        {"fundingOrganization", "name"},
        {"recipientOrganization", "name"},
        {"recipientIndividual", "name"},
        {"grantProgramme", "code"},
        {"grantProgramme", "title"}};
    for (const auto& [holder, key] : fields) {
        const json* obj = holder.empty() ? &grant : first_of(grant, holder);
        if (obj == nullptr || !obj->is_object()) continue;
        const auto it = obj->find(key);
        if (it == obj->end() || it->is_null() || it->is_string() || it->is_number_integer()) continue;
        std::string path = holder.empty() ? std::string(key) : std::string(holder) + "[0]." + std::string(key);
        std::string why = path + " is a JSON " + std::string(it->type_name()) + ", not text";
        return {std::move(path), std::move(why)};
    }
    return {};
}

/// The first field of `grant` that the schema makes an array of objects (civica reads its
/// first object, or every one for the locations and classifications; a lone object is taken
/// as it) but that holds another JSON type, or an array with an item that is not an object: its
/// JSON path and why; two empty strings when there is none. Read as no value, its dates,
/// programme or classifications were dropped without a word. Shared by the
/// reader and the checks.
std::pair<std::string, std::string> misshapen_field(const json& grant) {
    for (const std::string_view key :
         {"fundingOrganization", "recipientOrganization", "recipientIndividual", "grantProgramme", "plannedDates",
          "beneficiaryLocation", "classifications"}) {
        const auto it = grant.find(key);
        if (it == grant.end() || it->is_null() || it->is_object()) continue;
        if (!it->is_array())
            return {std::string(key), std::string(key) + " is a JSON " + it->type_name() + ", not an array of objects"};
        for (std::size_t i = 0; i < it->size(); ++i)
            if (!(*it)[i].is_object()) {
                std::string path = std::string(key) + "[" + std::to_string(i) + "]";
                std::string why = path + " is a JSON " + (*it)[i].type_name() + ", not an object";
                return {std::move(path), std::move(why)};
            }
    }
    return {};
}

/// Why planned dates that end on `end`, before they start on `start`, are refused; "" when they
/// are in order. Shared by the reader and the checks (check end_before_start).
std::string planned_order_problem(const date& start, const date& end) {
    if (!(end < start)) return {};
    return "planned end " + format_date(end) + " is before the planned start " + format_date(start);
}

/// Why the `duration` of plannedDates object `planned` is refused; "" when there is none or it
/// is a number of months. Shared by the reader and the checks (check bad_value).
std::string planned_duration_problem(const json& planned) {
    const auto dur = planned.find("duration");
    if (dur == planned.end() || dur->is_null() || (dur->is_number() && dur->get<double>() >= 0)) return {};
    return "plannedDates[0].duration " + dur->dump() + " is not a number of months";
}

/// The amount `v` holds, or nullopt with `why` set. Shared by the reader and the checks.
std::optional<money> amount_value(const json& v, std::string& why) {
    if (v.is_number_integer()) {
        const auto units = v.is_number_unsigned()
                               ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                                     v.get<std::uint64_t>(), INT64_MAX))
                               : v.get<std::int64_t>();
        if (units > INT64_MAX / 100 || units < INT64_MIN / 100) {
            why = v.dump() + " is too large an amount";  // the number written, not a capped one
            return std::nullopt;
        }
        return money::from_kopecks(units * 100);
    }
    if (v.is_number_float()) {
        // The JSON text is gone once parsed; what stands for it is the double's shortest decimal
        // text, which is the written number itself whenever that has at most 15 significant
        // digits (a double tells all such numbers apart). Amounts are judged by that text, so
        // 30000.505 is refused like 12.345, however large: below 10^13 units every amount of
        // two decimals has at most 15 digits.
        const double x = v.get<double>();
        if (why = detail::inexact_amount_problem(x, v.dump()); !why.empty()) return std::nullopt;
        const std::string written = text::format_double(x);  // the shortest text that reads back as x
        const std::size_t point = written.find('.');
        if (written.find('e') != std::string::npos ||  // below 1e-6: too many decimals too
            (point != std::string::npos && written.size() - point - 1 > 2)) {
            why = v.dump() + " has more than two decimals (civica keeps hundredths of a currency unit)";
            return std::nullopt;
        }
        return money::parse(written);  // at most two decimals, below 10^13: exact hundredths
    }
    if (v.is_string()) {  // a flat CSV file's cell; in JSON an amount some publishers quote
        try {
            return money::parse(v.get<std::string>());
        } catch (const parse_error& e) {
            why = e.reason();
            return std::nullopt;
        }
    }
    why = std::string("expected a number, found ") + v.type_name();
    return std::nullopt;
}

std::optional<money> amount_of(const reader_context& ctx, std::size_t g, std::string_view gid,
                               const json& grant, std::string_view key) {
    auto it = grant.find(key);
    if (it == grant.end() || it->is_null()) return std::nullopt;
    std::string why;
    auto m = amount_value(*it, why);
    if (!m) ctx.fail(g, gid, key, why);
    if (m->kopecks() < 0)  // as check_360giving says it
        ctx.fail(g, gid, key, negative_amount(key, *it), "negative_amount");
    return m;
}

/// True when `s` is shaped as a day-first date, DD/MM/YYYY (day and month of one or two digits).
bool day_first_shaped(std::string_view s) {
    const auto first = s.find('/');
    const auto second = first == std::string_view::npos ? first : s.find('/', first + 1);
    if (second == std::string_view::npos) return false;
    const auto day = s.substr(0, first), month = s.substr(first + 1, second - first - 1), year = s.substr(second + 1);
    auto digits = [](std::string_view x) {
        return std::all_of(x.begin(), x.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    return !day.empty() && day.size() <= 2 && !month.empty() && month.size() <= 2 && year.size() == 4 &&
           digits(day) && digits(month) && digits(year);
}

/// A grant's date as the reader and the checks (check_360giving) both read it, so that a bad
/// date is worded alike by `read_360giving` and `civica validate`. 360Giving dates are ISO:
/// YYYY-MM-DD or a date-time. A flat CSV file may also write DD/MM/YYYY, which its row
/// conversion (iso_of_day_first) has already made ISO, so in a flat CSV (`flat_csv`) a
/// day-first text still here names no day of its month ("31/02/2021"). A planned start or end
/// (`span_end` given) may give only its year or month, as the schema's Event dates may ("If the
/// month or day are not available, these may be omitted"), widened to its first or last day
/// (parse_partial_date). Throws parse_error.
date grant_date(const std::string& s, bool flat_csv, std::optional<bool> span_end = std::nullopt) {
    try {
        return span_end ? parse_partial_date(s, *span_end) : parse_date(s);
    } catch (const parse_error& e) {
        if (!day_first_shaped(s)) throw;
        if (flat_csv) throw parse_error("\"" + s + "\" is not a date: DD/MM/YYYY names no day of that month");
        throw parse_error(e.reason() +
                          ": a 360Giving JSON file writes dates ISO 8601 (YYYY-MM-DD or a date-time); "
                          "the day-first DD/MM/YYYY is read only from a flat CSV file");
    }
}

/// Why the date at `key` of `obj` (`field`, its path in the grant) is no date text (a JSON
/// number, which read as a year or as no date at all); "" when it is text or absent. The
/// schema's dates are strings. Shared by the reader and the checks.
std::string date_type_problem(const json& obj, std::string_view key, std::string_view field) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null() || it->is_string()) return {};
    return std::string(field) + " is a JSON " + it->type_name() + ", not a date (dates are text: YYYY-MM-DD)";
}

/// A grant's date at `key` of `obj` (grant_date).
date date_of(const reader_context& ctx, std::size_t g, std::string_view gid, const json& obj,
             std::string_view key, std::string_view field, std::optional<bool> span_end = std::nullopt) {
    if (const std::string why = date_type_problem(obj, key, field); !why.empty()) ctx.fail(g, gid, field, why);
    const std::string s = string_of(obj, key);
    if (s.empty()) return {};
    try {
        return grant_date(s, ctx.csv, span_end);
    } catch (const parse_error& e) {
        ctx.fail(g, gid, field, e.reason());
    }
}

/// Fills inn/ogrn from an org-id of the Russian lists (org-id.guide RU-INN, RU-OGRN) when the
/// number passes its checksum; a failing number stays only in the id.
void russian_identifiers(organization& o) {
    const std::string& id = o.id.str();
    constexpr std::string_view inn_prefix = "RU-INN-";
    constexpr std::string_view ogrn_prefix = "RU-OGRN-";
    if (id.starts_with(inn_prefix)) {
        const std::string inn = id.substr(inn_prefix.size());
        if (ids::is_valid_inn(inn)) o.inn = inn;
    } else if (id.starts_with(ogrn_prefix)) {
        const std::string ogrn = id.substr(ogrn_prefix.size());
        if (ids::is_valid_ogrn(ogrn) || ids::is_valid_ogrnip(ogrn)) o.ogrn = ogrn;
    }
}

/// Rows in order of first appearance, keyed by id.
template <class Row>
struct ordered_rows {
    std::vector<Row> rows;
    std::unordered_map<std::string, std::size_t> index;
    /// The row with `id`, created by `make` when new.
    template <class Make>
    Row& get(const std::string& id, Make&& make) {
        auto [it, fresh] = index.try_emplace(id, rows.size());
        if (fresh) rows.push_back(make());
        return rows[it->second];
    }
    /// Forgets the rows added after the first `n` (a skipped grant's own rows).
    void truncate(std::size_t n) {
        if (rows.size() <= n) return;
        for (auto it = index.begin(); it != index.end();)
            it = it->second >= n ? index.erase(it) : std::next(it);
        rows.resize(n);
    }
};

/// The top-level keys of a grant that the 360Giving schema 1.4 defines (its "properties");
/// any other key is publisher-specific and kept in threesixtygiving_grant_extra::extra_keys.
bool is_standard_key(std::string_view key) {
    static const std::unordered_set<std::string_view> keys = {
        "id", "title", "description", "currency", "amountAppliedFor", "amountAwarded",
        "amountDisbursed", "awardDate", "url", "plannedDates", "actualDates",
        "recipientIndividual", "toIndividualsDetails", "recipientOrganization",
        "beneficiaryLocation", "fundingOrganization", "grantProgramme", "fromOpenCall",
        "fundingType", "classifications", "relatedDocument", "applicationTransaction",
        "commitmentTransaction", "disbursementTransaction", "relatedActivity", "dateModified",
        "dataSource", "regrantType", "locationScope"};
    return keys.contains(key);
}

/// The standard keys of a grant whose values civica's model (or the grant's extra) holds as a
/// whole; every other key, standard or the publisher's own, is kept in extra_keys.
bool is_held_key(std::string_view key) {
    static const std::unordered_set<std::string_view> keys = {
        "id", "title", "description", "currency", "amountAppliedFor", "amountAwarded", "awardDate",
        "beneficiaryLocation", "classifications"};
    return keys.contains(key);
}

/// The standard keys whose first item civica reads only some fields of, and those fields: the
/// item's other fields are kept in extra_keys as an object under the key, and written back into
/// the item the writer makes.
const std::vector<std::pair<std::string_view, std::vector<std::string_view>>>& partly_held_keys() {
    static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> keys = {
        {"recipientOrganization", {"id", "name"}},
        {"recipientIndividual", {"id", "name"}},
        {"fundingOrganization", {"id", "name"}},
        {"grantProgramme", {"code", "title"}},
        {"plannedDates", {"startDate", "endDate", "duration"}}};
    return keys;
}

bool is_partly_held_key(std::string_view key) {
    for (const auto& [k, fields] : partly_held_keys())
        if (k == key) return true;
    return false;
}

/// The items of an array-valued key (an object alone counts as one item).
std::vector<const json*> items_of(const json& obj, std::string_view key) {
    std::vector<const json*> out;
    auto it = obj.find(key);
    if (it == obj.end()) return out;
    if (it->is_array()) {
        for (const auto& x : *it)
            if (x.is_object()) out.push_back(&x);
    } else if (it->is_object()) {
        out.push_back(&*it);
    }
    return out;
}

/// What the model has no place for, from one grant already checked by read_grants.
/// `held_names`: for recipientOrganization, recipientIndividual and fundingOrganization, the
/// name the dataset holds for that party (its first grant's): a grant that names it otherwise
/// keeps its own name in extra_keys.
threesixtygiving_grant_extra extra_of(const json& grant, const std::string& gid, date planned_start,
                                      date planned_end,
                                      const std::vector<std::pair<std::string_view, std::string>>& held_names) {
    threesixtygiving_grant_extra x;
    x.id = gid;
    x.description = string_of(grant, "description");
    x.planned_start = planned_start;
    x.planned_end = planned_end;
    if (const json* planned = first_of(grant, "plannedDates")) {
        auto it = planned->find("duration");
        if (it != planned->end() && it->is_number()) x.planned_duration_months = it->get<double>();
    }
    for (const json* loc : items_of(grant, "beneficiaryLocation"))
        x.beneficiary_locations.push_back(
            {string_of(*loc, "name"), string_of(*loc, "geoCode"), string_of(*loc, "geoCodeType")});
    for (const json* c : items_of(grant, "classifications"))
        x.classifications.push_back(
            {string_of(*c, "vocabulary"), string_of(*c, "code"), string_of(*c, "title")});
    json extra = json::object();
    for (const auto& [key, value] : grant.items())
        if (!is_held_key(key) && !is_partly_held_key(key)) extra[key] = value;
    for (const auto& [key, fields] : partly_held_keys()) {
        const json* item = first_of(grant, key);
        if (!item) continue;
        json rest = json::object();
        for (const auto& [field, value] : item->items())
            if (std::find(fields.begin(), fields.end(), field) == fields.end()) rest[field] = value;
        for (const auto& [k, name] : held_names)
            if (k == key && item->contains("name") && string_of(*item, "name") != name) rest["name"] = (*item)["name"];
        if (!rest.empty()) extra[std::string(key)] = std::move(rest);
    }
    if (!extra.empty()) x.extra_keys = extra.dump();
    return x;
}

struct package_info {
    std::string name, title, description, source, licence;
};

/// The first of a JSON package's identifier, title, description and license (the dataset's
/// name, title, description and licence when read) that is not civica text, or not text at all
/// (an object or a list, which would read as none), as {key, reason}; {} when none. What every
/// writer refuses to write (check_info) the reader refuses and the checks report.
std::pair<const char*, std::string> package_text_problem(const json& doc) {
    for (const char* key : {"identifier", "title", "description", "license"}) {
        const std::string shown = std::string("the package's \"") + key + "\"";
        if (const auto it = doc.find(key);
            it != doc.end() && !it->is_null() && !it->is_string() && !it->is_number_integer())
            return {key, shown + " is a JSON " + it->type_name() + ", not text"};
        if (auto why = text::text_value_problem(string_of(doc, key), shown); !why.empty()) return {key, std::move(why)};
    }
    return {"", {}};
}

/// The currency of a package's grants: the ISO 4217-shaped code most of them give (of codes
/// given equally often, the first in the file); empty when none gives one. Only grants with an
/// id and an amount awarded count: one without either is refused whatever its currency. A
/// dataset has one currency: the grants in another are the odd ones out, wherever they stand
/// in the file (a typo in the first grant's made every other grant the one in error).
std::string package_currency(const json& grants) {
    std::unordered_map<std::string, std::size_t> count;
    std::vector<std::string> order;
    for (const auto& g : grants) {
        if (!g.is_object() || string_of(g, "id").empty()) continue;
        const auto amount = g.find("amountAwarded");
        if (amount == g.end() || amount->is_null() || (amount->is_string() && amount->get_ref<const std::string&>().empty()))
            continue;
        std::string c = string_of(g, "currency");
        if (!is_currency_code(c)) continue;
        if (count[c]++ == 0) order.push_back(std::move(c));
    }
    std::string best;
    std::size_t most = 0;
    for (const auto& c : order)
        if (count[c] > most) {
            most = count[c];
            best = c;
        }
    return best;
}

/// The per-grant code shared by the JSON and the flat CSV reader.
threesixtygiving_package read_grants(const json& grants, const reader_context& ctx,
                                     const package_info& info, const threesixtygiving_read_options& options) {
    ordered_rows<organization> orgs;
    ordered_rows<person> persons;
    ordered_rows<grant_operator> operators;
    ordered_rows<programme> programmes;
    ordered_rows<competition> competitions;
    std::vector<application> applications;
    std::vector<std::size_t> grant_of;  // the grant index of each application (for skip mode's lines)
    threesixtygiving_package out;
    const std::string currency_of_grants = package_currency(grants);  // every grant must share it

    applications.reserve(grants.size());
    // The grant each id was first read from (a repeated id is an error at the repeat, with its
    // place in the file).
    std::unordered_map<std::string, std::size_t> first_grant_of;
    out.extras.reserve(grants.size());
    const bool skip = options.skip_bad_records;
    // A grant of the JSON form is placed by its JSON path, one of the flat CSV form by its line.
    auto record_skipped = [&](std::size_t g, const std::string& grant_id, const std::string& field, std::size_t line,
                              const std::string& message) {
        if (options.skipped != nullptr)
            options.skipped->push_back(problem{"error", ctx.failed_check, ctx.file, line, field, grant_id, message,
                                               ctx.csv ? std::string() : "grants[" + std::to_string(g) + "]"});
    };
    for (std::size_t g = 0; g < grants.size(); ++g) {
        if ((g & 0xFFF) == 0xFFF) interruption_point();  // every 4096 grants
        // In skip mode a grant that fails takes back what it alone added.
        const std::size_t n_orgs = orgs.rows.size(), n_persons = persons.rows.size(),
                          n_operators = operators.rows.size(), n_programmes = programmes.rows.size(),
                          n_competitions = competitions.rows.size();
        ctx.failed_check = "bad_value";
        try {
        const json& grant = grants[g];
        if (!grant.is_object()) ctx.fail(g, {}, {}, "a grant must be a JSON object");
        const std::string gid = string_of(grant, "id");
        if (std::string at, why = detail::bad_text_in(grant, at); !why.empty())
            ctx.fail(g, shown_id(gid), at, at.empty() ? why : at + ": " + why);
        if (const auto [at, why] = non_text_field(grant); !at.empty()) ctx.fail(g, gid, at, why);
        if (const auto [at, why] = misshapen_field(grant); !at.empty()) ctx.fail(g, gid, at, why);
        const auto require_id = [&](std::string_view field, std::string_view id, const char* what) {
            // An id of spaces only is refused by the dataset (blank_id): a problem of this grant.
            if (id.empty()) ctx.fail(g, gid, field, std::string(what) + " has no id", "missing_field");
            if (blank_id(id)) ctx.fail(g, gid, field, std::string(what) + "'s id \"" + std::string(id) + "\" is only spaces", "bad_value");
        };
        require_id("id", gid, "the grant");
        if (const auto seen = first_grant_of.find(gid); seen != first_grant_of.end())
            ctx.fail(g, gid, "id", "duplicate id: " +
                                       (ctx.csv && seen->second < ctx.lines.size()
                                            ? "line " + std::to_string(ctx.lines[seen->second])
                                            : "grants[" + std::to_string(seen->second) + "]") +
                                       " has it too",
                     "duplicate_id");

        // Currency: one per dataset.
        const std::string currency = string_of(grant, "currency");
        if (currency.empty()) ctx.fail(g, gid, "currency", "the grant has no currency", "missing_field");
        if (!is_currency_code(currency))
            ctx.fail(g, gid, "currency",
                     "currency \"" + currency + "\" is not an ISO 4217 code (three capital letters, e.g. GBP)",
                     "bad_currency");
        if (is_currency_code(currency) && !currency_of_grants.empty() && currency != currency_of_grants)
            ctx.fail(g, gid, "currency",
                     "currency " + currency + " differs from " + currency_of_grants +
                         ", the currency of most grants; civica keeps one currency per dataset "
                         "(split the file by currency)",
                     "mixed_currency");

        // Funder: an organisation and a grant operator.
        const json* funder = first_of(grant, "fundingOrganization");
        const std::string funder_id = funder ? string_of(*funder, "id") : std::string();
        require_id("fundingOrganization", funder_id, "the funding organisation");
        const std::string funder_name = string_of(*funder, "name");
        // The names the dataset holds for this grant's parties (see extra_of).
        std::vector<std::pair<std::string_view, std::string>> held_names;
        held_names.emplace_back("fundingOrganization", orgs.get(funder_id, [&] {
            organization o;
            o.id = organization_id(funder_id);
            o.full_name = funder_name.empty() ? funder_id : funder_name;
            russian_identifiers(o);
            return o;
        }).full_name);
        operators.get(funder_id, [&] {
            return grant_operator{operator_id(funder_id), funder_name.empty() ? funder_id : funder_name,
                                  organization_id(funder_id)};
        });

        // Recipient: an organisation or an individual.
        application a;
        a.id = application_id(gid);
        a.status = application_status::winner;
        if (const json* rec = first_of(grant, "recipientOrganization")) {
            const std::string rid = string_of(*rec, "id");
            require_id("recipientOrganization", rid, "the recipient");
            const std::string rname = string_of(*rec, "name");
            const organization& held = orgs.get(rid, [&] {
                organization o;
                o.id = organization_id(rid);
                o.full_name = rname.empty() ? rid : rname;
                russian_identifiers(o);
                // The registration number of a Russian organisation (ОГРН), as the writer gives it.
                if (const std::string number = string_of(*rec, "companyNumber");
                    o.ogrn.empty() && (ids::is_valid_ogrn(number) || ids::is_valid_ogrnip(number)))
                    o.ogrn = number;
                return o;
            });
            held_names.emplace_back("recipientOrganization", held.full_name);
            a.applicant_type = applicant_kind::organization;
            a.applicant = rid;
        } else if (const json* ind = first_of(grant, "recipientIndividual")) {
            const std::string pid = string_of(*ind, "id");
            require_id("recipientIndividual", pid, "the recipient");
            const person& held = persons.get(pid, [&] {
                std::string name = string_of(*ind, "name");
                if (name == generic_individual_name) name.clear();
                return person{person_id(pid), {}, std::move(name)};
            });
            held_names.emplace_back("recipientIndividual", held.display_name);
            a.applicant_type = applicant_kind::person;
            a.applicant = pid;
        } else {
            ctx.fail(g, gid, "recipientOrganization",
                     "the grant has neither recipientOrganization nor recipientIndividual", "missing_field");
        }

        // Programme, direction and competition.
        std::string code, title;
        if (const json* gp = first_of(grant, "grantProgramme")) {
            code = string_of(*gp, "code");
            title = string_of(*gp, "title");
        }
        const std::string programme_name = !code.empty() ? code : title;
        if (!code.empty()) a.direction = title;
        const std::string prog_id = funder_id + "/" + (programme_name.empty() ? "grants" : programme_name);
        programmes.get(prog_id, [&] {
            return programme{programme_id(prog_id), operator_id(funder_id), programme_name,
                             programme_kind::other};
        });

        const date awarded_on = date_of(ctx, g, gid, grant, "awardDate", "awardDate");
        if (awarded_on.is_special()) ctx.fail(g, gid, "awardDate", "the grant has no award date", "missing_field");
        const std::string comp_id = prog_id + "/" + std::to_string(awarded_on.year());
        competition& comp = competitions.get(comp_id, [&] {
            competition c;
            c.id = competition_id(comp_id);
            c.programme = programme_id(prog_id);
            c.year = awarded_on.year();
            c.name = (programme_name.empty() ? funder_name : programme_name) + " " +
                     std::to_string(awarded_on.year());
            return c;
        });
        a.competition = competition_id(comp_id);
        a.decided = awarded_on;

        // Money and dates.
        a.title = string_of(grant, "title");
        const auto awarded = amount_of(ctx, g, gid, grant, "amountAwarded");
        if (!awarded) ctx.fail(g, gid, "amountAwarded", "the grant has no amountAwarded", "missing_field");
        a.awarded = *awarded;
        if (auto applied = amount_of(ctx, g, gid, grant, "amountAppliedFor")) a.requested = *applied;
        if (const json* planned = first_of(grant, "plannedDates")) {
            a.implementation.start = date_of(ctx, g, gid, *planned, "startDate", "plannedDates[0].startDate", false);
            a.implementation.end = date_of(ctx, g, gid, *planned, "endDate", "plannedDates[0].endDate", true);
            // The rules check_360giving applies to the planned dates, in its words and codes.
            if (a.implementation.has_start() && a.implementation.has_end())
                if (const std::string why = planned_order_problem(a.implementation.start, a.implementation.end);
                    !why.empty())
                    ctx.fail(g, gid, "plannedDates[0].endDate", why, "end_before_start");
            if (planned->is_object())
                if (const std::string why = planned_duration_problem(*planned); !why.empty())
                    ctx.fail(g, gid, "plannedDates[0].duration", why);
        }
        auto extra = extra_of(grant, gid, a.implementation.start, a.implementation.end, held_names);
        // Last, once nothing in this grant can fail: its direction joins the competition's. A
        // title holding '|', the list separator of civica's files, stays the application's
        // direction only (a list item cannot hold it: dataset::add).
        if (!a.direction.empty() && a.direction.find('|') == std::string::npos &&
            std::find(comp.directions.begin(), comp.directions.end(), a.direction) == comp.directions.end())
            comp.directions.push_back(a.direction);
        out.extras.push_back(std::move(extra));
        applications.push_back(std::move(a));
        grant_of.push_back(g);
        first_grant_of.emplace(gid, g);
        } catch (const parse_error& e) {
            if (!skip) throw;
            orgs.truncate(n_orgs);
            persons.truncate(n_persons);
            operators.truncate(n_operators);
            programmes.truncate(n_programmes);
            competitions.truncate(n_competitions);
            const json& grant = grants[g];
            record_skipped(g, grant.is_object() ? shown_id(string_of(grant, "id")) : std::string(), e.field(), e.line(),
                           e.reason());
        }
    }

    dataset& d = out.data;
    d.info().name = info.name;
    d.info().title = info.title;
    d.info().description = info.description;
    d.info().source = info.source;
    d.info().licence = info.licence;
    if (!currency_of_grants.empty()) d.info().currency = currency_of_grants;
    try {
        for (const auto& o : orgs.rows) d.add(o);
        for (const auto& p : persons.rows) d.add(p);
        for (const auto& op : operators.rows) d.add(op);
        for (const auto& p : programmes.rows) d.add(p);
        for (const auto& c : competitions.rows) d.add(c);
        if (!skip) {
            // A grant the model refuses is named by its place in the file, as a bad value is.
            for (std::size_t i = 0; i < applications.size(); ++i) {
                try {
                    d.add(applications[i]);
                } catch (const validation_error& e) {
                    ctx.fail(grant_of[i], applications[i].id.str(), {}, e.what(), e.check());
                }
            }
        } else {
            // A grant the model refuses (a duplicate id, a negative amount) is left out alone.
            std::vector<threesixtygiving_grant_extra> kept;
            kept.reserve(out.extras.size());
            std::size_t added = 0;
            for (std::size_t i = 0; i < applications.size(); ++i) {
                try {
                    d.add(applications[i]);
                    kept.push_back(std::move(out.extras[i]));
                    ++added;
                } catch (const validation_error& e) {
                    const std::size_t g = grant_of[i];
                    const std::size_t line = ctx.csv && g < ctx.lines.size() ? ctx.lines[g] : 0;
                    ctx.failed_check = e.check();
                    record_skipped(g, applications[i].id.str(), "", line, e.what());
                }
            }
            out.extras = std::move(kept);
            out.grants = added;
            return out;
        }
    } catch (const validation_error& e) {
        throw e.prefixed(ctx.file + ": ");
    }
    out.grants = applications.size();
    return out;
}

/// A 360Giving JSON package (`text` is the file's content).
threesixtygiving_package read_json_package(const std::filesystem::path& file, const std::string& text,
                                           const threesixtygiving_read_options& options) {
    reader_context ctx{text::utf8_or_escaped(file.filename().string()), false, {}, {}};
    json doc = text::parse_json<json>(text, ctx.file);
    if (!doc.is_object() || !doc.contains("grants") || !doc["grants"].is_array())
        throw parse_error(ctx.file, 0, 0, "grants",
                          "not a 360Giving package: expected an object with a \"grants\" array");
    // The package's identifier names the dataset (so export and re-import keep it); a
    // package without one is named after its file.
    package_info info{string_of(doc, "identifier"), string_of(doc, "title"), string_of(doc, "description"),
                      "360Giving package", string_of(doc, "license")};
    if (const auto [key, why] = package_text_problem(doc); !why.empty()) throw parse_error(ctx.file, 0, 0, key, why);
    if (info.name.empty()) info.name = text::utf8_or_escaped(file.stem().string());
    return read_grants(doc["grants"], ctx, info, options);
}

json amount_json(money m, const std::string& grant, const char* field) {
    if (m.kopecks() % 100 == 0) return json(m.kopecks() / 100);
    // Shortest decimal text that reads back as the same double: 1234.56, never 1234.5600000001.
    // From 10^13 units on a double no longer holds every amount with a fraction: such an
    // amount would be written changed (123456789012345.67 as …45.69), and the reader refuses it.
    if (std::abs(m.kopecks()) >= detail::exact_fraction_limit * 100)
        throw validation_error("application \"" + grant + "\": " + field + " " + m.to_string() +
                               " has a fraction and " + std::to_string(detail::exact_fraction_limit) +
                               " units or more, which a 360Giving number cannot hold exactly");
    return json(static_cast<double>(m.kopecks()) / 100.0);
}

json number_json(double x) {
    if (std::isfinite(x) && std::fabs(x) < 9.0e15 && x == std::floor(x))
        return json(static_cast<std::int64_t>(x));
    return json(x);
}

/// Writes back into grant `g` what the model had no place for.
void apply_extra(json& g, const threesixtygiving_grant_extra& x) {
    if (!x.description.empty()) g["description"] = x.description;
    if (x.planned_duration_months) {
        if (!g.contains("plannedDates")) g["plannedDates"] = json::array({json::object()});
        g["plannedDates"][0]["duration"] = number_json(*x.planned_duration_months);
    }
    if (!x.beneficiary_locations.empty()) {
        json locs = json::array();
        for (const auto& l : x.beneficiary_locations) {
            json o = json::object();
            if (!l.name.empty()) o["name"] = l.name;
            if (!l.geo_code.empty()) o["geoCode"] = l.geo_code;
            if (!l.geo_code_type.empty()) o["geoCodeType"] = l.geo_code_type;
            locs.push_back(std::move(o));
        }
        g["beneficiaryLocation"] = std::move(locs);
    }
    if (!x.classifications.empty()) {
        json cs = json::array();
        for (const auto& c : x.classifications) {
            json o = json::object();
            if (!c.vocabulary.empty()) o["vocabulary"] = c.vocabulary;
            if (!c.code.empty()) o["code"] = c.code;
            if (!c.title.empty()) o["title"] = c.title;
            cs.push_back(std::move(o));
        }
        g["classifications"] = std::move(cs);
    }
    if (!x.extra_keys.empty()) {
        json extra = json::parse(x.extra_keys, nullptr, false);
        if (!extra.is_object())
            throw validation_error("grant \"" + x.id + "\": extra_keys is not the text of a JSON object");
        for (auto& [key, value] : extra.items()) {
            if (is_partly_held_key(key)) {
                // The fields civica has no column for, into the item the model gave (a grant
                // whose recipient is now a person gets no organisation's fields).
                auto it = g.find(key);
                if (it == g.end() || !value.is_object()) continue;
                json& item = it->is_array() ? (it->empty() ? *it : (*it)[0]) : *it;
                if (!item.is_object()) continue;
                for (auto& [field, v] : value.items()) item[field] = v;
            } else if (!is_held_key(key) && !g.contains(key)) {
                g[key] = value;
            }
        }
    }
}

bool has_known_prefix(std::string_view id);

/// The org-ids 360Giving names the organisations of a dataset by (org-id.guide; 360Giving's
/// checks flag any other as an unrecognised prefix): an organisation's own id when that
/// already is one (a 360Giving file read in), else `RU-INN-<INN>` (the list of the Russian tax
/// register) when its INN passes its checksum, else `RU-OGRN-<OGRN>`, else civica's id. An INN
/// or OGRN two organisations of the dataset share (branches with their own KPP; the folder
/// check's shared_inn) names neither: it would make them one recipient in the file.
class org_ids {
public:
    explicit org_ids(const dataset& d) {
        for (const auto& o : d.organizations()) {
            if (!o.inn.empty()) ++inns_[o.inn];
            if (!o.ogrn.empty()) ++ogrns_[o.ogrn];
        }
    }
    std::string operator()(const organization& o) const {
        if (has_known_prefix(o.id.str())) return o.id.str();
        if (ids::is_valid_inn(o.inn) && inns_.at(o.inn) == 1) return "RU-INN-" + o.inn;
        if ((ids::is_valid_ogrn(o.ogrn) || ids::is_valid_ogrnip(o.ogrn)) && ogrns_.at(o.ogrn) == 1)
            return "RU-OGRN-" + o.ogrn;
        return o.id.str();
    }

private:
    std::unordered_map<std::string, int> inns_, ogrns_;
};

/// The grants array both writers write.
json grants_json(const dataset& d, const threesixtygiving_write_options& options) {
    const org_ids org_id_of(d);
    std::unordered_map<std::string, const threesixtygiving_grant_extra*> extra_by_id;
    if (options.extras)
        for (const auto& x : *options.extras) extra_by_id.emplace(x.id, &x);
    json grants = json::array();
    const auto& t = d.applications();
    // A direction is the title beside its programme's code, and a title without a code is read
    // as the programme itself: a programme without a name whose grants have directions is
    // given by its id, on each of its grants, so they come back as one programme.
    std::unordered_set<std::string> named_by_id;
    for (std::size_t r = 0; r < t.size(); ++r) {
        if (t.awarded()[r] == missing_kopecks || t.direction()[r].empty()) continue;
        const programme& p = d.get(d.competitions()[static_cast<std::size_t>(t.competition()[r])].programme);
        if (p.name.empty()) named_by_id.insert(p.id.str());
    }
    for (std::size_t r = 0; r < t.size(); ++r) {
        if ((r & 0xFFF) == 0xFFF) interruption_point();  // every 4096 applications
        if (t.awarded()[r] == missing_kopecks) continue;
        const application a = d.application_at(r);
        const competition& c = d.get(a.competition);
        const programme& p = d.get(c.programme);
        const std::string& programme_code = named_by_id.contains(p.id.str()) ? p.id.str() : p.name;
        const row_index op_row = d.operators().find(p.grant_operator.str());
        if (op_row == no_row)
            throw validation_error("application \"" + a.id.str() + "\": programme \"" + p.id.str() +
                                   "\" has no operator, so the grant has no funder for 360Giving");
        const grant_operator& op = d.operators()[static_cast<std::size_t>(op_row)];
        json funder;
        if (!op.organization.empty()) {
            const organization& o = d.get(op.organization);
            funder = {{"id", org_id_of(o)}, {"name", o.full_name.empty() ? o.short_name : o.full_name}};
        } else {
            funder = {{"id", op.id.str()}, {"name", op.name}};
        }

        json g;
        g["id"] = a.id.str();
        g["title"] = a.title;
        g["description"] = a.title;
        g["currency"] = d.info().currency;
        g["amountAwarded"] = amount_json(*a.awarded, a.id.str(), "amountAwarded");
        if (a.requested) g["amountAppliedFor"] = amount_json(*a.requested, a.id.str(), "amountAppliedFor");
        // The ФПГ registry and synthetic data publish no decision date: the competition's year
        // is all that is known, and 31 December keeps the grant in it on re-import.
        g["awardDate"] = a.decided.is_special() ? std::to_string(c.year) + "-12-31" : format_date(a.decided);
        if (a.applicant_type == applicant_kind::organization) {
            const organization& o = d.get(organization_id(a.applicant));
            json recipient = {{"id", org_id_of(o)}, {"name", o.full_name.empty() ? o.short_name : o.full_name}};
            // 360Giving's company number is the register's number: a Russian organisation's ОГРН.
            if (!o.ogrn.empty()) recipient["companyNumber"] = o.ogrn;
            g["recipientOrganization"] = json::array({recipient});
        } else {
            const person& who = d.get(person_id(a.applicant));
            g["recipientIndividual"] = {
                {"id", who.id.str()}, {"name", who.display_name.empty() ? generic_individual_name : who.display_name}};
        }
        g["fundingOrganization"] = json::array({funder});
        if (!a.direction.empty())
            g["grantProgramme"] = json::array({{{"code", programme_code}, {"title", a.direction}}});
        else if (!programme_code.empty())
            g["grantProgramme"] = json::array({{{"title", programme_code}}});
        if (a.implementation.has_start() || a.implementation.has_end()) {
            json ev = json::object();
            if (a.implementation.has_start()) ev["startDate"] = format_date(a.implementation.start);
            if (a.implementation.has_end()) ev["endDate"] = format_date(a.implementation.end);
            g["plannedDates"] = json::array({ev});
        }
        if (auto it = extra_by_id.find(a.id.str()); it != extra_by_id.end())
            apply_extra(g, *it->second);
        grants.push_back(std::move(g));
    }
    // 360-giving-package-schema.json 1.4: "grants" has "minItems": 1. A file of no grants would
    // be refused by 360Giving's own tools (and by any schema check), so none is written.
    if (grants.empty())
        throw validation_error(std::string("a 360Giving file holds at least one grant (its package schema's "
                                           "\"grants\" has minItems 1), and the dataset has no awarded "
                                           "application (") +
                               (t.size() == 0 ? "it has no applications" :
                                std::to_string(t.size()) + " applications, none with an awarded amount") + ")");
    return grants;
}

/// Whether `s` is a URI (RFC 3986: a scheme of a letter and letters, digits, '+', '-', '.',
/// then ':' and only the characters a URI holds, non-ASCII percent-encoded), as the package's
/// `license` must be ("https://creativecommons.org/licenses/by/4.0/").
bool looks_like_uri(std::string_view s) {
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    const std::size_t colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size() || !letter(s[0])) return false;
    for (std::size_t i = 1; i < colon; ++i)
        if (!letter(s[i]) && !digit(s[i]) && s[i] != '+' && s[i] != '-' && s[i] != '.') return false;
    static constexpr std::string_view other = "-._~:/?#[]@!$&'()*+,;=%";  // unreserved, reserved, '%'
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(colon) + 1, s.end(),
                       [&](char c) { return letter(c) || digit(c) || other.find(c) != std::string_view::npos; });
}

}  // namespace

void write_360giving_json(const dataset& d, const std::filesystem::path& file,
                          const threesixtygiving_write_options& options) {
    check_info(d.info(), text::utf8_or_escaped(file.filename().string()));
    json doc = {{"grants", grants_json(d, options)}};
    if (!d.info().name.empty()) doc["identifier"] = d.info().name;
    if (!d.info().title.empty()) doc["title"] = d.info().title;
    if (!d.info().description.empty()) doc["description"] = d.info().description;
    // The schema's license is "a link to the license" (format "uri"): a licence written as words
    // is not one, and is left out (io.write's read-back says the licence is not kept).
    if (looks_like_uri(d.info().licence)) doc["license"] = d.info().licence;
    detail::write_json_file(file, std::move(doc));
}

// ---------------------------------------------------------------------------------------
// Flat CSV

namespace {

struct title_path {
    std::string_view title;
    std::string_view path;
};

// Column titles of the 360Giving flat layout and the JSON path each one fills: the "title"
// of every property of 360-giving-schema.json 1.4 (data/schemas/360giving), joined with ':'
// through the definitions it refers to ("Recipient Org" + "Identifier"), as 360Giving's
// spreadsheet template names its columns. `currency` has no title in the schema; its column
// is "Currency" in the template. Free-form objects (toIndividualsDetails, relatedActivity)
// have no flat columns.
const std::vector<title_path>& schema_titles() {
    static const std::vector<title_path> table = {
    {"Identifier", "id"},
        {"Title", "title"},
        {"Description", "description"},
        {"Currency", "currency"},
        {"Amount Applied For", "amountAppliedFor"},
        {"Amount Awarded", "amountAwarded"},
        {"Amount Disbursed", "amountDisbursed"},
        {"Award Date", "awardDate"},
        {"URL", "url"},
        {"Planned Dates:Title", "plannedDates/0/title"},
        {"Planned Dates:Start Date", "plannedDates/0/startDate"},
        {"Planned Dates:End Date", "plannedDates/0/endDate"},
        {"Planned Dates:Duration (months)", "plannedDates/0/duration"},
        {"Planned Dates:Description", "plannedDates/0/description"},
        {"Planned Dates:Last Modified", "plannedDates/0/dateModified"},
        {"Actual Dates:Title", "actualDates/0/title"},
        {"Actual Dates:Start Date", "actualDates/0/startDate"},
        {"Actual Dates:End Date", "actualDates/0/endDate"},
        {"Actual Dates:Duration (months)", "actualDates/0/duration"},
        {"Actual Dates:Description", "actualDates/0/description"},
        {"Actual Dates:Last Modified", "actualDates/0/dateModified"},
        {"Recipient Ind:Identifier", "recipientIndividual/id"},
        {"Recipient Ind:Name", "recipientIndividual/name"},
        {"Recipient Org:Identifier", "recipientOrganization/0/id"},
        {"Recipient Org:Name", "recipientOrganization/0/name"},
        {"Recipient Org:Department", "recipientOrganization/0/department"},
        {"Recipient Org:Contact Name", "recipientOrganization/0/contactName"},
        {"Recipient Org:Charity Number", "recipientOrganization/0/charityNumber"},
        {"Recipient Org:Company Number", "recipientOrganization/0/companyNumber"},
        {"Recipient Org:Street Address", "recipientOrganization/0/streetAddress"},
        {"Recipient Org:City", "recipientOrganization/0/addressLocality"},
        {"Recipient Org:County", "recipientOrganization/0/addressRegion"},
        {"Recipient Org:Country", "recipientOrganization/0/addressCountry"},
        {"Recipient Org:Postal Code", "recipientOrganization/0/postalCode"},
        {"Recipient Org:Phone Number", "recipientOrganization/0/telephone"},
        {"Recipient Org:Alternate Name", "recipientOrganization/0/alternateName"},
        {"Recipient Org:Email", "recipientOrganization/0/email"},
        {"Recipient Org:Description", "recipientOrganization/0/description"},
        {"Recipient Org:Organisation Type", "recipientOrganization/0/organisationType"},
        {"Recipient Org:Web Address", "recipientOrganization/0/url"},
        {"Recipient Org:Location:Identifier", "recipientOrganization/0/location/0/id"},
        {"Recipient Org:Location:Name", "recipientOrganization/0/location/0/name"},
        {"Recipient Org:Location:Country Code", "recipientOrganization/0/location/0/countryCode"},
        {"Recipient Org:Location:Latitude", "recipientOrganization/0/location/0/latitude"},
        {"Recipient Org:Location:Longitude", "recipientOrganization/0/location/0/longitude"},
        {"Recipient Org:Location:Description", "recipientOrganization/0/location/0/description"},
        {"Recipient Org:Location:Geographic Code", "recipientOrganization/0/location/0/geoCode"},
        {"Recipient Org:Location:Geographic Code Type", "recipientOrganization/0/location/0/geoCodeType"},
        {"Recipient Org:Location:Last Modified", "recipientOrganization/0/location/0/dateModified"},
        {"Recipient Org:Last Modified", "recipientOrganization/0/dateModified"},
        {"Beneficiary Location:Identifier", "beneficiaryLocation/0/id"},
        {"Beneficiary Location:Name", "beneficiaryLocation/0/name"},
        {"Beneficiary Location:Country Code", "beneficiaryLocation/0/countryCode"},
        {"Beneficiary Location:Latitude", "beneficiaryLocation/0/latitude"},
        {"Beneficiary Location:Longitude", "beneficiaryLocation/0/longitude"},
        {"Beneficiary Location:Description", "beneficiaryLocation/0/description"},
        {"Beneficiary Location:Geographic Code", "beneficiaryLocation/0/geoCode"},
        {"Beneficiary Location:Geographic Code Type", "beneficiaryLocation/0/geoCodeType"},
        {"Beneficiary Location:Last Modified", "beneficiaryLocation/0/dateModified"},
        {"Funding Org:Identifier", "fundingOrganization/0/id"},
        {"Funding Org:Name", "fundingOrganization/0/name"},
        {"Funding Org:Department", "fundingOrganization/0/department"},
        {"Funding Org:Contact Name", "fundingOrganization/0/contactName"},
        {"Funding Org:Charity Number", "fundingOrganization/0/charityNumber"},
        {"Funding Org:Company Number", "fundingOrganization/0/companyNumber"},
        {"Funding Org:Street Address", "fundingOrganization/0/streetAddress"},
        {"Funding Org:City", "fundingOrganization/0/addressLocality"},
        {"Funding Org:County", "fundingOrganization/0/addressRegion"},
        {"Funding Org:Country", "fundingOrganization/0/addressCountry"},
        {"Funding Org:Postal Code", "fundingOrganization/0/postalCode"},
        {"Funding Org:Phone Number", "fundingOrganization/0/telephone"},
        {"Funding Org:Alternate Name", "fundingOrganization/0/alternateName"},
        {"Funding Org:Email", "fundingOrganization/0/email"},
        {"Funding Org:Description", "fundingOrganization/0/description"},
        {"Funding Org:Organisation Type", "fundingOrganization/0/organisationType"},
        {"Funding Org:Web Address", "fundingOrganization/0/url"},
        {"Funding Org:Location:Identifier", "fundingOrganization/0/location/0/id"},
        {"Funding Org:Location:Name", "fundingOrganization/0/location/0/name"},
        {"Funding Org:Location:Country Code", "fundingOrganization/0/location/0/countryCode"},
        {"Funding Org:Location:Latitude", "fundingOrganization/0/location/0/latitude"},
        {"Funding Org:Location:Longitude", "fundingOrganization/0/location/0/longitude"},
        {"Funding Org:Location:Description", "fundingOrganization/0/location/0/description"},
        {"Funding Org:Location:Geographic Code", "fundingOrganization/0/location/0/geoCode"},
        {"Funding Org:Location:Geographic Code Type", "fundingOrganization/0/location/0/geoCodeType"},
        {"Funding Org:Location:Last Modified", "fundingOrganization/0/location/0/dateModified"},
        {"Funding Org:Last Modified", "fundingOrganization/0/dateModified"},
        {"Grant Programme:Code", "grantProgramme/0/code"},
        {"Grant Programme:Title", "grantProgramme/0/title"},
        {"Grant Programme:Description", "grantProgramme/0/description"},
        {"Grant Programme:URL", "grantProgramme/0/url"},
        {"Grant Programme:Last Modified", "grantProgramme/0/dateModified"},
        {"From An Open Call?", "fromOpenCall"},
        {"Funding Type:Vocabulary", "fundingType/0/vocabulary"},
        {"Funding Type:Code", "fundingType/0/code"},
        {"Funding Type:Title", "fundingType/0/title"},
        {"Funding Type:Description", "fundingType/0/description"},
        {"Funding Type:URL", "fundingType/0/url"},
        {"Funding Type:Last Modified", "fundingType/0/dateModified"},
        {"Classifications:Vocabulary", "classifications/0/vocabulary"},
        {"Classifications:Code", "classifications/0/code"},
        {"Classifications:Title", "classifications/0/title"},
        {"Classifications:Description", "classifications/0/description"},
        {"Classifications:URL", "classifications/0/url"},
        {"Classifications:Last Modified", "classifications/0/dateModified"},
        {"Related Document:Identifier", "relatedDocument/0/id"},
        {"Related Document:Title", "relatedDocument/0/title"},
        {"Related Document:Web Address", "relatedDocument/0/url"},
        {"Related Document:Description", "relatedDocument/0/description"},
        {"Related Document:Document Type", "relatedDocument/0/documentType"},
        {"Related Document:Last Modified", "relatedDocument/0/dateModified"},
        {"applicationTransaction:Identifier", "applicationTransaction/0/id"},
        {"applicationTransaction:Transaction Date", "applicationTransaction/0/transactionDate"},
        {"applicationTransaction:Currency", "applicationTransaction/0/currency"},
        {"applicationTransaction:Value", "applicationTransaction/0/value"},
        {"applicationTransaction:Value Date", "applicationTransaction/0/valueDate"},
        {"applicationTransaction:Description", "applicationTransaction/0/description"},
        {"applicationTransaction:Provider", "applicationTransaction/0/provider"},
        {"applicationTransaction:Recipient", "applicationTransaction/0/recipient"},
        {"applicationTransaction:Last Modified", "applicationTransaction/0/dateModified"},
        {"commitmentTransaction:Identifier", "commitmentTransaction/0/id"},
        {"commitmentTransaction:Transaction Date", "commitmentTransaction/0/transactionDate"},
        {"commitmentTransaction:Currency", "commitmentTransaction/0/currency"},
        {"commitmentTransaction:Value", "commitmentTransaction/0/value"},
        {"commitmentTransaction:Value Date", "commitmentTransaction/0/valueDate"},
        {"commitmentTransaction:Description", "commitmentTransaction/0/description"},
        {"commitmentTransaction:Provider", "commitmentTransaction/0/provider"},
        {"commitmentTransaction:Recipient", "commitmentTransaction/0/recipient"},
        {"commitmentTransaction:Last Modified", "commitmentTransaction/0/dateModified"},
        {"disbursementTransaction:Identifier", "disbursementTransaction/0/id"},
        {"disbursementTransaction:Transaction Date", "disbursementTransaction/0/transactionDate"},
        {"disbursementTransaction:Currency", "disbursementTransaction/0/currency"},
        {"disbursementTransaction:Value", "disbursementTransaction/0/value"},
        {"disbursementTransaction:Value Date", "disbursementTransaction/0/valueDate"},
        {"disbursementTransaction:Description", "disbursementTransaction/0/description"},
        {"disbursementTransaction:Provider", "disbursementTransaction/0/provider"},
        {"disbursementTransaction:Recipient", "disbursementTransaction/0/recipient"},
        {"disbursementTransaction:Last Modified", "disbursementTransaction/0/dateModified"},
        {"Last Modified", "dateModified"},
        {"Data Source", "dataSource"},
        {"For Regrant Type", "regrantType"},
        {"Location Scope", "locationScope"},
    };
    return table;
}

const std::unordered_map<std::string_view, std::string_view>& path_of_title() {
    static const auto map = [] {
        std::unordered_map<std::string_view, std::string_view> m;
        for (const auto& tp : schema_titles()) m.emplace(tp.title, tp.path);
        return m;
    }();
    return map;
}

const std::unordered_map<std::string_view, std::string_view>& title_of_path() {
    static const auto map = [] {
        std::unordered_map<std::string_view, std::string_view> m;
        for (const auto& tp : schema_titles()) m.emplace(tp.path, tp.title);
        return m;
    }();
    return map;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t b = 0;
    for (;;) {
        const std::size_t e = s.find(sep, b);
        out.emplace_back(s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b));
        if (e == std::string_view::npos) break;
        b = e + 1;
    }
    return out;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The largest array index a column may name: no 360Giving grant lists 100 locations, and
// the cap keeps a column such as `beneficiaryLocation/99999999/name` from allocating.
constexpr std::size_t max_array_index = 99;
constexpr std::size_t max_path_parts = 8;

/// What one CSV column fills.
struct csv_column {
    std::vector<std::string> path;  // JSON path segments; empty for an ignored column
    bool extra = false;             // not a standard column: a top-level key named by the header
    std::string dotted;             // path without indices, joined by '.', for messages
    std::string error;              // why the column cannot be read (a bad array index)
    std::string header;             // the header as written (trimmed)
};

std::string dotted_of(const std::vector<std::string>& path) {
    std::string out;
    for (const auto& seg : path) {
        if (all_digits(seg)) continue;
        if (!out.empty()) out += '.';
        out += seg;
    }
    return out;
}

csv_column column_of_header(std::string_view raw) {
    csv_column c;
    const std::string_view h = trim(raw);
    if (h.empty()) return c;
    std::string path;
    if (auto it = path_of_title().find(h); it != path_of_title().end()) {
        path = it->second;
    } else if (auto parts = split(h, ':'); parts.size() >= 3 && all_digits(parts[1])) {
        // "Beneficiary Location:1:Name": the second item of an array.
        std::string base = parts[0];
        for (std::size_t i = 2; i < parts.size(); ++i) base += ":" + parts[i];
        if (auto jt = path_of_title().find(base); jt != path_of_title().end()) {
            path = jt->second;
            const std::size_t zero = path.find("/0");
            if (zero != std::string::npos) path.replace(zero + 1, 1, parts[1]);
        }
    }
    if (path.empty()) {
        // A raw JSON path ("amountAwarded", "recipientOrganization/0/id").
        auto segs = split(h, '/');
        const bool ok = is_standard_key(segs[0]) &&
                        std::none_of(segs.begin(), segs.end(), [](const std::string& s) { return s.empty(); });
        if (ok) path = h;
    }
    if (path.empty()) {
        c.extra = true;
        c.path = {std::string(h)};
        c.dotted = std::string(h);
        return c;
    }
    c.path = split(path, '/');
    // The deepest path of the schema has five parts (recipientOrganization/0/location/0/id).
    if (c.path.size() > max_path_parts)
        c.error = "a path of more than " + std::to_string(max_path_parts) + " parts";
    for (const auto& seg : c.path) {
        if (!all_digits(seg)) continue;
        if (seg.size() > 2 || static_cast<std::size_t>(std::stoi(seg)) > max_array_index)
            c.error = "array index " + seg + " is above " + std::to_string(max_array_index);
    }
    c.dotted = dotted_of(c.path);
    return c;
}

bool is_number_field(std::string_view key) {
    return key == "amountAwarded" || key == "amountAppliedFor" || key == "amountDisbursed" ||
           key == "duration" || key == "latitude" || key == "longitude" || key == "value";
}

bool is_date_field(std::string_view key) {
    return key == "awardDate" || key == "startDate" || key == "endDate" || key == "dateModified" ||
           key == "transactionDate" || key == "valueDate";
}

/// "24/07/2014" as "2014-07-24" (the day-first form UK spreadsheets write); other text, and a
/// day-first text that names no day ("31/02/2021"), as is, so that the reader's error quotes
/// what the file says.
std::string iso_of_day_first(std::string_view s) {
    const auto parts = split(s, '/');
    if (parts.size() != 3 || !all_digits(parts[0]) || !all_digits(parts[1]) || !all_digits(parts[2]) ||
        parts[0].size() > 2 || parts[1].size() > 2 || parts[2].size() != 4)
        return std::string(s);
    const int year = std::stoi(parts[2]);
    const unsigned month = static_cast<unsigned>(std::stoi(parts[1])), day = static_cast<unsigned>(std::stoi(parts[0]));
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::string(s);
    auto two = [](const std::string& x) { return x.size() == 1 ? "0" + x : x; };
    return parts[2] + "-" + two(parts[1]) + "-" + two(parts[0]);
}

/// The JSON value of a CSV cell for the key `key`: numbers for the numeric fields when the
/// text is a number (otherwise the text, for the reader to refuse with its own message).
json cell_value(std::string_view key, std::string_view raw) {
    const std::string_view text = trim(raw);
    if (is_number_field(key)) {
        const bool numeric = std::all_of(text.begin(), text.end(), [](char c) {
            return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
        });
        if (numeric) {
            json v = json::parse(text, nullptr, false);
            if (v.is_number()) return v;
        }
        return json(std::string(text));
    }
    if (is_date_field(key)) return json(iso_of_day_first(text));
    return json(std::string(raw));
}

/// Puts `value` at `path` inside `root`; false when another column already put something
/// of another shape there (`id` and `id/x`).
bool put(json& root, const std::vector<std::string>& path, json value) {
    json* cur = &root;
    for (const auto& seg : path) {
        if (all_digits(seg)) {
            const auto k = static_cast<std::size_t>(std::stoi(seg));
            if (cur->is_null()) *cur = json::array();
            if (!cur->is_array()) return false;
            while (cur->size() <= k) cur->push_back(json::object());
            cur = &(*cur)[k];
        } else {
            if (cur->is_null()) *cur = json::object();
            if (!cur->is_object()) return false;
            cur = &(*cur)[seg];
        }
    }
    if (!cur->is_null() && !(cur->is_object() && cur->empty())) return false;
    *cur = std::move(value);
    return true;
}

/// The grants of a flat CSV file as JSON objects, with the line of each and the place of each
/// column. Strict (problems == nullptr): throws civica::parse_error at the first fault.
/// Lenient: records each fault in `problems` and goes on (a CSV syntax error ends the file).
/// Skip mode (strict, with `left_out`): a row of the wrong width or with conflicting cells is
/// left out and listed in `left_out`; a fault of the header or of the CSV syntax still throws.
/// Strict, a fault of a row is kept in `fault_at_row` and the rows before it are returned:
/// their grants are read first, so that the first bad record of the file is the one reported
/// (read_flat_csv raises it after them), whether its fault is of the row or of the grant.
struct csv_grants {
    json grants = json::array();
    std::vector<std::size_t> lines;
    std::unordered_map<std::string, csv_column_place> columns;
    std::optional<parse_error> fault_at_row;
};

csv_grants csv_to_grants(const std::string& text, const std::string& name, char separator,
                         std::vector<problem>* problems, std::vector<problem>* left_out = nullptr) {
    csv_grants out;
    std::istringstream in(text);
    text::csv_options opts;
    opts.separator = separator;
    opts.uniform_width = problems == nullptr && left_out == nullptr;  // else checked per row below
    text::csv_reader reader(in, name, opts);
    auto fault = [&](std::size_t line, std::size_t column, const std::string& field,
                     const std::string& check, const std::string& why) {
        if (!problems) throw parse_error(name, line, column, field, why);
        problems->push_back({"error", check, name, line, field, {}, why});
    };

    text::csv_record rec;
    try {
        if (!reader.next(rec)) {
            fault(1, 0, {}, "missing_column", "the file is empty: a 360Giving CSV starts with a header row");
            return out;
        }
    } catch (const parse_error& e) {
        if (!problems) throw;
        problems->push_back({"error", "csv_syntax", name, e.line(), {}, {}, e.reason()});
        return out;
    }
    std::vector<csv_column> columns;
    std::unordered_map<std::string, std::size_t> seen;  // path or extra key -> column
    for (std::size_t i = 0; i < rec.size(); ++i) {
        csv_column c = column_of_header(rec[i]);
        const std::string header(trim(rec[i]));
        c.header = header;
        if (!c.error.empty()) {
            fault(1, i + 1, header, "bad_value", "column \"" + header + "\": " + c.error);
            c.path.clear();
        }
        if (!c.path.empty()) {
            std::string key = c.extra ? "extra:" : "path:";
            for (const auto& seg : c.path) key += seg + "/";
            auto [it, fresh] = seen.try_emplace(key, i);
            if (!fresh && c.extra) {
                c.path.clear();  // a publisher's column repeated: the first one is kept
            } else if (!fresh) {
                fault(1, i + 1, header, "duplicate_column",
                      "column \"" + header + "\" fills the same field as column " +
                          std::to_string(it->second + 1) + " (\"" + std::string(trim(rec[it->second])) + "\")");
                c.path.clear();
            } else if (!c.extra) {
                out.columns.try_emplace(c.dotted, csv_column_place{i + 1, header});
            }
        }
        columns.push_back(std::move(c));
    }
    // Every grant has an identifier: a header without its column is no 360Giving CSV (a file of
    // other columns would otherwise read as no grants, with nothing said).
    if (out.columns.find("id") == out.columns.end()) {
        fault(1, 0, "Identifier", "missing_column",
              "not a 360Giving CSV: no column \"Identifier\" (or \"id\"), which every grant has");
        return out;
    }

    const bool strict = problems == nullptr && left_out == nullptr;
    for (;;) try {
        try {
            if (!reader.next(rec)) break;
        } catch (const parse_error& e) {
            if (!problems) throw;
            problems->push_back({"error", "csv_syntax", name, e.line(), {}, {}, e.reason()});
            break;
        }
        // A fault of the row itself; in skip mode the row is left out.
        bool row_left_out = false;
        auto row_fault = [&](std::size_t column, const std::string& field, const std::string& check,
                             const std::string& why) {
            if (left_out != nullptr && problems == nullptr) {
                left_out->push_back({"error", check, name, rec.line(), field, {}, why});
                row_left_out = true;
                return;
            }
            fault(rec.line(), column, field, check, why);
        };
        if (rec.size() != columns.size()) {
            row_fault(0, {}, "wrong_field_count",
                      "the row has " + std::to_string(rec.size()) + " fields, the header " +
                          std::to_string(columns.size()));
            // Its cells are not under their headings: a grant made of them would be refused again
            // for each shifted value ("RUB732800" is no currency). Checked, the row is this one fault.
            if (row_left_out || problems != nullptr) continue;
        }
        json grant = json::object();
        bool any = false;
        for (std::size_t i = 0; i < columns.size() && i < rec.size(); ++i) {
            const csv_column& c = columns[i];
            // A cell of spaces is no value; text keeps its spaces (as the JSON reader does),
            // numbers and dates lose them.
            const std::string_view cell = rec[i];
            if (trim(cell).empty()) continue;
            if (c.path.empty()) {
                // A column without a header has no key to keep its values under: an empty column
                // a spreadsheet left is nothing, a value in one is a fault, not dropped unsaid.
                if (c.header.empty())
                    row_fault(i + 1, {}, "unknown_column",
                              "column " + std::to_string(i + 1) + " has no header but holds \"" +
                                  text::leading_part(cell, 60) + "\" (give the column a name, or remove it)");
                continue;
            }
            any = true;
            json value = c.extra ? json(std::string(cell)) : cell_value(c.path.back(), cell);
            if (c.extra) {
                if (!grant.contains(c.path[0])) grant[c.path[0]] = std::move(value);
            } else if (!put(grant, c.path, std::move(value))) {
                row_fault(i + 1, c.header, "bad_value",
                          "column \"" + c.header + "\" conflicts with another column that fills " + c.dotted);
            }
        }
        if (!any || row_left_out) continue;  // a row of empty cells, as spreadsheets leave
        out.grants.push_back(std::move(grant));
        out.lines.push_back(rec.line());
    } catch (const parse_error& e) {
        if (!strict) throw;
        out.fault_at_row = e;
        break;
    }
    return out;
}

/// The file's text as UTF-8: Windows-1251 (declared, or detected when `encoding` is
/// automatic) is converted. Detected, it must read as Russian: 360Giving is a UK standard, and
/// a file Excel in English saved (Windows-1252) would turn "£30,000" into "Ј30,000" unsaid.
std::string utf8_text(std::string bytes, const std::string& name,
                      text::text_encoding encoding = text::text_encoding::automatic) {
    text::check_text_file(bytes, name);  // a "Unicode" file, JSON or CSV, not taken for Windows-1251
    if (encoding == text::text_encoding::automatic) {
        encoding = text::detect_encoding(bytes);
        if (encoding == text::text_encoding::windows1251 && !text::has_cyrillic_word(bytes))
            throw parse_error(name, 0, 0, {},
                              "is not UTF-8, and reads as no Russian word in Windows-1251 either: likely Windows-1252 "
                              "(Excel in English), in which '£' would be misread; save it as UTF-8 (CSV UTF-8 in "
                              "Excel), or declare the encoding windows-1251 if it is one");
    }
    if (encoding == text::text_encoding::windows1251) return text::windows1251_file_to_utf8(bytes, name);
    return bytes;
}

bool looks_like_json(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        return c == '{' || c == '[';
    }
    return false;
}

/// True when `file` (whose content is `bytes`) is read as a 360Giving JSON package: it starts
/// like JSON, or it is a ".json" file of white space only (an empty package, refused as such).
bool is_json_package(const std::filesystem::path& file, std::string_view bytes) {
    std::string suffix = file.extension().string();
    std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::tolower(c); });
    return looks_like_json(bytes) || (suffix == ".json" && bytes.find_first_not_of(" \t\r\n") == std::string::npos);
}

/// `path` ("recipientOrganization/1/name") as a column header: the schema title, with the
/// index of a later array item after the first part ("Recipient Org:1:Name"), or the raw
/// path when the schema has no title for it.
std::string header_of(const std::string& path) {
    if (auto it = title_of_path().find(path); it != title_of_path().end()) return std::string(it->second);
    auto segs = split(path, '/');
    if (segs.size() >= 3 && all_digits(segs[1])) {
        std::string base = segs[0] + "/0";
        for (std::size_t i = 2; i < segs.size(); ++i) base += "/" + segs[i];
        if (auto it = title_of_path().find(base); it != title_of_path().end()) {
            std::string t(it->second);
            const std::size_t colon = t.find(':');
            if (colon != std::string::npos) return t.substr(0, colon) + ":" + segs[1] + t.substr(colon);
        }
    }
    return path;
}

void flatten(const json& v, const std::string& path, std::vector<std::pair<std::string, std::string>>& out) {
    if (v.is_object()) {
        for (const auto& [k, x] : v.items()) flatten(x, path + "/" + k, out);
    } else if (v.is_array()) {
        for (std::size_t i = 0; i < v.size(); ++i) flatten(v[i], path + "/" + std::to_string(i), out);
    } else if (v.is_string()) {
        out.emplace_back(path, v.get<std::string>());
    } else if (!v.is_null()) {
        out.emplace_back(path, v.dump());
    }
}

/// The field separator of a flat CSV file: `requested`, or (0) the one its header line uses.
char flat_csv_separator(std::string_view text, char requested) {
    if (requested != 0) {
        text::check_separator(requested);
        return requested;
    }
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    return text::detect_separator(text.substr(0, text.find('\n')));
}

/// A 360Giving flat CSV file (`text` is the file's content, as UTF-8).
threesixtygiving_package read_flat_csv(const std::filesystem::path& file, const std::string& text,
                                       const threesixtygiving_read_options& options) {
    reader_context ctx{text::utf8_or_escaped(file.filename().string()), true, {}, {}};
    std::vector<problem> left_out;
    csv_grants cg = csv_to_grants(text, ctx.file, flat_csv_separator(text, options.separator), nullptr,
                                  options.skip_bad_records ? &left_out : nullptr);
    if (options.skipped != nullptr)
        options.skipped->insert(options.skipped->end(), left_out.begin(), left_out.end());
    ctx.lines = std::move(cg.lines);
    ctx.columns = std::move(cg.columns);
    // The grants before a row's fault are read first: one of them may be the file's first bad record.
    threesixtygiving_package read =
        read_grants(cg.grants, ctx, {text::utf8_or_escaped(file.stem().string()), {}, {}, "360Giving flat CSV", {}},
                    options);
    if (cg.fault_at_row) throw *cg.fault_at_row;
    return read;
}

}  // namespace

threesixtygiving_package read_360giving(const std::filesystem::path& file,
                                        const threesixtygiving_read_options& options) {
    std::string bytes = text::read_file(file, "360Giving file");
    if (is_json_package(file, bytes)) return read_json_package(file, bytes, options);
    return read_flat_csv(file, utf8_text(std::move(bytes), text::utf8_or_escaped(file.string()), options.encoding),
                         options);
}

void write_360giving_csv(const dataset& d, const std::filesystem::path& file,
                         const threesixtygiving_write_options& options) {
    check_info(d.info(), text::utf8_or_escaped(file.filename().string()));
    const json grants = grants_json(d, options);
    std::vector<std::string> headers;
    std::unordered_map<std::string, std::size_t> index;
    std::vector<std::vector<std::pair<std::size_t, std::string>>> rows;
    for (const auto& g : grants) {
        std::vector<std::pair<std::string, std::string>> cells;
        for (const auto& [key, value] : g.items()) {
            if (is_standard_key(key)) {
                flatten(value, key, cells);
                continue;
            }
            // A publisher's own key: one column named by the key, which the reader must take for
            // that key again: not a standard column's title or path ("Identifier", "Amount
            // Applied For", "amountAwarded"), which it would overwrite or become, and not a key
            // the header's trimming would change.
            if (const csv_column c = column_of_header(key); !c.extra || c.dotted != key)
                throw validation_error("bad_value", key,
                                       "grant \"" + (g.contains("id") && g["id"].is_string() ? g["id"].get<std::string>() : "") +
                                           "\": its own key \"" + key + "\"" +
                                           (c.extra ? " has spaces around it, which a CSV header loses"
                                                    : " is the header of the standard field " + c.dotted) +
                                           ", so flat CSV cannot keep it: write 360Giving JSON, which keeps every key, "
                                           "or rename the key");
            if (value.is_string()) cells.emplace_back("\x01" + key, value.get<std::string>());
            else if (!value.is_null()) cells.emplace_back("\x01" + key, value.dump());
        }
        auto& row = rows.emplace_back();
        for (auto& [path, text] : cells) {
            const std::string header = path.starts_with('\x01') ? path.substr(1) : header_of(path);
            auto [it, fresh] = index.try_emplace(header, headers.size());
            if (fresh) headers.push_back(header);
            row.emplace_back(it->second, std::move(text));
        }
    }
    // The columns in the schema's order, as 360Giving's spreadsheet template has them (a later
    // item's column, "Recipient Org:1:Name", after the first item's); a publisher's own keys and
    // paths without a title after them, in order of first use.
    {
        std::unordered_map<std::string_view, std::size_t> rank;
        for (const auto& t : schema_titles()) rank.emplace(t.title, rank.size());
        const auto key = [&](const std::string& header) {
            std::string base = header;
            std::size_t item = 0;
            // "Recipient Org:1:Name" → "Recipient Org:Name", item 1
            // (a publisher's key may have any digits there: only a count of items is an index)
            if (const auto a = header.find(':'); a != std::string::npos)
                if (const auto b = header.find(':', a + 1); b != std::string::npos && b > a + 1 && b - a - 1 <= 9 &&
                                                            all_digits(header.substr(a + 1, b - a - 1))) {
                    item = std::stoul(header.substr(a + 1, b - a - 1));
                    base = header.substr(0, a) + header.substr(b);
                }
            const auto it = rank.find(base);
            return std::pair(it == rank.end() ? rank.size() : it->second, item);
        };
        std::vector<std::size_t> order(headers.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return key(headers[a]) < key(headers[b]); });
        std::vector<std::size_t> new_place(order.size());
        std::vector<std::string> sorted;
        for (std::size_t i = 0; i < order.size(); ++i) {
            new_place[order[i]] = i;
            sorted.push_back(std::move(headers[order[i]]));
        }
        headers = std::move(sorted);
        for (auto& row : rows)
            for (auto& cell : row) cell.first = new_place[cell.first];
    }
    // Without grants the header still names the columns every grant has, so that the file is
    // recognisably 360Giving flat CSV and reads back as a package without grants.
    if (headers.empty())
        headers = {"Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
                   "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name"};
    std::ostringstream out;
    text::csv_writer w(out);
    w.write_record(headers);
    for (const auto& row : rows) {
        std::vector<std::string> fields(headers.size());
        for (const auto& [col, text] : row) fields[col] = text;
        w.write_record(fields);
    }
    text::write_file_atomically(file, out.str());
}

// ---------------------------------------------------------------------------------------
// Data-quality checks

namespace {

// Org-id prefixes civica recognises (https://org-id.guide lists; the 360Giving quality
// checks FundingOrgUnrecognisedPrefix / RecipientOrgUnrecognisedPrefix use the whole
// org-id.guide list plus 360G). This is a short table of the lists common in UK and Russian
// grant data, not the full org-id.guide list; RU-INN and RU-OGRN are the Russian tax and
// state-register numbers (DOMAIN.md section 3).
constexpr std::array<std::string_view, 27> known_org_prefixes = {
    "GB-CHC", "GB-COH", "GB-SC", "GB-NIC", "GB-EDU", "GB-LAE", "GB-LAS", "GB-PLA", "GB-NHS",
    "GB-GOR", "GB-MPR", "GB-UKPRN", "GB-SHPE", "GB-REV", "GB-WALEDU", "GB-SCOTEDU", "GB-NIEDU",
    "360G", "XI-GRID", "XI-ROR", "XI-IATI", "XI-PB", "XI-WIKIDATA", "XI-LEI", "RU-INN", "RU-OGRN",
    "US-EIN"};

bool iequals_prefix(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const auto a = static_cast<unsigned char>(s[i]);
        const auto b = static_cast<unsigned char>(prefix[i]);
        if (std::tolower(a) != std::tolower(b)) return false;
    }
    return true;
}

bool has_known_prefix(std::string_view id) {
    return std::any_of(known_org_prefixes.begin(), known_org_prefixes.end(), [&](std::string_view p) {
        return iequals_prefix(id, p) && id.size() > p.size() && id[p.size()] == '-';
    });
}

class grant_checker {
public:
    grant_checker(std::string file, bool csv, std::vector<std::size_t> lines,
                  std::unordered_map<std::string, csv_column_place> columns, std::vector<problem>& out)
        : file_(std::move(file)), csv_(csv), lines_(std::move(lines)), columns_(std::move(columns)), out_(out) {}

    void check(const json& grants) {
        currency_ = package_currency(grants);
        for (std::size_t g = 0; g < grants.size(); ++g) {
            if ((g & 0xFFF) == 0xFFF) interruption_point();  // every 4096 grants
            check_grant(g, grants[g]);
        }
    }

private:
    std::string file_;
    bool csv_;
    std::vector<std::size_t> lines_;
    std::unordered_map<std::string, csv_column_place> columns_;
    std::vector<problem>& out_;
    date today_ = boost::gregorian::day_clock::local_day();
    std::string currency_;
    std::unordered_map<std::string, std::size_t> ids_;                               // id -> grant
    std::unordered_map<std::string, std::pair<std::string, std::size_t>> names_;   // org id -> name, grant

    /// `where` is the JSON place inside the grant ("recipientOrganization[0].id").
    void add(const char* severity, const char* check, std::size_t g, const std::string& gid,
             const std::string& where, const std::string& message) {
        problem p{severity, check, file_, 0, {}, gid, message};
        if (csv_) {
            p.line = g < lines_.size() ? lines_[g] : 0;
            const std::string dotted = without_indices(where);
            auto it = columns_.find(dotted);
            p.field = it != columns_.end() ? it->second.title : dotted;
        } else {
            // As the reader names a grant's fault (and every JSON reader a record's): the field
            // within the grant, the grant's path and id first in the message.
            p.field = where;
            p.path = "grants[" + std::to_string(g) + "]";
            p.message = p.path + (gid.empty() ? "" : " (id \"" + gid + "\")") + ": " + p.message;
        }
        out_.push_back(std::move(p));
    }

    std::string place_of(std::size_t g) const {
        if (csv_) return "line " + std::to_string(g < lines_.size() ? lines_[g] : 0);
        return "grants[" + std::to_string(g) + "]";
    }

    std::optional<money> amount(std::size_t g, const std::string& gid, const json& grant, const char* key,
                                bool required) {
        auto it = grant.find(key);
        if (it == grant.end() || it->is_null()) {
            if (required)
                add("error", "missing_field", g, gid, key,
                    std::string("the grant has no ") + key + " (the 360Giving schema requires it)");
            return std::nullopt;
        }
        std::string why;
        auto m = amount_value(*it, why);
        if (!m) {
            add("error", "bad_value", g, gid, key, std::string(key) + ": " + why);
            return std::nullopt;
        }
        if (m->kopecks() < 0)
            add("error", "negative_amount", g, gid, key,
                negative_amount(key, *it));
        return m;
    }

    std::optional<date> a_date(std::size_t g, const std::string& gid, const json& obj, const char* key,
                               const std::string& where, std::optional<bool> span_end = std::nullopt) {
        if (const std::string why = date_type_problem(obj, key, where); !why.empty()) {
            add("error", "bad_value", g, gid, where, why);
            return std::nullopt;
        }
        const std::string s = string_of(obj, key);
        if (s.empty()) return std::nullopt;
        try {
            return grant_date(s, csv_, span_end);
        } catch (const parse_error& e) {
            add("error", "bad_value", g, gid, where, where + ": " + e.reason());
            return std::nullopt;
        }
    }

    void org_prefix(std::size_t g, const std::string& gid, const std::string& where, const std::string& id,
                    const char* who) {
        if (has_known_prefix(id)) return;
        add("warning", "unrecognised_org_prefix", g, gid, where,
            std::string(who) + " id \"" + id +
                "\" does not start with a recognised org-id prefix (such as GB-CHC-, GB-COH-, 360G-, "
                "RU-INN-); an organisation identifier is the prefix of its register and the number in it");
    }

    void check_grant(std::size_t g, const json& grant) {
        if (!grant.is_object()) {
            add("error", "bad_value", g, {}, {}, "a grant must be a JSON object");
            return;
        }
        const std::string gid = string_of(grant, "id");
        if (std::string at, why = detail::bad_text_in(grant, at); !why.empty()) {
            add("error", "bad_value", g, shown_id(gid), at, at.empty() ? why : at + ": " + why);
            return;
        }
        if (const auto [at, why] = non_text_field(grant); !at.empty()) add("error", "bad_value", g, gid, at, why);
        if (const auto [at, why] = misshapen_field(grant); !at.empty()) add("error", "bad_value", g, gid, at, why);
        if (gid.empty()) {
            add("error", "missing_field", g, gid, "id", "the grant has no id (the 360Giving schema requires one)");
        } else if (auto [it, fresh] = ids_.try_emplace(gid, g); !fresh) {
            add("error", "duplicate_id", g, gid, "id",
                "grant id \"" + gid + "\" is used again (first at " + place_of(it->second) + "); ids must be unique");
        }

        const std::string currency = string_of(grant, "currency");
        if (currency.empty()) {
            add("error", "missing_field", g, gid, "currency", "the grant has no currency (the schema requires one)");
        } else if (!is_currency_code(currency)) {
            add("error", "bad_currency", g, gid, "currency",
                "currency \"" + currency + "\" is not an ISO 4217 code (three capital letters, e.g. GBP)");
        } else if (!currency_.empty() && currency != currency_) {
            add("error", "mixed_currency", g, gid, "currency",
                "currency " + currency + " differs from " + currency_ +
                    ", the currency of most grants; civica keeps one currency per dataset");
        }

        const auto awarded = amount(g, gid, grant, "amountAwarded", true);
        if (awarded && awarded->kopecks() == 0)
            add("warning", "zero_amount", g, gid, "amountAwarded",
                "amountAwarded is 0: a grant of nothing is unusual; explain it in the description or leave it out");
        const auto applied = amount(g, gid, grant, "amountAppliedFor", false);
        if (awarded && applied && applied->kopecks() >= 0 && applied->kopecks() < awarded->kopecks())
            add("warning", "awarded_exceeds_requested", g, gid, "amountAppliedFor",
                "amountAppliedFor " + applied->to_string() + " is less than amountAwarded " + awarded->to_string());

        if (string_of(grant, "awardDate").empty()) {
            add("error", "missing_field", g, gid, "awardDate", "the grant has no awardDate (the schema requires one)");
        } else if (auto on = a_date(g, gid, grant, "awardDate", "awardDate")) {
            if (*on > today_)
                add("warning", "future_date", g, gid, "awardDate",
                    "awardDate " + format_date(*on) + " is in the future (today is " + format_date(today_) + ")");
            if (*on < date(1990, 1, 1))
                add("warning", "implausible_date", g, gid, "awardDate",
                    "awardDate " + format_date(*on) + " is before 1990: probably a typing or conversion error");
        }

        if (const json* planned = first_of(grant, "plannedDates"); planned && planned->is_object()) {
            const auto start = a_date(g, gid, *planned, "startDate", "plannedDates[0].startDate", false);
            const auto end = a_date(g, gid, *planned, "endDate", "plannedDates[0].endDate", true);
            if (start && end)
                if (const std::string why = planned_order_problem(*start, *end); !why.empty())
                    add("error", "end_before_start", g, gid, "plannedDates[0].endDate", why);
            auto dur = planned->find("duration");
            if (dur != planned->end() && !dur->is_null()) {
                if (const std::string why = planned_duration_problem(*planned); !why.empty()) {
                    add("error", "bad_value", g, gid, "plannedDates[0].duration", why);
                } else if (start && end && !(*end < *start)) {
                    // A month is 365.25 / 12 days on average; one month either way is rounding.
                    const double months = static_cast<double>((*end - *start).days() + 1) / (365.25 / 12.0);
                    if (std::fabs(dur->get<double>() - months) > 1.0) {
                        std::ostringstream m;
                        m.precision(3);
                        m << "plannedDates[0].duration is " << dur->dump() << " months, but "
                          << format_date(*start) << " to " << format_date(*end) << " is about " << months
                          << " months";
                        add("warning", "duration_mismatch", g, gid, "plannedDates[0].duration", m.str());
                    }
                }
            }
        }

        std::string funder_id;
        const json* funder = first_of(grant, "fundingOrganization");
        if (funder) funder_id = string_of(*funder, "id");
        if (funder_id.empty()) {
            add("error", "missing_field", g, gid, "fundingOrganization[0].id",
                "the grant has no funding organisation id (the schema requires one)");
        } else {
            org_prefix(g, gid, "fundingOrganization[0].id", funder_id, "funding organisation");
        }

        const auto recipients = items_of(grant, "recipientOrganization");
        const json* individual = first_of(grant, "recipientIndividual");
        if (recipients.empty() && !(individual && !string_of(*individual, "id").empty()))
            add("error", "missing_field", g, gid, "recipientOrganization[0].id",
                "the grant has neither a recipient organisation nor a recipient individual with an id");
        for (std::size_t k = 0; k < recipients.size(); ++k) {
            const json& org = *recipients[k];
            const std::string where = "recipientOrganization[" + std::to_string(k) + "]";
            const std::string rid = string_of(org, "id");
            const std::string rname = string_of(org, "name");
            if (rid.empty()) {
                add("error", "missing_field", g, gid, where + ".id", "the recipient organisation has no id");
                continue;
            }
            if (rname.empty())
                add("error", "missing_recipient_name", g, gid, where + ".name",
                    "recipient organisation \"" + rid + "\" has no name (the schema requires one)");
            org_prefix(g, gid, where + ".id", rid, "recipient organisation");
            if (rid == funder_id)
                add("warning", "funder_is_recipient", g, gid, where + ".id",
                    "the recipient \"" + rid + "\" is the funding organisation itself");
            if (!rname.empty()) {
                auto [it, fresh] = names_.try_emplace(rid, rname, g);
                if (!fresh && it->second.first != rname)
                    add("warning", "recipient_several_names", g, gid, where + ".name",
                        "recipient \"" + rid + "\" is named \"" + rname + "\" here but \"" + it->second.first +
                            "\" at " + place_of(it->second.second));
            }
        }
    }
};

}  // namespace

std::vector<problem> check_360giving(const std::filesystem::path& file, text::text_encoding encoding) {
    const std::string name = text::utf8_or_escaped(file.filename().string());
    std::vector<problem> out;
    // As read_360giving reads it: JSON is UTF-8 (RFC 8259, 8.1), a flat CSV file may be
    // Windows-1251.
    std::string bytes = text::read_file(file, "360Giving file");
    const bool is_json = is_json_package(file, bytes);
    std::string text;
    try {
        text = is_json ? std::move(bytes) : utf8_text(std::move(bytes), name, encoding);
    } catch (const parse_error& e) {
        out.push_back({"error", "encoding", name, 0, {}, {}, e.reason()});
        return out;
    }
    if (is_json) {
        json doc;
        try {
            doc = text::parse_json<json>(text, name);
        } catch (const parse_error& e) {
            out.push_back({"error", "json_syntax", name, e.line(), {}, {}, e.reason()});
            return out;
        }
        if (!doc.is_object() || !doc.contains("grants") || !doc["grants"].is_array()) {
            out.push_back({"error", "not_a_package", name, 0, "grants", {},
                           "not a 360Giving package: expected an object with a \"grants\" array"});
            return out;
        }
        if (const auto [key, why] = package_text_problem(doc); !why.empty())
            out.push_back({"error", "bad_value", name, 0, key, {}, why});
        grant_checker(name, false, {}, {}, out).check(doc["grants"]);
        return out;
    }
    // The separator is detected from the header, as io::read does by default.
    csv_grants cg = csv_to_grants(text, name, flat_csv_separator(text, 0), &out);
    grant_checker(name, true, std::move(cg.lines), std::move(cg.columns), out).check(cg.grants);
    return out;
}

}  // namespace civica::io
