// TempDir: an RAII temporary directory for tests. It is removed when the test
// passes and kept (its path printed) when the test failed, so the evidence
// stays (ccache's TestContext).
#pragma once

#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace inboxprobe::test {

// True once an assertion of the running test case has failed (tests/support/test_main.cpp).
bool current_test_failed();

class TempDir
{
public:
  TempDir()
  {
    std::string pattern = (std::filesystem::temp_directory_path() / "inboxprobe-test-XXXXXX");
    if (!mkdtemp(pattern.data())) {
      throw std::runtime_error("mkdtemp failed");
    }
    m_path = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir()
  {
    if (!current_test_failed()) {
      std::error_code ignored;
      std::filesystem::remove_all(m_path, ignored);
    } else {
      WARN("kept test directory " << m_path.string());
    }
  }
  const std::filesystem::path&
  path() const
  {
    return m_path;
  }

private:
  std::filesystem::path m_path;
};

} // namespace inboxprobe::test
