#pragma once
/// \file
/// civica::dataset: owns every table and keeps them consistent.

#include "civica/core/column.hpp"
#include "civica/error.hpp"
#include "civica/model/council.hpp"
#include "civica/model/detail/derived_cache.hpp"
#include "civica/model/grant.hpp"
#include "civica/model/indicator.hpp"
#include "civica/model/organization.hpp"
#include "civica/model/support.hpp"
#include "civica/model/training.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace civica {

/// Descriptive facts about a dataset (what it covers, where it came from).
struct dataset_info {
    std::string name;          ///< short machine name, e.g. "khanty-mansiysk-2020"
    std::string title;         ///< human title
    std::string territory;     ///< municipality id the dataset is about (may be empty)
    std::string description;
    std::string source;        ///< where the data came from
    std::string licence;
    bool synthetic = false;    ///< true when records are generated, not observed
    /// ISO 4217 code of the dataset's money: every amount is in hundredths of it (kopecks for
    /// "RUB", pence for "GBP").
    std::string currency = "RUB";
    friend bool operator==(const dataset_info&, const dataset_info&) = default;
};

/// The text fields of dataset_info, by the name every format gives them (a folder's
/// manifest.json, the JSON form's "info", SQLite's civica_meta keys, the store).
struct dataset_info_text {
    const char* name;
    std::string dataset_info::*member;
};
inline constexpr dataset_info_text dataset_info_texts[] = {
    {"name", &dataset_info::name},           {"title", &dataset_info::title},
    {"territory", &dataset_info::territory}, {"description", &dataset_info::description},
    {"source", &dataset_info::source},       {"licence", &dataset_info::licence}};

/// Throws validation_error ("<where>: the dataset's title holds a NUL byte (at byte 3)") unless
/// `info` is what every format can carry: each text field civica text (UTF-8 without a NUL
/// byte, text::text_value_problem, the rule of every text column) and the currency an ISO 4217
/// code (check_currency_code). Every writer that writes the description or the currency (all but
/// Popolo and the ФПГ registry, which write neither) calls it before it writes anything.
void check_info(const dataset_info& info, std::string_view where);

/// The rules of one row that need no other row: its own values (an application's enumerations,
/// money not negative, an award and a rate only on a winner, its periods in order, a rate a
/// finite number; a meeting's date and attendance; a monitoring score finite; a figure's key,
/// year and value, money in whole kopecks). Throws validation_error as dataset::add and
/// set_indicator, which run them, do. A reader that checks a file without building a dataset
/// (io::check_dataset_folder, `civica validate`) runs them on every row in which it found no
/// fault of its own, so that a broken rule is found whatever else the file holds.
void check_own_rules(const application& a);
void check_own_rules(const meeting& m);
void check_own_rules(const monitoring_record& r);
void check_own_rules(const indicator& ind);

namespace detail {
/// Rows of a small table with a unique id per row.
template <class Row>
class keyed_rows {
public:
    std::size_t size() const noexcept { return rows_.size(); }
    const Row& operator[](std::size_t i) const { return rows_[i]; }
    auto begin() const { return rows_.begin(); }
    auto end() const { return rows_.end(); }
    const std::vector<Row>& rows() const noexcept { return rows_; }
    row_index find(std::string_view id) const { return ids_.find(id); }
    /// The same, with `h` = civica::detail::hash_bytes(id) computed by the caller, who may have
    /// asked for its slot ahead with prefetch(h) (for lookups of many ids in a row).
    row_index find(std::string_view id, std::uint64_t h) const { return ids_.find(id, h); }
    void prefetch(std::uint64_t h) const noexcept { ids_.prefetch(h); }
    void prefetch_entry(std::uint64_t h) const noexcept { ids_.prefetch_entry(h); }
    bool contains(std::string_view id) const { return ids_.contains(id); }
    bool contains(std::string_view id, std::uint64_t h) const { return ids_.find(id, h) != no_row; }
    friend bool operator==(const keyed_rows& a, const keyed_rows& b) { return a.rows_ == b.rows_; }

    // Used by civica::dataset only.
    bool insert(Row r) {
        if (!ids_.insert(r.id.str())) return false;
        rows_.push_back(std::move(r));
        return true;
    }
    void reserve(std::size_t n) {
        rows_.reserve(rows_.size() + n);
        ids_.reserve(n);
    }
    // The bulk form of insert: index each row's id in order (false for an id present), then
    // append the rows. When the table has no rows yet the vector itself is taken, so a large
    // load moves no row and touches no second copy of the rows' memory.
    void reserve_ids(std::size_t n) { ids_.reserve(n); }
    bool index_id(std::string_view id) { return ids_.insert(id); }
    bool index_id(std::string_view id, std::uint64_t h) { return ids_.insert(id, h); }
    void append(std::vector<Row>&& rows) {
        if (rows_.empty()) {
            rows_ = std::move(rows);
            return;
        }
        rows_.reserve(rows_.size() + rows.size());
        std::move(rows.begin(), rows.end(), std::back_inserter(rows_));
    }
    void truncate(std::size_t n) {
        ids_.truncate(n);
        if (rows_.size() > n) rows_.resize(n);
    }

private:
    std::vector<Row> rows_;
    id_index ids_;
};
}  // namespace detail

