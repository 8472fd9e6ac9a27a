#pragma once
/// \file
/// Umbrella header: includes every public header of civica.

#include "civica/core/column.hpp"
#include "civica/core/date.hpp"
#include "civica/core/identifiers.hpp"
#include "civica/core/ids.hpp"
#include "civica/core/money.hpp"
#include "civica/error.hpp"
#include "civica/fwd.hpp"
#include "civica/io/bundled.hpp"
#include "civica/io/check.hpp"
#include "civica/io/csv.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/model/council.hpp"
#include "civica/model/dataset.hpp"
#include "civica/model/grant.hpp"
#include "civica/model/indicator.hpp"
#include "civica/model/organization.hpp"
#include "civica/model/support.hpp"
#include "civica/model/training.hpp"
#include "civica/synth.hpp"
#include "civica/version.hpp"
