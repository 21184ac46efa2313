// Scenario: a whole campaign against the lab, two routes x three seeds x two
// contents, and exact placements, authentication results and latency bounds
// read back from the history.
#include "lab.hpp"

#include <core/store/store.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <memory>

using namespace inboxprobe;

namespace {

struct Outcome
{
  Probe probe;
  ProbeResult result;
  Sighting sighting;
};

// key "route seed content" -> outcome
std::map<std::string, Outcome>
load_outcomes(const std::string& db_path)
{
  auto store = Store::open(db_path);
  REQUIRE(store);
  const auto runs = store->list_runs();
  REQUIRE(runs);
  REQUIRE(runs->size() == 1);
  const std::string id = runs->front().id;
  CHECK(runs->front().state == "done");
  const auto loaded_results = store->load_results(id);
  const auto loaded_sightings = store->load_sightings(id);
  const auto loaded_probes = store->load_probes(id);
  REQUIRE(loaded_results);
  REQUIRE(loaded_sightings);
  REQUIRE(loaded_probes);
  std::map<std::int64_t, ProbeResult> results;
  for (const ProbeResult& r : *loaded_results) {
    results[r.probe_id] = r;
  }
  std::map<std::int64_t, Sighting> sightings;
  for (const Sighting& s : *loaded_sightings) {
    sightings.emplace(s.probe_id, s);
  }
  std::map<std::string, Outcome> out;
  for (const Probe& p : *loaded_probes) {
    REQUIRE(results.count(p.id));
    out[p.route + " " + p.seed + " " + p.content] = {p, results[p.id], sightings[p.id]};
  }
  return out;
}

} // namespace

struct Campaign
{
  test::TempDir dir;
  test::CommandResult run;
  std::map<std::string, Outcome> outcomes;
};

// The campaign runs once per process: Catch2 enters the test case again for every SECTION.
Campaign&
campaign(const test::Lab& lab)
{
  static const std::unique_ptr<Campaign> c = [&lab] {
    auto made = std::make_unique<Campaign>();
    const std::string d = made->dir.path().string();
    const std::string config =
      lab.campaign("e2e", d, "8s") + lab.route("provider-a", 'a') + lab.route("provider-b", 'b')
      + lab.seed("seed1@inbox.test") + lab.seed("seed2@inbox.test") + lab.seed("void@inbox.test")
      + "[[content]]\nname = \"newsletter\"\nsubject = \"Your November update\"\n"
        "text = \"Hello,\\n.a line that starts with a dot\\nBye\"\n\n"
        "[[content]]\nname = \"lab-spam\"\nsubject = \"[LAB-SPAM] You won\"\ntext = \"Prize\"\n"
        "headers = { \"X-Lab-Spam\" = \"yes\" }\n";
    test::write_file(made->dir.path() / "campaign.toml", config);
    made->run =
      test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
    if (made->run.exit_code == 0) {
      made->outcomes = load_outcomes(d + "/history.db");
    }
    return made;
  }();
  return *c;
}

TEST_CASE("a lab campaign places, authenticates and times every probe", "[e2e]")
{
  test::Lab lab;
  Campaign& c = campaign(lab);
  const test::CommandResult& run = c.run;
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("12 probes: 4 inbox, 4 spam, 0 other, 4 missing, 0 rejected")
        != std::string::npos);
  auto& outcomes = c.outcomes;
  REQUIRE(outcomes.size() == 12);

  SECTION("route A, normal content: inbox, DKIM signed and verified both ways")
  {
    const Outcome& o = outcomes["provider-a seed1@inbox.test newsletter"];
    CHECK(o.result.placement == Placement::inbox);
    CHECK(o.result.folder == "INBOX");
    CHECK(o.result.dkim == AuthVerdict::pass);
    CHECK(o.result.spf == AuthVerdict::pass);
    CHECK(o.result.dmarc == AuthVerdict::pass);
    REQUIRE(o.result.own_dkim.size() == 1);
    CHECK(o.result.own_dkim[0].verdict == AuthVerdict::pass);
    CHECK(o.result.own_dkim[0].domain == "sender.test");
    CHECK(o.result.own_dkim[0].selector == "lab");
    CHECK(o.sighting.matched_by == "header");
    // The dot line survived SMTP dot-stuffing.
    CHECK(o.sighting.message_bytes.find("\r\n.a line that starts with a dot\r\n")
          != std::string::npos);
  }
  SECTION("route B: not signed")
  {
    const Outcome& o = outcomes["provider-b seed2@inbox.test newsletter"];
    CHECK(o.result.placement == Placement::inbox);
    CHECK(o.result.dkim == AuthVerdict::none);
    CHECK(o.result.own_dkim.empty());
    CHECK(o.result.spf == AuthVerdict::fail); // other.test's SPF record is wrong on purpose
  }
  SECTION("the spam variant lands in the \\Junk folder")
  {
    for (const char* key :
         {"provider-a seed1@inbox.test lab-spam", "provider-b seed2@inbox.test lab-spam"}) {
      CAPTURE(key);
      CHECK(outcomes[key].result.placement == Placement::spam);
      CHECK(outcomes[key].result.folder == "Junk");
      REQUIRE(outcomes[key].result.spam_verdict.has_value());
      CHECK(outcomes[key].result.spam_verdict->is_spam == true);
    }
  }
  SECTION("the discarding seed's probes are missing after the deadline")
  {
    CHECK(outcomes["provider-a void@inbox.test newsletter"].result.placement == Placement::missing);
    CHECK(outcomes["provider-b void@inbox.test lab-spam"].result.placement == Placement::missing);
  }
  SECTION("latency of every found probe is within (-1 s, 60 s)")
  {
    int found = 0;
    for (const auto& [key, o] : outcomes) {
      if (o.result.placement == Placement::inbox || o.result.placement == Placement::spam) {
        CAPTURE(key);
        REQUIRE(o.result.latency_ms.has_value());
        CHECK(*o.result.latency_ms > -1000);
        CHECK(*o.result.latency_ms < 60'000);
        CHECK(o.result.latency_resolution_ms == 1000);
        ++found;
      }
    }
    CHECK(found == 8);
  }
  SECTION("collection leaves every probe unread (no \\Seen)")
  {
    const Outcome& o = outcomes["provider-a seed1@inbox.test newsletter"];
    const auto flags = test::run_command(
      "curl -s --ssl-reqd --cacert " + lab["LAB_CA_FILE"] + " -u 'seed1@inbox.test:"
      + lab.password("seed1@inbox.test") + "' 'imap://127.0.0.1:" + lab["LAB_IMAP_PORT"]
      + "/INBOX' -X 'UID FETCH " + std::to_string(o.sighting.uid) + " (FLAGS)'");
    CHECK(flags.out.find("FETCH") != std::string::npos);
    CHECK(flags.out.find("\\Seen") == std::string::npos);
  }
  SECTION("the report is self-contained and has the matrix")
  {
    const std::size_t at = run.out.find("report: ");
    REQUIRE(at != std::string::npos);
    const std::string path = run.out.substr(at + 8, run.out.find('\n', at) - at - 8);
    const std::string html = test::slurp(path);
    REQUIRE_FALSE(html.empty());
    CHECK(html.find("Content-Security-Policy") != std::string::npos);
    CHECK(html.find("provider-a") != std::string::npos);
    CHECK(html.find("void@inbox.test") != std::string::npos);
    CHECK(html.find("src=\"http") == std::string::npos);
    CHECK(html.find("href=\"http") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
  }
}
