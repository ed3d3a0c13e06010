#include "sim/scenario/scenario_error.hpp"

#include <utility>

namespace csc::sim {

namespace {
std::string format_what(const std::string& file, int line, int column, const std::string& key,
                        const std::string& message) {
    std::string out = file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
    if (!key.empty()) out += key + ": ";
    return out + message;
}
}  // namespace

ScenarioError::ScenarioError(std::string file, int line, int column, std::string key,
                             std::string message)
    : std::runtime_error(format_what(file, line, column, key, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      key_(std::move(key)),
      message_(std::move(message)) {}

}  // namespace csc::sim
