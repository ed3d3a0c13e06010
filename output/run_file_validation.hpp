// Checks a RunFile against the rules of the run-file layout before anything is written.
#pragma once

#include "output/table.hpp"

namespace csc::output {

/// Checks names (non-empty, no '/', NUL or ".", no ',' in axis names, reserved names unused),
/// uniqueness of runs (scenario, replicate) and of table names within a run, that no table uses
/// both value vectors, and that each table has exactly size() values. Axis label conflicts
/// between tables are left to the writer.
/// @throws OutputError describing the first problem found (without a file name).
void validate_run_file(const RunFile& file);

}  // namespace csc::output
