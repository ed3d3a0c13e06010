// The cscsim commands: run, validate, parameters, summary.
#pragma once

namespace csc::cli {

/// Exit codes: 0 success, 1 failure while running or writing, 2 bad input (command line,
/// scenario file, data file or run file).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

int main(int argc, char** argv);

}  // namespace csc::cli
