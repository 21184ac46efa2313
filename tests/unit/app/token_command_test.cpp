// oauth2_token_command: argv splitting without a shell, and running the helper
// with a time limit, its token never echoed in an error.
#include "token_command.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace inboxprobe;

TEST_CASE("a token command is split into argv like a shell splits plain words", "[app][unit]")
{
  struct Case
  {
    const char* line;
    std::vector<std::string> argv;
  };
  const Case cases[] = {
    {"gcloud auth print-access-token", {"gcloud", "auth", "print-access-token"}},
    {"  spaced\t out  ", {"spaced", "out"}},
    {"oauth2l fetch --scope 'https://mail.google.com/'",
     {"oauth2l", "fetch", "--scope", "https://mail.google.com/"}},
    {"tool \"two words\" 'it''s'", {"tool", "two words", "its"}},
    {"tool \"say \\\"hi\\\"\" a\\ b", {"tool", "say \"hi\"", "a b"}},
    {"tool '$HOME' \"*\"", {"tool", "$HOME", "*"}},
    {"tool ''", {"tool", ""}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.line);
    const auto argv = split_command_line(c.line);
    REQUIRE(argv);
    CHECK(*argv == c.argv);
  }
  CHECK(split_command_line("tool 'open").error().code == "token_command.syntax");
  CHECK(split_command_line("tool \"open").error().code == "token_command.syntax");
  CHECK(split_command_line("tool \\").error().code == "token_command.syntax");
  CHECK(split_command_line("   ").error().code == "token_command.empty");
}

TEST_CASE("a token command's standard output is the token", "[app][unit]")
{
  const auto token = run_token_command({"printf", "ya29.abc\\n"}, 5'000);
  REQUIRE(token);
  CHECK(token->reveal() == "ya29.abc");
}

TEST_CASE("token command failures are errors that never show the token", "[app][unit]")
{
  struct Case
  {
    const char* name;
    std::vector<std::string> argv;
    const char* code;
    const char* message;
  };
  const Case cases[] = {
    {"non-zero exit with a message",
     {"sh", "-c", "echo ya29.partial; echo 'refresh token expired for ya29.partial' >&2; exit 3"},
     "token_command.exit",
     "sh exited with status 3: \"refresh token expired for <redacted>\""},
    {"killed by a signal",
     {"sh", "-c", "kill -TERM $$"},
     "token_command.exit",
     "sh was killed by signal 15"},
    {"no output",
     {"true"},
     "token_command.no_token",
     "true printed nothing on standard output; expected the access token alone"},
    {"two lines",
     {"printf", "a\\nb\\n"},
     "token_command.no_token",
     "printf printed more than one line on standard output"},
    {"not found",
     {"inboxprobe-no-such-helper"},
     "token_command.spawn",
     "cannot run inboxprobe-no-such-helper: No such file or directory"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto token = run_token_command(c.argv, 5'000);
    REQUIRE_FALSE(token);
    CHECK(token.error().code == c.code);
    CHECK(token.error().what.rfind(c.message, 0) == 0);
    CHECK(token.error().what.find("ya29") == std::string::npos);
  }
}

TEST_CASE("a token command that hangs is stopped at its time limit", "[app][unit]")
{
  const auto start = std::chrono::steady_clock::now();
  const auto token = run_token_command({"sleep", "30"}, 300);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(token);
  CHECK(token.error().code == "token_command.timeout");
  CHECK(elapsed < std::chrono::seconds(5));
}
