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
// - Amounts: JSON numbers become integer hundredths. A double is accepted only when it is a
//   whole number of hundredths (to within rounding of the decimal text), so no amount is
//   silently rounded.
#include "civica/io/threesixtygiving.hpp"

#include "civica/core/identifiers.hpp"
#include "civica/error.hpp"
#include "civica/io/limits.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace civica::io {
namespace {

using json = nlohmann::json;

std::string read_file(const std::filesystem::path& file) {
    check_file_size(file);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw io_error("cannot open " + file.string() + " for reading");
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) throw io_error("cannot read " + file.string());
    return std::move(buf).str();
}

struct reader_context {
    std::string file;  // file name for messages

    [[noreturn]] void fail(std::size_t grant, std::string_view grant_id, std::string_view field,
                           const std::string& why) const {
        std::string where = "grants[" + std::to_string(grant) + "]";
        if (!grant_id.empty()) where += " (id \"" + std::string(grant_id) + "\")";
        throw parse_error(file, 0, 0, std::string(field), where + ": " + why);
    }
};

std::string string_of(const json& obj, std::string_view key) {
    if (!obj.is_object()) return {};
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

/// The first element of an array-valued key (360Giving wraps single objects in arrays),
/// or the object itself when a publisher wrote an object; null when absent.
const json* first_of(const json& obj, std::string_view key) {
    auto it = obj.find(key);
    if (it == obj.end()) return nullptr;
    if (it->is_array()) return it->empty() ? nullptr : &(*it)[0];
    if (it->is_object()) return &*it;
    return nullptr;
}

std::optional<money> amount_of(const reader_context& ctx, std::size_t g, std::string_view gid,
                               const json& grant, std::string_view key) {
    auto it = grant.find(key);
    if (it == grant.end() || it->is_null()) return std::nullopt;
    const json& v = *it;
    if (v.is_number_integer()) {
        const auto units = v.is_number_unsigned()
                               ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                                     v.get<std::uint64_t>(), INT64_MAX))
                               : v.get<std::int64_t>();
        if (units > INT64_MAX / 100 || units < INT64_MIN / 100)
            ctx.fail(g, gid, key, std::to_string(units) + " is too large an amount");
        return money::from_kopecks(units * 100);
    }
    if (v.is_number_float()) {
        const double x = v.get<double>();
        const double hundredths = x * 100.0;
        if (!std::isfinite(x) || std::fabs(hundredths) > 9.0e15)
            ctx.fail(g, gid, key, v.dump() + " is not an amount civica can hold exactly");
        const double rounded = std::round(hundredths);
        if (std::fabs(rounded - hundredths) > 1e-6 * std::max(1.0, std::fabs(hundredths)))
            ctx.fail(g, gid, key,
                     v.dump() + " has more than two decimals (civica keeps hundredths of a currency unit)");
        return money::from_kopecks(static_cast<std::int64_t>(rounded));
    }
    if (v.is_string()) {
        try {
            return money::parse(v.get<std::string>());
        } catch (const parse_error& e) {
            ctx.fail(g, gid, key, e.reason());
        }
    }
    ctx.fail(g, gid, key, std::string("expected a number, found ") + v.type_name());
}

date date_of(const reader_context& ctx, std::size_t g, std::string_view gid, const json& obj,
             std::string_view key, std::string_view field) {
    const std::string s = string_of(obj, key);
    if (s.empty()) return {};
    try {
        return parse_date(s);
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
};

}  // namespace

