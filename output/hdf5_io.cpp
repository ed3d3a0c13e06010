#include "output/hdf5_io.hpp"

#include <functional>

#include "output/error.hpp"
#include "output/hdf5_error.hpp"

namespace csc::output {

namespace {

/// Frees the strings HDF5 allocated for a variable-length read, however the copy ends.
class VlenStrings {
  public:
    explicit VlenStrings(size_t n) : pointers_(n, nullptr) {}
    ~VlenStrings() {
        for (char* p : pointers_) {
            if (p != nullptr) H5free_memory(p);
        }
    }
    VlenStrings(const VlenStrings&) = delete;
    VlenStrings& operator=(const VlenStrings&) = delete;
    VlenStrings(VlenStrings&&) = delete;
    VlenStrings& operator=(VlenStrings&&) = delete;

    void* buffer() { return pointers_.data(); }
    [[nodiscard]] std::vector<std::string> strings() const {
        std::vector<std::string> out;
        out.reserve(pointers_.size());
        for (const char* p : pointers_) out.emplace_back(p == nullptr ? "" : p);
        return out;
    }

  private:
    std::vector<char*> pointers_;
};

/// Reads `count` strings stored with `file_type` through `read(memory_type, buffer)`.
std::vector<std::string> read_strings(hid_t file_type, size_t count,
                                      const std::function<herr_t(hid_t, void*)>& read,
                                      const std::string& what) {
    if (H5Tget_class(file_type) != H5T_STRING) throw OutputError(what + " does not hold text");
    DatatypeHandle memory_type(
        check_id(H5Tget_native_type(file_type, H5T_DIR_DEFAULT), "cannot read " + what));
    const htri_t variable = H5Tis_variable_str(file_type);
    check_status(variable, "cannot read " + what);
    if (count == 0) return {};
    if (variable > 0) {
        VlenStrings strings(count);
        check_status(read(memory_type.get(), strings.buffer()), "cannot read " + what);
        return strings.strings();
    }
    // Fixed-length: each element is `width` bytes, padded by NULs or spaces.
    const size_t width = H5Tget_size(file_type);
    if (width == 0) throw OutputError("cannot read " + what + ": zero-width strings");
    std::vector<char> buffer(width * count);
    check_status(read(memory_type.get(), buffer.data()), "cannot read " + what);
    const bool space_padded = H5Tget_strpad(file_type) == H5T_STR_SPACEPAD;
    std::vector<std::string> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        std::string s(buffer.data() + i * width, width);
        if (space_padded) {
            s.erase(s.find_last_not_of(' ') + 1);
        } else if (const size_t nul = s.find('\0'); nul != std::string::npos) {
            s.erase(nul);
        }
        out.push_back(std::move(s));
    }
    return out;
}

size_t element_count(hid_t space, const std::string& what) {
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    if (n < 0) check_status(-1, "cannot read the shape of " + what);
    return static_cast<size_t>(n);
}

/// Opens an attribute that must hold exactly one value.
AttributeHandle open_single_attribute(hid_t object, const std::string& name) {
    const std::string what = "attribute " + in_quotes(name);
    if (!has_attribute(object, name)) throw OutputError("missing " + what);
    AttributeHandle attribute(
        check_id(H5Aopen(object, name.c_str(), H5P_DEFAULT), "cannot open " + what));
    DataspaceHandle space(check_id(H5Aget_space(attribute.get()), "cannot read " + what));
    if (element_count(space.get(), what) != 1) throw OutputError(what + " is not a single value");
    return attribute;
}

herr_t collect_attribute_name(hid_t /*location*/, const char* name, const H5A_info_t* /*info*/,
                              void* names) {
    try {
        static_cast<std::vector<std::string>*>(names)->emplace_back(name);
        return 0;
    } catch (...) {
        return -1;  // no exception may cross the C library
    }
}

}  // namespace

DatatypeHandle make_string_type() {
    DatatypeHandle type(check_id(H5Tcopy(H5T_C_S1), "cannot make a string type"));
    check_status(H5Tset_size(type.get(), H5T_VARIABLE), "cannot make a string type");
    check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), "cannot make a string type");
    return type;
}

