// What one collection looks at (internal to app/): the mailboxes to poll (the
// seeds, the routes' bounce mailboxes), with their deadlines and stored folder
// cursors, and the probes to match there: awaited ones (not seen yet, of the
// runs being collected) and watched ones (every other probe of the runs in the
// collect horizon, so a late copy or a second copy is noticed and saved, and a
// stored cursor never skips a probe another run is still waiting for).
#pragma once

#include "run_passes.hpp"

#include <receiver/collector.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace inboxprobe {

struct CollectionPlan
{
  std::vector<CollectTarget> targets;
  std::vector<PendingProbe> probes;
  std::int64_t deadline_at_ms = 0; // the latest target deadline
  std::int64_t since_at = 0;       // UTC epoch s: the oldest run's start, a minute early
  std::size_t awaited = 0;
  std::map<std::int64_t, std::string> run_of_probe; // probe id -> run id
};

Result<CollectionPlan>
plan_collection(RunContext& ctx, const std::vector<std::string>& run_ids, CollectWait wait);

} // namespace inboxprobe
