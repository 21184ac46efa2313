#include "config.hpp"
#include "config_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <core/error.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

using namespace inboxprobe;

namespace {

const std::string& k_valid = test::k_valid_config;
using test::replace_once;

// The message of the ConfigError `load_config` throws for `text` (with the
// secret files of the valid config present).
std::string
error_for(const std::string& text)
{
  test::TempDir dir;
  test::write_with_mode(dir.path() / "alice.secret", "s3cret\n");
  test::write_with_mode(dir.path() / "c.toml", text);
  try {
    load_config((dir.path() / "c.toml").string());
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    const std::string prefix = (dir.path() / "c.toml").string();
    return message.rfind(prefix, 0) == 0 ? "c.toml" + message.substr(prefix.size()) : message;
  }
  return "no error";
}

} // namespace

TEST_CASE("a valid configuration loads with presets merged and paths resolved", "[app][unit]")
{
  setenv("INBOXPROBE_TEST_SEED_SECRET", "seed-secret", 1);
  test::TempDir dir;
  test::write_with_mode(dir.path() / "alice.secret", "s3cret\n");
  test::write_with_mode(dir.path() / "c.toml", k_valid);
  const Config config = load_config((dir.path() / "c.toml").string());
  CHECK(config.campaign.name == "nightly");
  CHECK(config.campaign.deadline_ms == 90'000);
  CHECK(config.campaign.poll_interval_ms == 2'000);
  CHECK(config.campaign.db_path == (dir.path() / "data/history.db").string());
  CHECK(config.campaign.dns_resolver == "127.0.0.1:5353");
  CHECK(config.campaign.keep_days == 400); // defaults
  CHECK(config.campaign.keep_raw_days == 35);
  REQUIRE(config.routes.size() == 1);
  CHECK(config.routes[0].tls == TlsMode::starttls);
  CHECK(config.routes[0].ca_file == (dir.path() / "ca.pem").string());
  CHECK(config.routes[0].password.reveal() == "s3cret");
  REQUIRE(config.seeds.size() == 2);
  CHECK(config.seeds[0].tls == TlsMode::tls); // from the imaps:// scheme
  CHECK(config.seeds[0].user == "seed1@inbox.test");
  CHECK(config.seeds[0].password.reveal() == "seed-secret");
  CHECK(config.seeds[0].trusted_authserv_ids == std::vector<std::string>{"mx.inbox.test"});
  CHECK(config.seeds[1].imap_url == "imaps://imap.gmail.com:993");
  CHECK(config.seeds[1].junk_folder_names
        == std::vector<std::string>{"Custom Spam", "[Gmail]/Spam", "[Google Mail]/Spam"});
  CHECK(config.seeds[1].trusted_authserv_ids == std::vector<std::string>{"mx.google.com"});
  REQUIRE(config.contents.size() == 1);
  CHECK(config.contents[0].headers
        == std::vector<std::pair<std::string, std::string>>{{"X-Campaign", "nov"}});
}

TEST_CASE("configuration mistakes name the file, the line and the key", "[app][unit]")
{
  setenv("INBOXPROBE_TEST_SEED_SECRET", "seed-secret", 1);
  unsetenv("INBOXPROBE_TEST_UNSET");
  struct Case
  {
    const char* name;
    std::string text;
    const char* error;
  };
  const Case cases[] = {
    {"typo in a key",
     replace_once(k_valid, "password_file = \"alice.secret\"", "pasword_file = \"alice.secret\""),
     "c.toml:15: route[1].pasword_file: unknown key (did you mean "
     "password_file?)"},
    {"bad tls mode",
     replace_once(k_valid, "ehlo = ", "tls = \"ssl\"\nehlo = "),
     "c.toml:13: route[1].tls: expected one of starttls, tls, none, got "
     "\"ssl\""},
    {"raw bytes kept longer than their runs",
     replace_once(k_valid, "deadline = ", "keep_days = 30\nkeep_raw_days = 60\ndeadline = "),
     "c.toml:5: campaign.keep_raw_days: must be between 1 and keep_days (30): raw bytes "
     "cannot outlive their run"},
    {"negative retention",
     replace_once(k_valid, "deadline = ", "keep_days = -1\ndeadline = "),
     "c.toml:4: campaign.keep_days: must be between 0 and 100000, got -1"},
    {"bad duration",
     replace_once(k_valid, "\"90s\"", "\"90\""),
     "c.toml:4: campaign.deadline: expected a duration such as \"30s\", \"5m\" "
     "or \"1m30s\", "
     "got \"90\""},
    {"wrong type",
     replace_once(k_valid, "\"2s\"", "2"),
     "c.toml:5: campaign.poll_interval: expected a string, got an integer"},
    {"unset environment variable",
     replace_once(k_valid,
                  "password_env = \"INBOXPROBE_TEST_SEED_SECRET\"\n\n[[seed]]",
                  "password_env = \"INBOXPROBE_TEST_UNSET\"\n\n[[seed]]"),
     "c.toml:23: seed[1].password_env: environment variable "
     "INBOXPROBE_TEST_UNSET is not set "
     "or empty"},
    {"unknown provider",
     replace_once(k_valid, "provider = \"gmail\"", "provider = \"gmial\""),
     "c.toml:27: seed[2].provider: unknown provider preset \"gmial\""},
    {"TOML syntax", replace_once(k_valid, "name = \"nightly\"", "name = \"nightly"), "c.toml:3: "},
    // toml++ quotes the input it choked on, here a line break (found by fuzz_config).
    {"TOML error quoting a line break",
     replace_once(k_valid, "deadline = \"90s\"", "deadline =t"),
     "c.toml:4: Error while parsing boolean: expected 'true', saw 't\\x0a'"},
    {"plaintext AUTH",
     replace_once(k_valid, "ehlo = ", "tls = \"none\"\nehlo = "),
     "c.toml:13: route[1].tls: AUTH without TLS sends the password in the "
     "clear"},
    {"smtps with starttls",
     replace_once(
       k_valid, "smtp://127.0.0.1:10587\"", "smtps://127.0.0.1:10465\"\ntls = \"starttls\""),
     "c.toml:12: route[1].tls: an smtps:// URL means implicit TLS"},
    {"not an address",
     replace_once(k_valid, "seed1@inbox.test", "seed1"),
     "c.toml:20: seed[1].address: not an email address: \"seed1\""},
    {"missing content",
     replace_once(k_valid, "[[content]]", "[[contents]]"),
     "c.toml:31: contents: unknown key (did you mean content?)"},
    {"duplicate seed",
     replace_once(k_valid, "me@gmail.com", "seed1@inbox.test"),
     "c.toml:26: seed[2].address: seed \"seed1@inbox.test\" is defined twice (first at line 20: "
     "seed[1].address)"},
    {"From with a line break (header injection)",
     replace_once(
       k_valid, "Alice <alice@sender.test>", "Alice <alice@sender.test>\\r\\nX-Injected: yes"),
     "c.toml:17: route[1].from: contains a line break or NUL; it must be one line"},
    {"URL with a line break (command injection)",
     replace_once(k_valid, "smtp://127.0.0.1:10587", "smtp://127.0.0.1:10587/\\nRCPT TO:<x@y>"),
     "c.toml:11: route[1].url: contains a line break or NUL; it must be one line"},
    {"subject with a line break",
     replace_once(k_valid, "subject = \"Hello\"", "subject = \"Hello\\nBcc: x@y\""),
     "c.toml:33: content[1].subject: contains a line break or NUL; it must be one line"},
    {"header with a line break",
     replace_once(k_valid, "\"nov\"", "\"nov\\r\\nBcc: x@y\""),
     "c.toml:35: content[1].headers: the value of X-Campaign contains a line "
     "break"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string error = error_for(c.text);
    CHECK(error.substr(0, std::string(c.error).size()) == c.error);
  }
}

TEST_CASE("secret files readable by others are refused", "[app][unit]")
{
  test::TempDir dir;
  test::write_with_mode(dir.path() / "loose", "pw\n", 0644);
  test::write_with_mode(dir.path() / "tight", "pw\n", 0600);
  test::write_with_mode(dir.path() / "empty", "", 0600);
  CHECK_THROWS_WITH(read_secret_file((dir.path() / "loose").string(), "c.toml:3: x"),
                    Catch::Contains("readable by group or others; run: chmod 600"));
  CHECK(read_secret_file((dir.path() / "tight").string(), "c.toml:3: x").reveal() == "pw");
  CHECK_THROWS_WITH(read_secret_file((dir.path() / "empty").string(), "c.toml:3: x"),
                    Catch::Contains("is empty"));
  CHECK_THROWS_WITH(read_secret_file((dir.path() / "absent").string(), "c.toml:3: x"),
                    Catch::Contains("no such file"));
}

TEST_CASE("a report-only load needs no secrets", "[app][unit]")
{
  unsetenv("INBOXPROBE_TEST_SEED_SECRET");
  test::TempDir dir;
  test::write_with_mode(dir.path() / "c.toml", k_valid); // alice.secret does not even exist
  const Config config = load_config((dir.path() / "c.toml").string(), Secrets::skip);
  CHECK(config.routes[0].password.empty());
}

TEST_CASE("receiver keys load: bounce mailbox, XOAUTH2 tokens, cleanup, deadlines, limits",
          "[app][unit]")
{
  setenv("INBOXPROBE_TEST_SEED_SECRET", "seed-secret", 1);
  test::TempDir dir;
  test::write_with_mode(dir.path() / "alice.secret", "s3cret\n");
  test::write_with_mode(dir.path() / "gmail.token", "ya29.token-from-file\n");
  std::string text = replace_once(k_valid,
                                  "dns_resolver = \"127.0.0.1:5353\"",
                                  "dns_resolver = \"127.0.0.1:5353\"\nimap_timeout = \"5s\"\n"
                                  "max_connections_per_host = 4\ncollect_horizon = \"2d\"");
  text = replace_once(text,
                      "from = \"Alice <alice@sender.test>\"",
                      "from = \"Alice <alice@sender.test>\"\n"
                      "bounce_mailbox = { imap_url = \"imap://127.0.0.1:10143\", user = "
                      "\"alice@sender.test\", password_file = \"alice.secret\" }");
  text = replace_once(text,
                      "password_env = \"INBOXPROBE_TEST_SEED_SECRET\"\njunk_folder",
                      "token_file = \"gmail.token\"\ncleanup = \"trash\"\ndeadline = \"10m\"\n"
                      "junk_folder");
  text +=
    "\n[[seed]]\naddress = \"o@outlook.com\"\nprovider = \"outlook\"\n"
    "oauth2_token_command = \"printf eyJ0eXAi.cmd-token\"\n"
    "cleanup = \"expunge\"\n";
  test::write_with_mode(dir.path() / "c.toml", text);
  const Config config = load_config((dir.path() / "c.toml").string());
  CHECK(config.campaign.imap_timeout_ms == 5000);
  CHECK(config.campaign.max_connections_per_host == 4);
  CHECK(config.campaign.collect_horizon_ms == 2 * 86'400'000LL);
  REQUIRE(config.bounce_mailboxes.count("primary") == 1);
  const SeedMailbox& bounce = config.bounce_mailboxes.at("primary");
  CHECK(bounce.address == "alice@sender.test");
  CHECK(bounce.user == "alice@sender.test");
  CHECK(bounce.tls == TlsMode::starttls);
  CHECK(bounce.password.reveal() == "s3cret");
  REQUIRE(config.seeds.size() == 3);
  CHECK(config.seeds[0].auth == ImapAuth::password);
  CHECK(config.seeds[0].cleanup == SeedCleanup::none);
  CHECK(config.seeds[0].deadline_ms == 0);
  CHECK(config.seeds[1].auth == ImapAuth::xoauth2);
  CHECK(config.seeds[1].password.reveal() == "ya29.token-from-file");
  CHECK(config.seeds[1].cleanup == SeedCleanup::trash);
  CHECK(config.seeds[1].deadline_ms == 600'000);
  CHECK(config.seeds[2].auth == ImapAuth::xoauth2);
  CHECK(config.seeds[2].password.reveal() == "eyJ0eXAi.cmd-token");
  CHECK(config.seeds[2].cleanup == SeedCleanup::expunge);
  CHECK(config.campaign.max_parallel_seeds == 8);
}

TEST_CASE("receiver key mistakes name the file, the line and the key", "[app][unit]")
{
  setenv("INBOXPROBE_TEST_SEED_SECRET", "seed-secret", 1);
  struct Case
  {
    const char* name;
    std::string text;
    const char* error;
  };
  const Case cases[] = {
    {"bounce mailbox not a table",
     replace_once(k_valid,
                  "mail_from = \"alice@sender.test\"",
                  "mail_from = \"alice@sender.test\"\nbounce_mailbox = \"alice@sender.test\""),
     "c.toml:17: route[1].bounce_mailbox: expected a table"},
    {"bounce mailbox without user",
     replace_once(
       k_valid,
       "mail_from = \"alice@sender.test\"",
       "mail_from = \"alice@sender.test\"\nbounce_mailbox = { imap_url = \"imap://h:143\", "
       "password_file = \"alice.secret\" }"),
     "c.toml:17: route[1].bounce_mailbox.user: missing"},
    {"bounce mailbox typo",
     replace_once(
       k_valid,
       "mail_from = \"alice@sender.test\"",
       "mail_from = \"alice@sender.test\"\nbounce_mailbox = { imap_ur = \"imap://h\", user "
       "= \"a\", password_file = \"alice.secret\" }"),
     "c.toml:17: route[1].bounce_mailbox.imap_ur: unknown key (did you mean imap_url?)"},
    {"password and token",
     replace_once(k_valid,
                  "junk_folder = \"Custom Spam\"",
                  "oauth2_token_command = \"echo t\"\njunk_folder = \"Custom Spam\""),
     "c.toml:29: seed[2].oauth2_token_command: give one of password_env, password_file, "
     "token_file or oauth2_token_command"},
    {"token command fails",
     replace_once(k_valid,
                  "password_env = \"INBOXPROBE_TEST_SEED_SECRET\"\njunk_folder",
                  "oauth2_token_command = \"sh -c 'exit 3'\"\njunk_folder"),
     "c.toml:28: seed[2].oauth2_token_command: sh exited with status 3"},
    {"token command prints nothing",
     replace_once(k_valid,
                  "password_env = \"INBOXPROBE_TEST_SEED_SECRET\"\njunk_folder",
                  "oauth2_token_command = \"true\"\njunk_folder"),
     "c.toml:28: seed[2].oauth2_token_command: true printed nothing on standard output"},
    {"bad cleanup",
     replace_once(k_valid,
                  "junk_folder = \"Custom Spam\"",
                  "cleanup = \"delete\"\njunk_folder = \"Custom Spam\""),
     "c.toml:29: seed[2].cleanup: expected one of none, trash, expunge, got \"delete\""},
    {"seed deadline too short",
     replace_once(k_valid,
                  "junk_folder = \"Custom Spam\"",
                  "deadline = \"10ms\"\njunk_folder = \"Custom Spam\""),
     "c.toml:29: seed[2].deadline: must be at least 1s"},
    {"imap timeout too short",
     replace_once(k_valid, "deadline = \"90s\"", "deadline = \"90s\"\nimap_timeout = \"100ms\""),
     "c.toml:5: campaign.imap_timeout: must be at least 1s"},
    {"connections per host out of range",
     replace_once(
       k_valid, "deadline = \"90s\"", "deadline = \"90s\"\nmax_connections_per_host = 0"),
     "c.toml:5: campaign.max_connections_per_host: "},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string error = error_for(c.text);
    CHECK(error.substr(0, std::string(c.error).size()) == c.error);
  }
}

TEST_CASE("a report-only load runs no token command", "[app][unit]")
{
  test::TempDir dir;
  test::write_with_mode(dir.path() / "c.toml",
                        replace_once(k_valid,
                                     "password_env = \"INBOXPROBE_TEST_SEED_SECRET\"\njunk_folder",
                                     "oauth2_token_command = \"touch "
                                       + (dir.path() / "ran").string()
                                       + "; echo t\"\njunk_folder"));
  const Config config = load_config((dir.path() / "c.toml").string(), Secrets::skip);
  CHECK(config.seeds[1].auth == ImapAuth::xoauth2);
  CHECK(config.seeds[1].password.empty());
  CHECK_FALSE(std::filesystem::exists(dir.path() / "ran"));
}

TEST_CASE("a secret file any other user could read or change is refused, whatever the bit",
          "[app][unit]")
{
  struct Case
  {
    mode_t mode;
    bool refused;
  };
  const std::vector<Case> cases = {
    {0600, false},
    {0400, false},
    {0700, false},
    {0640, true},
    {0620, true},
    {0610, true},
    {0604, true},
    {0602, true},
    {0601, true},
    {0666, true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.mode);
    test::TempDir dir;
    test::write_with_mode(dir.path() / "s", "pw\n", c.mode);
    const std::string file = (dir.path() / "s").string();
    if (c.refused) {
      CHECK_THROWS_WITH(read_secret_file(file, "c.toml:3: x"),
                        Catch::Contains("readable by group or others; run: chmod 600 " + file));
    } else {
      CHECK(read_secret_file(file, "c.toml:3: x").reveal() == "pw");
    }
  }
}

TEST_CASE("a symlink to a loose secret file is refused like the file itself", "[app][unit]")
{
  test::TempDir dir;
  test::write_with_mode(dir.path() / "loose", "pw\n", 0644);
  std::filesystem::create_symlink(dir.path() / "loose", dir.path() / "link");
  CHECK_THROWS_WITH(read_secret_file((dir.path() / "link").string(), "c.toml:3: x"),
                    Catch::Contains("readable by group or others"));
}

TEST_CASE("a seed's loose password file stops the whole configuration", "[app][unit]")
{
  test::TempDir dir;
  test::write_with_mode(dir.path() / "alice.secret", "s3cret\n");
  test::write_with_mode(dir.path() / "seed.secret", "s3cret\n", 0644);
  std::string text = replace_once(k_valid,
                                  "imap_url = \"imaps://127.0.0.1:10993\"\npassword_env = "
                                  "\"INBOXPROBE_TEST_SEED_SECRET\"",
                                  "imap_url = \"imaps://127.0.0.1:10993\"\npassword_file = "
                                  "\"seed.secret\"");
  test::write_with_mode(dir.path() / "c.toml", text);
  CHECK_THROWS_WITH(load_config((dir.path() / "c.toml").string()),
                    Catch::Contains("seed.secret is readable by group or others"));
}
