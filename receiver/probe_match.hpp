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
  std::string matched_by; // "header", "message-id" or "body"
};

// The body is searched at most this far: a probe's token sits in its first
// lines, a bounce quotes the probe's header section near its start.
constexpr std::size_t k_body_match_bytes = 256 * 1024;

// The probe whose token (a key of `tokens`, lowercase) appears in
// `header_section`; nullopt when none does.
std::optional<ProbeMatch> match_probe(std::string_view header_section,
                                      const std::map<std::string, std::int64_t>& tokens);

// The probe whose token appears in the first k_body_match_bytes of `body` (any
// maximal run of token characters of the token's length): the fallback when a
// relay rewrote both the header and the Message-ID, and the way a bounce is
// tied to the probe it quotes.
std::optional<ProbeMatch> match_probe_in_body(std::string_view body,
                                              const std::map<std::string, std::int64_t>& tokens);

// A whole message: the header section first, then the body.
std::optional<ProbeMatch> match_message(std::string_view message,
                                        const std::map<std::string, std::int64_t>& tokens);

} // namespace inboxprobe
