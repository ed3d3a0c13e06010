#include "sim/scenario/scenario.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

#include "sim/scenario/nearest_name.hpp"

namespace csc::sim {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCommandLine = "<command line>";

const std::vector<std::string>& top_level_keys() {
    static const std::vector<std::string> keys = {"extends", "dictionaries", "run", "data",
                                                  "parameters"};
    return keys;
}

const std::vector<std::string>& run_keys() {
    static const std::vector<std::string> keys = {"name",   "description", "start",
                                                  "end",    "seed",        "replicates",
                                                  "sample", "threads",     "comparator"};
    return keys;
}

const std::vector<std::string>& entry_fields() {
    static const std::vector<std::string> keys = {"value",      "unit",   "description",
                                                  "source",     "min",    "max",
                                                  "calibrated", "target", "model_input"};
    return keys;
}

// ---- Text helpers ----------------------------------------------------------------------------

bool contains(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

std::string join(const std::string& prefix, std::string_view key) {
    return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

/// Shortest text that reads back as the same double.
std::string format_number(double x) {
    std::array<char, 64> buf{};
    const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), x);
    return {buf.data(), result.ptr};
}

/// As format_number, but always a TOML float (1 -> "1.0").
std::string format_toml_float(double x) {
    std::string text = format_number(x);
    if (text.find_first_of(".eE") == std::string::npos) text += ".0";
    return text;
}

/// A TOML basic string, quoted and escaped.
std::string quote_toml(std::string_view text) {
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte == 0x7f) {
            out += "\\u00";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

/// A TOML key: bare if it can be, else quoted.
std::string toml_key(std::string_view key) {
    const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
    return bare ? std::string(key) : quote_toml(key);
}

// ---- TOML node helpers -----------------------------------------------------------------------

/// The TOML type of a node, as named in messages ("got string").
std::string type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "string";
        case toml::node_type::integer:
            return "integer";
        case toml::node_type::floating_point:
            return "float";
        case toml::node_type::boolean:
            return "boolean";
        case toml::node_type::array:
            return "array";
        case toml::node_type::table:
            return "table";
        case toml::node_type::date:
            return "date";
        case toml::node_type::time:
            return "time";
        case toml::node_type::date_time:
            return "date-time";
        default:
            return "nothing";
    }
}

/// Integers and floats both read as doubles.
std::optional<double> number_of(const toml::node& node) {
    if (const auto* i = node.as_integer()) return static_cast<double>(i->get());
    if (const auto* f = node.as_floating_point()) return f->get();
    return std::nullopt;
}

struct Location {
    std::string file;
    int line = 0;
    int column = 0;

    [[nodiscard]] std::string file_line() const { return file + ":" + std::to_string(line); }
};

[[noreturn]] void fail(const Location& at, const std::string& key, const std::string& message) {
    throw ScenarioError(at.file, at.line, at.column, key, message);
}

/// A parsed TOML file, kept alive while the scenario is assembled (nodes point into it). The
/// command line is a pseudo-file whose locations are all 0:0.
struct SourceFile {
    std::string display;  // as shown in messages: the path as reached, lexically normalised
    fs::path absolute;    // recorded in files_read
    fs::path directory;   // relative paths written in this file resolve against it
    bool command_line = false;
    toml::table root;

    [[nodiscard]] Location at(const toml::source_region& region) const {
        if (command_line) return whole();
        return {display, static_cast<int>(region.begin.line),
                static_cast<int>(region.begin.column)};
    }
    [[nodiscard]] Location at(const toml::node& node) const { return at(node.source()); }
    [[nodiscard]] Location whole() const { return {display, 0, 0}; }
    /// A path written in this file, made absolute.
    [[nodiscard]] fs::path resolve(const std::string& relative) const {
        return (directory / relative).lexically_normal();
    }
    /// A path written in this file, for messages: relative to the directory of `display`.
    [[nodiscard]] fs::path display_of(const std::string& relative) const {
        return (fs::path(display).parent_path() / relative).lexically_normal();
    }
};

/// Identity of a file for cycle and repeat detection: symlinks and `..` resolved where possible.
fs::path identity_of(const fs::path& path) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(fs::absolute(path), ec);
    return ec ? fs::absolute(path).lexically_normal() : canonical;
}

