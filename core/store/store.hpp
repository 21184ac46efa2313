// The history store: every record of every run, in one SQLite file (WAL mode),
// saved as it is produced so that an interrupted run can be resumed and any
// report rebuilt. The schema is versioned with PRAGMA user_version and migrated
// forward on open (schema.cpp).
//
// Every method returns Result: a full disk, a read-only file or a lock held too
// long by another inboxprobe process (busy timeout 10 s) is an Error
// ("store.*"), never a crash. Writes are transactional: a batch is all there or
// not at all.
#pragma once

#include <core/error.hpp>
#include <core/model.hpp>
#include <core/store/alert_rows.hpp>
#include <core/store/history_rows.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace inboxprobe {

// How long the history keeps what (days of 86,400 s, counted from a run's
// start; 0 = forever). Raw bytes (the messages as sent and as fetched, SMTP
// transcripts) are the bulk of the file and are only needed to re-analyse,
// so they usually go long before the summaries that trends are built from.
struct RetentionPolicy
{
  int keep_days = 0;     // whole runs older than this are deleted
  int keep_raw_days = 0; // raw bytes of runs older than this are emptied
};

// What one prune() removed.
struct PruneCounts
{
  int runs_deleted = 0;
  int runs_raw_pruned = 0;
};

// A submission to save, and whether its transcript is kept.
struct SubmissionRecord
{
  Submission submission;
  bool keep_transcript = false;
};

// Where a folder's incremental read resumes (RFC 3501 §2.3.1.1): every UID
// below next_uid has been read, as long as UIDVALIDITY is unchanged.
struct MailboxCursor
{
  std::string folder; // wire name (modified UTF-7)
  std::uint32_t uidvalidity = 0;
  std::uint32_t next_uid = 0;
};

// A verdict a probe had before its result was replaced (e.g. missing, before
// a later collection found it late).
struct EarlierResult
{
  std::int64_t probe_id = 0;
  Placement placement = Placement::pending;
  std::string folder;
  std::int64_t replaced_at_ms = 0; // UTC epoch ms
};

class Store
{
public:
  // Open (create if absent) the store at `path` (":memory:" for tests) and
  // migrate it to the current schema. Errors: "store.open",
  // "store.schema_too_new", "store.sqlite".
  static Result<Store> open(const std::string& path);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  // Schema version of the open database (PRAGMA user_version).
  int schema_version() const;

  // Insert a run (state and times as given).
  Result<void> create_run(const Run& run);
  // Insert a run and its probes in one transaction (a run is never left
  // without its probes, e.g. on a full disk) and set each Probe::id.
  Result<void> create_run_with_probes(const Run& run, std::vector<Probe>& probes);
  // Update a run's state; `finished_at_ms` 0 leaves it unset.
  Result<void>
  set_run_state(const std::string& run_id, const std::string& state, std::int64_t finished_at_ms);
  // Set the time after which unseen probes count as missing (known once sending
  // ends).
  Result<void> set_run_deadline(const std::string& run_id, std::int64_t deadline_at_ms);
  Result<Run> load_run(const std::string& run_id);
  // All runs, newest first.
  Result<std::vector<Run>> list_runs();
  // The runs of `campaign` started in [`since_ms`, `before_ms`) (UTC epoch
  // ms), newest first, at most `limit`: the trend queries (indexed).
  Result<std::vector<Run>> list_campaign_runs(const std::string& campaign,
                                              std::int64_t since_ms,
                                              std::int64_t before_ms,
                                              int limit);

  // Insert probes in one transaction and set each Probe::id.
  Result<void> save_probes(std::vector<Probe>& probes);
  Result<std::vector<Probe>> load_probes(const std::string& run_id);

  // Insert or replace the submission of a probe. The transcript is kept only
  // when `keep_transcript` is true (callers keep it for failed submissions).
  Result<void> save_submission(const Submission& submission, bool keep_transcript);
  // Insert or replace several submissions in one transaction (all or none): the
  // send pass saves what finished while the previous commit ran.
  Result<void> save_submissions(const std::vector<SubmissionRecord>& records);
  Result<std::vector<Submission>> load_submissions(const std::string& run_id);

  // Record a sighting; a second sighting of the same probe at the same
  // folder/UID is ignored.
  Result<void> save_sighting(const Sighting& sighting);
  Result<std::vector<Sighting>> load_sightings(const std::string& run_id);

  // Insert or replace the analysis result of a probe. A replaced result whose
  // placement differs is kept in the result history (load_earlier_results).
  Result<void> save_result(const ProbeResult& result);
  // Insert or replace many results in one transaction (all or none).
  Result<void> save_results(const std::vector<ProbeResult>& results);
  Result<std::vector<ProbeResult>> load_results(const std::string& run_id);
  // The replaced verdicts of `run_id`'s probes, oldest first.
  Result<std::vector<EarlierResult>> load_earlier_results(const std::string& run_id);

  // The folder cursors of the mailbox `user` at `imap_url`, kept across runs.
  Result<std::vector<MailboxCursor>> load_cursors(const std::string& imap_url,
                                                  const std::string& user);
  // Insert or replace those cursors in one transaction; `now_ms` is recorded.
  Result<void> save_cursors(const std::string& imap_url,
                            const std::string& user,
                            const std::vector<MailboxCursor>& cursors,
                            std::int64_t now_ms);

  // --- History queries (indexed columns only; no stored JSON is parsed)

  // Placement and latency of every probe of each run in `run_ids`, in the
  // order of `run_ids`, then probe id. Error "store.corrupt" for a placement
  // token this build does not know.
  Result<std::vector<ProbeOutcome>> load_outcomes(const std::vector<std::string>& run_ids);
  // How many probes of each run have each placement; a probe without a
  // result counts as pending. Keyed by run id.
  Result<std::map<std::string, std::map<Placement, int>>> count_placements();
  // When retention emptied the run's raw bytes (UTC epoch ms); 0 = never.
  Result<std::int64_t> raw_pruned_at_ms(const std::string& run_id);

  // --- Retention

  // Apply `policy` at `now_ms` (UTC epoch ms): delete every record of runs
  // started more than keep_days ago, and empty the message bytes and
  // transcripts of runs started more than keep_raw_days ago (their summaries,
  // placements and analysis stay, so reports and trends still work; only
  // re-analysis needs the bytes). One transaction. Freed pages are reused by
  // later runs; the file does not shrink without VACUUM.
  Result<PruneCounts> prune(std::int64_t now_ms, const RetentionPolicy& policy);

  // --- Monitoring alert state (store_alerts.cpp)

  // The active alerts of `scope` ("run/CAMPAIGN", "check/CAMPAIGN/ROUTE"),
  // ordered by route and code.
  Result<std::vector<AlertStateRow>> load_alert_states(const std::string& scope);
  // Replace the active alerts of `scope` with `rows` (each row's scope must be
  // `scope`, else Bug) in one transaction: rows not given are recovered.
  Result<void> replace_alert_states(const std::string& scope,
                                    const std::vector<AlertStateRow>& rows);

private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace inboxprobe
