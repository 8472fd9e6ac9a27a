#pragma once
/// \file
/// The annual public-engagement report as data: sections of statements, each statement holding
/// its figures with their provenance. Text, HTML and JSON are made from this (render.hpp).
///
///     civica::report::report_options opt;
///     opt.year = 2020;
///     civica::report::report_content r = civica::report::build(ds, opt);
///     for (const auto& s : r.sections) ...
///
/// Design notes: a figure is what the dataset publishes for its key, year and territory
/// (dataset::find_indicator, the same look-up as `ds.indicator(...)`); otherwise the value
/// civica::analysis::compute_indicator gives from the records, the one definition of every
/// figure (docs/analysis.md, "Definitions"): the report counts nothing itself. A computed
/// figure says which table and how many rows. When both exist and disagree the published
/// figure is used and the disagreement is recorded (figure::check and
/// report_content::discrepancies). A statement is made only from records and figures of the
/// dataset, never from a keyword; nothing is filled in.

#include "civica/model/dataset.hpp"
#include "civica/model/indicator.hpp"
#include "civica/report/vocabulary.hpp"  // section_ids(), the statements and their slots

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace civica::report {

/// Where a figure comes from.
enum class provenance_kind : std::uint8_t { published, computed };
std::string_view to_string(provenance_kind k);

struct provenance {
    provenance_kind kind = provenance_kind::published;
    std::string source;        ///< published: the indicator's source
    std::string table;         ///< computed: the table(s) counted, e.g. "meetings"
    std::size_t rows = 0;      ///< computed: how many rows of that table were used
    std::string method;        ///< computed: how, in a few words
};

/// A figure computed from records that was set aside because a published figure exists.
struct computed_check {
    double value = 0;
    provenance prov;
    bool agrees = true;  ///< whether the records satisfy the published value and its qualifier
};

/// One figure of a statement. `name` is its slot in the template ("meetings", "first").
struct figure {
    std::string name;
    std::string key;           ///< a key of civica::analysis::indicator_definitions()
    int year = 0;
    std::string territory;     ///< the municipality id the figure is about (empty: no territory)
    std::string breakdown;
    /// The dataset's programmes a grant figure covers (ids; those of the kinds its key's
    /// definition names); empty for other figures.
    std::vector<std::string> programmes;
    double value = 0;
    qualifier qual = qualifier::exact;
    std::string unit;          ///< "count", a currency code ("RUB", the dataset's for records), "rank", "percent", "year"
    provenance prov;
    std::optional<computed_check> check;  ///< the records' figure when a published one is used
};

/// An element of a list inside a statement (a course with its participants, a kind of support).
struct list_item {
    std::vector<figure> figures;
    std::map<std::string, std::string> texts;
};

/// One statement of the report. `id` selects its wording in the template; the model picks
/// the variant that the data supports (e.g. "grants.winners_growth" only when the number of
/// winners grew every year, else "grants.winners_change").
struct statement {
    std::string id;
    std::vector<figure> figures;
    std::map<std::string, std::string> texts;            ///< names, titles, flags
    std::map<std::string, std::vector<list_item>> lists;

    const figure* find(std::string_view name) const;
};

/// A section in the order of the source document. `missing` sections have no statements and
/// are kept only when report_options::show_missing is set.
struct section {
    std::string id;  ///< councils, resource_centre, training, ngo, grants, municipal_grants, individuals
    std::vector<statement> statements;
    bool missing = false;
};

/// A published figure that the records contradict.
struct discrepancy {
    std::string key;
    int year = 0;
    std::string breakdown;
    double published = 0;
    qualifier qual = qualifier::exact;
    double computed = 0;
    provenance computed_from;
    std::string unit;  ///< of both figures: "count", a currency code ("GBP" for a dataset in pounds)…
};

/// Data for the charts of the HTML report.
struct chart_point {
    std::string label;
    std::string label_en;  ///< the label in English when the data gives it (a municipality's name_en)
    double value = 0;
    qualifier qual = qualifier::exact;
    bool highlight = false;
};
struct chart {
    std::string id;      ///< winners_by_year, meetings_by_month, ranking
    std::string section; ///< section after which it is shown
    std::vector<chart_point> points;
    std::string x_unit;  ///< year, month, municipality
};

struct report_options {
    int year = 0;                ///< 0 = the latest year with figures in the dataset
    std::string territory;       ///< municipality id or name; empty = the dataset's territory
    bool show_missing = false;   ///< keep sections without data, saying the data is missing
    bool growth_rate = false;    ///< add the compound annual growth rate to trends
    /// Print the analysts' notes in the text: the published figures the records contradict
    /// (the reconciliation). The public text has none; the content (and JSON) always lists
    /// the discrepancies.
    bool notes = false;
};

/// The report's content.
struct report_content {
    std::string dataset_name;
    std::string dataset_title;  ///< the dataset's title: the report's title when it has no territory
    bool synthetic = false;
    int year = 0;
    std::string territory;         ///< municipality id used for indicators and records
    std::string territory_name;    ///< its name (nominative) when the dataset has it
    std::string territory_name_genitive;      ///< after «города» when the dataset gives it
    std::string territory_name_prepositional; ///< after «в городе» when the dataset gives it
    std::string territory_name_en;            ///< in English when the dataset gives it
    std::string region;            ///< the municipality's region, when known
    /// The grant programmes the grants section covers, for its wording (the global slots
    /// presidential_grants and governor_grants): the kinds of the dataset's programmes that
    /// grants.winners counts, or both when the dataset records no such programme (a published
    /// figure, as the source document's, covers both).
    bool presidential_grants = true;
    bool governor_grants = true;
    std::vector<section> sections;
    std::vector<discrepancy> discrepancies;
    std::vector<chart> charts;
    /// Statements whose figures were counted from records, and how (for the report's notes).
    bool uses_records = false;
    bool notes = false;            ///< report_options::notes: the text carries the analysts' notes
    /// report_options::show_missing: a section none of whose statements the template can word
    /// from the data is printed with the `missing` label too, not left out.
    bool show_missing = false;
    /// Names of the programmes the figures cover, by programme id (for the JSON provenance).
    std::map<std::string, std::pair<std::string, std::string>> programmes;  ///< id -> (name, kind)
};

/// Builds the report's content for `opt.year` and `opt.territory`.
/// Throws not_found_error when the territory is named but unknown to the dataset and no
/// indicator mentions it, and validation_error when no year is given and the dataset has none.
report_content build(const dataset& ds, const report_options& opt);

}  // namespace civica::report
