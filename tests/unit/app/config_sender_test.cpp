// The sender's configuration keys: every route key (AUTH, XOAUTH2 tokens, TLS
// verification, EHLO, headers, timeouts, pacing) and content key (bodies from
// files, attachments, inline images, List-Unsubscribe, eml_file), their
// values and their file:line: key errors.
#include "config.hpp"
#include "tests/support/temp_dir.hpp"

#include <core/error.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

using namespace inboxprobe;

namespace {

void
write(const std::filesystem::path& path, const std::string& text, mode_t mode = 0600)
{
  std::ofstream(path, std::ios::binary) << text;
  chmod(path.c_str(), mode);
}

// [[route]] is line 3 and `route_extra` starts on line 7; with an empty
// `route_extra`, [[content]] is line 13 and `content_extra` starts on line 15.
std::string
config_with(const std::string& route_extra, const std::string& content_extra)
{
  return "[campaign]\nname = \"c\"\n" // lines 1-2
         "[[route]]\n"                 // line 3
         "name = \"r\"\n"              // line 4
         "url = \"smtp://127.0.0.1:25\"\n"
         "mail_from = \"a@sender.test\"\n" // line 6
         + route_extra
         + "\n[[seed]]\naddress = \"s@inbox.test\"\nprovider = \"lab\"\n"
           "imap_url = \"imap://127.0.0.1:143\"\npassword_file = \"pw\"\n"
           "[[content]]\nname = \"n\"\n"
         + content_extra + "\n";
}

const std::string k_text = "subject = \"s\"\ntext = \"t\"";

struct Loaded
{
  std::optional<Config> config;
  std::string error; // with the directory cut off: "c.toml:7: route[1].auth: ..."
};

struct TestFile
{
  std::string name;
  std::string content;
  mode_t mode = 0600;
};

// Load the configuration in a directory that also holds `files`.
Loaded
load(const std::string& text, const std::vector<TestFile>& files = {})
{
  test::TempDir dir;
  write(dir.path() / "pw", "seed-secret");
  for (const TestFile& file : files) {
    write(dir.path() / file.name, file.content, file.mode);
  }
  write(dir.path() / "c.toml", text);
  Loaded loaded;
  try {
    loaded.config = load_config((dir.path() / "c.toml").string());
  } catch (const ConfigError& e) {
    loaded.error = e.what();
    const std::string prefix = dir.path().string() + "/";
    for (std::size_t at = loaded.error.find(prefix); at != std::string::npos;
         at = loaded.error.find(prefix)) {
      loaded.error.erase(at, prefix.size());
    }
  }
  return loaded;
}

} // namespace

