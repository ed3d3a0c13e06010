#include "output/table.hpp"

#include "output/error.hpp"

namespace csc::output {

size_t Table::size() const {
    size_t n = 1;
    for (const Axis& axis : axes) n *= axis.labels.size();
    return n;
}

const Table& RunRecord::table(const std::string& name) const {
    for (const auto& t : tables) {
        if (t.name == name) return t;
    }
    throw OutputError("run " + scenario + " has no table '" + name +
                      "': not a complete cscsim run");
}

}  // namespace csc::output
