#pragma once
/// \file
/// Escaping names from data for the markup civica writes (HTML, Markdown), so a name prints as
/// written and never changes the document around it.
///
///     civica::text::html_escape("Фонд \"Память\" & Co");   // Фонд &quot;Память&quot; &amp; Co
///     civica::text::markdown_escape("- list");             // \- list
///     civica::text::markdown_escape("Q&A");                // Q\&A

#include <string>
#include <string_view>

namespace civica::text {

/// Escapes text for HTML element content and attribute values (& < > " ').
std::string html_escape(std::string_view s);
/// Escapes characters that Markdown would read as markup (\ ` * _ [ ] < > # | ~ &, and a
/// leading list or heading marker), and turns line breaks into spaces, so names from data print
/// literally: "Фонд &copy;" stays "&copy;" instead of becoming "©" (CommonMark reads an
/// unescaped '&' as the start of a character reference).
std::string markdown_escape(std::string_view s);

}  // namespace civica::text
