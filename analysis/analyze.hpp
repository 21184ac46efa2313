// The analysis stage's entry point: a probe's records and the bytes the seed
// mailbox returned become a ProbeResult (placement, latency, the provider's
// authentication verdicts, our own DKIM, ARC, SPF and DMARC checks, the spam
// verdict, the Received hops, the bulk-sender compliance record, findings with
// fix advice from the catalogue in findings.hpp / docs/findings.md).
// Every malformed input becomes a Finding; nothing here throws on mail content.
#pragma once

#include <analysis/dkim_keys.hpp>
#include <analysis/dns_resolver.hpp>
#include <core/model.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// Whether the run's collection deadline has passed: decides pending vs missing.
enum class DeadlineState { open, passed };

struct AnalysisContext
{
  // The seed provider's authserv-ids (RFC 8601 §2.5), e.g. "mx.inbox.test":
  // only Authentication-Results with one of these ids are the provider's.
  std::vector<std::string> trusted_authserv_ids;
  const DkimKeyLookup* dkim_keys = nullptr; // null: own DKIM check skipped
  const DnsResolver* dns = nullptr;         // null: own SPF and DMARC checks skipped
  DeadlineState deadline = DeadlineState::open;
};

// Probe + its Submission (null if not sent yet) + its first Sighting (null if
// not found) -> ProbeResult.
// - placement: no submission: pending; submission rejected/deferred/failed:
//   rejected (uncertain counts as accepted; a sighting anyway adds
//   "placement.found_despite_refusal"); sighting role inbox/junk/other:
//   inbox/spam/other (folder = sighting folder); no sighting: missing once the
//   deadline passed, else pending.
// - latency_ms = INTERNALDATE (s) * 1000 - accepted_at_ms at 1000 ms
//   resolution; a difference in (-1000, 0) is rounding and reported as 0; a
//   larger negative one is kept and reported as "clock.skew". The top
//   Received date (written by the seed's own server) is cross-checked with
//   INTERNALDATE ("clock.internaldate_mismatch" beyond 120 s).
//   detection_lag_ms = found_at_ms - INTERNALDATE * 1000.
// - authentication, own DKIM and spam verdict: see analyze_message.
ProbeResult analyze_probe(const Probe& probe,
                          const Submission* submission,
                          const Sighting* sighting,
                          const AnalysisContext& context);

// One saved message (`inboxprobe analyze FILE.eml`): everything that depends
// only on the bytes; placement stays pending and latency empty.
// - auth_results: every Authentication-Results field (ARC-Authentication-
//   Results are not this hop's verdict and are skipped), trusted when its
//   authserv-id (the part before a "/", OpenDKIM's job-id form) equals one of
//   the trusted ids, case-insensitively. spf/dkim/dmarc come from the
//   top-most trusted field (the receiving server's; sender-inserted ones are
//   below it): dkim is pass when any dkim result passed, else the first; an
//   "spf" result with only smtp.helo is not the MAIL FROM result. Findings:
//   auth_results.unparsable, .untrusted, .no_trusted, .too_many.
// - own_dkim = verify_dkim when context.dkim_keys is set. Findings: dkim.fail,
//   dkim.none, dkim.body_length_tag, dkim.body_hash_mismatch, dkim.rsa_sha1,
//   dkim.duplicate_from, dkim.oversigning_gap, dkim.provider_disagrees.
// - arc = verify_arc (arc.hpp) when context.dkim_keys is set and the message
//   has ARC fields. Findings: arc.chain_broken, arc.ed25519_unsupported.
// - spam_verdict; findings spam.flagged when is_spam, spam.bulk (Microsoft
//   BCL >= 4).
// - hops: the Received chain (received_hops.hpp). Findings:
//   received.clock_skew, received.no_date, received.slow_hop,
//   tls.plaintext_hop.
// - own_spf = check_spf (spf_check.hpp) for the client the provider recorded,
//   and own_dmarc = evaluate_dmarc (dmarc.hpp), when context.dns is set.
//   Findings: spf.*, dmarc.* (docs/findings.md).
// - compliance: the 2024 bulk-sender requirements. Findings:
//   unsubscribe.missing, unsubscribe.no_one_click, iprev.fail.
ProbeResult analyze_message(std::string_view message_bytes, const AnalysisContext& context);

} // namespace inboxprobe
