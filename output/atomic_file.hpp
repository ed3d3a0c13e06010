// Writing a file so that readers see either the old file or the complete new one, never a part.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "output/error.hpp"

namespace csc::output {

/// The temporary file a write to `path` goes through: "<path>.tmp-<pid>", in the same directory
/// (so the final rename cannot cross file systems).
std::filesystem::path temporary_path_for(const std::filesystem::path& path);

/**
 * Calls `write_temporary` with temporary_path_for(path), which it must create and fill, then
 * flushes that file to disk and renames it over `path`. If anything fails, the temporary file is
 * removed and any existing file at `path` is left untouched.
 *
 * Two writers of the same path in one process at once would share the temporary name: don't.
 * @throws OutputError naming `path` if the callback throws (an OutputError or any std::exception)
 *         or the flush or rename fails; other exceptions from the callback propagate unchanged,
 *         after the temporary file is removed.
 */
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path&)>& write_temporary);

/**
 * Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the temporary file of a write in
 * progress and then end the process as the signal would have, so an interrupted run leaves
 * neither a partial file nor a stray temporary. Call once, early in main().
 */
void remove_partial_files_on_interrupt();

/// Writes text to path atomically (temp + rename), as write_atomically.
/// @throws OutputError naming `path` if the file cannot be written.
void write_text_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace csc::output
