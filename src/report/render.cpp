// The report in Markdown, plain text, HTML (inline CSS and SVG) and JSON.
#include "civica/report/render.hpp"

#include "civica/analysis/trend.hpp"
#include "civica/error.hpp"
#include "civica/text/escape.hpp"
#include "civica/text/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <tuple>
#include <utility>

namespace civica::report {

namespace an = civica::analysis;

using text::html_escape;
using text::markdown_escape;

std::string_view to_string(output_format f) {
    switch (f) {
        case output_format::markdown: return "md";
        case output_format::text: return "txt";
        case output_format::html: return "html";
        case output_format::json: return "json";
    }
    return "md";
}

output_format parse_output_format(std::string_view s) {
    if (s == "md" || s == "markdown") return output_format::markdown;
    if (s == "txt" || s == "text") return output_format::text;
    if (s == "html" || s == "htm") return output_format::html;
    if (s == "json") return output_format::json;
    throw parse_error("unknown report format \"" + std::string(s) + "\" (use md, txt, html or json)");
}

namespace {

using json = nlohmann::ordered_json;  // keys in the order written: id before figures

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::string fmt(double v, int decimals = 1) {
    std::ostringstream ss;
    ss.setf(std::ios::fixed);
    ss.precision(decimals);
    ss << v;
    return ss.str();
}

struct rendered_section {
    std::string id;
    std::string heading;
    std::vector<std::string> statements;
    bool missing = false;
};

struct rendered_report {
    std::string title, subtitle;
    std::vector<rendered_section> sections;
    std::vector<std::string> notes;
};

statement discrepancy_values(const discrepancy& d) {
    statement s;
    figure pub;
    pub.name = "published";
    pub.key = d.key;
    pub.year = d.year;
    pub.value = d.published;
    pub.qual = d.qual;
    pub.unit = !d.unit.empty() ? d.unit : std::string(default_unit(d.key));  // before: always the key's (RUB)
    if (pub.unit.empty()) pub.unit = "count";
    figure comp = pub;
    comp.name = "computed";
    comp.value = d.computed;
    comp.qual = qualifier::exact;
    figure rows;
    rows.name = "rows";
    rows.value = static_cast<double>(d.computed_from.rows);
    rows.unit = "count";
    s.figures = {pub, comp, rows};
    s.texts["key"] = d.key;
    s.texts["table"] = d.computed_from.table;
    if (!d.breakdown.empty()) s.texts["breakdown"] = d.breakdown;
    s.texts["figure_year"] = std::to_string(d.year);
    return s;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// The report's title in every format: the template's; without its data (a dataset without a
// territory) or without @title, the dataset's title, or its name when the title is blank (a
// registry's "presidential-grants-fund" is an identifier); empty when the dataset has none of
// them (report_headings then heads the report with its subtitle).
std::string report_title(const report_content& r, const report_template& t,
                         const std::map<std::string, std::string>& g, const text_sink& sink) {
    if (auto title = render_text(t, t.title, statement{}, g, sink); title && !blank(*title)) return *title;
    const bool titled = !blank(r.dataset_title);
    return sink.data(!r.territory_name.empty() ? r.territory_name : titled ? r.dataset_title : r.dataset_name);
}

// The report's title and subtitle in every format: report_title and the template's @subtitle;
// for a dataset with no territory, title or name, the subtitle is the title (not an empty one).
std::pair<std::string, std::string> report_headings(const report_content& r, const report_template& t,
                                                    const std::map<std::string, std::string>& g, const text_sink& sink) {
    std::string title = report_title(r, t, g, sink);
    std::string subtitle = render_text(t, t.subtitle, statement{}, g, sink).value_or("");
    if (blank(title)) return {std::move(subtitle), std::string()};
    return {std::move(title), std::move(subtitle)};
}

rendered_report assemble(const report_content& r, const report_template& t, const text_sink& sink) {
    rendered_report out;
    const auto g = global_values(r, t);
    const statement none;
    std::tie(out.title, out.subtitle) = report_headings(r, t, g, sink);
    for (const auto& ts : t.sections) {
        auto it = std::find_if(r.sections.begin(), r.sections.end(),
                               [&](const section& s) { return s.id == ts.id; });
        if (it == r.sections.end()) continue;
        rendered_section rs{ts.id, render_text(t, ts.heading, none, g, sink).value_or(""), {}, it->missing};
        if (it->missing) {
            rs.statements.push_back(render_text(t, t.label("missing", "—"), none, g, sink).value_or(""));
            out.sections.push_back(std::move(rs));
            continue;
        }
        for (const auto& wording : ts.statements)
            for (const auto& st : it->statements)
                if (st.id == wording.id)
                    if (auto s = render_statement(t, st, g, sink)) rs.statements.push_back(*s);
        if (rs.statements.empty() && r.show_missing) {
            // Figures the template cannot word from this data (a dataset without a territory):
            // with show_missing the section says so, in the words of the `unworded` label (a
            // template without one says `missing`), not that the data is missing: it is not.
            rs.missing = true;
            rs.statements.push_back(
                render_text(t, t.label("unworded", t.label("missing", "—")), none, g, sink).value_or(""));
        }
        if (!rs.statements.empty()) out.sections.push_back(std::move(rs));
    }
    // The reconciliation's notes are for analysts: only when asked for (report_options::notes).
    // Where the figures come from, and that the data are synthetic, is said to every reader.
    if (r.notes)
        for (const auto& d : r.discrepancies) {
            const statement v = discrepancy_values(d);
            if (auto s = render_text(t, t.label("discrepancy", "{key} {figure_year}: {published} / {computed}"), v, g,
                                     sink))
                out.notes.push_back(*s);
        }
    if (r.uses_records)
        if (auto s = render_text(t, t.label("computed_note"), none, g, sink); s && !s->empty())
            out.notes.push_back(*s);
    if (r.synthetic)
        if (auto s = render_text(t, t.label("synthetic_note"), none, g, sink); s && !s->empty())
            out.notes.push_back(*s);
    return out;
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += sep;
        out += v[i];
    }
    return out;
}

std::string render_markdown(const report_content& r, const report_template& t) {
    const text_sink sink{[](std::string_view s) { return markdown_escape(s); },
                         [](std::string_view s) { return std::string(s); }};
    const auto rr = assemble(r, t, sink);
    std::string out = "# " + rr.title + "\n\n";
    if (!rr.subtitle.empty()) out += "**" + rr.subtitle + "**\n\n";
    for (const auto& s : rr.sections) {
        if (!s.heading.empty()) out += "## " + s.heading + "\n\n";
        out += (s.missing ? "_" + join(s.statements, " ") + "_" : join(s.statements, " ")) + "\n\n";
    }
    if (!rr.notes.empty()) {
        out += "---\n\n";
        const std::string h = t.label("notes_heading");
        if (!h.empty()) out += "### " + h + "\n\n";
        for (const auto& n : rr.notes) out += "- " + n + "\n";
        out += "\n";
    }
    return out;
}

std::string render_text_format(const report_content& r, const report_template& t) {
    const auto rr = assemble(r, t, plain_sink());
    std::string out = rr.title + "\n" + std::string(utf8_length(rr.title), '=') + "\n\n";
    if (!rr.subtitle.empty()) out += rr.subtitle + "\n\n";
    for (const auto& s : rr.sections) {
        if (!s.heading.empty()) out += s.heading + "\n" + std::string(utf8_length(s.heading), '-') + "\n\n";
        out += join(s.statements, " ") + "\n\n";
    }
    if (!rr.notes.empty()) {
        const std::string h = t.label("notes_heading");
        if (!h.empty()) out += h + "\n" + std::string(utf8_length(h), '-') + "\n\n";
        for (const auto& n : rr.notes) out += "* " + n + "\n";
        out += "\n";
    }
    return out;
}

// ------------------------------------------------------------------ SVG charts

std::vector<std::string> month_names(const report_template& t) {
    std::vector<std::string> m;
    std::string all = t.label("months", "1,2,3,4,5,6,7,8,9,10,11,12");
    std::size_t start = 0;
    for (std::size_t i = 0; i <= all.size(); ++i)
        if (i == all.size() || all[i] == ',') {
            std::string x = all.substr(start, i - start);
            while (!x.empty() && x.front() == ' ') x.erase(x.begin());
            m.push_back(x);
            start = i + 1;
        }
    while (m.size() < 12) m.push_back(std::to_string(m.size() + 1));
    return m;
}

// A caption as lines that fit `width` pixels at 14 px bold, broken at spaces. A character is
// taken as 10.5 px: wider than the average bold letter of Arial, Liberation Sans or DejaVu Sans
// (whichever the browser has), so a line never runs past the edge.
std::vector<std::string> caption_lines(std::string_view caption, double width) {
    const auto max_chars = static_cast<std::size_t>(width / 10.5);
    std::vector<std::string> lines;
    std::string line;
    std::size_t line_chars = 0;
    for (const std::string_view word : text::split(caption, ' ')) {
        const std::size_t n = utf8_length(word);
        if (!line.empty() && line_chars + 1 + n > max_chars) {
            lines.push_back(line);
            line.clear();
            line_chars = 0;
        }
        if (!line.empty()) {
            line += ' ';
            ++line_chars;
        }
        line += word;
        line_chars += n;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

// The caption at x, its first baseline at y = 20, one line every 18 px; returns the height
// the caption takes.
double svg_caption(std::ostringstream& s, const std::string& caption, double x, double width) {
    const auto lines = caption_lines(caption, width);
    s << "<text x=\"" << fmt(x) << "\" y=\"20\" class=\"caption\">";
    for (std::size_t i = 0; i < lines.size(); ++i)
        s << "<tspan x=\"" << fmt(x) << "\" dy=\"" << (i == 0 ? "0" : "18") << "\">" << html_escape(lines[i])
          << "</tspan>";
    s << "</text>";
    return 18.0 * static_cast<double>(std::max<std::size_t>(lines.size(), 1));
}

const std::string& point_label(const chart_point& p, const report_template& t) {
    return t.lang == language::en && !p.label_en.empty() ? p.label_en : p.label;
}

std::string svg_bars(const chart& c, const report_template& t, bool trend) {
    const std::string caption = t.label("chart." + c.id, c.id);
    const double W = 640, left = 48, right = 16, bottom = 40;
    const double top = 34 + 18.0 * static_cast<double>(caption_lines(caption, W - 16).size());
    const double H = top + 218 + bottom;
    const double pw = W - left - right, ph = H - top - bottom;
    double maxv = 0;
    for (const auto& p : c.points) maxv = std::max(maxv, p.value);
    if (maxv <= 0) maxv = 1;
    // Bars by year stand at their year: a year without a figure is a gap, not a neighbour
    // (2017, 2019 and 2020 are not equally spaced). Other charts put the bars side by side.
    std::vector<double> at(c.points.size());
    for (std::size_t i = 0; i < c.points.size(); ++i) at[i] = static_cast<double>(i);
    if (c.x_unit == "year" && !c.points.empty()) {
        bool years = true;
        std::vector<double> ys;
        for (const auto& p : c.points) {
            char* end = nullptr;
            const long y = std::strtol(p.label.c_str(), &end, 10);
            years = years && end != p.label.c_str() && *end == '\0';
            ys.push_back(static_cast<double>(y));
        }
        // (A span far wider than the bars, decades for a few years, keeps them side by side.)
        if (years && std::is_sorted(ys.begin(), ys.end()) && ys.back() - ys.front() < 4.0 * static_cast<double>(ys.size()) + 8)
            for (std::size_t i = 0; i < ys.size(); ++i) at[i] = ys[i] - ys.front();
    }
    const double n = at.empty() ? 1.0 : at.back() + 1.0;
    const double slot = pw / n, bw = slot * 0.6;
    const language l = t.lang;
    std::vector<std::string> months = c.x_unit == "month" ? month_names(t) : std::vector<std::string>{};
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-" << html_escape(c.id)
      << "\" viewBox=\"0 0 " << W << ' ' << H << "\" width=\"" << W << "\" height=\"" << H
      << "\" role=\"img\">";
    s << "<title>" << html_escape(caption) << "</title>";
    svg_caption(s, caption, 8, W - 16);
    s << "<line x1=\"" << left << "\" y1=\"" << top + ph << "\" x2=\"" << W - right << "\" y2=\""
      << top + ph << "\" class=\"axis\"/>";
    for (std::size_t i = 0; i < c.points.size(); ++i) {
        const auto& p = c.points[i];
        const double h = p.value / maxv * ph;
        const double x = left + slot * at[i] + (slot - bw) / 2;
        std::string label = point_label(p, t);
        if (!months.empty()) {
            const int m = std::atoi(p.label.c_str());
            if (m >= 1 && m <= 12) label = months[static_cast<std::size_t>(m - 1)];
        }
        s << "<rect class=\"bar" << (p.highlight ? " highlight" : "") << "\" x=\"" << fmt(x) << "\" y=\""
          << fmt(top + ph - h) << "\" width=\"" << fmt(bw) << "\" height=\"" << fmt(h) << "\"><title>"
          << html_escape(label) << ": " << html_escape(format_count(p.value, p.qual, l)) << "</title></rect>";
        s << "<text class=\"value\" x=\"" << fmt(x + bw / 2) << "\" y=\"" << fmt(top + ph - h - 4)
          << "\" text-anchor=\"middle\">" << html_escape(format_count(p.value, p.qual, l))  // "более 52", as printed
          << "</text>";
        s << "<text class=\"label\" x=\"" << fmt(x + bw / 2) << "\" y=\"" << fmt(top + ph + 16)
          << "\" text-anchor=\"middle\">" << html_escape(label) << "</text>";
    }
    if (trend && c.points.size() >= 2) {
        // The least-squares line of the analysis (civica::analysis::fit_trend) over the bars'
        // positions, which for a chart by year are the years themselves.
        std::vector<double> values;
        for (const auto& p : c.points) values.push_back(p.value);
        const auto fit = an::fit_trend(at, values);
        auto px = [&](double i) { return left + slot * i + slot / 2; };
        auto py = [&](double v) { return top + ph - std::clamp(v, 0.0, maxv * 1.1) / maxv * ph; };
        s << "<line class=\"trend\" x1=\"" << fmt(px(at.front())) << "\" y1=\"" << fmt(py(fit.fitted(at.front())))
          << "\" x2=\"" << fmt(px(at.back())) << "\" y2=\"" << fmt(py(fit.fitted(at.back()))) << "\"><title>"
          << html_escape(t.label("trend", "trend")) << "</title></line>";
    }
    s << "</svg>";
    return s.str();
}

std::string svg_ranking(const chart& c, const report_template& t) {
    const std::string caption = t.label("chart." + c.id, c.id);
    const double W = 640, left = 180, right = 48, row = 24;
    const double top = 16 + 18.0 * static_cast<double>(caption_lines(caption, W - 16).size());
    const double H = top + row * static_cast<double>(c.points.size()) + 16;
    double maxv = 0;
    for (const auto& p : c.points) maxv = std::max(maxv, p.value);
    if (maxv <= 0) maxv = 1;
    const double pw = W - left - right;
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-" << html_escape(c.id)
      << "\" viewBox=\"0 0 " << W << ' ' << fmt(H, 0) << "\" width=\"" << W << "\" height=\"" << fmt(H, 0)
      << "\" role=\"img\">";
    s << "<title>" << html_escape(caption) << "</title>";
    svg_caption(s, caption, 8, W - 16);
    for (std::size_t i = 0; i < c.points.size(); ++i) {
        const auto& p = c.points[i];
        const double y = top + row * static_cast<double>(i);
        const double w = p.value / maxv * pw;
        s << "<text class=\"label\" x=\"" << fmt(left - 6) << "\" y=\"" << fmt(y + row * 0.65)
          << "\" text-anchor=\"end\">" << html_escape(point_label(p, t)) << "</text>";
        s << "<rect class=\"bar" << (p.highlight ? " highlight" : "") << "\" x=\"" << left << "\" y=\""
          << fmt(y + 3) << "\" width=\"" << fmt(w) << "\" height=\"" << fmt(row - 6) << "\"/>";
        s << "<text class=\"value\" x=\"" << fmt(left + w + 4) << "\" y=\"" << fmt(y + row * 0.65) << "\">"
          << html_escape(format_count(p.value, p.qual, t.lang)) << "</text>";
    }
    s << "</svg>";
    return s.str();
}

constexpr std::string_view css = R"(
body{font-family:"PT Serif",Georgia,"Times New Roman",serif;margin:0;background:#fff;color:#1d1d1f}
main{max-width:46rem;margin:2rem auto;padding:0 1.2rem;line-height:1.55}
h1{font-size:1.9rem;letter-spacing:.04em;margin-bottom:.2rem}
.subtitle{font-size:1.1rem;font-style:italic;color:#444;margin-top:0}
h2{font-size:1.25rem;border-bottom:1px solid #c9d3e0;padding-bottom:.2rem;margin-top:2rem}
p{text-align:left}
.missing{color:#777;font-style:italic}
figure{margin:1.2rem 0}
svg.chart{max-width:100%;height:auto;font-family:Arial,Helvetica,sans-serif;font-size:12px}
svg .bar{fill:#4a78b5}
svg .bar.highlight{fill:#d9822b}
svg .trend{stroke:#b3261e;stroke-width:2;stroke-dasharray:6 4}
svg .axis{stroke:#555;stroke-width:1}
svg .caption{font-size:14px;font-weight:bold;fill:#1d1d1f}
svg .value{fill:#1d1d1f}
svg .label{fill:#444}
.notes{margin-top:2.5rem;font-size:.9rem;color:#333;border-top:1px solid #ccc}
)";

std::string render_html(const report_content& r, const report_template& t) {
    const text_sink sink{[](std::string_view s) { return html_escape(s); },
                         [](std::string_view s) { return html_escape(s); }};
    const auto rr = assemble(r, t, sink);
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"" << to_string(t.lang) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"civica report\">\n"
      << "<title>" << rr.title << (rr.subtitle.empty() ? "" : " — " + rr.subtitle) << "</title>\n"
      << "<style>" << css << "</style>\n</head>\n<body>\n<main>\n"
      << "<h1>" << rr.title << "</h1>\n";
    if (!rr.subtitle.empty()) o << "<p class=\"subtitle\">" << rr.subtitle << "</p>\n";
    for (const auto& s : rr.sections) {
        o << "<section id=\"" << html_escape(s.id) << "\">\n";
        if (!s.heading.empty()) o << "<h2>" << s.heading << "</h2>\n";
        o << "<p" << (s.missing ? " class=\"missing\"" : "") << ">" << join(s.statements, " ") << "</p>\n";
        for (const auto& c : r.charts) {
            if (c.section != s.id || s.missing) continue;
            o << "<figure>" << svg_chart(c, t) << "</figure>\n";
        }
        o << "</section>\n";
    }
    if (!rr.notes.empty()) {
        o << "<aside class=\"notes\">\n";
        const std::string h = t.label("notes_heading");
        if (!h.empty()) o << "<h3>" << html_escape(h) << "</h3>\n";
        o << "<ul>\n";
        for (const auto& n : rr.notes) o << "<li>" << n << "</li>\n";
        o << "</ul>\n</aside>\n";
    }
    o << "</main>\n</body>\n</html>\n";
    return o.str();
}

json figure_json(const figure& f, const report_content& r, const report_template* t) {
    json j;
    j["name"] = f.name;
    j["key"] = f.key;
    // The template's word for the key (its @term), as a figures table heads the figure's row.
    if (t)
        if (auto it = t->terms.find(f.key); it != t->terms.end()) j["label"] = it->second;
    j["year"] = f.year;
    j["territory"] = f.territory;
    if (!f.breakdown.empty()) j["breakdown"] = f.breakdown;
    if (!f.programmes.empty()) {
        j["programmes"] = json::array();
        for (const auto& id : f.programmes) {
            json p{{"id", id}};
            if (auto it = r.programmes.find(id); it != r.programmes.end()) {
                p["name"] = it->second.first;
                p["kind"] = it->second.second;
            }
            j["programmes"].push_back(p);
        }
    }
    if (std::floor(f.value) == f.value && std::fabs(f.value) < 9e15)
        j["value"] = static_cast<std::int64_t>(f.value);
    else
        j["value"] = f.value;
    j["qualifier"] = std::string(to_string(f.qual));
    j["unit"] = f.unit;
    auto prov = [](const provenance& p) {
        json pj;
        pj["kind"] = std::string(to_string(p.kind));
        if (p.kind == provenance_kind::published) {
            pj["source"] = p.source;
        } else {
            pj["table"] = p.table;
            pj["rows"] = p.rows;
            pj["method"] = p.method;
        }
        return pj;
    };
    j["provenance"] = prov(f.prov);
    if (f.check) {
        j["records"] = {{"value", f.check->value}, {"agrees", f.check->agrees}, {"provenance", prov(f.check->prov)}};
    }
    return j;
}

}  // namespace

std::string svg_chart(const chart& c, const report_template& t) {
    if (c.id == "ranking") return svg_ranking(c, t);
    return svg_bars(c, t, c.id == "winners_by_year");
}

std::string to_json(const report_content& r, const report_template* t) {
    json j;
    j["format"] = "civica-report";
    j["version"] = 1;
    j["dataset"] = r.dataset_name;
    j["synthetic"] = r.synthetic;
    j["year"] = r.year;
    j["territory"] = r.territory;
    if (!r.territory_name.empty()) j["territory_name"] = r.territory_name;
    if (!r.territory_name_genitive.empty()) j["territory_name_genitive"] = r.territory_name_genitive;
    if (!r.territory_name_prepositional.empty()) j["territory_name_prepositional"] = r.territory_name_prepositional;
    if (!r.territory_name_en.empty()) j["territory_name_en"] = r.territory_name_en;
    if (!r.region.empty()) j["region"] = r.region;
    std::map<std::string, std::string> g;
    const statement none;
    if (t) {
        j["language"] = std::string(to_string(t->lang));
        g = global_values(r, *t);
        const auto [title, subtitle] = report_headings(r, *t, g, plain_sink());
        j["title"] = title;
        j["subtitle"] = subtitle;
    }
    j["sections"] = json::array();
    for (const auto& s : r.sections) {
        json sj;
        sj["id"] = s.id;
        sj["missing"] = s.missing;
        if (t)
            for (const auto& ts : t->sections)
                if (ts.id == s.id) sj["heading"] = render_text(*t, ts.heading, none, g, plain_sink()).value_or("");
        sj["statements"] = json::array();
        for (const auto& st : s.statements) {
            json stj;
            stj["id"] = st.id;
            if (t)
                if (auto text = render_statement(*t, st, g, plain_sink())) stj["text"] = *text;
            stj["figures"] = json::array();
            for (const auto& f : st.figures) stj["figures"].push_back(figure_json(f, r, t));
            if (!st.texts.empty()) stj["texts"] = st.texts;
            if (!st.lists.empty()) {
                json lj = json::object();
                for (const auto& [name, items] : st.lists) {
                    json arr = json::array();
                    for (const auto& it : items) {
                        json ij;
                        ij["figures"] = json::array();
                        for (const auto& f : it.figures) ij["figures"].push_back(figure_json(f, r, t));
                        ij["texts"] = it.texts;
                        arr.push_back(ij);
                    }
                    lj[name] = arr;
                }
                stj["lists"] = lj;
            }
            sj["statements"].push_back(stj);
        }
        j["sections"].push_back(sj);
    }
    j["discrepancies"] = json::array();
    for (const auto& d : r.discrepancies) {
        json dj{{"key", d.key}, {"year", d.year}, {"published", d.published},
                {"qualifier", std::string(to_string(d.qual))}, {"computed", d.computed},
                {"table", d.computed_from.table}, {"rows", d.computed_from.rows},
                {"method", d.computed_from.method}};
        if (!d.breakdown.empty()) dj["breakdown"] = d.breakdown;
        j["discrepancies"].push_back(dj);
    }
    j["charts"] = json::array();
    for (const auto& c : r.charts) {
        json cj{{"id", c.id}, {"section", c.section}, {"x_unit", c.x_unit}};
        cj["points"] = json::array();
        for (const auto& p : c.points)
            cj["points"].push_back({{"label", p.label}, {"label_en", p.label_en}, {"value", p.value},
                                    {"qualifier", std::string(to_string(p.qual))}, {"highlight", p.highlight}});
        j["charts"].push_back(cj);
    }
    return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render(const report_content& r, const report_template& t, output_format f) {
    switch (f) {
        case output_format::markdown: return render_markdown(r, t);
        case output_format::text: return render_text_format(r, t);
        case output_format::html: return render_html(r, t);
        case output_format::json: return to_json(r, &t);
    }
    return {};
}

std::string render(const dataset& ds, const report_options& opt, language lang, output_format f,
                   const std::filesystem::path& template_file) {
    const report_content r = build(ds, opt);
    const report_template t = template_for(lang, template_file);
    return render(r, t, f);
}

}  // namespace civica::report
