// Route pacing arithmetic (route_pacer.hpp): a next-start time guarded by a
// mutex, and a multiplicative slow-down on 4xx replies.
#include "route_pacer.hpp"

#include <algorithm>
#include <random>

namespace inboxprobe {

std::int64_t
random_jitter_ms(std::int64_t max_ms)
{
  if (max_ms <= 0) {
    return 0;
  }
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_int_distribution<std::int64_t>(0, max_ms)(generator);
}

RoutePacer::RoutePacer(const RoutePacing& pacing, JitterSource jitter)
  : m_pacing(pacing),
    m_jitter(std::move(jitter)),
    m_interval_ms(pacing.min_interval_ms)
{
}

std::int64_t
RoutePacer::try_start(std::int64_t now_ms)
{
  const std::lock_guard<std::mutex> lock(m_mutex);
  if (m_next_start_ms != 0 && now_ms < m_next_start_ms) {
    return m_next_start_ms - now_ms;
  }
  const std::int64_t jitter = m_pacing.jitter_ms > 0 ? m_jitter(m_pacing.jitter_ms) : 0;
  m_next_start_ms =
    now_ms + m_interval_ms + std::clamp<std::int64_t>(jitter, 0, m_pacing.jitter_ms);
  return 0;
}

void
RoutePacer::on_deferred()
{
  const std::lock_guard<std::mutex> lock(m_mutex);
  m_interval_ms =
    std::min(k_max_interval_ms, std::max(2 * m_interval_ms, m_pacing.retry_backoff_ms));
}

void
RoutePacer::on_accepted()
{
  const std::lock_guard<std::mutex> lock(m_mutex);
  m_interval_ms = std::max(m_pacing.min_interval_ms, m_interval_ms / 2);
}

std::int64_t
RoutePacer::retry_delay_ms(int retry) const
{
  std::int64_t delay = m_pacing.retry_backoff_ms;
  for (int i = 1; i < retry && delay < k_max_interval_ms; ++i) {
    delay *= 2;
  }
  return std::min(delay, k_max_interval_ms);
}

std::int64_t
RoutePacer::interval_ms() const
{
  const std::lock_guard<std::mutex> lock(m_mutex);
  return m_interval_ms;
}

} // namespace inboxprobe