threesixtygiving_package read_360giving_package(const std::filesystem::path& file) {
    reader_context ctx{file.filename().string()};
    const std::string text = read_file(file);
    check_json_depth(text, ctx.file);
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        throw parse_error(ctx.file, 0, 0, {}, std::string("not valid JSON: ") + e.what());
    }
    if (!doc.is_object() || !doc.contains("grants") || !doc["grants"].is_array())
        throw parse_error(ctx.file, 0, 0, "grants",
                          "not a 360Giving package: expected an object with a \"grants\" array");

    ordered_rows<organization> orgs;
    ordered_rows<person> persons;
    ordered_rows<grant_operator> operators;
    ordered_rows<programme> programmes;
    ordered_rows<competition> competitions;
    std::vector<application> applications;
    threesixtygiving_package out;

    const json& grants = doc["grants"];
    applications.reserve(grants.size());
    for (std::size_t g = 0; g < grants.size(); ++g) {
        const json& grant = grants[g];
        if (!grant.is_object()) ctx.fail(g, {}, {}, "a grant must be a JSON object");
        const std::string gid = string_of(grant, "id");
        if (gid.empty()) ctx.fail(g, gid, "id", "the grant has no id");

        // Currency: one per dataset.
        const std::string currency = string_of(grant, "currency");
        if (currency.empty()) ctx.fail(g, gid, "currency", "the grant has no currency");
        if (out.currency.empty()) out.currency = currency;
        if (currency != out.currency)
            ctx.fail(g, gid, "currency",
                     "currency " + currency + " differs from " + out.currency +
                         " of the earlier grants; civica keeps one currency per dataset "
                         "(split the file by currency)");

        // Funder: an organisation and a grant operator.
        const json* funder = first_of(grant, "fundingOrganization");
        const std::string funder_id = funder ? string_of(*funder, "id") : std::string();
        if (funder_id.empty())
            ctx.fail(g, gid, "fundingOrganization", "the grant has no funding organisation id");
        const std::string funder_name = string_of(*funder, "name");
        orgs.get(funder_id, [&] {
            organization o;
            o.id = organization_id(funder_id);
            o.full_name = funder_name.empty() ? funder_id : funder_name;
            russian_identifiers(o);
            return o;
        });
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
            if (rid.empty()) ctx.fail(g, gid, "recipientOrganization", "the recipient has no id");
            const std::string rname = string_of(*rec, "name");
            orgs.get(rid, [&] {
                organization o;
                o.id = organization_id(rid);
                o.full_name = rname.empty() ? rid : rname;
                russian_identifiers(o);
                return o;
            });
            a.applicant_type = applicant_kind::organization;
            a.applicant = rid;
        } else if (const json* ind = first_of(grant, "recipientIndividual")) {
            const std::string pid = string_of(*ind, "id");
            if (pid.empty()) ctx.fail(g, gid, "recipientIndividual", "the recipient has no id");
            persons.get(pid, [&] { return person{person_id(pid), {}, string_of(*ind, "name")}; });
            a.applicant_type = applicant_kind::person;
            a.applicant = pid;
        } else {
            ctx.fail(g, gid, "recipientOrganization",
                     "the grant has neither recipientOrganization nor recipientIndividual");
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
        if (awarded_on.is_special()) ctx.fail(g, gid, "awardDate", "the grant has no award date");
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
        if (!a.direction.empty() &&
            std::find(comp.directions.begin(), comp.directions.end(), a.direction) == comp.directions.end())
            comp.directions.push_back(a.direction);
        a.competition = competition_id(comp_id);

        // Money and dates.
        a.title = string_of(grant, "title");
        const auto awarded = amount_of(ctx, g, gid, grant, "amountAwarded");
        if (!awarded) ctx.fail(g, gid, "amountAwarded", "the grant has no amountAwarded");
        a.awarded = *awarded;
        if (auto applied = amount_of(ctx, g, gid, grant, "amountAppliedFor")) a.requested = *applied;
        if (const json* planned = first_of(grant, "plannedDates")) {
            a.implementation.start = date_of(ctx, g, gid, *planned, "startDate", "plannedDates.startDate");
            a.implementation.end = date_of(ctx, g, gid, *planned, "endDate", "plannedDates.endDate");
        }
        applications.push_back(std::move(a));
    }

    dataset& d = out.data;
    // The package's identifier names the dataset (so export and re-import keep it); a
    // package without one is named after its file.
    d.info().name = string_of(doc, "identifier");
    if (d.info().name.empty()) d.info().name = file.stem().string();
    d.info().title = string_of(doc, "title");
    d.info().description = string_of(doc, "description");
    d.info().source = "360Giving package";
    try {
        for (const auto& o : orgs.rows) d.add(o);
        for (const auto& p : persons.rows) d.add(p);
        for (const auto& op : operators.rows) d.add(op);
        for (const auto& p : programmes.rows) d.add(p);
        for (const auto& c : competitions.rows) d.add(c);
        for (const auto& a : applications) d.add(a);
    } catch (const validation_error& e) {
        throw validation_error(ctx.file + ": " + e.what());
    }
    out.grants = applications.size();
    return out;
}

