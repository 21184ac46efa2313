// The receiver benchmark's harness (bench/receiver.sh runs it): one collection
// over many seed mailboxes of the lab through the receiver's public entry
// point, collect().
//
//   receiver_bench pass  IMAP_URL CA_FILE SECRETS_DIR PROBES PARALLEL
//     every probe of PROBES ("address<TAB>token" lines) is already delivered:
//     the wall time until all are found, polls, round trips per poll after
//     login.
//   receiver_bench lag   IMAP_URL CA_FILE SECRETS_DIR PROBES PARALLEL DELIVERED COMMAND
//     COMMAND delivers PROBES while the collection runs and writes
//     "token<TAB>delivered_at_ms" lines to DELIVERED: detection lag (found
//     minus delivered) p50/p95.
#include <core/clock.hpp>
#include <core/secret.hpp>
#include <receiver/collector.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace inboxprobe;

namespace {

struct Setup
{
  std::vector<CollectTarget> targets;
  std::vector<PendingProbe> probes;
  std::map<std::int64_t, std::string> token_of;
};

std::string
slurp(const std::string& path)
{
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Setup
load(const std::string& imap_url,
     const std::string& ca_file,
     const std::string& secrets,
     const std::string& probes)
{
  Setup setup;
  std::ifstream in(probes);
  std::string address, token;
  std::int64_t id = 0;
  while (in >> address >> token) {
    CollectTarget t;
    t.mailbox.address = address;
    t.mailbox.user = address;
    t.mailbox.imap_url = imap_url;
    t.mailbox.tls = TlsMode::starttls;
    t.mailbox.ca_file = ca_file;
    t.mailbox.password = Secret(slurp(secrets + "/" + address));
    t.mailbox.junk_folder_names = {"Junk"};
    setup.targets.push_back(std::move(t));
    setup.probes.push_back({++id, token, address, "", ProbeWait::awaited});
    setup.token_of[id] = token;
  }
  return setup;
}

double
percentile(std::vector<std::int64_t> values, double p)
{
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  // Nearest rank.
  const std::size_t rank = static_cast<std::size_t>(p * static_cast<double>(values.size()) + 0.999);
  return static_cast<double>(values[std::min(values.size(), std::max<std::size_t>(rank, 1)) - 1]);
}

struct Collected
{
  std::vector<SeedStatus> statuses;
  std::map<std::int64_t, Sighting> found;
  double seconds = 0;
};

Collected
run_collection(const Setup& setup, std::size_t parallel, std::int64_t deadline_ms)
{
  SystemClock clock;
  CollectOptions options;
  options.deadline_at_ms = clock.now_ms() + deadline_ms;
  options.poll_interval_ms = 1000;
  options.since_at = clock.now_ms() / 1000 - 3600;
  options.max_parallel_seeds = parallel;
  options.max_connections_per_host = parallel;
  Collected c;
  const auto start = std::chrono::steady_clock::now();
  c.statuses = collect(
    setup.targets,
    setup.probes,
    options,
    clock,
    [&](const Sighting& s) { c.found.emplace(s.probe_id, s); },
    [](const CollectProgress&) {});
  c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return c;
}

// Round trips per poll after the login (libcurl's four: CAPABILITY, STARTTLS,
// CAPABILITY, AUTHENTICATE), and polls per mailbox.
void
print_round_trips(const Collected& c)
{
  long polls = 0, trips = 0, failed = 0;
  for (const SeedStatus& s : c.statuses) {
    polls += s.polls;
    trips += s.round_trips;
    failed += s.failed_polls;
  }
  const long ok_polls = polls - failed;
  std::printf(
    "polls=%ld failed_polls=%ld polls_per_mailbox=%.2f "
    "round_trips_per_poll_after_login=%.2f\n",
    polls,
    failed,
    static_cast<double>(polls) / static_cast<double>(c.statuses.size()),
    ok_polls ? static_cast<double>(trips - 4 * ok_polls) / static_cast<double>(ok_polls) : 0.0);
}

int
pass(const Setup& setup, std::size_t parallel)
{
  const Collected c = run_collection(setup, parallel, 60'000);
  std::printf("ours seconds=%.3f found=%zu/%zu ", c.seconds, c.found.size(), setup.probes.size());
  print_round_trips(c);
  return c.found.size() == setup.probes.size() ? 0 : 1;
}

int
lag(const Setup& setup,
    std::size_t parallel,
    const std::string& delivered,
    const std::string& command)
{
  std::thread deliverer([&command] {
    if (std::system(command.c_str()) != 0) {
      std::cerr << "receiver_bench: the delivery command failed\n";
    }
  });
  const Collected c = run_collection(setup, parallel, 60'000);
  deliverer.join();
  std::map<std::string, std::int64_t> delivered_at;
  std::ifstream in(delivered);
  std::string token;
  std::int64_t at = 0;
  while (in >> token >> at) {
    delivered_at[token] = at;
  }
  std::vector<std::int64_t> lags, internaldate_lags;
  for (const auto& [id, s] : c.found) {
    const auto d = delivered_at.find(setup.token_of.at(id));
    if (d != delivered_at.end()) {
      lags.push_back(s.found_at_ms - d->second);
    }
    internaldate_lags.push_back(s.found_at_ms - s.internaldate_at * 1000);
  }
  std::printf(
    "lag seconds=%.3f found=%zu/%zu p50_ms=%.0f p95_ms=%.0f max_ms=%.0f "
    "p95_vs_internaldate_ms=%.0f ",
    c.seconds,
    c.found.size(),
    setup.probes.size(),
    percentile(lags, 0.50),
    percentile(lags, 0.95),
    percentile(lags, 1.0),
    percentile(internaldate_lags, 0.95));
  print_round_trips(c);
  return c.found.size() == setup.probes.size() ? 0 : 1;
}

} // namespace

int
main(int argc, char** argv)
{
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() < 6 || (args[0] == "lag" && args.size() < 8)) {
    std::cerr << "usage: receiver_bench pass|lag IMAP_URL CA_FILE SECRETS_DIR PROBES PARALLEL "
                 "[DELIVERED COMMAND]\n";
    return 2;
  }
  const Setup setup = load(args[1], args[2], args[3], args[4]);
  const auto parallel = static_cast<std::size_t>(std::stoul(args[5]));
  return args[0] == "pass" ? pass(setup, parallel) : lag(setup, parallel, args[6], args[7]);
}
