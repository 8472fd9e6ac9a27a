// Report templates: parsing the line format and filling {placeholders} (docs/report.md).
#include "civica/report/template.hpp"

#include "civica/error.hpp"

#include "civica/report/vocabulary.hpp"
#include "civica/text/files.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <span>
#include <sstream>

namespace civica::report {

namespace {

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

// Splits "word rest of line" at the first space.
std::pair<std::string, std::string> head_rest(std::string_view s) {
    const std::string t = trim(s);
    const auto sp = t.find_first_of(" \t");
    if (sp == std::string::npos) return {t, {}};
    return {t.substr(0, sp), trim(std::string_view(t).substr(sp + 1))};
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            out.emplace_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

// The text between a slot's braces: `meetings:oblique|органом|органами` is the slot
// `meetings` with the modifier `oblique` and its forms. One reading for filling and checking.
struct slot_text {
    std::string head;
    std::string mod;
    std::vector<std::string> parts;  // split at '|': parts[0] is head[:mod], the forms follow
};

slot_text read_slot(std::string_view body) {
    slot_text s;
    s.parts = split(body, '|');
    s.head = trim(s.parts[0]);
    if (auto colon = s.head.find(':'); colon != std::string::npos) {
        s.mod = trim(s.head.substr(colon + 1));
        s.head = trim(s.head.substr(0, colon));
    }
    return s;
}

// Each slot of a line of template text, found as fill() finds them: from a '{' to the next '}'
// (a '{' without one is text), as a slot_use with its name, modifier and number of forms.
template <class F>
void each_slot(std::string_view line, F&& f) {
    for (auto open = line.find('{'); open != std::string_view::npos;) {
        const auto close = line.find('}', open);
        if (close == std::string_view::npos) return;
        const std::string_view body = line.substr(open + 1, close - open - 1);
        slot_text st = read_slot(body);
        slot_use u;
        u.name = std::move(st.head);
        u.modifier = std::move(st.mod);
        u.forms = st.parts.size() - 1;
        f(std::move(u));
        open = line.find('{', close + 1);
    }
}

}  // namespace

std::string report_template::label(const std::string& key, const std::string& fallback) const {
    auto it = labels.find(key);
    return it == labels.end() ? fallback : it->second;
}

const statement_template* report_template::find_statement(std::string_view id) const {
    for (const auto& s : sections)
        for (const auto& st : s.statements)
            if (st.id == id) return &st;
    return nullptr;
}

report_template parse_template(std::string_view text, const std::string& file) {
    report_template t;
    t.file = file;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::set<std::string> statement_ids, section_ids_seen;
    statement_template* current = nullptr;
    std::size_t line_no = 0;
    auto fail = [&](const std::string& why) -> parse_error {
        return parse_error(file, line_no, 0, {}, why);
    };
    for (const std::string& raw : split(text, '\n')) {
        ++line_no;
        const std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        if (line[0] != '@') {
            if (!current)
                throw fail("text \"" + line.substr(0, 40) +
                           "\" outside a statement (start one with @statement <id>)");
            if (!current->text.empty()) current->text += ' ';
            current->text += line;
            each_slot(line, [&](slot_use u) {
                u.line = line_no;
                u.statement = current->id;
                t.slots.push_back(std::move(u));
            });
            continue;
        }
        auto [directive, rest] = head_rest(std::string_view(line).substr(1));
        // The slots of a title, subtitle or heading: global ones only.
        auto global_text = [&](std::string_view text) {
            each_slot(text, [&](slot_use u) {
                u.line = line_no;
                t.slots.push_back(std::move(u));
            });
        };
        if (directive == "language") {
            try {
                t.lang = parse_language(rest);
            } catch (const validation_error& e) {  // said at its line, as every other directive's fault
                throw fail(e.what());
            }
        } else if (directive == "title") {
            t.title = rest;
            global_text(rest);
            current = nullptr;
        } else if (directive == "subtitle") {
            t.subtitle = rest;
            global_text(rest);
            current = nullptr;
        } else if (directive == "section") {
            auto [id, heading] = head_rest(rest);
            if (id.empty()) throw fail("@section needs an id (councils, resource_centre, …)");
            if (!section_ids_seen.insert(id).second) throw fail("section \"" + id + "\" appears twice");
            t.sections.push_back({id, heading, {}, line_no});
            global_text(heading);
            current = nullptr;
        } else if (directive == "statement") {
            if (t.sections.empty()) throw fail("@statement " + rest + " before any @section");
            if (rest.empty() || rest.find_first_of(" \t") != std::string::npos)
                throw fail("@statement needs one id without spaces, got \"" + rest + "\"");
            if (!statement_ids.insert(rest).second) throw fail("statement \"" + rest + "\" appears twice");
            t.sections.back().statements.push_back({rest, {}, {}, line_no, {}});
            current = &t.sections.back().statements.back();
        } else if (directive == "list") {
            if (!current) throw fail("@list outside a statement");
            auto [name, item] = head_rest(rest);
            if (name.empty() || item.empty()) throw fail("@list needs a list name and the item text");
            current->lists[name] = item;
            current->list_lines[name] = line_no;
            each_slot(item, [&, list = name](slot_use u) {
                u.line = line_no;
                u.statement = current->id;
                u.list = list;
                t.slots.push_back(std::move(u));
            });
        } else if (directive == "name") {
            auto parts = split(rest, '|');
            const std::string key = trim(parts[0]);
            if (key.empty()) throw fail("@name needs a name before the first |");
            for (std::size_t i = 1; i < parts.size(); ++i) {
                const std::string p = trim(parts[i]);
                const auto eq = p.find('=');
                if (eq == std::string::npos || eq == 0)
                    throw fail("@name " + key + ": \"" + p + "\" is not form=text (e.g. gen=Ханты-Мансийска)");
                t.names[key][trim(p.substr(0, eq))] = trim(p.substr(eq + 1));
            }
            current = nullptr;
        } else if (directive == "term") {
            auto [key, word] = head_rest(rest);
            if (key.empty() || word.empty()) throw fail("@term needs a value and its word");
            t.terms[key] = word;
            current = nullptr;
        } else if (directive == "label") {
            auto [key, value] = head_rest(rest);
            if (key.empty()) throw fail("@label needs a key");
            // "quoted" values keep their leading and trailing spaces (e.g. separators).
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            t.labels[key] = value;
            t.label_lines[key] = line_no;
            each_slot(value, [&, label = key](slot_use u) {
                u.line = line_no;
                u.label = label;
                t.slots.push_back(std::move(u));
            });
            current = nullptr;
        } else {
            throw fail("unknown directive @" + directive +
                       " (known: @language @title @subtitle @section @statement @list @name @term @label)");
        }
    }
    return t;
}

namespace {

std::string hint(std::string_view s, std::span<const std::string_view> names) {
    const std::string c = text::closest_name(s, names);
    return c.empty() ? std::string() : " (did you mean \"" + c + "\"?)";
}

std::string listed(std::span<const std::string_view> names) {
    std::string out;
    for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

}  // namespace

namespace {

// Why the optional parts and the slots of `text` do not pair up ("a ]] without its [[", "the slot
// {questions… has no }"), or "". A '{' without its '}' is printed as text, and a slot whose '}' is
// missing swallows the text up to the next slot's.
std::string unpaired(std::string_view text) {
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "[[") == 0) {
            ++depth;
            ++i;
        } else if (text.compare(i, 2, "]]") == 0) {
            if (--depth < 0) return "a ]] without its [[ (it would be printed as text)";
            ++i;
        } else if (text[i] == '{') {
            const auto close = text.find('}', i);
            const auto next = text.find('{', i + 1);
            if (close == std::string_view::npos || next < close) {
                const auto name_end = text.find_first_of("|:}{ []", i + 1);
                return "the slot {" + std::string(text.substr(i + 1, std::min(name_end, text.size()) - i - 1)) +
                       "… has no } (its text would be printed)";
            }
            i = close;
        }
    }
    return depth > 0 ? "a [[ without its ]] (the optional part would run to the end and be left out)" : "";
}

// The modifiers fill() knows, whatever the slot (the case forms of names are the template's).
constexpr std::string_view figure_modifiers[] = {"if",   "unless",    "word", "one",     "oblique", "number", "cap",
                                                 "qualifier", "year", "ordinal", "source",  "exact",  "term",
                                                 "upper", "cyrillic", "count", "full"};
constexpr std::string_view case_forms[] = {"nom", "gen", "dat", "acc", "ins", "prep"};

// Why the modifier and forms of `u` cannot be filled ("", when they can).
std::string slot_problem(const slot_use& u, const report_template& t) {
    const std::string shown = "{" + u.name + (u.modifier.empty() ? "" : ":" + u.modifier) + (u.forms ? "|…" : "") + "}";
    std::string mod = u.modifier;
    if (mod.ends_with(":unless")) mod.resize(mod.size() - 7);
    if (!mod.empty()) {
        std::vector<std::string_view> known(std::begin(figure_modifiers), std::end(figure_modifiers));
        known.insert(known.end(), std::begin(case_forms), std::end(case_forms));
        for (const auto& [name, forms] : t.names)
            for (const auto& [form, text] : forms) known.push_back(form);
        if (std::find(known.begin(), known.end(), mod) == known.end())
            return "unknown modifier \"" + mod + "\" in " + shown + hint(mod, known) +
                   ": the slot would have no value and leave out its sentence (docs/report.md lists the modifiers)";
    }
    // Fewer forms than the language has stand for the rest (a word that does not change,
    // «НКО»; a verb's singular and plural, «был рассмотрен|были рассмотрены»); more are never used.
    const std::string& m = u.modifier;
    const std::size_t most = t.lang == language::ru ? 4 : 2;
    if (m == "one") {
        if (u.forms != 2) return shown + " takes two words, the one for exactly 1 and the other ({x:one|A|B})";
    } else if (m == "word" && u.forms == 0) {
        return shown + " gives no word to agree with the number ({x:word|действует|действуют})";
    } else if (m.empty() || m == "cap" || m == "number" || m == "word" || m == "oblique") {
        if (u.forms > most)
            return shown + " gives " + std::to_string(u.forms) + " forms of its word; " +
                   (t.lang == language::ru
                        ? "Russian takes at most four (1, 2–4, 5–20, and the genitive singular after a qualifier)"
                        : "English takes two (meeting|meetings)");
    } else if (u.forms > 0) {
        return shown + ": the modifier \"" + m + "\" takes no words after |";
    }
    return {};
}

}  // namespace