/// The text of a non-empty TOML string; anything else is an error "expected <what>, got ...".
std::string read_string(const SourceFile& f, const toml::node& node, const std::string& key,
                        const std::string& what) {
    const auto* s = node.as_string();
    if (s == nullptr) fail(f.at(node), key, "expected " + what + ", got " + type_name(node));
    if (s->get().empty()) fail(f.at(node), key, "expected " + what + ", got an empty string");
    return s->get();
}

/// A finite number; `expected` names the rule for the wrong-type message.
double read_number(const SourceFile& f, const toml::node& node, const std::string& key,
                   const std::string& expected = "a number") {
    const std::optional<double> v = number_of(node);
    if (!v) fail(f.at(node), key, "expected " + expected + ", got " + type_name(node));
    if (!std::isfinite(*v)) {
        fail(f.at(node), key, "expected a finite number, got " + format_number(*v));
    }
    return *v;
}

/// A date from a TOML local date or a "YYYY-MM-DD" string.
Date read_date(const SourceFile& f, const toml::node& node, const std::string& key) {
    const std::string rule = "expected a date YYYY-MM-DD, got ";
    std::string text;
    if (const auto* s = node.as_string()) {
        text = s->get();
    } else if (const auto* d = node.as_date()) {
        const toml::date v = d->get();
        text = Date{v.year, v.month, v.day}.to_string();  // parse_date checks the range
    } else {
        fail(f.at(node), key, rule + type_name(node));
    }
    const std::optional<Date> date = parse_date(text);
    if (!date) fail(f.at(node), key, rule + "'" + text + "'");
    return *date;
}

/**
 * The value of a --set, parsed as TOML (`v = <text>`) into a one-entry table {v: value}. With
 * `bare_string_ok`, text that is not a TOML string (or date, with `date_ok`) is taken as a string.
 */
toml::table parse_set_value(const std::string& key, const std::string& text, bool bare_string_ok,
                            bool date_ok) {
    toml::table holder;
    std::string error;
    const std::string document = "v = " + text;
    try {
        holder = toml::parse(std::string_view(document), std::string_view(kCommandLine));
        if (holder.size() != 1) error = "more than one value";
    } catch (const toml::parse_error& e) {
        error = std::string(e.description());
    }
    if (bare_string_ok) {
        const toml::node* v = error.empty() ? holder.get("v") : nullptr;
        if (v == nullptr || !(v->is_string() || (date_ok && v->is_date()))) {
            holder = toml::table{};
            holder.insert("v", text);
        }
    } else if (!error.empty()) {
        fail({kCommandLine, 0, 0}, key, "cannot read '" + text + "' as a TOML value: " + error);
    }
    return holder;
}

// ---- Loading ---------------------------------------------------------------------------------

struct ParamState {
    Parameter parameter;
    Location value_at;                 // where the effective value was written
    std::vector<Location> element_at;  // per element, when an array was written in a file
};

struct DataEntry {
    fs::path path;
    Location at;
};

struct DictionaryRef {
    fs::path display;
    Location at;  // the entry in `dictionaries` that named it
};

/// Assembles one scenario. Single use: construct, call load().
class Loader {
  public:
    Scenario load(const fs::path& path, const std::vector<std::string>& set_overrides);

  private:
    const SourceFile& read(const fs::path& display, const Location& from, const std::string& key);
    std::vector<const SourceFile*> read_chain(const fs::path& path);

    void apply_file(const SourceFile& f);
    void add_dictionaries(const SourceFile& f, const toml::node& node);
    void apply_run_setting(const SourceFile& f, const std::string& setting, const toml::node& node);
    void set_data(const SourceFile& f, const std::string& name, const toml::node& node);

    void load_dictionary(const DictionaryRef& ref);
    void walk_dictionary(const SourceFile& f, const toml::table& table, const std::string& prefix);
    void read_entry(const SourceFile& f, const toml::key& key, const toml::table& entry,
                    const std::string& name);
    void add_parameter(ParamState state, const Location& at);

    void apply_parameter_table(const SourceFile& f, const toml::table& table,
                               const std::string& prefix);
    void override_parameter(const SourceFile& f, const std::string& name, const toml::node& node,
                            const Location& key_at);
    void apply_set(const std::string& text);

