#include "civica/text/escape.hpp"

namespace civica::text {

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string markdown_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        switch (c) {
            // '&' starts a character reference ("&amp;", "&copy;", "&#35;"), which CommonMark
            // turns into the character it names.
            case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
            case '#': case '|': case '~': case '&':
                out += '\\';
                out += c;
                break;
            case '\n': case '\r': out += ' '; break;  // a name never starts a new block
            default: out += c;
        }
    }
    // A leading list or heading marker would change the block; escape it.
    if (!out.empty() && (out[0] == '-' || out[0] == '+' || out[0] == '=')) out.insert(out.begin(), '\\');
    return out;
}

}  // namespace civica::text