void check_template(const report_template& t) {
    // The message names the slot or the directive: a parse_error's field would print it as a
    // CSV "column".
    auto fail = [&](std::size_t line, const std::string& why) { return parse_error(t.file, line, 0, {}, why); };
    if (const std::string why = unpaired(t.title); !why.empty()) throw fail(0, "the @title has " + why);
    if (const std::string why = unpaired(t.subtitle); !why.empty()) throw fail(0, "the @subtitle has " + why);
    for (const auto& s : t.sections) {
        if (const std::string why = unpaired(s.heading); !why.empty())
            throw fail(s.line, "the heading of the section \"" + s.id + "\" has " + why);
        for (const auto& st : s.statements) {
            if (const std::string why = unpaired(st.text); !why.empty())
                throw fail(st.line, "the statement \"" + st.id + "\" has " + why);
            for (const auto& [name, item] : st.lists)
                if (const std::string why = unpaired(item); !why.empty())
                    throw fail(st.list_lines.at(name), "the list \"" + name + "\" of the statement \"" + st.id +
                                                           "\" has " + why);
        }
    }
    for (const auto& [key, value] : t.labels) {
        const label_vocabulary* l = find_label_vocabulary(key);
        if (!l || !l->filled) continue;  // unknown: said below; not filled: printed as written
        if (const std::string why = unpaired(value); !why.empty())
            throw fail(t.label_lines.at(key), "the label \"" + key + "\" has " + why);
    }
    for (const auto& u : t.slots) {
        if (!u.label.empty()) {
            const label_vocabulary* l = find_label_vocabulary(u.label);
            if (!l || !l->filled) continue;  // unknown: said below; not filled: braces are text
        }
        if (const std::string why = slot_problem(u, t); !why.empty()) throw fail(u.line, why);
    }
    std::vector<std::string_view> statements, labels;
    for (const auto& v : statement_vocabularies()) statements.push_back(v.id);
    for (const auto& l : label_vocabularies()) labels.push_back(l.key);
    for (const auto& s : t.sections) {
        if (std::find(section_ids().begin(), section_ids().end(), s.id) == section_ids().end())
            throw fail(s.line, "unknown section \"" + s.id + "\"" + hint(s.id, section_ids()) +
                                       ": the report's sections are " + listed(section_ids()));
        for (const auto& st : s.statements) {
            const statement_vocabulary* v = find_statement_vocabulary(st.id);
            if (!v)
                throw fail(st.line, "unknown statement \"" + st.id + "\"" + hint(st.id, statements) +
                                            ": the report makes no such statement, so its wording would never be "
                                            "printed (docs/report.md lists the statements)");
            if (v->section != s.id)
                throw fail(st.line, "the statement \"" + st.id + "\" belongs to the section \"" +
                                            std::string(v->section) + "\", not \"" + s.id +
                                            "\": it would never be printed here");
            std::vector<std::string_view> lists;
            for (const auto& l : v->lists) lists.push_back(l.name);
            for (const auto& [name, line] : st.list_lines)
                if (!v->find_list(name))
                    throw fail(line, "the statement \"" + st.id + "\" has no list \"" + name + "\"" +
                                               hint(name, lists) +
                                               (lists.empty() ? ": it has none" : ": its lists are " + listed(lists)));
        }
    }
    for (const auto& [key, line] : t.label_lines)
        if (!find_label_vocabulary(key))
            throw fail(line, "unknown label \"" + key + "\"" + hint(key, labels) + ": the labels are " +
                                      listed(labels));
    for (const auto& u : t.slots) {
        if (is_global_slot(u.name)) continue;
        std::vector<std::string_view> known;
        std::string where = "the title, the subtitle or a heading";
        if (!u.statement.empty()) {
            const statement_vocabulary* v = find_statement_vocabulary(u.statement);  // known: checked above
            if (!u.list.empty()) known = v->find_list(u.list)->item_slots;
            known.insert(known.end(), v->slots.begin(), v->slots.end());
            if (u.list.empty())
                for (const auto& l : v->lists) known.push_back(l.name);
            where = u.list.empty() ? "the statement \"" + u.statement + "\""
                                   : "an item of the list \"" + u.list + "\" of the statement \"" + u.statement + "\"";
        } else if (!u.label.empty()) {
            const label_vocabulary* l = find_label_vocabulary(u.label);  // known: checked above
            if (!l->filled) continue;  // printed as written: braces are text
            known = l->slots;
            where = "the label \"" + u.label + "\"";
        }
        if (std::find(known.begin(), known.end(), u.name) != known.end()) continue;
        std::vector<std::string_view> all = known;
        all.insert(all.end(), global_slots().begin(), global_slots().end());
        throw fail(u.line, "unknown slot {" + u.name + "} in " + where + hint(u.name, all) + ": it would leave out its " +
                       "sentence as missing data does. It may use " + (known.empty() ? "" : listed(known) + " and ") +
                       "the slots of every text, " + listed(global_slots()) +
                       " (with the forms of their names: territory.gen, region.short…)");
    }
}