    void validate(const SourceFile& top) const;
    [[nodiscard]] std::vector<std::string> parameter_names() const;
    [[nodiscard]] std::string resolved_toml(const Scenario& scenario) const;

    std::vector<std::unique_ptr<SourceFile>> files_;
    std::vector<std::pair<std::string, std::string>> files_read_;
    SourceFile command_line_;

    RunSettings run_;
    std::map<std::string, Location> run_set_at_;  // [run] setting -> where it was last set
    std::map<std::string, DataEntry> data_;
    std::vector<DictionaryRef> dictionaries_;
    std::set<fs::path> dictionary_identities_;  // so a dictionary listed twice loads once
    std::vector<std::pair<const SourceFile*, const toml::table*>> parameter_tables_;
    std::map<std::string, ParamState> params_;
};

/// Reads and parses a file; `from` and `key` say where it was named, for "file not found".
const SourceFile& Loader::read(const fs::path& display, const Location& from,
                               const std::string& key) {
    auto file = std::make_unique<SourceFile>();
    file->display = display.string();
    file->absolute = fs::absolute(display).lexically_normal();
    file->directory = file->absolute.parent_path();
    // The scenario named on the command line is its own referrer: no need to repeat its path.
    const std::string named = from.file == file->display ? "" : ": " + file->display;

    std::error_code ec;
    if (!fs::exists(file->absolute, ec)) fail(from, key, "file not found" + named);
    if (!fs::is_regular_file(file->absolute, ec)) fail(from, key, "not a regular file" + named);
    std::ifstream in(file->absolute, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in.is_open() || in.bad()) fail(from, key, "cannot read file" + named);

    files_read_.emplace_back(file->absolute.string(), text.str());
    try {
        file->root = toml::parse(std::string_view(files_read_.back().second),
                                 std::string_view(file->display));
    } catch (const toml::parse_error& e) {
        fail(file->at(e.source()), "", std::string(e.description()));
    }
    files_.push_back(std::move(file));
    return *files_.back();
}

/// Reads the scenario and its `extends` ancestors; returns them child first.
std::vector<const SourceFile*> Loader::read_chain(const fs::path& path) {
    const fs::path top = path.lexically_normal();
    std::vector<const SourceFile*> chain;
    std::vector<fs::path> identities;
    const SourceFile* file = &read(top, {top.string(), 0, 0}, "");
    identities.push_back(identity_of(file->absolute));
    while (true) {
        chain.push_back(file);
        for (auto&& [key, node] : file->root) {
            if (!contains(top_level_keys(), key.str())) {
                fail(file->at(key.source()), std::string(key.str()),
                     unknown_key_message(key.str(), top_level_keys()));
            }
        }
        const toml::node* extends = file->root.get("extends");
        if (extends == nullptr) break;
        const fs::path parent =
            file->display_of(read_string(*file, *extends, "extends", "a path string"));
        const fs::path identity = identity_of(parent);
        if (std::find(identities.begin(), identities.end(), identity) != identities.end()) {
            std::string cycle;
            for (const auto* f : chain) cycle += f->display + " -> ";
            fail(file->at(*extends), "extends", "extends cycle: " + cycle + parent.string());
        }
        identities.push_back(identity);
        file = &read(parent, file->at(*extends), "extends");
    }
    return chain;
}

void Loader::apply_file(const SourceFile& f) {
    const auto table_named = [&](const char* name) -> const toml::table* {
        const toml::node* node = f.root.get(name);
        if (node == nullptr) return nullptr;
        if (!node->is_table()) {
            fail(f.at(*node), name, "expected a table, got " + type_name(*node));
        }
        return node->as_table();
    };
    if (const toml::node* node = f.root.get("dictionaries")) add_dictionaries(f, *node);
    if (const toml::table* run = table_named("run")) {
        for (auto&& [key, node] : *run) {
            const std::string setting(key.str());
            if (!contains(run_keys(), setting)) {
                fail(f.at(key.source()), "run." + setting,
                     unknown_key_message(setting, run_keys()));
            }
            apply_run_setting(f, setting, node);
        }
    }
    if (const toml::table* data = table_named("data")) {
        for (auto&& [key, node] : *data) set_data(f, std::string(key.str()), node);
    }
    // Parameter overrides wait until the dictionaries of the whole chain are loaded.
    if (const toml::table* parameters = table_named("parameters")) {
        parameter_tables_.emplace_back(&f, parameters);
    }
}

