// The configuration example in README.md is real: it loads, with every key it shows.
#include "config.hpp"
#include "tests/support/corpus.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace inboxprobe;

namespace {

// The first ```toml block after the "## Configuration" heading of README.md.
std::string
readme_config()
{
  const std::string readme = test::read_file(test::source_path("README.md"));
  const std::size_t section = readme.find("## Configuration");
  REQUIRE(section != std::string::npos);
  const std::size_t start = readme.find("```toml\n", section);
  REQUIRE(start != std::string::npos);
  const std::size_t end = readme.find("```", start + 8);
  REQUIRE(end != std::string::npos);
  return readme.substr(start + 8, end - start - 8);
}

void
write(const std::filesystem::path& path, const std::string& text)
{
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

} // namespace

TEST_CASE("the README's configuration example loads", "[app][unit]")
{
  test::TempDir dir;
  write(dir.path() / "campaign.toml", readme_config());
  // The files the example names.
  write(dir.path() / "seeds/team.toml",
        "[[seed]]\naddress = \"team@example.com\"\nprovider = \"gmail\"\npassword_env = \"X\"\n");
  write(dir.path() / "november.txt", "Hello\n");
  write(dir.path() / "november.html", "<p>Hello</p>\n");
  write(dir.path() / "logo.png", "\x89PNG\r\n");
  write(dir.path() / "prices.pdf", "%PDF-1.4\n");
  write(dir.path() / "newsletter.eml", "From: a@example.com\r\nSubject: s\r\n\r\nbody\r\n");

  const Config config = load_config((dir.path() / "campaign.toml").string(), Secrets::skip);
  CHECK(config.campaign.name == "nightly");
  CHECK(config.campaign.deadline_ms == 600'000);
  REQUIRE(config.routes.size() == 1);
  CHECK(config.routes[0].name == "gmail-workspace");
  CHECK(config.routes[0].tls == TlsMode::starttls);
  CHECK(config.bounce_mailboxes.count("gmail-workspace") == 1);
  REQUIRE(config.seeds.size() == 2);
  CHECK(config.seeds[0].imap_url == "imaps://imap.gmail.com:993");
  CHECK(config.seeds[1].address == "team@example.com");
  REQUIRE(config.contents.size() == 2);
  CHECK(config.contents[0].name == "rich");
  CHECK(config.contents[1].name == "real-newsletter");
}
