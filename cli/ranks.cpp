#include "cli/ranks.hpp"

#include <cstdlib>
#include <initializer_list>

#ifdef CSCSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace csc::cli {

namespace {
/// Environment variables that Open MPI, MPICH/Slurm PMI and PMIx launchers set in each process.
bool launched_by_mpi() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
        if (std::getenv(name) != nullptr) return true;  // NOLINT(concurrency-mt-unsafe): at start
    }
    return false;
}
}  // namespace

Ranks::Ranks([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef CSCSIM_HAVE_MPI
    if (launched_by_mpi()) {
        MPI_Init(&argc, &argv);
        MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
        MPI_Comm_size(MPI_COMM_WORLD, &size_);
        mpi_ = true;
    }
#else
    (void)launched_by_mpi;
#endif
}

Ranks::~Ranks() {
#ifdef CSCSIM_HAVE_MPI
    if (mpi_) MPI_Finalize();
#endif
}

int Ranks::max(int value) const {
#ifdef CSCSIM_HAVE_MPI
    if (mpi_) {
        int largest = value;
        MPI_Allreduce(&value, &largest, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        return largest;
    }
#endif
    return value;
}

}  // namespace csc::cli
