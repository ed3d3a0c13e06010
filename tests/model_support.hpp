// Helpers for the tests that run the model: the one-LA fixture, and an observer that shows each
// child slot's columns at the end of a month next to those at the end of the month before.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agents/simulation.hpp"
#include "test_support.hpp"

namespace csc::test {

/// tests/agents/fixtures/one_la.toml (one LA of 200,000 children at England's rates) with `sets`.
inline agents::Model one_la(const std::vector<std::string>& sets) {
    return agents::Model::load(source_dir() / "tests/agents/fixtures/one_la.toml", sets);
}

/// Brothers and sisters off (no sibling groups at the start, none entering together): every
/// event of a child is then its own, not one it shares with a brother or sister.
inline const std::vector<std::string> kNoSiblings = {"siblings.p_enter_together=0",
                                                     "calibration.sibling_stock_share=0"};

/// `sets` with `more` added.
inline std::vector<std::string> with(std::vector<std::string> sets,
                                     const std::vector<std::string>& more) {
    sets.insert(sets.end(), more.begin(), more.end());
    return sets;
}

/// visit(m, before, now, i): slot i at the end of month m (`now`) and of month m - 1 (`before`).
using SlotVisitor = std::function<void(int32_t m, const agents::ChildColumns& before,
                                       const agents::ChildColumns& now, size_t i)>;

/// An observer calling `visit` for every slot of every LA in each month after the first.
inline agents::MonthObserver each_slot_with_month_before(SlotVisitor visit) {
    auto before = std::make_shared<agents::ChildColumns>();
    return [before, visit = std::move(visit)](int32_t m, const agents::ChildColumns& now,
                                              const std::vector<agents::LaRange>& ranges,
                                              const std::vector<agents::LaTally>& /*tallies*/) {
        if (before->size() > 0) {
            for (const auto& r : ranges) {
                for (size_t i = r.begin; i < r.end; ++i) visit(m, *before, now, i);
            }
        }
        *before = now;
    };
}

}  // namespace csc::test
