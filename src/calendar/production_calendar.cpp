#include "civica/calendar/production_calendar.hpp"

#include "civica/error.hpp"
#include "civica/text/csv.hpp"
#include "text_util.hpp"

#include <array>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace civica::calendar {
namespace {

constexpr std::array<std::pair<day_kind, std::string_view>, 8> kind_names{{
    {day_kind::weekday, "weekday"},
    {day_kind::weekend, "weekend"},
    {day_kind::holiday, "holiday"},
    {day_kind::transferred_day_off, "transferred_day_off"},
    {day_kind::decree_day_off, "decree_day_off"},
    {day_kind::shortened, "shortened"},
    {day_kind::working_weekend, "working_weekend"},
    {day_kind::working_weekend_shortened, "working_weekend_shortened"},
}};

bool is_weekend(const date& d) {
    const auto wd = d.day_of_week().as_number();  // 0 = Sunday
    return wd == 0 || wd == 6;
}

std::string year_list(const std::set<int>& years) {
    if (years.empty()) return "none";
    // Contiguous runs print as ranges: "2016–2027", "2016–2027, 2030".
    std::string out;
    auto it = years.begin();
    while (it != years.end()) {
        const int first = *it;
        int last = first;
        auto next = std::next(it);
        while (next != years.end() && *next == last + 1) {
            last = *next;
            ++next;
        }
        if (!out.empty()) out += ", ";
        out += std::to_string(first);
        if (last != first) out += "\u2013" + std::to_string(last);
        it = next;
    }
    return out;
}

// ---- xmlcalendar ------------------------------------------------------------------------

struct xml_attr {
    std::string name;
    std::string value;
    std::size_t line = 0;
};

struct xml_tag {
    std::string name;
    std::vector<xml_attr> attrs;
    std::size_t line = 0;

    const xml_attr* get(std::string_view n) const {
        for (const auto& a : attrs)
            if (a.name == n) return &a;
        return nullptr;
    }
};

std::string xml_unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            static constexpr std::array<std::pair<std::string_view, char>, 5> ents{{
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}}};
            bool done = false;
            for (const auto& [e, c] : ents) {
                if (s.substr(i, e.size()) == e) {
                    out += c;
                    i += e.size() - 1;
                    done = true;
                    break;
                }
            }
            if (done) continue;
        }
        out += s[i];
    }
    return out;
}

