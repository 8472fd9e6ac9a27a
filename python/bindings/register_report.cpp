// civica._core.report: the annual public-engagement report. The public Python API is
// civica.report (pure Python around this submodule): render() gives text, build() the content
// as plain Python data (parsed from the C++ JSON, so both languages describe it one way).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "dataset_access.hpp"

#include "civica/model/dataset.hpp"
#include "civica/report/report.hpp"

#include <memory>
#include <string>
#include <vector>

namespace py = pybind11;
using namespace pybind11::literals;

namespace civica::python {
namespace {

namespace rep = civica::report;

rep::report_options options(int year, const std::string& territory, bool growth_rate, bool show_missing,
                            bool notes) {
    rep::report_options o;
    o.year = year;
    o.territory = territory;
    o.growth_rate = growth_rate;
    o.show_missing = show_missing;
    o.notes = notes;
    return o;
}

// The template for `lang`, or `template_file` alone when no language is asked for.
rep::report_template load(const std::string& lang, const std::filesystem::path& template_file) {
    if (lang.empty()) return rep::load_template(template_file);
    return rep::template_for(rep::parse_language(lang), template_file);
}

std::string_view category_name(rep::plural_category c) {
    switch (c) {
        case rep::plural_category::one: return "one";
        case rep::plural_category::few: return "few";
        default: return "many";
    }
}

}  // namespace

void register_report(py::module_& m) {
    py::module_ r = m.def_submodule("report", "The annual public-engagement report (civica.report)");

    r.def(
        "render",
        [](const dataset& ds, int year, const std::string& lang, const std::string& format,
           const std::string& territory, const std::filesystem::path& template_file, bool growth_rate,
           bool show_missing, bool notes) {
            const auto f = rep::parse_output_format(format);
            const auto t = load(lang, template_file);
            reading_guard guard(ds);  // Python cannot change the dataset while the report reads it
            py::gil_scoped_release release;
            const auto content = rep::build(ds, options(year, territory, growth_rate, show_missing, notes));
            return rep::render(content, t, f);
        },
        "dataset"_a, "year"_a = 0, "lang"_a = "ru", "format"_a = "md", "territory"_a = "",
        "template"_a = std::filesystem::path(), "growth_rate"_a = false, "show_missing"_a = false,
        "notes"_a = false,
        "The report as text: format md, txt, html or json; lang ru or en (or a template file); notes\n"
        "adds the analysts' notes (the published figures the records contradict).");

    r.def(
        "build_json",
        [](const dataset& ds, int year, const std::string& territory, bool growth_rate, bool show_missing,
           bool notes, const std::string& lang, const std::filesystem::path& template_file) {
            std::unique_ptr<rep::report_template> t;
            if (!lang.empty() || !template_file.empty())
                t = std::make_unique<rep::report_template>(load(template_file.empty() && lang.empty() ? "ru" : lang,
                                                                template_file));
            reading_guard guard(ds);
            py::gil_scoped_release release;
            const auto content = rep::build(ds, options(year, territory, growth_rate, show_missing, notes));
            return rep::to_json(content, t.get());
        },
        "dataset"_a, "year"_a = 0, "territory"_a = "", "growth_rate"_a = false, "show_missing"_a = false,
        "notes"_a = false, "lang"_a = "", "template"_a = std::filesystem::path(),
        "The report's content as JSON text (with rendered statement texts when lang is given).");

    r.def(
        "vocabulary",
        [] {
            auto names = [](const std::vector<std::string_view>& v) {
                return std::vector<std::string>(v.begin(), v.end());
            };
            py::list statements;
            for (const auto& v : rep::statement_vocabularies()) {
                py::dict lists;
                for (const auto& l : v.lists) lists[py::str(std::string(l.name))] = names(l.item_slots);
                statements.append(py::dict("id"_a = std::string(v.id), "section"_a = std::string(v.section),
                                           "slots"_a = names(v.slots), "lists"_a = lists));
            }
            py::dict labels;
            for (const auto& l : rep::label_vocabularies())
                labels[py::str(std::string(l.key))] = l.filled ? py::object(py::cast(names(l.slots))) : py::none();
            return py::dict("sections"_a = names(rep::section_ids()), "statements"_a = statements,
                            "labels"_a = labels, "global_slots"_a = names(rep::global_slots()));
        },
        "The report's vocabulary (civica/report/vocabulary.hpp): its sections, statements with their "
        "slots and lists, labels (the slots of a filled one, None for one printed as written) and the "
        "slots every text may use.");

    r.def(
        "template_language",
        [](const std::filesystem::path& file, const std::string& lang) {
            return std::string(rep::to_string(load(lang, file).lang));
        },
        "file"_a, "lang"_a = "",
        "The language a template file is written in (its @language), once it is read and checked; with "
        "lang, the file must be written in it (report::template_for).");

    r.def("template_path",
          [](const std::string& lang, const std::filesystem::path& data_dir) {
              return rep::template_path(rep::parse_language(lang), data_dir);
          },
          "lang"_a = "ru", "data_dir"_a = std::filesystem::path(),
          "Where the bundled template of a language is read from.");

    r.def("russian_plural", [](long long n) { return std::string(category_name(rep::russian_plural(n))); },
          "n"_a, "The Russian plural category of n: 'one', 'few' or 'many'.");

    r.def(
        "plural_phrase",
        [](double value, const std::vector<std::string>& forms, const std::string& qualifier,
           const std::string& lang) {
            if (forms.empty()) throw py::value_error("plural_phrase needs at least one word form");
            rep::noun_forms f;
            f.one = forms[0];
            f.few = forms.size() > 1 ? forms[1] : f.one;
            f.many = forms.size() > 2 ? forms[2] : f.few;
            f.after_qualifier = forms.size() > 3 ? forms[3] : std::string();
            const auto l = rep::parse_language(lang);
            if (l == rep::language::en) f.many = f.few;
            return rep::plural_phrase(value, f, parse_qualifier(qualifier), l);
        },
        "value"_a, "forms"_a, "qualifier"_a = "exact", "lang"_a = "ru",
        "A number with its noun in agreement: plural_phrase(59, ['заседание','заседания','заседаний']).");

    r.def(
        "nearest_minor_units", [](double units) { return money::nearest(units).kopecks(); }, "units"_a,
        "The whole hundredths nearest a figure's value in currency units (money::nearest): a money\n"
        "figure's kopecks, exact for every value a figure holds.");

    r.def(
        "format_money",
        [](long long kopecks, const std::string& qualifier, const std::string& lang, const std::string& currency) {
            check_currency_code(currency, "format_money");
            return rep::format_money(money::from_kopecks(kopecks), parse_qualifier(qualifier),
                                     rep::parse_language(lang), currency);
        },
        "kopecks"_a, "qualifier"_a = "exact", "lang"_a = "ru", "currency"_a = "RUB",
        "Money (hundredths of `currency`) as a report writes it: '3,7 млн рублей'.");

    r.def(
        "format_percent",
        [](double fraction, const std::string& qualifier, const std::string& lang, bool with_qualifier) {
            return rep::format_percent(fraction, parse_qualifier(qualifier), rep::parse_language(lang), with_qualifier);
        },
        "fraction"_a, "qualifier"_a = "exact", "lang"_a = "ru", "with_qualifier"_a = true,
        "A share as a report writes it: 0.952 -> '95,2 %' (a lower bound rounded down).");
}

}  // namespace civica::python
