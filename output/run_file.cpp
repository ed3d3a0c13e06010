#include "output/run_file.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "output/atomic_file.hpp"
#include "output/hdf5_error.hpp"
#include "output/hdf5_handle.hpp"
#include "output/hdf5_io.hpp"
#include "output/run_file_layout.hpp"
#include "output/run_file_validation.hpp"

namespace csc::output {

namespace {

// ---------------------------------------------------------------------------------------------
// Writing

/// Writes `attributes` on `object` in name order, moving values over kMaxAttributeBytes into
/// datasets of a provenance/ subgroup (created only if needed).
void write_attributes(hid_t object, const std::map<std::string, std::string>& attributes) {
    GroupHandle provenance;
    for (const auto& [name, value] : attributes) {
        if (value.size() <= layout::kMaxAttributeBytes) {
            write_string_attribute(object, name, value);
            continue;
        }
        if (!provenance.valid()) provenance = create_group(object, layout::kProvenanceGroup);
        write_string_dataset(provenance.get(), name, {value});
    }
}

/// A chunk spans the last two axes (one step along any leading axis), halving its largest
/// dimension until it fits kMaxChunkBytes.
std::vector<hsize_t> chunk_dimensions(const std::vector<hsize_t>& dims) {
    std::vector<hsize_t> chunk = dims;
    for (size_t i = 0; i + 2 < chunk.size(); ++i) chunk[i] = 1;
    const auto bytes = [&chunk] {
        hsize_t n = sizeof(int64_t);  // int64 and float64 alike
        for (hsize_t d : chunk) n *= d;
        return n;
    };
    while (bytes() > layout::kMaxChunkBytes) {
        hsize_t& largest = *std::max_element(chunk.begin(), chunk.end());
        largest = (largest + 1) / 2;
    }
    return chunk;
}

std::string joined_axis_names(const Table& table) {
    std::string names;
    for (const Axis& axis : table.axes) {
        if (!names.empty()) names += layout::kAxisSeparator;
        names += axis.name;
    }
    return names;
}

void write_table(hid_t group, const Table& table) {
    const std::string what = "cannot write table " + in_quotes(table.name);
    std::vector<hsize_t> dims;
    for (const Axis& axis : table.axes) dims.push_back(axis.labels.size());
    const DataspaceHandle space(check_id(
        dims.empty() ? H5Screate(H5S_SCALAR)
                     : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
        what));

    const PropertyListHandle dcpl = dataset_creation_properties();
    if (!dims.empty() && table.size() > 0) {  // HDF5 cannot chunk a scalar or a zero-size extent
        const std::vector<hsize_t> chunk = chunk_dimensions(dims);
        check_status(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), what);
        check_status(H5Pset_shuffle(dcpl.get()), what);
        check_status(H5Pset_deflate(dcpl.get(), layout::kDeflateLevel), what);
    }

    const bool real = table.is_real();
    const hid_t file_type = real ? H5T_IEEE_F64LE : H5T_STD_I64LE;
    const PropertyListHandle lcpl = utf8_link_properties();
    DatasetHandle dataset(check_id(H5Dcreate2(group, table.name.c_str(), file_type, space.get(),
                                              lcpl.get(), dcpl.get(), H5P_DEFAULT),
                                   what));
    if (table.size() > 0) {
        const herr_t status = real ? H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                              H5P_DEFAULT, table.reals.data())
                                   : H5Dwrite(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL,
                                              H5P_DEFAULT, table.integers.data());
        check_status(status, what);
    }
    // In name order, like every other attribute list.
    write_string_attribute(dataset.get(), layout::kAxesAttribute, joined_axis_names(table));
    write_string_attribute(dataset.get(), layout::kDescriptionAttribute, table.description);
    write_string_attribute(dataset.get(), layout::kUnitAttribute, table.unit);
    check_status(dataset.close(), what);
}

/// Writes each axis once per run, under axes/, and rejects a second use of an axis name with
/// different labels.
class AxisWriter {
  public:
    explicit AxisWriter(hid_t run_group) : run_group_(run_group) {}

    void write_axes_of(const Table& table) {
        for (const Axis& axis : table.axes) {
            const auto found = written_.find(axis.name);
            if (found != written_.end()) {
                if (*found->second != axis.labels) {
                    throw OutputError("table " + in_quotes(table.name) + ": axis " +
                                      in_quotes(axis.name) +
                                      " has labels different from an earlier table's axis of "
                                      "that name (axes are shared by name within a run)");
                }
                continue;
            }
            if (!axes_group_.valid()) axes_group_ = create_group(run_group_, layout::kAxesGroup);
            write_string_dataset(axes_group_.get(), axis.name, axis.labels);
            written_.emplace(axis.name, &axis.labels);
        }
    }

  private:
    hid_t run_group_;
    GroupHandle axes_group_;
    std::map<std::string, const std::vector<std::string>*> written_;
};

