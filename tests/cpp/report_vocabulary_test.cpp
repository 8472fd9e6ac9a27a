// The report's vocabulary (civica/report/vocabulary.hpp) holds both ways: every statement the
// builder makes carries only declared slots, the bundled templates word every declared
// statement, and a template that uses a name the report does not have is refused with its line.
#include "civica/report/report.hpp"
#include "civica/report/vocabulary.hpp"

#include "civica/error.hpp"
#include "civica/io/bundled.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/synth.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace civica;
using namespace civica::report;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool in(const std::vector<std::string_view>& v, const std::string& name) {
    return std::find(v.begin(), v.end(), name) != v.end();
}

// The 1-based number of the first line of `text` that contains `part`, counted here.
std::size_t line_of(const std::string& text, const std::string& part) {
    std::istringstream in(text);
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n)
        if (has(line, part)) return n;
    return 0;
}

// parse + check, as load_template does for a file.
void check_text(const std::string& text) { check_template(parse_template(text, "t.txt")); }

// The parse_error that checking `text` throws; fails the test when it throws none.
parse_error refusal(const std::string& text) {
    try {
        check_text(text);
    } catch (const parse_error& e) {
        return e;
    }
    ADD_FAILURE() << "accepted:\n" << text;
    return parse_error("accepted");
}

}  // namespace

TEST(report_vocabulary, every_statement_the_builder_makes_carries_only_declared_slots) {
    std::vector<std::pair<std::string, dataset>> cases;
    cases.emplace_back("published", io::load_dataset("khanty-mansiysk-2020"));
    cases.emplace_back("synthetic", synth::khanty_mansiysk_2020());
    cases.emplace_back("surgut", io::read_dataset_folder(fs::path(CIVICA_TEST_DATA_DIR) / "surgut-2024"));
    std::set<std::string> made;
    for (const auto& [name, ds] : cases) {
        for (int year : {2017, 2018, 2019, 2020, 2024}) {
            SCOPED_TRACE(name + " " + std::to_string(year));
            report_options opt;
            opt.year = year;
            opt.growth_rate = true;
            opt.show_missing = true;
            report_content r;
            try {
                r = build(ds, opt);
            } catch (const civica::error&) {
                continue;  // a year the dataset has nothing of (the vocabulary's defect is a logic_error)
            }
            for (const auto& s : r.sections) {
                EXPECT_TRUE(in(section_ids(), s.id)) << s.id;
                for (const auto& st : s.statements) {
                    made.insert(st.id);
                    const statement_vocabulary* v = find_statement_vocabulary(st.id);
                    ASSERT_NE(v, nullptr) << st.id;
                    EXPECT_EQ(v->section, s.id) << st.id;
                    for (const auto& f : st.figures) EXPECT_TRUE(v->has_slot(f.name)) << st.id << " " << f.name;
                    for (const auto& [slot, _] : st.texts) EXPECT_TRUE(v->has_slot(slot)) << st.id << " " << slot;
                    for (const auto& [list, items] : st.lists) {
                        const list_vocabulary* l = v->find_list(list);
                        ASSERT_NE(l, nullptr) << st.id << " " << list;
                        for (const auto& item : items) {
                            for (const auto& f : item.figures) EXPECT_TRUE(in(l->item_slots, f.name)) << list;
                            for (const auto& [slot, _] : item.texts) EXPECT_TRUE(in(l->item_slots, slot)) << list;
                        }
                    }
                }
            }
        }
    }
    // The data above reach most statements; the rest are variants the same code picks (a
    // resource centre that started, a rank that is not first, a trend that only changed).
    EXPECT_GE(made.size(), 14u);
}

TEST(report_vocabulary, the_bundled_templates_word_every_statement_and_pass_the_check) {
    for (language lang : {language::ru, language::en}) {
        const report_template t = load_template(lang);  // checked: it would throw
        for (const auto& v : statement_vocabularies())
            EXPECT_NE(t.find_statement(v.id), nullptr) << to_string(lang) << " has no wording of " << v.id;
        for (const auto& l : label_vocabularies())
            EXPECT_TRUE(t.labels.count(std::string(l.key))) << to_string(lang) << " has no label " << l.key;
    }
}

