#include "sim/scenario/nearest_name.hpp"

#include <algorithm>
#include <numeric>

namespace csc::sim {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // One row of the dynamic-programming table: row[j] = distance(a[0..i), b[0..j)).
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::optional<std::string> nearest_name(std::string_view name,
                                        const std::vector<std::string>& candidates) {
    const std::size_t limit = std::max<std::size_t>(3, name.size() / 3);
    const std::string* best = nullptr;
    std::size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
        const std::size_t d = edit_distance(name, candidate);
        if (d < best_distance) {
            best = &candidate;
            best_distance = d;
        }
    }
    if (best == nullptr) return std::nullopt;
    return *best;
}

std::string unknown_key_message(std::string_view name, const std::vector<std::string>& candidates) {
    if (auto suggestion = nearest_name(name, candidates)) {
        return "unknown key; did you mean '" + *suggestion + "'?";
    }
    return "unknown key";
}

}  // namespace csc::sim
