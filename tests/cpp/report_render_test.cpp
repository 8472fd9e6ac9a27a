// Output formats: escaping of names from data, the HTML page with its SVG charts (rendered in
// headless Chromium when it is installed), JSON with provenance, templates read at run time.
#include "civica/report/report.hpp"
#include "civica/synth.hpp"
#include "civica/text/escape.hpp"

#include "civica/error.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

using namespace civica;
using namespace civica::report;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A dataset whose course and organisation names are markup.
dataset hostile() {
    dataset ds;
    ds.info().name = "hostile";
    ds.info().territory = "t";
    municipality m;
    m.id = municipality_id("t");
    m.name = "Город <b>";
    ds.add(m);
    organization o;
    o.id = organization_id("o");
    o.full_name = "<script>alert(1)</script>";
    o.municipality = m.id;
    o.spheres = {"information", "consulting"};
    o.nonprofit = false;
    ds.add(o);
    course c;
    c.id = course_id("c");
    c.title = "<script>alert(1)</script>";
    c.dates = {date(2020, 3, 1), date(2020, 4, 1)};
    c.organiser = o.id;
    ds.add(c);
    ds.set_indicator({"training.participants", 2020, "t", c.title, 7, qualifier::exact, "", "<i>src</i>"});
    ds.set_indicator({"grants.winners", 2019, "t", "", 3, qualifier::exact, "", "s"});
    ds.set_indicator({"grants.winners", 2020, "t", "", 4, qualifier::exact, "", "s"});
    return ds;
}

std::string render_2020(const dataset& ds, output_format f, language l = language::ru) {
    report_options opt;
    opt.year = 2020;
    return render(ds, opt, l, f);
}

}  // namespace

TEST(report_html, shows_markup_from_data_as_text) {
    const std::string html = render_2020(hostile(), output_format::html);
    EXPECT_FALSE(has(html, "<script>")) << html;
    EXPECT_TRUE(has(html, "&lt;script&gt;alert(1)&lt;/script&gt;")) << html;
    EXPECT_FALSE(has(html, "<b>"));
    EXPECT_TRUE(has(html, "ГОРОД &lt;B&gt;")) << html;
}

TEST(report_markdown, escapes_markup_from_data) {
    const std::string md = render_2020(hostile(), output_format::markdown);
    EXPECT_TRUE(has(md, "\\<script\\>alert(1)\\</script\\>")) << md;
    EXPECT_EQ(civica::text::markdown_escape("a*b_[c]#|"), "a\\*b\\_\\[c\\]\\#\\|");
    EXPECT_EQ(civica::text::markdown_escape("- list"), "\\- list");
}

// A name that is a Markdown link to a script, and one holding table-cell and emphasis marks.
dataset link_injection() {
    dataset ds = hostile();
    course c;
    c.id = course_id("c2");
    c.title = "[click](javascript:alert(1)) | cell | *bold* _em_";
    c.dates = {date(2020, 5, 1), date(2020, 6, 1)};
    ds.add(c);
    ds.set_indicator({"training.participants", 2020, "t", c.title, 9, qualifier::exact, "", "s"});
    return ds;
}

// Every `c` in `text` is escaped with a backslash.
bool all_escaped(const std::string& text, char c) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == c && (i == 0 || text[i - 1] != '\\')) return false;
    return true;
}

TEST(report_markdown, a_name_cannot_become_a_link_or_break_a_table) {
    const std::string md = render_2020(link_injection(), output_format::markdown);
    ASSERT_TRUE(has(md, "javascript:alert(1)")) << "the name is in the report: " << md;
    EXPECT_FALSE(has(md, "[click](")) << md;
    EXPECT_TRUE(has(md, "\\[click\\](javascript:alert(1)) \\| cell \\| \\*bold\\* \\_em\\_")) << md;
    // No unescaped `|` anywhere (the report's Markdown has no tables of its own) and no bracket
    // that could open a link.
    EXPECT_TRUE(all_escaped(md, '|')) << md;
    EXPECT_TRUE(all_escaped(md, '[')) << md;
    EXPECT_TRUE(all_escaped(md, ']')) << md;
}

