// Tests of civica/io/threesixtygiving.hpp.
//
// Independent truth: the real A B Charitable Trust file is read a second time here with
// nlohmann_json directly (no civica code), and the counts, totals and distinct recipients are
// computed from the raw JSON; exports are checked against the rules of the bundled 360Giving
// schema file, read from the schema itself (required fields, property types, pattern of dates).
#include "civica/io/threesixtygiving.hpp"
#include "civica/io/bundled.hpp"

#include "civica/core/identifiers.hpp"
#include "civica/error.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;
using civica::io::read_360giving;
using civica::io::write_360giving_json;

namespace {

const fs::path abct_file = fs::path(CIVICA_TEST_DATA_DIR) / "threesixtygiving" / "abct_grants_360G-ABCT.json";
const fs::path schema_dir = fs::path(CIVICA_DATA_DIR) / "schemas" / "360giving";

json load(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

fs::path temp_path(const std::string& name) {
    const fs::path dir = civica_test::scratch_file("360");
    fs::create_directories(dir);
    return dir / name;
}

fs::path write_text(const std::string& name, const std::string& text) {
    const fs::path p = temp_path(name);
    std::ofstream(p) << text;
    return p;
}

// Checks one grant against the 360Giving grant schema: one of the `oneOf` required sets is
// complete, every present property has the type the schema declares, array items referring
// to a definition carry that definition's required keys, and awardDate has the date pattern.
// Returns the problems found (empty when none).
std::vector<std::string> schema_problems(const json& schema, const json& grant) {
    std::vector<std::string> out;
    int satisfied = 0;
    for (const auto& alt : schema.at("oneOf")) {
        bool ok = true;
        for (const auto& key : alt.at("required"))
            if (!grant.contains(key.get<std::string>())) ok = false;
        satisfied += ok ? 1 : 0;
    }
    if (satisfied != 1) out.push_back("oneOf required sets satisfied: " + std::to_string(satisfied));
    const auto& props = schema.at("properties");
    for (const auto& [key, value] : grant.items()) {
        if (!props.contains(key)) continue;  // the schema allows extra keys
        const json& p = props.at(key);
        if (p.contains("type") && p["type"].is_string()) {
            const std::string type = p["type"];
            const bool ok = (type == "string" && value.is_string()) ||
                            (type == "number" && value.is_number()) ||
                            (type == "array" && value.is_array()) ||
                            (type == "object" && value.is_object());
            if (!ok) out.push_back(key + " is not of type " + type);
        }
        std::string ref;
        if (p.contains("$ref")) ref = p["$ref"];
        if (p.contains("items") && p["items"].contains("$ref")) ref = p["items"]["$ref"];
        if (ref.rfind("#/$defs/", 0) == 0) {
            const json& def = schema.at("$defs").at(ref.substr(8));
            if (def.contains("enum")) {  // a code list, e.g. ISO 4217 currencies
                const auto& codes = def["enum"];
                if (std::find(codes.begin(), codes.end(), value) == codes.end())
                    out.push_back(key + " " + value.dump() + " is not in the schema's code list");
                continue;
            }
            const json items = value.is_array() ? value : json::array({value});
            for (const auto& item : items) {
                if (!item.is_object()) {
                    out.push_back(key + " item is not an object");
                    continue;
                }
                if (def.contains("required"))
                    for (const auto& r : def["required"])
                        if (!item.contains(r.get<std::string>()))
                            out.push_back(key + " item lacks " + r.get<std::string>());
                for (const auto& [k, v] : item.items())
                    if (def.contains("properties") && def["properties"].contains(k) &&
                        def["properties"][k].contains("type") && def["properties"][k]["type"] == "string" &&
                        !v.is_string())
                        out.push_back(key + "." + k + " is not a string");
            }
        }
    }
    const std::string pattern = props.at("awardDate").at("oneOf")[1].at("pattern");
    if (!std::regex_match(grant.value("awardDate", ""), std::regex(pattern)))
        out.push_back("awardDate does not match " + pattern);
    return out;
}

}  // namespace

TEST(threesixtygiving, imports_the_real_abct_file_completely) {
    // The truth, computed from the raw JSON without civica.
    const json raw = load(abct_file);
    const auto& grants = raw.at("grants");
    long double total = 0;
    std::set<std::string> recipients, funders;
    std::map<int, std::size_t> per_year;
    std::set<std::pair<std::string, int>> programme_years;
    for (const auto& g : grants) {
        total += g.at("amountAwarded").get<long double>();
        recipients.insert(g.at("recipientOrganization")[0].at("id").get<std::string>());
        funders.insert(g.at("fundingOrganization")[0].at("id").get<std::string>());
        const int year = std::stoi(g.at("awardDate").get<std::string>().substr(0, 4));
        ++per_year[year];
        programme_years.insert({g.at("grantProgramme")[0].at("code").get<std::string>(), year});
    }
    ASSERT_EQ(grants.size(), 783u);  // as SOURCE.md and the publisher's registry entry say

    const auto pkg = read_360giving(abct_file);
    const auto& d = pkg.data;
    EXPECT_EQ(pkg.data.info().currency, "GBP");
    EXPECT_EQ(pkg.grants, grants.size());
    ASSERT_EQ(d.applications().size(), grants.size());

    std::int64_t awarded = 0;
    std::set<std::int32_t> applicant_rows;
    std::map<int, std::size_t> civica_per_year;
    for (std::size_t r = 0; r < d.applications().size(); ++r) {
        awarded += d.applications().awarded()[r];
        applicant_rows.insert(d.applications().applicant()[r]);
        EXPECT_EQ(d.applications().status()[r],
                  static_cast<std::uint8_t>(civica::application_status::winner));
        ++civica_per_year[d.competitions()[static_cast<std::size_t>(d.applications().competition()[r])].year];
    }
    EXPECT_EQ(awarded, std::llround(total * 100));
    EXPECT_EQ(applicant_rows.size(), recipients.size());
    std::set<std::string> all_orgs = recipients;
    all_orgs.insert(funders.begin(), funders.end());
    EXPECT_EQ(d.organizations().size(), all_orgs.size());
    EXPECT_EQ(d.operators().size(), funders.size());
    EXPECT_EQ(d.competitions().size(), programme_years.size());
    EXPECT_EQ(civica_per_year, per_year);

    // One grant read by hand from the file: the first one.
    const auto a = d.application_at(0);
    EXPECT_EQ(a.id.str(), "360G-ABCT-0065I000005BoDGQA044222");
    EXPECT_EQ(a.applicant, "GB-CHC-1126147");
    EXPECT_EQ(d.get(civica::organization_id("GB-CHC-1126147")).full_name, "Access to Justice Foundation");
    EXPECT_EQ(a.awarded, civica::money::from_rubles(30000));
    EXPECT_EQ(a.decided, civica::date(2021, 1, 26));  // "awardDate": "2021-01-26T00:00:00+00:00"
    EXPECT_EQ(a.direction, "Human Rights, particularly access to justice");
    const auto& comp = d.get(a.competition);
    EXPECT_EQ(comp.year, 2021);
    EXPECT_EQ(d.get(comp.programme).name, "Special Initiatives");
}

TEST(threesixtygiving, export_validates_against_the_bundled_schema_and_reimports_equal) {
    const auto pkg = read_360giving(abct_file);
    const fs::path out = temp_path("abct-export.json");
    write_360giving_json(pkg.data, out);

    const json schema = load(schema_dir / "360-giving-schema.json");
    const json package_schema = load(schema_dir / "360-giving-package-schema.json");
    const json written = load(out);
    for (const auto& key : package_schema.at("required"))
        ASSERT_TRUE(written.contains(key.get<std::string>())) << key;
    ASSERT_EQ(written.at("grants").size(), 783u);
    for (const auto& g : written.at("grants")) {
        const auto problems = schema_problems(schema, g);
        EXPECT_TRUE(problems.empty()) << g.at("id") << ": " << problems.front();
    }

    const auto again = read_360giving(out);
    EXPECT_EQ(again.data.info().currency, "GBP");
    EXPECT_TRUE(again.data == pkg.data);
    // Every grant keeps its currency and its award date, without the extras.
    const json raw = load(abct_file);
    for (std::size_t i = 0; i < written.at("grants").size(); ++i) {
        EXPECT_EQ(written["grants"][i]["currency"], "GBP");
        EXPECT_EQ(written["grants"][i]["awardDate"], raw["grants"][i]["awardDate"].get<std::string>().substr(0, 10));
    }
}

namespace {
/// A copy of a 360Giving dataset `d` without its applications (its description, organisations,
/// funders, programmes and competitions), for tests to add changed applications to.
civica::dataset all_but_applications(const civica::dataset& d) {
    civica::dataset out;
    out.info() = d.info();
    for (const auto& o : d.organizations()) out.add(o);
    for (const auto& o : d.operators()) out.add(o);
    for (const auto& p : d.programmes()) out.add(p);
    for (const auto& c : d.competitions()) out.add(c);
    return out;
}
}  // namespace

TEST(threesixtygiving, an_application_without_a_decision_date_is_awarded_on_31_december) {
    auto d = read_360giving(abct_file).data;
    civica::dataset undated = all_but_applications(d);
    for (std::size_t r = 0; r < d.applications().size(); ++r) {
        auto a = d.application_at(r);
        a.decided = {};
        undated.add(a);
    }
    const fs::path out = temp_path("undated.json");
    write_360giving_json(undated, out);
    const json written = load(out);
    for (std::size_t r = 0; r < d.applications().size(); ++r) {
        const int year = d.get(d.application_at(r).competition).year;
        EXPECT_EQ(written["grants"][r]["awardDate"], std::to_string(year) + "-12-31");
    }
}

// The package schema's "grants" has minItems 1: a dataset without an awarded application is
// refused by both writers, naming why, and no file is written (`{"grants": []}` was).
TEST(threesixtygiving, a_dataset_without_an_awarded_application_is_refused_and_nothing_is_written) {
    const json package_schema = load(schema_dir / "360-giving-package-schema.json");
    ASSERT_EQ(package_schema["properties"]["grants"]["minItems"], 1);
    auto d = read_360giving(abct_file).data;
    civica::dataset not_awarded = all_but_applications(d);
    for (std::size_t r = 0; r < 3; ++r) {
        auto a = d.application_at(r);
        a.awarded.reset();
        a.status = civica::application_status::rejected;
        not_awarded.add(a);
    }
    for (const auto& [data, why] : std::vector<std::pair<civica::dataset, std::string>>{
             {civica::dataset{}, "it has no applications"}, {not_awarded, "3 applications, none with an awarded amount"}}) {
        for (const std::string name : {"no-grants.json", "no-grants.csv"}) {
            const fs::path out = temp_path(name);
            try {
                if (name.ends_with(".csv")) civica::io::write_360giving_csv(data, out);
                else write_360giving_json(data, out);
                ADD_FAILURE() << name << ": written";
            } catch (const civica::validation_error& e) {
                EXPECT_NE(std::string(e.what()).find("minItems 1"), std::string::npos) << e.what();
                EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
            }
            EXPECT_FALSE(fs::exists(out)) << name;
        }
    }
}

TEST(threesixtygiving, the_schema_check_catches_a_grant_without_a_recipient) {
    // Guards the checker above: it must reject what the schema rejects.
    const json schema = load(schema_dir / "360-giving-schema.json");
    json g = {{"id", "x"}, {"title", "t"}, {"description", "d"}, {"currency", "GBP"},
              {"amountAwarded", 10}, {"awardDate", "2020-01-01"},
              {"fundingOrganization", json::array({{{"id", "GB-1"}, {"name", "F"}}})}};
    EXPECT_FALSE(schema_problems(schema, g).empty());
    g["recipientOrganization"] = json::array({{{"id", "GB-2"}}});  // no name
    EXPECT_FALSE(schema_problems(schema, g).empty());
    g["recipientOrganization"][0]["name"] = "R";
    const auto problems = schema_problems(schema, g);
    EXPECT_TRUE(problems.empty()) << problems.front();
    g["currency"] = "ZZZ";
    EXPECT_FALSE(schema_problems(schema, g).empty());
    g["currency"] = "GBP";
    g["awardDate"] = "31/12/2020";
    EXPECT_FALSE(schema_problems(schema, g).empty());
}

TEST(threesixtygiving, maps_russian_org_ids_individuals_decimals_and_planned_dates) {
    const auto p = write_text("ru.json", R"({"grants": [
      {"id": "G-1", "title": "Память", "description": "d", "currency": "RUB",
       "amountAwarded": 1250000.5, "amountAppliedFor": "1500000.00",
       "awardDate": "2020-11-03T00:00:00+00:00",
       "plannedDates": [{"startDate": "2021-01-01", "endDate": "2021-12-31"}],
       "recipientOrganization": [{"id": "RU-INN-7707083893", "name": "НКО"}],
       "fundingOrganization": [{"id": "RU-OGRN-1027700132195", "name": "Фонд"}],
       "grantProgramme": [{"title": "Президентские гранты"}],
       "beneficiaryLocation": [{"name": "Ханты-Мансийск"}], "X-custom": {"a": 1}},
      {"id": "G-2", "title": "t", "description": "d", "currency": "RUB",
       "amountAwarded": 200000, "awardDate": "2020-06-30",
       "recipientIndividual": {"id": "person-1", "name": "И. Иванов"},
       "fundingOrganization": [{"id": "RU-OGRN-1027700132195", "name": "Фонд"}],
       "grantProgramme": [{"title": "Президентские гранты"}]}]})");
    const auto pkg = read_360giving(p);
    const auto& d = pkg.data;
    EXPECT_EQ(pkg.data.info().currency, "RUB");
    EXPECT_EQ(d.get(civica::organization_id("RU-INN-7707083893")).inn, "7707083893");
    EXPECT_EQ(d.get(civica::organization_id("RU-OGRN-1027700132195")).ogrn, "1027700132195");
    const auto a = d.application_at(0);
    EXPECT_EQ(a.awarded->kopecks(), 125000050);
    EXPECT_EQ(a.requested->kopecks(), 150000000);
    EXPECT_EQ(a.implementation.start, civica::date(2021, 1, 1));
    EXPECT_EQ(a.implementation.end, civica::date(2021, 12, 31));
    const auto b = d.application_at(1);
    EXPECT_EQ(b.applicant_type, civica::applicant_kind::person);
    EXPECT_EQ(d.get(civica::person_id("person-1")).display_name, "И. Иванов");
    EXPECT_EQ(d.competitions().size(), 1u);  // same programme, same award year

    // Round trip of the individual and the decimal amount.
    const fs::path out = temp_path("ru-export.json");
    write_360giving_json(d, out);
    EXPECT_TRUE(read_360giving(out).data == d);
    const json written = load(out);
    EXPECT_DOUBLE_EQ(written["grants"][0]["amountAwarded"].get<double>(), 1250000.5);
    EXPECT_EQ(written["grants"][1]["recipientIndividual"]["id"], "person-1");
}

