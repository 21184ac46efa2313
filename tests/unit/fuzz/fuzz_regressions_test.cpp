// Fuzz regressions: every file in tests/data/fuzz-regressions/<target>/ once
// crashed, leaked or broke a promise of fuzz target <target>; each must now run
// through it cleanly (fuzz_targets.hpp: a broken promise throws FuzzFailure).
#include "tests/support/corpus.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fuzz/fuzz_targets.hpp>
#include <set>

using namespace inboxprobe;

namespace fs = std::filesystem;

namespace {

fs::path
regressions_dir()
{
  return test::source_path("tests/data/fuzz-regressions");
}

std::vector<fs::path>
files_in(const fs::path& dir)
{
  std::vector<fs::path> files;
  if (fs::is_directory(dir)) {
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

} // namespace

TEST_CASE("every input that once broke a fuzz target now runs through it cleanly", "[fuzz][unit]")
{
  std::size_t replayed = 0;
  for (const fuzz::FuzzTarget& target : fuzz::fuzz_targets()) {
    for (const fs::path& file : files_in(regressions_dir() / target.name)) {
      CAPTURE(target.name, file.filename().string());
      const std::string bytes = test::read_file(file);
      CHECK_NOTHROW(target.run(bytes));
      ++replayed;
    }
  }
  CHECK(replayed > 0);
}

TEST_CASE("every regression directory belongs to a fuzz target", "[fuzz][unit]")
{
  std::set<std::string> names;
  for (const fuzz::FuzzTarget& target : fuzz::fuzz_targets()) {
    names.insert(std::string(target.name));
  }
  for (const fs::path& dir : files_in(regressions_dir())) {
    CAPTURE(dir.filename().string());
    CHECK(names.count(dir.filename().string()) == 1);
  }
}

TEST_CASE("each fuzz target takes empty, binary and ordinary input", "[fuzz][unit]")
{
  const std::string inputs[] = {
    "",
    std::string("\0\xff\r\n\x80", 5),
    "From: a@example.com\r\nSubject: x\r\n\r\nbody\r\n",
  };
  for (const fuzz::FuzzTarget& target : fuzz::fuzz_targets()) {
    for (const std::string& input : inputs) {
      CAPTURE(target.name, input);
      CHECK_NOTHROW(target.run(input));
    }
  }
}
