#include "output/hdf5_error.hpp"

#include "output/error.hpp"

namespace csc::output {

Hdf5ErrorSilencer::Hdf5ErrorSilencer() {
    if (H5Eget_auto2(H5E_DEFAULT, &previous_function_, &previous_data_) < 0) {
        previous_function_ = nullptr;
        previous_data_ = nullptr;
    }
    (void)H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Hdf5ErrorSilencer::~Hdf5ErrorSilencer() {
    (void)H5Eset_auto2(H5E_DEFAULT, previous_function_, previous_data_);
}

namespace {

// Walking downward visits the failed API call first and the root cause last; keep the last.
herr_t keep_innermost(unsigned /*n*/, const H5E_error2_t* error, void* client_data) {
    auto* message = static_cast<std::string*>(client_data);
    if (error->desc != nullptr && error->desc[0] != '\0') {
        try {
            *message = error->desc;
        } catch (...) {
            return -1;  // no exception may cross the C library
        }
    }
    return 0;
}

std::string with_detail(const std::string& what) {
    const std::string detail = take_hdf5_error();
    return detail.empty() ? what : what + ": " + detail;
}

}  // namespace

std::string take_hdf5_error() {
    std::string message;
    (void)H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &message);
    (void)H5Eclear2(H5E_DEFAULT);
    return message;
}

hid_t check_id(hid_t id, const std::string& what) {
    if (id < 0) throw OutputError(with_detail(what));
    return id;
}

void check_status(herr_t status, const std::string& what) {
    if (status < 0) throw OutputError(with_detail(what));
}

}  // namespace csc::output
