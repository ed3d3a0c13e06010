// Deterministic parallel loops over partitions (local authorities).
#pragma once

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <cstddef>
#include <memory>

namespace csc::sim {

/// Caps the worker threads for its lifetime; 0 means all cores.
class ThreadLimit {
  public:
    explicit ThreadLimit(int threads);
    [[nodiscard]] int threads() const { return threads_; }

  private:
    int threads_;
    std::unique_ptr<tbb::global_control> control_;
};

/**
 * Calls body(p) once for every partition p in [0, count), in parallel. Each partition owns its own
 * slice of every output, so nothing is shared between tasks and results do not depend on which
 * thread ran what; callers merge per-partition results afterwards in partition order.
 */
template <typename Body>
void for_each_partition(size_t count, const Body& body) {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, count, 1),
                      [&](const tbb::blocked_range<size_t>& r) {
                          for (size_t p = r.begin(); p != r.end(); ++p) body(p);
                      });
}

}  // namespace csc::sim
