// The findings catalogue (see findings.hpp). One row per code; keep the table
// sorted by code (find_finding_spec relies on it, and a test checks it).
#include "findings.hpp"

#include "analyze_passes.hpp"

#include <core/error.hpp>

#include <algorithm>
#include <array>

namespace inboxprobe {

namespace {

using enum Severity;

constexpr auto k_catalogue = std::to_array<FindingSpec>({
  {"arc.chain_broken",
   warning,
   "An intermediary's ARC set does not verify or the chain is malformed: receivers will ignore "
   "the chain. Check the sealer's keys and that nothing modifies the message after sealing.",
   "RFC 8617 §5.2"},
  {"arc.ed25519_unsupported",
   info,
   "An ARC set uses ed25519-sha256, which RFC 8617 does not define (only rsa-sha256): most "
   "receivers cannot verify it. Seal with rsa-sha256.",
   "RFC 8617 §4.1.3"},
  {"auth_results.no_trusted",
   info,
   "The seed provider wrote no Authentication-Results with a trusted authserv-id: check the "
   "provider preset's trusted_authserv_ids for this seed.",
   "RFC 8601 §5"},
  {"auth_results.too_many",
   warning,
   "The message carries an unusual number of Authentication-Results fields; only the first are "
   "read. Find out which hop adds them.",
   "RFC 8601 §5"},
  {"auth_results.unparsable",
   warning,
   "A server wrote an Authentication-Results field that does not follow the RFC 8601 grammar; "
   "its verdicts are ignored.",
   "RFC 8601 §2.2"},
  {"auth_results.untrusted",
   info,
   "Authentication-Results from servers other than the seed provider are shown for reference "
   "only: a sender can forge them. Nothing to fix unless the provider's id is missing from the "
   "trusted list.",
   "RFC 8601 §5"},
  {"bounce.unparsable",
   warning,
   "A message about the probe in the route's bounce mailbox is not a readable delivery status "
   "notification: read it by hand to see what happened.",
   "RFC 3464 §2"},
  {"clock.internaldate_mismatch",
   warning,
   "The seed server's INTERNALDATE and its own Received date disagree: the latency figure is "
   "unreliable for this probe. Check the seed server's clock.",
   "RFC 3501 §2.3.3"},
  {"clock.skew",
   warning,
   "The probe arrived before the route accepted it: the sender's and the seed's clocks differ. "
   "Synchronise the clocks (NTP).",
   "RFC 5321 §4.4"},
  {"delivery.bounced",
   error,
   "The route accepted the probe, then a server on the way refused it and sent a DSN: the status "
   "and diagnostic say why (policy, unknown user, reputation).",
   "RFC 3464 §2.3"},
  {"delivery.delayed",
   info,
   "A server reported that delivery is delayed (a DSN with action delayed): the probe may still "
   "arrive; look at the diagnostic for the cause.",
   "RFC 3464 §2.3.3"},
  {"dkim.body_hash_mismatch",
   error,
   "The body changed after signing (a footer, a re-encoding, a content filter): sign after every "
   "body change, or have the modifying hop re-sign (ARC).",
   "RFC 6376 §3.7"},
  {"dkim.body_length_tag",
   warning,
   "The signature uses l= and so does not cover content appended later: sign without l=.",
   "RFC 6376 §8.2"},
  {"dkim.duplicate_from",
   error,
   "The message has more than one From field and a signature does not cover all of them: a "
   "reader may see an unsigned From. Send exactly one From field.",
   "RFC 6376 §8.15"},
  {"dkim.fail",
   error,
   "No DKIM signature verifies: check the signing key published in DNS (selector, key), and that "
   "no hop modifies the signed headers or the body after signing.",
   "RFC 6376 §6.1"},
  {"dkim.none",
   warning,
   "The message is not DKIM-signed: sign it with a key for the From domain (or an aligned "
   "domain). Bulk senders must sign.",
   "RFC 6376 §3.5"},
  {"dkim.oversigning_gap",
   info,
   "A key header (From, Subject, To, Date, ...) is signed exactly as often as it occurs, so a "
   "second instance can be added without breaking the signature: list it once more in h= "
   "(over-signing).",
   "RFC 6376 §8.15"},
  {"dkim.provider_disagrees",
   info,
   "The provider's DKIM verdict and our own differ: the message may have changed between the "
   "provider's check and the copy we read, or one side had a different key.",
   "RFC 8601 §2.7.1"},
  {"dkim.rsa_sha1",
   warning,
   "A signature uses rsa-sha1, which verifiers must not rely on: it counts as failed here. Sign "
   "with rsa-sha256 (and a key of at least 1024, better 2048 bits).",
   "RFC 8301 §3.1"},
  {"dmarc.fail",
   error,
   "Neither an aligned DKIM signature nor an aligned SPF pass: the From domain's DMARC policy "
   "applies. Sign with the From domain (d=) or send from an aligned MAIL FROM domain.",
   "RFC 7489 §6.6.2"},
  {"dmarc.none",
   warning,
   "The From domain publishes no DMARC record: publish _dmarc.<domain> TXT \"v=DMARC1; p=none; "
   "rua=mailto:...\" at least (required for bulk senders).",
   "RFC 7489 §6.1"},
  {"dmarc.not_aligned",
   warning,
   "A DKIM or SPF pass is for a domain that is not aligned with the From domain, so it does not "
   "count for DMARC: use the From domain (or its organizational domain in relaxed mode).",
   "RFC 7489 §3.1"},
  {"dmarc.pct_partial",
   info,
   "pct= is below 100: the policy applies to only part of the failing mail.",
   "RFC 7489 §6.3"},
  {"dmarc.permerror",
   warning,
   "The DMARC record cannot be used (syntax, unknown p= value, several records): fix the "
   "_dmarc TXT record.",
   "RFC 7489 §6.6.3"},
  {"dmarc.policy_none",
   info,
   "The DMARC policy is p=none (monitoring only): consider quarantine or reject once reports "
   "show all legitimate mail aligned.",
   "RFC 7489 §6.3"},
  {"dmarc.provider_disagrees",
   info,
   "The provider's DMARC verdict differs from ours: the provider may have used ARC, a local "
   "override or different DNS data.",
   "RFC 7489 §6.6"},
  {"dmarc.temperror",
   warning,
   "The DMARC record lookup failed temporarily; the result is unknown.",
   "RFC 7489 §6.6.3"},
  {"iprev.fail",
   warning,
   "The sending IP has no forward-confirmed reverse DNS (PTR and A/AAAA that match): publish a "
   "PTR record for the IP whose name resolves back to it (required for bulk senders).",
   "RFC 8601 §3"},
  {"message.header_not_utf8",
   info,
   "The header section holds bytes that are not UTF-8 (raw 8-bit text in another charset): readers "
   "may show them garbled. Encode non-ASCII header text as RFC 2047 encoded words, or as UTF-8 "
   "with SMTPUTF8.",
   "RFC 6532 §3.2"},
  {"message.header_too_large",
   warning,
   "The header section is larger than 1 MiB: only its start is analysed and the body is not. A "
   "sender or a hop that adds fields without bound is broken; find it in the Received chain.",
   "RFC 5322 §2.1.1"},
  {"message.nul_byte",
   warning,
   "The message contains a NUL byte, which RFC 5322 forbids everywhere in a message: receivers may "
   "cut, reject or re-encode it. Fix the software that generates the message.",
   "RFC 5322 §2.3"},
  {"message.too_large",
   warning,
   "The message is larger than 32 MiB: only its header section is analysed (no DKIM, ARC or MIME "
   "checks). Most providers refuse messages this size; send large content as a link.",
   "RFC 1870 §4"},
  {"message.too_many_fields",
   warning,
   "The message has more than 10,000 header fields: only the first are analysed. A sender or a hop "
   "that adds fields without bound is broken.",
   "RFC 5322 §2.2"},
  {"mime.bad_base64",
   warning,
   "A base64 body part holds characters outside the base64 alphabet or a broken last group: "
   "readers may show the part cut or garbled. Fix the encoder.",
   "RFC 2045 §6.8"},
  {"mime.bad_quoted_printable",
   warning,
   "A quoted-printable body part has an \"=\" followed by neither two hex digits nor a line break: "
   "readers decode it differently. Fix the encoder.",
   "RFC 2045 §6.7"},
  {"mime.too_deep",
   warning,
   "MIME parts are nested more than 32 levels deep: the deeper parts are not analysed, and "
   "receivers may reject or flag the message. Real mail nests a few levels.",
   "RFC 2046 §5.1"},
  {"placement.duplicate",
   warning,
   "The same probe was delivered more than once: the route or a relay retried after a lost "
   "reply. Check timeouts between the route and the next hop.",
   "RFC 5321 §4.5.4"},
  {"placement.found_despite_bounce",
   warning,
   "A DSN reported failure for this probe, yet it was found in the mailbox: a DSN for another "
   "copy or a misleading report. Compare the DSN's recipient and the route's logs.",
   "RFC 3464 §2.3"},
  {"placement.found_despite_refusal",
   warning,
   "The route reported a failure, yet the probe was delivered: the route may retry and deliver "
   "duplicates. Check its reply handling.",
   "RFC 5321 §4.2"},
  {"placement.late",
   warning,
   "The probe arrived after its deadline and was found by a later collection: delivery was slow "
   "(queueing, greylisting, throttling). Look at the Received hops for where the time went.",
   "RFC 5321 §4.5.4"},
  {"received.clock_skew",
   info,
   "A hop's Received date is earlier than the previous hop's: one of the two servers' clocks is "
   "off (or it writes no seconds). The delay of that hop is unknown, not negative.",
   "RFC 5321 §4.4"},
  {"received.no_date",
   info,
   "A Received field has no readable date: that hop's delay cannot be measured.",
   "RFC 5322 §3.6.7"},
  {"received.slow_hop",
   warning,
   "Most of the transit time was spent at one hop (queueing, greylisting, a slow filter): look "
   "at that server's queue and logs.",
   "RFC 5321 §4.4"},
  {"spam.bulk",
   info,
   "Microsoft rates the message as bulk mail (BCL): recipients may find it in Junk when their "
   "bulk threshold is low.",
   ""},
  {"spam.flagged",
   warning,
   "The seed's spam filter flagged the message: look at the listed rules (content, "
   "authentication, reputation).",
   ""},
  {"spf.fail",
   error,
   "The connecting IP is not allowed by the MAIL FROM domain's SPF record: add the route's "
   "sending IPs (ip4:/ip6:/include:) to the record.",
   "RFC 7208 §2.6.4"},
  {"spf.none",
   warning,
   "The MAIL FROM domain publishes no SPF record: publish \"v=spf1 ... -all\" naming the "
   "route's sending IPs (required for bulk senders).",
   "RFC 7208 §2.6.1"},
  {"spf.permerror",
   error,
   "The SPF record cannot be evaluated (syntax, more than 10 DNS lookups, several records): "
   "fix the record.",
   "RFC 7208 §2.6.7"},
  {"spf.provider_disagrees",
   info,
   "The provider's SPF verdict differs from ours: it may have seen another IP, HELO or MAIL "
   "FROM, or other DNS data.",
   "RFC 7208 §2.6"},
  {"spf.softfail",
   warning,
   "The connecting IP is not among the domain's designated senders (~all): add it to the SPF "
   "record.",
   "RFC 7208 §2.6.5"},
  {"spf.temperror",
   warning,
   "An SPF DNS lookup failed temporarily; the result is unknown.",
   "RFC 7208 §2.6.6"},
  {"tls.plaintext_hop",
   warning,
   "A hop carried the message without TLS: enable (and require) STARTTLS between the servers "
   "(required for bulk senders).",
   "RFC 3207 §4"},
  {"unsubscribe.missing",
   warning,
   "Bulk content without List-Unsubscribe: add a List-Unsubscribe field with an https: URI "
   "and List-Unsubscribe-Post: List-Unsubscribe=One-Click.",
   "RFC 2369 §3.2"},
  {"unsubscribe.no_one_click",
   warning,
   "List-Unsubscribe is there, but not the one-click form: add an https: URI and "
   "\"List-Unsubscribe-Post: List-Unsubscribe=One-Click\", both covered by the DKIM signature.",
   "RFC 8058 §3.1"},

});

} // namespace

std::span<const FindingSpec>
finding_catalogue()
{
  return k_catalogue;
}

const FindingSpec*
find_finding_spec(std::string_view code)
{
  const auto found = std::lower_bound(
    k_catalogue.begin(), k_catalogue.end(), code, [](const FindingSpec& spec, std::string_view c) {
      return spec.code < c;
    });
  return found != k_catalogue.end() && found->code == code ? &*found : nullptr;
}

} // namespace inboxprobe

namespace inboxprobe::analyze_detail {

void
add_finding(ProbeResult& result,
            std::string code,
            Severity severity,
            std::string message,
            std::string_view evidence)
{
  Finding finding{std::move(code),
                  severity,
                  std::move(message),
                  std::string(evidence.substr(0, k_max_evidence_bytes))};
  if (const FindingSpec* spec = find_finding_spec(finding.code)) {
    finding.advice = spec->advice;
    finding.rfc = spec->rfc;
  }
  result.findings.push_back(std::move(finding));
}

void
add_finding(ProbeResult& result,
            std::string_view code,
            std::string message,
            std::string_view evidence)
{
  const FindingSpec* spec = find_finding_spec(code);
  if (spec == nullptr) {
    throw Bug("finding code not in the catalogue: " + std::string(code));
  }
  add_finding(result, std::string(code), spec->severity, std::move(message), evidence);
}

} // namespace inboxprobe::analyze_detail
