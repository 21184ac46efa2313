// OpenSSL EVP behind the signature_crypto interface (see
// signature_crypto.hpp). Every OpenSSL handle is owned by a unique_ptr.
#include "signature_crypto.hpp"

#include "dkim_canon.hpp"
#include "dkim_key_record.hpp"

#include <core/base64.hpp>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace inboxprobe::signature_crypto {

namespace {

struct MdContextFreer
{
  void
  operator()(EVP_MD_CTX* context) const noexcept
  {
    EVP_MD_CTX_free(context);
  }
};
using MdContext = std::unique_ptr<EVP_MD_CTX, MdContextFreer>;

EVP_PKEY*
raw(const LoadedKey& key)
{
  return static_cast<EVP_PKEY*>(key.key.get());
}

} // namespace

void
KeyDeleter::operator()(void* key) const noexcept
{
  EVP_PKEY_free(static_cast<EVP_PKEY*>(key));
}

LoadedKey
load_key(std::string_view record)
{
  LoadedKey loaded;
  const auto tags = dkim_canon::parse_tag_list(with_spki_rsa_key(record));
  if (!tags) {
    loaded.error = "key record is not a valid tag-list";
    return loaded;
  }
  const auto k = tags->find("k");
  loaded.type = k == tags->end() ? "rsa" : k->second;
  const auto p = tags->find("p");
  if (p == tags->end() || p->second.empty()) {
    loaded.error = "key revoked or missing (empty p=)";
    return loaded;
  }
  const auto bytes = decode_base64_strict(p->second);
  if (!bytes) {
    loaded.error = "p= is not base64";
    return loaded;
  }
  const auto* data = reinterpret_cast<const unsigned char*>(bytes->data());
  if (loaded.type == "rsa") {
    loaded.key.reset(d2i_PUBKEY(nullptr, &data, static_cast<long>(bytes->size())));
    if (loaded.key && EVP_PKEY_get_base_id(raw(loaded)) != EVP_PKEY_RSA) {
      loaded.key.reset();
    }
    if (loaded.key && EVP_PKEY_get_bits(raw(loaded)) < k_min_rsa_bits) {
      loaded.key.reset();
      loaded.error = "RSA key below 1024 bits (RFC 8301 §3.2)";
      return loaded;
    }
  } else if (loaded.type == "ed25519") {
    loaded.key.reset(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, data, bytes->size()));
  } else {
    loaded.error = "unknown key type k=" + loaded.type;
    return loaded;
  }
  if (!loaded.key) {
    loaded.error = "the public key cannot be loaded";
  }
  return loaded;
}

std::string
digest(std::string_view algorithm, std::string_view data)
{
  const EVP_MD* md = algorithm == "rsa-sha1" ? EVP_sha1() : EVP_sha256();
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) != 1) {
    return "";
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

bool
verify(std::string_view algorithm,
       const LoadedKey& key,
       std::string_view data,
       std::string_view signature)
{
  if (!key.key) {
    return false;
  }
  const MdContext context(EVP_MD_CTX_new());
  if (!context) {
    return false;
  }
  const auto* sig = reinterpret_cast<const unsigned char*>(signature.data());
  if (algorithm == "rsa-sha256" && key.type == "rsa") {
    return EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, raw(key)) == 1
           && EVP_DigestVerify(context.get(),
                               sig,
                               signature.size(),
                               reinterpret_cast<const unsigned char*>(data.data()),
                               data.size())
                == 1;
  }
  if (algorithm == "ed25519-sha256" && key.type == "ed25519") {
    const std::string hash = digest("sha256", data);
    return EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, raw(key)) == 1
           && EVP_DigestVerify(context.get(),
                               sig,
                               signature.size(),
                               reinterpret_cast<const unsigned char*>(hash.data()),
                               hash.size())
                == 1;
  }
  return false; // rsa-sha1 (RFC 8301 §3.1), unknown algorithms, key type mismatch
}

} // namespace inboxprobe::signature_crypto