TEST(report_markdown, an_entity_in_a_name_prints_as_written) {
    // CommonMark reads "&amp;" and "&copy;" as character references ("&" and "©") unless the
    // '&' is escaped (spec 2.4 backslash escapes, 2.5 entity references): a name holding one would print as something else.
    EXPECT_EQ(civica::text::markdown_escape("Фонд &copy;"), "Фонд \\&copy;");
    EXPECT_EQ(civica::text::markdown_escape("Q&A &#35;1"), "Q\\&A \\&\\#35;1");
    dataset ds = hostile();
    course c;
    c.id = course_id("c3");
    c.title = "РЦ <b>&amp;</b>";
    c.dates = {date(2020, 5, 1), date(2020, 6, 1)};
    ds.add(c);
    ds.set_indicator({"training.participants", 2020, "t", c.title, 9, qualifier::exact, "", "s"});
    const std::string md = render_2020(ds, output_format::markdown);
    EXPECT_TRUE(has(md, "РЦ \\<b\\>\\&amp;\\</b\\>")) << md;
    EXPECT_TRUE(all_escaped(md, '&')) << md;
}

TEST(report_html, a_name_cannot_become_a_link) {
    const std::string html = render_2020(link_injection(), output_format::html);
    ASSERT_TRUE(has(html, "javascript:alert(1)")) << html;
    EXPECT_FALSE(has(html, "href=\"javascript")) << html;
    EXPECT_FALSE(has(html, "<a ")) << html;
}

TEST(report_html, is_one_self_contained_page_with_svg_charts) {
    const auto ds = synth::khanty_mansiysk_2020();
    const std::string html = render_2020(ds, output_format::html);
    EXPECT_TRUE(has(html, "<!DOCTYPE html>"));
    EXPECT_TRUE(has(html, "<style>"));
    EXPECT_FALSE(has(html, "<link"));
    EXPECT_FALSE(has(html, "src=\"http"));
    EXPECT_TRUE(has(html, "id=\"chart-winners_by_year\""));
    EXPECT_TRUE(has(html, "class=\"trend\""));
    EXPECT_TRUE(has(html, "id=\"chart-meetings_by_month\""));
    EXPECT_TRUE(has(html, "id=\"chart-ranking\""));
}

TEST(report_json, lists_every_figure_with_its_provenance) {
    const std::string js = render_2020(hostile(), output_format::json);
    EXPECT_TRUE(has(js, "\"provenance\""));
    EXPECT_TRUE(has(js, "\"kind\": \"published\""));
    EXPECT_TRUE(has(js, "\"source\": \"<i>src</i>\""));
    EXPECT_TRUE(has(js, "\"key\": \"grants.winners\""));
    const auto ds = synth::khanty_mansiysk_2020();
    const std::string sj = render_2020(ds, output_format::json);
    EXPECT_TRUE(has(sj, "\"kind\": \"computed\""));
    EXPECT_TRUE(has(sj, "\"table\": \"meetings\""));
    EXPECT_TRUE(has(sj, "\"rows\": 59"));
}

TEST(report_template, is_read_at_run_time_so_wording_and_order_can_change) {
    const fs::path dir = civica_test::scratch_dir("report_template");
    const fs::path file = dir / "mine.txt";
    {
        std::ofstream out(file);
        out << "@language ru\n@title Отчёт {year}\n"
               "@section grants Гранты\n@statement grants.winners_growth\n"
               "Победителей стало {last|победитель|победителя|победителей}.\n"
               "@section councils Советы\n@statement councils.activity\nЗаседаний: {meetings:number}.\n";
    }
    dataset ds;
    ds.info().territory = "t";
    for (auto [k, y, v] : std::vector<std::tuple<std::string, int, double>>{
             {"grants.winners", 2019, 1}, {"grants.winners", 2020, 22}, {"councils.meetings", 2020, 9}})
        ds.set_indicator({k, y, "t", "", v, qualifier::exact, "", "s"});
    report_options opt;
    opt.year = 2020;
    const std::string md = render(ds, opt, language::ru, output_format::markdown, file);
    const auto g = md.find("## Гранты"), c = md.find("## Советы");
    ASSERT_NE(g, std::string::npos) << md;
    ASSERT_NE(c, std::string::npos) << md;
    EXPECT_LT(g, c);
    EXPECT_TRUE(has(md, "Победителей стало 22 победителя.")) << md;
    EXPECT_TRUE(has(md, "Заседаний: 9.")) << md;
    fs::remove_all(dir);
}

