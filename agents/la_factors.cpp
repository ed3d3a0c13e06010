#include "agents/la_factors.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "sim/csv_table.hpp"
#include "sim/scenario/scenario.hpp"

namespace csc::agents {

namespace {

// A fitted factor beyond these would mean the LA's own figures, not its rates, are wrong.
constexpr double kMinFactor = 0.1;
constexpr double kMaxFactor = 10.0;

}  // namespace

void load_la_factors(const std::filesystem::path& path, std::vector<LocalAuthority>& las) {
    const auto table = sim::CsvTable::read(path);
    const size_t c_code = table.column("la_code");
    const size_t c_group = table.column("group");
    const size_t c_factor = table.column("factor");
    const size_t c_target = table.column("target");
    const size_t c_source = table.column("source");
    std::string groups;
    for (const RateGroup g : kLaRateGroups) {
        if (!groups.empty()) groups += ", ";
        groups += kRateGroupNames[static_cast<int>(g)];
    }
    std::set<std::pair<size_t, int>> seen;
    for (size_t r = 0; r < table.rows(); ++r) {
        const std::string& code = table.text(r, c_code);
        const auto la = std::find_if(las.begin(), las.end(),
                                     [&](const LocalAuthority& a) { return a.code == code; });
        if (la == las.end()) {
            throw table.cell_error(r, c_code,
                                   "'" + code + "' is not an LA of the scenario's LA table");
        }
        const std::string& name = table.text(r, c_group);
        const auto group =
            std::find_if(kLaRateGroups.begin(), kLaRateGroups.end(),
                         [&](RateGroup g) { return name == kRateGroupNames[static_cast<int>(g)]; });
        if (group == kLaRateGroups.end()) {
            throw table.cell_error(r, c_group,
                                   "unknown group '" + name + "'; expected one of " + groups);
        }
        const double factor = table.required_number(r, c_factor);
        if (!(factor >= kMinFactor && factor <= kMaxFactor)) {
            throw table.cell_error(r, c_factor, "expected a factor from 0.1 to 10");
        }
        if (table.text(r, c_target).empty())
            throw table.cell_error(r, c_target, "every factor needs a target");
        if (table.text(r, c_source).empty())
            throw table.cell_error(r, c_source, "every factor needs a source");
        const auto g = static_cast<int>(*group);
        if (!seen.emplace(static_cast<size_t>(la - las.begin()), g).second) {
            throw table.cell_error(r, c_group, "this LA's '" + name + "' factor is given twice");
        }
        la->rate_factor[static_cast<size_t>(g)] = factor;
    }
}

}  // namespace csc::agents
