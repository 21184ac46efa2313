// Test support for the fault scenarios: routes and seeds that reach the lab
// through a FaultProxy, and a run of inboxprobe timed pass by pass from its
// progress lines (so a test can hold each pass to its deadline plus one
// timeout).
#pragma once

#include "receiver_lab.hpp"
#include "scenario.hpp"
#include "tests/support/fault_proxy.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

namespace inboxprobe::test {

// A [[seed]] for the lab mailbox `address` reached through `host`:`port`
// (a proxy's), with `tls` ("starttls", or "none" to let the proxy read IMAP)
// and `extra` keys.
inline std::string
seed_via(const Lab& lab,
         const std::string& address,
         const std::string& host,
         int port,
         const std::string& tls = "starttls",
         const std::string& extra = "")
{
  std::string seed = lab_seed(lab, address, "lab", extra);
  const std::string real = "imap://127.0.0.1:" + lab["LAB_IMAP_PORT"];
  seed.replace(seed.find(real), real.size(), "imap://" + host + ":" + std::to_string(port));
  seed.replace(seed.find("tls = \"starttls\""), 16, "tls = \"" + tls + "\"");
  return seed;
}

// A campaign table with short waits: `deadline`, and `imap_timeout`.
inline std::string
short_campaign(const Lab& lab,
               const std::string& name,
               const std::string& dir,
               const std::string& deadline,
               const std::string& imap_timeout = "2s")
{
  std::string campaign = lab.campaign(name, dir, deadline);
  campaign.insert(campaign.find("db = "), "imap_timeout = \"" + imap_timeout + "\"\n");
  return campaign;
}

struct TimedRun
{
  CommandResult command;
  double send_seconds = 0;    // "run ID: sending" -> "run ID: collecting"
  double collect_seconds = 0; // "run ID: collecting" -> the end (collect, analyse, report)
};

// Run `inboxprobe ARGS` (stderr with stdout) and time its passes.
inline TimedRun
run_timed(const std::string& args)
{
  using Clock = std::chrono::steady_clock;
  FILE* child = popen((std::string(INBOXPROBE_BINARY) + " " + args + " 2>&1").c_str(), "r");
  REQUIRE(child != nullptr);
  TimedRun run;
  const Clock::time_point started = Clock::now();
  std::optional<Clock::time_point> sending;
  std::optional<Clock::time_point> collecting;
  char line[8192];
  while (fgets(line, sizeof line, child)) {
    run.command.out += line;
    const std::string text(line);
    if (!sending && text.find(": sending") != std::string::npos) {
      sending = Clock::now();
    }
    if (!collecting && text.find(": collecting") != std::string::npos) {
      collecting = Clock::now();
    }
  }
  const int status = pclose(child);
  const Clock::time_point ended = Clock::now();
  run.command.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  const auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  run.send_seconds = seconds(sending.value_or(started), collecting.value_or(ended));
  run.collect_seconds = collecting ? seconds(*collecting, ended) : 0;
  return run;
}

// Every probe of the oldest run in `db_path` by route name (one seed, one
// content each: RunOutcome's "seed content" keys would collide).
inline std::map<std::string, ProbeOutcome>
probes_by_route(const std::string& db_path)
{
  auto store = Store::open(db_path);
  REQUIRE(store);
  const auto runs = store->list_runs();
  REQUIRE(runs);
  REQUIRE_FALSE(runs->empty());
  const std::string run_id = runs->back().id;
  const auto probes = store->load_probes(run_id);
  const auto submissions = store->load_submissions(run_id);
  const auto results = store->load_results(run_id);
  const auto sightings = store->load_sightings(run_id);
  REQUIRE((probes && submissions && results && sightings));
  std::map<std::int64_t, ProbeOutcome> by_id;
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
    by_id[s.probe_id].sightings.push_back(s);
  }
  std::map<std::string, ProbeOutcome> out;
  for (auto& [id, o] : by_id) {
    out[o.probe.route] = std::move(o);
  }
  return out;
}

// Everything the clients sent through `proxy`, all connections.
inline std::string
client_bytes(const FaultProxy& proxy)
{
  std::string all;
  for (const Capture& c : proxy.captures()) {
    all += c.from_client;
  }
  return all;
}

} // namespace inboxprobe::test
