#include "civica/io/check.hpp"

#include "civica/error.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/io/dataset_json.hpp"
#include "civica/model/schema.hpp"
#include "dataset_folder_scan.hpp"

#include "civica/model/indicator.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <map>

namespace civica::io {

std::string to_string(const problem& p) {
    std::string out = p.severity + ": ";
    if (!p.file.empty()) {
        out += p.file;
        if (p.line != 0) out += ":" + std::to_string(p.line);
        out += ": ";
    }
    // A record of a JSON file (one with a path) has fields, not columns.
    if (!p.field.empty()) out += (p.path.empty() ? "column \"" : "field \"") + p.field + "\": ";
    out += p.message;
    out += " [" + p.check + "]";
    return out;
}

bool has_errors(const std::vector<problem>& problems) {
    return std::any_of(problems.begin(), problems.end(),
                       [](const problem& p) { return p.severity == "error"; });
}

std::string rule_field(const validation_error& e, std::string_view table) {
    if (!e.field().empty()) return e.field();
    const std::string message = e.what();
    const auto colon = message.find(": ");
    std::string rest = colon == std::string::npos ? message : message.substr(colon + 2);
    for (auto& ch : rest)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    std::size_t best = std::string::npos;
    std::string field;
    auto word = [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; };
    for (const auto& c : schema::table_named(table).columns) {
        const std::string_view col = c.name;
        for (auto at = rest.find(col); at != std::string::npos; at = rest.find(col, at + 1)) {
            if ((at > 0 && word(rest[at - 1])) || (at + col.size() < rest.size() && word(rest[at + col.size()])))
                continue;
            if (at < best) {
                best = at;
                field = std::string(col);
            }
            break;
        }
    }
    return field;
}

namespace {

/// The warning for a dataset whose own territory (the manifest's "territory") is none of its
/// municipalities, by id or name, and is named by none of its published figures: the figures
/// counted from its records for that territory would come out as nothing, and the report of it
/// as empty, with no word of why (a misspelt or stale id after the municipalities were edited).
void check_territory(const dataset& ds, std::vector<problem>& problems) {
    const std::string& own = ds.info().territory;
    if (own.empty()) return;
    const std::string t = ds.resolve_territory(own);
    if (ds.municipalities().contains(t)) return;
    for (const auto& i : ds.indicators())
        if (!i.territory.empty() && ds.resolve_territory(i.territory) == t) return;
    std::string have;
    std::vector<std::string_view> names;  // what the territory could have meant
    for (const auto& m : ds.municipalities()) {
        have += (have.empty() ? "" : ", ") + m.id.str();
        names.push_back(m.id.str());
        if (!m.name.empty()) names.push_back(m.name);
        if (!m.name_en.empty()) names.push_back(m.name_en);
    }
    const std::string close = text::closest_name(own, names);
    problems.push_back(problem{
        "warning", "unknown_territory", "manifest.json", 0, "territory", {},
        "the dataset's territory \"" + own + "\" is none of its municipalities and no published figure names it: "
            "nothing recorded is counted for it" +
            (close.empty() ? std::string() : "; did you mean \"" + close + "\"?") +
            (have.empty() ? std::string(" (the dataset has no municipalities)")
                          : "; its municipalities are " + have)});
}

/// Warnings for published figures whose territory is one of the dataset's territories (its own,
/// a municipality's id, name or English name) written another way: in another letter case, with
/// ё as е, other spaces or dashes, a letter typed as two code points (text::loose_name_key). Such
/// a figure is another territory's to the dataset (resolve_territory compares as written), so
/// the reports and analyses of the territory meant leave it out without a word.
void check_indicator_territories(const dataset& ds, std::vector<problem>& problems) {
    std::map<std::string, std::string> known;  // loose key -> the territory as the dataset writes it
    const auto add = [&](const std::string& name) {
        if (!name.empty()) known.emplace(text::loose_name_key(name), name);
    };
    add(ds.info().territory);
    for (const auto& m : ds.municipalities()) add(m.id.str()), add(m.name), add(m.name_en);
    const std::string own = ds.resolve_territory({});
    for (const auto& i : ds.indicators()) {
        if (i.territory.empty()) continue;
        const std::string t = ds.resolve_territory(i.territory);
        if (t == own || ds.municipalities().contains(t)) continue;
        const auto it = known.find(text::loose_name_key(i.territory));
        if (it == known.end()) {
            // A typo ("surgt"): not the same name written another way, but close to one. A figure
            // of a place the dataset does not describe (a region, the country) is none's.
            std::vector<std::string_view> names;
            for (const auto& [key, name] : known) names.push_back(name);
            const std::string close = text::closest_name(i.territory, names);
            if (close.empty()) continue;
            const std::string label = figure_label(i.key, std::to_string(i.year), i.territory, i.breakdown);
            problems.push_back(problem{
                "warning", "territory_spelling", "indicators.csv", 0, "territory", label,
                "indicator \"" + label + "\": territory \"" + i.territory + "\" is none of the dataset's; did you "
                "mean \"" + close + "\"? It is taken as another territory, and the reports and analyses of \"" +
                close + "\" leave the figure out"});
            continue;
        }
        // What makes it another name: a character one cannot see, else case, ё, spaces or dashes.
        const std::string here = text::first_unseen_character(i.territory);
        const std::string there = text::first_unseen_character(it->second);
        const std::string how = !here.empty()    ? "it holds " + here
                                : !there.empty() ? "the dataset's holds " + there
                                                 : std::string("in letter case, ё/е, spaces or dashes");
        const std::string label = figure_label(i.key, std::to_string(i.year), i.territory, i.breakdown);
        problems.push_back(problem{
            "warning", "territory_spelling", "indicators.csv", 0, "territory", label,
            "indicator \"" + label + "\": territory \"" + i.territory + "\" differs from the dataset's \"" +
                it->second + "\" only as written (" + how + "): it is taken as another territory, and the reports "
                "and analyses of \"" + it->second + "\" leave the figure out"});
    }
}

// Every problem the lenient `scan` finds; when none is an error, the strict `read` and the
// warnings of the dataset it builds. The checker mirrors the model's rules; should the model know
// a rule the checker does not, the strict reader still finds it, and the source is not called
// clean.
template <class Scan, class Read>
std::vector<problem> checked(Scan&& scan, Read&& read) {
    std::vector<problem> problems;
    scan(problems);
    if (!has_errors(problems)) {
        try {
            const dataset ds = read();
            check_territory(ds, problems);
            check_indicator_territories(ds, problems);
        } catch (const parse_error& e) {
            problems.push_back(problem{"error", "rule", e.file(), e.line(), e.field(), {}, e.reason()});
        }
    }
    return problems;
}

// `options` for the strict read a check ends with: the first refused row stops it.
table_read_options strict(table_read_options options) {
    options.skip_bad_records = false;
    options.skipped = nullptr;
    return options;
}

// The checks of a folder read with `options` (nullptr: the native dialect).
std::vector<problem> check_folder(const std::filesystem::path& folder, const table_read_options* options) {
    return checked([&](std::vector<problem>& problems) { detail::scan_dataset_folder(folder, nullptr, &problems, options); },
                   [&] { return options ? read_dataset_folder(folder, strict(*options)) : read_dataset_folder(folder); });
}

}  // namespace

std::vector<problem> check_dataset_folder(const std::filesystem::path& folder) {
    return check_folder(folder, nullptr);
}

std::vector<problem> check_dataset_folder(const std::filesystem::path& folder, const table_read_options& options) {
    return check_folder(folder, &options);
}

std::vector<problem> check_dataset_json(const std::filesystem::path& file, const table_read_options& options) {
    const table_read_options o = strict(options);
    return checked([&](std::vector<problem>& problems) { detail::scan_dataset_json(file, nullptr, &problems, &o); },
                   [&] { return read_dataset_json(file, o); });
}

std::vector<problem> check_dataset(const dataset& ds) {
    auto problems = detail::check_table_texts(detail::table_texts(ds));
    check_territory(ds, problems);
    check_indicator_territories(ds, problems);
    return problems;
}

}  // namespace civica::io
