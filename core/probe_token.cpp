// Probe token generation (RFC 4648 §6 base32, lowercase, no padding) from
// getrandom(2).
#include "probe_token.hpp"

#include "error.hpp"

#include <sys/random.h>

#include <array>
#include <cstdint>

namespace inboxprobe {

namespace {

constexpr std::string_view k_alphabet = "abcdefghijklmnopqrstuvwxyz234567";

} // namespace

std::string
make_probe_token()
{
  // 15 bytes = 120 bits = exactly 24 base32 characters.
  std::array<std::uint8_t, 15> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const ssize_t n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n <= 0) {
      throw Bug("getrandom failed: cannot make an unguessable probe token");
    }
    filled += static_cast<std::size_t>(n);
  }
  std::string token;
  token.reserve(k_probe_token_length);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint8_t byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      token.push_back(k_alphabet[(buffer >> (bits - 5)) & 0x1f]);
      bits -= 5;
    }
  }
  return token;
}

bool
looks_like_probe_token(std::string_view text)
{
  if (text.size() != k_probe_token_length) {
    return false;
  }
  for (char c : text) {
    if (k_alphabet.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

} // namespace inboxprobe
