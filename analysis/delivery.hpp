// What became of a probe beyond its first copy: the placement rules for a
// bounce (a DSN, RFC 3464, about the probe in the route's bounce mailbox), a
// late arrival (found after its deadline by a later collection) and a
// duplicate delivery (the same probe in more than one message). The first copy
// is analysed by analyze_probe; these rules then decide the final placement.
#pragma once

#include <analysis/analyze.hpp>
#include <core/model.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace inboxprobe {

// Everything the receiver saw of one probe, and what the history said before.
struct DeliveryEvidence
{
  std::vector<const Sighting*> copies;  // in the seed mailbox, first found first
  std::vector<const Sighting*> bounces; // DSNs in the bounce mailbox, first found first
  std::int64_t deadline_at_ms = 0;      // the probe's collection deadline (UTC epoch ms), 0 = none
  std::optional<Placement> earlier_verdict; // the stored verdict this analysis replaces
};

// analyze_probe(probe, submission, first copy, context), then in order:
// - a refused submission stays rejected;
// - duplicate: two or more distinct messages carry the probe (distinct
//   X-GM-MSGID at Gmail, else distinct folder, UIDVALIDITY and UID); reported
//   once, with finding "placement.duplicate" naming every copy;
// - late: the first copy arrived (INTERNALDATE) and was found after
//   `deadline_at_ms`; finding "placement.late" with the earlier verdict;
// - bounced: no copy, and a DSN whose recipient group for the probe's seed
//   says action "failed": result.bounce holds its status and diagnostic,
//   finding "delivery.bounced". A "delayed" DSN adds "delivery.delayed" and
//   leaves the placement; a DSN that does not parse adds "bounce.unparsable";
//   a failed DSN for a probe that was found anyway adds
//   "placement.found_despite_bounce".
ProbeResult analyze_delivery(const Probe& probe,
                             const Submission* submission,
                             const DeliveryEvidence& evidence,
                             const AnalysisContext& context);

} // namespace inboxprobe
