// RFC 5322 §3.3 date-time and the Received chain (RFC 5321 §4.4): the input is
// read as a date, as a header section of Received fields and as one field
// body; each parsed date prints as RFC 3339 and hops come back one per field.
#include "fuzz_targets.hpp"

#include <analysis/received.hpp>
#include <analysis/received_hops.hpp>
#include <core/message_headers.hpp>

namespace inboxprobe::fuzz {

void
fuzz_received(std::string_view data)
{
  if (const auto at = parse_rfc5322_date(data)) {
    fuzz_check(!format_utc_iso(*at).empty(), "a parsed date does not print");
  }
  std::vector<HeaderField> fields = parse_header_fields(data);
  fields.push_back({"Received", std::string(data)});
  const std::vector<ReceivedHop> chain = parse_received_chain(fields);
  const std::vector<Hop> hops = build_hops(chain);
  fuzz_check(hops.size() == chain.size(), "one hop per Received field");
  for (const ReceivedHop& hop : chain) {
    if (hop.date_at) {
      format_utc_iso(*hop.date_at);
    }
    const std::string ip = received_from_ip(hop.raw);
    is_loopback_ip(ip);
  }
}

} // namespace inboxprobe::fuzz
