// "Did you mean ...?" suggestions for misspelt keys.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace csc::sim {

/// Levenshtein distance: single-character insertions, deletions and substitutions.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/**
 * The candidate nearest to `name` by edit distance, if it is within max(3, name.size() / 3).
 * Ties go to the earliest candidate. An exact match is returned as is.
 */
[[nodiscard]] std::optional<std::string> nearest_name(std::string_view name,
                                                      const std::vector<std::string>& candidates);

/// "unknown key; did you mean 'X'?", or just "unknown key" when nothing is near.
[[nodiscard]] std::string unknown_key_message(std::string_view name,
                                              const std::vector<std::string>& candidates);

}  // namespace csc::sim
