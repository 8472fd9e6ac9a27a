#pragma once
/// \file
/// The resource centre's support services and the monitoring of supported projects.

#include "civica/core/column.hpp"
#include "civica/core/date.hpp"
#include "civica/core/ids.hpp"
#include "civica/model/grant.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civica {

namespace detail {
struct dataset_loader;
}  // namespace detail

/// Kinds of support a resource centre gives (the source document lists them).
enum class support_kind : std::uint8_t {
    information, consulting, education, organization, grants_help, other
};
std::string_view to_string(support_kind k);
/// Parses the names printed by to_string (letter case matters); throws civica::parse_error
/// listing them, with the closest one when one is close.
support_kind parse_support_kind(std::string_view s);

/// One act of support: who gave it, to whom, what kind, when.
struct support_service {
    service_id id;
    organization_id provider;
    applicant_kind recipient_type = applicant_kind::organization;
    std::string recipient;          ///< organization_id or person_id per recipient_type
    support_kind kind = support_kind::information;
    date provided;
    std::string note;
    friend bool operator==(const support_service&, const support_service&) = default;
};

/// Services stored by column.
class service_table {
public:
    std::size_t size() const noexcept { return ids_.size(); }
    const id_index& ids() const noexcept { return ids_; }
    const std::vector<row_index>& provider() const noexcept { return provider_; }
    const std::vector<std::uint8_t>& recipient_type() const noexcept { return recipient_type_; }
    const std::vector<row_index>& recipient() const noexcept { return recipient_; }
    const std::vector<std::uint8_t>& kind() const noexcept { return kind_; }
    const std::vector<day_number>& provided() const noexcept { return provided_; }
    const string_column& note() const noexcept { return note_; }

private:
    friend class dataset;
    friend struct detail::dataset_loader;  // builds a table by column for dataset::adopt
    void truncate(std::size_t n);
    id_index ids_;
    std::vector<row_index> provider_;
    std::vector<std::uint8_t> recipient_type_;
    std::vector<row_index> recipient_;
    std::vector<std::uint8_t> kind_;
    std::vector<day_number> provided_;
    string_column note_;
};

/// A monitoring visit or evaluation of a supported project (an application that won).
struct monitoring_record {
    application_id application;
    date checked;
    std::optional<double> score;   ///< e.g. 0..10; absent when only a status is given
    std::string status;            ///< e.g. "completed", "in_progress", "failed"
    std::string note;
    friend bool operator==(const monitoring_record&, const monitoring_record&) = default;
};

}  // namespace civica
