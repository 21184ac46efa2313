// Modified UTF-7 mailbox names (RFC 3501 §5.1.3): any UTF-8 name encodes to a
// wire name that decodes back to it (invalid UTF-8 becomes U+FFFD, which then
// round-trips); a wire name that decodes re-encodes to a wire name that decodes
// to the same text. Quoting and URL encoding keep every byte representable.
#include "fuzz_targets.hpp"

#include <receiver/mailbox_name.hpp>

namespace inboxprobe::fuzz {

namespace {

// Whether `text` is UTF-8 as RFC 3629 §4 defines it: shortest forms only, no
// surrogates, nothing above U+10FFFF.
bool
is_valid_utf8(std::string_view text)
{
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    const int extra = b < 0x80                ? 0
                      : b >= 0xC2 && b < 0xE0 ? 1
                      : b >= 0xE0 && b < 0xF0 ? 2
                      : b >= 0xF0 && b < 0xF5 ? 3
                                              : -1;
    if (extra < 0 || text.size() - i <= static_cast<std::size_t>(extra)) {
      return false;
    }
    std::uint32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((c & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    const std::uint32_t min[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

} // namespace

void
fuzz_mutf7(std::string_view data)
{
  const std::string wire = encode_mutf7(data);
  const auto back = decode_mutf7(wire);
  fuzz_check(back.has_value(), "an encoded name does not decode: " + wire);
  fuzz_check(is_valid_utf8(*back), "a decoded name is not UTF-8");
  if (is_valid_utf8(data)) {
    fuzz_check(*back == data, "valid UTF-8 does not round-trip: " + wire);
  }
  fuzz_check(encode_mutf7(*back) == wire, "the encoding is not stable: " + wire);
  if (const auto decoded = decode_mutf7(data)) {
    fuzz_check(is_valid_utf8(*decoded), "decoded a name that is not UTF-8");
    fuzz_check(decode_mutf7(encode_mutf7(*decoded)) == decoded, "re-encoding changes the name");
  }
  const std::string quoted = quote_mailbox(data);
  fuzz_check(quoted.size() >= data.size(), "quoting lost bytes");
  url_encode_mailbox(data);
}

} // namespace inboxprobe::fuzz
