// The one exception type for bad scenario files, parameter dictionaries and --set overrides.
#pragma once

#include <stdexcept>
#include <string>

namespace csc::sim {

/**
 * A bad scenario file or override. what() is "FILE:LINE:COLUMN: KEY: MESSAGE" (LINE/COLUMN 0 when
 * unknown, FILE is "<command line>" for --set overrides, "KEY: " omitted when there is no key).
 * The CLI prints what() and exits with code 2.
 */
class ScenarioError : public std::runtime_error {
  public:
    ScenarioError(std::string file, int line, int column, std::string key, std::string message);

    [[nodiscard]] const std::string& file() const { return file_; }
    [[nodiscard]] int line() const { return line_; }
    [[nodiscard]] int column() const { return column_; }
    [[nodiscard]] const std::string& key() const { return key_; }
    [[nodiscard]] const std::string& message() const { return message_; }

  private:
    std::string file_;
    int line_;
    int column_;
    std::string key_;
    std::string message_;
};

}  // namespace csc::sim