namespace detail {
struct application_columns;
struct refusals;
struct dataset_loader;
struct derived_access;
}  // namespace detail

/// A dataset: municipalities, organisations, persons, grant programmes and applications,
/// courses and enrolments, collegial bodies with meetings and agenda questions, resource-centre
/// services, monitoring, and published indicators.
///
/// Every `add` validates its row against the rules of the domain and the rows already present
/// (references must point at existing rows, identifiers must pass their checksums, money must
/// not be negative, awarded money only for winners, periods must not end before they start,
/// text must be UTF-8 without a NUL byte: text::text_value_problem) and throws civica::validation_error without changing the dataset when a rule is broken.
/// Add referenced rows first: municipalities, organisations and persons, then operators,
/// programmes, competitions, applications, and so on.
///
/// Thread safety: const member functions may be called from many threads at once; adding rows
/// needs exclusive access.
class dataset {
public:
    dataset() = default;

    dataset_info& info() noexcept { return info_; }
    const dataset_info& info() const noexcept { return info_; }

    // ---- adding rows (validated; the dataset is unchanged when one throws) ----
    void add(const municipality& m);
    void add(const organization& o);
    void add(const person& p);
    void add(const grant_operator& g);
    void add(const programme& p);
    void add(const competition& c);
    void add(const application& a);
    void add(const course& c);
    void add(const enrolment& e);
    void add(const collegial_body& b);
    void add(const membership_term& t);
    void add(const meeting& m);
    void add(const agenda_question& q);
    void add(const support_service& s);
    void add(const monitoring_record& r);
    /// Adds or replaces the figure with the same key, year, territory and breakdown, the
    /// territories compared as resolve_territory() resolves them: a figure set without a
    /// territory replaces the one for the dataset's own territory, and the other way round.
    /// An empty unit is filled from the key's default unit (default_unit), "count" for a key
    /// civica does not know.
    void set_indicator(indicator ind);

    /// Adds many rows at once, all or nothing: on the first failure every row added by this
    /// call is removed again and the error is rethrown.
    template <class Range>
    void add_all(const Range& rows);

    // ---- tables ----
    const detail::keyed_rows<municipality>& municipalities() const noexcept { return municipalities_; }
    const detail::keyed_rows<organization>& organizations() const noexcept { return organizations_; }
    /// The municipality row of each organisation (no_row when it names none), in
    /// organisation row order: the reference as a row index, as the application table keeps
    /// its competition and applicant.
    const std::vector<row_index>& organization_municipality() const noexcept { return org_municipality_; }
    const detail::keyed_rows<person>& persons() const noexcept { return persons_; }
    const detail::keyed_rows<grant_operator>& operators() const noexcept { return operators_; }
    const detail::keyed_rows<programme>& programmes() const noexcept { return programmes_; }
    const detail::keyed_rows<competition>& competitions() const noexcept { return competitions_; }
    const application_table& applications() const noexcept { return applications_; }
    const detail::keyed_rows<course>& courses() const noexcept { return courses_; }
    const enrolment_table& enrolments() const noexcept { return enrolments_; }
    const detail::keyed_rows<collegial_body>& bodies() const noexcept { return bodies_; }
    const std::vector<membership_term>& membership_terms() const noexcept { return terms_; }
    const detail::keyed_rows<meeting>& meetings() const noexcept { return meetings_; }
    const agenda_table& agenda_questions() const noexcept { return agenda_; }
    const service_table& services() const noexcept { return services_; }
    const std::vector<monitoring_record>& monitoring() const noexcept { return monitoring_; }
    const std::vector<indicator>& indicators() const noexcept { return indicators_; }

    // ---- row views of the columnar tables ----
    application application_at(std::size_t row) const;
    enrolment enrolment_at(std::size_t row) const;
    agenda_question agenda_question_at(std::size_t row) const;
    support_service service_at(std::size_t row) const;

    // ---- look-ups (throw not_found_error naming the id) ----
    const municipality& get(const municipality_id& id) const;
    const organization& get(const organization_id& id) const;
    const person& get(const person_id& id) const;
    const competition& get(const competition_id& id) const;
    const programme& get(const programme_id& id) const;
    const collegial_body& get(const body_id& id) const;

    /// The municipality id a territory reference means. The one rule for an omitted or named
    /// territory, used by the indicator look-ups, the analyses and the report: empty means the
    /// dataset's own territory (info().territory), a municipality's name (else its English
    /// name, name_en) means its id, and anything else (an id, a name the dataset does not
    /// know) is taken as written.
    std::string resolve_territory(std::string_view territory) const;
    /// True when the dataset knows the territory `territory` means (resolve_territory): none
    /// (empty), the dataset's own, a municipality, or the territory of a published figure.
    bool knows_territory(std::string_view territory) const;
    /// resolve_territory of a territory someone names: not_found_error, listing the
    /// municipalities, when the dataset does not know it (a misspelt id or name).
    std::string require_territory(std::string_view territory) const;

