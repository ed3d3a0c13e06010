#include "agents/local_authority.hpp"

#include <cmath>
#include <limits>

#include "sim/csv_table.hpp"
#include "sim/scenario/scenario.hpp"

namespace csc::agents {

namespace {
// Guards the int64 and slot arithmetic: no English LA has more than 400,000 children.
constexpr double kMaxPopulation = 1e8;
}  // namespace

std::vector<LocalAuthority> load_local_authorities(const std::filesystem::path& path) {
    const auto table = sim::CsvTable::read(path);
    const size_t c_code = table.column("la_code");
    const size_t c_name = table.column("la_name");
    const size_t c_region = table.column("region_code");
    const size_t c_region_name = table.column("region_name");
    const size_t c_pop = table.column("pop_0_17");
    const size_t c_low_income = table.column("children_low_income_pct_fye2022");
    auto col = [&](const char* name) { return table.column(name); };
    const size_t c_ref = col("referrals"), c_s47 = col("s47_enquiries"), c_cps = col("cpp_started"),
                 c_cpp = col("cpp_at_31mar"), c_cin = col("cin_at_31mar"),
                 c_cine = col("cin_episodes_ended"), c_cla = col("cla_at_31mar"),
                 c_clas = col("cla_started"), c_clac = col("cla_ceased"),
                 c_uasc = col("cla_uasc_at_31mar"), c_leavers = col("care_leavers_19_21");

    std::vector<LocalAuthority> las;
    las.reserve(table.rows());
    for (size_t r = 0; r < table.rows(); ++r) {
        LocalAuthority la;
        la.code = table.text(r, c_code);
        la.name = table.text(r, c_name);
        la.region_code = table.text(r, c_region);
        la.region_name = table.text(r, c_region_name);
        const double pop = table.required_number(r, c_pop);
        if (pop < 1 || pop > kMaxPopulation || pop != std::floor(pop)) {
            throw table.cell_error(r, c_pop,
                                   "expected a whole number of children from 1 to 100,000,000");
        }
        la.population = static_cast<int64_t>(pop);
        la.low_income_pct =
            table.number(r, c_low_income).value_or(std::numeric_limits<double>::quiet_NaN());
        // Observed counts: empty where not published, else a count of children or events.
        const auto count = [&](size_t c) {
            const auto v = table.number(r, c);
            if (v && *v < 0) {
                throw table.cell_error(r, c, "expected a count >= 0 or an empty cell");
            }
            return v;
        };
        auto& o = la.observed;
        o.referrals = count(c_ref);
        o.s47_enquiries = count(c_s47);
        o.cpp_started = count(c_cps);
        o.cpp_at_31mar = count(c_cpp);
        o.cin_at_31mar = count(c_cin);
        o.cin_episodes_ended = count(c_cine);
        o.cla_at_31mar = count(c_cla);
        o.cla_started = count(c_clas);
        o.cla_ceased = count(c_clac);
        o.cla_uasc_at_31mar = count(c_uasc);
        o.care_leavers_19_21 = count(c_leavers);
        las.push_back(std::move(la));
    }
    if (las.empty()) throw sim::ScenarioError(table.path(), 1, 0, "", "expected at least one LA");
    return las;
}

std::vector<std::string> la_codes_of(const std::vector<LocalAuthority>& las) {
    std::vector<std::string> codes;
    codes.reserve(las.size());
    for (const auto& la : las) codes.push_back(la.code);
    return codes;
}

}  // namespace csc::agents
