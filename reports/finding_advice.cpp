// Fix advice per finding code, for the report's findings section. The
// sentences name the RFC behind each check so a reader can look it up.
// todo: prefer Finding's own advice text once the analysis stage writes one.
#include "run_report.hpp"

#include <map>

namespace inboxprobe {

std::string
finding_advice(const Finding& finding)
{
  static const std::map<std::string, std::string> k_advice = {
    {"dkim.fail",
     "Check that the route signs after its last modification of the message and that the "
     "published key matches the signing key (RFC 6376 §6)."},
    {"dkim.none",
     "Sign outgoing mail with DKIM for the From domain: providers weigh unsigned mail down "
     "(RFC 6376)."},
    {"dkim.body_length_tag",
     "Drop the l= tag: it lets anyone append content under a valid signature (RFC 6376 §8.2)."},
    {"dkim.provider_disagrees",
     "Compare the message the provider received with what was sent: a relay changed it, or the "
     "provider's key lookup differs from ours."},
    {"auth_results.no_trusted",
     "Add the provider's authserv-id to the seed's trusted_authserv_ids so its verdicts count "
     "(RFC 8601 §5)."},
    {"auth_results.untrusted",
     "Ignore these results: only the receiving provider's authserv-id can be trusted "
     "(RFC 8601 §5)."},
    {"auth_results.unparsable",
     "The Authentication-Results field does not follow RFC 8601 §2.2; the provider's verdict "
     "for this probe is unknown."},
    {"spam.flagged",
     "Look at the filter's symbols for the rules that fired; fix authentication first, then "
     "content and reputation."},
    {"clock.skew",
     "Synchronise the clocks (NTP) of the route's servers and the seed's server: latency is "
     "unreliable while they disagree."},
    {"clock.internaldate_mismatch",
     "The seed's INTERNALDATE and its own Received date disagree; check the mailbox server's "
     "clock or a delayed delivery into the folder."},
    {"imap.seed_unreachable",
     "Check the seed's IMAP URL, credentials and TLS settings; its probes are unknown, not "
     "missing."},
    {"placement.found_despite_refusal",
     "The route refused the probe but it arrived anyway: check for a retry by another hop or a "
     "misleading SMTP reply."},
  };
  const auto it = k_advice.find(finding.code);
  if (it != k_advice.end()) {
    return it->second;
  }
  return "See the evidence in the affected probes' details.";
}

} // namespace inboxprobe
