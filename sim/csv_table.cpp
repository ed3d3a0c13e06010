#include "sim/csv_table.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sim/scenario/scenario.hpp"

namespace csc::sim {

namespace {
// Splits one record; returns false if a quoted field runs past the end of the text.
bool split_record(const std::string& text, size_t& pos, std::vector<std::string>& cells,
                  int& line) {
    cells.clear();
    std::string cell;
    bool quoted = false;
    while (pos < text.size()) {
        const char c = text[pos++];
        if (quoted) {
            if (c == '"' && pos < text.size() && text[pos] == '"') {
                cell += '"';
                ++pos;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.push_back(std::move(cell));
            cell.clear();
        } else if (c == '\n') {
            break;
        } else if (c != '\r') {
            cell += c;
        }
    }
    cells.push_back(std::move(cell));
    return !quoted;
}
}  // namespace

CsvTable CsvTable::read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ScenarioError(path.string(), 0, 0, "", "cannot open file");
    std::stringstream buf;
    buf << in.rdbuf();
    return parse(buf.str(), path.string());
}

CsvTable CsvTable::parse(const std::string& text, const std::string& name) {
    CsvTable t;
    t.path_ = name;
    size_t pos = 0;
    int line = 1;
    std::vector<std::string> cells;
    if (!split_record(text, pos, cells, line) || cells.empty() || cells[0].empty()) {
        throw ScenarioError(t.path_, 1, 0, "", "expected a header row");
    }
    t.header_ = cells;
    while (pos < text.size()) {
        const int record_line = ++line;
        if (!split_record(text, pos, cells, line)) {
            throw ScenarioError(t.path_, record_line, 0, "", "unterminated quoted field");
        }
        if (cells.size() == 1 && cells[0].empty()) continue;  // blank line
        if (cells.size() != t.header_.size()) {
            throw ScenarioError(t.path_, record_line, 0, "",
                                "expected " + std::to_string(t.header_.size()) + " cells, got " +
                                    std::to_string(cells.size()));
        }
        t.rows_.push_back(cells);
        t.lines_.push_back(record_line);
    }
    return t;
}

size_t CsvTable::column(const std::string& name) const {
    for (size_t i = 0; i < header_.size(); ++i) {
        if (header_[i] == name) return i;
    }
    throw ScenarioError(path_, 1, 0, name, "missing column");
}

const std::string& CsvTable::text(size_t row, size_t column) const { return rows_[row][column]; }

std::optional<double> CsvTable::number(size_t row, size_t column) const {
    const std::string& s = rows_[row][column];
    if (s.empty()) return std::nullopt;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(v)) {
        throw cell_error(row, column, "expected a finite number, got '" + s + "'");
    }
    return v;
}

ScenarioError CsvTable::cell_error(size_t row, size_t column, const std::string& what) const {
    return ScenarioError(path_, lines_[row], static_cast<int>(column) + 1, header_[column], what);
}

double CsvTable::required_number(size_t row, size_t column) const {
    const auto v = number(row, column);
    if (!v) {
        throw cell_error(row, column, "expected a number, got an empty cell");
    }
    return *v;
}

std::string csv_cell(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace csc::sim