// A tolerant reader of the flat XML the xmlcalendar files use: start and empty-element tags
// with double- or single-quoted attributes; comments and declarations are skipped. End tags
// are matched with their start tags: a file that ends with an element still open is cut short
// (a download stopped part-way), and the days after the cut would read as ordinary days.
std::vector<xml_tag> read_xml_tags(std::string_view text, const std::string& source) {
    std::vector<xml_tag> tags;
    std::vector<std::pair<std::string, std::size_t>> open;  // elements not closed yet: name, line
    std::size_t pos = 0;
    std::size_t line = 1;
    auto advance_to = [&](std::size_t to) {
        for (; pos < to && pos < text.size(); ++pos)
            if (text[pos] == '\n') ++line;
    };
    while (true) {
        const std::size_t lt = text.find('<', pos);
        if (lt == std::string_view::npos) break;
        advance_to(lt);
        if (text.substr(pos, 4) == "<!--") {
            const std::size_t end = text.find("-->", pos);
            if (end == std::string_view::npos)
                throw parse_error(source, line, 0, "", "comment is not closed");
            advance_to(end + 3);
            continue;
        }
        if (text.substr(pos, 9) == "<![CDATA[") {  // text, which may hold '>' and '<': skipped whole
            const std::size_t end = text.find("]]>", pos);
            if (end == std::string_view::npos)
                throw parse_error(source, line, 0, "", "the file ends inside a CDATA section: it is cut short");
            advance_to(end + 3);
            continue;
        }
        if (text.substr(pos, 2) == "<?" || text.substr(pos, 2) == "<!" ||
            text.substr(pos, 2) == "</") {
            const std::size_t end = text.find('>', pos);
            if (end == std::string_view::npos)
                throw parse_error(source, line, 0, "", "the file ends inside a tag: it is cut short");
            if (text.substr(pos, 2) == "</") {
                std::string_view name = text.substr(pos + 2, end - pos - 2);
                while (!name.empty() && (name.back() == ' ' || name.back() == '\t' || name.back() == '\n' || name.back() == '\r'))
                    name.remove_suffix(1);
                if (open.empty() || open.back().first != name)
                    throw parse_error(source, line, 0, "",
                                      "</" + std::string(name) + "> closes no open <" + std::string(name) + ">" +
                                          (open.empty() ? "" : " (<" + open.back().first + "> of line " +
                                                                   std::to_string(open.back().second) + " is open)"));
                open.pop_back();
            }
            advance_to(end + 1);
            continue;
        }
        xml_tag tag;
        tag.line = line;
        advance_to(pos + 1);
        while (pos < text.size() && text[pos] != ' ' && text[pos] != '\t' && text[pos] != '\n' &&
               text[pos] != '\r' && text[pos] != '>' && text[pos] != '/')
            tag.name += text[pos++];
        bool empty_element = false;  // <day d="01.01" t="1"/>
        const auto cut_short = [&](std::size_t at_line, const std::string& field) {
            return parse_error(source, at_line, 0, field, "the file ends inside the tag <" + tag.name + ">: it is cut short");
        };
        while (true) {
            while (pos < text.size() &&
                   (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r'))
                advance_to(pos + 1);
            if (pos >= text.size()) throw cut_short(tag.line, "");
            if (text[pos] == '>') {
                ++pos;
                if (!empty_element) open.emplace_back(tag.name, tag.line);
                break;
            }
            if (text[pos] == '/') {
                ++pos;
                empty_element = true;
                continue;
            }
            empty_element = false;
            xml_attr a;
            a.line = line;
            while (pos < text.size() && text[pos] != '=' && text[pos] != ' ' && text[pos] != '>' &&
                   text[pos] != '\n')
                a.name += text[pos++];
            if (pos >= text.size()) throw cut_short(line, a.name);
            if (text[pos] != '=')
                throw parse_error(source, line, 0, a.name,
                                  "attribute " + a.name + " of <" + tag.name + "> has no value");
            ++pos;
            if (pos >= text.size()) throw cut_short(line, a.name);
            if (text[pos] != '"' && text[pos] != '\'')
                throw parse_error(source, line, 0, a.name,
                                  "value of attribute " + a.name + " is not quoted");
            const char q = text[pos++];
            const std::size_t end = text.find(q, pos);
            if (end == std::string_view::npos) throw cut_short(line, a.name);  // no closing quote until the end
            a.value = xml_unescape(text.substr(pos, end - pos));
            advance_to(end + 1);
            tag.attrs.push_back(std::move(a));
        }
        tags.push_back(std::move(tag));
    }
    if (!open.empty())
        throw parse_error(source, line, 0, "",
                          "the file ends before <" + open.back().first + "> (line " + std::to_string(open.back().second) +
                              ") is closed: it is cut short (an incomplete download?), and the days after the cut "
                              "would read as ordinary days");
    return tags;
}

// "MM.DD" of `year`.
date parse_month_day(const xml_attr& a, int year, const std::string& source) {
    const std::string& v = a.value;
    auto fail = [&](const std::string& why) -> date {
        throw parse_error(source, a.line, 0, a.name, "\"" + v + "\" " + why);
    };
    if (v.size() != 5 || v[2] != '.') return fail("is not a day (use MM.DD)");
    for (std::size_t i : {0u, 1u, 3u, 4u})
        if (v[i] < '0' || v[i] > '9') return fail("is not a day (use MM.DD)");
    const int m = (v[0] - '0') * 10 + (v[1] - '0');
    const int d = (v[3] - '0') * 10 + (v[4] - '0');
    if (m < 1 || m > 12) return fail("has month " + std::to_string(m) + ", not 1..12");
    const int last = boost::gregorian::gregorian_calendar::end_of_month_day(
        static_cast<unsigned short>(year), static_cast<unsigned short>(m));
    if (d < 1 || d > last)
        return fail("is not a day of " + std::to_string(year) + " (that month has " +
                    std::to_string(last) + " days)");
    return date(static_cast<unsigned short>(year), static_cast<unsigned short>(m),
                static_cast<unsigned short>(d));
}

bool looks_like_decree(std::string_view title) {
    // xmlcalendar marks decree days with a holiday whose title cites the decree ("Указ
    // Президента ...") or calls them non-working days ("Нерабочие дни"); holidays of Labour
    // Code art. 112 carry their own names.
    for (std::string_view key : {"Указ", "указ", "Нерабоч", "нерабоч"})
        if (title.find(key) != std::string_view::npos) return true;
    return false;
}

}  // namespace

std::string_view to_string(day_kind k) {
    for (const auto& [kind, name] : kind_names)
        if (kind == k) return name;
    return "?";
}

day_kind parse_day_kind(std::string_view text) {
    for (const auto& [kind, name] : kind_names)
        if (name == text) return kind;
    std::string known;
    for (const auto& [kind, name] : kind_names) {
        if (kind == day_kind::weekday || kind == day_kind::weekend) continue;
        known += known.empty() ? "" : ", ";
        known += name;
    }
    throw parse_error("\"" + std::string(text) + "\" is not a kind of day (use one of: " + known +
                      ")");
}

std::string_view to_string(day_type t) {
    switch (t) {
        case day_type::working: return "working";
        case day_type::shortened: return "shortened";
        case day_type::non_working: return "non_working";
    }
    return "?";
}

const production_calendar& production_calendar::bundled() {
    static const production_calendar cal =
        from_csv(civica::text::bundled_data_dir("the bundled production calendar") / "calendar" / "ru-production-calendar.csv");
    return cal;
}

production_calendar production_calendar::from_csv(const std::filesystem::path& file) {
    return from_csv_text(detail::read_text_file(file, "production calendar"), file.string());
}

production_calendar production_calendar::from_csv_text(std::string_view text,
                                                       const std::string& source) {
    production_calendar cal;
    if (text.empty()) throw parse_error(source, 1, 0, "", "the file is empty");
    const std::size_t header_line = 1;
    civica::text::csv_options opt;
    opt.uniform_width = false;  // comment lines and short rows are allowed
    civica::text::csv_reader in(text, source, opt);
    civica::text::csv_record rec;
    if (!in.next(rec)) throw parse_error(source, 1, 0, "", "the file is empty");
    int col_date = -1, col_kind = -1, col_from = -1, col_name = -1;
    for (std::size_t i = 0; i < rec.size(); ++i) {
        const auto h = detail::trim(rec[i]);
        int* col = h == "date" ? &col_date : h == "kind" ? &col_kind : h == "transferred_from" ? &col_from
                                                          : h == "name"                     ? &col_name
                                                                                            : nullptr;
        // A column read by none of these (a misspelt "transfered_from") would be left unread.
        if (col == nullptr || *col >= 0)
            throw parse_error(source, header_line, i + 1, std::string(h),
                              col == nullptr ? "unknown column \"" + std::string(h) +
                                                   "\" (the columns are date, kind, transferred_from, name)"
                                             : "the column \"" + std::string(h) + "\" is named twice");
        *col = static_cast<int>(i);
    }
    if (col_date < 0 || col_kind < 0)
        throw parse_error(source, header_line, 0, col_date < 0 ? "date" : "kind",
                          "the header must name the columns date and kind "
                          "(optional: transferred_from, name)");
    while (in.next(rec)) {
        const std::size_t row_line = rec.line();
        if (rec.size() == 1 && detail::trim(rec[0]).empty()) continue;  // a line of spaces
        if (!rec.empty() && !rec[0].empty() && rec[0][0] == '#') continue;  // comment
        auto field = [&](int col) -> std::string_view {
            return col >= 0 && static_cast<std::size_t>(col) < rec.size()
                       ? detail::trim(rec[static_cast<std::size_t>(col)])
                       : std::string_view{};
        };
        special_day sd;
        try {
            sd.day = parse_date(field(col_date));
        } catch (const parse_error& e) {
            throw parse_error(source, row_line, static_cast<std::size_t>(col_date) + 1, "date",
                              e.reason());
        }
        try {
            sd.kind = parse_day_kind(field(col_kind));
        } catch (const parse_error& e) {
            throw parse_error(source, row_line, static_cast<std::size_t>(col_kind) + 1, "kind",
                              e.reason());
        }
        if (sd.kind == day_kind::weekday || sd.kind == day_kind::weekend)
            throw parse_error(source, row_line, static_cast<std::size_t>(col_kind) + 1, "kind",
                              "\"" + std::string(field(col_kind)) +
                                  "\" days are not listed (only special days are)");
        const bool weekend = is_weekend(sd.day);
        if ((sd.kind == day_kind::working_weekend ||
             sd.kind == day_kind::working_weekend_shortened) &&
            !weekend)
            throw parse_error(source, row_line, static_cast<std::size_t>(col_kind) + 1, "kind",
                              format_date(sd.day) + " is not a Saturday or Sunday, so it cannot be " +
                                  std::string(to_string(sd.kind)));
        if (sd.kind == day_kind::shortened && weekend)
            sd.kind = day_kind::working_weekend_shortened;
        if (const auto f = field(col_from); !f.empty()) {
            try {
                sd.transferred_from = parse_date(f);
            } catch (const parse_error& e) {
                throw parse_error(source, row_line, static_cast<std::size_t>(col_from) + 1,
                                  "transferred_from", e.reason());
            }
        }
        sd.name = std::string(field(col_name));
        if (cal.find(sd.day) != nullptr)
            throw parse_error(source, row_line, static_cast<std::size_t>(col_date) + 1, "date",
                              format_date(sd.day) + " is listed twice (a day has one kind)");
        cal.add_day(std::move(sd));
    }
    if (cal.years_.empty()) throw parse_error(source, header_line, 0, "", "the file lists no day");
    return cal;
}

production_calendar production_calendar::from_xmlcalendar(const std::filesystem::path& file) {
    return from_xmlcalendar_text(detail::read_text_file(file, "xmlcalendar file"), file.string());
}

production_calendar production_calendar::from_xmlcalendar_text(std::string_view text,
                                                               const std::string& source) {
    const auto tags = read_xml_tags(text, source);
    int year = 0;
    std::map<std::string, std::string> holiday_titles;
    std::map<std::string, std::size_t> day_line;  // d="MM.DD" -> the line of its <day>
    production_calendar cal;
    for (const auto& tag : tags) {
        if (tag.name == "calendar") {
            const xml_attr* y = tag.get("year");
            if (y == nullptr)
                throw parse_error(source, tag.line, 0, "year", "<calendar> has no year attribute");
            const std::string& v = y->value;
            bool digits = v.size() == 4;
            for (char c : v) digits = digits && c >= '0' && c <= '9';
            if (!digits)
                throw parse_error(source, y->line, 0, "year", "\"" + v + "\" is not a year");
            year = std::stoi(v);
            if (!in_date_years(year))
                throw parse_error(source, y->line, 0, "year", "year " + v + " is outside " + date_years_text());
            if (const xml_attr* c = tag.get("country"); c != nullptr && c->value != "ru")
                throw parse_error(source, c->line, 0, "country",
                                  "country \"" + c->value + "\": civica reads Russian calendars (ru)");
        } else if (tag.name == "holiday") {
            const xml_attr* id = tag.get("id");
            const xml_attr* title = tag.get("title");
            if (id != nullptr) holiday_titles[id->value] = title != nullptr ? title->value : "";
        } else if (tag.name == "day") {
            if (year == 0)
                throw parse_error(source, tag.line, 0, "year",
                                  "<day> comes before <calendar year=\"...\">");
            const xml_attr* d = tag.get("d");
            const xml_attr* t = tag.get("t");
            if (d == nullptr) throw parse_error(source, tag.line, 0, "d", "<day> has no d attribute");
            if (t == nullptr) throw parse_error(source, tag.line, 0, "t", "<day> has no t attribute");
            special_day sd;
            sd.day = parse_month_day(*d, year, source);
            // A day listed twice says two things of one day (the later one was kept).
            if (const auto [at, fresh] = day_line.try_emplace(d->value, tag.line); !fresh)
                throw parse_error(source, tag.line, 0, "d",
                                  "the day " + d->value + " is listed twice (line " + std::to_string(at->second) +
                                      " and here)");
            const bool weekend = is_weekend(sd.day);
            std::string title;
            if (const xml_attr* h = tag.get("h"); h != nullptr) {
                // An id missing from <holidays> still marks a holiday, just without a name.
                if (auto it = holiday_titles.find(h->value); it != holiday_titles.end())
                    title = it->second;
            }
            if (t->value == "1") {
                if (!title.empty()) {
                    sd.kind = looks_like_decree(title) ? day_kind::decree_day_off : day_kind::holiday;
                    sd.name = title;
                } else if (tag.get("h") != nullptr) {
                    sd.kind = day_kind::holiday;
                } else if (weekend) {
                    // A listed weekend without a holiday is just a weekend.
                    continue;
                } else {
                    sd.kind = day_kind::transferred_day_off;
                }
                if (const xml_attr* f = tag.get("f"); f != nullptr)
                    sd.transferred_from = parse_month_day(*f, year, source);
            } else if (t->value == "2") {
                sd.kind = weekend ? day_kind::working_weekend_shortened : day_kind::shortened;
            } else if (t->value == "3") {
                if (!weekend) continue;  // a working weekday is the rule, nothing to store
                sd.kind = day_kind::working_weekend;
            } else {
                throw parse_error(source, t->line, 0, "t",
                                  "\"" + t->value +
                                      "\" is not a type of day (1 day off, 2 shortened, 3 working)");
            }
            cal.days_[sd.day] = std::move(sd);
        }
    }
    if (year == 0)
        throw parse_error(source, 1, 0, "year", "no <calendar year=\"...\"> element: not an xmlcalendar file");
    // Loaded, the year replaces the one known: with no day listed, every weekday of it would be
    // a working day, the New Year holidays too.
    if (day_line.empty())
        throw parse_error(source, 1, 0, "day",
                          "the calendar of " + std::to_string(year) +
                              " lists no <day>: an xmlcalendar file lists the year's holidays and moved days");
    cal.years_.insert(year);
    return cal;
}

void production_calendar::merge(const production_calendar& other) {
    for (int y : other.years_) {
        days_.erase(days_.lower_bound(date(static_cast<unsigned short>(y), 1, 1)),
                    days_.upper_bound(date(static_cast<unsigned short>(y), 12, 31)));
        years_.insert(y);
    }
    for (const auto& [d, sd] : other.days_) days_[d] = sd;
}

void production_calendar::load_xmlcalendar(const std::filesystem::path& file) {
    merge(from_xmlcalendar(file));
}

void production_calendar::add_year(int year) { years_.insert(year); }

void production_calendar::add_day(special_day day) {
    if (day.day.is_special()) throw validation_error("a special day needs a date");
    years_.insert(static_cast<int>(day.day.year()));
    days_[day.day] = std::move(day);
}

std::vector<special_day> production_calendar::special_days() const {
    std::vector<special_day> out;
    out.reserve(days_.size());
    for (const auto& [d, sd] : days_) out.push_back(sd);
    return out;
}

const special_day* production_calendar::find(const date& d) const {
    auto it = days_.find(d);
    return it == days_.end() ? nullptr : &it->second;
}

void production_calendar::check_year(int year) const {
    if (years_.count(year) != 0 || policy_ == unknown_year_policy::weekends_only) return;
    throw not_found_error("production calendar: year " + std::to_string(year) +
                          " is not known (known years: " + year_list(years_) +
                          "); load a newer calendar (xmlcalendar file) or choose the "
                          "weekends-only fallback (civica calendar --weekends-only; weekends_only=True in Python; "
                          "set_unknown_year_policy(unknown_year_policy::weekends_only) in C++)");
}

day_kind production_calendar::kind(const date& d) const {
    if (d.is_special()) throw validation_error("production calendar: not a date");
    check_year(static_cast<int>(d.year()));
    if (const special_day* sd = find(d)) return sd->kind;
    return is_weekend(d) ? day_kind::weekend : day_kind::weekday;
}

day_type production_calendar::type(const date& d) const {
    switch (kind(d)) {
        case day_kind::weekday:
        case day_kind::working_weekend: return day_type::working;
        case day_kind::shortened:
        case day_kind::working_weekend_shortened: return day_type::shortened;
        case day_kind::weekend:
        case day_kind::holiday:
        case day_kind::transferred_day_off:
        case day_kind::decree_day_off: return day_type::non_working;
    }
    return day_type::non_working;
}

namespace {

/// Refuses a date that is not set (None from Python, boost's not_a_date_time): compared with
/// real dates it would walk the calendar towards its end.
void require_date(const date& d, const char* function) {
    if (d.is_special())
        throw validation_error(std::string("production calendar: ") + function + ": no date given (not a date)");
}

/// The day `days` (±1) from `d`, or a validation_error when that is beyond the dates a date can
/// hold (1400-01-01 to 9999-12-31, Boost.Date_Time's range), where boost's own error, later,
/// said only "Year is out of valid range".
date step(const date& d, int days, const char* function) {
    // Boost makes the day past either end without a word, and fails only when its year is read.
    static const date first(1400, 1, 1);
    static const date last(9999, 12, 31);
    if ((days > 0 && d >= last) || (days < 0 && d <= first))
        throw validation_error(std::string("production calendar: ") + function + ": no working day " +
                               (days > 0 ? "after " : "before ") + format_date(d) +
                               " within the dates a calendar can hold (1400-01-01 to 9999-12-31)");
    return d + boost::gregorian::days(days);
}

}  // namespace

date production_calendar::next_working_day(const date& d) const {
    require_date(d, "next_working_day");
    date x = step(d, 1, "next_working_day");
    while (!is_working_day(x)) x = step(x, 1, "next_working_day");
    return x;
}

date production_calendar::previous_working_day(const date& d) const {
    require_date(d, "previous_working_day");
    date x = step(d, -1, "previous_working_day");
    while (!is_working_day(x)) x = step(x, -1, "previous_working_day");
    return x;
}

date production_calendar::roll_forward(const date& d) const {
    require_date(d, "roll_forward");
    return is_working_day(d) ? d : next_working_day(d);
}

date production_calendar::add_working_days(const date& d, long n) const {
    require_date(d, "add_working_days");
    date x = d;
    if (n == 0) {
        check_year(static_cast<int>(d.year()));
        return x;
    }
    for (; n > 0; --n) x = next_working_day(x);
    for (; n < 0; ++n) x = previous_working_day(x);
    return x;
}

long production_calendar::working_days_between(const date& a, const date& b) const {
    require_date(a, "working_days_between");
    require_date(b, "working_days_between");
    if (b < a) return -working_days_between(b, a);
    long n = 0;
    for (date x = a; x < b; x += boost::gregorian::days(1))
        if (is_working_day(x)) ++n;
    return n;
}

}  // namespace civica::calendar
