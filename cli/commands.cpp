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
#include <optional>
#include <sstream>

#include "agents/investment_table.hpp"
#include "agents/measures.hpp"
#include "agents/reform_measures.hpp"
#include "agents/simulation.hpp"
#include "cli/ranks.hpp"
#include "output/atomic_file.hpp"
#include "output/error.hpp"
#include "output/run_file.hpp"
#include "sim/build_info.hpp"
#include "sim/csv_table.hpp"
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

/// One simulation a run command makes: a scenario file under some overrides, and its run name.
struct Variant {
    std::string scenario;
    std::vector<std::string> sets;
    std::string name;
    std::string role;  ///< "scenario", "comparator", "lever" or "group" (a run attribute)
};

/// Overrides of the main scenario that also apply to its comparator: all but the levers and run
/// settings (the comparator has its own; seed, sample and replicates are the main scenario's).
std::vector<std::string> comparator_sets(const std::vector<std::string>& sets,
                                         const sim::RunSettings& run) {
    std::vector<std::string> out;
    for (const auto& s : sets) {
        if (s.rfind("lever.", 0) != 0 && s.rfind("run.", 0) != 0) out.push_back(s);
    }
    out.push_back(fmt::format("run.seed={}", run.seed));
    out.push_back(fmt::format("run.sample={}", run.sample));
    out.push_back(fmt::format("run.replicates={}", run.replicates));
    out.push_back("run.start=" + run.start.to_string());
    out.push_back("run.end=" + run.end.to_string());
    return out;
}

/**
 * The simulations of one run command, in the order they are written. The scenario itself; then,
 * if it names a comparator, the comparator with the same seed, sample and dates (so the same
 * random streams: the differences are the reform, not noise), each lever in force that changes
 * rates on its own ("<name>.only.<lever>", the review's additive method) and each group of the
 * 30,000 on its own ("<name>.group.<group>"). Levers with costs only need no run of their own.
 */
std::vector<Variant> variants_of(const agents::Model& model, const RunOptions& o,
                                 const std::vector<std::string>& sets) {
    const auto& run = model.scenario.run;
    std::vector<Variant> out = {{o.scenario, sets, run.name, "scenario"}};
    if (run.comparator.empty()) return out;
    out.push_back({run.comparator, comparator_sets(sets, run), "", "comparator"});
    std::vector<const agents::Lever*> on;
    for (const auto& v : model.levers) {
        if (v.on) on.push_back(&v);
    }
    // The main scenario with only the levers `keep` accepts left on.
    const auto only = [&](const std::string& name, const char* role, const auto& keep) {
        Variant v{o.scenario, sets, name, role};
        v.sets.push_back("run.name=" + name);
        for (const auto* lever : on) {
            if (!keep(*lever)) v.sets.push_back("lever." + lever->id + ".on=0");
        }
        out.push_back(std::move(v));
    };
    for (const auto* lever : on) {
        if (!lever->has_mechanism()) continue;
        only(run.name + ".only." + lever->id, "lever",
             [&](const agents::Lever& v) { return v.id == lever->id; });
    }
    for (int g = 0; g < agents::kClaGroups; ++g) {
        const auto group = static_cast<agents::ClaGroup>(g);
        if (group == agents::ClaGroup::None) continue;
        const bool any = std::any_of(on.begin(), on.end(), [&](const agents::Lever* v) {
            return v->group == group && v->has_mechanism();
        });
        if (!any) continue;
        only(run.name + ".group." + agents::kClaGroupNames[static_cast<size_t>(g)], "group",
             [&](const agents::Lever& v) { return v.group == group; });
    }
    return out;
}

/**
 * Runs this rank's share of the work items (variant k, replicate r), item i = k x replicates + r
 * taken by rank i mod ranks, and writes them after each one: to the output itself when alone,
 * else to the rank's part file.
 */
