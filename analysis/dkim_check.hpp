// Our own DKIM verification (RFC 6376 §6) of a received copy, with
// libopendkim: the provider's "dkim=pass" is reported beside what we find,
// and differences between the two are findings. No cryptography is written
// here; libopendkim does canonicalization, hashing and RSA/Ed25519 checks, and
// keys come from a DkimKeyLookup (DNS or a fixed map).
//
// Verdicts (RFC 8601 §2.7.1 tokens):
//   pass       signature and body hash verified
//   fail       signature or body hash mismatch, body shorter than l=, revoked
//              key (empty p=, RFC 6376 §3.6.1; OpenDKIM reports it as fail)
//   neutral    x= expired or t= in the future (RFC 6376 §3.5)
//   permerror  unusable signature or key: tag-list syntax, no key record,
//              undecodable key, wrong key type; no From field; more From
//              fields than the signature's h= names (RFC 6376 §5.4, §8.15:
//              it may vouch for a From the reader does not see; OpenDKIM's
//              StrictHeaders and dkimpy refuse such messages too)
//   policy     the signature verifies but uses rsa-sha1, which RFC 8301
//              §3.1 says verifiers must not consider valid
//   temperror  the key lookup failed temporarily (DNS timeout, SERVFAIL)
//
// libopendkim limits worked around: a bare PKCS#1 RSA key in p= (the RFC
// 6376 Appendix A form, which libopendkim cannot load) is handed to the
// library as the equivalent SubjectPublicKeyInfo (dkim_key_record.hpp); two
// From fields are judged by the one-From policy above (libopendkim accepts
// them unless STRICTHDRS is set, and then refuses the whole message). Not
// worked around: x= expiry is checked against the real clock.
#pragma once

#include <analysis/dkim_keys.hpp>
#include <core/model.hpp>

#include <string_view>
#include <vector>

namespace inboxprobe {

// One DkimCheck per DKIM-Signature field of `message_bytes` (RFC 5322 bytes,
// CRLF or bare LF), top to bottom; an empty vector when there is none.
// DomainKey-Signature and X-Google-DKIM-Signature are not DKIM signatures and
// are ignored. `keys` is asked for "<s>._domainkey.<d>"; its exceptions are
// caught (temperror). Never throws for any input; a libopendkim failure on the
// whole message makes every signature permerror with the library's reason.
// Expiry (x=) is checked against the real clock (libopendkim's own rule).
std::vector<DkimCheck> verify_dkim(std::string_view message_bytes, const DkimKeyLookup& keys);

} // namespace inboxprobe
