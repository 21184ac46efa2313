// INBOXPROBE_TEST_KILL_AT, read once: "<point>:<n>" (n >= 1; ":<n>" may be left
// out for 1).
#include "kill_point.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>

namespace inboxprobe {

namespace {

struct Armed
{
  std::string point; // empty: no kill point
  long at = 1;
};

Armed
read_armed()
{
  const char* value = std::getenv("INBOXPROBE_TEST_KILL_AT");
  if (value == nullptr) {
    return {};
  }
  const std::string text(value);
  const std::size_t colon = text.find(':');
  Armed armed{text.substr(0, colon), 1};
  if (colon != std::string::npos) {
    armed.at = std::strtol(text.c_str() + colon + 1, nullptr, 10);
  }
  return armed;
}

} // namespace

void
kill_point(std::string_view point, const std::function<void()>& before_kill)
{
  static const Armed armed = read_armed();
  static std::atomic<long> arrivals{0};
  if (armed.point.empty() || armed.point != point) {
    return;
  }
  if (arrivals.fetch_add(1) + 1 != armed.at) {
    return;
  }
  if (before_kill) {
    before_kill();
  }
  std::raise(SIGKILL);
}

} // namespace inboxprobe
