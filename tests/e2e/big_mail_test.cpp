// Scenario: a seed whose INBOX holds big mail that is not ours (eight 150 KB
// newsletters, more than any one IMAP reply libcurl will hold: it keeps the
// reply to a command it does not parse itself in a 300 KiB buffer) and a probe
// of 400 KB. The receiver splits its FETCHes so that no reply needs more,
// finds both probes whole, and leaves every message unread.
#include "receiver_lab.hpp"

#include <fstream>
#include <regex>

using namespace inboxprobe;

namespace {

const std::string k_seed = "big@inbox.test";

// `lines` lines of 70 characters, numbered so that no two are alike.
std::string
filler(const std::string& prefix, int lines, const std::string& eol)
{
  std::string text;
  for (int i = 0; i < lines; ++i) {
    std::string line = prefix + " line " + std::to_string(i) + " ";
    line.resize(70, 'x');
    text += line + eol;
  }
  return text;
}

// A newsletter of about 150 KB (HTML, no probe token) dated now.
std::string
newsletter(int n)
{
  return "From: Deals <news@shop.example>\r\nTo: " + k_seed + "\r\nSubject: Weekly deals "
         + std::to_string(n) + "\r\nMessage-ID: <deals-" + std::to_string(n)
         + "@shop.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; "
           "charset=us-ascii\r\n\r\n"
         + "<html><body><pre>\r\n" + filler("deal", 2100, "\r\n") + "</pre></body></html>\r\n";
}

// Deletes every message of the seed's INBOX (left by an earlier run of this test).
void
empty_inbox(const test::Lab& lab)
{
  test::imap_as(lab, k_seed, "INBOX", "STORE 1:* +FLAGS.SILENT (\\Deleted)");
  test::imap_as(lab, k_seed, "INBOX", "EXPUNGE");
}

// APPENDs `message` to the seed's INBOX with curl (apart from inboxprobe).
void
append(const test::Lab& lab, const std::filesystem::path& dir, const std::string& message)
{
  const std::filesystem::path file = dir / "append.eml";
  test::write_file(file, message);
  const auto r = test::run_command(
    "printf 'user = \"%s:%s\"\\n' '" + k_seed + "' \"$(cat " + lab["LAB_SECRETS_DIR"] + "/" + k_seed
    + ")\" | curl -s -S --max-time 20 --ssl-reqd --cacert " + lab["LAB_CA_FILE"] + " -K - -T "
    + file.string() + " 'imap://127.0.0.1:" + lab["LAB_IMAP_PORT"] + "/INBOX'");
  REQUIRE(r.exit_code == 0);
}

} // namespace

TEST_CASE("big foreign mail and a big probe are read in parts, and the probe is found whole",
          "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  empty_inbox(lab);
  for (int n = 0; n < 8; ++n) {
    append(lab, dir.path(), newsletter(n));
  }
  const std::string config = lab.campaign("e2e-big-mail", d, "20s") + lab.route("provider-a", 'a')
                             + test::lab_seed(lab, k_seed)
                             + test::content("small", "A short probe.\n")
                             + test::content("large", filler("probe", 5800, "\n"));
  test::write_file(dir.path() / "campaign.toml", config);
  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("2 probes: 2 inbox") != std::string::npos);
  std::smatch m;
  REQUIRE(std::regex_search(
    run.out, m, std::regex("seed big@inbox.test: polls=\\d+ failed_polls=(\\d+) ")));
  CHECK(m[1] == "0");

  const auto outcome = test::load_run(d + "/history.db");
  for (const char* key : {"big@inbox.test small", "big@inbox.test large"}) {
    CAPTURE(key);
    const test::ProbeOutcome& o = outcome.by_key.at(key);
    CHECK(o.result.placement == Placement::inbox);
    REQUIRE(o.sightings.size() == 1);
    const std::string& sent = o.submission.message_bytes;
    const std::string& got = o.sightings[0].message_bytes;
    REQUIRE(got.find("\r\n\r\n") != std::string::npos);
    CHECK(got.substr(got.find("\r\n\r\n")) == sent.substr(sent.find("\r\n\r\n")));
    const std::string flags = test::flags_of(lab, k_seed, "INBOX", o.sightings[0].uid);
    CHECK(flags.find("\\Seen") == std::string::npos);
  }
  CHECK(outcome.by_key.at("big@inbox.test large").submission.message_bytes.size() > 400'000);
  // Nothing was moved or deleted while collecting (curl's APPEND stores the
  // newsletters \Seen already, so their flags tell nothing here).
  CHECK(test::imap_as(lab, k_seed, "", "STATUS INBOX (MESSAGES)").find("MESSAGES 10)")
        != std::string::npos);
  empty_inbox(lab);
}