// 360Giving's Person.name is required, "the Person's full name or a generic name such as
// \"Individual Recipient\"" (schema 1.4): a person without a name is written with that name and
// read back without one, so the round trip keeps the dataset equal.
TEST(threesixtygiving, a_person_without_a_name_travels_as_the_generic_individual_recipient) {
    const auto p = write_text("unnamed.json", R"({"grants": [
      {"id": "G-1", "title": "t", "description": "d", "currency": "RUB",
       "amountAwarded": 200000, "awardDate": "2020-06-30",
       "recipientIndividual": {"id": "person-1", "name": "Individual Recipient"},
       "fundingOrganization": [{"id": "RU-OGRN-1027700132195", "name": "Фонд"}]},
      {"id": "G-2", "title": "t", "description": "d", "currency": "RUB",
       "amountAwarded": 100000, "awardDate": "2020-06-30",
       "recipientIndividual": {"id": "person-2", "name": ""},
       "fundingOrganization": [{"id": "RU-OGRN-1027700132195", "name": "Фонд"}]}]})");
    const auto d = read_360giving(p).data;
    EXPECT_EQ(d.get(civica::person_id("person-1")).display_name, "");
    EXPECT_EQ(d.get(civica::person_id("person-2")).display_name, "");
    const fs::path out = temp_path("unnamed-export.json");
    write_360giving_json(d, out);
    const json written = load(out);
    for (const auto& g : written["grants"]) EXPECT_EQ(g["recipientIndividual"]["name"], "Individual Recipient") << g;
    EXPECT_TRUE(read_360giving(out).data == d);
}

