// Benchmarks of whole runs: the whole of England and a 1% sample, 2022-04 to 2033-03, on 1 and 2
// threads. Run with bench/run-benchmarks.sh, which reports the median of 3 repetitions.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <string>

#include "agents/simulation.hpp"
#include "sim/parallel.hpp"

namespace {

const csc::agents::Model& baseline(double sample) {
    static csc::agents::Model full = csc::agents::Model::load(
        std::string(CSCSIM_SOURCE_DIR) + "/scenarios/baseline.toml", {"run.sample=1.0"});
    static csc::agents::Model one_percent = csc::agents::Model::load(
        std::string(CSCSIM_SOURCE_DIR) + "/scenarios/baseline.toml", {"run.sample=0.01"});
    return sample >= 1.0 ? full : one_percent;
}

double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// state.range(0): sample in percent; state.range(1): threads.
void simulate_baseline(benchmark::State& state) {
    const auto& model = baseline(static_cast<double>(state.range(0)) / 100.0);
    const csc::sim::ThreadLimit limit(static_cast<int>(state.range(1)));
    csc::agents::RunStats stats;
    for (auto _ : state) {
        auto record = csc::agents::simulate(model, 0, {}, &stats);
        benchmark::DoNotOptimize(record);
    }
    state.counters["children"] = static_cast<double>(stats.children);
    state.counters["events"] = static_cast<double>(stats.events);
    state.counters["events_per_s"] = benchmark::Counter(
        static_cast<double>(stats.events) * static_cast<double>(state.iterations()),
        benchmark::Counter::kIsRate);
    state.counters["peak_rss_mib"] = peak_rss_mib();
}

}  // namespace

BENCHMARK(simulate_baseline)
    ->ArgNames({"sample_pct", "threads"})
    ->Args({1, 1})
    ->Args({1, 2})
    ->Args({100, 1})
    ->Args({100, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true);

BENCHMARK_MAIN();
