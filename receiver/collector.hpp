// The receiver stage's entry point: poll every mailbox (the seeds, and the
// routes' bounce mailboxes) until every awaited probe has been found or its
// deadline has passed. Each mailbox runs on its own schedule on a bounded
// thread pool: polls come fast right after sending (250 ms, then doubling up
// to `poll_interval_ms`), each mailbox gets one poll at or after its deadline,
// at most `max_connections_per_host` connections go to one server at a time,
// a server that throttles ([THROTTLED], [UNAVAILABLE], BYE) is left alone
// for a growing while, and a mailbox whose login is refused is not tried
// again. A mailbox whose last awaited probe was just found gets one more poll
// while the collection goes on for others (a second copy arriving moments
// later is then a duplicate, not lost). No command runs past a deadline by more than one IMAP
// command timeout.
#pragma once

#include "imap_session.hpp"
#include "seed_poll.hpp"

#include <core/clock.hpp>
#include <core/model.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace inboxprobe {

// One mailbox to poll.
struct CollectTarget
{
  SeedMailbox mailbox;
  MailboxPurpose purpose = MailboxPurpose::seed;
  std::int64_t deadline_at_ms = 0;             // 0: CollectOptions::deadline_at_ms
  std::map<std::string, FolderCursor> cursors; // where earlier collections stopped
};

// Whether the collection waits for a probe, or only matches it when a mailbox
// is read anyway: a probe seen already (a second copy is a duplicate
// delivery), or one another collection is waiting for.
enum class ProbeWait { awaited, watched };

struct PendingProbe
{
  std::int64_t probe_id = 0;
  std::string token;
  std::string seed;           // address of its seed target
  std::string bounce_mailbox; // address of its route's bounce target, "" = none
  ProbeWait wait = ProbeWait::awaited;
};

struct CollectOptions
{
  std::int64_t deadline_at_ms = 0;      // UTC epoch ms: stop looking after this
  std::int64_t poll_interval_ms = 5000; // the slowest poll cadence
  std::int64_t since_at = 0;            // UTC epoch seconds: ignore older mail in unread folders
  std::size_t max_parallel_seeds = 8;   // thread-pool size
  // Gmail allows about 15 simultaneous IMAP connections per account; a server
  // hosting many seeds gets at most this many of ours at once.
  std::size_t max_connections_per_host = 10;
  ImapOptions imap;
};

// How each mailbox fared, for the report and for deciding `missing` honestly:
// a probe is only missing from a seed read successfully after its deadline,
// with every folder readable.
struct SeedStatus
{
  std::string seed; // mailbox address
  MailboxPurpose purpose = MailboxPurpose::seed;
  int polls = 0;
  int failed_polls = 0;
  int round_trips = 0;
  int messages_read = 0;
  int cut_replies = 0; // see SeedPollResult
  int url_fetches = 0;
  std::string junk_folder;   // the folder taken as spam, empty if none found
  std::string junk_found_by; // "special-use", "xlist", "name"
  std::string last_error_code;
  std::string last_error;                      // of the last poll; empty when it succeeded
  std::vector<FolderError> folder_errors;      // of the last successful poll
  bool read_after_deadline = false;            // a poll begun at or after the deadline succeeded
  std::map<std::string, FolderCursor> cursors; // to keep for the next collection
};

struct CollectProgress
{
  std::size_t found = 0;
  std::size_t pending = 0;
  std::int64_t ms_left = 0;
};

// Collect sightings of `probes` from `targets`. `on_sighting` is called on the
// calling thread as soon as a poll finds a probe (persist it there);
// `on_progress` after each poll. Returns one SeedStatus per target, in order.
std::vector<SeedStatus> collect(const std::vector<CollectTarget>& targets,
                                const std::vector<PendingProbe>& probes,
                                const CollectOptions& options,
                                const Clock& clock,
                                const std::function<void(const Sighting&)>& on_sighting,
                                const std::function<void(const CollectProgress&)>& on_progress);

// The wait after poll number `polls` (1-based) of one mailbox: 250 ms, 500 ms,
// 1 s, ... up to `poll_interval_ms`.
std::int64_t poll_interval_after(int polls, std::int64_t poll_interval_ms);

// The pause after `failures` consecutive throttling replies: 1 s, 2 s, 4 s, ...
// up to 60 s.
std::int64_t throttle_backoff_ms(int failures);

// "host:port" of an imap:// or imaps:// URL (the unit of connection limits).
std::string imap_host_of(const std::string& imap_url);

} // namespace inboxprobe