TEST(threesixtygiving, rejects_mixed_currencies_naming_the_grant) {
    const auto p = write_text("mixed.json", R"({"grants": [
      {"id": "A", "title": "t", "currency": "GBP", "amountAwarded": 1, "awardDate": "2020-01-01",
       "recipientOrganization": [{"id": "GB-1", "name": "R"}], "fundingOrganization": [{"id": "GB-2", "name": "F"}]},
      {"id": "B", "title": "t", "currency": "EUR", "amountAwarded": 1, "awardDate": "2020-01-01",
       "recipientOrganization": [{"id": "GB-1", "name": "R"}], "fundingOrganization": [{"id": "GB-2", "name": "F"}]}]})");
    try {
        (void)read_360giving(p);
        FAIL() << "mixed currencies accepted";
    } catch (const civica::parse_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("mixed.json"), std::string::npos) << what;
        EXPECT_NE(what.find("\"B\""), std::string::npos) << what;
        EXPECT_NE(what.find("EUR"), std::string::npos) << what;
        EXPECT_EQ(e.field(), "currency");
    }
}

TEST(threesixtygiving, a_field_of_objects_given_as_another_type_is_refused_naming_its_path) {
    // plannedDates as a string, or with a string item (a bad date in it went unseen), and
    // grantProgramme as a string were read as no value: the dates or the programme were dropped.
    const std::string head = R"({"grants": [{"id": "G1", "title": "t", "currency": "GBP", "amountAwarded": 100,
       "awardDate": "2020-01-01", "recipientOrganization": [{"id": "GB-CHC-2", "name": "R"}],
       "fundingOrganization": [{"id": "GB-CHC-1", "name": "F"}], )";
    const std::pair<std::string, std::string> cases[] = {
        {R"("plannedDates": "2020-02-01/2020-12-31")", "plannedDates is a JSON string, not an array of objects"},
        {R"("plannedDates": ["2019-02-30"])", "plannedDates[0] is a JSON string, not an object"},
        {R"("grantProgramme": "P")", "grantProgramme is a JSON string, not an array of objects"},
        {R"("recipientIndividual": 7, "grantProgramme": [{"code": "P"}])",
         "recipientIndividual is a JSON number, not an array of objects"},
        // A classification or a location that is no object was read as none, and lost on writing.
        {R"("classifications": ["x"])", "classifications[0] is a JSON string, not an object"},
        {R"("classifications": [{"vocabulary": "v", "code": "c"}, 3])", "classifications[1] is a JSON number, not an object"},
        {R"("beneficiaryLocation": "Leeds")", "beneficiaryLocation is a JSON string, not an array of objects"}};
    for (const auto& [field, why] : cases) {
        const auto p = write_text("misshapen.json", head + field + "}]}");
        try {
            (void)read_360giving(p);
            ADD_FAILURE() << field << " was read";
        } catch (const civica::parse_error& e) {
            EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
            EXPECT_EQ(e.field(), why.substr(0, why.find(' '))) << e.what();
        }
        const auto problems = civica::io::check_360giving(p);
        const std::string& said = why;  // a structured binding is not captured by a lambda before C++20 in clang 14
        EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [&](const civica::io::problem& q) {
            return q.severity == "error" && q.check == "bad_value" && q.message.find(said) != std::string::npos;
        })) << field;
    }
    // A lone object where the schema has an array is taken as it is.
    const auto one = write_text("one-object.json", head + R"("plannedDates": {"startDate": "2020-02-01"}}]})");
    EXPECT_EQ(read_360giving(one).data.application_at(0).implementation.start, civica::date(2020, 2, 1));
}

