// SystemClock: std::chrono::system_clock in UTC epoch milliseconds.
#include "clock.hpp"

#include <chrono>

namespace inboxprobe {

std::int64_t
SystemClock::now_ms() const
{
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace inboxprobe