void write_run(hid_t run_group, const RunRecord& run) {
    write_string_attribute(run_group, layout::kScenarioAttribute, run.scenario);
    write_uint32_attribute(run_group, layout::kReplicateAttribute, run.replicate);
    write_attributes(run_group, run.attributes);
    AxisWriter axes(run_group);
    for (const Table& table : run.tables) {
        axes.write_axes_of(table);
        write_table(run_group, table);
    }
}

void write_hdf5(const std::filesystem::path& path, const RunFile& file) {
    const std::string what = "cannot create HDF5 file " + in_quotes(path.string());
    // The root group is made from the file creation properties, so they too drop timestamps.
    const PropertyListHandle fcpl(check_id(H5Pcreate(H5P_FILE_CREATE), what));
    check_status(H5Pset_obj_track_times(fcpl.get(), false), what);
    check_status(
        H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        what);
    const PropertyListHandle fapl(check_id(H5Pcreate(H5P_FILE_ACCESS), what));
    check_status(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V110), what);

    FileHandle hdf5_file(
        check_id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), what));
    {  // every object handle must be closed before the file, so that closing it really flushes
        const GroupHandle root = open_group(hdf5_file.get(), "/");
        write_string_attribute(root.get(), layout::kFormatAttribute, layout::kFormat);
        write_string_attribute(root.get(), layout::kFormatVersionAttribute, layout::kFormatVersion);
        write_attributes(root.get(), file.attributes);

        const GroupHandle runs = create_group(root.get(), layout::kRunsGroup);
        std::map<std::string, GroupHandle> scenarios;
        for (const RunRecord& run : file.runs) {
            auto scenario = scenarios.find(run.scenario);
            if (scenario == scenarios.end()) {
                scenario =
                    scenarios.emplace(run.scenario, create_group(runs.get(), run.scenario)).first;
            }
            const std::string run_name = layout::replicate_group_name(run.replicate);
            const GroupHandle run_group = create_group(scenario->second.get(), run_name);
            try {
                write_run(run_group.get(), run);
            } catch (const OutputError& e) {
                throw OutputError("run " + run.scenario + "/" + run_name + ": " + e.what());
            }
        }
    }
    check_status(hdf5_file.close(), "cannot close " + in_quotes(path.string()));
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Reads the string attributes of `object` (except `skip`) and the datasets of its provenance/
/// subgroup, if any.
std::map<std::string, std::string> read_attributes(hid_t object,
                                                   const std::set<std::string>& skip) {
    std::map<std::string, std::string> attributes;
    for (const std::string& name : attribute_names(object)) {
        if (skip.count(name) == 0) attributes.emplace(name, read_string_attribute(object, name));
    }
    if (!has_link(object, layout::kProvenanceGroup)) return attributes;
    const GroupHandle provenance = open_group(object, layout::kProvenanceGroup);
    for (const std::string& name : link_names(provenance.get())) {
        std::string value;
        for (const std::string& part : read_string_dataset(provenance.get(), name)) value += part;
        if (!attributes.emplace(name, std::move(value)).second) {
            throw OutputError("attribute " + in_quotes(name) + " is stored twice");
        }
    }
    return attributes;
}

std::vector<std::string> split_axis_names(const std::string& text) {
    std::vector<std::string> names;
    if (text.empty()) return names;  // a scalar table
    size_t start = 0;
    while (true) {
        const size_t end = text.find(layout::kAxisSeparator, start);
        names.push_back(text.substr(start, end - start));
        if (end == std::string::npos) return names;
        start = end + 1;
    }
}

/// Axis labels of one run, read from axes/ once each.
class AxisReader {
  public:
    explicit AxisReader(hid_t run_group) : run_group_(run_group) {}

    const std::vector<std::string>& labels(const std::string& axis) {
        auto found = cache_.find(axis);
        if (found != cache_.end()) return found->second;
        if (!axes_group_.valid()) axes_group_ = open_group(run_group_, layout::kAxesGroup);
        return cache_.emplace(axis, read_string_dataset(axes_group_.get(), axis)).first->second;
    }

  private:
    hid_t run_group_;
    GroupHandle axes_group_;
    std::map<std::string, std::vector<std::string>> cache_;
};

