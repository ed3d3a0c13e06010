#include "cli/commands.hpp"

#include <H5public.h>
#include <Random123/features/compilerfeatures.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <tbb/version.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/version.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include "agents/measures.hpp"
#include "agents/simulation.hpp"
#include "cli/ranks.hpp"
#include "output/atomic_file.hpp"
#include "output/error.hpp"
#include "output/run_file.hpp"
#include "sim/build_info.hpp"
#include "sim/parallel.hpp"

namespace csc::cli {

namespace {

struct RunOptions {
    std::string scenario;
    std::string output;
    std::vector<std::string> sets;
    int threads = -1;  // -1: take the scenario's run.threads
    std::string seed;
    std::string sample;
    std::string replicates;
};

/// Library versions recorded in every run file.
std::string library_versions() {
    std::ostringstream s;
    s << "boost " << BOOST_VERSION / 100000 << "." << BOOST_VERSION / 100 % 1000 << "."
      << BOOST_VERSION % 100 << "; onetbb " << TBB_VERSION_MAJOR << "." << TBB_VERSION_MINOR
      << "; hdf5 " << H5_VERS_MAJOR << "." << H5_VERS_MINOR << "." << H5_VERS_RELEASE << "; spdlog "
      << SPDLOG_VER_MAJOR << "." << SPDLOG_VER_MINOR << "." << SPDLOG_VER_PATCH << "; tomlplusplus "
      << TOML_LIB_MAJOR << "." << TOML_LIB_MINOR << "." << TOML_LIB_PATCH << "; cli11 "
      << CLI11_VERSION << "; random123 philox4x32-10";
    return s.str();
}

/// A one-line progress bar on stderr, only when stderr is a terminal.
class ProgressBar {
  public:
    explicit ProgressBar(std::string label) : label_(std::move(label)), enabled_(isatty(2) != 0) {}
    void operator()(int32_t done, int32_t total) const {
        if (!enabled_) return;
        constexpr int kWidth = 40;
        const int filled = total > 0 ? done * kWidth / total : kWidth;
        std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label_.c_str(), filled,
                     "########################################", kWidth - filled, "",
                     total > 0 ? done * 100 / total : 100);
        if (done == total) std::fputc('\n', stderr);
        std::fflush(stderr);
    }

