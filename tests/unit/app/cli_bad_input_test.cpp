// The real binary on bad input: every kind of malformed configuration makes
// `inboxprobe run` exit 2 with one line naming file:line: key, before anything
// is sent or written (no history database, no report directory); hostile
// messages make `inboxprobe analyze --format json` print valid JSON with the
// finding that names the problem. Each case is bounded by this executable's
// ctest TIMEOUT (tests/unit/app/CMakeLists.txt).
#include "config_fixture.hpp"
#include "tests/support/corpus.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>

using namespace inboxprobe;
namespace fs = std::filesystem;

namespace {

struct Outcome
{
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `inboxprobe ARGS` with stdout and stderr kept in files of `dir`.
Outcome
run_binary(const fs::path& dir, const std::string& args)
{
  const fs::path out = dir / "stdout.txt";
  const fs::path err = dir / "stderr.txt";
  const std::string command = std::string(INBOXPROBE_BINARY) + " " + args + " >" + out.string()
                              + " 2>" + err.string() + " </dev/null";
  const int status = std::system(command.c_str());
  Outcome outcome;
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.out = test::read_file(out);
  outcome.err = test::read_file(err);
  fs::remove(out);
  fs::remove(err);
  return outcome;
}

const std::string& k_valid = test::k_valid_config;
using test::replace_once;

std::string
without(const std::string& text, const std::string& from, const std::string& until)
{
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  const std::size_t end = text.find(until, at);
  return std::string(text).erase(at, end == std::string::npos ? end : end - at);
}

} // namespace

TEST_CASE("every kind of malformed configuration exits 2 with one file:line: key line",
          "[app][unit]")
{
  setenv("INBOXPROBE_TEST_SEED_SECRET", "seed-secret", 1);
  unsetenv("INBOXPROBE_TEST_UNSET");
  struct Case
  {
    const char* name;
    std::string config;
    const char* error;                            // expected start of the line after "c.toml"
    std::function<void(const fs::path&)> prepare; // extra files; null: alice.secret 0600
  };
  // The [[route]] table once more, from line 37 on.
  const std::string route_block =
    k_valid.substr(k_valid.find("[[route]]"), k_valid.find("[[seed]]") - k_valid.find("[[route]]"));
  const Case cases[] = {
    {"TOML syntax", replace_once(k_valid, "name = \"nightly\"", "name = \"nightly"), ":3: ", {}},
    {"wrong type",
     replace_once(k_valid, "\"2s\"", "2"),
     ":5: campaign.poll_interval: expected a string",
     {}},
    {"unknown key",
     replace_once(k_valid, "deadline = ", "colour = \"red\"\ndeadline = "),
     ":4: campaign.colour: unknown key",
     {}},
    {"typo in a key",
     replace_once(k_valid, "password_file =", "pasword_file ="),
     ":15: route[1].pasword_file: unknown key (did you mean password_file?)",
     {}},
    {"missing required key", without(k_valid, "url = \"smtp", "ca_file"), ":9: route[1].url: ", {}},
    {"bad duration",
     replace_once(k_valid, "\"90s\"", "\"ninety\""),
     ":4: campaign.deadline: expected a duration",
     {}},
    {"negative number",
     replace_once(k_valid, "deadline = ", "keep_days = -1\ndeadline = "),
     ":4: campaign.keep_days: must be between 0 and 100000",
     {}},
    {"bad seed address",
     replace_once(k_valid, "seed1@inbox.test", "seed1"),
     ":20: seed[1].address: not an email address",
     {}},
    {"bad route URL",
     replace_once(k_valid, "smtp://127.0.0.1:10587", "http://127.0.0.1"),
     ":11: route[1].url: expected ",
     {}},
    {"duplicate route names",
     k_valid + "\n" + route_block,
     ":38: route[2].name: route \"primary\" is defined twice (first at line 10: route[1].name)",
     {}},
    {"duplicate seed",
     replace_once(k_valid, "me@gmail.com", "seed1@inbox.test"),
     ":26: seed[2].address: seed \"seed1@inbox.test\" is defined twice",
     {}},
    {"route is not a table",
     "route = 1\n" + without(k_valid, "[[route]]", "[[seed]]"),
     ":1: route: expected [[route]] tables",
     {}},
    {"no route",
     without(k_valid, "[[route]]", "[[seed]]"),
     ":1: route: at least one [[route]] is needed",
     {}},
    {"seeds file missing", "seeds = [\"nope.toml\"]\n" + k_valid, ":1: seeds: no such file: ", {}},
    {"password file with loose permissions",
     k_valid,
     ":15: route[1].password_file: ",
     [](const fs::path& dir) { test::write_with_mode(dir / "alice.secret", "s3cret\n", 0644); }},
    {"password file missing",
     k_valid,
     ":15: route[1].password_file: cannot read ",
     [](const fs::path&) {}},
    {"unset environment variable",
     replace_once(k_valid, "SEED_SECRET\"\n\n", "UNSET\"\n\n"),
     ":23: seed[1].password_env: environment variable INBOXPROBE_TEST_UNSET is not set",
     {}},
    {"header injection",
     replace_once(k_valid, "\"nov\"", "\"nov\\r\\nBcc: x@y\""),
     ":35: content[1].headers: the value of X-Campaign contains a line break",
     {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    test::TempDir dir;
    if (c.prepare) {
      c.prepare(dir.path());
    } else {
      test::write_with_mode(dir.path() / "alice.secret", "s3cret\n");
    }
    test::write_with_mode(dir.path() / "c.toml", c.config, 0644);
    const Outcome outcome =
      run_binary(dir.path(), "run --config " + (dir.path() / "c.toml").string());
    CAPTURE(outcome.err);
    CHECK(outcome.exit_code == 2);
    CHECK(outcome.out.empty());
    // One line: "inboxprobe: <file>:<line>: <key>: <problem>".
    const std::string prefix = "inboxprobe: " + (dir.path() / "c.toml").string() + c.error;
    CHECK(outcome.err.rfind(prefix, 0) == 0);
    CHECK(std::count(outcome.err.begin(), outcome.err.end(), '\n') == 1);
    // Nothing was written: no history database, no report directory.
    CHECK_FALSE(fs::exists(dir.path() / "data"));
    CHECK_FALSE(fs::exists(dir.path() / "inboxprobe-out"));
  }
}

TEST_CASE("a configuration file that does not exist exits 2 naming it", "[app][unit]")
{
  test::TempDir dir;
  const Outcome outcome =
    run_binary(dir.path(), "run --config " + (dir.path() / "absent.toml").string());
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.err == "inboxprobe: " + (dir.path() / "absent.toml").string() + ": no such file\n");
}

namespace {

// The finding codes of `inboxprobe analyze FILE --format json` for `message`;
// the output must be one valid JSON document.
std::vector<std::string>
analyze_codes(const std::string& message)
{
  test::TempDir dir;
  test::write_with_mode(dir.path() / "m.eml", message);
  const Outcome outcome =
    run_binary(dir.path(),
               "analyze " + (dir.path() / "m.eml").string() + " --format json --dns-resolver none");
  CAPTURE(outcome.err);
  REQUIRE(outcome.exit_code == 0);
  const nlohmann::json result = nlohmann::json::parse(outcome.out);
  std::vector<std::string> codes;
  for (const nlohmann::json& finding : result.at("findings")) {
    codes.push_back(finding.at("code").get<std::string>());
  }
  return codes;
}

std::string
nested(int depth)
{
  std::string open;
  std::string close;
  for (int i = 0; i < depth; ++i) {
    const std::string b = "b" + std::to_string(i);
    open += "Content-Type: multipart/mixed; boundary=" + b + "\r\n\r\n--" + b + "\r\n";
    close = "\r\n--" + b + "--\r\n" + close;
  }
  return "From: a@sender.test\r\nMIME-Version: 1.0\r\n" + open + "\r\ndeep" + close;
}

} // namespace

TEST_CASE("analyze prints JSON with a finding for each kind of hostile message", "[app][unit]")
{
  const std::string head = "From: a@sender.test\r\nSubject: x\r\n";
  std::string huge_header = head + "X-Filler: x";
  while (huge_header.size() < 10 * 1024 * 1024) {
    huge_header += "\r\n continued filler line " + std::to_string(huge_header.size());
  }
  std::string many_lines = head;
  for (int i = 0; i < 100'000; ++i) {
    many_lines += "A: " + std::to_string(i % 10) + "\r\n";
  }
  struct Case
  {
    const char* name;
    std::string message;
    const char* code;
  };
  const Case cases[] = {
    {"10 MB header section", huge_header + "\r\n\r\nbody\r\n", "message.header_too_large"},
    {"100,000 header lines", many_lines + "\r\nbody\r\n", "message.too_many_fields"},
    {"NUL bytes", head + "\r\nbo" + std::string(3, '\0') + "dy\r\n", "message.nul_byte"},
    {"invalid UTF-8", head + "X-Name: \xff\xfe\xC0\xAF\r\n\r\nbody\r\n", "message.header_not_utf8"},
    {"1,000-deep MIME", nested(1000), "mime.too_deep"},
    {"broken base64",
     head + "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@=x\r\n",
     "mime.bad_base64"},
    {"broken quoted-printable",
     head + "Content-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ\r\n",
     "mime.bad_quoted_printable"},
    {"50 MB body", head + "\r\n" + std::string(50 * 1024 * 1024, 'b'), "message.too_large"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::vector<std::string> codes = analyze_codes(c.message);
    CAPTURE(codes);
    CHECK(std::find(codes.begin(), codes.end(), c.code) != codes.end());
  }
}
