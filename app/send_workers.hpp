// The send pass's machinery: per route a queue of probes and a RoutePacer
// shared by up to max_connections workers, each worker with its own
// SmtpConnection (reused from probe to probe). Workers run on a bounded
// Boost.Asio thread pool; every wait (pacing, retry backoff) is a steady_timer,
// never a sleep or a busy loop. A blocking libcurl transaction occupies one
// pool thread while it runs (curl's advice: blocking easy handles on a thread
// pool, Asio for timers).
#pragma once

#include "run_passes.hpp"
#include "submission_writer.hpp"

#include <core/model.hpp>
#include <sender/compose.hpp>

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace inboxprobe {

// What the workers share: the run's context, the history writer, the progress
// counters and the first error. `mutex` guards the progress stream, the
// counters and `error`.
struct SendProgress
{
  SendProgress(RunContext& context, SubmissionWriter& submission_writer)
    : ctx(context),
      writer(submission_writer)
  {
  }
  RunContext& ctx;
  SubmissionWriter& writer;
  std::size_t total = 0;
  std::size_t sent = 0;
  std::optional<Error> error;
  std::mutex mutex;
};

// One route's probes, in order.
struct RouteProbes
{
  const Route* route = nullptr;
  std::vector<const Probe*> probes;
};

// Send every probe of `routes` (each route paced and bounded on its own, all
// routes at once) and save each Submission as soon as its last attempt is
// over (through `progress.writer`). At most `max_threads` transactions run at
// the same time. Returns when all are sent; `progress.error` holds the first
// bug.
//
// No probe is sent twice, even when the process is killed (RFC 5321 §6.1: once
// the server has taken the message, it is the server's): before each attempt's
// final "." the probe's interrupted_submission() is in the history, so a resumed
// run finds a record and does not send it again. An attempt whose provisional
// record cannot be saved withholds its final "."; after a store error no more
// probes are sent (they have no record and are sent on resume).
void
send_all(const std::vector<RouteProbes>& routes, SendProgress& progress, std::size_t max_threads);

// The provisional record of `probe` while an attempt through `route` that
// started at `started_at_ms` (UTC epoch ms) is under way: uncertain, at no
// step, with k_interrupted_error, the message and the route's findings. It
// stays the probe's record only when the run stops before the attempt ends:
// the probe is then looked for but never sent again.
Submission interrupted_submission(const Probe& probe,
                                  const Route& route,
                                  const ComposedMessage& message,
                                  std::int64_t started_at_ms);

// Whether `s` is such a provisional record.
bool was_interrupted(const Submission& s);

inline constexpr const char* k_interrupted_error =
  "inboxprobe stopped while this probe was being submitted: the server may have accepted it, "
  "so it is not sent again (it is still looked for)";

} // namespace inboxprobe