TEST(report_vocabulary, a_misspelt_slot_in_the_bundled_template_is_refused_at_its_line) {
    const std::string bundled = civica_test::read_file(template_path(language::ru));
    std::string text = bundled;
    const std::string right = "{public_councils|";
    const auto at = text.find(right);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, right.size(), "{public_councilz|");
    const fs::path dir = civica_test::scratch_dir("report_vocabulary");
    const fs::path file = dir / "misspelt.ru.txt";
    civica_test::write_file(file, text);
    try {
        (void)load_template(file);
        FAIL() << "a misspelt slot was accepted";
    } catch (const parse_error& e) {
        EXPECT_EQ(e.file(), file.string());
        EXPECT_EQ(e.line(), line_of(bundled, right));
        EXPECT_TRUE(has(e.what(), "unknown slot {public_councilz}")) << e.what();
        EXPECT_TRUE(has(e.what(), "\"councils.public_councils\"")) << e.what();
        EXPECT_TRUE(has(e.what(), "did you mean \"public_councils\"")) << e.what();
    }
    fs::remove_all(dir);
}

TEST(report_vocabulary, names_the_report_does_not_have_are_refused_with_the_closest_one) {
    const std::string head = "@language en\n";
    struct refused {
        std::string text;
        std::size_t line;
        std::vector<std::string> says;
    };
    const std::vector<refused> cases{
        {head + "@section councilz Councils\n", 2, {"unknown section \"councilz\"", "did you mean \"councils\""}},
        {head + "@section councils C\n@statement councils.public_council\n{public_councils}.\n", 3,
         {"unknown statement \"councils.public_council\"", "did you mean \"councils.public_councils\""}},
        {head + "@section grants G\n@statement councils.public_councils\n{public_councils}.\n", 3,
         {"belongs to the section \"councils\", not \"grants\""}},
        {head + "@section training T\n@statement training.summary\n{courses}\n@list topic {title}\n", 5,
         {"has no list \"topic\"", "did you mean \"topics\""}},
        {head + "@section training T\n@statement training.summary\n{courses}\n@list topics {titel}\n", 5,
         {"unknown slot {titel} in an item of the list \"topics\"", "did you mean \"title\""}},
        // An item's slot is not its statement's.
        {head + "@section training T\n@statement training.summary\n{courses}\nof {title}.\n", 5,
         {"unknown slot {title} in the statement \"training.summary\""}},
        {head + "@section ngo N\n@statement ngo.landscape\n{ngos:cap|NGO|NGOs} in\n{teritory.gen}.\n", 5,
         {"unknown slot {teritory.gen}"}},
        {head + "@title {teritory.upper}\n@section ngo N\n", 2, {"unknown slot {teritory.upper} in the title"}},
        {head + "@section ngo N {yaer}\n", 2, {"unknown slot {yaer}", "did you mean \"year\""}},
        {head + "@section ngo N\n@label discrepency {key}\n", 3, {"unknown label \"discrepency\"", "did you mean \"discrepancy\""}},
        {head + "@section ngo N\n@label discrepancy {key}: {publshed}\n", 3,
         {"unknown slot {publshed} in the label \"discrepancy\"", "did you mean \"published\""}},
        {head + "@section ngo N\n@label missing No {key} for {year}.\n", 3, {"unknown slot {key} in the label \"missing\""}},
        {head + "@section ngo N\n@statement ngo.landscape\n{}\n", 4, {"unknown slot {}"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.text);
        const parse_error e = refusal(c.text);
        EXPECT_EQ(e.file(), "t.txt");
        EXPECT_EQ(e.line(), c.line);
        for (const auto& part : c.says) EXPECT_TRUE(has(e.what(), part)) << e.what();
    }
}

// A slot not closed, a stray ]] or an unclosed [[ printed template syntax into the report, an
// unknown modifier left out its sentence: refused.
TEST(report_vocabulary, template_syntax_the_report_cannot_fill_is_refused_at_its_line) {
    struct refused {
        std::string text;
        std::size_t line;
        std::vector<std::string> says;
    };
    const std::string ru = "@language ru\n@section councils Советы\n@statement councils.activity\n";
    const std::string en = "@language en\n@section councils Councils\n@statement councils.activity\n";
    const std::vector<refused> cases{
        {ru + "Проведено {meetings|заседание|заседания|заседаний, на {meetings:one|котором|которых}.\n", 3,
         {"the statement \"councils.activity\" has the slot {meetings… has no }"}},
        // The last slot of a statement, and one whose } would be on the next line.
        {ru + "{meetings|заседание|заседания|заседаний}, рассмотрено {questions|вопрос|вопроса|вопросов.\n", 3,
         {"the slot {questions… has no }"}},
        {ru + "Проведено {meetings|заседание|заседания|заседаний[[,\n{meetings:one|котором|которых}]].\n", 3,
         {"the slot {meetings… has no }"}},
        {ru + "Лишнее]] {meetings|заседание|заседания|заседаний}.\n", 3,
         {"the statement \"councils.activity\" has a ]] without its [["}},
        {ru + "[[Незакрытая часть {meetings|заседание|заседания|заседаний}.\n", 3, {"a [[ without its ]]"}},
        {ru + "{meetings:bogus} заседаний.\n", 4, {"unknown modifier \"bogus\" in {meetings:bogus}"}},
        {ru + "{meetings:obliqe|заседанием|заседаниями|заседаниями}.\n", 4,
         {"unknown modifier \"obliqe\"", "did you mean \"oblique\""}},
        {ru + "{meetings|а|б|в|г|д}.\n", 4, {"gives 5 forms", "at most four"}},
        {en + "{meetings|meeting|meetings|meetingss}.\n", 4, {"gives 3 forms", "English takes two"}},
        {ru + "{meetings:word} {meetings|заседание|заседания|заседаний}.\n", 4, {"gives no word to agree"}},
        {ru + "{meetings:one|котором} {meetings|заседание|заседания|заседаний}.\n", 4, {"takes two words"}},
        {ru + "{meetings:year|году} {meetings|заседание|заседания|заседаний}.\n", 4,
         {"the modifier \"year\" takes no words after |"}},
        {"@language ru\n@section training Т\n@statement training.summary\n{courses|курс|курса|курсов}\n"
         "@list topics [[{title}\n",
         5, {"the list \"topics\" of the statement \"training.summary\" has a [[ without its ]]"}},
        {"@language ru\n@section ngo Н\n@label discrepancy {key} {published]]\n", 3,
         {"the label \"discrepancy\" has the slot {published… has no }"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.text);
        const parse_error e = refusal(c.text);
        EXPECT_EQ(e.line(), c.line);
        for (const auto& part : c.says) EXPECT_TRUE(has(e.what(), part)) << e.what();
    }
    // Case forms of names are modifiers too: the six cases, and the forms an @name gives. Fewer
    // forms than the language has stand for the rest: a word that does not change, a verb's
    // singular and plural, an oblique case's two.
    EXPECT_NO_THROW(check_text("@language ru\n@name Палата | tvor=Палатой\n@section councils Советы\n"
                               "@statement councils.chamber_renewed\n{chamber:gen} {chamber:tvor} "
                               "[[{chamber:prep:unless}палаты]].\n"
                               "@statement councils.activity\n{bodies:oblique|органом|органами} "
                               "{questions:word|был рассмотрен|были рассмотрены} {meetings|НКО}.\n"));
    EXPECT_NO_THROW(check_text(en + "{meetings|meeting|meetings}, {questions:word|was|were} {bodies|NGO}.\n"));
}

TEST(report_vocabulary, what_the_report_has_is_accepted) {
    const std::string head = "@language en\n@title {territory.upper} {year}\n@subtitle In {previous_year}–{next_year}\n";
    // Modifiers and forms, a list by name and its count, an item using its statement's slot,
    // the territory's and region's name forms the data or an @name may give, a filled label
    // with its own slots, braces in a label printed as written.
    EXPECT_NO_THROW(check_text(
        head + "@section training Training in {territory.prep}\n@statement training.summary\n"
               "[[{organiser:nom}||{organiser}]] {courses:cap|course|courses} ({topics:count}): {topics}[[{distance:if}]]"
               " in {region.short_gen}, {dataset}.\n@list topics “{title:gen}” ({participants|NGO|NGOs}, {ngos})\n"
               "@section grants G\n@statement grants.winners_rise\n{first:year}–{last:year}[[ {cagr}]]: {years}\n"
               "@list years {winners}\n@label discrepancy {key:term} {figure_year} {breakdown} {published} {computed} "
               "{table:term} {rows|row|rows}\n@label months {not a slot},2,3,4,5,6,7,8,9,10,11,12\n"
               "@label list_separator \", \"\n"));
}

TEST(report_vocabulary, a_template_in_another_language_than_the_one_asked_for_is_refused) {
    const fs::path en = template_path(language::en);
    EXPECT_EQ(template_for(language::en, en).lang, language::en);
    EXPECT_EQ(template_for(language::ru).lang, language::ru);  // the bundled one
    try {
        (void)template_for(language::ru, en);
        FAIL() << "an English template was used for a Russian report";
    } catch (const validation_error& e) {
        EXPECT_TRUE(has(e.what(), "is written in en (its @language), not in ru")) << e.what();
    }
    // Through the one-call render too: Russian would have been written labelled English.
    const auto ds = io::load_dataset("khanty-mansiysk-2020");
    report_options opt;
    opt.year = 2020;
    EXPECT_THROW((void)render(ds, opt, language::ru, output_format::markdown, en), validation_error);
    EXPECT_TRUE(has(render(ds, opt, language::en, output_format::markdown, en), "59 meetings"));
}
