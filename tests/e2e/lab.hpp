// Test support for end-to-end scenarios: the running lab's settings (lab.env),
// campaign files written from them, the inboxprobe binary run as a child
// process, IMAP checks with curl.
#pragma once

#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace inboxprobe::test {

// The lab's exported variables (lab.env "export NAME=value" lines).
class Lab
{
public:
  Lab()
  {
    const char* env = std::getenv("INBOXPROBE_LAB_ENV");
    const std::string path = env ? env : "/tmp/inboxprobe-lab/lab.env";
    std::ifstream in(path);
    if (!in) {
      FAIL("no lab running: " << path << " is missing (start it with lab/up)");
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("export ", 0) != 0) {
        continue;
      }
      const std::size_t eq = line.find('=');
      // Values are shell words: 'single quoted' (lab/up's form) or backslash-escaped.
      const std::string value = line.substr(eq + 1);
      std::string unescaped;
      bool quoted = false;
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\'') {
          quoted = !quoted;
          continue;
        }
        if (!quoted && value[i] == '\\' && i + 1 < value.size()) {
          ++i;
        }
        unescaped.push_back(value[i]);
      }
      m_vars[line.substr(7, eq - 7)] = unescaped;
    }
  }

  std::string
  operator[](const std::string& name) const
  {
    const auto it = m_vars.find(name);
    if (it == m_vars.end()) {
      FAIL("lab.env has no " << name);
    }
    return it->second;
  }

  std::string
  password(const std::string& address) const
  {
    std::ifstream in((*this)["LAB_SECRETS_DIR"] + "/" + address);
    std::string value;
    std::getline(in, value);
    return value;
  }

  // A [[route]] table for provider "a" (pfa, DKIM) or "b" (pfb).
  std::string
  route(const std::string& name, char provider, const std::string& password_file = "") const
  {
    const std::string user = provider == 'a' ? "alice@sender.test" : "bob@other.test";
    const std::string port =
      (*this)[provider == 'a' ? "LAB_PFA_SUBMISSION_PORT" : "LAB_PFB_SUBMISSION_PORT"];
    return "[[route]]\nname = \"" + name + "\"\nurl = \"smtp://127.0.0.1:" + port
           + "\"\ntls = \"starttls\"\nca_file = \"" + (*this)["LAB_CA_FILE"]
           + "\"\nehlo = \"client.lab.test\"\nuser = \"" + user + "\"\npassword_file = \""
           + (password_file.empty() ? (*this)["LAB_SECRETS_DIR"] + "/" + user : password_file)
           + "\"\nmail_from = \"" + user + "\"\nfrom = \"Lab Sender <" + user + ">\"\n\n";
  }

  std::string
  seed(const std::string& address) const
  {
    return "[[seed]]\naddress = \"" + address + "\"\nprovider = \"lab\"\nimap_url = "
           "\"imap://127.0.0.1:"
           + (*this)["LAB_IMAP_PORT"] + "\"\ntls = \"starttls\"\nca_file = \""
           + (*this)["LAB_CA_FILE"] + "\"\npassword_file = \"" + (*this)["LAB_SECRETS_DIR"]
           + "/" + address + "\"\n\n";
  }

  std::string
  campaign(const std::string& name, const std::string& dir, const std::string& deadline) const
  {
    return "[campaign]\nname = \"" + name + "\"\ndeadline = \"" + deadline
           + "\"\npoll_interval = \"1s\"\ndb = \"" + dir + "/history.db\"\nout = \"" + dir
           + "/out\"\ndns_resolver = \"127.0.0.1:" + (*this)["LAB_DNS_PORT"] + "\"\n\n";
  }

private:
  std::map<std::string, std::string> m_vars;
};

struct CommandResult
{
  int exit_code = -1;
  std::string out; // stdout and stderr together
};

// Run a shell command, capturing stdout and stderr.
inline CommandResult
run_command(const std::string& command)
{
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe);
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.out.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline void
write_file(const std::filesystem::path& path, const std::string& text, mode_t mode = 0600)
{
  std::ofstream(path) << text;
  chmod(path.c_str(), mode);
}

inline std::string
slurp(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Standard base64 (RFC 4648 §4), to look for encoded secrets in outputs.
inline std::string
base64(const std::string& raw)
{
  static constexpr char k_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    const unsigned n = (unsigned(static_cast<unsigned char>(raw[i])) << 16)
                       | (unsigned(static_cast<unsigned char>(raw[i + 1])) << 8)
                       | static_cast<unsigned char>(raw[i + 2]);
    out += {k_alphabet[n >> 18],
            k_alphabet[(n >> 12) & 63],
            k_alphabet[(n >> 6) & 63],
            k_alphabet[n & 63]};
  }
  if (i < raw.size()) {
    unsigned n = unsigned(static_cast<unsigned char>(raw[i])) << 16;
    if (i + 1 < raw.size()) {
      n |= unsigned(static_cast<unsigned char>(raw[i + 1])) << 8;
    }
    out += {k_alphabet[n >> 18],
            k_alphabet[(n >> 12) & 63],
            i + 1 < raw.size() ? k_alphabet[(n >> 6) & 63] : '=',
            '='};
  }
  return out;
}

// Texts whose presence in an output would leak `secret` for `user`: the secret
// itself, its base64 at each of the three byte alignments (the stable middle
// part), and the AUTH PLAIN initial response (RFC 4616) that carries it.
inline std::vector<std::string>
secret_forms(const std::string& user, const std::string& secret)
{
  std::vector<std::string> forms = {secret, base64(std::string(1, '\0') + user + '\0' + secret)};
  for (std::size_t pad = 0; pad < 3; ++pad) {
    // Drop the first group (it mixes in the padding bytes) and the last one (it
    // depends on what follows the secret).
    const std::string encoded = base64(std::string(pad, 'x') + secret);
    const std::size_t skip = pad == 0 ? 0 : 4;
    forms.push_back(encoded.substr(skip, encoded.size() - skip - 4));
  }
  return forms;
}

} // namespace inboxprobe::test
