#pragma once
/// \file
/// The group-by engine under the grant analyses: one pass over the columnar application table,
/// grouping by any combination of dimensions and adding up integer totals.
///
/// Everything a group holds is a count, a kopeck sum, or a list of values (the awarded amounts,
/// the distinct applicants), so partial results from row ranges of a table — or from different
/// datasets — `merge()` into exactly what one pass over everything gives. Medians need the
/// values, so the awarded amounts of winners are kept (one 8-byte integer per winner).
///
///     using namespace civica::analysis;
///     auto g = group_applications(ds, {dimension::year, dimension::municipality});
///     for (const auto& grp : g.groups())
///         std::cout << grp.key[0] << " " << grp.label[1] << " " << grp.totals.winners() << "\n";
///
///     auto a = group_applications(ds, {dimension::year}, {}, 0, n / 2);   // first half
///     a.merge(group_applications(ds, {dimension::year}, {}, n / 2));       // + second half

#include "civica/analysis/series.hpp"
#include "civica/model/grant.hpp"
#include "civica/text/text.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace civica {
class dataset;
}

namespace civica::analysis {

/// What applications can be grouped by. Keys are ids or codes; labels are what to print.
enum class dimension : std::uint8_t {
    year,            ///< the competition's year (key "2020")
    programme,       ///< the programme's id (label: its name)
    programme_kind,  ///< presidential_grants, governor_ngo, governor_individual, …
    grant_operator,  ///< the operator's id (label: its name)
    competition,     ///< the competition's id (label: its name, else the id)
    direction,       ///< the application's direction (направление) as written; "" when none
    municipality,    ///< the applicant's municipality id (label: its name); "" when unknown
    applicant_kind,  ///< organization or person
    legal_form,      ///< the organisation's ОКОПФ code ("0" unknown; "person" for individuals)
    applicant,       ///< the applicant's id in its table (organisations or persons; label: the name)
    status,          ///< submitted, admitted, rejected, winner, withdrawn
    region,          ///< the region of the applicant's municipality (municipality::region); "" when unknown
};
std::string_view to_string(dimension d);
/// Every dimension, in the order of their names' list (year … status, region).
std::span<const dimension> all_dimensions();
/// Parses the names printed by to_string ("year", "programme_kind", …); throws
/// validation_error listing them and naming the closest one.
dimension parse_dimension(std::string_view s);

/// Which applications to look at: one list of keys per dimension (the keys the groups of that
/// dimension have). Every empty list means "all".
struct application_filter {
    std::vector<int> years;                        ///< competition years
    std::vector<programme_kind> programme_kinds;
    std::vector<std::string> programmes;           ///< programme ids
    std::vector<std::string> operators;            ///< grant operator ids
    std::vector<std::string> competitions;         ///< competition ids
    std::vector<std::string> municipalities;       ///< the applicant's municipality ids ("" = none)
    std::vector<std::string> regions;              ///< the applicant's region ("" = none)
    std::vector<std::string> directions;
    std::vector<application_status> statuses;
    std::optional<applicant_kind> applicant_type;
    std::vector<std::string> legal_forms;          ///< ОКОПФ codes as text ("0" unknown), "person"
    std::vector<std::string> applicants;           ///< applicant ids (organisations' or persons')