void run_my_items(const RunOptions& o, const std::vector<Variant>& variants, uint32_t replicates,
                  const Ranks& ranks) {
    output::RunFile file;
    file.attributes = file_attributes();
    const auto n = static_cast<size_t>(ranks.size());
    const size_t items = variants.size() * replicates;
    std::optional<agents::Model> model;
    size_t loaded = variants.size();
    for (size_t i = static_cast<size_t>(ranks.rank()); i < items; i += n) {
        const size_t k = i / replicates;
        const auto r = static_cast<uint32_t>(i % replicates);
        if (loaded != k) {
            model.reset();
            model.emplace(agents::Model::load(variants[k].scenario, variants[k].sets));
            loaded = k;
        }
        const auto& run = model->scenario.run;
        std::string scenario_text;
        for (const auto& [path, text] : model->scenario.files_read) {
            scenario_text += "# ---- " + path + "\n" + text + "\n";
        }
        const auto t0 = std::chrono::steady_clock::now();
        agents::RunStats stats;
        const ProgressBar bar(run.name + " replicate " + std::to_string(r));
        output::RunRecord record = agents::simulate(*model, r, bar, &stats);
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        spdlog::info("{} replicate {}: {} children, {} events in {:.2f} s ({:.3g} events/s)",
                     run.name, r, stats.children, stats.events, secs,
                     static_cast<double>(stats.events) / secs);
        record.attributes.insert({
            {"scenario_path", model->scenario.path.string()},
            {"scenario_text", scenario_text},
            {"resolved_scenario", model->scenario.resolved_toml},
            {"overrides", fmt::format("{}", fmt::join(variants[k].sets, "\n"))},
            {"role", variants[k].role},
            {"comparator_run", variants.size() > 1 ? variants[1].name : std::string()},
        });
        file.runs.push_back(std::move(record));
        // Rewrite after every run, so an interrupted batch keeps what finished.
        file.attributes["replicates_complete"] = fmt::format("{} of {}", file.runs.size(), items);
        output::write_run_file(ranks.size() == 1 ? o.output : part_path(o.output, ranks.rank()),
                               file);
    }
}

/// Rank 0 of an MPI batch: gathers the parts into the output, in work-item order (variants in
/// the order of `names`, then replicates), and removes them. The file is the one a single process
/// would have written, byte for byte.
void assemble_parts(const std::string& output, const std::vector<std::string>& names,
                    uint32_t replicates, int ranks) {
    output::RunFile whole;
    whole.attributes = file_attributes();
    const size_t items = names.size() * replicates;
    const int parts = static_cast<int>(std::min<size_t>(static_cast<size_t>(ranks), items));
    std::vector<output::RunRecord> runs;
    for (int k = 0; k < parts; ++k) {
        auto part = output::read_run_file(part_path(output, k));
        for (auto& r : part.runs) runs.push_back(std::move(r));
    }
    const auto item = [&](const output::RunRecord& r) {
        const auto at = std::find(names.begin(), names.end(), r.scenario) - names.begin();
        return static_cast<size_t>(at) * replicates + r.replicate;
    };
    std::sort(
        runs.begin(), runs.end(),
        [&](const output::RunRecord& a, const output::RunRecord& b) { return item(a) < item(b); });
    whole.runs = std::move(runs);
    whole.attributes["replicates_complete"] = fmt::format("{} of {}", items, items);
    output::write_run_file(output, whole);
    for (int k = 0; k < parts; ++k) std::filesystem::remove(part_path(output, k));
}

/// What a run command does on every rank: its variants' run names and replicates.
struct RunPlan {
    std::vector<std::string> names;
    uint32_t replicates = 1;
};