TEST(threesixtygiving, a_package_text_that_is_an_object_or_a_list_is_refused_not_read_as_none) {
    // {"license": {"url": ...}} read as no licence, without a word (a string or a whole number is text).
    const std::string grants = R"("grants": [{"id": "G1", "title": "t", "currency": "GBP", "amountAwarded": 100,
       "awardDate": "2020-01-01", "recipientOrganization": [{"id": "GB-CHC-2", "name": "R"}],
       "fundingOrganization": [{"id": "GB-CHC-1", "name": "F"}]}])";
    const std::pair<std::string, std::string> cases[] = {
        {R"("license": {"url": "https://creativecommons.org/licenses/by/4.0/"})",
         "the package's \"license\" is a JSON object, not text"},
        {R"("title": ["Grants", "Гранты"])", "the package's \"title\" is a JSON array, not text"}};
    for (const auto& [key, why] : cases) {
        const auto p = write_text("package.json", "{" + key + ", " + grants + "}");
        try {
            (void)read_360giving(p);
            ADD_FAILURE() << key << " was read";
        } catch (const civica::parse_error& e) {
            EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
        }
        const auto problems = civica::io::check_360giving(p);
        const std::string& said = why;
        EXPECT_TRUE(std::any_of(problems.begin(), problems.end(), [&](const civica::io::problem& q) {
            return q.severity == "error" && q.message.find(said) != std::string::npos;
        })) << key;
    }
    const auto fine = write_text("package.json", "{\"license\": \"https://creativecommons.org/licenses/by/4.0/\", \"identifier\": 7, " + grants + "}");
    const auto read = read_360giving(fine);
    EXPECT_EQ(read.data.info().licence, "https://creativecommons.org/licenses/by/4.0/");
    EXPECT_EQ(read.data.info().name, "7");
}

TEST(threesixtygiving, rejects_an_amount_with_more_than_two_decimals) {
    const auto p = write_text("thirds.json", R"({"grants": [
      {"id": "A", "title": "t", "currency": "GBP", "amountAwarded": 10.333, "awardDate": "2020-01-01",
       "recipientOrganization": [{"id": "GB-1", "name": "R"}], "fundingOrganization": [{"id": "GB-2", "name": "F"}]}]})");
    EXPECT_THROW((void)read_360giving(p), civica::parse_error);
}

// The same rule at every size: an amount written with a third decimal is refused, not rounded
// to the nearest hundredth (a relative tolerance would let 30000.505 through as 3000051).
TEST(threesixtygiving, rejects_a_third_decimal_in_large_amounts_too) {
    for (const std::string amount : {"30000.505", "30000.123", "10000.001", "12.345", "9999999.999", "0.001", "1e-7"}) {
        const auto p = write_text("third.json", R"({"grants": [
          {"id": "G-7", "title": "t", "currency": "GBP", "amountAwarded": )" + amount + R"(, "awardDate": "2020-01-01",
           "recipientOrganization": [{"id": "GB-1", "name": "R"}], "fundingOrganization": [{"id": "GB-2", "name": "F"}]}]})");
        try {
            (void)read_360giving(p);
            ADD_FAILURE() << amount << " was read";
        } catch (const civica::parse_error& e) {
            const std::string what = e.what();
            EXPECT_EQ(e.field(), "amountAwarded") << what;
            EXPECT_NE(what.find("grants[0]"), std::string::npos) << what;
            EXPECT_NE(what.find("G-7"), std::string::npos) << what;
            // The number as the message shows it: nlohmann's own text of it (1e-7 is 1e-07).
            EXPECT_NE(what.find(json::parse(amount).dump() + " has more than two decimals"), std::string::npos) << what;
        }
    }
}

// Amounts of at most two decimals are read to the exact hundredth; the kopecks are worked out
// by hand from the text (0.29 and 1.15 are the classic cases where x * 100 is not a whole double).
TEST(threesixtygiving, reads_amounts_of_two_decimals_exactly) {
    const std::vector<std::pair<std::string, std::int64_t>> cases = {
        {"30000.5", 3000050},       {"30000.50", 3000050},     {"1e3", 100000},
        {"12345678.99", 1234567899}, {"0.29", 29},              {"1.15", 115},
        {"4.35e2", 43500},           {"1234.5e-1", 12345},      {"9999999999999.99", 999999999999999},
        {"250000.00", 25000000},     {"-0.0", 0}};
    for (const auto& [amount, kopecks] : cases) {
        const auto p = write_text("exact.json", R"({"grants": [
          {"id": "G-1", "title": "t", "currency": "GBP", "amountAwarded": )" + amount + R"(, "awardDate": "2020-01-01",
           "recipientOrganization": [{"id": "GB-1", "name": "R"}], "fundingOrganization": [{"id": "GB-2", "name": "F"}]}]})");
        try {
            const auto pkg = read_360giving(p);
            EXPECT_EQ(pkg.data.application_at(0).awarded->kopecks(), kopecks) << amount;
        } catch (const civica::error& e) {
            ADD_FAILURE() << amount << ": " << e.what();
        }
    }
    // 10^13 and more, with a fraction, is beyond the digits a JSON number keeps for sure.
    const auto big = write_text("big.json", R"({"grants": [
      {"id": "G-1", "title": "t", "currency": "GBP", "amountAwarded": 10000000000000.5, "awardDate": "2020-01-01",
       "recipientOrganization": [{"id": "GB-1", "name": "R"}], "fundingOrganization": [{"id": "GB-2", "name": "F"}]}]})");
    EXPECT_THROW((void)read_360giving(big), civica::parse_error);
    // A whole amount past 64-bit kopecks is named as written, not as the INT64_MAX it was capped
    // to on the way.
    for (const std::string amount : {"18446744073709551615", "92233720368547759"}) {
        const auto huge = write_text("huge.json", R"({"grants": [
          {"id": "G-1", "title": "t", "currency": "GBP", "amountAwarded": )" + amount + R"(, "awardDate": "2020-01-01",
           "recipientOrganization": [{"id": "GB-1", "name": "R"}], "fundingOrganization": [{"id": "GB-2", "name": "F"}]}]})");
        try {
            (void)read_360giving(huge);
            ADD_FAILURE() << amount << " read";
        } catch (const civica::parse_error& e) {
            EXPECT_NE(std::string(e.what()).find(amount + " is too large an amount"), std::string::npos) << e.what();
        }
    }
}

