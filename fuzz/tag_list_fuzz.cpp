// Tag=value lists (RFC 6376 §3.2) as DKIM signatures, ARC sets (RFC 8617
// §4.1), DKIM key records (RFC 6376 §3.6.1) and DMARC records (RFC 7489 §6.3)
// write them, and the canonicalizations applied to signed data (§3.4).
#include "fuzz_targets.hpp"

#include <analysis/arc_detail.hpp>
#include <analysis/dkim_canon.hpp>
#include <analysis/dkim_key_record.hpp>
#include <analysis/dmarc.hpp>
#include <analysis/signature_crypto.hpp>

namespace inboxprobe::fuzz {

void
fuzz_tag_list(std::string_view data)
{
  if (const auto tags = dkim_canon::parse_tag_list(data)) {
    for (const auto& [name, value] : *tags) {
      fuzz_check(!name.empty(), "an empty tag name");
    }
    arc_detail::check_tags(*tags, true);
    arc_detail::check_tags(*tags, false);
  }
  dkim_canon::without_b_value(data);
  dkim_canon::split_header_list(data);
  dkim_canon::relaxed_header("DKIM-Signature", data);
  dkim_canon::canonical_body(data, dkim_canon::Canon::simple);
  dkim_canon::canonical_body(data, dkim_canon::Canon::relaxed);
  const std::string spki = with_spki_rsa_key(data);
  signature_crypto::load_key(spki);
  const auto dmarc = parse_dmarc_record(data);
  if (dmarc) {
    fuzz_check(dmarc->pct >= 0 && dmarc->pct <= 100, "pct out of range");
  }
  organizational_domain(data);
  normalized_domain(data);
}

} // namespace inboxprobe::fuzz