    /// The published figure for key/year/territory/breakdown, or nullptr. Territories are
    /// compared as resolve_territory() resolves them, so an empty territory finds the figure of
    /// the dataset's own territory and a figure without territory is the own territory's; when
    /// several figures resolve alike, the one whose territory is written as asked comes first.
    const indicator* find_indicator(std::string_view key, int year, std::string_view territory = {},
                                    std::string_view breakdown = {}) const;
    /// Like find_indicator but throws not_found_error listing what the dataset has for the key.
    const indicator& get_indicator(std::string_view key, int year, std::string_view territory = {},
                                   std::string_view breakdown = {}) const;

    /// Total rows over all tables (for summaries).
    std::size_t total_rows() const noexcept;
    /// Sorted distinct years that occur anywhere (competitions, meetings, indicators, courses).
    std::vector<int> years() const;

    friend bool operator==(const dataset& a, const dataset& b);

private:
    // The bulk loads of readers, reached through detail::dataset_loader
    // (civica/model/detail/bulk_load.hpp): not part of the public API.
    friend struct detail::dataset_loader;
    // Facts derived from the rows for the analyses (civica/model/detail/derived_access.hpp),
    // cleared by every mutator.
    friend struct detail::derived_access;
    void reserve_applications(std::size_t more);
    void add_applications(const detail::application_columns& c, std::size_t* bad_row,
                          detail::refusals* refused);
    void add_organizations(std::vector<organization> rows, std::size_t* bad_row);
    void adopt(application_table&& t);
    void adopt(enrolment_table&& t);
    void adopt(agenda_table&& t);
    void adopt(service_table&& t);

    struct checkpoint;
    checkpoint mark() const;
    void rollback(const checkpoint& c);
    // The municipality row (no_row if none); `h` = civica::detail::hash_bytes(o.id.str()).
    row_index check(const organization& o, std::uint64_t h) const;
    struct bulk_codes { std::vector<std::int32_t> title, direction; };
    void add_application_row(const detail::application_columns& c, std::size_t i, const bulk_codes& codes);

    // One published figure is one key, year, breakdown and territory as resolve_territory
    // resolves it (figure_key): the identity set_indicator replaces by and find_indicator finds by.
    std::string figure_identity(std::string_view key, int year, std::string_view territory,
                                std::string_view breakdown) const;
    // Where each figure is in indicators_, by identity, so that setting or finding one does not
    // compare it with every figure held. Kept by set_indicator; made again by it when the
    // municipalities or the dataset's territory changed since (a territory may then resolve to
    // another id). Two figures that came to share an identity so are merged by the next
    // set_indicator of it; until none is left, find_indicator compares as without the index.
    void index_figures();
    // Made for the figures, municipalities and territory held (a moved-from dataset's index,
    // which may not be emptied, counts other figures).
    bool figure_index_current() const noexcept {
        return figure_index_fresh_ && figure_index_.size() + figure_index_merges_ == indicators_.size() &&
               figure_index_territory_ == info_.territory;
    }
    bool figure_index_usable() const noexcept { return figure_index_current() && figure_index_merges_ == 0; }

    dataset_info info_;
    detail::keyed_rows<municipality> municipalities_;
    detail::keyed_rows<organization> organizations_;
    std::vector<row_index> org_municipality_;  // per organisation row
    detail::keyed_rows<person> persons_;
    detail::keyed_rows<grant_operator> operators_;
    detail::keyed_rows<programme> programmes_;
    detail::keyed_rows<competition> competitions_;
    application_table applications_;
    detail::keyed_rows<course> courses_;
    enrolment_table enrolments_;
    detail::keyed_rows<collegial_body> bodies_;
    std::vector<membership_term> terms_;
    detail::keyed_rows<meeting> meetings_;
    agenda_table agenda_;
    service_table services_;
    std::vector<monitoring_record> monitoring_;
    std::vector<indicator> indicators_;
    std::unordered_map<std::string, std::size_t> figure_index_;  // identity -> first figure of it
    bool figure_index_fresh_ = false;     // made for the municipalities held (cleared by add and rollback)
    std::size_t figure_index_merges_ = 0;  // figures held that share their identity with an earlier one
    std::string figure_index_territory_;  // info_.territory when made
    detail::derived_cache derived_;
};

/// Sizes of every table, taken before a bulk insert so it can be undone.
struct dataset::checkpoint {
    std::size_t municipalities, organizations, persons, operators, programmes, competitions,
        applications, courses, enrolments, bodies, terms, meetings, agenda, services, monitoring;
    std::vector<indicator> indicators;
};

template <class Range>
void dataset::add_all(const Range& rows) {
    const checkpoint c = mark();
    try {
        for (const auto& r : rows) add(r);
    } catch (...) {
        rollback(c);
        throw;
    }
}

}  // namespace civica