report_template load_template(const std::filesystem::path& file) {
    auto t = parse_template(text::read_text_file(file, "report template"), file.string());
    // A file that gives no section would render a report with nothing in it.
    if (t.sections.empty())
        throw parse_error(file.string(), 0, 0, {},
                          "the report template holds no @section, so the report would be empty (see the bundled "
                          "templates/report.<lang>.txt)");
    check_template(t);
    return t;
}

std::filesystem::path template_path(language lang, const std::filesystem::path& data_dir) {
    const auto dir = data_dir.empty() ? text::bundled_data_dir("the bundled report template") : data_dir;
    return dir / "templates" / ("report." + std::string(to_string(lang)) + ".txt");
}

report_template load_template(language lang, const std::filesystem::path& data_dir) {
    return load_template(template_path(lang, data_dir));
}

report_template template_for(language lang, const std::filesystem::path& file) {
    if (file.empty()) return load_template(lang);
    report_template t = load_template(file);
    if (t.lang != lang)
        throw validation_error("the report template " + file.string() + " is written in " +
                               std::string(to_string(t.lang)) + " (its @language), not in " +
                               std::string(to_string(lang)) + ": ask for the report in " +
                               std::string(to_string(t.lang)) + ", or give a template in " +
                               std::string(to_string(lang)));
    return t;
}

