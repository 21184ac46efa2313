// Probe tokens: the unguessable tag each probe carries in a header
// (X-Inboxprobe-Probe), in its Message-ID and in its body, so the receiver can
// recognise it even if one place is rewritten. 120 random bits from the OS
// CSPRNG, written as 24 lowercase RFC 4648 base32 characters (a-z, 2-7): safe
// in a header, a Message-ID left part and a URL, and case-insensitive-search
// proof.
#pragma once

#include <string>
#include <string_view>

namespace inboxprobe {

constexpr std::string_view k_probe_header = "X-Inboxprobe-Probe";
constexpr std::size_t k_probe_token_length = 24;

// A fresh token. Throws Bug if the OS random source fails (getrandom(2)).
std::string make_probe_token();

// True when `text` has the shape of a token (length and alphabet); says nothing
// about whether we issued it.
bool looks_like_probe_token(std::string_view text);

} // namespace inboxprobe
