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
#include <reports/run_report.hpp>
#include <reports/trend_report.hpp>

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
  std::string csv; // empty for the trend report
};

// How many runs (this one included) the nightly report's trend charts show.
constexpr std::size_t k_trend_nights = 30;

// Create the run and its probes. Returns the run id.
Result<std::string> plan_run(RunContext& ctx);

// Submit every probe of `run_id` that has no submission yet (a provisional
// record left by a killed attempt counts as one: never sent twice, see
// send_workers.hpp). A run still in state "sending" then gets its deadline and
// moves to "collecting"; a later state is left as it is (resume after sending).
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

// Analyse every probe of `run_id` from its stored bytes and save the results
// in one transaction. The run's state is left to the caller.
Result<void>
analyze_probes(RunContext& ctx, const std::string& run_id, const std::vector<SeedHealth>& health);

// Analyse `run_id` again from the stored bytes (after an upgrade): seeds that
// were unreachable when the run collected stay so (their probes' previous
// results carry "imap.seed_unreachable"). Error "store.raw_pruned" when
// retention already emptied the run's raw bytes.
Result<void> reanalyze_run(RunContext& ctx, const std::string& run_id);

// The run's report from the history at `now_ms` (UTC epoch ms): its records,
// the Received chains of its sightings, and the campaign's k_trend_nights - 1
// runs before it for the comparison and the trend charts.
Result<RunReport>
build_report_from_store(Store& store, const std::string& run_id, std::int64_t now_ms);

// The trend report of the runs of `campaign` (all campaigns when empty)
// started at or after `since_ms`.
Result<TrendReport> build_trend_from_store(Store& store,
                                           const std::string& campaign,
                                           std::int64_t since_ms,
                                           std::int64_t now_ms);

// Write the run's report.html, report.json and probes.csv under
// `out_dir`/RUN_ID/.
Result<ReportFiles> write_reports(Store& store,
                                  const std::string& out_dir,
                                  const std::string& run_id,
                                  const Clock& clock);

// Write `report`'s report.html, report.json and probes.csv under
// `out_dir`/RUN_ID/ (atomically, file by file).
Result<ReportFiles> write_report_files(const RunReport& report, const std::string& out_dir);

// Write trend.html and trend.json under `out_dir`/trend/.
Result<ReportFiles> write_trend_report(Store& store,
                                       const std::string& out_dir,
                                       const std::string& campaign,
                                       std::int64_t since_ms,
                                       const Clock& clock);

// "run ID: 20 probes: 14 inbox, 4 spam, 0 other, 2 missing, 0 rejected"
// (pending and newer placements only when present).
std::string summary_text(const std::string& run_id, const PlacementCounts& counts);
// summary_text of the run's stored placements (no result = pending).
Result<std::string> summary_line(Store& store, const std::string& run_id);

} // namespace inboxprobe