// A template without @title (or one whose title is blank) heads the report with the dataset's
// title, as a template whose title has no data does, not with an empty "# ".
TEST(report_template, without_a_title_the_report_takes_the_datasets) {
    const fs::path dir = civica_test::scratch_dir("report_template_untitled");
    dataset ds;
    ds.info().title = "Гранты Сургута";
    ds.set_indicator({"councils.meetings", 2020, "", "", 9, qualifier::exact, "", "s"});
    report_options opt;
    opt.year = 2020;
    for (const std::string title : {"", "@title \n"}) {
        const fs::path file = dir / "untitled.txt";
        std::ofstream(file) << "@language ru\n" << title
                            << "@section councils Советы\n@statement councils.activity\nЗаседаний: {meetings:number}.\n";
        const std::string md = render(ds, opt, language::ru, output_format::markdown, file);
        EXPECT_TRUE(md.starts_with("# Гранты Сургута\n")) << md;
        EXPECT_TRUE(has(md, "Заседаний: 9.")) << md;
    }
    fs::remove_all(dir);
}

// A dataset with no territory, title or name is headed by the bundled template's subtitle in
// every format, not by an empty heading.
TEST(report_template, a_dataset_without_names_is_headed_by_the_subtitle) {
    dataset ds;
    ds.set_indicator({"councils.meetings", 2020, "", "", 59, qualifier::exact, "", "s"});
    const std::string md = render_2020(ds, output_format::markdown);
    EXPECT_TRUE(md.starts_with("# Что наиболее значительное удалось сделать в области взаимодействия с общественностью в "
                               "2020 году\n\n## ")) << md;
    const std::string text = render_2020(ds, output_format::text, language::en);
    EXPECT_TRUE(text.starts_with("The most significant achievements in public engagement in 2020\n===")) << text;
    EXPECT_FALSE(has(text, "\n\n\n")) << text;
    const std::string html = render_2020(ds, output_format::html, language::en);
    EXPECT_TRUE(has(html, "<h1>The most significant achievements in public engagement in 2020</h1>")) << html;
    EXPECT_FALSE(has(html, "<h1></h1>")) << html;
    const std::string json = render_2020(ds, output_format::json, language::en);
    EXPECT_TRUE(has(json, "\"title\": \"The most significant achievements in public engagement in 2020\"")) << json;
    EXPECT_TRUE(has(json, "\"subtitle\": \"\"")) << json;
}

// Statement "x" of a one-statement template, with the figure n = 3 and the given texts.
statement statement_x(std::map<std::string, std::string> texts) {
    statement st;
    st.id = "x";
    figure f;
    f.name = "n";
    f.value = 3;
    st.figures.push_back(f);
    st.texts = std::move(texts);
    return st;
}

TEST(report_template, unless_is_present_only_when_its_value_or_form_is_missing) {
    const auto t = parse_template("@language ru\n@name А | gen=Б\n@section s S\n@statement x\n"
                                  "[[{who:gen}]][[{who:gen:unless} ({who})]][[{n:unless} нет]][[{m:unless} нет m]].\n");
    statement st = statement_x({{"who", "А"}});
    EXPECT_EQ(render_statement(t, st, {}, plain_sink()).value(), "Б нет m.");
    st.texts["who"] = "В";  // no form of В: the stand-in wording instead
    EXPECT_EQ(render_statement(t, st, {}, plain_sink()).value(), " (В) нет m.");
}

