// The campaign configuration loader (app/config.hpp) on a file holding the
// input: it loads, or it throws one ConfigError whose message is a single
// line naming a file ("file:line: key: problem" or "file: problem"). Any other
// exception is a bug. Secrets are not resolved: a fuzzed token command must
// never run.
#include "fuzz_targets.hpp"

#include <app/config.hpp>
#include <core/error.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace inboxprobe::fuzz {

namespace {

// One directory per process, removed at exit.
struct ScratchDir
{
  std::filesystem::path path;

  ScratchDir()
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "inboxprobe-fuzz-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) {
      throw FuzzFailure("cannot create a temporary directory");
    }
    path = pattern;
  }
  ~ScratchDir()
  {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

} // namespace

void
fuzz_config(std::string_view data)
{
  static const ScratchDir dir;
  const std::string file = (dir.path / "campaign.toml").string();
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
  }
  try {
    load_config(file, Secrets::skip);
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    fuzz_check(!message.empty() && message.find('\n') == std::string::npos,
               "a config error is not one line: " + message);
    // Every path the loader names is absolute: the file it read comes first.
    fuzz_check(message.front() == '/', "a config error names no file: " + message);
  }
}

} // namespace inboxprobe::fuzz