// The writer writes only amounts its reader reads back as they are: below 10^13 units every
// amount, from there on whole ones. 123456789012345.67 (read from a quoted amount) was
// written as 123456789012345.69.
TEST(threesixtygiving, the_writer_refuses_an_amount_a_json_number_cannot_hold_and_writes_nothing) {
    const auto file = [](const std::string& amount) {
        return write_text("amount.json", R"({"grants": [
          {"id": "G-1", "title": "t", "currency": "GBP", "amountAwarded": )" + amount + R"(, "awardDate": "2020-01-01",
           "recipientOrganization": [{"id": "GB-1", "name": "R"}], "fundingOrganization": [{"id": "GB-2", "name": "F"}]}]})");
    };
    const fs::path out = temp_path("amount-out.json");
    for (const auto& [amount, kopecks] : std::vector<std::pair<std::string, std::int64_t>>{
             {"9999999999999.99", 999999999999999}, {"\"123456789012345.00\"", 12345678901234500}}) {
        write_360giving_json(read_360giving(file(amount)).data, out);
        EXPECT_EQ(read_360giving(out).data.application_at(0).awarded->kopecks(), kopecks) << amount;
        fs::remove(out);
    }
    const civica::dataset big = read_360giving(file("\"123456789012345.67\"")).data;
    ASSERT_EQ(big.application_at(0).awarded->kopecks(), 12345678901234567);
    try {
        write_360giving_json(big, out);
        ADD_FAILURE() << "123456789012345.67 was written";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("application \"G-1\": amountAwarded 123456789012345.67 has a fraction and "
                                             "10000000000000 units or more"),
                  std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(out));
}

TEST(threesixtygiving, reports_bad_json_and_missing_files_by_name) {
    const auto p = write_text("broken.json", "{\"grants\": [");
    try {
        (void)read_360giving(p);
        FAIL();
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.file(), "broken.json");
    }
    EXPECT_THROW((void)read_360giving(temp_path("absent.json")), civica::io_error);
    const auto q = write_text("nogrants.json", "[1, 2]");
    EXPECT_THROW((void)read_360giving(q), civica::parse_error);
}

TEST(threesixtygiving, json_that_is_not_utf8_is_refused_alike_by_the_reader_and_the_checks) {
    // JSON is UTF-8 (RFC 8259, 8.1). A file saved as Windows-1251 ("Фонд" is CF EE ED E4 there)
    // is refused at the same line by both: the checks once read it as Windows-1251 and found
    // it fine, while the reader refused it.
    const auto p = write_text("cp1251.json", "{\"grants\": [\n {\"id\": \"360G-x-1\",\n  \"title\": \"\xD4\xEE\xED\xE4\"}\n]}\n");
    std::size_t line = 0;
    try {
        (void)read_360giving(p);
        ADD_FAILURE() << "a Windows-1251 JSON file was read";
    } catch (const civica::parse_error& e) {
        line = e.line();
        EXPECT_NE(std::string(e.what()).find("UTF-8"), std::string::npos) << e.what();
    }
    EXPECT_EQ(line, 3u);
    const auto problems = civica::io::check_360giving(p);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].check, "json_syntax");
    EXPECT_EQ(problems[0].line, line);
    EXPECT_NE(problems[0].message.find("UTF-8"), std::string::npos) << problems[0].message;
    // A ".json" file of white space only is an empty JSON package to both.
    const auto blank = write_text("blank.json", " \n\t\n");
    EXPECT_THROW((void)read_360giving(blank), civica::parse_error);
    const auto blank_problems = civica::io::check_360giving(blank);
    ASSERT_EQ(blank_problems.size(), 1u);
    EXPECT_EQ(blank_problems[0].check, "json_syntax");
}

TEST(threesixtygiving, a_nul_byte_in_the_packages_identifier_title_or_description_is_refused) {
    // They become the dataset's description, which no writer writes with a NUL byte (check_info).
    for (const char* key : {"identifier", "title", "description"}) {
        const auto p = write_text("nul_package.json", std::string("{\"") + key + "\": \"A\\u0000\", \"grants\": []}");
        try {
            (void)read_360giving(p);
            ADD_FAILURE() << key << " with a NUL byte was read";
        } catch (const civica::parse_error& e) {
            EXPECT_EQ(e.field(), key);
            EXPECT_NE(std::string(e.what()).find("holds a NUL byte (at byte 1)"), std::string::npos) << e.what();
        }
        // The checks say the same.
        const auto problems = civica::io::check_360giving(p);
        ASSERT_EQ(problems.size(), 1u) << key;
        EXPECT_EQ(problems[0].field, key);
        EXPECT_EQ(problems[0].check, "bad_value");
        EXPECT_NE(problems[0].message.find("holds a NUL byte (at byte 1)"), std::string::npos) << problems[0].message;
    }
}