TEST(report_template, an_english_name_takes_the_article_and_a_russian_one_stands_alone) {
    const auto t = parse_template("@language en\n@name Ресурсный центр НКО | nom=the NGO Resource Centre\n"
                                  "@section s S\n@statement x\n"
                                  "In {n:year} [[{who:nom}||{who:cyrillic:unless}the {who}||{who}]] started work.\n");
    statement st = statement_x({{"who", "Ресурсный центр НКО"}});
    st.figures[0].year = 2024;
    EXPECT_EQ(render_statement(t, st, {}, plain_sink()).value(), "In 2024 the NGO Resource Centre started work.");
    st.texts["who"] = "Автономная некоммерческая организация «Ресурсный центр»";  // no English form
    EXPECT_EQ(render_statement(t, st, {}, plain_sink()).value(),
              "In 2024 Автономная некоммерческая организация «Ресурсный центр» started work.");
    st.texts["who"] = "Surgut NGO Support Centre";
    EXPECT_EQ(render_statement(t, st, {}, plain_sink()).value(), "In 2024 the Surgut NGO Support Centre started work.");
    st.texts["who"] = "Centre «Ёлка»";  // Ё (U+0401) is Cyrillic too
    EXPECT_EQ(render_statement(t, st, {}, plain_sink()).value(), "In 2024 Centre «Ёлка» started work.");
}

TEST(report_template, the_territory_has_only_the_forms_its_data_or_template_give) {
    const auto t = parse_template("@language ru\n@section s S\n@statement x\n"
                                  "[[в городе {territory.prep}||в муниципальном образовании «{territory}»]]"
                                  "[[, НКО города {territory.gen}]].\n");
    statement st;
    st.id = "x";
    report_content r;
    r.territory = "surgut";
    r.territory_name = "Сургут";
    EXPECT_EQ(render_statement(t, st, global_values(r, t), plain_sink()).value(), "в муниципальном образовании «Сургут».");
    r.territory_name_genitive = "Сургута";
    r.territory_name_prepositional = "Сургуте";
    EXPECT_EQ(render_statement(t, st, global_values(r, t), plain_sink()).value(), "в городе Сургуте, НКО города Сургута.");
    // English takes name_en, and never the Russian case forms.
    auto en = parse_template("@language en\n@section s S\n@statement x\nIn {territory}[[ ({territory.gen})]].\n");
    EXPECT_EQ(render_statement(en, st, global_values(r, en), plain_sink()).value(), "In Сургут.");
    r.territory_name_en = "Surgut";
    EXPECT_EQ(render_statement(en, st, global_values(r, en), plain_sink()).value(), "In Surgut.");
    EXPECT_EQ(global_values(r, en).at("territory.upper"), "SURGUT");
}

namespace {
// The numbers of attribute `name` of every element of `svg` that starts with `tag`, in order.
std::vector<double> svg_numbers(const std::string& svg, const std::string& tag, const std::string& name) {
    std::vector<double> out;
    for (std::size_t at = svg.find(tag); at != std::string::npos; at = svg.find(tag, at + 1)) {
        const std::size_t end = svg.find('>', at);
        const std::size_t a = svg.find(" " + name + "=\"", at);
        if (a == std::string::npos || a > end) continue;
        out.push_back(std::stod(svg.substr(a + name.size() + 3)));
    }
    return out;
}
}  // namespace

