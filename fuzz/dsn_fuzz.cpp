// Delivery status notifications (RFC 3464 inside an RFC 6522
// multipart/report): the report and the recipient group a probe is looked up
// by.
#include "fuzz_targets.hpp"

#include <analysis/dsn.hpp>

namespace inboxprobe::fuzz {

void
fuzz_dsn(std::string_view data)
{
  const auto report = parse_dsn(data);
  if (!report) {
    return;
  }
  const DsnRecipient* found = find_dsn_recipient(*report, "seed1@inbox.test");
  fuzz_check(found == nullptr
               || (found >= report->recipients.data()
                   && found < report->recipients.data() + report->recipients.size()),
             "find_dsn_recipient points outside the report");
  if (!report->recipients.empty()) {
    find_dsn_recipient(*report, report->recipients.front().final_recipient);
  }
}

} // namespace inboxprobe::fuzz
