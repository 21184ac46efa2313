// The collect pass: hand the receiver every accepted probe not seen yet, save
// each sighting the moment it is found, and report progress with the time left
// to the deadline.
#include "run_passes.hpp"

#include <core/duration.hpp>
#include <receiver/collector.hpp>

#include <set>

namespace inboxprobe {

Result<std::vector<SeedHealth>>
collect_probes(RunContext& ctx, const std::string& run_id)
{
  const Run run = TRY(ctx.store.load_run(run_id));
  std::set<std::int64_t> sighted;
  for (const Sighting& s : TRY(ctx.store.load_sightings(run_id))) {
    sighted.insert(s.probe_id);
  }
  std::set<std::int64_t> collectable; // accepted, or maybe accepted (uncertain)
  for (const Submission& s : TRY(ctx.store.load_submissions(run_id))) {
    if (s.outcome == SubmitOutcome::accepted || s.outcome == SubmitOutcome::uncertain) {
      collectable.insert(s.probe_id);
    }
  }
  std::vector<PendingProbe> pending;
  for (const Probe& probe : TRY(ctx.store.load_probes(run_id))) {
    if (collectable.count(probe.id) && !sighted.count(probe.id)) {
      pending.push_back({probe.id, probe.token, probe.seed});
    }
  }
  std::vector<SeedMailbox> seeds;
  for (const SeedMailbox& seed : ctx.config.seeds) {
    for (const PendingProbe& p : pending) {
      if (p.seed == seed.address) {
        seeds.push_back(seed);
        break;
      }
    }
  }
  CollectOptions options;
  options.deadline_at_ms = run.deadline_at_ms;
  options.poll_interval_ms = ctx.config.campaign.poll_interval_ms;
  options.since_at = run.started_at_ms / 1000 - 60;
  options.max_parallel_seeds = ctx.config.campaign.max_parallel_seeds;
  std::optional<Error> store_error;
  std::size_t last_found = static_cast<std::size_t>(-1);
  std::int64_t last_print_ms = 0;
  const auto statuses = collect(
    seeds,
    pending,
    options,
    ctx.clock,
    [&](const Sighting& s) {
      if (auto saved = ctx.store.save_sighting(s); !saved && !store_error) {
        store_error = saved.error();
      }
    },
    [&](const CollectProgress& p) {
      // A line when something was found, else every 5 s: a quiet wait for the deadline.
      const std::int64_t now = ctx.clock.now_ms();
      if (p.found == last_found && now - last_print_ms < 5000 && p.pending > 0) {
        return;
      }
      last_found = p.found;
      last_print_ms = now;
      ctx.progress << "found " << p.found << "/" << (p.found + p.pending) << ", "
                   << format_duration_ms(p.ms_left) << " left to the deadline\n";
    });
  if (store_error) {
    return tl::unexpected(*store_error);
  }
  std::vector<SeedHealth> health;
  for (const SeedStatus& status : statuses) {
    SeedHealth h{status.seed, status.last_error_code.empty(), status.last_error};
    if (!h.reachable) {
      ctx.progress << "seed " << status.seed << ": " << status.last_error_code << ": "
                   << status.last_error << "\n";
    }
    for (const std::string& folder_error : status.folder_errors) {
      ctx.progress << "seed " << status.seed << ": folder " << folder_error << "\n";
    }
    health.push_back(std::move(h));
  }
  TRY(ctx.store.set_run_state(run_id, "analyzing", 0));
  return health;
}

} // namespace inboxprobe
