// Scenario: messages holding lines that start like libcurl's command tags
// ("A006 OK ..."). libcurl ends a FETCH reply at such a line; the receiver
// resumes with partial fetches, or after too many cuts fetches the message by
// URL and removes \Seen again. Both probes arrive whole and stay unread.
#include "receiver_lab.hpp"

#include <regex>

using namespace inboxprobe;

namespace {

// "X001 OK Fetch completed." lines for the given tag letters and numbers.
std::string
tag_lines(const std::string& letters, int count)
{
  std::string text = "A transcript of IMAP sessions:\n";
  for (char letter : letters) {
    for (int n = 1; n <= count; ++n) {
      char tag[16];
      std::snprintf(tag, sizeof tag, "%c%03d", letter, n);
      text += std::string(tag) + " OK Fetch completed.\n";
    }
  }
  return text + "End of transcript.\n";
}

// The tags of a fresh connection's first FETCHes (A001-A004 log in, A005
// selects), each repeated more often than the receiver resumes partial
// fetches: only the URL fetch gets this message whole.
std::string
many_cut_lines()
{
  std::string text = "A transcript of a busy IMAP session:\n";
  for (int round = 0; round < 24; ++round) {
    for (const char* tag : {"A005", "A006", "A007", "A008"}) {
      text += std::string(tag) + " OK Fetch completed (round " + std::to_string(round) + ").\n";
    }
  }
  return text + "End of transcript.\n";
}

} // namespace

TEST_CASE("a message with tag-like lines is fetched whole and left unread", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  // Mail left by earlier tests would add commands (and tags) before the fetches.
  for (const char* folder : {"INBOX", "Junk"}) {
    test::imap_as(lab, "seed2@inbox.test", folder, "STORE 1:* +FLAGS.SILENT (\\Deleted)");
    test::imap_as(lab, "seed2@inbox.test", folder, "EXPUNGE");
  }
  const std::string config = lab.campaign("e2e-cut-reply", d, "15s") + lab.route("provider-a", 'a')
                             + test::lab_seed(lab, "seed2@inbox.test")
                             + test::content("few-tags", tag_lines("AB", 20))
                             + test::content("many-cuts", many_cut_lines());
  test::write_file(dir.path() / "campaign.toml", config);
  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("2 probes: 2 inbox") != std::string::npos);
  std::smatch m;
  REQUIRE(std::regex_search(run.out,
                            m,
                            std::regex("seed seed2@inbox.test: .* cut_replies=(\\d+) "
                                       "url_fetches=(\\d+)")));
  CAPTURE(m[0].str());
  // Each poll opens a fresh connection, so many-cuts is always cut. few-tags is
  // cut too when a poll of its own finds it; when both arrive in one poll and
  // many-cuts is fetched first, the tags are past A020 by then: 1 or 2 cuts.
  CHECK(std::stoi(m[1]) >= 1);
  // many-cuts is cut at every resume when its poll starts on a fresh connection
  // (the URL fetch, \Seen restored); fetched after few-tags in one poll, the
  // tags are past its lines and partial fetches suffice. Either way: whole, unread.
  CHECK(std::stoi(m[2]) <= 1);

  const auto outcome = test::load_run(d + "/history.db");
  for (const char* key : {"seed2@inbox.test few-tags", "seed2@inbox.test many-cuts"}) {
    CAPTURE(key);
    const test::ProbeOutcome& o = outcome.by_key.at(key);
    REQUIRE(o.sightings.size() == 1);
    // The whole message arrived: its body is byte for byte what was sent (the
    // servers on the way only add header fields).
    const std::string& sent = o.submission.message_bytes;
    const std::string& got = o.sightings[0].message_bytes;
    REQUIRE(got.find("\r\n\r\n") != std::string::npos);
    CHECK(got.substr(got.find("\r\n\r\n")) == sent.substr(sent.find("\r\n\r\n")));
    CHECK(got.find("End of transcript.") != std::string::npos);
    const std::string flags = test::flags_of(lab, "seed2@inbox.test", "INBOX", o.sightings[0].uid);
    CHECK(flags.find("FETCH") != std::string::npos);
    CHECK(flags.find("\\Seen") == std::string::npos);
  }
}
