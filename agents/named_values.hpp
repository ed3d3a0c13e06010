// Looking up an enum's value by the name it has in the data (its k...Names array), and listing
// the names for an error message.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>

namespace csc::agents {

/// Position of `name` in `names`, or nothing.
template <size_t N>
std::optional<int> index_named(const std::array<const char*, N>& names, const std::string& name) {
    for (size_t k = 0; k < N; ++k) {
        if (name == names[k]) return static_cast<int>(k);
    }
    return std::nullopt;
}

/// "a, b, c": the names, for "expected one of ...".
template <size_t N>
std::string names_list(const std::array<const char*, N>& names) {
    std::string out;
    for (const char* n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

}  // namespace csc::agents
