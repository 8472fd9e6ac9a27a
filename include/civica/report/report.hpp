#pragma once
/// \file
/// The annual public-engagement report: content model, templates, text and output formats.

#include "civica/report/content.hpp"
#include "civica/report/render.hpp"
#include "civica/report/template.hpp"
#include "civica/report/text.hpp"
