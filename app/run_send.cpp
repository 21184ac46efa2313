// The plan and send passes: one probe per route x seed x content, each composed
// and submitted in its own SMTP transaction; routes are driven in parallel,
// each with up to max_connections reused connections and its own pacing
// (send_workers.hpp).
#include "run_passes.hpp"
#include "send_workers.hpp"

#include <core/probe_token.hpp>

#include <algorithm>
#include <ctime>
#include <set>

namespace inboxprobe {

namespace {

// SMTP transactions running at once over all routes (each route is bounded by
// its own max_connections as well).
constexpr std::size_t k_max_send_threads = 16;

// "20261129T081500Z-3kq7": sortable by start time, unique through a random
// suffix.
std::string
make_run_id(std::int64_t now_ms)
{
  const std::time_t t = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(stamp) + "-" + make_probe_token().substr(0, 4);
}

template<typename T>
const T*
find_named(const std::vector<T>& items, const std::string& name)
{
  for (const T& item : items) {
    if constexpr (std::is_same_v<T, SeedMailbox>) {
      if (item.address == name) {
        return &item;
      }
    } else if (item.name == name) {
      return &item;
    }
  }
  return nullptr;
}

} // namespace

Result<std::string>
plan_run(RunContext& ctx)
{
  const Config& config = ctx.config;
  Run run;
  run.started_at_ms = ctx.clock.now_ms();
  run.id = make_run_id(run.started_at_ms);
  run.campaign = config.campaign.name;
  run.state = "sending";
  run.deadline_at_ms = run.started_at_ms + longest_deadline_ms(config); // refined after sending
  for (const Route& route : config.routes) {
    run.routes.push_back(route.name);
  }
  for (const SeedMailbox& seed : config.seeds) {
    run.seeds.push_back({seed.address, seed.provider});
  }
  std::vector<Probe> probes;
  for (const Route& route : config.routes) {
    for (const SeedMailbox& seed : config.seeds) {
      for (const Content& content : config.contents) {
        probes.push_back({0, run.id, make_probe_token(), route.name, seed.address, content.name});
      }
    }
  }
  TRY(ctx.store.create_run_with_probes(run, probes));
  return run.id;
}

Result<void>
send_probes(RunContext& ctx, const std::string& run_id)
{
  const Config& config = ctx.config;
  const Run run = TRY(ctx.store.load_run(run_id));
  const std::vector<Probe> probes = TRY(ctx.store.load_probes(run_id));
  std::set<std::int64_t> submitted;
  std::size_t interrupted = 0;
  for (const Submission& s : TRY(ctx.store.load_submissions(run_id))) {
    submitted.insert(s.probe_id);
    interrupted += was_interrupted(s) ? 1 : 0;
  }
  if (interrupted > 0 && run.state == "sending") {
    ctx.progress << "run " << run_id << ": " << interrupted
                 << " probe(s) were being submitted when the run stopped: not sent again "
                    "(uncertain; still looked for)\n";
  }
  SubmissionWriter writer(ctx.store);
  SendProgress progress(ctx, writer);
  std::vector<RouteProbes> routes;
  for (const Probe& probe : probes) {
    if (submitted.count(probe.id)) {
      continue;
    }
    const Route* route = find_named(config.routes, probe.route);
    if (!route) {
      return fail("run.route_gone",
                  "route " + probe.route + " of run " + run_id
                    + " is no longer in the configuration");
    }
    auto it = std::find_if(
      routes.begin(), routes.end(), [&](const RouteProbes& r) { return r.route == route; });
    if (it == routes.end()) {
      it = routes.insert(routes.end(), RouteProbes{route, {}});
    }
    it->probes.push_back(&probe);
    ++progress.total;
  }
  send_all(routes, progress, k_max_send_threads);
  if (auto store_error = writer.finish()) {
    return tl::unexpected(*store_error);
  }
  if (progress.error) {
    return tl::unexpected(*progress.error);
  }
  if (run.state != "sending") {
    // Sending ended in an earlier attempt (a resumed run): its deadline stands.
    return {};
  }
  // The longest wait any seed has; a seed with a shorter one stops earlier
  // (seed_deadline_at). A run stopped between these two updates gets a new
  // deadline on resume: later, never earlier.
  const std::int64_t deadline_at_ms = ctx.clock.now_ms() + longest_deadline_ms(config);
  TRY(ctx.store.set_run_deadline(run_id, deadline_at_ms));
  return ctx.store.set_run_state(run_id, "collecting", 0);
}

} // namespace inboxprobe
