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

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace inboxprobe {

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
  // Update a run's state; `finished_at_ms` 0 leaves it unset.
  Result<void>
  set_run_state(const std::string& run_id, const std::string& state, std::int64_t finished_at_ms);
  // Set the time after which unseen probes count as missing (known once sending
  // ends).
  Result<void> set_run_deadline(const std::string& run_id, std::int64_t deadline_at_ms);
  Result<Run> load_run(const std::string& run_id);
  // All runs, newest first.
  Result<std::vector<Run>> list_runs();

  // Insert probes in one transaction and set each Probe::id.
  Result<void> save_probes(std::vector<Probe>& probes);
  Result<std::vector<Probe>> load_probes(const std::string& run_id);

  // Insert or replace the submission of a probe. The transcript is kept only
  // when `keep_transcript` is true (callers keep it for failed submissions).
  Result<void> save_submission(const Submission& submission, bool keep_transcript);
  Result<std::vector<Submission>> load_submissions(const std::string& run_id);

  // Record a sighting; a second sighting of the same probe at the same
  // folder/UID is ignored.
  Result<void> save_sighting(const Sighting& sighting);
  Result<std::vector<Sighting>> load_sightings(const std::string& run_id);

  // Insert or replace the analysis result of a probe. A replaced result whose
  // placement differs is kept in the result history (load_earlier_results).
  Result<void> save_result(const ProbeResult& result);
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

private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace inboxprobe
