// Paths to test data: the public corpora in tests/data/corpus and the project's own fixtures.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace inboxprobe::test {

inline std::filesystem::path
corpus_path(const std::string& relative)
{
  return std::filesystem::path(INBOXPROBE_CORPUS_DIR) / relative;
}

inline std::filesystem::path
source_path(const std::string& relative)
{
  return std::filesystem::path(INBOXPROBE_SOURCE_DIR) / relative;
}

// The bytes of a file; throws when it cannot be read (a missing fixture is a
// test failure).
inline std::string
read_file(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path.string());
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Bare LF to CRLF; CRLF stays as it is (the corpus README: "convert only bare
// LFs").
inline std::string
to_crlf(const std::string& text)
{
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
      out.push_back('\r');
    }
    out.push_back(text[i]);
  }
  return out;
}

} // namespace inboxprobe::test
