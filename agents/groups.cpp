#include "agents/groups.hpp"

#include "agents/shares.hpp"

namespace csc::agents {

std::string group_name(int group) {
    return std::string(kEthnicityNames[ethnicity_of(static_cast<uint8_t>(group))]) + "_" +
           kSexNames[sex_of(static_cast<uint8_t>(group))];
}

namespace {

double share_of(const sim::ParameterSet& p, const std::string& name) {
    const double v = p.scalar(name);
    if (!(v >= 0 && v <= 1)) throw p.error(name, "expected a share between 0 and 1");
    return v;
}

std::array<double, kEthnicities> factors_of(const sim::ParameterSet& p, const std::string& name) {
    const auto& v = p.array(name, kEthnicities);
    std::array<double, kEthnicities> out{};
    for (int e = 0; e < kEthnicities; ++e) {
        if (!(v[e] > 0)) throw p.error(name, "expected factors above 0");
        out[e] = v[e];
    }
    return out;
}

}  // namespace

GroupParameters GroupParameters::read(const sim::ParameterSet& p) {
    GroupParameters out;
    out.resident_ethnicity = shares_of<kEthnicities>(p, "group.resident_entry_ethnicity");
    out.uasc_ethnicity = shares_of<kEthnicities>(p, "group.uasc_ethnicity");
    out.resident_male = share_of(p, "group.resident_entry_male");
    out.uasc_male = share_of(p, "group.uasc_male");
    out.placement_order_factor = factors_of(p, "calibration.placement_order_factor_ethnicity");
    out.sgo_factor = factors_of(p, "calibration.sgo_factor_ethnicity");
    double total = 0;
    for (int e = 0; e < kEthnicities; ++e) {
        out.placement_order_ethnicity[e] =
            out.resident_ethnicity[e] * out.placement_order_factor[e];
        total += out.placement_order_ethnicity[e];
    }
    for (double& x : out.placement_order_ethnicity) x /= total;
    return out;
}

}  // namespace csc::agents
