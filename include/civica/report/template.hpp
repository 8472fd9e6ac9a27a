#pragma once
/// \file
/// Report templates: the wording of the report, one file per language, read at run time
/// (data/templates/report.<lang>.txt). The format is documented in docs/report.md.
///
///     auto tpl = civica::report::load_template(civica::report::language::ru);
///     std::string s = civica::report::render_statement(tpl, st, globals, escaper);

#include "civica/text/data_dir.hpp"
#include "civica/report/content.hpp"
#include "civica/report/text.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civica::report {

/// The wording of one statement, and of the items of its lists.
struct statement_template {
    std::string id;
    std::string text;
    std::map<std::string, std::string> lists;  ///< list name -> item text
    std::size_t line = 0;                      ///< where it starts in the file
    std::map<std::string, std::size_t> list_lines;  ///< list name -> the line of its @list
};

struct section_template {
    std::string id;
    std::string heading;
    std::vector<statement_template> statements;
    std::size_t line = 0;  ///< the line of its @section
};

/// A slot the template's text uses (`{meetings|…}` uses `meetings`), and where: the statement
/// whose text or @list holds it, the @list, the @label; all empty for the title, the subtitle
/// and a section's heading. check_template holds each to the report's vocabulary.
struct slot_use {
    std::string name;
    std::size_t line = 0;
    std::string statement;
    std::string list;
    std::string label;
    std::string modifier;         ///< after the ':' (`oblique`, `gen:unless`); empty when none
    std::size_t forms = 0;        ///< the words after '|' (noun forms, or the two of `:one`)
};

/// A parsed template. Sections and statements keep the file's order: the report follows it.
struct report_template {
    language lang = language::ru;
    std::string file;                                           ///< where it was read from
    std::string title;
    std::string subtitle;
    std::vector<section_template> sections;
    std::map<std::string, std::map<std::string, std::string>> names;  ///< name -> form -> text
    std::map<std::string, std::string> terms;                   ///< value -> word
    std::map<std::string, std::string> labels;                  ///< fixed phrases (notes, charts)
    std::map<std::string, std::size_t> label_lines;             ///< label -> the line of its @label
    std::vector<slot_use> slots;                                ///< every slot the text uses, in file order

    /// The label `key`, or `fallback` when the template does not define it.
    std::string label(const std::string& key, const std::string& fallback = {}) const;
    const statement_template* find_statement(std::string_view id) const;
};

/// Parses template text; throws parse_error with the file and line of a bad directive. It
/// checks the form only; check_template checks the words.
report_template parse_template(std::string_view text, const std::string& file = "<template>");
/// Holds a parsed template to the report's vocabulary (civica/report/vocabulary.hpp): every
/// section, statement, @list and @label is one the report has, and every slot is one its
/// statement, list item or label carries, or a global one (year, territory, territory.gen…).
/// Throws parse_error with the file, the line, the slot (as the field) and the closest known
/// name otherwise: a misspelt `{public_councilz}` would drop its sentence as missing data does.
void check_template(const report_template& t);
/// Reads, parses and checks (check_template) a template file; throws io_error when it cannot
/// be read and parse_error when it has no section or breaks a rule.
report_template load_template(const std::filesystem::path& file);
/// The bundled template of `lang` in `data_dir` (default: civica::text::default_data_dir(), and
/// civica::io_error when no data folder is known).
report_template load_template(language lang, const std::filesystem::path& data_dir = {});
/// The template of a report in `lang`: the bundled one, or `file` when it is given, which must
/// be written in `lang` (its @language); civica::validation_error naming both otherwise (a
/// Russian template asked for in English would write Russian labelled English).
report_template template_for(language lang, const std::filesystem::path& file = {});
/// data_dir/templates/report.<lang>.txt; an empty `data_dir` is civica's data folder
/// (civica/text/data_dir.hpp), and civica::io_error when none is known.
std::filesystem::path template_path(language lang, const std::filesystem::path& data_dir = {});

/// How data-derived text and template text are written into the output (escaping).
struct text_sink {
    std::function<std::string(std::string_view)> data;     ///< names, titles from the dataset
    std::function<std::string(std::string_view)> literal; ///< the template's own words
};
/// Plain text: nothing escaped.
text_sink plain_sink();

/// Values every statement may use: year, next_year, territory, territory.gen, region, …
std::map<std::string, std::string> global_values(const report_content& r, const report_template& t);

/// The statement's text in the template's wording, or nullopt when the template has no text
/// for it or a figure it needs outside an optional [[…]] part is missing.
std::optional<std::string> render_statement(const report_template& t, const statement& st,
                                            const std::map<std::string, std::string>& globals,
                                            const text_sink& sink);
/// Renders free template text (a label) with the given figures and texts.
std::optional<std::string> render_text(const report_template& t, std::string_view text,
                                       const statement& values,
                                       const std::map<std::string, std::string>& globals,
                                       const text_sink& sink);

}  // namespace civica::report
