// Helpers shared by the tests: where the sources are, and reading tables out of a run.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "output/table.hpp"

namespace csc::test {

inline std::filesystem::path source_dir() { return CSCSIM_SOURCE_DIR; }
inline std::filesystem::path scenario(const std::string& name) {
    return source_dir() / "scenarios" / name;
}

inline const output::Table& table(const output::RunRecord& run, const std::string& name) {
    return run.table(name);
}

inline int label_index(const output::Axis& axis, const std::string& label) {
    for (size_t i = 0; i < axis.labels.size(); ++i) {
        if (axis.labels[i] == label) return static_cast<int>(i);
    }
    throw std::runtime_error("no label " + label + " on axis " + axis.name);
}

/// A fresh empty directory under the system temporary directory.
inline std::filesystem::path fresh_temp_dir(const std::string& tag) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("cscsim-test-" + tag + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace csc::test
