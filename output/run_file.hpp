// Reading and writing run files: the HDF5 files in which cscsim stores simulation results.
//
// Layout of a run file (format "cscsim-run", format_version "5"):
//
//   /                                  root group
//     @format = "cscsim-run"           string attributes; every string this module writes is a
//     @format_version = "5"              variable-length UTF-8 string
//     @<name> = <value>                one per RunFile::attributes entry of at most 32 KiB
//     provenance/<name>                1-D string dataset (one element) for each RunFile attribute
//                                        over 32 KiB (HDF5 attributes cannot hold more than 64 KiB
//                                        in compact storage); only present if there is one
//     runs/
//       <scenario>/                    one group per scenario name
//         replicate_<k>/               one group per RunRecord; k is the replicate, in decimal
//           @scenario = <scenario>
//           @replicate = <k>           uint32
//           @<name> = <value>          RunRecord::attributes, spilling over 32 KiB as at the root:
//           provenance/<name>            1-D string dataset (one element)
//           axes/<axis name>           1-D string dataset: the labels of that axis. Axes are
//                                        shared by name within a run: two tables may use the
//                                        same axis name only with the same labels
//           <table name>               one dataset per Table: int64 (H5T_STD_I64LE) or float64
//             @axes = "month,la"         (H5T_IEEE_F64LE), shape = the axis lengths, row-major;
//             @description = "..."       chunked (a chunk spans the last two axes, capped at 1 MiB)
//             @unit = "children"         with shuffle + deflate level 4, except a table with no
//                                        values or no axes (scalar), which is stored contiguous.
//                                        @axes lists the axis names in order, comma-separated
//
// Groups record link creation order, so tables come back in the order they were written and
// runs come back grouped by scenario (scenarios in order of first appearance, replicates in the
// order written). Writing the same RunFile twice gives byte-identical files: no object carries a
// timestamp and attributes are written in a fixed order (identity attributes first, then the
// rest by name). The library version bounds are 1.8 to 1.10, so any HDF5 since 1.8 can read it.
//
// An empty table (no values) has no value vector to say whether it is integer or real; it is
// written as int64 and read back with both vectors empty.
//
// Names: scenario names, table names, axis names and attribute names must be non-empty, must not
// contain '/' or NUL or be "."; axis names must not contain ','; table names "axes" and
// "provenance" and attribute names "format", "format_version" (file) and "scenario",
// "replicate" (run) are reserved. Strings must not contain NUL. Violations throw OutputError
// before anything is written.
//
// HDF5 is called from the calling thread; do not write or read run files from several threads at
// once unless the HDF5 library is built thread-safe (Debian's is).
#pragma once

#include <filesystem>

#include "output/error.hpp"
#include "output/table.hpp"

namespace csc::output {

/// Writes atomically: to "<path>.tmp-<pid>" in the same directory, then renames over path; on any
/// failure removes the temp file and throws OutputError, leaving any existing file at path
/// untouched. The whole RunFile is checked (names, value counts) before any file is created.
/// @throws OutputError naming `path` if the RunFile is invalid (see the layout notes above), the
///         directory does not exist or is not writable, two tables of one run give the same axis
///         name different labels, or HDF5 fails.
void write_run_file(const std::filesystem::path& path, const RunFile& file);

/// Reads a file written by write_run_file. Large attributes stored under provenance/ are restored
/// into the attributes maps, and each table gets its axis labels back.
/// @throws OutputError naming `path` if the file is missing, not HDF5, or not a cscsim run file
///         (root attribute "format" = "cscsim-run" and "format_version" = "5"), or is damaged.
RunFile read_run_file(const std::filesystem::path& path);

}  // namespace csc::output
