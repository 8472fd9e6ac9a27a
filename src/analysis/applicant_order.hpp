#pragma once
// The order of a dataset's applicants by (kind, id): organisations before persons, ids as
// text. Internal to the analysis layer.
#include "civica/model/dataset.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace civica::analysis::detail {

struct applicant_order {
    /// Per applicant number (organisation rows, then persons): its place in (kind, id) order.
    std::vector<std::uint32_t> rank;
    /// True when the places are the applicant numbers themselves (ids ascend with the rows).
    bool identity = true;
    explicit applicant_order(const dataset& ds);
};

/// The order, made once per state of the dataset (kept in its derived cache).
std::shared_ptr<const applicant_order> applicant_order_of(const dataset& ds);

}  // namespace civica::analysis::detail