text_sink plain_sink() {
    auto id = [](std::string_view s) { return std::string(s); };
    return {id, id};
}

// ------------------------------------------------------------------ filling placeholders

namespace {

// Whether `s` has a Cyrillic letter (U+0400..U+04FF: the UTF-8 lead bytes 0xD0..0xD3, which
// no other character of well-formed UTF-8 contains): a name the English text leaves untranslated.
bool has_cyrillic(std::string_view s) {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0xD0 && c <= 0xD3) return true;
    }
    return false;
}


struct context {
    const report_template& t;
    const statement& st;
    const list_item* item;
    const std::map<std::string, std::string>& globals;
    const text_sink& sink;
    const statement_template* wording;  // for list item texts
};

std::optional<std::string> fill(std::string_view s, const context& c);

// `shorten`: millions of money as "3,7 млн" (false: written out, {x:full}).
std::string format_figure(const figure& f, language l, bool with_qualifier, bool shorten = true) {
    const qualifier q = with_qualifier ? f.qual : qualifier::exact;
    if (is_currency_code(f.unit))  // money, in the currency the figure names
        return format_money(money::nearest(f.value), q, l, f.unit, shorten);
    if (f.unit == "percent") return format_percent(f.value, q, l);
    if (f.unit == "year") return std::to_string(static_cast<long long>(f.value));
    return format_count(f.value, q, l);
}

