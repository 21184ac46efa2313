// The command line (CLI11): parses arguments, runs a command, maps exceptions
// to exit codes.
#pragma once

namespace inboxprobe {

// Run inboxprobe with `argc`/`argv`; returns the process exit code
// (commands.hpp).
int run_cli(int argc, char** argv);

} // namespace inboxprobe
