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
  bool reachable = true; // the last poll succeeded
  std::string error;     // why not
};

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

// Look for every accepted, not yet sighted probe of `run_id` until found or the
// deadline.
Result<std::vector<SeedHealth>> collect_probes(RunContext& ctx, const std::string& run_id);

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