TEST(threesixtygiving, export_with_extras_keeps_descriptions_locations_and_publisher_keys) {
    const auto pkg = read_360giving(abct_file);
    ASSERT_EQ(pkg.extras.size(), pkg.grants);
    const fs::path out = temp_path("abct-export-extras.json");
    write_360giving_json(pkg.data, out, {.extras = &pkg.extras});

    // Still valid against the schema.
    const json schema = load(schema_dir / "360-giving-schema.json");
    const json written = load(out);
    for (const auto& g : written.at("grants")) {
        const auto problems = schema_problems(schema, g);
        EXPECT_TRUE(problems.empty()) << g.at("id") << ": " << problems.front();
    }

    // Re-read, and compare with the original file read by nlohmann alone. The keys the schema
    // does not define are found from the schema's own "properties".
    const auto again = read_360giving(out);
    EXPECT_TRUE(again.data == pkg.data);
    const json raw = load(abct_file);
    const auto& props = schema.at("properties");
    ASSERT_EQ(again.extras.size(), raw.at("grants").size());
    for (std::size_t i = 0; i < again.extras.size(); ++i) {
        const json& g = raw["grants"][i];
        const auto& x = again.extras[i];
        EXPECT_EQ(x.id, g.at("id").get<std::string>());
        EXPECT_EQ(civica::format_date(again.data.application_at(i).decided),
                  g.at("awardDate").get<std::string>().substr(0, 10));
        EXPECT_EQ(x.description, g.at("description").get<std::string>());
        std::vector<std::string> locations;
        for (const auto& l : g.value("beneficiaryLocation", json::array())) locations.push_back(l.at("name"));
        ASSERT_EQ(x.beneficiary_locations.size(), locations.size()) << x.id;
        for (std::size_t k = 0; k < locations.size(); ++k)
            EXPECT_EQ(x.beneficiary_locations[k].name, locations[k]);
        EXPECT_TRUE(x.classifications.empty());
        // Every key the schema does not define is kept as it was.
        ASSERT_FALSE(x.extra_keys.empty());
        const json kept = json::parse(x.extra_keys);
        for (const auto& [key, value] : g.items()) {
            if (!props.contains(key)) {
                EXPECT_EQ(kept.at(key), value) << x.id << " " << key;
            }
        }

        // Nothing the file holds is lost: every key of the original grant, and every field of
        // the first item of its arrays of objects, is in the written grant with its value
        // (awardDate as the day it names).
        const json& w = written.at("grants")[i];
        for (const auto& [key, value] : g.items()) {
            ASSERT_TRUE(w.contains(key)) << x.id << ": " << key << " was lost";
            if (key == "awardDate") {
                EXPECT_EQ(w.at(key).get<std::string>(), value.get<std::string>().substr(0, 10));
            } else if (value.is_array() && !value.empty() && value[0].is_object()) {
                for (const auto& [field, v] : value[0].items())
                    EXPECT_EQ(w.at(key)[0].value(field, json()), v) << x.id << ": " << key << "/0/" << field;
            } else {
                EXPECT_EQ(w.at(key), value) << x.id << ": " << key;
            }
        }
    }
    EXPECT_EQ(again.extras, pkg.extras);

    // Classifications and geographic codes survive too (the real file has none).
    auto extras = pkg.extras;
    extras[0].classifications = {{"civica:direction", "7", "Human rights"}};
    extras[0].beneficiary_locations = {{"Leeds", "E08000035", "LAD"}};
    extras[0].planned_duration_months = 18;
    write_360giving_json(pkg.data, out, {.extras = &extras});
    const auto third = read_360giving(out);
    EXPECT_EQ(third.extras[0], extras[0]);
    EXPECT_EQ(load(out)["grants"][0]["classifications"][0]["code"], "7");
}

// 360Giving JSON dates are ISO (YYYY-MM-DD or a date-time). A day-first "26/01/2021" names a
// real day, so the message must give that rule, not say the day does not exist; the reader
// and the checks (civica validate) word it alike. The flat CSV's own DD/MM/YYYY keeps its
// message for a day that does not exist.
TEST(threesixtygiving, a_day_first_date_in_json_is_refused_as_not_iso_alike_by_reader_and_checks) {
    const std::string grant_head =
        R"({"grants": [{"id": "A", "title": "t", "currency": "GBP", "amountAwarded": 1, "awardDate": ")";
    const std::string grant_tail =
        R"(", "recipientOrganization": [{"id": "GB-CHC-1", "name": "R"}], "fundingOrganization": [{"id": "GB-CHC-2", "name": "F"}]}]})";
    const auto p = write_text("dayfirst.json", grant_head + "26/01/2021" + grant_tail);
    std::string read_message;
    try {
        (void)read_360giving(p);
        ADD_FAILURE() << "26/01/2021 was accepted in JSON";
    } catch (const civica::parse_error& e) {
        read_message = e.what();
        EXPECT_EQ(e.field(), "awardDate");
    }
    EXPECT_NE(read_message.find("\"26/01/2021\" is not a date (use YYYY-MM-DD)"), std::string::npos) << read_message;
    EXPECT_NE(read_message.find("ISO"), std::string::npos) << read_message;
    EXPECT_EQ(read_message.find("names no day"), std::string::npos) << read_message;

    // civica validate's checks give the same reason.
    const auto problems = civica::io::check_360giving(p);
    const auto bad = std::find_if(problems.begin(), problems.end(), [](const auto& q) { return q.check == "bad_value"; });
    ASSERT_NE(bad, problems.end());
    EXPECT_EQ(bad->field, "awardDate");
    const std::string prefix = "awardDate: ";
    const auto at = bad->message.find(prefix);
    ASSERT_NE(at, std::string::npos) << bad->message;
    EXPECT_EQ(bad->message.rfind("grants[0]", 0), 0u) << bad->message;
    const std::string reason = bad->message.substr(at + prefix.size());
    EXPECT_NE(read_message.find(reason), std::string::npos) << read_message << "\nvs\n" << reason;

    // An ISO date and an ISO date-time still read.
    EXPECT_EQ(read_360giving(write_text("iso.json", grant_head + "2021-01-26" + grant_tail)).grants, 1u);
    EXPECT_EQ(read_360giving(write_text("isot.json", grant_head + "2021-01-26T10:00:00+00:00" + grant_tail)).grants, 1u);

    // A flat CSV reads 26/01/2021, and calls an impossible 31/02/2021 so, reader and checks alike.
    const std::string head =
        "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name\n";
    EXPECT_EQ(read_360giving(write_text("dayfirst.csv", head + "g1,GBP,100,26/01/2021,GB-CHC-1,R,GB-CHC-2,F\n")).grants, 1u);
    const auto feb = write_text("feb31.csv", head + "g1,GBP,100,31/02/2021,GB-CHC-1,R,GB-CHC-2,F\n");
    try {
        (void)read_360giving(feb);
        ADD_FAILURE() << "31/02/2021 was accepted";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 2u);
        EXPECT_NE(std::string(e.what()).find("\"31/02/2021\" is not a date: DD/MM/YYYY names no day of that month"),
                  std::string::npos) << e.what();
    }
    const auto feb_problems = civica::io::check_360giving(feb);
    const auto feb_bad =
        std::find_if(feb_problems.begin(), feb_problems.end(), [](const auto& q) { return q.check == "bad_value"; });
    ASSERT_NE(feb_bad, feb_problems.end());
    EXPECT_NE(feb_bad->message.find("DD/MM/YYYY names no day of that month"), std::string::npos) << feb_bad->message;
}

