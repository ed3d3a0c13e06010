#include "agents/rate_events.hpp"

#include <cctype>
#include <cmath>
#include <optional>

#include "agents/named_values.hpp"
#include "sim/csv_table.hpp"
#include "sim/scenario/scenario.hpp"

namespace csc::agents {

std::vector<RateEvent> load_rate_events(const std::filesystem::path& path,
                                        const sim::ParameterSet& parameters) {
    const auto table = sim::CsvTable::read(path);
    const size_t c_name = table.column("event");
    const size_t c_group = table.column("group");
    const size_t c_first = table.column("first_year");
    const size_t c_last = table.column("last_year");
    const size_t c_factor = table.column("factor");
    const size_t c_source = table.column("source");
    const auto year = [&](size_t r, size_t c) {
        const double y = table.required_number(r, c);
        if (y != std::floor(y) || y < 1900 || y > 2200) {
            throw table.cell_error(r, c, "expected a year ending 31 March, from 1900 to 2200");
        }
        return static_cast<int>(y);
    };
    // A factor is a number, or the name of a parameter (it starts with a letter).
    const auto factor = [&](size_t r) {
        const std::string& text = table.text(r, c_factor);
        if (text.empty() || std::isalpha(static_cast<unsigned char>(text[0])) == 0) {
            return table.required_number(r, c_factor);
        }
        if (!parameters.contains(text))
            throw table.cell_error(r, c_factor, "no parameter named '" + text + "'");
        return parameters.scalar(text);
    };
    std::vector<RateEvent> events;
    for (size_t r = 0; r < table.rows(); ++r) {
        RateEvent e;
        e.name = table.text(r, c_name);
        const auto group = index_named(kRateGroupNames, table.text(r, c_group));
        if (!group) {
            throw table.cell_error(r, c_group,
                                   "unknown group '" + table.text(r, c_group) +
                                       "'; expected one of " + names_list(kRateGroupNames));
        }
        e.group = static_cast<RateGroup>(*group);
        e.first_year = year(r, c_first);
        e.last_year = year(r, c_last);
        if (e.last_year < e.first_year)
            throw table.cell_error(r, c_last, "expected last_year >= first_year");
        e.factor = factor(r);
        if (!(e.factor >= 0 && e.factor <= 100)) {
            throw table.cell_error(r, c_factor, "expected a factor from 0 to 100");
        }
        if (is_share_group(e.group) && e.factor > 1) {
            throw table.cell_error(r, c_factor, "expected a factor from 0 to 1 for a share");
        }
        e.source = table.text(r, c_source);
        if (e.source.empty()) throw table.cell_error(r, c_source, "every event needs a source");
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
