// One probe on a connection of its own: an SmtpConnection used once.
#include "submit.hpp"

namespace inboxprobe {

Submission
submit_probe(const Probe& probe,
             const Route& route,
             const std::string& message_id,
             const std::string& message_bytes,
             const Clock& clock)
{
  SmtpConnection connection(route, clock);
  return connection.submit(probe, message_id, message_bytes, clock.now_ms());
}

} // namespace inboxprobe
