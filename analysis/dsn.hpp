// Delivery status notifications (RFC 3464, and RFC 6533 for the UTF-8 form):
// the machine-readable part of a bounce. A DSN is a multipart/report (RFC 6522)
// whose message/delivery-status part holds one group of per-message fields and
// one group per recipient, each group written like a header section. The
// receiver finds a DSN about a probe in the route's bounce mailbox; this parser
// turns it into the status code and diagnostic a report can show.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// One per-recipient group (RFC 3464 §2.3).
struct DsnRecipient
{
  std::string final_recipient;    // address part, e.g. "seed4@inbox.test" (§2.3.2)
  std::string original_recipient; // address part, empty when absent (§2.3.1)
  std::string action;             // lowercase: failed, delayed, delivered, relayed, expanded
  std::string status;             // enhanced status code (RFC 3463), e.g. "5.7.1" (§2.3.4)
  std::string remote_mta;         // name part, e.g. "mx.example.com" (§2.3.5)
  std::string diagnostic_type;    // e.g. "smtp" (§2.3.6)
  std::string diagnostic;         // unfolded, e.g. "554 5.7.1 Rejected by the lab trigger"
};

// The report as a whole (RFC 3464 §2.2 per-message fields and the recipients).
struct DeliveryStatus
{
  std::string reporting_mta; // name part, e.g. "smtp.sender.test" (§2.2.2)
  std::string arrival_date;  // as written (§2.2.5)
  std::vector<DsnRecipient> recipients;
};

// The delivery-status report in `message` (the whole DSN, header and body):
// the first message/delivery-status or message/global-delivery-status part,
// searched through nested multiparts (at most 8 levels). nullopt when the
// message holds none: an auto-reply or a bounce that does not follow RFC 3464.
// Never fails on malformed input; missing fields stay empty.
std::optional<DeliveryStatus> parse_dsn(std::string_view message);

// The recipient group about `address` (compared case-insensitively with
// Final-Recipient, then Original-Recipient); with a single group and no match
// that group (relays rewrite addresses); nullptr when there is none.
const DsnRecipient* find_dsn_recipient(const DeliveryStatus& status, std::string_view address);

} // namespace inboxprobe