Table read_table(hid_t run_group, const std::string& name, AxisReader& axes) {
    const std::string what = "cannot read table " + in_quotes(name);
    const DatasetHandle dataset = open_dataset(run_group, name);
    Table table;
    table.name = name;
    table.unit = read_string_attribute(dataset.get(), layout::kUnitAttribute);
    table.description = read_string_attribute(dataset.get(), layout::kDescriptionAttribute);

    const DataspaceHandle space(check_id(H5Dget_space(dataset.get()), what));
    const int rank = H5Sget_simple_extent_ndims(space.get());
    check_status(rank, what);
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    check_status(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), what);

    const std::vector<std::string> axis_names =
        split_axis_names(read_string_attribute(dataset.get(), layout::kAxesAttribute));
    if (axis_names.size() != dims.size()) {
        throw OutputError(what + ": " + std::to_string(axis_names.size()) +
                          " axis names for a dataset of rank " + std::to_string(rank));
    }
    for (size_t i = 0; i < dims.size(); ++i) {
        Axis axis{axis_names[i], axes.labels(axis_names[i])};
        if (axis.labels.size() != dims[i]) {
            throw OutputError(what + ": axis " + in_quotes(axis.name) + " has " +
                              std::to_string(axis.labels.size()) + " labels but the dataset has " +
                              std::to_string(dims[i]) + " positions along it");
        }
        table.axes.push_back(std::move(axis));
    }

    const DatatypeHandle type(check_id(H5Dget_type(dataset.get()), what));
    const size_t count = table.size();
    switch (H5Tget_class(type.get())) {
        case H5T_INTEGER:
            table.integers.resize(count);
            if (count > 0) {
                check_status(H5Dread(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                     table.integers.data()),
                             what);
            }
            break;
        case H5T_FLOAT:
            table.reals.resize(count);
            if (count > 0) {
                check_status(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                     H5P_DEFAULT, table.reals.data()),
                             what);
            }
            break;
        default:
            throw OutputError(what + ": values are neither integers nor reals");
    }
    return table;
}

RunRecord read_run(hid_t run_group) {
    RunRecord run;
    run.scenario = read_string_attribute(run_group, layout::kScenarioAttribute);
    run.replicate = read_uint32_attribute(run_group, layout::kReplicateAttribute);
    run.attributes =
        read_attributes(run_group, {layout::kScenarioAttribute, layout::kReplicateAttribute});
    AxisReader axes(run_group);
    for (const std::string& name : link_names(run_group)) {
        if (name == layout::kAxesGroup || name == layout::kProvenanceGroup) continue;
        run.tables.push_back(read_table(run_group, name, axes));
    }
    return run;
}

void check_format(hid_t root) {
    if (!has_attribute(root, layout::kFormatAttribute)) {
        throw OutputError("not a cscsim run file (no root attribute 'format')");
    }
    const std::string format = read_string_attribute(root, layout::kFormatAttribute);
    if (format != layout::kFormat) {
        throw OutputError("not a cscsim run file (format is " + in_quotes(format) + ", expected " +
                          in_quotes(layout::kFormat) + ")");
    }
    const std::string version = has_attribute(root, layout::kFormatVersionAttribute)
                                    ? read_string_attribute(root, layout::kFormatVersionAttribute)
                                    : std::string("(missing)");
    if (version != layout::kFormatVersion) {
        throw OutputError("unsupported run file format_version " + in_quotes(version) +
                          " (this build reads " + in_quotes(layout::kFormatVersion) +
                          "; a file of an earlier version lacks tables this build needs: run its "
                          "scenario again)");
    }
}

RunFile read_hdf5(const std::filesystem::path& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) throw OutputError("no such file");
    if (!std::filesystem::is_regular_file(path, error)) throw OutputError("not a regular file");
    const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
    check_status(is_hdf5, "not an HDF5 file");
    if (is_hdf5 == 0) throw OutputError("not an HDF5 file");

    const FileHandle hdf5_file(
        check_id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open HDF5 file"));
    const GroupHandle root = open_group(hdf5_file.get(), "/");
    check_format(root.get());

    RunFile file;
    file.attributes =
        read_attributes(root.get(), {layout::kFormatAttribute, layout::kFormatVersionAttribute});
    if (!has_link(root.get(), layout::kRunsGroup)) return file;
    const GroupHandle runs = open_group(root.get(), layout::kRunsGroup);
    for (const std::string& scenario_name : link_names(runs.get())) {
        const GroupHandle scenario = open_group(runs.get(), scenario_name);
        for (const std::string& run_name : link_names(scenario.get())) {
            const GroupHandle run_group = open_group(scenario.get(), run_name);
            try {
                file.runs.push_back(read_run(run_group.get()));
            } catch (const OutputError& e) {
                throw OutputError("run " + scenario_name + "/" + run_name + ": " + e.what());
            }
        }
    }
    return file;
}

}  // namespace

void write_run_file(const std::filesystem::path& path, const RunFile& file) {
    try {
        validate_run_file(file);
    } catch (const OutputError& e) {
        throw OutputError("cannot write " + in_quotes(path.string()) + ": " + e.what());
    }
    const Hdf5ErrorSilencer silencer;
    write_atomically(
        path, [&file](const std::filesystem::path& temporary) { write_hdf5(temporary, file); });
}

RunFile read_run_file(const std::filesystem::path& path) {
    const Hdf5ErrorSilencer silencer;
    try {
        return read_hdf5(path);
    } catch (const OutputError& e) {
        throw OutputError("cannot read run file " + in_quotes(path.string()) + ": " + e.what());
    }
}

}  // namespace csc::output
