// Pacing and retry policy of one route: how long to wait before the next
// submission may start (min_interval plus a random jitter), how long before a
// deferred probe is retried (exponential backoff), and how a 4xx reply slows
// the whole route down (a provider's rate limit answers with 421/450/451, RFC
// 5321 §4.2.5 and §4.5.3.1.10; sending faster only makes it worse). Pure
// policy on a caller's clock: the app's send pass does the waiting with timers.
// Thread-safe: the route's connections share one pacer.
#pragma once

#include <core/model.hpp>

#include <cstdint>
#include <functional>
#include <mutex>

namespace inboxprobe {

// A random number of milliseconds in [0, `max_ms`]; tests pass a fixed one.
using JitterSource = std::function<std::int64_t(std::int64_t max_ms)>;

// Uniformly distributed, from a per-thread generator seeded by the OS.
std::int64_t random_jitter_ms(std::int64_t max_ms);

class RoutePacer
{
public:
  // The longest the route is slowed down to after 4xx replies: one submission
  // every 5 minutes.
  static constexpr std::int64_t k_max_interval_ms = 300'000;

  explicit RoutePacer(const RoutePacing& pacing, JitterSource jitter = random_jitter_ms);

  // At `now_ms` (UTC epoch ms): 0 when a submission may start now, and then
  // that start is recorded and the next one is due `interval + jitter` later;
  // otherwise the milliseconds to wait before asking again (nothing recorded).
  // So the recorded starts of a route are at least interval_ms() apart.
  std::int64_t try_start(std::int64_t now_ms);

  // A 4xx reply: the interval becomes max(2 x interval, retry_backoff), at most
  // k_max_interval_ms.
  void on_deferred();
  // An accepted submission: the interval halves, down to min_interval again.
  void on_accepted();

  // The wait before retry number `retry` (1 for the first) of a deferred probe:
  // retry_backoff x 2^(retry-1), at most k_max_interval_ms.
  std::int64_t retry_delay_ms(int retry) const;

  // The current minimum distance between two starts, without jitter.
  std::int64_t interval_ms() const;

private:
  mutable std::mutex m_mutex;
  RoutePacing m_pacing;
  JitterSource m_jitter;
  std::int64_t m_interval_ms;
  std::int64_t m_next_start_ms = 0; // 0: nothing started yet
};

} // namespace inboxprobe
