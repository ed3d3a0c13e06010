// Names and limits of the run-file layout (documented in run_file.hpp), shared by the writer,
// the reader and the validation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace csc::output::layout {

inline constexpr const char* kFormatAttribute = "format";
inline constexpr const char* kFormat = "cscsim-run";
inline constexpr const char* kFormatVersionAttribute = "format_version";
inline constexpr const char* kFormatVersion = "5";

inline constexpr const char* kRunsGroup = "runs";
inline constexpr const char* kProvenanceGroup = "provenance";
inline constexpr const char* kAxesGroup = "axes";
inline constexpr const char* kScenarioAttribute = "scenario";
inline constexpr const char* kReplicateAttribute = "replicate";
inline constexpr const char* kUnitAttribute = "unit";
inline constexpr const char* kDescriptionAttribute = "description";
inline constexpr const char* kAxesAttribute = "axes";
inline constexpr char kAxisSeparator = ',';

/// String attributes longer than this go to a provenance/ dataset instead.
inline constexpr size_t kMaxAttributeBytes = size_t{32} * 1024;
/// Upper bound on the bytes in one chunk of a table dataset.
inline constexpr size_t kMaxChunkBytes = size_t{1024} * 1024;
inline constexpr unsigned kDeflateLevel = 4;

inline std::string replicate_group_name(uint32_t replicate) {
    return "replicate_" + std::to_string(replicate);
}

}  // namespace csc::output::layout
