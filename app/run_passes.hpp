// The passes of a campaign run, in order. Each pass reads what it needs from
// the history store and saves each record as soon as it exists, so a run
// interrupted anywhere can be continued by running the remaining passes again
// (each pass skips what is already done).
//
//   plan     -> Run + Probes (route x seed x content), tokens
//   send     -> Submission per probe without one                      (sender)
//   collect  -> Sightings of accepted probes until found or deadline (receiver)
//   analyze  -> ProbeResult per probe (analysis) report   -> HTML + JSON files
//   (reports)
#pragma once

#include "config.hpp"

#include <core/clock.hpp>
#include <core/store/store.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace inboxprobe {

struct RunContext
{
  const Config& config;
  Store& store;
  const Clock& clock;
  std::ostream& progress;        // human progress lines (stderr)
  bool keep_transcripts = false; // keep SMTP transcripts of accepted probes too
};

struct SeedHealth
{
  std::string seed;
  bool reachable = true;                  // the last poll succeeded
  std::string error;                      // why not
  std::vector<std::string> folder_errors; // "Junk: imap.select_failed: ..." of the last poll
};

// How long a collection waits: until each run's deadline (a run's own
// collection, `collect`), or one look at every mailbox (`run --async`: a
// scheduled job never sits waiting).
enum class CollectWait { until_deadline, one_pass };

struct ReportFiles
{
  std::string html;
  std::string json;
};

// Create the run and its probes. Returns the run id.
Result<std::string> plan_run(RunContext& ctx);

// Submit every probe of `run_id` that has no submission yet; sets the run's
// deadline.
Result<void> send_probes(RunContext& ctx, const std::string& run_id);

struct CollectOutcome
{
  std::vector<SeedHealth> health;
  // Runs other than the collected ones that got a sighting (a probe matched
  // while its mailbox was read for another run): they need analysing again.
  std::vector<std::string> other_runs_seen;
};

// Look for every accepted, not yet sighted probe of `run_ids` until found or
// its deadline (or once, per `wait`). Every other probe of the runs within the
// campaign's collect horizon is matched too (a late arrival, a second copy),
// never waited for. Saves each sighting and each mailbox's folder cursors.
Result<CollectOutcome> collect_probes(RunContext& ctx,
                                      const std::vector<std::string>& run_ids,
                                      CollectWait wait = CollectWait::until_deadline);

// The runs within the collect horizon that still have an accepted probe with
// no sighting, or were never analysed to the end, oldest first.
Result<std::vector<std::string>> runs_with_pending_probes(RunContext& ctx);

// When probes at `seed` stop being awaited, for a run with deadline
// `run_deadline_at_ms`: the seed's own deadline (counted, like the campaign's,
// from the end of sending), else the run's.
std::int64_t
seed_deadline_at(const Config& config, const SeedMailbox* seed, std::int64_t run_deadline_at_ms);

// The longest wait after sending any seed of `config` has.
std::int64_t longest_deadline_ms(const Config& config);

// Analyse every probe of `run_id` and save the results.
Result<void>
analyze_probes(RunContext& ctx, const std::string& run_id, const std::vector<SeedHealth>& health);

// Write the run's HTML and JSON reports under the campaign's out directory.
Result<ReportFiles> write_reports(Store& store,
                                  const std::string& out_dir,
                                  const std::string& run_id,
                                  const Clock& clock);

// "20 probes: 14 inbox, 4 spam, 2 missing, 0 rejected" for the run.
Result<std::string> summary_line(Store& store, const std::string& run_id);

} // namespace inboxprobe
