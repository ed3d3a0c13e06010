// Small typed helpers over the HDF5 C API: groups, string and integer attributes, string datasets.
// All objects are created without timestamps, so that the same content gives the same bytes.
// Each helper throws OutputError (without the file name; the caller adds it) if HDF5 fails.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "output/hdf5_handle.hpp"

namespace csc::output {

/// A variable-length UTF-8 string type: every string this module writes has it.
DatatypeHandle make_string_type();

/// Properties for naming a new link or attribute in UTF-8.
PropertyListHandle utf8_link_properties();

/// Properties for a new group: no timestamps, links kept in creation order.
PropertyListHandle group_creation_properties();

/// Properties for a new dataset: no timestamps (the caller adds layout and filters).
PropertyListHandle dataset_creation_properties();

/// @throws OutputError if the group cannot be created.
GroupHandle create_group(hid_t parent, const std::string& name);
/// @throws OutputError if there is no such group.
GroupHandle open_group(hid_t parent, const std::string& name);
/// @throws OutputError if there is no such dataset.
DatasetHandle open_dataset(hid_t parent, const std::string& name);

/// True if `group` has a link called `name`. @throws OutputError if HDF5 fails.
bool has_link(hid_t group, const std::string& name);
/// True if `object` has an attribute called `name`. @throws OutputError if HDF5 fails.
bool has_attribute(hid_t object, const std::string& name);

/// Names of the links in `group`: in creation order where the group records it, else by name.
/// @throws OutputError if HDF5 fails.
std::vector<std::string> link_names(hid_t group);
/// Names of the attributes of `object`, in name order. @throws OutputError if HDF5 fails.
std::vector<std::string> attribute_names(hid_t object);

/// Writes a scalar variable-length UTF-8 string attribute. @throws OutputError.
void write_string_attribute(hid_t object, const std::string& name, const std::string& value);
/// Writes a scalar unsigned 32-bit little-endian integer attribute. @throws OutputError.
void write_uint32_attribute(hid_t object, const std::string& name, uint32_t value);

/// Reads a scalar string attribute, variable- or fixed-length.
/// @throws OutputError if it is missing, not a string or not a single value.
std::string read_string_attribute(hid_t object, const std::string& name);
/// Reads a scalar integer attribute as uint32.
/// @throws OutputError if it is missing, not an integer or not a single value.
uint32_t read_uint32_attribute(hid_t object, const std::string& name);

/// Writes a contiguous 1-D dataset of variable-length UTF-8 strings (may be empty).
/// @throws OutputError.
void write_string_dataset(hid_t group, const std::string& name,
                          const std::vector<std::string>& values);
/// Reads a dataset of strings, variable- or fixed-length, of any shape, in storage order.
/// @throws OutputError if it is missing or does not hold strings.
std::vector<std::string> read_string_dataset(hid_t group, const std::string& name);

}  // namespace csc::output
