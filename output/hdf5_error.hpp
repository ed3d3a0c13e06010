// Turning HDF5's error stack into OutputError messages instead of text printed to stderr.
#pragma once

#include <hdf5.h>

#include <string>

namespace csc::output {

/// While alive, stops HDF5 printing its error stack to stderr on this thread (failures are
/// reported through OutputError instead); restores the previous handler when destroyed.
class Hdf5ErrorSilencer {
  public:
    Hdf5ErrorSilencer();
    ~Hdf5ErrorSilencer();
    Hdf5ErrorSilencer(const Hdf5ErrorSilencer&) = delete;
    Hdf5ErrorSilencer& operator=(const Hdf5ErrorSilencer&) = delete;
    Hdf5ErrorSilencer(Hdf5ErrorSilencer&&) = delete;
    Hdf5ErrorSilencer& operator=(Hdf5ErrorSilencer&&) = delete;

  private:
    H5E_auto2_t previous_function_ = nullptr;
    void* previous_data_ = nullptr;
};

/// The most specific message on this thread's HDF5 error stack ("" if none); clears the stack.
std::string take_hdf5_error();

/// Returns `id` if valid.
/// @throws OutputError "<what>: <HDF5's message>" if `id` is negative (HDF5 failed).
hid_t check_id(hid_t id, const std::string& what);

/// @throws OutputError "<what>: <HDF5's message>" if `status` is negative (HDF5 failed).
void check_status(herr_t status, const std::string& what);

}  // namespace csc::output
