#include <catch2/catch.hpp>
#include <stdexcept>

#include "output/atomic_file.hpp"
#include "temp_dir.hpp"

namespace csc::output {
namespace {

using test::read_bytes;
using test::TempDir;
using test::write_bytes;

TEST_CASE("write_text_atomically creates and replaces a file", "[output]") {
    const TempDir dir;
    const auto path = dir / "table.csv";
    write_text_atomically(path, "a,b\n1,2\n");
    CHECK(read_bytes(path) == "a,b\n1,2\n");
    write_text_atomically(path, "");
    CHECK(read_bytes(path).empty());
    write_text_atomically(path, std::string("x\0y", 3));
    CHECK(read_bytes(path) == std::string("x\0y", 3));
    CHECK(dir.entries() == std::vector<std::string>{"table.csv"});
}

TEST_CASE("temporary_path_for appends .tmp-<pid> in the same directory", "[output]") {
    const std::filesystem::path path = "/some/dir/run.h5";
    const auto temporary = temporary_path_for(path);
    CHECK(temporary.parent_path() == path.parent_path());
    CHECK(temporary.filename().string() == "run.h5.tmp-" + std::to_string(::getpid()));
}

TEST_CASE("write_text_atomically into a missing directory throws naming the path", "[output]") {
    const TempDir dir;
    const auto path = dir / "missing" / "table.csv";
    REQUIRE_THROWS_AS(write_text_atomically(path, "x"), OutputError);
    REQUIRE_THROWS_WITH(write_text_atomically(path, "x"), Catch::Contains(path.string()));
    CHECK(dir.entries().empty());
}

TEST_CASE("write_text_atomically to a path that is a directory keeps it and cleans up",
          "[output]") {
    const TempDir dir;
    const auto path = dir / "occupied";
    std::filesystem::create_directory(path);
    write_bytes(path / "inside.txt", "keep");
    REQUIRE_THROWS_AS(write_text_atomically(path, "x"), OutputError);
    CHECK(dir.entries() == std::vector<std::string>{"occupied"});
    CHECK(read_bytes(path / "inside.txt") == "keep");
}

TEST_CASE("write_atomically removes the temporary file when the writer fails", "[output]") {
    const TempDir dir;
    const auto path = dir / "out.txt";
    write_text_atomically(path, "old");
    const auto failing_writer = [](const std::filesystem::path& temporary) {
        write_bytes(temporary, "half");
        throw std::runtime_error("disk on fire");
    };
    REQUIRE_THROWS_WITH(write_atomically(path, failing_writer),
                        Catch::Contains("disk on fire") && Catch::Contains(path.string()));
    CHECK(read_bytes(path) == "old");
    CHECK(dir.entries() == std::vector<std::string>{"out.txt"});

    // A writer that "succeeds" without creating the file is a failure too.
    REQUIRE_THROWS_AS(write_atomically(path, [](const std::filesystem::path&) {}), OutputError);
    CHECK(read_bytes(path) == "old");
    CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
}

TEST_CASE("write_atomically lets non-standard exceptions through after cleaning up", "[output]") {
    const TempDir dir;
    const auto path = dir / "out.txt";
    const auto throwing_writer = [](const std::filesystem::path& temporary) {
        write_bytes(temporary, "half");
        throw 42;
    };
    REQUIRE_THROWS_AS(write_atomically(path, throwing_writer), int);
    CHECK(dir.entries().empty());
}

TEST_CASE("write_atomically rejects a path without a file name", "[output]") {
    const TempDir dir;
    REQUIRE_THROWS_AS(write_text_atomically(dir.path() / "", "x"), OutputError);
    CHECK(dir.entries().empty());
}

}  // namespace
}  // namespace csc::output
