#include "agents/rate_events.hpp"

#include <cctype>
#include <cmath>

#include "sim/csv_table.hpp"
#include "sim/scenario/scenario.hpp"

namespace csc::agents {

std::vector<RateEvent> load_rate_events(const std::filesystem::path& path,
                                        const sim::ParameterSet& parameters) {
    const auto table = sim::CsvTable::read(path);
    const size_t c_name = table.column("event"), c_group = table.column("group"),
                 c_first = table.column("first_year"), c_last = table.column("last_year"),
                 c_factor = table.column("factor"), c_source = table.column("source");
    const auto fail = [&](size_t r, size_t c, const std::string& what) {
        return sim::ScenarioError(table.path(), table.line_of(r), static_cast<int>(c) + 1,
                                  table.header()[c], what);
    };
    std::vector<RateEvent> events;
    for (size_t r = 0; r < table.rows(); ++r) {
        RateEvent e;
        e.name = table.text(r, c_name);
        const std::string& group = table.text(r, c_group);
        int g = 0;
        while (g < kRateGroups && group != kRateGroupNames[g]) ++g;
        if (g == kRateGroups) {
            std::string names;
            for (const char* n : kRateGroupNames)
                names += std::string(names.empty() ? "" : ", ") + n;
            throw fail(r, c_group, "unknown group '" + group + "'; expected one of " + names);
        }
        e.group = static_cast<RateGroup>(g);
        const auto year = [&](size_t c) {
            const double y = table.required_number(r, c);
            if (y != std::floor(y) || y < 1900 || y > 2200) {
                throw fail(r, c, "expected a year ending 31 March, from 1900 to 2200");
            }
            return static_cast<int>(y);
        };
        e.first_year = year(c_first);
        e.last_year = year(c_last);
        if (e.last_year < e.first_year) throw fail(r, c_last, "expected last_year >= first_year");
        const std::string& factor = table.text(r, c_factor);
        const bool named =
            !factor.empty() && (std::isalpha(static_cast<unsigned char>(factor[0])) != 0);
        if (named && !parameters.contains(factor)) {
            throw fail(r, c_factor, "no parameter named '" + factor + "'");
        }
        e.factor = named ? parameters.scalar(factor) : table.required_number(r, c_factor);
        if (!(e.factor >= 0 && e.factor <= 100)) {
            throw fail(r, c_factor, "expected a factor from 0 to 100");
        }
        e.source = table.text(r, c_source);
        if (e.source.empty()) throw fail(r, c_source, "every event needs a source");
        events.push_back(std::move(e));
    }
    return events;
}

double event_factor(const std::vector<RateEvent>& events, RateGroup group, int year) {
    double f = 1;
    for (const auto& e : events) {
        if (e.group == group && e.first_year <= year && year <= e.last_year) f *= e.factor;
    }
    return f;
}

}  // namespace csc::agents
