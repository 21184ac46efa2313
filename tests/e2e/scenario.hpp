// Test support for the sender's e2e scenarios: write a campaign from parts, run
// `inboxprobe run` on it, and read every record of the run back from the history;
// read what a lab daemon logged while a scenario ran.
#pragma once

#include "lab.hpp"

#include <core/store/store.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace inboxprobe::test {

// One probe with everything the run recorded about it.
struct ProbeRecord
{
  Probe probe;
  std::optional<Submission> submission;
  std::optional<ProbeResult> result;
  std::optional<Sighting> sighting;
};

struct ScenarioRun
{
  CommandResult command;
  std::string run_id;
  std::vector<ProbeRecord> probes; // in probe id order
  std::string db_path;

  // The record of the probe to `seed` with `content` (first one when several).
  const ProbeRecord&
  of(const std::string& seed, const std::string& content = "n") const
  {
    for (const ProbeRecord& r : probes) {
      if (r.probe.seed == seed && r.probe.content == content) {
        return r;
      }
    }
    FAIL("no probe to " << seed << " with content " << content);
    throw std::logic_error("unreachable");
  }
};

// A [[route]] for alice at `url`, with `extra` TOML lines. With `auth`, alice's
// password file is used; the lab CA is trusted and the EHLO name set.
inline std::string
route_at(const Lab& lab,
         const std::string& name,
         const std::string& url,
         const std::string& extra = "",
         bool auth = true)
{
  std::string route = "[[route]]\nname = \"" + name + "\"\nurl = \"" + url + "\"\nca_file = \""
                      + lab["LAB_CA_FILE"]
                      + "\"\nehlo = \"client.lab.test\"\nmail_from = \"alice@sender.test\"\n"
                        "from = \"Lab Sender <alice@sender.test>\"\n";
  if (auth) {
    route += "user = \"alice@sender.test\"\n";
    if (extra.find("token") == std::string::npos) {
      route += "password_file = \"" + lab["LAB_SECRETS_DIR"] + "/alice@sender.test\"\n";
    }
  }
  return route + extra + "\n\n";
}

// A [[seed]] with address `address` whose mailbox is `mailbox`'s: for addresses
// that have none (triggers, unknown recipients), the receiver looks in a real
// one and does not find the probe.
inline std::string
seed_as(const Lab& lab, const std::string& address, const std::string& mailbox)
{
  return "[[seed]]\naddress = \"" + address + "\"\nprovider = \"lab\"\nimap_url = "
         "\"imap://127.0.0.1:"
         + lab["LAB_IMAP_PORT"] + "\"\ntls = \"starttls\"\nca_file = \"" + lab["LAB_CA_FILE"]
         + "\"\nuser = \"" + mailbox + "\"\npassword_file = \"" + lab["LAB_SECRETS_DIR"] + "/"
         + mailbox + "\"\n\n";
}

inline const std::string k_plain_content =
  "[[content]]\nname = \"n\"\nsubject = \"e2e probe\"\n"
  "text = \"Hello from an e2e scenario.\"\n\n";

// Write `config` to DIR/campaign.toml, run it (`flags` added to the command
// line) and load the run's records.
inline ScenarioRun
run_scenario(const TempDir& dir, const std::string& config, const std::string& flags = "")
{
  ScenarioRun out;
  const std::string d = dir.path().string();
  write_file(dir.path() / "campaign.toml", config);
  out.command =
    run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml " + flags);
  out.db_path = d + "/history.db";
  auto store = Store::open(out.db_path);
  REQUIRE(store);
  const auto runs = store->list_runs();
  REQUIRE(runs);
  if (runs->empty()) {
    return out;
  }
  out.run_id = runs->front().id;
  const auto probes = store->load_probes(out.run_id);
  const auto submissions = store->load_submissions(out.run_id);
  const auto results = store->load_results(out.run_id);
  const auto sightings = store->load_sightings(out.run_id);
  REQUIRE(probes);
  REQUIRE(submissions);
  REQUIRE(results);
  REQUIRE(sightings);
  std::map<std::int64_t, ProbeRecord> by_id;
  for (const Probe& p : *probes) {
    by_id[p.id].probe = p;
  }
  for (const Submission& s : *submissions) {
    by_id[s.probe_id].submission = s;
  }
  for (const ProbeResult& r : *results) {
    by_id[r.probe_id].result = r;
  }
  for (const Sighting& s : *sightings) {
    by_id[s.probe_id].sighting = s;
  }
  for (auto& [id, record] : by_id) {
    out.probes.push_back(std::move(record));
  }
  return out;
}

// What a log file gained since this object was made.
class LogTail
{
public:
  explicit LogTail(std::string path) : m_path(std::move(path)), m_start(slurp(m_path).size())
  {
  }
  std::string
  text() const
  {
    const std::string all = slurp(m_path);
    return all.size() > m_start ? all.substr(m_start) : std::string();
  }
  // The new lines containing every one of `parts`.
  std::vector<std::string>
  lines_with(const std::vector<std::string>& parts) const
  {
    std::vector<std::string> found;
    std::istringstream in(text());
    std::string line;
    while (std::getline(in, line)) {
      bool all = true;
      for (const std::string& part : parts) {
        all = all && line.find(part) != std::string::npos;
      }
      if (all) {
        found.push_back(line);
      }
    }
    return found;
  }

private:
  std::string m_path;
  std::size_t m_start;
};

// Postfix writes its log through postlogd, a moment after the event: wait (at
// most `seconds`) until `tail` has a line with all of `parts`.
inline std::vector<std::string>
wait_for_log(const LogTail& tail, const std::vector<std::string>& parts, int seconds = 5)
{
  for (int i = 0; i < seconds * 10; ++i) {
    auto lines = tail.lines_with(parts);
    if (!lines.empty()) {
      return lines;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return tail.lines_with(parts);
}

} // namespace inboxprobe::test