// The figure with its qualifier worded for an oblique case: "более чем 52", "примерно 30 млн
// рублей" (format_figure, its qualifier word exchanged).
std::string oblique_figure(const figure& f, language l) {
    std::string text = format_figure(f, l, true);
    const std::string_view plain = qualifier_word(f.qual, l);
    if (!plain.empty() && text.starts_with(plain))
        text = std::string(oblique_qualifier_word(f.qual, l)) + text.substr(plain.size());
    return text;
}

const figure* find_figure(const std::vector<figure>& v, std::string_view name) {
    for (const auto& f : v)
        if (f.name == name) return &f;
    return nullptr;
}

std::optional<std::string> placeholder(std::string_view body, const context& c) {
    const slot_text slot = read_slot(body);
    const std::vector<std::string>& parts = slot.parts;
    const std::string& head = slot.head;
    const std::string& mod = slot.mod;
    const language l = c.t.lang;
    // {x:unless}, {x:gen:unless}: nothing, but only when {x} ({x:gen}) has no value — for a
    // wording that stands in for the one a missing form or figure would allow.
    if (mod == "unless" || mod.ends_with(":unless")) {
        const std::string inner = mod == "unless" ? head : head + ":" + mod.substr(0, mod.size() - 7);
        if (placeholder(inner, c)) return std::nullopt;
        return std::string();
    }

    const figure* f = nullptr;
    if (c.item) f = find_figure(c.item->figures, head);
    if (!f) f = find_figure(c.st.figures, head);
    if (f) {
        if (mod == "if") return std::string();
        if (parts.size() > 1) {
            noun_forms forms;
            forms.one = trim(parts[1]);
            forms.few = parts.size() > 2 ? trim(parts[2]) : forms.one;
            forms.many = parts.size() > 3 ? trim(parts[3]) : forms.few;
            forms.after_qualifier = parts.size() > 4 ? trim(parts[4]) : std::string();
            if (l == language::en) forms.many = forms.few;
            if (mod == "word") return c.sink.literal(agree(forms, f->value, f->qual, l));
            // {x:one|A|B}: A when the figure is exactly 1 ("заседание, на котором"), else B
            // ("21 заседание, на которых": the pronoun stands for the meetings, not the number).
            if (mod == "one")
                return c.sink.literal(f->qual == qualifier::exact && f->value == 1.0 ? forms.one : forms.few);
            // {x:oblique|…}: the forms are of an oblique case, which the number does not change
            // ("более чем 14 коллегиальными органами").
            if (mod == "oblique") return c.sink.literal(oblique_figure(*f, l) + " " + agree(forms, f->value, qualifier::exact, l));
            const qualifier q = mod == "number" ? qualifier::exact : f->qual;
            std::string phrase = plural_phrase(f->value, forms, q, l);
            return c.sink.literal(mod == "cap" ? text::capitalised(phrase) : phrase);
        }
        if (mod.empty()) return c.sink.literal(format_figure(*f, l, true));
        if (mod == "cap") return c.sink.literal(text::capitalised(format_figure(*f, l, true)));
        if (mod == "oblique") return c.sink.literal(oblique_figure(*f, l));
        if (mod == "number") return c.sink.literal(format_figure(*f, l, false));
        if (mod == "full") return c.sink.literal(format_figure(*f, l, true, false));
        if (mod == "qualifier") return c.sink.literal(qualifier_word(f->qual, l));
        if (mod == "year") return c.sink.literal(std::to_string(f->year));
        if (mod == "ordinal") return c.sink.literal(format_ordinal(std::llround(f->value), l));
        if (mod == "source") {
            if (f->prov.source.empty()) return std::nullopt;
            return c.sink.data(f->prov.source);
        }
        if (mod == "exact") {  // present only when the figure is exact
            if (f->qual != qualifier::exact) return std::nullopt;
            return std::string();
        }
        return std::nullopt;
    }

    const std::string* text = nullptr;
    if (c.item)
        if (auto it = c.item->texts.find(head); it != c.item->texts.end()) text = &it->second;
    if (!text)
        if (auto it = c.st.texts.find(head); it != c.st.texts.end()) text = &it->second;
    if (text) {
        if (mod == "if") return std::string();
        if (mod == "term") {
            // "@term sphere.education …" for this slot's values first, then "@term education …".
            if (auto it = c.t.terms.find(head + "." + *text); it != c.t.terms.end()) return c.sink.literal(it->second);
            if (auto it = c.t.terms.find(*text); it != c.t.terms.end()) return c.sink.literal(it->second);
            return c.sink.data(*text);
        }
        if (mod == "upper") return c.sink.data(text::upper_case(*text));
        // {x:cyrillic}: nothing, but only when the text has a Cyrillic letter; an English
        // template says "the {name}" only of a name that is not Russian
        // ([[{name:cyrillic:unless}the {name}||{name}]]).
        if (mod == "cyrillic") return has_cyrillic(*text) ? std::optional<std::string>("") : std::nullopt;
        if (!mod.empty()) {
            // A case form of a name the template knows ("{chamber:gen}"); none when unknown,
            // so that [[…||…]] can fall back to wording that needs no case form.
            if (auto n = c.t.names.find(*text); n != c.t.names.end()) {
                if (auto form = n->second.find(mod); form != n->second.end()) return c.sink.data(form->second);
            }
            return std::nullopt;
        }
        return c.sink.data(*text);
    }

    if (!c.item) {
        if (auto it = c.st.lists.find(head); it != c.st.lists.end()) {
            if (mod == "if") return it->second.empty() ? std::nullopt : std::optional<std::string>("");
            if (mod == "count") return c.sink.literal(std::to_string(it->second.size()));
            // {list:one|A|B}: A before a list of one item ("в сфере: …"), else B ("в сферах: …").
            if (mod == "one" && parts.size() > 2)
                return c.sink.literal(trim(it->second.size() == 1 ? parts[1] : parts[2]));
            if (!c.wording) return std::nullopt;
            auto w = c.wording->lists.find(head);
            if (w == c.wording->lists.end()) return std::nullopt;
            std::vector<std::string> items;
            for (const auto& item : it->second) {
                context ic{c.t, c.st, &item, c.globals, c.sink, c.wording};
                if (auto s = fill(w->second, ic)) items.push_back(*s);
            }
            if (items.empty()) return std::nullopt;
            const std::string sep = c.t.label("list_separator", ", ");
            const std::string last = c.t.label("list_last_separator", sep);
            std::string out;
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i > 0) out += c.sink.literal(i + 1 == items.size() ? last : sep);
                out += items[i];
            }
            return out;
        }
    }

    if (auto it = c.globals.find(head); it != c.globals.end()) {
        if (mod == "if") return std::string();
        if (mod == "upper") return c.sink.data(text::upper_case(it->second));
        if (!mod.empty()) return std::nullopt;
        return c.sink.data(it->second);
    }
    return std::nullopt;
}

