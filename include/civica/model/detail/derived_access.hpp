#pragma once
/// \file
/// The derived cache of a dataset (civica/model/detail/derived_cache.hpp), for the layers that
/// keep facts derived from its rows between const calls. Internal: no stability promise.

#include "civica/model/dataset.hpp"

namespace civica::detail {

struct derived_access {
    /// The dataset's cache: emptied by every add, add_all (and its rollback), set_indicator
    /// and bulk load, so what it holds always describes the rows as they are.
    static const derived_cache& of(const dataset& ds) noexcept { return ds.derived_; }
};

}  // namespace civica::detail