    /// Adds the keys of dimension `d` to the filter, as the groups of `d` print them ("2020",
    /// "presidential_grants", an id, "organization", "20200"…). Throws validation_error for a
    /// key the dimension cannot have (a year that is not a number, an unknown status…) and
    /// for an empty list of keys (which would otherwise mean no filter at all).
    void add(dimension d, std::span<const std::string> keys);
};

/// The key `key` of filter dimension `d` as `ds` knows it: an id of its table (a municipality
/// may be given by its name, as territories are: dataset::resolve_territory), a region of its
/// municipalities (written another way, in letter case, spaces or dashes, it is the one region
/// so written: text::loose_name_key, as the ФПГ reader reads regions), a direction of its applications, an ОКОПФ code (five digits, "0" for none
/// known, "person"); "" (none) where the dimension has it. Throws validation_error naming the
/// filter and the closest key the dataset has ("filter municipality: \"khanty-mansiyskk\" is
/// not in the dataset; did you mean \"khanty-mansiysk\"?"): a misspelt key would select no
/// application and give an empty result. Keys of other dimensions come back as given (their
/// codes are checked by application_filter::add).
std::string known_filter_key(const dataset& ds, dimension d, const std::string& key);

/// Throws validation_error when applicant id `key` is the id of an organisation and of a person
/// of `ds` (two applicants) and `kind` does not say which one a filter means.
void require_one_applicant(const dataset& ds, const std::string& key, std::optional<applicant_kind> kind);

/// `filter` with every key checked and resolved by known_filter_key, and its applicants by
/// require_one_applicant. The analyses of a whole
/// dataset (grant_outcomes, rank_by, recipient_concentration, winners_over_time,
/// application_series, training_funnel) apply it; aggregate_applications does not, since a part
/// of a dataset (a partition) need not hold every id its filter names.
application_filter known_filter(const dataset& ds, application_filter filter);

/// One flag per application row: 1 when the row passes `filter`.
std::vector<std::uint8_t> select_applications(const dataset& ds, const application_filter& filter);

/// Integer totals of a group of applications; all sums are in kopecks.
struct application_totals {
    std::int64_t applications = 0;
    std::array<std::int64_t, 5> by_status{};       ///< indexed by application_status
    std::int64_t requested_kopecks = 0;            ///< requested by all applications (the stated requests)
    /// Requested by the winning applications (stated); not known when there are winners and
    /// winners_stated_requests is 0.
    std::int64_t winners_requested_kopecks = 0;
    std::int64_t stated_requests = 0;              ///< applications that state their request
    std::int64_t winners_stated_requests = 0;      ///< winning applications that state their request
    /// Winning applications that state their award: when fewer than the winners,
    /// awarded_kopecks is a lower bound.
    std::int64_t winners_stated_awards = 0;
    std::int64_t awarded_kopecks = 0;              ///< awarded to winners
    std::int64_t cofunding_kopecks = 0;
    std::vector<std::int64_t> awarded_values;      ///< sorted; one per winner with an amount
    std::vector<std::string> applicants;           ///< sorted distinct "organization:<id>" / "person:<id>"
    std::vector<std::string> winning_applicants;   ///< the same of the applicants that won
    int first_year = 0;                            ///< earliest competition year (0 when empty)
    int last_year = 0;                             ///< latest competition year (0 when empty)

    std::int64_t count(application_status s) const { return by_status[static_cast<std::size_t>(s)]; }
    std::int64_t winners() const { return count(application_status::winner); }
    /// Applications whose outcome is decided, winners and rejected ones: the denominator of the
    /// success rate (a withdrawn application was never judged; a submitted or admitted one is
    /// still being judged).
    std::int64_t decided() const { return count(application_status::winner) + count(application_status::rejected); }
    /// winners / decided; NaN when nothing was decided.
    double success_rate() const;
    /// Mean and median awarded amount per winner with an amount, in kopecks (NaN when none).
    double mean_award_kopecks() const;
    double median_award_kopecks() const;

    /// Adds `other` exactly (sums with an overflow check, value lists merged).
    void merge(const application_totals& other);
    friend bool operator==(const application_totals&, const application_totals&) = default;
};

/// One group: its key (one entry per dimension) and printable label.
struct application_group {
    std::vector<std::string> key;
    std::vector<std::string> label;
    application_totals totals;
};

/// The groups of one grouping, sorted by key (years numerically): a row view of the engine's
/// group_table (civica/analysis/engine.hpp) for code that wants a struct per group.
class application_groups {
public:
    application_groups() = default;
    explicit application_groups(std::vector<dimension> by) : by_(std::move(by)) {}

