#include "agents/groups.hpp"

#include <algorithm>

#include "agents/shares.hpp"

namespace csc::agents {

std::string group_name(int group) {
    return std::string(kEthnicityNames[ethnicity_of(static_cast<uint8_t>(group))]) + "_" +
           kSexNames[sex_of(static_cast<uint8_t>(group))];
}

namespace {

std::array<double, kEthnicities> factors_of(const sim::ParameterSet& p, const std::string& name) {
    const auto& v = p.array(name, kEthnicities);
    std::array<double, kEthnicities> out{};
    std::copy(v.begin(), v.end(), out.begin());
    return out;
}

}  // namespace

GroupParameters GroupParameters::read(const sim::ParameterSet& p) {
    GroupParameters out;
    out.resident_ethnicity = shares_of<kEthnicities>(p, "group.resident_entry_ethnicity");
    out.uasc_ethnicity = shares_of<kEthnicities>(p, "group.uasc_ethnicity");
    // (Shares and factors are within their dictionary's bounds, which the loader checks.)
    out.resident_male = p.scalar("group.resident_entry_male");
    out.uasc_male = p.scalar("group.uasc_male");
    out.placement_order_factor = factors_of(p, "calibration.placement_order_factor_ethnicity");
    out.sgo_factor = factors_of(p, "calibration.sgo_factor_ethnicity");
    double total = 0;
    for (int e = 0; e < kEthnicities; ++e) {
        out.placement_order_ethnicity[e] =
            out.resident_ethnicity[e] * out.placement_order_factor[e];
        total += out.placement_order_ethnicity[e];
    }
    if (!(total > 0)) {
        throw p.error("calibration.placement_order_factor_ethnicity",
                      "leaves no ethnic group of the resident starts with a placement order");
    }
    for (double& x : out.placement_order_ethnicity) x /= total;
    return out;
}

}  // namespace csc::agents