  private:
    std::string label_;
    bool enabled_;
};

/// Root attributes of every run file this build writes.
std::map<std::string, std::string> file_attributes() {
    return {
        {"cscsim_version", sim::build_info::kVersion},
        {"git_commit", sim::build_info::kGitCommit},
        {"compiler", sim::build_info::kCompiler},
        {"build_type", sim::build_info::kBuildType},
        {"library_versions", library_versions()},
        {"determinism",
         "identical bytes for the same scenario, overrides and seed, whatever the thread or MPI "
         "rank count"},
    };
}

/// The part file in which one rank of an MPI batch keeps its finished replicates.
std::string part_path(const std::string& output, int rank) {
    return output + ".part-" + std::to_string(rank);
}

/**
 * Runs this rank's replicates (r with r mod ranks == rank) and writes them after each one: to the
 * output itself when alone, else to the rank's part file. Returns the runs written.
 */
output::RunFile run_my_replicates(const RunOptions& o, const agents::Model& model,
                                  const std::vector<std::string>& sets, const Ranks& ranks) {
    const auto& run = model.scenario.run;
    std::string scenario_text;
    for (const auto& [path, text] : model.scenario.files_read) {
        scenario_text += "# ---- " + path + "\n" + text + "\n";
    }
    output::RunFile file;
    file.attributes = file_attributes();
    const auto n = static_cast<uint32_t>(ranks.size());
    for (uint32_t r = static_cast<uint32_t>(ranks.rank()); r < run.replicates; r += n) {
        const auto t0 = std::chrono::steady_clock::now();
        agents::RunStats stats;
        const ProgressBar bar(run.name + " replicate " + std::to_string(r));
        output::RunRecord record = agents::simulate(model, r, bar, &stats);
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        spdlog::info("replicate {}: {} children, {} events in {:.2f} s ({:.3g} events/s)", r,
                     stats.children, stats.events, secs, static_cast<double>(stats.events) / secs);
        record.attributes.insert({
            {"scenario_path", model.scenario.path.string()},
            {"scenario_text", scenario_text},
            {"resolved_scenario", model.scenario.resolved_toml},
            {"overrides", fmt::format("{}", fmt::join(sets, "\n"))},
        });
        file.runs.push_back(std::move(record));
        // Rewrite after every replicate, so an interrupted batch keeps what finished.
        file.attributes["replicates_complete"] =
            fmt::format("{} of {}", file.runs.size(), run.replicates);
        output::write_run_file(ranks.size() == 1 ? o.output : part_path(o.output, ranks.rank()),
                               file);
    }
    return file;
}

/// Rank 0 of an MPI batch: gathers the parts into the output, in replicate order, and removes
/// them. The file is the one a single process would have written, byte for byte.
void assemble_parts(const std::string& output, uint32_t replicates, int ranks) {
    output::RunFile whole;
    whole.attributes = file_attributes();
    const int parts = std::min<int>(ranks, static_cast<int>(replicates));
    std::vector<output::RunRecord> runs;
    for (int k = 0; k < parts; ++k) {
        auto part = output::read_run_file(part_path(output, k));
        for (auto& r : part.runs) runs.push_back(std::move(r));
    }
    std::sort(runs.begin(), runs.end(), [](const output::RunRecord& a, const output::RunRecord& b) {
        return a.replicate < b.replicate;
    });
    whole.runs = std::move(runs);
    whole.attributes["replicates_complete"] = fmt::format("{} of {}", replicates, replicates);
    output::write_run_file(output, whole);
    for (int k = 0; k < parts; ++k) std::filesystem::remove(part_path(output, k));
}

/// Runs this rank's replicates of the scenario; returns how many replicates the whole run has.
/// Throws on bad input or failure.
uint32_t run_on_this_rank(const RunOptions& o, const Ranks& ranks) {
    std::vector<std::string> sets = o.sets;
    // --seed, --sample and --replicates are shorthands for --set run.<key>=value.
    if (!o.seed.empty()) sets.push_back("run.seed=" + o.seed);
    if (!o.sample.empty()) sets.push_back("run.sample=" + o.sample);
    if (!o.replicates.empty()) sets.push_back("run.replicates=" + o.replicates);
    // Fault injection for the MPI tests: a failure on one rank only, which real input cannot cause.
    if (const char* fail = std::getenv("CSCSIM_FAIL_ON_RANK");  // NOLINT(concurrency-mt-unsafe)
        fail != nullptr && std::to_string(ranks.rank()) == fail) {
        throw std::runtime_error("failure injected on rank " + std::to_string(ranks.rank()));
    }
    const agents::Model model = agents::Model::load(o.scenario, sets);
    const auto& run = model.scenario.run;
    const sim::ThreadLimit threads(o.threads >= 0 ? o.threads : run.threads);
    spdlog::info(
        "scenario '{}': {} LAs, sample {}, seed {}, {} replicate(s), {} thread(s), {} rank(s)",
        run.name, model.las.size(), run.sample, run.seed, run.replicates, threads.threads(),
        ranks.size());
    (void)run_my_replicates(o, model, sets, ranks);
    return run.replicates;
}

int run_command(const RunOptions& o, const Ranks& ranks) {
    if (ranks.size() == 1) {
        run_on_this_rank(o, ranks);  // errors reach main(), which maps them to exit codes
        spdlog::info("wrote {}", o.output);
        return kExitOk;
    }
    // A batch over ranks: every rank must reach every collective, so no error may escape before
    // the ranks agree on the outcome (the worst exit code wins everywhere).
    const auto guarded = [](const auto& work) {
        try {
            work();
            return kExitOk;
        } catch (const sim::ScenarioError& e) {
            spdlog::error("{}", e.what());
            return kExitBadInput;
        } catch (const std::exception& e) {
            spdlog::error("{}", e.what());
            return kExitFailure;
        }
    };
    uint32_t replicates = 0;
    const int ran = ranks.max(guarded([&] { replicates = run_on_this_rank(o, ranks); }));
    if (ran != kExitOk) return ran;
    int assembled = kExitOk;
    if (ranks.rank() == 0) {
        assembled = guarded([&] {
            assemble_parts(o.output, replicates, ranks.size());
            spdlog::info("wrote {}", o.output);
        });
    }
    return ranks.max(assembled);
}

int validate_command(const std::string& scenario, const std::vector<std::string>& sets) {
    const agents::Model model = agents::Model::load(scenario, sets);
    std::cout << "ok: " << model.scenario.run.name << " (" << model.scenario.parameters.all().size()
              << " parameters, " << model.las.size() << " local authorities)\n";
    return kExitOk;
}

/// CSV cell: quoted when it holds a comma, quote or newline.
std::string csv_cell(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

int parameters_command(const std::string& scenario, const std::vector<std::string>& sets) {
    const sim::Scenario s = sim::load_scenario(scenario, sets);
    std::cout << "name,value,unit,description,source,calibrated,target,defined_at,set_at\n";
    for (const auto& [name, p] : s.parameters.all()) {
        const std::string value = p.is_array ? fmt::format("[{}]", fmt::join(p.values, ", "))
                                             : fmt::format("{}", p.values.at(0));
        std::cout << csv_cell(name) << ',' << csv_cell(value) << ',' << csv_cell(p.unit) << ','
                  << csv_cell(p.description) << ',' << csv_cell(p.source) << ','
                  << (p.calibrated ? "true" : "false") << ',' << csv_cell(p.target) << ','
                  << csv_cell(p.defined_at) << ',' << csv_cell(p.set_at) << '\n';
    }
    return kExitOk;
}

int summary_command(const std::string& path, bool csv) {
    const output::RunFile file = output::read_run_file(path);
    if (csv) {
        std::cout << "scenario,replicate,measure,period,value\n";
    }
    for (const auto& run : file.runs) {
        const auto values = agents::summarise(run);
        if (!csv) std::cout << run.scenario << " replicate " << run.replicate << "\n";
        for (const auto& v : values) {
            if (csv) {
                std::cout << run.scenario << ',' << run.replicate << ',' << v.measure << ','
                          << v.period << ',' << fmt::format("{}", v.value) << '\n';
            } else {
                std::cout << fmt::format("  {:<32} {:<10} {:>18.0f}\n", v.measure, v.period,
                                         v.value);
            }
        }
    }
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    const Ranks ranks(argc, argv);
    CLI::App app{"cscsim: England's children's social care system, simulated child by child"};
    app.require_subcommand(1);
    std::string log_level = "info";
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

    RunOptions run;
    auto* run_cmd = app.add_subcommand("run", "Run a scenario and write an HDF5 run file");
    run_cmd->add_option("scenario", run.scenario, "Scenario file (TOML)")->required();
    run_cmd->add_option("-o,--output", run.output, "Run file to write (HDF5)")->required();
    run_cmd->add_option("--threads", run.threads, "Worker threads (0 = all cores)")
        ->check(CLI::NonNegativeNumber);
    run_cmd->add_option("--seed", run.seed, "Random seed (overrides run.seed)");
    run_cmd->add_option("--sample", run.sample, "Fraction of children simulated, in (0, 1]");
    run_cmd->add_option("--replicates", run.replicates, "Replicates (overrides run.replicates)");
    run_cmd->add_option("--set", run.sets, "Override a setting or parameter: key=value");

    std::string validate_path;
    std::vector<std::string> validate_sets;
    auto* validate_cmd = app.add_subcommand("validate", "Check a scenario file and its data");
    validate_cmd->add_option("scenario", validate_path, "Scenario file (TOML)")->required();
    validate_cmd->add_option("--set", validate_sets, "Override: key=value");

    std::string parameters_path;
    std::vector<std::string> parameters_sets;
    auto* parameters_cmd =
        app.add_subcommand("parameters", "Print the parameter dictionary in force, as CSV");
    parameters_cmd->add_option("scenario", parameters_path, "Scenario file (TOML)")->required();
    parameters_cmd->add_option("--set", parameters_sets, "Override: key=value");

    std::string summary_path;
    bool csv = false;
    auto* summary_cmd =
        app.add_subcommand("summary", "Summary measures for England from a run file");
    summary_cmd->add_option("run_file", summary_path, "Run file (HDF5)")->required();
    summary_cmd->add_flag("--csv", csv, "CSV: scenario,replicate,measure,period,value");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitBadInput;
    }
    output::remove_partial_files_on_interrupt();
    auto logger = spdlog::stderr_color_mt("cscsim");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(log_level));
    spdlog::set_pattern(ranks.size() > 1 ? "[%Y-%m-%d %H:%M:%S.%e] [%^%l%$] [rank " +
                                               std::to_string(ranks.rank()) + "] %v"
                                         : "[%Y-%m-%d %H:%M:%S.%e] [%^%l%$] %v");

    try {
        if (*run_cmd) return run_command(run, ranks);
        if (*validate_cmd) return validate_command(validate_path, validate_sets);
        if (*summary_cmd) return summary_command(summary_path, csv);
        if (*parameters_cmd) return parameters_command(parameters_path, parameters_sets);
    } catch (const sim::ScenarioError& e) {
        spdlog::error("{}", e.what());
        return kExitBadInput;
    } catch (const output::OutputError& e) {
        spdlog::error("{}", e.what());
        return *summary_cmd ? kExitBadInput : kExitFailure;
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return kExitFailure;
    }
    return kExitFailure;
}

}  // namespace csc::cli
