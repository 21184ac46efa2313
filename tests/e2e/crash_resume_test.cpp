// Scenario: inboxprobe killed with SIGKILL (no cleanup at all) in the middle of
// a run, during the send pass, the collection or the report, and then
// `inboxprobe resume --run ID`. The kill points are exact (the
// INBOXPROBE_TEST_KILL_AT hook, app/kill_point.hpp), so nothing here depends on
// timing. After the resume no probe is lost, none was delivered twice (counted
// in the lab's mail log), every state is final, and
// the JSON report equals an uninterrupted run's apart from timings and the
// per-run identities (ids, tokens, dates).
#include "child_process.hpp"
#include "receiver_lab.hpp"
#include "scenario.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <set>
#include <sstream>

using namespace inboxprobe;

namespace {

const std::vector<std::string> k_seeds = {
  "seed1@inbox.test", "seed2@inbox.test", "seed3@inbox.test", "seed4@inbox.test"};

std::string
campaign_config(const test::Lab& lab, const std::string& dir)
{
  std::string config =
    lab.campaign("e2e-crash", dir, "6s") + lab.route("provider-a", 'a') + "max_connections = 1\n";
  for (const std::string& seed : k_seeds) {
    // Expunged once found: the lab's mailboxes do not grow run after run.
    config += test::lab_seed(lab, seed, "lab", "cleanup = \"expunge\"\n");
  }
  return config + test::k_plain_content;
}

// Keys whose values differ between any two runs: timings, dates, and what names
// one run, probe or message (ids, tokens, queue ids, IMAP UIDs). Whether a
// probe went over a reused connection, and the ranking of the slowest hops, are
// timing matters too (a resumed send pass opens a new connection).
bool
per_run_key(const std::string& key)
{
  static const std::set<std::string> k_keys = {
    "id",
    "run_id",
    "probe_id",
    "token",
    "message_id",
    "queue_id",
    "uid",
    "uidvalidity",
    "raw",
    "date_at",

    "evidence",
    "internaldate_at",
    "reused_connection",
    "generated_at_ms",
    "slowest_hops",
    "latency_resolution_ms",
    "text",
  };
  const auto ends_with = [&](const std::string& suffix) {
    return key.size() >= suffix.size()
           && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return k_keys.count(key) > 0 || ends_with("_ms") || ends_with("_s") || ends_with("_at");
}

nlohmann::json
without_per_run(const nlohmann::json& value)
{
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.items()) {
      if (!per_run_key(key)) {
        out[key] = without_per_run(item);
      }
    }
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) {
      // A DKIM result's header.b (RFC 6008) is the start of that message's signature.
      if (!(item.is_array() && item.size() == 2 && item[0] == "header.b")) {
        out.push_back(without_per_run(item));
      }
    }
    return out;
  }
  return value;
}

// The run's JSON report (OUT/*.json, the only run in `dir`) without per-run values.
nlohmann::json
report_of(const std::filesystem::path& dir)
{
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "out")) {
    if (entry.path().extension() == ".json") {
      return without_per_run(nlohmann::json::parse(test::slurp(entry.path())));
    }
  }
  FAIL("no JSON report in " << dir);
  return {};
}

// How many times provider A queued a message with `message_id`: its cleanup
// daemon logs each message it takes once (the lab's mail log, read by
// `pfa_log` since the test began). Postfix logs a moment later: wait for the
// first line, a second one would have been logged long before the run ended.
int
deliveries(const test::LogTail& pfa_log, const std::string& message_id)
{
  return static_cast<int>(
    test::wait_for_log(pfa_log, {"postfix-pfa/cleanup", "message-id=<" + message_id + ">"}).size());
}

struct Case
{
  std::string kill_at;
  std::string state_when_killed;
  std::size_t submissions_when_killed;
};

} // namespace

