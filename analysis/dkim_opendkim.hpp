// The one place that talks to libopendkim (internal header: std and core
// types only). Runs the library's verifier over one message with keys from a
// DkimKeyLookup and returns each signature it evaluated, already mapped to
// RFC 8601 verdict tokens.
#pragma once

#include <analysis/dkim_keys.hpp>
#include <core/model.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe::dkim_detail {

// Signatures beyond this many per message are not evaluated (each costs a
// key lookup; RFC 6376 §8.4 lets verifiers limit the work).
constexpr std::size_t k_max_signatures = 16;

struct LibSignature
{
  DkimCheck check;
  std::string b; // b= without whitespace: matches the signature to its field
};

struct LibResult
{
  std::vector<LibSignature> signatures; // in libopendkim's order
  // Why libopendkim refused the message as a whole (e.g. "no From field");
  // empty when it evaluated the signatures.
  std::string message_error;
};

// Verify `message` (RFC 5322 bytes; bare LFs are fixed by the library).
// Never throws: exceptions from `keys` are caught in the library's callback.
LibResult run_opendkim(std::string_view message, const DkimKeyLookup& keys);

} // namespace inboxprobe::dkim_detail
