#include "output/table.hpp"

namespace csc::output {

size_t Table::size() const {
    size_t n = 1;
    for (const Axis& axis : axes) n *= axis.labels.size();
    return n;
}

}  // namespace csc::output