void Loader::add_dictionaries(const SourceFile& f, const toml::node& node) {
    const auto* list = node.as_array();
    if (list == nullptr) {
        fail(f.at(node), "dictionaries",
             "expected an array of path strings, got " + type_name(node));
    }
    for (const toml::node& element : *list) {
        const fs::path display =
            f.display_of(read_string(f, element, "dictionaries", "a path string"));
        if (dictionary_identities_.insert(identity_of(display)).second) {
            dictionaries_.push_back({display, f.at(element)});
        }
    }
}

void Loader::apply_run_setting(const SourceFile& f, const std::string& setting,
                               const toml::node& node) {
    const std::string key = "run." + setting;
    const Location at = f.at(node);
    const auto read_integer = [&](int64_t min, int64_t max) -> int64_t {
        const std::string rule = "expected an integer >= " + std::to_string(min) + ", got ";
        const auto* i = node.as_integer();
        if (i == nullptr) fail(at, key, rule + type_name(node));
        const int64_t v = i->get();
        if (v < min) fail(at, key, rule + std::to_string(v));
        if (v > max) {
            fail(at, key,
                 "expected an integer <= " + std::to_string(max) + ", got " + std::to_string(v));
        }
        return v;
    };

    if (setting == "name") {
        run_.name = read_string(f, node, key, "a non-empty string");
    } else if (setting == "description") {
        const auto* s = node.as_string();
        if (s == nullptr) fail(at, key, "expected a string, got " + type_name(node));
        run_.description = s->get();
    } else if (setting == "start") {
        run_.start = read_date(f, node, key);
    } else if (setting == "end") {
        run_.end = read_date(f, node, key);
    } else if (setting == "seed") {
        run_.seed = static_cast<uint64_t>(read_integer(0, std::numeric_limits<int64_t>::max()));
    } else if (setting == "replicates") {
        run_.replicates =
            static_cast<uint32_t>(read_integer(1, std::numeric_limits<uint32_t>::max()));
    } else if (setting == "sample") {
        const std::string rule = "a number in (0, 1]";
        const double v = read_number(f, node, key, rule);
        if (!(v > 0.0 && v <= 1.0)) fail(at, key, "expected " + rule + ", got " + format_number(v));
        run_.sample = v;
    } else if (setting == "threads") {
        run_.threads = static_cast<int>(read_integer(0, INT_MAX));
    } else if (setting == "comparator") {
        run_.comparator = f.resolve(read_string(f, node, key, "a path string")).string();
    }
    run_set_at_[setting] = at;
}

void Loader::set_data(const SourceFile& f, const std::string& name, const toml::node& node) {
    const std::string key = "data." + name;
    data_[name] = {f.resolve(read_string(f, node, key, "a path string")), f.at(node)};
}

void Loader::load_dictionary(const DictionaryRef& ref) {
    const SourceFile& f = read(ref.display, ref.at, "dictionaries");
    walk_dictionary(f, f.root, "");
}

// A table with a `value` is an entry; any other table is a group of entries.
void Loader::walk_dictionary(const SourceFile& f, const toml::table& table,
                             const std::string& prefix) {
    for (auto&& [key, node] : table) {
        const std::string name = join(prefix, key.str());
        const toml::table* sub = node.as_table();
        if (sub == nullptr) {
            fail(f.at(key.source()), name,
                 "expected a parameter entry (a table with a 'value') or a group of entries, "
                 "got " +
                     type_name(node));
        }
        if (sub->contains("value")) {
            read_entry(f, key, *sub, name);
        } else {
            walk_dictionary(f, *sub, name);
        }
    }
}

