// RFC 5322 dates and Received fields (see received.hpp).
#include "received.hpp"

namespace inboxprobe {

std::optional<std::int64_t>
parse_rfc5322_date(std::string_view /*text*/)
{
  return std::nullopt;
}

std::vector<ReceivedHop>
parse_received_chain(const std::vector<HeaderField>& /*fields*/)
{
  return {};
}

std::string
format_utc_iso(std::int64_t /*epoch_s*/)
{
  return {};
}

} // namespace inboxprobe
