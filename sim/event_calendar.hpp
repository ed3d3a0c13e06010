// The event calendar: which entities of a partition have an event due this month, in what order.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

namespace csc::sim {

/// One due event. Events of a month are processed in the total order (priority, kind, entity);
/// the month is the same for all of them, and an entity has at most one pending event.
struct DueEvent {
    uint8_t priority = 0;  ///< lower first
    uint8_t kind = 0;      ///< the model's event kind, lower first among equal priorities
    uint64_t entity = 0;   ///< stable identity of the entity (never a pointer or a slot index)
    uint32_t slot = 0;     ///< where the entity's columns are, relative to the partition

    friend bool operator<(const DueEvent& a, const DueEvent& b) {
        return std::tie(a.priority, a.kind, a.entity) < std::tie(b.priority, b.kind, b.entity);
    }
};

/**
 * A calendar kept as a column: each entity's pending event month lives in `next_month`, so
 * scheduling is one store and finding the month's events is one linear scan of 2 bytes per entity
 * (no heap, no pointers). collect() gathers the due events of slots [begin, end) and sorts them
 * into the total order. One calendar per partition; partitions share nothing.
 */
class EventCalendar {
  public:
    /// `describe(slot)` returns the DueEvent (priority, kind, entity) of a slot that is due.
    template <typename Month, typename Describe>
    const std::vector<DueEvent>& collect(const Month* next_month, size_t begin, size_t end,
                                         Month month, const Describe& describe) {
        due_.clear();
        for (size_t i = begin; i < end; ++i) {
            if (next_month[i] == month) {
                DueEvent e = describe(i);
                e.slot = static_cast<uint32_t>(i - begin);
                due_.push_back(e);
            }
        }
        std::sort(due_.begin(), due_.end());
        return due_;
    }

  private:
    std::vector<DueEvent> due_;
};

}  // namespace csc::sim