void Loader::read_entry(const SourceFile& f, const toml::key& key, const toml::table& entry,
                        const std::string& name) {
    const Location at = f.at(key.source());
    for (auto&& [field, node] : entry) {
        if (!contains(entry_fields(), field.str())) {
            fail(f.at(field.source()), name + "." + std::string(field.str()),
                 unknown_key_message(field.str(), entry_fields()));
        }
    }
    const auto field_key = [&](const char* field) { return name + "." + field; };
    const auto required_text = [&](const char* field) -> std::string {
        const toml::node* node = entry.get(field);
        if (node == nullptr) fail(at, name, "missing required field '" + std::string(field) + "'");
        return read_string(f, *node, field_key(field), "a non-empty string");
    };
    const auto bound = [&](const char* field) -> std::optional<double> {
        const toml::node* node = entry.get(field);
        if (node == nullptr) return std::nullopt;
        return read_number(f, *node, field_key(field));
    };
    const auto flag = [&](const char* field, bool absent) -> bool {
        const toml::node* node = entry.get(field);
        if (node == nullptr) return absent;
        const auto* b = node->as_boolean();
        if (b == nullptr) {
            fail(f.at(*node), field_key(field), "expected a boolean, got " + type_name(*node));
        }
        return b->get();
    };

    ParamState state;
    Parameter& p = state.parameter;
    p.name = name;
    p.group = parameter_group(name);
    p.defined_at = at.file_line();

    const toml::node& value = *entry.get("value");
    state.value_at = f.at(value);
    if (const auto* list = value.as_array()) {
        if (list->empty()) {
            fail(state.value_at, field_key("value"),
                 "expected a number or a non-empty array of numbers, got an empty array");
        }
        p.is_array = true;
        for (const toml::node& element : *list) {
            p.values.push_back(read_number(f, element, field_key("value")));
            state.element_at.push_back(f.at(element));
        }
    } else {
        p.values.push_back(
            read_number(f, value, field_key("value"), "a number or a non-empty array of numbers"));
    }

    p.unit = required_text("unit");
    p.description = required_text("description");
    p.source = required_text("source");
    p.min = bound("min");
    p.max = bound("max");
    if (p.min && p.max && *p.min > *p.max) {
        fail(f.at(*entry.get("max")), field_key("max"),
             "expected max >= min (" + format_number(*p.min) + "), got " + format_number(*p.max));
    }
    p.calibrated = flag("calibrated", false);
    p.model_input = flag("model_input", true);
    if (entry.contains("target") || p.calibrated) {
        if (!entry.contains("target")) {
            fail(at, name,
                 "missing required field 'target' (what the value was fitted to, and its "
                 "source), required when calibrated = true");
        }
        p.target = required_text("target");
    }
    add_parameter(std::move(state), at);
}

void Loader::add_parameter(ParamState state, const Location& at) {
    const std::string& name = state.parameter.name;
    if (const auto it = params_.find(name); it != params_.end()) {
        fail(at, name,
             "defined in two dictionaries: " + it->second.parameter.defined_at + " and " +
                 state.parameter.defined_at);
    }
    // A name cannot be both a parameter and a group: overrides would be ambiguous.
    for (auto dot = name.find('.'); dot != std::string::npos; dot = name.find('.', dot + 1)) {
        if (const auto it = params_.find(name.substr(0, dot)); it != params_.end()) {
            fail(at, name,
                 "is inside parameter '" + it->first + "' (" + it->second.parameter.defined_at +
                     "); a parameter cannot also be a group");
        }
    }
    if (const auto it = params_.lower_bound(name + ".");
        it != params_.end() && starts_with(it->first, name + ".")) {
        fail(at, name,
             "is also the group of parameter '" + it->first + "' (" +
                 it->second.parameter.defined_at + "); a parameter cannot also be a group");
    }
    params_.emplace(name, std::move(state));
}

// Dotted keys and nested tables both name parameters: a.b = 1 is [a] b = 1 is "a.b" = 1.
void Loader::apply_parameter_table(const SourceFile& f, const toml::table& table,
                                   const std::string& prefix) {
    for (auto&& [key, node] : table) {
        const std::string name = join(prefix, key.str());
        if (params_.count(name) != 0) {
            override_parameter(f, name, node, f.at(key.source()));
            continue;
        }
        const toml::table* sub = node.as_table();
        if (sub != nullptr && !sub->empty()) {
            apply_parameter_table(f, *sub, name);
            continue;
        }
        fail(f.at(key.source()), name, unknown_key_message(name, parameter_names()));
    }
}

