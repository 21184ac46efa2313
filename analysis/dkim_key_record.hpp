// DKIM key records (RFC 6376 §3.6.1) as published in the wild (internal
// header). Some publishers put a bare PKCS#1 RSAPublicKey in p= (the RFC 6376
// Appendix A example does) where the RFC asks for a SubjectPublicKeyInfo
// (RFC 6376 §3.6.1 "k=rsa": "an RSAPublicKey ... inside SubjectPublicKeyInfo"
// per RFC 3447 and RFC 5280). dkimpy and most verifiers accept both;
// libopendkim cannot load the bare form. Rewriting p= to the SPKI form before
// the library sees it keeps the key exactly the same.
#pragma once

#include <string>
#include <string_view>

namespace inboxprobe {

// `record` with a bare PKCS#1 RSA key in p= rewritten as the equivalent
// SubjectPublicKeyInfo; any other record (SPKI keys, ed25519, empty p=,
// undecodable base64) unchanged.
std::string with_spki_rsa_key(std::string_view record);

} // namespace inboxprobe
