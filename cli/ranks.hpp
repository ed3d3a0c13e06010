// The processes of a batch: the MPI ranks when launched by mpirun, else this process alone.
#pragma once

namespace csc::cli {

/**
 * Initialises MPI only when the process was started by an MPI launcher (mpirun, srun), so a plain
 * `cscsim run` never touches MPI. Builds without MPI always have one rank.
 */
class Ranks {
  public:
    Ranks(int& argc, char**& argv);
    ~Ranks();
    Ranks(const Ranks&) = delete;
    Ranks& operator=(const Ranks&) = delete;
    Ranks(Ranks&&) = delete;
    Ranks& operator=(Ranks&&) = delete;

    [[nodiscard]] int rank() const { return rank_; }
    [[nodiscard]] int size() const { return size_; }
    /// The largest of `value` over all ranks (a collective: every rank must call it).
    [[nodiscard]] int max(int value) const;

  private:
    int rank_ = 0;
    int size_ = 1;
    bool mpi_ = false;
};

}  // namespace csc::cli
