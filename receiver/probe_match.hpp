// Recognising our probes in a received message's header section: the token in
// X-Inboxprobe-Probe, or inside the Message-ID (relays rewrite one or the
// other, rarely both). Only tokens this run issued count: a message carrying
// any other token is not ours.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace inboxprobe {

struct ProbeMatch
{
  std::int64_t probe_id = 0;
  std::string matched_by; // "header" or "message-id"
};

// The probe whose token (a key of `tokens`, lowercase) appears in
// `header_section`; nullopt when none does.
std::optional<ProbeMatch> match_probe(std::string_view header_section,
                                      const std::map<std::string, std::int64_t>& tokens);

} // namespace inboxprobe