void Loader::override_parameter(const SourceFile& f, const std::string& name,
                                const toml::node& node, const Location& key_at) {
    ParamState& state = params_.at(name);
    Parameter& p = state.parameter;
    if (!p.model_input) {
        fail(key_at, name,
             "is not a model input (model_input = false at " + p.defined_at +
                 "): overriding it would change nothing");
    }
    const Location value_at = f.at(node);
    std::vector<double> values;
    std::vector<Location> element_at;
    if (!p.is_array) {
        if (node.is_array()) {
            fail(value_at, name,
                 "expected a number, got array (declared as a scalar at " + p.defined_at + ")");
        }
        values.push_back(read_number(f, node, name));
    } else {
        const std::string rule =
            "expected an array of " + std::to_string(p.values.size()) + " numbers, got ";
        const auto* list = node.as_array();
        if (list == nullptr) {
            fail(value_at, name,
                 rule + type_name(node) + " (declared as an array at " + p.defined_at + ")");
        }
        if (list->size() != p.values.size()) {
            fail(value_at, name, rule + "an array of " + std::to_string(list->size()));
        }
        for (const toml::node& element : *list) {
            values.push_back(read_number(f, element, name));
            if (!f.command_line) element_at.push_back(f.at(element));
        }
    }
    p.values = std::move(values);
    p.set_at = f.command_line ? std::string(kCommandLine) : key_at.file_line();
    state.value_at = value_at;
    state.element_at = std::move(element_at);
}

// --set key=value: the value is TOML (parsed as `v = <text>`); string settings also take the
// text bare, so `run.name=smoke` and `data.x=some/file.csv` need no shell-quoted quotes.
// run.* and data.* take precedence over parameters of the same name.
void Loader::apply_set(const std::string& text) {
    const Location at = command_line_.whole();
    const auto eq = text.find('=');
    if (eq == std::string::npos) fail(at, trim(text), "expected key=value, got '" + text + "'");
    const std::string key = trim(std::string_view(text).substr(0, eq));
    const std::string value = trim(std::string_view(text).substr(eq + 1));
    if (key.empty()) fail(at, "", "expected key=value, got '" + text + "'");

    if (starts_with(key, "run.") && contains(run_keys(), key.substr(4))) {
        const std::string setting = key.substr(4);
        const bool is_date = setting == "start" || setting == "end";
        const bool is_string =
            is_date || setting == "name" || setting == "description" || setting == "comparator";
        apply_run_setting(command_line_, setting,
                          *parse_set_value(key, value, is_string, is_date).get("v"));
    } else if (starts_with(key, "data.") && key.size() > 5) {
        set_data(command_line_, key.substr(5), *parse_set_value(key, value, true, false).get("v"));
    } else if (params_.count(key) != 0) {
        override_parameter(command_line_, key, *parse_set_value(key, value, false, false).get("v"),
                           at);
    } else {
        std::vector<std::string> candidates;
        for (const auto& setting : run_keys()) candidates.push_back("run." + setting);
        for (const auto& entry : data_) candidates.push_back("data." + entry.first);
        for (const auto& name : parameter_names()) candidates.push_back(name);
        fail(at, key, unknown_key_message(key, candidates));
    }
}

std::vector<std::string> Loader::parameter_names() const {
    std::vector<std::string> names;
    names.reserve(params_.size());
    for (const auto& entry : params_) names.push_back(entry.first);
    return names;
}

/// Every value within the entry's min/max.
void check_bounds(const ParamState& state) {
    const Parameter& p = state.parameter;
    for (size_t i = 0; i < p.values.size(); ++i) {
        const double v = p.values[i];
        if (!((p.min && v < *p.min) || (p.max && v > *p.max))) continue;
        std::string rule;
        if (p.min && p.max) {
            rule = "in [" + format_number(*p.min) + ", " + format_number(*p.max) + "]";
        } else if (p.min) {
            rule = ">= " + format_number(*p.min);
        } else {
            rule = "<= " + format_number(*p.max);
        }
        const Location& at = i < state.element_at.size() ? state.element_at[i] : state.value_at;
        if (p.is_array) {
            fail(at, p.name,
                 "expected values " + rule + ", got " + format_number(v) + " at index " +
                     std::to_string(i));
        }
        fail(at, p.name, "expected a value " + rule + ", got " + format_number(v));
    }
}