TEST(threesixtygiving, a_russian_recipients_ogrn_travels_as_its_company_number) {
    // Each recipient of the synthetic city that has an ОГРН gets it back from the file.
    const auto city = civica::io::load_dataset("khanty-mansiysk-2020-synthetic", CIVICA_DATA_DIR);
    const fs::path out = temp_path("city-export.json");
    write_360giving_json(city, out);
    const auto back = read_360giving(out).data;
    std::map<std::string, const civica::organization*> by_inn;
    for (const auto& o : city.organizations()) by_inn.emplace(o.inn, &o);
    std::size_t with_ogrn = 0;
    for (std::size_t i = 0; i < back.organizations().size(); ++i) {
        const auto& o = back.organizations()[i];
        const auto source = by_inn.find(o.inn);  // named RU-INN-<INN>, its INN read back from the id
        if (o.inn.empty() || source == by_inn.end()) continue;  // a funder named by its operator's id
        EXPECT_EQ(o.ogrn, source->second->ogrn) << o.id.str();
        with_ogrn += !o.ogrn.empty();
    }
    EXPECT_GT(with_ogrn, 0u);
    // A company number of another register (a UK one) is not an ОГРН: kept as written, not read as one.
    const auto p = write_text("uk.json", R"({"grants": [
      {"id": "G-1", "title": "t", "description": "d", "currency": "GBP", "amountAwarded": 100,
       "awardDate": "2020-11-03", "recipientOrganization": [{"id": "GB-COH-01234567", "name": "Ltd",
       "companyNumber": "01234567"}], "fundingOrganization": [{"id": "GB-CHC-1", "name": "F"}]}]})");
    const auto uk = read_360giving(p);
    EXPECT_EQ(uk.data.get(civica::organization_id("GB-COH-01234567")).ogrn, "");
    const fs::path again = temp_path("uk-export.json");
    write_360giving_json(uk.data, again, {.extras = &uk.extras});
    EXPECT_EQ(load(again)["grants"][0]["recipientOrganization"][0]["companyNumber"], "01234567");
}

// 360Giving names organisations by org-id (org-id.guide lists): the export named recipients by
// civica's ids ("km-ngo-013"), each flagged by 360Giving's checks, and its own, as an
// unrecognised prefix. A Russian organisation is now RU-INN-<INN> (RU-OGRN-<OGRN> without a
// valid INN); an id that already is an org-id is kept; data with neither keeps civica's id.
TEST(threesixtygiving, recipients_and_funders_are_named_by_org_ids_of_their_registers) {
    const auto city = civica::io::load_dataset("khanty-mansiysk-2020-synthetic", CIVICA_DATA_DIR);
    const fs::path out = temp_path("org-ids.json");
    write_360giving_json(city, out);
    const auto doc = load(out);
    std::size_t grants = 0;
    for (std::size_t r = 0; r < city.applications().size(); ++r) {
        const auto a = city.application_at(r);
        if (!a.awarded || a.applicant_type != civica::applicant_kind::organization) continue;
        const auto& o = city.get(civica::organization_id(a.applicant));
        ASSERT_FALSE(o.inn.empty()) << o.id.str();  // the synthetic city's organisations have INNs
        const auto g = std::find_if(doc["grants"].begin(), doc["grants"].end(),
                                    [&](const auto& x) { return x["id"] == a.id.str(); });
        ASSERT_NE(g, doc["grants"].end()) << a.id.str();
        EXPECT_EQ((*g)["recipientOrganization"][0]["id"], "RU-INN-" + o.inn);
        ++grants;
    }
    EXPECT_GT(grants, 50u);
    // (The city's funders are grant operators without an organisation, so without a number of
    // any register: their ids stay civica's, and are flagged.)
    for (const auto& p : civica::io::check_360giving(out))
        EXPECT_FALSE(p.check == "unrecognised_org_prefix" && p.message.find("recipient") != std::string::npos)
            << p.message;
    // An org-id read in is kept; an organisation with only an ОГРН is RU-OGRN-; one with neither
    // keeps civica's id.
    civica::dataset small;
    small.info() = city.info();
    for (const auto& m : city.municipalities()) small.add(m);
    civica::organization fund;
    fund.id = civica::organization_id("fund");
    fund.full_name = "Fund";
    small.add(fund);
    small.add(civica::grant_operator{civica::operator_id("op"), "Fund", civica::organization_id("fund")});
    small.add(civica::programme{civica::programme_id("p"), civica::operator_id("op"), "Grants",
                                civica::programme_kind::other});
    civica::competition c;
    c.id = civica::competition_id("c");
    c.programme = civica::programme_id("p");
    c.year = 2020;
    small.add(c);
    const auto with_ogrn = std::find_if(city.organizations().begin(), city.organizations().end(),
                                        [](const auto& o) { return !o.ogrn.empty(); });
    ASSERT_NE(with_ogrn, city.organizations().end());
    const std::string ogrn = with_ogrn->ogrn;
    // Two branches sharing an INN (each with its KPP) are not made one recipient: neither is
    // named by the INN.
    const auto with_inn = std::find_if(city.organizations().begin(), city.organizations().end(),
                                       [](const auto& o) { return civica::ids::is_valid_inn(o.inn); });
    ASSERT_NE(with_inn, city.organizations().end());
    const std::string shared_inn = with_inn->inn;
    const std::vector<std::pair<std::string, std::string>> orgs = {
        {"GB-CHC-1234567", ""}, {"only-ogrn", ogrn}, {"neither", ""}, {"branch-a", ""}, {"branch-b", ""}};
    for (std::size_t k = 0; k < orgs.size(); ++k) {
        civica::organization o;
        o.id = civica::organization_id(orgs[k].first);
        o.full_name = "Org " + std::to_string(k);
        o.ogrn = orgs[k].second;
        if (k >= 3) o.inn = shared_inn;
        small.add(o);
        civica::application a;
        a.id = civica::application_id("a" + std::to_string(k));
        a.competition = c.id;
        a.applicant = orgs[k].first;
        a.status = civica::application_status::winner;
        a.awarded = civica::money::from_kopecks(100);
        small.add(a);
    }
    const fs::path few = temp_path("org-ids-few.json");
    write_360giving_json(small, few);
    const auto written = load(few);
    EXPECT_EQ(written["grants"][0]["recipientOrganization"][0]["id"], "GB-CHC-1234567");
    EXPECT_EQ(written["grants"][1]["recipientOrganization"][0]["id"], "RU-OGRN-" + ogrn);
    EXPECT_EQ(written["grants"][2]["recipientOrganization"][0]["id"], "neither");
    EXPECT_EQ(written["grants"][3]["recipientOrganization"][0]["id"], "branch-a");
    EXPECT_EQ(written["grants"][4]["recipientOrganization"][0]["id"], "branch-b");
    EXPECT_EQ(written["grants"][0]["fundingOrganization"][0]["id"], "fund");
}