// Fills `s`; nullopt when a placeholder outside an optional [[…]] part has no value, or a part
// of alternatives [[A||B]] has none with its data.
std::optional<std::string> fill(std::string_view s, const context& c) {
    std::string out, lit;
    auto flush = [&] {
        if (!lit.empty()) out += c.sink.literal(lit);
        lit.clear();
    };
    for (std::size_t i = 0; i < s.size();) {
        if (s.compare(i, 2, "[[") == 0) {
            int depth = 1;
            std::size_t j = i + 2;
            while (j < s.size() && depth > 0) {
                if (s.compare(j, 2, "[[") == 0) { ++depth; j += 2; }
                else if (s.compare(j, 2, "]]") == 0) { --depth; j += 2; }
                else ++j;
            }
            const std::size_t inner_end = depth == 0 ? j - 2 : s.size();
            flush();
            // Alternatives separated by || at this level: the first that has its data is used.
            // An optional part (one alternative) without its data is left out; a part of several
            // alternatives none of which has its data is itself a slot without value, so that
            // the part around it falls back in turn and no sentence keeps a hole ("with the
            // support of  and"). An empty last alternative ([[A||]]) makes it optional.
            const std::string_view inner = s.substr(i + 2, inner_end - i - 2);
            std::size_t alt_start = 0, alternatives = 0;
            bool filled = false;
            int d = 0;
            for (std::size_t k = 0; k <= inner.size(); ++k) {
                const bool at_end = k == inner.size();
                if (!at_end && inner.compare(k, 2, "[[") == 0) { ++d; ++k; continue; }
                if (!at_end && inner.compare(k, 2, "]]") == 0) { --d; ++k; continue; }
                if (at_end || (d == 0 && inner.compare(k, 2, "||") == 0)) {
                    ++alternatives;
                    if (auto part = fill(inner.substr(alt_start, k - alt_start), c)) {
                        out += *part;
                        filled = true;
                        break;
                    }
                    alt_start = k + 2;
                    ++k;
                }
            }
            if (!filled && alternatives > 1) return std::nullopt;
            i = j;
        } else if (s[i] == '{') {
            const auto close = s.find('}', i);
            if (close == std::string_view::npos) {
                lit += s.substr(i);
                break;
            }
            flush();
            auto v = placeholder(s.substr(i + 1, close - i - 1), c);
            if (!v) return std::nullopt;
            out += *v;
            i = close + 1;
        } else {
            lit += s[i++];
        }
    }
    flush();
    return out;
}

