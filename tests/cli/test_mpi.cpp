// MPI batches: the same run file, byte for byte, for 1 process, 1 rank and 2 ranks.
#ifdef CSCSIM_MPIEXEC
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "test_support.hpp"

namespace {

int shell(const std::string& cmd) {
    const int status = std::system(cmd.c_str());  // NOLINT(cert-env33-c): the test's own command
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// mpirun as root and with more ranks than cores, as on a CI machine; no shared-memory
/// single-copy mechanism, which containers often forbid. A hung batch is killed after 300 s
/// (exit code 124), so a deadlock fails the test instead of the whole CI run.
std::string mpirun(int ranks) {
    return "OMPI_MCA_btl_vader_single_copy_mechanism=none timeout 300 " +
           std::string(CSCSIM_MPIEXEC) + " --allow-run-as-root --oversubscribe -np " +
           std::to_string(ranks) + " ";
}

}  // namespace

TEST_CASE("1 process and 1 or 2 MPI ranks write identical run files", "[cli][mpi]") {
    const auto dir = csc::test::fresh_temp_dir("mpi");
    const std::string run = std::string(CSCSIM_BINARY) + " --log-level warn run " +
                            csc::test::scenario("smoke.toml").string() + " --replicates 3 -o ";
    REQUIRE(shell(run + (dir / "alone.h5").string()) == 0);
    REQUIRE(shell(mpirun(1) + run + (dir / "one.h5").string()) == 0);
    REQUIRE(shell(mpirun(2) + run + (dir / "two.h5").string() + " --threads 1") == 0);
    const std::string alone = bytes(dir / "alone.h5");
    REQUIRE(alone.size() > 1000);
    REQUIRE(alone == bytes(dir / "one.h5"));
    REQUIRE(alone == bytes(dir / "two.h5"));
    // No part files are left behind.
    size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
    REQUIRE(files == 3);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a reform run with its comparator is the same on 1 process and 2 MPI ranks",
          "[cli][mpi][levers]") {
    // The review's 17 work items (scenario, comparator, levers alone, groups) shared over ranks.
    const auto dir = csc::test::fresh_temp_dir("mpi_review");
    const std::string run = std::string(CSCSIM_BINARY) + " --log-level warn run " +
                            csc::test::scenario("review.toml").string() +
                            " --sample 0.002 --set run.end=2027-03-31 -o ";
    REQUIRE(shell(run + (dir / "alone.h5").string()) == 0);
    REQUIRE(shell(mpirun(2) + run + (dir / "two.h5").string() + " --threads 1") == 0);
    const std::string alone = bytes(dir / "alone.h5");
    REQUIRE(alone.size() > 1000);
    REQUIRE(alone == bytes(dir / "two.h5"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("bad input under MPI exits with code 2 on every rank", "[cli][mpi]") {
    const auto dir = csc::test::fresh_temp_dir("mpi-bad");
    const int code = shell(mpirun(2) + std::string(CSCSIM_BINARY) + " --log-level off run " +
                           (csc::test::source_dir() / "tests/cli/fixtures/typo.toml").string() +
                           " -o " + (dir / "x.h5").string() + " >/dev/null 2>&1");
    REQUIRE(code == 2);
    REQUIRE_FALSE(std::filesystem::exists(dir / "x.h5"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("a failure on one rank ends every rank with code 1 and no run file", "[cli][mpi]") {
    const auto dir = csc::test::fresh_temp_dir("mpi-fail");
    const int code = shell("CSCSIM_FAIL_ON_RANK=1 " + mpirun(2) + std::string(CSCSIM_BINARY) +
                           " --log-level off run " + csc::test::scenario("smoke.toml").string() +
                           " --replicates 2 -o " + (dir / "x.h5").string() + " >/dev/null 2>&1");
    REQUIRE(code == 1);  // not 124: timeout would mean a rank hung
    REQUIRE_FALSE(std::filesystem::exists(dir / "x.h5"));
    std::filesystem::remove_all(dir);
}
#endif