TEST_CASE("route defaults: starttls, verification on, auto AUTH, two connections, no pacing",
          "[app][unit]")
{
  const Loaded loaded = load(config_with("", k_text));
  REQUIRE(loaded.config);
  const Route& r = loaded.config->routes[0];
  CHECK(r.auth == AuthMechanism::automatic);
  CHECK_FALSE(r.insecure_skip_verify);
  CHECK(r.headers.empty());
  CHECK(r.connect_timeout_ms == 15'000);
  CHECK(r.timeout_ms == 120'000);
  CHECK(r.pacing.max_connections == 2);
  CHECK(r.pacing.min_interval_ms == 0);
  CHECK(r.pacing.jitter_ms == 0);
  CHECK(r.pacing.max_retries == 2);
  CHECK(r.pacing.retry_backoff_ms == 5'000);
  CHECK_FALSE(r.ehlo.empty());
}

TEST_CASE("every route key is read", "[app][unit]")
{
  const Loaded loaded =
    load(config_with("user = \"a@sender.test\"\n"
                     "auth = \"login\"\n"
                     "password_file = \"pw\"\n"
                     "insecure_skip_verify = true\n"
                     "ehlo = \"[192.0.2.7]\"\n"
                     "headers = { \"X-Route\" = \"a\" }\n"
                     "connect_timeout = \"3s\"\n"
                     "timeout = \"45s\"\n"
                     "max_connections = 4\n"
                     "min_interval = \"1500ms\"\n"
                     "jitter = \"250ms\"\n"
                     "max_retries = 5\n"
                     "retry_backoff = \"30s\"",
                     k_text));
  REQUIRE(loaded.config);
  const Route& r = loaded.config->routes[0];
  CHECK(r.auth == AuthMechanism::login);
  CHECK(r.password.reveal() == "seed-secret");
  CHECK(r.insecure_skip_verify);
  CHECK(r.ehlo == "[192.0.2.7]");
  CHECK(r.headers == std::vector<std::pair<std::string, std::string>>{{"X-Route", "a"}});
  CHECK(r.connect_timeout_ms == 3'000);
  CHECK(r.timeout_ms == 45'000);
  CHECK(r.pacing.max_connections == 4);
  CHECK(r.pacing.min_interval_ms == 1'500);
  CHECK(r.pacing.jitter_ms == 250);
  CHECK(r.pacing.max_retries == 5);
  CHECK(r.pacing.retry_backoff_ms == 30'000);
}

TEST_CASE("an XOAUTH2 token comes from a file or a command", "[app][unit]")
{
  SECTION("token_file, no auth key needed")
  {
    const Loaded loaded =
      load(config_with("user = \"a@sender.test\"\ntoken_file = \"tok\"", k_text),
           {{"tok", "ya29.file\n"}});
    REQUIRE(loaded.config);
    CHECK(loaded.config->routes[0].auth == AuthMechanism::xoauth2);
    CHECK(loaded.config->routes[0].oauth2_token.reveal() == "ya29.file");
    CHECK(loaded.config->routes[0].password.empty());
  }
  SECTION("oauth2_token_command, split without a shell")
  {
    const Loaded loaded =
      load(config_with("user = \"a@sender.test\"\nauth = \"xoauth2\"\n"
                       "oauth2_token_command = \"printf '%s\\\\n' 'ya29.from command'\"",
                       k_text));
    REQUIRE(loaded.config);
    CHECK(loaded.config->routes[0].oauth2_token.reveal() == "ya29.from command");
  }
}

TEST_CASE("route key mistakes name the file, the line and the key", "[app][unit]")
{
  struct Case
  {
    const char* name;
    std::string route_extra;
    std::vector<TestFile> files;
    const char* error;
  };
  const Case cases[] = {
    {"unknown auth mechanism",
     "user = \"u\"\nauth = \"cram-md5\"\npassword_file = \"pw\"",
     {},
     "c.toml:8: route[1].auth: expected one of auto, plain, login, xoauth2, got \"cram-md5\""},
    {"xoauth2 without a token",
     "user = \"u\"\nauth = \"xoauth2\"",
     {},
     "c.toml:8: route[1].auth: xoauth2 needs oauth2_token_command or token_file"},
    {"xoauth2 without a user",
     "token_file = \"tok\"",
     {{"tok", "t"}},
     "c.toml:3: route[1].auth: xoauth2 needs user"},
    {"xoauth2 with a password",
     "user = \"u\"\ntoken_file = \"tok\"\npassword_file = \"pw\"",
     {{"tok", "t"}},
     "c.toml:3: route[1].auth: xoauth2 uses a token"},
    {"a token with auth plain",
     "user = \"u\"\nauth = \"plain\"\ntoken_file = \"tok\"",
     {{"tok", "t"}},
     "c.toml:9: route[1].token_file: a token is used with auth = \"xoauth2\" only"},
    {"both token sources",
     "user = \"u\"\ntoken_file = \"tok\"\noauth2_token_command = \"true\"",
     {{"tok", "t"}},
     "c.toml:8: route[1].token_file: give either oauth2_token_command or token_file"},
    {"token file readable by others",
     "user = \"u\"\ntoken_file = \"loose\"",
     {{"loose", "t", 0644}},
     "c.toml:8: route[1].token_file: loose is readable by group or others"},
    {"failing token command",
     "user = \"u\"\noauth2_token_command = \"false\"",
     {},
     "c.toml:8: route[1].oauth2_token_command: false exited with status 1"},
    {"unclosed quote in the command",
     "user = \"u\"\noauth2_token_command = \"echo 'x\"",
     {},
     "c.toml:8: route[1].oauth2_token_command: unclosed ' quote"},
    {"skip verify without TLS",
     "tls = \"none\"\ninsecure_skip_verify = true",
     {},
     "c.toml:8: route[1].insecure_skip_verify: has no effect with tls = \"none\""},
    {"bogus EHLO name",
     "ehlo = \"my laptop\"",
     {},
     "c.toml:7: route[1].ehlo: \"my laptop\" is not a domain name"},
    {"empty EHLO name", "ehlo = \"\"", {}, "c.toml:7: route[1].ehlo: \"\" is not a domain name"},
    {"a reserved header",
     "headers = { \"Subject\" = \"x\" }",
     {},
     "c.toml:7: route[1].headers: Subject is written by inboxprobe"},
    {"too short a connect timeout",
     "connect_timeout = \"50ms\"",
     {},
     "c.toml:7: route[1].connect_timeout: must be at least 100ms"},
    {"a backoff that is not a duration",
     "retry_backoff = \"soon\"",
     {},
     "c.toml:7: route[1].retry_backoff: expected a duration"},
    {"too short a timeout",
     "timeout = \"10ms\"",
     {},
     "c.toml:7: route[1].timeout: must be at least 1000ms"},
    {"too many connections",
     "max_connections = 100",
     {},
     "c.toml:7: route[1].max_connections: must be between 1 and 32, got 100"},
    {"negative retries",
     "max_retries = -1",
     {},
     "c.toml:7: route[1].max_retries: must be between 0 and 10, got -1"},
    {"not a duration",
     "min_interval = \"fast\"",
     {},
     "c.toml:7: route[1].min_interval: expected a duration"},
    {"jitter as a number",
     "jitter = 5",
     {},
     "c.toml:7: route[1].jitter: expected a string, got an integer"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const Loaded loaded = load(config_with(c.route_extra, k_text), c.files);
    CHECK(loaded.error.substr(0, std::string(c.error).size()) == c.error);
  }
}

TEST_CASE("content bodies, files and unsubscribe headers are read", "[app][unit]")
{
  const Loaded loaded =
    load(config_with("",
                     "subject = \"s\"\n"
                     "text_file = \"body.txt\"\n"
                     "html_file = \"body.html\"\n"
                     "attachments = [\"files/report.pdf\"]\n"
                     "inline_images = [\"logo.png\"]\n"
                     "list_unsubscribe = \"<https://x.test/u>, <mailto:u@x.test>\"\n"
                     "list_unsubscribe_post = true"),
         {{"body.txt", "Hello\n"},
          {"body.html", "<p>Hello</p>"},
          {"logo.png", std::string("\x89PNG", 4)}});
  // files/report.pdf is missing on purpose: the error names it.
  CHECK(loaded.error.find("c.toml:") == 0);
  CHECK(loaded.error.find("content[1].attachments: cannot read files/report.pdf")
        != std::string::npos);

  const Loaded ok = load(
    config_with("",
                "subject = \"s\"\n"
                "text_file = \"body.txt\"\n"
                "html = \"<p>Hello</p>\"\n"
                "attachments = [\"report.pdf\"]\n"
                "inline_images = [\"logo.png\"]\n"
                "list_unsubscribe = \"<https://x.test/u>\"\n"
                "list_unsubscribe_post = true"),
    {{"body.txt", "Hello\n"}, {"report.pdf", "%PDF"}, {"logo.png", std::string("\x89PNG", 4)}});
  REQUIRE(ok.config);
  const Content& c = ok.config->contents[0];
  CHECK(c.text == "Hello\n");
  CHECK(c.html == "<p>Hello</p>");
  REQUIRE(c.attachments.size() == 1);
  CHECK(c.attachments[0].filename == "report.pdf");
  CHECK(c.attachments[0].bytes == "%PDF");
  REQUIRE(c.inline_images.size() == 1);
  CHECK(c.inline_images[0].bytes == std::string("\x89PNG", 4));
  CHECK(c.list_unsubscribe == "<https://x.test/u>");
  CHECK(c.list_unsubscribe_post);
}

TEST_CASE("an eml_file content is checked when the configuration loads", "[app][unit]")
{
  const Loaded ok =
    load(config_with("", "eml_file = \"news.eml\"\nheaders = { \"X-Campaign\" = \"nov\" }"),
         {{"news.eml", "From: a@sender.test\nSubject: News\n\nHello\n"}});
  REQUIRE(ok.config);
  CHECK(ok.config->contents[0].eml == "From: a@sender.test\nSubject: News\n\nHello\n");
  CHECK(ok.config->contents[0].subject.empty());

  const Loaded bad =
    load(config_with("", "eml_file = \"news.eml\""), {{"news.eml", "no header here\n"}});
  CHECK(bad.error.rfind("c.toml:15: content[1].eml_file: news.eml: the file does not start", 0)
        == 0);
}

TEST_CASE("content key mistakes name the file, the line and the key", "[app][unit]")
{
  struct Case
  {
    const char* name;
    std::string content;
    const char* error;
  };
  const Case cases[] = {
    {"text and text_file",
     "subject = \"s\"\ntext = \"t\"\ntext_file = \"b\"",
     "c.toml:17: content[1].text_file: give either text or text_file, not both"},
    {"no text at all",
     "subject = \"s\"",
     "c.toml:13: content[1].text: missing (required): set text, text_file or eml_file"},
    {"inline images without HTML",
     k_text + "\ninline_images = [\"pw\"]",
     "c.toml:17: content[1].inline_images: inline images need an HTML body"},
    {"unbracketed List-Unsubscribe",
     k_text + "\nlist_unsubscribe = \"https://x.test/u\"",
     "c.toml:17: content[1].list_unsubscribe: expected angle-bracketed URIs (RFC 2369)"},
    {"one-click without https",
     k_text
       + "\nlist_unsubscribe = \"<mailto:u@x.test>\"\n"
         "list_unsubscribe_post = true",
     "c.toml:18: content[1].list_unsubscribe_post: one-click unsubscribe (RFC 8058) needs"},
    {"eml with a subject",
     "eml_file = \"pw\"\nsubject = \"s\"",
     "c.toml:16: content[1].subject: not used with eml_file"},
    {"a header with a line break",
     k_text + "\nheaders = { \"X-A\" = \"1\\r\\nBcc: x@y\" }",
     "c.toml:17: content[1].headers: the value of X-A contains a line break"},
    {"an unfoldable header",
     k_text + "\nheaders = { \"X-A\" = \"" + std::string(901, 'x') + "\" }",
     "c.toml:17: content[1].headers: the value of X-A is longer than 900 octets"},
    {"a Bcc header",
     k_text + "\nheaders = { \"bcc\" = \"x@y\" }",
     "c.toml:17: content[1].headers: bcc is written by inboxprobe"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const Loaded loaded = load(config_with("", c.content));
    CHECK(loaded.error.substr(0, std::string(c.error).size()) == c.error);
  }
}