// The forms a template gives for a name (@name), looked up by the name or by an id.
const std::map<std::string, std::string>* template_forms(const report_template& t, const std::string& name,
                                                         const std::string& id) {
    if (auto it = t.names.find(name); !name.empty() && it != t.names.end()) return &it->second;
    if (auto it = t.names.find(id); !id.empty() && it != t.names.end()) return &it->second;
    return nullptr;
}

// `prefix`, `prefix.upper` and `prefix.<form>` for each form known. A case form that neither
// the data nor the template gives is left out, never replaced by the nominative: a template
// then words the sentence so that it needs none (`[[в городе {territory.prep}||в
// муниципальном образовании «{territory}»]]`).
void add_name(std::map<std::string, std::string>& g, const std::string& prefix, std::string nom,
              const std::map<std::string, std::string>* forms) {
    if (forms) {
        if (auto n = forms->find("nom"); n != forms->end()) nom = n->second;
        for (const auto& [form, text] : *forms) g.try_emplace(prefix + "." + form, text);
    }
    if (nom.empty()) return;
    g[prefix] = nom;
    g[prefix + ".nom"] = nom;
    g[prefix + ".upper"] = text::upper_case(nom);
}

}  // namespace

std::map<std::string, std::string> global_values(const report_content& r, const report_template& t) {
    std::map<std::string, std::string> g;
    g["year"] = std::to_string(r.year);
    g["next_year"] = std::to_string(r.year + 1);
    g["previous_year"] = std::to_string(r.year - 1);
    g["dataset"] = r.dataset_name;
    // The territory's names come from its municipality row first (name_genitive,
    // name_prepositional, name_en), then from the template's @name, else from nothing.
    std::string nom = r.territory_name.empty() ? r.territory : r.territory_name;
    if (t.lang == language::en) {
        if (!r.territory_name_en.empty()) nom = r.territory_name_en;
    } else {
        if (!r.territory_name_genitive.empty()) g["territory.gen"] = r.territory_name_genitive;
        if (!r.territory_name_prepositional.empty()) g["territory.prep"] = r.territory_name_prepositional;
    }
    const auto* forms = template_forms(t, r.territory_name, r.territory);
    if (t.lang == language::en && !r.territory_name_en.empty()) {
        g["territory"] = nom;
        g["territory.nom"] = nom;
        g["territory.upper"] = text::upper_case(nom);
    } else {
        add_name(g, "territory", nom, forms);
    }
    if (!r.region.empty()) add_name(g, "region", r.region, template_forms(t, r.region, {}));
    // Flags (present or absent, as a statement's): the grant programmes the report covers.
    if (r.presidential_grants) g["presidential_grants"] = "yes";
    if (r.governor_grants) g["governor_grants"] = "yes";
    return g;
}

std::optional<std::string> render_statement(const report_template& t, const statement& st,
                                            const std::map<std::string, std::string>& globals,
                                            const text_sink& sink) {
    const statement_template* w = t.find_statement(st.id);
    if (!w) return std::nullopt;
    context c{t, st, nullptr, globals, sink, w};
    return fill(w->text, c);
}

std::optional<std::string> render_text(const report_template& t, std::string_view text,
                                       const statement& values,
                                       const std::map<std::string, std::string>& globals,
                                       const text_sink& sink) {
    context c{t, values, nullptr, globals, sink, nullptr};
    return fill(text, c);
}

}  // namespace civica::report