    const std::vector<dimension>& dimensions() const noexcept { return by_; }
    const std::vector<application_group>& groups() const noexcept { return groups_; }
    std::size_t size() const noexcept { return groups_.size(); }
    bool empty() const noexcept { return groups_.empty(); }
    /// The group with `key`, or nullptr.
    const application_group* find(std::span<const std::string> key) const;
    const application_group* find(std::initializer_list<std::string> key) const {
        return find(std::span<const std::string>(key.begin(), key.size()));
    }
    /// The totals over every group.
    application_totals total() const;
    /// Adds the groups of `other` (same dimensions, else validation_error): groups with equal
    /// keys are merged, new ones added.
    void merge(const application_groups& other);

    /// Adds `totals` to the group `key` (creating it with `label`); keeps the order.
    void add(std::vector<std::string> key, std::vector<std::string> label, const application_totals& totals);
    /// Groups from an unordered list (groups with equal keys are merged).
    static application_groups from_groups(std::vector<dimension> by, std::vector<application_group> groups);

private:
    std::vector<dimension> by_;
    std::vector<application_group> groups_;
};

/// Groups the applications of rows [first_row, last_row) that pass `filter` by `by` (which may be
/// empty: one group with everything) in one pass over the columns.
application_groups group_applications(const dataset& ds, std::span<const dimension> by,
                                      const application_filter& filter = {}, std::size_t first_row = 0,
                                      std::size_t last_row = std::numeric_limits<std::size_t>::max());
inline application_groups group_applications(const dataset& ds, std::initializer_list<dimension> by,
                                             const application_filter& filter = {}, std::size_t first_row = 0,
                                             std::size_t last_row = std::numeric_limits<std::size_t>::max()) {
    return group_applications(ds, std::span<const dimension>(by.begin(), by.size()), filter, first_row, last_row);
}

/// What to count or sum in a series built from applications.
enum class measure : std::uint8_t {
    applications,        ///< number of applications
    winners,             ///< number of winning applications (projects supported)
    applicants,          ///< distinct applicants
    winning_applicants,  ///< distinct applicants with at least one win
    requested,           ///< money requested by all applications, in hundredths of the currency
    awarded,             ///< money awarded, in hundredths of the currency
    success_rate,        ///< winners / decided (winning or rejected) applications
};
std::string_view to_string(measure m);
/// Parses the names printed by to_string; throws validation_error listing them and naming
/// the closest one.
measure parse_measure(std::string_view s);
/// The measure's value for a group (money in hundredths of the currency: kopecks for RUB).
double measure_value(const application_totals& t, measure m);
/// What the measure's value is: `at_least` for money that leaves out amounts the data does not
/// state (requested money when some applications state no request, awarded money when some
/// winners state no award: the sum is of the stated ones), else `exact`. Requested money with
/// no request stated has no value (NaN) and is `exact` in that sense.
qualifier measure_qualifier(const application_totals& t, measure m);
/// The rule measure_qualifier applies to requested money, for any sum over `rows` of which
/// `stated` state their amount (what a group's winners requested, too): `at_least` when some
/// but not all do; `exact` when all do, and when none does (the sum is then not known at all).
qualifier stated_sum_qualifier(std::int64_t rows, std::int64_t stated);
/// The unit of a measure's values: "count", "share", or for money "1/100 <currency>".
std::string measure_unit(measure m, std::string_view currency = "RUB");
/// True for requested and awarded.
bool is_money(measure m);

/// The name in `names` closest to `s`, for "did you mean" in error messages (text::closest_name).
using text::closest_name;

/// A yearly series of `m` over the applications passing `filter` (every year with at least one
/// application is present; each value's qualifier from measure_qualifier).
yearly_series application_series(const dataset& ds, measure m, const application_filter& filter = {});

/// One series per value of `by` (named by the group's key; see `label` for printing).
struct labelled_series {
    std::string key;
    std::string label;
    yearly_series series;
};
std::vector<labelled_series> application_series_by(const dataset& ds, measure m, dimension by,
                                                   const application_filter& filter = {});

}  // namespace civica::analysis
