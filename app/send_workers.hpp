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
// bug (the pass goes on after a store error: a probe not saved is sent again on
// resume).
void
send_all(const std::vector<RouteProbes>& routes, SendProgress& progress, std::size_t max_threads);

} // namespace inboxprobe
