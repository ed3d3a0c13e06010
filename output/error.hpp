// The one exception type of the output module.
#pragma once

#include <stdexcept>

namespace csc::output {

/// Any failure to write or read an output file. The message names the file concerned.
class OutputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace csc::output