PropertyListHandle utf8_link_properties() {
    PropertyListHandle lcpl(
        check_id(H5Pcreate(H5P_LINK_CREATE), "cannot make link creation properties"));
    check_status(H5Pset_char_encoding(lcpl.get(), H5T_CSET_UTF8), "cannot set name encoding");
    return lcpl;
}

PropertyListHandle group_creation_properties() {
    PropertyListHandle gcpl(
        check_id(H5Pcreate(H5P_GROUP_CREATE), "cannot make group creation properties"));
    check_status(H5Pset_obj_track_times(gcpl.get(), false), "cannot turn off group timestamps");
    check_status(
        H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "cannot track link creation order");
    return gcpl;
}

PropertyListHandle dataset_creation_properties() {
    PropertyListHandle dcpl(
        check_id(H5Pcreate(H5P_DATASET_CREATE), "cannot make dataset creation properties"));
    check_status(H5Pset_obj_track_times(dcpl.get(), false), "cannot turn off dataset timestamps");
    return dcpl;
}

GroupHandle create_group(hid_t parent, const std::string& name) {
    const PropertyListHandle lcpl = utf8_link_properties();
    const PropertyListHandle gcpl = group_creation_properties();
    return GroupHandle(
        check_id(H5Gcreate2(parent, name.c_str(), lcpl.get(), gcpl.get(), H5P_DEFAULT),
                 "cannot create group " + in_quotes(name)));
}

GroupHandle open_group(hid_t parent, const std::string& name) {
    return GroupHandle(check_id(H5Gopen2(parent, name.c_str(), H5P_DEFAULT),
                                "cannot open group " + in_quotes(name)));
}

DatasetHandle open_dataset(hid_t parent, const std::string& name) {
    return DatasetHandle(check_id(H5Dopen2(parent, name.c_str(), H5P_DEFAULT),
                                  "cannot open dataset " + in_quotes(name)));
}

bool has_link(hid_t group, const std::string& name) {
    const htri_t exists = H5Lexists(group, name.c_str(), H5P_DEFAULT);
    check_status(exists, "cannot look up " + in_quotes(name));
    return exists > 0;
}

bool has_attribute(hid_t object, const std::string& name) {
    const htri_t exists = H5Aexists(object, name.c_str());
    check_status(exists, "cannot look up attribute " + in_quotes(name));
    return exists > 0;
}

std::vector<std::string> link_names(hid_t group) {
    PropertyListHandle gcpl(check_id(H5Gget_create_plist(group), "cannot read group properties"));
    unsigned order_flags = 0;
    check_status(H5Pget_link_creation_order(gcpl.get(), &order_flags),
                 "cannot read group properties");
    const H5_index_t index =
        (order_flags & H5P_CRT_ORDER_INDEXED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;

    H5G_info_t info{};
    check_status(H5Gget_info(group, &info), "cannot list group");
    std::vector<std::string> names;
    names.reserve(info.nlinks);
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const ssize_t length =
            H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
        check_status(length < 0 ? -1 : 0, "cannot list group");
        std::string name(static_cast<size_t>(length) + 1, '\0');
        check_status(H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(), name.size(),
                                        H5P_DEFAULT) < 0
                         ? -1
                         : 0,
                     "cannot list group");
        name.resize(static_cast<size_t>(length));
        names.push_back(std::move(name));
    }
    return names;
}

std::vector<std::string> attribute_names(hid_t object) {
    std::vector<std::string> names;
    hsize_t position = 0;
    check_status(
        H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &position, collect_attribute_name, &names),
        "cannot list attributes");
    return names;
}

