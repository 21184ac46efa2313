// inboxprobe: the executable's entry point. Everything happens in run_cli
// (cli.cpp).
#include "cli.hpp"

int
main(int argc, char** argv)
{
  return inboxprobe::run_cli(argc, argv);
}
