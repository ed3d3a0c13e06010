// Fitted factors on one LA's rates: the LA-level part of the calibration (e.g. each LA's exits in
// the history replay, fitted to its own series 2018-2022), read from a scenario's LA factors table.
#pragma once

#include <filesystem>
#include <vector>

#include "agents/local_authority.hpp"

namespace csc::agents {

/**
 * Reads an LA factors table (CSV: la_code, group, factor, target, source; see "LA factors" in
 * README.md) into the `rate_factor` of the named LAs. The groups are those with an
 * LA multiplier: referral, section47, plan, plan_end, cin_close, care_entry, care_exit. LAs not in
 * the table keep a factor of 1.
 * @throws csc::sim::ScenarioError naming the file, line and column of a bad cell (unknown LA or
 * group, a factor outside [0.1, 10], an LA and group given twice, or no target or source).
 */
void load_la_factors(const std::filesystem::path& path, std::vector<LocalAuthority>& las);

}  // namespace csc::agents