dataset read_360giving_json(const std::filesystem::path& file) {
    return std::move(read_360giving_package(file).data);
}

namespace {

json amount_json(money m) {
    if (m.kopecks() % 100 == 0) return json(m.kopecks() / 100);
    // Shortest decimal text that reads back as the same double: 1234.56, never 1234.5600000001.
    return json(static_cast<double>(m.kopecks()) / 100.0);
}

}  // namespace

void write_360giving_json(const dataset& d, const std::filesystem::path& file,
                          const threesixtygiving_write_options& options) {
    json grants = json::array();
    const auto& t = d.applications();
    for (std::size_t r = 0; r < t.size(); ++r) {
        if (t.awarded()[r] == missing_kopecks) continue;
        const application a = d.application_at(r);
        const competition& c = d.get(a.competition);
        const programme& p = d.get(c.programme);
        const row_index op_row = d.operators().find(p.grant_operator.str());
        if (op_row == no_row)
            throw validation_error("application \"" + a.id.str() + "\": programme \"" + p.id.str() +
                                   "\" has no operator, so the grant has no funder for 360Giving");
        const grant_operator& op = d.operators()[static_cast<std::size_t>(op_row)];
        json funder;
        if (!op.organization.empty()) {
            const organization& o = d.get(op.organization);
            funder = {{"id", o.id.str()}, {"name", o.full_name.empty() ? o.short_name : o.full_name}};
        } else {
            funder = {{"id", op.id.str()}, {"name", op.name}};
        }

        json g;
        g["id"] = a.id.str();
        g["title"] = a.title;
        g["description"] = a.title;
        g["currency"] = options.currency;
        g["amountAwarded"] = amount_json(*a.awarded);
        if (a.requested.kopecks() > 0) g["amountAppliedFor"] = amount_json(a.requested);
        g["awardDate"] = std::to_string(c.year) + "-12-31";
        if (a.applicant_type == applicant_kind::organization) {
            const organization& o = d.get(organization_id(a.applicant));
            g["recipientOrganization"] = json::array(
                {{{"id", o.id.str()}, {"name", o.full_name.empty() ? o.short_name : o.full_name}}});
        } else {
            const person& who = d.get(person_id(a.applicant));
            g["recipientIndividual"] = {{"id", who.id.str()}, {"name", who.display_name}};
        }
        g["fundingOrganization"] = json::array({funder});
        if (!a.direction.empty())
            g["grantProgramme"] = json::array({{{"code", p.name}, {"title", a.direction}}});
        else if (!p.name.empty())
            g["grantProgramme"] = json::array({{{"title", p.name}}});
        if (a.implementation.has_start() || a.implementation.has_end()) {
            json ev = json::object();
            if (a.implementation.has_start()) ev["startDate"] = format_date(a.implementation.start);
            if (a.implementation.has_end()) ev["endDate"] = format_date(a.implementation.end);
            g["plannedDates"] = json::array({ev});
        }
        grants.push_back(std::move(g));
    }
    json doc = {{"grants", std::move(grants)}};
    if (!d.info().name.empty()) doc["identifier"] = d.info().name;
    if (!d.info().title.empty()) doc["title"] = d.info().title;
    if (!d.info().description.empty()) doc["description"] = d.info().description;

    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out) throw io_error("cannot open " + file.string() + " for writing");
    out << doc.dump(2) << '\n';
    out.flush();
    if (!out) throw io_error("cannot write " + file.string());
}

}  // namespace civica::io
