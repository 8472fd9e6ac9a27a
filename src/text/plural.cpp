#include "civica/text/plural.hpp"

#include "civica/text/text.hpp"

#include <algorithm>

namespace civica::text {

plural_category russian_plural(std::int64_t n) noexcept {
    const std::uint64_t a = n < 0 ? static_cast<std::uint64_t>(-(n + 1)) + 1 : static_cast<std::uint64_t>(n);
    const auto m10 = a % 10, m100 = a % 100;
    if (m10 == 1 && m100 != 11) return plural_category::one;
    if (m10 >= 2 && m10 <= 4 && !(m100 >= 12 && m100 <= 14)) return plural_category::few;
    return plural_category::many;
}

plural_category english_plural(std::int64_t n) noexcept {
    return (n == 1 || n == -1) ? plural_category::one : plural_category::many;
}

grammatical_gender russian_name_gender(std::string_view name) {
    // Lowercase Cyrillic endings in UTF-8 (two bytes a letter); an uppercase word (АНО) has none.
    const auto ends = [](std::string_view w, std::string_view e) { return w.size() >= e.size() && w.substr(w.size() - e.size()) == e; };
    for (const std::string_view word : split(name, ' ')) {
        if (word.empty()) continue;
        if (word.starts_with("\u00ab") || word.starts_with("\"") || word.starts_with("\u201c")) break;  // the name in quotes
        static constexpr std::string_view adjective[] = {"\u0430\u044f", "\u044f\u044f", "\u043e\u0435", "\u0435\u0435",
                                                         "\u044b\u0439", "\u0438\u0439", "\u043e\u0439"};
        bool is_adjective = false;
        for (const auto e : adjective) is_adjective = is_adjective || ends(word, e);
        if (is_adjective) continue;
        if (ends(word, "\u0430") || ends(word, "\u044f")) return grammatical_gender::feminine;  // а, я
        if (ends(word, "\u043e") || ends(word, "\u0435")) return grammatical_gender::neuter;    // о, е
        return grammatical_gender::masculine;
    }
    return grammatical_gender::masculine;
}

}  // namespace civica::text
