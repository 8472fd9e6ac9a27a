#pragma once
/// \file
/// The report as Markdown, plain text, a self-contained HTML page (inline CSS and SVG charts)
/// or JSON (every statement with all its figures and their provenance).
///
///     auto ds = ...;                                   // a civica::dataset
///     civica::report::report_options opt;  opt.year = 2020;
///     std::string md = civica::report::render(ds, opt, civica::report::language::ru,
///                                             civica::report::output_format::markdown);

#include "civica/report/content.hpp"
#include "civica/report/template.hpp"
#include "civica/report/text.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace civica::report {

enum class output_format : std::uint8_t { markdown, text, html, json };
std::string_view to_string(output_format f);
/// "md"/"markdown", "txt"/"text", "html", "json"; throws parse_error listing them.
output_format parse_output_format(std::string_view s);

/// Renders built content with a template.
std::string render(const report_content& r, const report_template& t, output_format f);
/// Builds and renders: loads the template of `lang` (or `template_file` when given).
std::string render(const dataset& ds, const report_options& opt, language lang, output_format f,
                   const std::filesystem::path& template_file = {});

/// The content as JSON text (pretty-printed, UTF-8). With a template, each statement also
/// carries its rendered text.
std::string to_json(const report_content& r, const report_template* t = nullptr);

/// An SVG chart (no XML prolog, to be inlined in HTML). Labels are escaped.
std::string svg_chart(const chart& c, const report_template& t);

}  // namespace civica::report