/// Runs this rank's share of the scenario's simulations; returns the plan of the whole run.
/// Throws on bad input or failure.
RunPlan run_on_this_rank(const RunOptions& o, const Ranks& ranks) {
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
    RunPlan plan;
    std::vector<Variant> variants;
    int threads = 0;
    {
        const agents::Model model = agents::Model::load(o.scenario, sets);
        const auto& run = model.scenario.run;
        variants = variants_of(model, o, sets);
        plan.replicates = run.replicates;
        threads = o.threads >= 0 ? o.threads : run.threads;
        spdlog::info(
            "scenario '{}': {} LAs, sample {}, seed {}, {} replicate(s), {} run(s) each, {} "
            "rank(s)",
            run.name, model.las.size(), run.sample, run.seed, run.replicates, variants.size(),
            ranks.size());
    }
    // The comparator's run name is its own: read it before any work, so that every rank agrees.
    for (auto& v : variants) {
        if (v.name.empty()) v.name = sim::load_scenario(v.scenario, v.sets).run.name;
        plan.names.push_back(v.name);
    }
    for (size_t k = 0; k < plan.names.size(); ++k) {
        for (size_t j = 0; j < k; ++j) {
            if (plan.names[j] == plan.names[k]) {
                throw sim::ScenarioError(
                    o.scenario, 0, 0, "run.comparator",
                    "the comparator has the scenario's own run name '" + plan.names[k] + "'");
            }
        }
    }
    const sim::ThreadLimit limit(threads);
    run_my_items(o, variants, plan.replicates, ranks);
    return plan;
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
    RunPlan plan;
    const int ran = ranks.max(guarded([&] { plan = run_on_this_rank(o, ranks); }));
    if (ran != kExitOk) return ran;
    int assembled = kExitOk;
    if (ranks.rank() == 0) {
        assembled = guarded([&] {
            assemble_parts(o.output, plan.names, plan.replicates, ranks.size());
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

int parameters_command(const std::string& scenario, const std::vector<std::string>& sets) {
    const sim::Scenario s = sim::load_scenario(scenario, sets);
    std::cout << "name,value,unit,description,source,calibrated,target,defined_at,set_at\n";
    for (const auto& [name, p] : s.parameters.all()) {
        const std::string value = p.is_array ? fmt::format("[{}]", fmt::join(p.values, ", "))
                                             : fmt::format("{}", p.values.at(0));
        std::cout << sim::csv_cell(name) << ',' << sim::csv_cell(value) << ','
                  << sim::csv_cell(p.unit) << ',' << sim::csv_cell(p.description) << ','
                  << sim::csv_cell(p.source) << ',' << (p.calibrated ? "true" : "false") << ','
                  << sim::csv_cell(p.target) << ',' << sim::csv_cell(p.defined_at) << ','
                  << sim::csv_cell(p.set_at) << '\n';
    }
    return kExitOk;
}

int summary_command(const std::string& path, bool csv) {
    const output::RunFile file = output::read_run_file(path);
    if (csv) {
        std::cout << "scenario,replicate,measure,period,value\n";
    }
    const auto reform = agents::reform_measures(file);
    for (const auto& run : file.runs) {
        auto values = agents::summarise(run);
        for (const auto& r : reform) {
            if (r.scenario == run.scenario && r.replicate == run.replicate) {
                values.insert(values.end(), r.values.begin(), r.values.end());
            }
        }
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

int table_command(const std::string& path, bool csv, agents::Prices prices) {
    const output::RunFile file = output::read_run_file(path);
    const auto values = agents::investment_table(file, prices);
    const std::string price_label = prices == agents::Prices::Constant
                                        ? "constant prices of " + agents::price_base(file)
                                        : "cash";
    if (csv) {
        std::cout << "method,row,year,value_gbp_m\n";
        for (const auto& v : values) {
            std::cout << v.method << ',' << sim::csv_cell(v.row) << ',' << v.year << ','
                      << fmt::format("{:.1f}", v.gbp_m) << '\n';
        }
        return kExitOk;
    }
    // One block per method: rows in order, a column per programme year.
    std::vector<std::string> years;
    for (const auto& v : values) {
        if (std::find(years.begin(), years.end(), v.year) == years.end()) years.push_back(v.year);
    }
    std::string method, row;
    for (const auto& v : values) {
        if (v.method != method) {
            method = v.method;
            std::cout << (row.empty() ? "" : "\n\n") << "Impact on public finance (GBP millions), "
                      << method << ", " << price_label << "; negative = net cost\n"
                      << fmt::format("{:<54}", "");
            for (const auto& y : years) std::cout << fmt::format("{:>7}", y);
            row.clear();
        }
        if (v.row != row) {
            row = v.row;
            std::cout << '\n' << fmt::format("{:<54}", row.substr(0, 53));
        }
        std::cout << fmt::format("{:>7.0f}", v.gbp_m);
    }
    std::cout << '\n';
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
    std::string table_path;
    bool table_csv = false;
    auto* table_cmd = app.add_subcommand(
        "table", "The investment profile of a reform run: scenario minus comparator, GBP millions");
    table_cmd->add_option("run_file", table_path, "Run file (HDF5) of a scenario with a comparator")
        ->required();
    table_cmd->add_flag("--csv", table_csv, "CSV: method,row,year,value_gbp_m");
    agents::Prices table_prices = agents::Prices::Cash;
    table_cmd
        ->add_option("--prices", table_prices,
                     "cash (each year's own, as the review's table) or constant (the ledger's "
                     "price year, deflated by the comparator's children's social care cost index)")
        ->transform(CLI::CheckedTransformer(std::map<std::string, agents::Prices>{
            {"cash", agents::Prices::Cash}, {"constant", agents::Prices::Constant}}));

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
        if (*table_cmd) return table_command(table_path, table_csv, table_prices);
        if (*parameters_cmd) return parameters_command(parameters_path, parameters_sets);
    } catch (const sim::ScenarioError& e) {
        spdlog::error("{}", e.what());
        return kExitBadInput;
    } catch (const output::OutputError& e) {
        spdlog::error("{}", e.what());
        return *summary_cmd || *table_cmd ? kExitBadInput : kExitFailure;
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return kExitFailure;
    }
    return kExitFailure;
}

}  // namespace csc::cli
