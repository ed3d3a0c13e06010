// The one exception type of the output module.
#pragma once

#include <stdexcept>
#include <string>

namespace csc::output {

/// Any failure to write or read an output file. The message names the file concerned.
class OutputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A name or path in single quotes, as every output message shows them.
inline std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

}  // namespace csc::output
