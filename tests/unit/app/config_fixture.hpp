// A configuration that loads, and the helpers the configuration tests build
// broken variants of it with (config_test.cpp, cli_bad_input_test.cpp). Line
// numbers in those tests' expected messages count from this text's first line.
#pragma once

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace inboxprobe::test {

inline const std::string k_valid_config = R"(
[campaign]
name = "nightly"
deadline = "90s"
poll_interval = "2s"
db = "data/history.db"
dns_resolver = "127.0.0.1:5353"

[[route]]
name = "primary"
url = "smtp://127.0.0.1:10587"
ca_file = "ca.pem"
ehlo = "client.example.test"
user = "alice@sender.test"
password_file = "alice.secret"
mail_from = "alice@sender.test"
from = "Alice <alice@sender.test>"

[[seed]]
address = "seed1@inbox.test"
provider = "lab"
imap_url = "imaps://127.0.0.1:10993"
password_env = "INBOXPROBE_TEST_SEED_SECRET"

[[seed]]
address = "me@gmail.com"
provider = "gmail"
password_env = "INBOXPROBE_TEST_SEED_SECRET"
junk_folder = "Custom Spam"

[[content]]
name = "newsletter"
subject = "Hello"
text = "Body"
headers = { "X-Campaign" = "nov" }
)";

// `text` with the first `from` replaced by `to` (which must be there).
inline std::string
replace_once(std::string text, const std::string& from, const std::string& to)
{
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// Writes `text` to `path` byte for byte with permission bits `mode`.
inline void
write_with_mode(const std::filesystem::path& path, const std::string& text, mode_t mode = 0600)
{
  std::ofstream(path, std::ios::binary) << text;
  chmod(path.c_str(), mode);
}

} // namespace inboxprobe::test