// Winners in 2017, 2019 and 2020: the bars stand at their years (2018 is a gap), and the trend
// is the least-squares line over the years, worked out here by hand: x̄ = 2018⅔, ȳ = 23,
// slope = Sxy/Sxx = 61 / (42/9) = 13.07, so 1.21 in 2017 and 40.43 in 2020. It was fitted over
// the bars' order (0.5 to 45.5) with the bars equally spaced.
TEST(report_html, bars_by_year_stand_at_their_years_and_the_trend_is_fitted_over_the_years) {
    chart c{"winners_by_year", "grants",
            {{"2017", {}, 7, qualifier::exact, false}, {"2019", {}, 10, qualifier::exact, false},
             {"2020", {}, 52, qualifier::exact, true}},
            "year"};
    const std::string svg = svg_chart(c, load_template(language::en));
    const auto x = svg_numbers(svg, "<rect class=\"bar", "x");
    ASSERT_EQ(x.size(), 3u);
    EXPECT_NEAR(x[1] - x[0], 2 * (x[2] - x[1]), 0.2);  // two years, then one
    const auto axis = svg_numbers(svg, "<line x1", "y1");
    ASSERT_EQ(axis.size(), 1u);
    const double y1 = svg_numbers(svg, "<line class=\"trend\"", "y1").at(0);
    const double y2 = svg_numbers(svg, "<line class=\"trend\"", "y2").at(0);
    const double slope = 61.0 / (42.0 / 9.0), at2017 = 23.0 - slope * 5.0 / 3.0, at2020 = at2017 + 3 * slope;
    EXPECT_NEAR((axis[0] - y1) / (axis[0] - y2), at2017 / at2020, 0.005);
    // The bars' tooltips name the month of a chart by month, as its axis does.
    chart m{"meetings_by_month", "councils", {{"1", {}, 3, qualifier::exact, false}}, "month"};
    EXPECT_TRUE(has(svg_chart(m, load_template(language::en)), "<title>Jan: 3</title>"));
}

TEST(report_html, a_long_chart_title_is_broken_into_lines_that_fit_the_chart) {
    chart c{"winners_by_year", "grants", {{"2019", {}, 3, qualifier::exact, false}, {"2020", {}, 4, qualifier::exact, true}},
            "year"};
    const auto t = load_template(language::ru);
    const std::string svg = svg_chart(c, t);
    // 624 px for the caption at 10.5 px a character: no line of more than 59 characters.
    std::size_t lines = 0;
    for (std::size_t at = svg.find("<tspan"); at != std::string::npos; at = svg.find("<tspan", at + 1)) {
        const auto open = svg.find('>', at) + 1;
        const std::string line = svg.substr(open, svg.find("</tspan>", open) - open);
        std::size_t chars = 0;
        for (char ch : line) chars += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
        EXPECT_LE(chars, 59u) << line;
        ++lines;
    }
    EXPECT_GE(lines, 1u);
    const std::string caption = t.label("chart.winners_by_year");
    ASSERT_FALSE(caption.empty());
    EXPECT_TRUE(has(svg, "<title>" + caption + "</title>"));  // the whole title for screen readers
    auto long_t = t;
    long_t.labels["chart.winners_by_year"] = caption + " " + caption;
    const std::string long_svg = svg_chart(c, long_t);
    std::size_t long_lines = 0;
    for (std::size_t at = long_svg.find("<tspan"); at != std::string::npos; at = long_svg.find("<tspan", at + 1)) ++long_lines;
    EXPECT_GE(long_lines, 2u) << long_svg;
}

TEST(report_template, reports_a_bad_directive_with_its_line) {
    try {
        parse_template("@language ru\n@section a A\n@nonsense x\n", "t.txt");
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_EQ(e.line(), 3u);
        EXPECT_TRUE(has(e.what(), "@nonsense"));
    }
}

TEST(report_template, an_unknown_language_is_reported_with_its_line) {
    // Before: "unknown report language "de" (use ru or en)", with no file or line.
    try {
        parse_template("# a template\n@language de\n@section a A\n", "t.txt");
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_EQ(e.file(), "t.txt");
        EXPECT_EQ(e.line(), 2u);
        EXPECT_TRUE(has(e.what(), "unknown language \"de\" (use ru or en)")) << e.what();
    }
}

