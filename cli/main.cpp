// cscsim: the command-line entry point. The commands live in commands.cpp.
#include "cli/commands.hpp"

int main(int argc, char** argv) { return csc::cli::main(argc, argv); }
