#include "sim/parallel.hpp"

#include <tbb/info.h>

namespace csc::sim {

ThreadLimit::ThreadLimit(int threads)
    : threads_(threads > 0 ? threads : tbb::info::default_concurrency()),
      control_(std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                     static_cast<size_t>(threads_))) {}

}  // namespace csc::sim
