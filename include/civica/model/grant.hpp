#pragma once
/// \file
/// Grant operators, programmes, competitions and applications (stored by column).

#include "civica/core/column.hpp"
#include "civica/core/date.hpp"
#include "civica/core/ids.hpp"
#include "civica/core/money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civica {

namespace detail {
struct dataset_loader;
}  // namespace detail

/// Who runs grant competitions: the Presidential Grants Fund, a regional government, a city.
struct grant_operator {
    operator_id id;
    std::string name;
    organization_id organization;  ///< the operator as an organisation, if it is in the dataset
    friend bool operator==(const grant_operator&, const grant_operator&) = default;
};

/// The kind of a grant programme; analyses group the source document's competitions by it.
enum class programme_kind : std::uint8_t {
    presidential_grants,   ///< Фонд президентских грантов
    governor_ngo,          ///< Yugra Governor's grants for NGOs
    governor_individual,   ///< Yugra Governor's grants for individuals (since 2020)
    municipal_subsidy,     ///< municipal subsidies to СО НКО
    other,
};
std::string_view to_string(programme_kind k);
/// Parses the names printed by to_string (letter case matters); throws civica::parse_error
/// listing them, with the closest one when one is close.
programme_kind parse_programme_kind(std::string_view s);

/// A grant programme of an operator (e.g. "Гранты Губернатора Югры для физических лиц").
struct programme {
    programme_id id;
    operator_id grant_operator;
    std::string name;
    programme_kind kind = programme_kind::other;
    friend bool operator==(const programme&, const programme&) = default;
};

/// One competition (конкурс) of a programme: a year, a round, an application window.
struct competition {
    competition_id id;
    programme_id programme;
    int year = 0;
    int round = 1;                        ///< ФПГ holds two competitions a year
    period window;                        ///< application window
    std::vector<std::string> directions;  ///< the competition's directions (направления)
    std::string name;
    friend bool operator==(const competition&, const competition&) = default;
};

enum class application_status : std::uint8_t { submitted, admitted, rejected, winner, withdrawn };
std::string_view to_string(application_status s);
/// Parses the names printed by to_string (letter case matters); throws civica::parse_error
/// listing them, with the closest one when one is close.
application_status parse_application_status(std::string_view s);

/// Who applied: an organisation or an individual.
enum class applicant_kind : std::uint8_t { organization, person };
std::string_view to_string(applicant_kind k);
/// Parses the names printed by to_string (letter case matters); throws civica::parse_error
/// listing them, with the closest one when one is close.
applicant_kind parse_applicant_kind(std::string_view s);

/// One application to a competition, as the operator published it (a row view; the
/// storage is `application_table`).
struct application {
    application_id id;
    competition_id competition;
    applicant_kind applicant_type = applicant_kind::organization;
    std::string applicant;               ///< an organization_id or person_id, per applicant_type
    std::string title;
    std::string direction;
    /// What the applicant asked for; none when the source does not say (a 360Giving grant
    /// without `amountAppliedFor`). Sums of requested money count the stated requests.
    std::optional<money> requested;
    money cofunding;
    date submitted;
    application_status status = application_status::submitted;
    std::optional<money> awarded;        ///< set for winners only
    period implementation;               ///< planned implementation period
    /// When the outcome was decided: the award date of a winner (360Giving `awardDate`), the
    /// date of the refusal of a rejected application; not a date before `submitted`.
    date decided;
    /// The expert rating of a winning application, as the Presidential Grants Fund publishes
    /// it (field `rate`, "Рейтинг заявки: только для проектов-победителей"): winners only, a
    /// finite number not below 0.
    std::optional<double> rate;

    friend bool operator==(const application&, const application&) = default;
};

/// Sentinel stored in money columns for "no amount" (awarded of a non-winner, a request the
/// source does not state).
inline constexpr std::int64_t missing_kopecks = INT64_MIN;

/// Applications stored by column. References are row numbers into the dataset's tables;
/// strings are dictionary-encoded. Read-only outside civica::dataset.
class application_table {
public:
    std::size_t size() const noexcept { return ids_.size(); }
    bool empty() const noexcept { return ids_.size() == 0; }

    const id_index& ids() const noexcept { return ids_; }
    const std::vector<row_index>& competition() const noexcept { return competition_; }
    const std::vector<std::uint8_t>& applicant_type() const noexcept { return applicant_type_; }
    /// Row in organizations (applicant_type organization) or persons (person).
    const std::vector<row_index>& applicant() const noexcept { return applicant_; }
    const string_column& title() const noexcept { return title_; }
    const string_column& direction() const noexcept { return direction_; }
    /// Kopecks, or missing_kopecks where the source states no request.
    const std::vector<std::int64_t>& requested() const noexcept { return requested_; }
    const std::vector<std::int64_t>& cofunding() const noexcept { return cofunding_; }
    const std::vector<day_number>& submitted() const noexcept { return submitted_; }
    const std::vector<std::uint8_t>& status() const noexcept { return status_; }
    /// Kopecks, or missing_kopecks for non-winners.
    const std::vector<std::int64_t>& awarded() const noexcept { return awarded_; }
    const std::vector<day_number>& implementation_start() const noexcept { return impl_start_; }
    const std::vector<day_number>& implementation_end() const noexcept { return impl_end_; }
    const std::vector<day_number>& decided() const noexcept { return decided_; }
    /// The expert rating of winners; NaN where there is none.
    const std::vector<double>& rate() const noexcept { return rate_; }

    /// Room for `n` rows in all (columns and id index), so appending up to n rows moves no
    /// column and rehashes no id.
    void reserve(std::size_t n);

private:
    friend class dataset;
    friend struct detail::dataset_loader;  // builds a table by column for dataset::adopt
    void truncate(std::size_t n);

    id_index ids_;
    std::vector<row_index> competition_;
    std::vector<std::uint8_t> applicant_type_;
    std::vector<row_index> applicant_;
    string_column title_;
    string_column direction_;
    std::vector<std::int64_t> requested_;
    std::vector<std::int64_t> cofunding_;
    std::vector<day_number> submitted_;
    std::vector<std::uint8_t> status_;
    std::vector<std::int64_t> awarded_;
    std::vector<day_number> impl_start_;
    std::vector<day_number> impl_end_;
    std::vector<day_number> decided_;
    std::vector<double> rate_;
};

}  // namespace civica
