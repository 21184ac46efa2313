// ARC (RFC 8617): validation of a message's Authenticated Received Chain,
// i.e. of the ARC sets each intermediary added (ARC-Authentication-Results,
// ARC-Message-Signature, ARC-Seal with the same i=). Our own code: OpenARC is
// not packaged and libopendkim verifies DKIM-Signature only. Canonicalization,
// header selection and tag-lists follow DKIM (RFC 6376), crypto is OpenSSL.
//
// Policy decisions (documented in docs/findings.md):
// - rsa-sha256 is the algorithm RFC 8617 §4.1.3 expects; rsa-sha1 is a
//   failure (RFC 8301 §3.1), RSA keys below 1024 bits too (RFC 8301 §3.2).
// - ed25519-sha256 (RFC 8463, DKIM's second algorithm) is verified and can
//   pass, but the set is marked so that the analysis reports
//   "arc.ed25519_unsupported": RFC 8617 does not name it and common
//   validators (dkimpy) reject it, so such a chain may count as broken there.
#pragma once

#include <analysis/dkim_keys.hpp>
#include <core/model.hpp>

#include <string_view>

namespace inboxprobe {

// RFC 8617 §5.2 validation of `message_bytes` (CRLF or bare LF): chain
// "none" when there is no ARC field; "fail" when the structure is broken
// (instances not 1..N, a set incomplete or doubled, more than 50 sets, an
// unreadable i=), a cv= is wrong (i=1 must say none, later ones pass, any
// fail ends the chain), the newest ARC-Message-Signature or any ARC-Seal does
// not verify; else "pass". `sets` lists every complete set with its own seal
// and message-signature verdicts (older AMS are verified too, for the report;
// only the newest one decides). Keys come from `keys`; never throws.
ArcCheck verify_arc(std::string_view message_bytes, const DkimKeyLookup& keys);

} // namespace inboxprobe
