// Public keys from DKIM key records and signature verification (RFC 6376
// §3.3, §3.6.1; RFC 8463 ed25519-sha256; RFC 8301 key and hash limits) with
// OpenSSL EVP, for our ARC verifier. Internal header: std types only.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace inboxprobe::signature_crypto {

// RFC 8301 §3.2: verifiers must not accept RSA keys below 1024 bits.
constexpr int k_min_rsa_bits = 1024;

struct KeyDeleter
{
  void operator()(void* key) const noexcept; // EVP_PKEY_free
};
// An EVP_PKEY behind a void pointer, so that this header stays std-only.
using PublicKey = std::unique_ptr<void, KeyDeleter>;

struct LoadedKey
{
  PublicKey key;     // null on error
  std::string type;  // "rsa" or "ed25519"
  std::string error; // why there is no key
};

// The key in a DKIM key record (k= rsa by default, p= base64 SPKI, a bare
// PKCS#1 RSA key accepted like dkimpy does; ed25519 p= is the raw 32-byte key).
// Errors: revoked (empty p=), unknown k=, undecodable key, RSA below 1024 bits.
LoadedKey load_key(std::string_view record);

// Whether `signature` (raw bytes) signs `data` under `algorithm`
// ("rsa-sha256", "ed25519-sha256": the SHA-256 of `data` signed with PureEdDSA,
// RFC 8463 §3) with `key` of the matching type. rsa-sha1 is never accepted
// (RFC 8301 §3.1).
bool verify(std::string_view algorithm,
            const LoadedKey& key,
            std::string_view data,
            std::string_view signature);

// SHA-256 (or SHA-1 for "rsa-sha1") of `data`, raw bytes.
std::string digest(std::string_view algorithm, std::string_view data);

} // namespace inboxprobe::signature_crypto
