// RAII ownership of HDF5 identifiers (hid_t), one alias per kind of object.
#pragma once

#include <hdf5.h>

#include <utility>

namespace csc::output {

/// Owns one HDF5 identifier and releases it with `Close` when destroyed. Move-only. An invalid
/// (negative) identifier is allowed and never closed.
template <herr_t (*Close)(hid_t)>
class Hdf5Handle {
  public:
    Hdf5Handle() = default;
    explicit Hdf5Handle(hid_t id) : id_(id) {}
    ~Hdf5Handle() { release(); }

    Hdf5Handle(const Hdf5Handle&) = delete;
    Hdf5Handle& operator=(const Hdf5Handle&) = delete;
    Hdf5Handle(Hdf5Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
    Hdf5Handle& operator=(Hdf5Handle&& other) noexcept {
        if (this != &other) {
            release();
            id_ = std::exchange(other.id_, H5I_INVALID_HID);
        }
        return *this;
    }

    [[nodiscard]] hid_t get() const { return id_; }
    [[nodiscard]] bool valid() const { return id_ >= 0; }

    /// Closes now and returns HDF5's status: closing a file flushes it, so that close can fail
    /// and a writer must check it. The destructor cannot report failure.
    herr_t close() {
        const hid_t id = std::exchange(id_, H5I_INVALID_HID);
        return id >= 0 ? Close(id) : 0;
    }

  private:
    void release() noexcept {
        if (id_ >= 0) (void)Close(id_);
        id_ = H5I_INVALID_HID;
    }

    hid_t id_ = H5I_INVALID_HID;
};

using FileHandle = Hdf5Handle<H5Fclose>;
using GroupHandle = Hdf5Handle<H5Gclose>;
using DatasetHandle = Hdf5Handle<H5Dclose>;
using AttributeHandle = Hdf5Handle<H5Aclose>;
using DataspaceHandle = Hdf5Handle<H5Sclose>;
using DatatypeHandle = Hdf5Handle<H5Tclose>;
using PropertyListHandle = Hdf5Handle<H5Pclose>;

}  // namespace csc::output
