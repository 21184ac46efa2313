// Clock: the one source of "now" for every stage (stages never read the wall
// clock), so that tests can fix time and analysis of an old message is
// reproducible.
#pragma once

#include <cstdint>

namespace inboxprobe {

class Clock
{
public:
  virtual ~Clock() = default;
  // Wall-clock time, UTC epoch milliseconds.
  virtual std::int64_t now_ms() const = 0;
};

// The system's real-time clock.
class SystemClock final : public Clock
{
public:
  std::int64_t now_ms() const override;
};

// A clock that returns what it is set to; for tests.
class FixedClock final : public Clock
{
public:
  explicit FixedClock(std::int64_t now_ms) : m_now_ms(now_ms)
  {
  }
  std::int64_t
  now_ms() const override
  {
    return m_now_ms;
  }
  void
  set_ms(std::int64_t now_ms)
  {
    m_now_ms = now_ms;
  }

private:
  std::int64_t m_now_ms;
};

} // namespace inboxprobe
