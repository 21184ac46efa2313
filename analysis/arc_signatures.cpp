// ARC-Message-Signature and ARC-Seal verification (see arc_detail.hpp):
// DKIM canonicalization and header selection (dkim_canon), keys from the
// DkimKeyLookup, crypto through signature_crypto (OpenSSL).
#include "arc_detail.hpp"
#include "dkim_canon.hpp"
#include "signature_crypto.hpp"
#include "text.hpp"

#include <core/base64.hpp>

#include <algorithm>

namespace inboxprobe::arc_detail {

namespace {

using dkim_canon::Canon;

bool
is_base64(const std::string& value)
{
  return !value.empty() && decode_base64_strict(value).has_value();
}

// The signature in `tags` checked against `data` with the key at
// s._domainkey.d; "" when it verifies.
std::string
check_signature(const Tags& tags, const std::string& data, const DkimKeyLookup& keys)
{
  const std::string name = tags.at("s") + "._domainkey." + tags.at("d");
  Result<std::string> record = Result<std::string>(fail("dns.temperror", "lookup failed"));
  try {
    record = keys.txt_record(name);
  } catch (const std::exception& e) {
    return std::string("key lookup failed: ") + e.what();
  }
  if (!record) {
    return "no key at " + name + ": " + record.error().what;
  }
  const signature_crypto::LoadedKey key = signature_crypto::load_key(*record);
  if (!key.key) {
    return "unusable key at " + name + ": " + key.error;
  }
  const auto signature = decode_base64_strict(tags.at("b"));
  if (!signature || !signature_crypto::verify(tags.at("a"), key, data, *signature)) {
    return "signature does not verify";
  }
  return "";
}

std::optional<std::pair<Canon, Canon>>
canonicalization(const Tags& tags)
{
  const auto c = tags.find("c");
  // An AMS without c= is relaxed/relaxed, what RFC 8617 signers use and
  // dkimpy assumes (ams_fields_c_na in the ValiMail suite).
  const std::string value = c == tags.end() ? "relaxed/relaxed" : c->second;
  const std::size_t slash = value.find('/');
  const auto one = [](std::string_view word) -> std::optional<Canon> {
    if (word == "simple") {
      return Canon::simple;
    }
    return word == "relaxed" ? std::optional<Canon>(Canon::relaxed) : std::nullopt;
  };
  const auto header = one(std::string_view(value).substr(0, slash));
  const auto body =
    slash == std::string::npos ? std::optional<Canon>(Canon::simple) : one(value.substr(slash + 1));
  if (!header || !body) {
    return std::nullopt;
  }
  return std::pair{*header, *body};
}

} // namespace

std::string
check_tags(const Tags& tags, bool seal)
{
  const std::vector<const char*> required =
    seal ? std::vector<const char*>{"i", "a", "b", "cv", "d", "s"}
         : std::vector<const char*>{"i", "a", "b", "bh", "d", "h", "s"};
  for (const char* tag : required) {
    if (tags.find(tag) == tags.end()) {
      return std::string("missing ") + tag + "=";
    }
  }
  if (seal && tags.count("h") > 0) {
    return "ARC-Seal with h= (RFC 8617 §4.1.3)";
  }
  const std::string& a = tags.at("a");
  if (a != "rsa-sha256" && a != "ed25519-sha256" && a != "rsa-sha1") {
    return "unknown algorithm a=" + a;
  }
  if (!is_base64(tags.at("b")) || (!seal && !is_base64(tags.at("bh")))) {
    return "b= or bh= is not base64";
  }
  const auto t = tags.find("t");
  if (t != tags.end()
      && (t->second.empty() || !std::all_of(t->second.begin(), t->second.end(), text::is_digit))) {
    return "t= is not a number";
  }
  if (seal && tags.at("cv") != "none" && tags.at("cv") != "pass" && tags.at("cv") != "fail") {
    return "cv= is not none, pass or fail";
  }
  return "";
}

std::string
verify_message_signature(const ArcSet& set,
                         const std::vector<HeaderField>& fields,
                         std::string_view body,
                         const DkimKeyLookup& keys)
{
  const Tags& tags = set.ams_tags;
  const auto canon = canonicalization(tags);
  if (!canon) {
    return "unknown canonicalization c=" + tags.at("c");
  }
  const std::vector<std::string> names = dkim_canon::split_header_list(tags.at("h"));
  if (std::any_of(names.begin(), names.end(), [](const std::string& n) {
        return text::iequals(n, "ARC-Seal");
      })) {
    return "h= names ARC-Seal (RFC 8617 §4.1.2)";
  }
  const std::string body_hash =
    signature_crypto::digest(tags.at("a"), dkim_canon::canonical_body(body, canon->second));
  if (decode_base64_strict(tags.at("bh")) != body_hash) {
    return "body hash mismatch";
  }
  const auto canonical = [&canon](std::string_view name, std::string_view value) {
    return canon->first == Canon::relaxed ? dkim_canon::relaxed_header(name, value)
                                          : dkim_canon::simple_header(name, value);
  };
  std::string data;
  for (const HeaderField* field : dkim_canon::select_headers(fields, names)) {
    data += canonical(field->name, field->value);
  }
  std::string own = canonical(set.ams->name, dkim_canon::without_b_value(set.ams->value));
  own.resize(own.size() - 2); // the signature field is hashed without its CRLF
  return check_signature(tags, data + own, keys);
}

std::string
verify_seal(const std::vector<ArcSet>& sets, std::size_t index, const DkimKeyLookup& keys)
{
  std::string data;
  for (std::size_t i = 0; i <= index; ++i) {
    const ArcSet& set = sets[i];
    data += dkim_canon::relaxed_header(set.aar->name, set.aar->value);
    data += dkim_canon::relaxed_header(set.ams->name, set.ams->value);
    if (i < index) {
      data += dkim_canon::relaxed_header(set.seal->name, set.seal->value);
    }
  }
  std::string own = dkim_canon::relaxed_header(
    sets[index].seal->name, dkim_canon::without_b_value(sets[index].seal->value));
  own.resize(own.size() - 2);
  return check_signature(sets[index].seal_tags, data + own, keys);
}

} // namespace inboxprobe::arc_detail