TEST_CASE("a run killed at any pass resumes without losing or resending a probe", "[e2e]")
{
  test::Lab lab;
  const test::LogTail pfa_log(lab["LAB_LOG_DIR"] + "/pfa.log");
  test::TempDir reference_dir;
  const test::ScenarioRun reference =
    test::run_scenario(reference_dir, campaign_config(lab, reference_dir.path().string()));
  INFO(reference.command.out);
  REQUIRE(reference.command.exit_code == 0);
  const nlohmann::json expected = report_of(reference_dir.path());

  const std::vector<Case> cases = {
    {"send:3", "sending", 2},
    {"sighting:2", "collecting", 4},
    {"report:1", "done", 4},
  };
  for (const Case& c : cases) {
    CAPTURE(c.kill_at);
    test::TempDir dir;
    const std::string d = dir.path().string();
    test::write_file(dir.path() / "campaign.toml", campaign_config(lab, d));
    setenv("INBOXPROBE_TEST_KILL_AT", c.kill_at.c_str(), 1);
    test::ChildProcess killed({INBOXPROBE_BINARY, "run", "--config", d + "/campaign.toml"});
    unsetenv("INBOXPROBE_TEST_KILL_AT");
    const int killed_status = killed.wait();
    INFO(killed.output());
    REQUIRE(killed_status == -SIGKILL);
    const std::string run_id = test::run_id_in(killed.output());

    {
      const test::RunOutcome at_kill = test::load_run(d + "/history.db", run_id);
      CHECK(at_kill.run.state == c.state_when_killed);
      std::size_t submitted = 0;
      for (const auto& [key, p] : at_kill.by_key) {
        submitted += p.submission.probe_id != 0 ? 1 : 0;
      }
      INFO(
        test::run_command("sqlite3 " + d
                          + "/history.db 'select probe_id, outcome, step, error from submissions'")
          .out);
      CHECK(submitted == c.submissions_when_killed);
    }

    const test::CommandResult resumed = test::run_command(
      std::string(INBOXPROBE_BINARY) + " resume --config " + d + "/campaign.toml --run " + run_id);
    INFO(resumed.out);
    REQUIRE(resumed.exit_code == 0);
    const test::RunOutcome outcome = test::load_run(d + "/history.db", run_id);
    CHECK(outcome.run.state == "done");
    REQUIRE(outcome.by_key.size() == k_seeds.size());
    for (const auto& [key, p] : outcome.by_key) {
      CAPTURE(key, p.submission.error);
      CHECK(p.submission.outcome == SubmitOutcome::accepted);
      CHECK(p.submission.attempts == 1);
      CHECK(p.result.placement == Placement::inbox);
      CHECK(p.sightings.size() == 1);
      CHECK(deliveries(pfa_log, p.submission.message_id) == 1);
    }
    const nlohmann::json report = report_of(dir.path());
    INFO("differences: " << nlohmann::json::diff(expected, report).dump());
    CHECK(report == expected);

    // Resuming the finished run again sends and collects nothing and leaves its record.
    const test::CommandResult again = test::run_command(
      std::string(INBOXPROBE_BINARY) + " resume --config " + d + "/campaign.toml --run " + run_id);
    INFO(again.out);
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("is already done: nothing to send or collect") != std::string::npos);
    CHECK(again.out.find(": sending") == std::string::npos);
    const test::RunOutcome after = test::load_run(d + "/history.db", run_id);
    CHECK(after.run.deadline_at_ms == outcome.run.deadline_at_ms);
    CHECK(after.run.finished_at_ms == outcome.run.finished_at_ms);
    CHECK(report_of(dir.path()) == expected);
  }
}

TEST_CASE("a probe the server took just before the kill is looked for and never sent again",
          "[e2e]")
{
  test::Lab lab;
  const test::LogTail pfa_log(lab["LAB_LOG_DIR"] + "/pfa.log");
  test::TempDir dir;
  const std::string d = dir.path().string();
  test::write_file(dir.path() / "campaign.toml", campaign_config(lab, d));
  // The second probe's final dot was answered, its record is still the
  // provisional one saved before the dot.
  setenv("INBOXPROBE_TEST_KILL_AT", "submitted:2", 1);
  test::ChildProcess killed({INBOXPROBE_BINARY, "run", "--config", d + "/campaign.toml"});
  unsetenv("INBOXPROBE_TEST_KILL_AT");
  const int killed_status = killed.wait();
  INFO(killed.output());
  REQUIRE(killed_status == -SIGKILL);
  const std::string run_id = test::run_id_in(killed.output());

  const test::CommandResult resumed = test::run_command(
    std::string(INBOXPROBE_BINARY) + " resume --config " + d + "/campaign.toml --run " + run_id);
  INFO(resumed.out);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.out.find("1 probe(s) were being submitted when the run stopped")
        != std::string::npos);
  const test::RunOutcome outcome = test::load_run(d + "/history.db", run_id);
  CHECK(outcome.run.state == "done");
  int interrupted = 0;
  for (const auto& [key, p] : outcome.by_key) {
    CAPTURE(key, p.submission.error);
    CHECK(deliveries(pfa_log, p.submission.message_id) == 1);
    CHECK(p.result.placement == Placement::inbox);
    if (p.submission.outcome == SubmitOutcome::uncertain) {
      ++interrupted;
      CHECK(p.submission.step == SmtpStep::none);
      CHECK(p.submission.error.find("not sent again") != std::string::npos);
    } else {
      CHECK(p.submission.outcome == SubmitOutcome::accepted);
    }
  }
  CHECK(interrupted == 1);
}