TEST(report_html, a_bar_shows_its_figure_with_its_qualifier_as_the_text_does) {
    // Before, the bar of "более 52" was labelled "52"; only its tooltip had the qualifier.
    chart c{"winners_by_year", "grants",
            {{"2019", {}, 10, qualifier::exact, false}, {"2020", {}, 52, qualifier::more_than, true}}, "year"};
    const std::string svg = svg_chart(c, load_template(language::ru));
    EXPECT_TRUE(has(svg, "text-anchor=\"middle\">10</text>")) << svg;
    EXPECT_TRUE(has(svg, "text-anchor=\"middle\">" + format_count(52, qualifier::more_than, language::ru) + "</text>"))
        << svg;
    EXPECT_FALSE(has(svg, "text-anchor=\"middle\">52</text>")) << svg;
}

TEST(report_template, drops_optional_parts_without_data_and_uses_alternatives) {
    const auto t = parse_template("@language ru\n@name А | gen=Б\n@section s S\n@statement x\n"
                                  "Один[[ два {missing}]][[ три {n}]][[ {who:gen}||{who}]][[ {who2:gen}||-{who2}]].\n");
    const statement st = statement_x({{"who", "А"}, {"who2", "В"}});
    const auto s = render_statement(t, st, {}, plain_sink());
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(*s, "Один три 3 Б-В.");
}

// Alternatives none of which has its data leave no hole: the part around them falls back in
// turn ("With the support of  and together with , in 2024" was printed), an optional part
// around them is left out, and at the top the statement is dropped.
TEST(report_template, alternatives_without_data_make_the_part_around_them_fall_back) {
    const auto t = parse_template(
        "@language en\n@section s S\n@statement x\n"
        "[[With the support of [[{org:nom}||{org}]][[ and together with [[{partner:nom}||{partner}]]]], in 2024,"
        "||In 2024,]] courses were held.\n"
        "@statement y\nIn [[the city of {place}||{place2}]] it rained.\n"
        "@statement z\nIt rained[[ in [[the city of {place}||{place2}]]||]].\n");
    EXPECT_EQ(render_statement(t, statement_x({{"org", "A"}, {"partner", "B"}}), {}, plain_sink()).value(),
              "With the support of A and together with B, in 2024, courses were held.");
    EXPECT_EQ(render_statement(t, statement_x({{"org", "A"}}), {}, plain_sink()).value(),
              "With the support of A, in 2024, courses were held.");
    EXPECT_EQ(render_statement(t, statement_x({{"partner", "B"}}), {}, plain_sink()).value(),
              "In 2024, courses were held.");
    statement y = statement_x({});
    y.id = "y";
    EXPECT_FALSE(render_statement(t, y, {}, plain_sink()).has_value());
    y.texts["place2"] = "Surgut";
    EXPECT_EQ(render_statement(t, y, {}, plain_sink()).value(), "In Surgut it rained.");
    statement z = statement_x({});
    z.id = "z";
    EXPECT_EQ(render_statement(t, z, {}, plain_sink()).value(), "It rained.");
}

