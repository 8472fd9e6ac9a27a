// Numbers, money and plural agreement for report text (DOMAIN.md section 8); the plural
// categories themselves are civica/text/plural.hpp's.
#include "civica/report/text.hpp"

#include "civica/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace civica::report {

namespace {
constexpr std::string_view nbsp = "\xC2\xA0";  // U+00A0 NO-BREAK SPACE

std::string group_digits(std::string_view digits, std::string_view sep) {
    std::string out;
    const std::size_t len = digits.size();
    for (std::size_t i = 0; i < len; ++i) {
        if (i > 0 && (len - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return out;
}

std::string group_digits(std::uint64_t n, std::string_view sep) { return group_digits(std::to_string(n), sep); }

/// A whole number, however large (every double from 2^53 on is one).
bool is_whole(double v) { return std::isfinite(v) && std::floor(v) == v; }

/// Whole numbers that an int64 holds, and beyond them doubles whose digits are printed as such.
constexpr double int64_limit = 9.2e18;

/// The decimal digits of a whole, non-negative double, exactly (1e20 → "100000000000000000000").
std::string whole_digits(double v) {
    char buf[400];
    const int n = std::snprintf(buf, sizeof buf, "%.0f", v);
    return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}
}  // namespace

const std::string& agree(const noun_forms& f, double value, qualifier q, language l) {
    // The noun agrees with the number as the text shows it: format_count rounds to two decimals
    // (20.999 is "21", which takes the singular).
    if (std::isfinite(value) && std::fabs(value) < 1e15) value = std::round(value * 100.0) / 100.0;
    if (l == language::en) {
        // "1 meeting", and after a qualifier too: "more than one meeting", "about 1 rouble".
        return value == 1.0 ? f.one : f.many;
    }
    // A fraction governs the genitive singular (DOMAIN.md section 8): the after-qualifier form
    // where the noun has one ("1,5 некоммерческой организации"), else `few`, which is that form
    // for the other nouns ("1,5 заседания").
    if (!is_whole(value)) return f.after_qualifier.empty() ? f.few : f.after_qualifier;
    // The category depends on the last two digits only (fmod is exact), however large the value.
    const auto cat = russian_plural(static_cast<std::int64_t>(std::fmod(std::fabs(value), 100.0)));
    if (q != qualifier::exact) {
        // "более/около/не менее" govern the genitive: 21 → genitive singular, else plural.
        if (cat == plural_category::one) return f.after_qualifier.empty() ? f.few : f.after_qualifier;
        return f.many;
    }
    switch (cat) {
        case plural_category::one: return f.one;
        case plural_category::few: return f.few;
        default: return f.many;
    }
}

std::string_view qualifier_word(qualifier q, language l) {
    const bool ru = l == language::ru;
    switch (q) {
        case qualifier::more_than: return ru ? "более" : "more than";
        case qualifier::about: return ru ? "около" : "about";
        case qualifier::at_least: return ru ? "не менее" : "at least";
        default: return {};
    }
}

std::string_view oblique_qualifier_word(qualifier q, language l) {
    if (l != language::ru) return qualifier_word(q, l);
    switch (q) {
        case qualifier::more_than: return "более чем";
        case qualifier::about: return "примерно";
        case qualifier::at_least: return "не менее чем";
        default: return {};
    }
}

// The minus sign of a negative number in the text (U+2212, as Russian and English typesetting
// write it: "−48,7 %"), not the hyphen-minus of a file format.
constexpr std::string_view minus = "\xE2\x88\x92";

std::string format_integer(std::int64_t n, language l) {
    const std::uint64_t a = n < 0 ? static_cast<std::uint64_t>(-(n + 1)) + 1 : static_cast<std::uint64_t>(n);
    std::string s = group_digits(a, l == language::ru ? nbsp : std::string_view(","));
    return n < 0 ? std::string(minus) + s : s;
}

std::string format_number(double v, language l, int max_decimals) {
    if (!std::isfinite(v)) return "?";
    if (max_decimals < 0) max_decimals = 0;
    const std::string_view sep = l == language::ru ? nbsp : std::string_view(",");
    if (std::fabs(v) >= 1e15) {
        // No double this large has digits after the point that a report shows: its whole digits.
        std::string s = group_digits(whole_digits(std::round(std::fabs(v))), sep);
        return v < 0 ? std::string(minus) + s : s;
    }
    // A double holds 15 to 17 significant digits: more decimals than that are noise, and the
    // scaled value is rounded in a double, exact only below 2^53 (about 9e15).
    max_decimals = std::min(max_decimals, 15);
    while (max_decimals > 0 && std::fabs(v) * std::pow(10.0, max_decimals) >= 9e15) --max_decimals;
    const double scale = std::pow(10.0, max_decimals);
    const double r = std::round(std::fabs(v) * scale);
    const auto whole = static_cast<std::uint64_t>(std::floor(r / scale));
    auto frac = static_cast<std::uint64_t>(r - static_cast<double>(whole) * scale);
    std::string s = group_digits(whole, sep);
    if (frac != 0) {
        std::string digits = std::to_string(frac);
        while (static_cast<int>(digits.size()) < max_decimals) digits.insert(digits.begin(), '0');
        while (!digits.empty() && digits.back() == '0') digits.pop_back();
        s += (l == language::ru ? "," : ".") + digits;
    }
    if (v < 0 && (whole != 0 || frac != 0)) s.insert(0, minus);
    return s;
}

std::string format_count(double value, qualifier q, language l) {
    std::string out(qualifier_word(q, l));
    if (!out.empty()) out += ' ';
    out += is_whole(value) && std::fabs(value) < int64_limit ? format_integer(static_cast<std::int64_t>(value), l)
                                                               : format_number(value, l, 2);
    return out;
}

std::string plural_phrase(double value, const noun_forms& forms, qualifier q, language l) {
    return format_count(value, q, l) + " " + agree(forms, value, q, l);
}

namespace {

/// The words of a currency: its noun forms (one, few, many) in a report's language; a code
/// without words is its own word, in every form.
noun_forms currency_words(std::string_view currency, language l) {
    const bool ru = l == language::ru;
    if (currency == "RUB") return ru ? noun_forms{"рубль", "рубля", "рублей", ""} : noun_forms{"rouble", "roubles", "roubles", ""};
    if (currency == "GBP")
        return ru ? noun_forms{"фунт стерлингов", "фунта стерлингов", "фунтов стерлингов", ""}
                  : noun_forms{"pound", "pounds", "pounds", ""};
    if (currency == "USD")
        return ru ? noun_forms{"доллар США", "доллара США", "долларов США", ""}
                  : noun_forms{"US dollar", "US dollars", "US dollars", ""};
    if (currency == "EUR") return ru ? noun_forms{"евро", "евро", "евро", ""} : noun_forms{"euro", "euros", "euros", ""};
    const std::string code(currency);
    return noun_forms{code, code, code, ""};
}

}  // namespace

std::string format_money(money amount, qualifier q, language l, std::string_view currency, bool shorten) {
    const bool ru = l == language::ru;
    const noun_forms words = currency_words(currency, l);
    const std::int64_t k = amount.kopecks();
    // The magnitude unsigned: -INT64_MIN has no int64, and rounding near INT64_MAX would overflow.
    const std::uint64_t ak = k < 0 ? static_cast<std::uint64_t>(-(k + 1)) + 1 : static_cast<std::uint64_t>(k);
    const std::string sign = k < 0 ? std::string(minus) : std::string();
    const std::string_view sep = ru ? nbsp : std::string_view(",");
    constexpr std::uint64_t million = 100'000'000;  // hundredths in a million units
    if (shorten && ak >= million) {
        bool billions = ak >= 1000 * million;
        const qualifier given = q;
        auto tenths_of = [&](std::uint64_t unit) {
            const std::uint64_t tenth = unit / 10;
            q = given;
            if (ak % tenth == 0) return ak / tenth;
            // A lower bound stays a lower bound: rounded down, or, below zero, its magnitude up.
            if (q == qualifier::more_than || q == qualifier::at_least) return ak / tenth + (k < 0 ? 1 : 0);
            if (q == qualifier::exact) q = qualifier::about;  // rounding made it approximate
            return ak / tenth + (ak % tenth >= tenth / 2 ? 1 : 0);
        };
        std::uint64_t tenths = tenths_of(billions ? 1000 * million : million);
        if (!billions && tenths >= 10'000) {  // 999,96 million rounds to 1 000: "1 billion"
            billions = true;
            tenths = tenths_of(1000 * million);
        }
        std::string num = sign + group_digits(tenths / 10, sep);
        if (tenths % 10 != 0) num += (ru ? "," : ".") + std::to_string(tenths % 10);
        std::string out(qualifier_word(q, l));
        if (!out.empty()) out += ' ';
        // "млн" and "million" take the plural (Russian genitive plural) of the unit.
        if (ru) return out + num + (billions ? " млрд " : " млн ") + words.many;
        return out + num + (billions ? " billion " : " million ") + words.few;
    }
    const std::uint64_t whole = ak / 100, cents = ak % 100;
    std::string num = sign + group_digits(whole, sep);
    if (cents != 0) {
        num += (ru ? "," : ".");
        num += static_cast<char>('0' + cents / 10);
        num += static_cast<char>('0' + cents % 10);
    }
    std::string out(qualifier_word(q, l));
    if (!out.empty()) out += ' ';
    out += num + " ";
    const double v = cents != 0 ? static_cast<double>(whole) + 0.5 : static_cast<double>(whole);
    out += agree(words, v, q, l);
    return out;
}

std::string format_percent(double fraction, qualifier q, language l, bool with_qualifier) {
    std::string out(with_qualifier ? qualifier_word(q, l) : std::string_view());
    if (!out.empty()) out += ' ';
    double pct = fraction * 100.0;
    // A lower bound is rounded down so that "более"/"не менее" stays true.
    if (q == qualifier::more_than || q == qualifier::at_least) pct = std::floor(pct * 10.0) / 10.0;
    out += format_number(pct, l, 1);
    out += l == language::ru ? std::string(nbsp) + "%" : std::string("%");
    return out;
}

std::string format_ordinal(std::int64_t n, language l) {
    if (l == language::ru) return std::to_string(n) + "-е";
    const auto m100 = std::llabs(n) % 100, m10 = std::llabs(n) % 10;
    std::string suffix = "th";
    if (m100 < 11 || m100 > 13) {
        if (m10 == 1) suffix = "st";
        else if (m10 == 2) suffix = "nd";
        else if (m10 == 3) suffix = "rd";
    }
    return std::to_string(n) + suffix;
}

}  // namespace civica::report