void write_string_attribute(hid_t object, const std::string& name, const std::string& value) {
    const std::string what = "cannot write attribute " + in_quotes(name);
    const DatatypeHandle type = make_string_type();
    const DataspaceHandle space(check_id(H5Screate(H5S_SCALAR), what));
    PropertyListHandle acpl(check_id(H5Pcreate(H5P_ATTRIBUTE_CREATE), what));
    check_status(H5Pset_char_encoding(acpl.get(), H5T_CSET_UTF8), what);
    AttributeHandle attribute(check_id(
        H5Acreate2(object, name.c_str(), type.get(), space.get(), acpl.get(), H5P_DEFAULT), what));
    const char* text = value.c_str();
    check_status(H5Awrite(attribute.get(), type.get(), static_cast<const void*>(&text)), what);
    check_status(attribute.close(), what);
}

void write_uint32_attribute(hid_t object, const std::string& name, uint32_t value) {
    const std::string what = "cannot write attribute " + in_quotes(name);
    const DataspaceHandle space(check_id(H5Screate(H5S_SCALAR), what));
    PropertyListHandle acpl(check_id(H5Pcreate(H5P_ATTRIBUTE_CREATE), what));
    check_status(H5Pset_char_encoding(acpl.get(), H5T_CSET_UTF8), what);
    AttributeHandle attribute(check_id(
        H5Acreate2(object, name.c_str(), H5T_STD_U32LE, space.get(), acpl.get(), H5P_DEFAULT),
        what));
    check_status(H5Awrite(attribute.get(), H5T_NATIVE_UINT32, &value), what);
    check_status(attribute.close(), what);
}

std::string read_string_attribute(hid_t object, const std::string& name) {
    const std::string what = "attribute " + in_quotes(name);
    const AttributeHandle attribute = open_single_attribute(object, name);
    const DatatypeHandle type(check_id(H5Aget_type(attribute.get()), "cannot read " + what));
    const auto read = [&attribute](hid_t memory_type, void* buffer) {
        return H5Aread(attribute.get(), memory_type, buffer);
    };
    return read_strings(type.get(), 1, read, what).front();
}

uint32_t read_uint32_attribute(hid_t object, const std::string& name) {
    const std::string what = "attribute " + in_quotes(name);
    const AttributeHandle attribute = open_single_attribute(object, name);
    const DatatypeHandle type(check_id(H5Aget_type(attribute.get()), "cannot read " + what));
    if (H5Tget_class(type.get()) != H5T_INTEGER) throw OutputError(what + " is not an integer");
    uint32_t value = 0;
    check_status(H5Aread(attribute.get(), H5T_NATIVE_UINT32, &value), "cannot read " + what);
    return value;
}

void write_string_dataset(hid_t group, const std::string& name,
                          const std::vector<std::string>& values) {
    const std::string what = "cannot write dataset " + in_quotes(name);
    const DatatypeHandle type = make_string_type();
    const hsize_t length = values.size();
    const DataspaceHandle space(check_id(H5Screate_simple(1, &length, nullptr), what));
    const PropertyListHandle lcpl = utf8_link_properties();
    const PropertyListHandle dcpl = dataset_creation_properties();
    DatasetHandle dataset(check_id(H5Dcreate2(group, name.c_str(), type.get(), space.get(),
                                              lcpl.get(), dcpl.get(), H5P_DEFAULT),
                                   what));
    if (!values.empty()) {
        std::vector<const char*> pointers;
        pointers.reserve(values.size());
        for (const std::string& value : values) pointers.push_back(value.c_str());
        check_status(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                              static_cast<const void*>(pointers.data())),
                     what);
    }
    check_status(dataset.close(), what);
}

std::vector<std::string> read_string_dataset(hid_t group, const std::string& name) {
    const std::string what = "dataset " + in_quotes(name);
    const DatasetHandle dataset = open_dataset(group, name);
    const DatatypeHandle type(check_id(H5Dget_type(dataset.get()), "cannot read " + what));
    const DataspaceHandle space(check_id(H5Dget_space(dataset.get()), "cannot read " + what));
    const auto read = [&dataset](hid_t memory_type, void* buffer) {
        return H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    };
    return read_strings(type.get(), element_count(space.get(), what), read, what);
}

}  // namespace csc::output