TEST(report_html, renders_in_headless_chromium_with_its_charts) {
    std::string browser;
    for (const char* b : {"chromium", "chromium-browser", "google-chrome"}) {
        const std::string probe = std::string("command -v ") + b + " > /dev/null 2>&1";
        if (std::system(probe.c_str()) == 0) {
            browser = b;
            break;
        }
    }
    if (browser.empty()) GTEST_SKIP() << "no chromium installed (apt-get install -y chromium)";
    const fs::path dir = civica_test::scratch_dir("report_chromium");
    const fs::path page = dir / "report.html", png = dir / "shot.png", dom = dir / "dom.html";
    auto ds = synth::khanty_mansiysk_2020();
    {
        std::ofstream out(page, std::ios::binary);
        out << render_2020(ds, output_format::html);
    }
    const std::string flags = " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage"
                              " --hide-scrollbars --user-data-dir=" + (dir / "profile").string();
    const std::string dump = browser + flags + " --dump-dom file://" + page.string() + " > " + dom.string() +
                             " 2> /dev/null";
    ASSERT_EQ(std::system(dump.c_str()), 0) << dump;
    const std::string d = slurp(dom);
    EXPECT_TRUE(has(d, "chart-winners_by_year")) << d.substr(0, 500);
    EXPECT_TRUE(has(d, "<svg")) << d.substr(0, 500);
    EXPECT_TRUE(has(d, "59 заседаний"));
    const std::string shot = browser + flags + " --window-size=1000,2400 --screenshot=" + png.string() +
                             " file://" + page.string() + " > /dev/null 2>&1";
    ASSERT_EQ(std::system(shot.c_str()), 0) << shot;
    ASSERT_TRUE(fs::exists(png));
    // A blank 1000×2400 page compresses to a few kilobytes; text and charts make it much larger.
    EXPECT_GT(fs::file_size(png), 40'000u);
    const std::string bytes = slurp(png);
    EXPECT_EQ(bytes.substr(1, 3), "PNG");
    fs::remove_all(dir);
}

TEST(report_template, a_folder_or_a_file_without_sections_is_refused_not_rendered_empty) {
    const fs::path dir = civica_test::scratch_dir("template_without_sections");
    fs::create_directories(dir / "folder");
    try {
        (void)load_template(dir / "folder");
        ADD_FAILURE() << "a folder was read as a template";
    } catch (const io_error& e) {
        EXPECT_NE(std::string(e.what()).find("it is a folder, not a file"), std::string::npos) << e.what();
    }
    for (const std::string& text : {std::string(), std::string("# only a comment\n@title Отчёт\n")}) {
        std::ofstream(dir / "empty.txt", std::ios::binary) << text;
        try {
            (void)load_template(dir / "empty.txt");
            ADD_FAILURE() << "a template without sections was accepted: " << text;
        } catch (const parse_error& e) {
            EXPECT_NE(std::string(e.what()).find("holds no @section"), std::string::npos) << e.what();
        }
    }
    fs::remove_all(dir);
}

// Russian grammar of the modifiers, each form written out by hand: a pronoun for the things
// counted is plural unless there is exactly one; a number in an oblique case takes "более чем"
// and the case's own forms; a figure that opens a sentence is capitalised; a verb before
// "услуга" agrees in gender and number (оказана / оказаны / оказано).
TEST(report_template, the_modifiers_keep_russian_grammar_with_every_number_and_qualifier) {
    const auto t = parse_template(
        "@language ru\n@section s S\n@statement x\n"
        "{n|заседание|заседания|заседаний}, {n:one|на котором|на которых}; для {n:oblique|НКО|НКО|НКО}; "
        "{n:oblique|органом|органами|органами}; {n:cap|горожанин|горожанина|горожан}; "
        "{n:word|оказана|оказаны|оказано|оказано} {n|услуга|услуги|услуг}; "
        "{n|общественный совет|общественных совета|общественных советов|общественного совета}.\n");
    auto line = [&](double n, qualifier q) {
        statement st = statement_x({});
        st.figures[0].value = n;
        st.figures[0].qual = q;
        return render_statement(t, st, {}, plain_sink()).value();
    };
    EXPECT_EQ(line(1, qualifier::exact),
              "1 заседание, на котором; для 1 НКО; 1 органом; 1 горожанин; оказана 1 услуга; 1 общественный совет.");
    EXPECT_EQ(line(21, qualifier::exact),
              "21 заседание, на которых; для 21 НКО; 21 органом; 21 горожанин; оказана 21 услуга; 21 общественный совет.");
    EXPECT_EQ(line(3, qualifier::exact),
              "3 заседания, на которых; для 3 НКО; 3 органами; 3 горожанина; оказаны 3 услуги; 3 общественных совета.");
    EXPECT_EQ(line(21, qualifier::more_than),
              "более 21 заседания, на которых; для более чем 21 НКО; более чем 21 органом; Более 21 горожанина; "
              "оказано более 21 услуги; более 21 общественного совета.");
    EXPECT_EQ(line(14, qualifier::about),
              "около 14 заседаний, на которых; для примерно 14 НКО; примерно 14 органами; Около 14 горожан; "
              "оказано около 14 услуг; около 14 общественных советов.");
}
