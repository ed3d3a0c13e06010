#include "output/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <system_error>

namespace csc::output {

namespace {

std::string errno_text() { return std::strerror(errno); }

int open_file(const std::filesystem::path& path, int flags) {
    return ::open(path.c_str(), flags | O_CLOEXEC, 0666);  // NOLINT(*-vararg): POSIX API
}

/// Closes a POSIX file descriptor on scope exit unless released by close_checked().
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    FileDescriptor(FileDescriptor&&) = delete;
    FileDescriptor& operator=(FileDescriptor&&) = delete;

    [[nodiscard]] int get() const { return fd_; }
    [[nodiscard]] bool valid() const { return fd_ >= 0; }
    /// Closes now; false if close reported an error (possible lost write on some file systems).
    bool close_checked() {
        const int fd = fd_;
        fd_ = -1;
        return ::close(fd) == 0;
    }

  private:
    int fd_;
};

/// Forces the file's data to disk, so that after the rename a crash cannot leave an empty file.
void sync_file(const std::filesystem::path& path) {
    FileDescriptor fd(open_file(path, O_RDONLY));
    if (!fd.valid()) {
        throw OutputError("cannot reopen " + in_quotes(path.string()) + ": " + errno_text());
    }
    if (::fsync(fd.get()) != 0) {
        throw OutputError("cannot flush " + in_quotes(path.string()) + ": " + errno_text());
    }
    if (!fd.close_checked()) {
        throw OutputError("cannot close " + in_quotes(path.string()) + ": " + errno_text());
    }
}

/// Best effort: makes the rename itself durable. The new file is already in place, so a failure
/// here is not reported.
void sync_directory(const std::filesystem::path& directory) {
    const std::filesystem::path dir = directory.empty() ? std::filesystem::path(".") : directory;
    FileDescriptor fd(open_file(dir, O_RDONLY | O_DIRECTORY));
    if (fd.valid()) (void)::fsync(fd.get());
}

// The temporary file being written now, for the signal handler: a fixed buffer, because a handler
// may only call async-signal-safe functions (unlink, signal, raise).
constexpr size_t kMaxPath = 4096;
char g_in_progress[kMaxPath] = {};  // NOLINT(*-avoid-c-arrays,*-avoid-non-const-global-variables)
volatile std::sig_atomic_t g_has_in_progress = 0;  // NOLINT(*-avoid-non-const-global-variables)

extern "C" void remove_in_progress_and_reraise(int signal_number) {
    if (g_has_in_progress != 0) ::unlink(g_in_progress);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

/// Marks `path` as the file to remove if the process is interrupted, until the guard ends.
class InProgress {
  public:
    explicit InProgress(const std::filesystem::path& path) {
        const std::string& s = path.native();
        if (s.size() < kMaxPath) {
            std::memcpy(g_in_progress, s.c_str(), s.size() + 1);
            g_has_in_progress = 1;
        }
    }
    ~InProgress() { g_has_in_progress = 0; }
    InProgress(const InProgress&) = delete;
    InProgress& operator=(const InProgress&) = delete;
    InProgress(InProgress&&) = delete;
    InProgress& operator=(InProgress&&) = delete;
};

void remove_quietly(const std::filesystem::path& path) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
}

}  // namespace

std::filesystem::path temporary_path_for(const std::filesystem::path& path) {
    std::filesystem::path temporary = path;
    temporary += ".tmp-" + std::to_string(::getpid());
    return temporary;
}

void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path&)>& write_temporary) {
    const std::string failure = "cannot write " + in_quotes(path.string()) + ": ";
    if (path.filename().empty()) throw OutputError(failure + "the path does not name a file");
    const std::filesystem::path temporary = temporary_path_for(path);
    const InProgress guard(temporary);
    try {
        write_temporary(temporary);
        sync_file(temporary);
        std::error_code error;
        std::filesystem::rename(temporary, path, error);
        if (error) {
            throw OutputError("cannot rename " + in_quotes(temporary.string()) + ": " +
                              error.message());
        }
    } catch (const std::exception& e) {
        remove_quietly(temporary);
        throw OutputError(failure + e.what());
    } catch (...) {
        remove_quietly(temporary);
        throw;
    }
    sync_directory(path.parent_path());
}

void remove_partial_files_on_interrupt() {
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
        std::signal(signal_number, remove_in_progress_and_reraise);
    }
}

void write_text_atomically(const std::filesystem::path& path, const std::string& text) {
    write_atomically(path, [&text](const std::filesystem::path& temporary) {
        FileDescriptor fd(open_file(temporary, O_WRONLY | O_CREAT | O_TRUNC));
        if (!fd.valid()) {
            throw OutputError("cannot create " + in_quotes(temporary.string()) + ": " +
                              errno_text());
        }
        const char* data = text.data();
        size_t remaining = text.size();
        while (remaining > 0) {  // write() may write less than asked, or be interrupted
            const ssize_t written = ::write(fd.get(), data, remaining);
            if (written < 0) {
                if (errno == EINTR) continue;
                throw OutputError("cannot write " + in_quotes(temporary.string()) + ": " +
                                  errno_text());
            }
            data += written;
            remaining -= static_cast<size_t>(written);
        }
        if (!fd.close_checked()) {
            throw OutputError("cannot close " + in_quotes(temporary.string()) + ": " +
                              errno_text());
        }
    });
}

}  // namespace csc::output