TEST(threesixtygiving, a_direction_of_a_programme_without_a_name_comes_back_as_the_direction) {
    // The writer gave such a grant {"code": "", "title": direction}, read back as a programme
    // named after the direction, apart from the programme's grants without one.
    civica::dataset d;
    civica::organization fund;
    fund.id = civica::organization_id("fund");
    fund.full_name = "Fund";
    d.add(fund);
    civica::organization org;
    org.id = civica::organization_id("o1");
    org.full_name = "Org";
    d.add(org);
    d.add(civica::grant_operator{civica::operator_id("op"), "Op", fund.id});
    civica::programme p;
    p.id = civica::programme_id("pr");
    p.grant_operator = civica::operator_id("op");
    d.add(p);
    civica::competition c;
    c.id = civica::competition_id("c");
    c.programme = p.id;
    c.year = 2020;
    c.directions = {"Культура"};
    d.add(c);
    for (const char* id : {"a1", "a2"}) {
        civica::application a;
        a.id = civica::application_id(id);
        a.competition = c.id;
        a.applicant = "o1";
        a.title = id;
        a.direction = std::string(id) == "a1" ? "Культура" : "";
        a.status = civica::application_status::winner;
        a.awarded = civica::money::from_kopecks(1000);
        a.decided = civica::date(2020, 6, 1);
        d.add(a);
    }
    const fs::path out = temp_path("unnamed-programme.json");
    write_360giving_json(d, out);
    const auto back = read_360giving(out).data;
    ASSERT_EQ(back.applications().size(), 2u);
    const civica::application a1 = back.application_at(0);
    const civica::application a2 = back.application_at(1);
    ASSERT_EQ(a1.id.str(), "a1");
    EXPECT_EQ(a1.direction, "Культура");
    EXPECT_EQ(back.get(a1.competition).programme, back.get(a2.competition).programme);
}

TEST(threesixtygiving_csv, a_file_without_an_identifier_column_is_not_read_as_no_grants) {
    // A header of other columns read as an empty dataset, with no problem said.
    const auto p = write_text("other.csv", "name,amount\n");
    try {
        (void)civica::io::read_360giving(p);
        ADD_FAILURE() << "a CSV without an Identifier column was read";
    } catch (const civica::parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("no column \"Identifier\""), std::string::npos) << e.what();
    }
    const auto problems = civica::io::check_360giving(p);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].check, "missing_column");
    // The header alone, with its Identifier: a file of no grants, read as such.
    EXPECT_EQ(civica::io::read_360giving(write_text("none.csv", "Identifier,Title,Amount Awarded\n")).data.applications().size(),
              0u);
}

TEST(threesixtygiving_csv, a_file_in_windows_1252_is_refused_not_read_as_cyrillic) {
    // 360Giving is a UK standard: Excel in English saves CSV in Windows-1252, whose "£" (0xA3)
    // read as Windows-1251 became "Ј" without a word. A Russian file in Windows-1251 still reads.
    const std::string header = "Identifier,Title,Description,Currency,Amount Awarded,Award Date,"
                               "Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,"
                               "Funding Org:Name\n";
    const auto uk = write_text("uk1252.csv", header + "360G-x-1,A grant,\xA3" "30,000 for caf\xE9s,GBP,30000,"
                                                      "2021-01-26,GB-CHC-1,Charity,GB-CHC-2,Funder\n");
    try {
        (void)civica::io::read_360giving(uk);
        ADD_FAILURE() << "a Windows-1252 file was read as Windows-1251";
    } catch (const civica::parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("Windows-1252"), std::string::npos) << e.what();
    }
    const auto problems = civica::io::check_360giving(uk);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].check, "encoding");
    // "Фонд" and "Грант" in Windows-1251: read, and converted.
    const auto ru = write_text("ru1251.csv", header + "360G-x-1,\xC3\xF0\xE0\xED\xF2,,RUB,30000,2021-01-26,"
                                                      "RU-INN-7707083893,\xD4\xEE\xED\xE4,RU-INN-8614008550,F\n");
    const auto pkg = civica::io::read_360giving(ru);
    ASSERT_EQ(pkg.data.applications().size(), 1u);
    EXPECT_EQ(pkg.data.application_at(0).title, "Грант");
}

TEST(threesixtygiving_csv, a_declared_encoding_skips_the_guess_in_the_reader_and_the_checks) {
    // Windows-1251 text of short words only ("Да" and "от", no three letters in a row) is not
    // guessed as Russian; declared, the reader and the checks both take it.
    EXPECT_FALSE(civica::text::has_cyrillic_word("\xC4\xE0 \xEE\xF2"));
    EXPECT_TRUE(civica::text::has_cyrillic_word("\xD4\xEE\xED\xE4"));
    EXPECT_FALSE(civica::text::has_cyrillic_word("\xA3" "30,000 caf\xE9"));
    const auto p = write_text("short1251.csv", "Identifier,Title,Currency,Amount Awarded,Award Date,"
                                               "Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,"
                                               "Funding Org:Name\n360G-x-1,\xC4\xE0 \xEE\xF2,RUB,100,2021-01-26,"
                                               "RU-INN-7707083893,R,RU-INN-8614008550,F\n");
    EXPECT_THROW((void)civica::io::read_360giving(p), civica::parse_error);
    civica::io::threesixtygiving_read_options o;
    o.encoding = civica::text::text_encoding::windows1251;
    EXPECT_EQ(civica::io::read_360giving(p, o).data.application_at(0).title, "Да от");
    EXPECT_FALSE(civica::io::has_errors(civica::io::check_360giving(p, civica::text::text_encoding::windows1251)));
    EXPECT_TRUE(civica::io::has_errors(civica::io::check_360giving(p)));
}