/// Checks that need the final values: after all files and overrides.
void Loader::validate(const SourceFile& top) const {
    if (run_.name.empty()) fail(top.whole(), "run.name", "a run name is required ([run] name)");
    // The name becomes a group of the run file: keep it to a portable set of characters.
    const bool portable = std::all_of(run_.name.begin(), run_.name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
    });
    if (!portable || run_.name == "." || run_.name == "..") {
        const auto it = run_set_at_.find("name");
        fail(it != run_set_at_.end() ? it->second : top.whole(), "run.name",
             "expected letters, digits, '-', '_' or '.', got '" + run_.name + "'");
    }
    if (!(run_.start < run_.end)) {
        // Blame the end date if it was set, else the start date.
        const std::string setting = run_set_at_.count("end") != 0 ? "end" : "start";
        const auto it = run_set_at_.find(setting);
        fail(it != run_set_at_.end() ? it->second : top.whole(), "run." + setting,
             "end (" + run_.end.to_string() + ") must be after start (" + run_.start.to_string() +
                 ")");
    }
    std::error_code ec;
    if (!run_.comparator.empty() && !fs::is_regular_file(run_.comparator, ec)) {
        fail(run_set_at_.at("comparator"), "run.comparator", "file not found: " + run_.comparator);
    }
    for (const auto& [name, entry] : data_) {
        if (!fs::exists(entry.path, ec)) {
            fail(entry.at, "data." + name, "file not found: " + entry.path.string());
        }
    }
    for (const auto& entry : params_) check_bounds(entry.second);
}

std::string Loader::resolved_toml(const Scenario& scenario) const {
    std::ostringstream out;
    out << "# Effective scenario resolved from " << scenario.path.string() << "\n";
    out << "[run]\n";
    out << "name = " << quote_toml(run_.name) << "\n";
    out << "description = " << quote_toml(run_.description) << "\n";
    out << "start = " << run_.start.to_string() << "\n";
    out << "end = " << run_.end.to_string() << "\n";
    out << "seed = " << run_.seed << "\n";
    out << "replicates = " << run_.replicates << "\n";
    out << "sample = " << format_toml_float(run_.sample) << "\n";
    out << "threads = " << run_.threads << "\n";
    if (!run_.comparator.empty()) out << "comparator = " << quote_toml(run_.comparator) << "\n";
    out << "\n[data]\n";
    for (const auto& [name, entry] : data_) {
        out << toml_key(name) << " = " << quote_toml(entry.path.string()) << "\n";
    }
    out << "\n[parameters]\n";
    for (const auto& [name, state] : params_) {
        const Parameter& p = state.parameter;
        out << quote_toml(name) << " = ";
        if (!p.is_array) {
            out << format_toml_float(p.values.front()) << "\n";
            continue;
        }
        out << "[";
        for (size_t i = 0; i < p.values.size(); ++i) {
            out << (i == 0 ? "" : ", ") << format_toml_float(p.values[i]);
        }
        out << "]\n";
    }
    return out.str();
}

Scenario Loader::load(const fs::path& path, const std::vector<std::string>& set_overrides) {
    command_line_.display = kCommandLine;
    command_line_.directory = fs::current_path();
    command_line_.command_line = true;

    const std::vector<const SourceFile*> chain = read_chain(path);
    const SourceFile& top = *chain.front();
    // Ancestors first, so each file overrides what it extends.
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) apply_file(**it);
    if (dictionaries_.empty()) {
        fail(top.whole(), "dictionaries", "at least one parameter dictionary is required");
    }
    for (const DictionaryRef& ref : dictionaries_) load_dictionary(ref);
    for (const auto& [file, table] : parameter_tables_) apply_parameter_table(*file, *table, "");
    for (const std::string& text : set_overrides) apply_set(text);
    validate(top);

    Scenario scenario;
    scenario.path = top.absolute;
    scenario.run = run_;
    for (const auto& entry : params_) scenario.parameters.insert(entry.second.parameter);
    for (const auto& [name, entry] : data_) scenario.data[name] = entry.path;
    scenario.files_read = files_read_;
    scenario.resolved_toml = resolved_toml(scenario);
    return scenario;
}

}  // namespace

Scenario load_scenario(const std::filesystem::path& path,
                       const std::vector<std::string>& set_overrides) {
    return Loader().load(path, set_overrides);
}

}  // namespace csc::sim
