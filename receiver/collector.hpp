// The receiver stage's entry point: poll every seed mailbox, concurrently on a
// bounded thread pool, until every pending probe has been found or the deadline
// has passed. Polling is adaptive: fast right after sending (most lab
// deliveries take well under a second), then every `poll_interval_ms`. No step
// waits beyond the deadline by more than one IMAP timeout.
#pragma once

#include "imap_session.hpp"

#include <core/clock.hpp>
#include <core/model.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace inboxprobe {

struct PendingProbe
{
  std::int64_t probe_id = 0;
  std::string token;
  std::string seed; // SeedMailbox::address
};

struct CollectOptions
{
  std::int64_t deadline_at_ms = 0;      // UTC epoch ms: stop looking after this
  std::int64_t poll_interval_ms = 5000; // the slowest poll cadence
  std::int64_t since_at = 0;            // UTC epoch seconds: ignore mail older than this
  std::size_t max_parallel_seeds = 8;   // thread-pool size
  ImapOptions imap;
};

// How each seed fared, for the report and for deciding `missing` honestly: a
// probe is only missing from a seed whose last poll after the deadline
// succeeded.
struct SeedStatus
{
  std::string seed;
  int polls = 0;
  int failed_polls = 0;
  int round_trips = 0;
  std::string junk_folder;     // the folder taken as spam, empty if none found
  std::string junk_found_by;   // "special-use", "xlist", "name"
  std::string last_error_code; // of the last poll; empty when it succeeded
  std::string last_error;
  std::vector<std::string> folder_errors;
};

struct CollectProgress
{
  std::size_t found = 0;
  std::size_t pending = 0;
  std::int64_t ms_left = 0;
};

// Collect sightings of `pending` probes from `seeds`. `on_sighting` is called
// on the calling thread as soon as a cycle finds a probe (persist it there);
// `on_progress` after each cycle. Returns one SeedStatus per seed, in the order
// of `seeds`.
std::vector<SeedStatus> collect(const std::vector<SeedMailbox>& seeds,
                                const std::vector<PendingProbe>& pending,
                                const CollectOptions& options,
                                const Clock& clock,
                                const std::function<void(const Sighting&)>& on_sighting,
                                const std::function<void(const CollectProgress&)>& on_progress);

} // namespace inboxprobe
