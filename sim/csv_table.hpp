// A small reader for the project's own CSV inputs (RFC 4180 quoting, header row).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/scenario_error.hpp"

namespace csc::sim {

/**
 * A CSV file read whole into memory. Cells are addressed by row and column name; numeric accessors
 * report bad input as ScenarioError naming the file, line and column.
 */
class CsvTable {
  public:
    /// @throws ScenarioError if the file cannot be read, a row has the wrong number of cells or
    /// a quote is unterminated.
    static CsvTable read(const std::filesystem::path& path);
    /// The same from text held in memory; `name` stands for the file in errors.
    static CsvTable parse(const std::string& text, const std::string& name);

    [[nodiscard]] size_t rows() const { return rows_.size(); }
    [[nodiscard]] const std::vector<std::string>& header() const { return header_; }
    /// @throws ScenarioError if the column is missing.
    [[nodiscard]] size_t column(const std::string& name) const;
    [[nodiscard]] const std::string& text(size_t row, size_t column) const;
    /// A number, or nothing if the cell is empty. @throws ScenarioError if it is not a number.
    [[nodiscard]] std::optional<double> number(size_t row, size_t column) const;
    /// @throws ScenarioError if empty or not a number.
    [[nodiscard]] double required_number(size_t row, size_t column) const;
    /// The error for a bad cell: file, line, column number and name, and `what` was expected.
    [[nodiscard]] ScenarioError cell_error(size_t row, size_t column,
                                           const std::string& what) const;
    /// Source line of a row (1-based, counting the header as line 1).
    [[nodiscard]] int line_of(size_t row) const { return lines_[row]; }
    [[nodiscard]] const std::string& path() const { return path_; }

  private:
    std::string path_;
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
    std::vector<int> lines_;
};

/// A CSV cell for output: quoted (RFC 4180) when it holds a comma, quote or newline.
[[nodiscard]] std::string csv_cell(const std::string& text);

}  // namespace csc::sim
