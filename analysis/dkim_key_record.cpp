// PKCS#1 to SubjectPublicKeyInfo for DKIM p= values (see dkim_key_record.hpp).
// DER (X.690 §8.1): a SEQUENCE is 0x30 + length + content. A PKCS#1
// RSAPublicKey is SEQUENCE { INTEGER n, INTEGER e }; an SPKI is SEQUENCE {
// SEQUENCE { OID rsaEncryption, NULL }, BIT STRING { 0 unused bits, the
// RSAPublicKey } } (RFC 5280 §4.1, RFC 3279 §2.3.1).
#include "dkim_key_record.hpp"

#include "text.hpp"

#include <core/base64.hpp>

namespace inboxprobe {

namespace {

// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }; the
// explicit length keeps the final NUL byte.
constexpr std::string_view
  k_rsa_algorithm("\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00", 15);

std::string
der_length(std::size_t length)
{
  if (length < 0x80) {
    return std::string(1, static_cast<char>(length));
  }
  std::string bytes;
  for (std::size_t rest = length; rest > 0; rest >>= 8) {
    bytes.insert(bytes.begin(), static_cast<char>(rest & 0xff));
  }
  return std::string(1, static_cast<char>(0x80 | bytes.size())) + bytes;
}

std::string
der(char tag, std::string_view content)
{
  return std::string(1, tag) + der_length(content.size()) + std::string(content);
}

// The offset of the first element inside the SEQUENCE at the start of
// `bytes`, or 0 when `bytes` does not start with a SEQUENCE header.
std::size_t
sequence_content(std::string_view bytes)
{
  if (bytes.size() < 2 || bytes[0] != '\x30') {
    return 0;
  }
  const auto first = static_cast<unsigned char>(bytes[1]);
  return first < 0x80 ? 2 : 2 + (first & 0x7f);
}

bool
is_pkcs1_rsa_key(std::string_view der_bytes)
{
  const std::size_t inner = sequence_content(der_bytes);
  // PKCS#1 starts with INTEGER (0x02); SPKI with a SEQUENCE (0x30).
  return inner > 0 && inner < der_bytes.size() && der_bytes[inner] == '\x02';
}

} // namespace

std::string
with_spki_rsa_key(std::string_view record)
{
  // Tags are "name = value" separated by ";" (RFC 6376 §3.2); find p=.
  for (std::size_t begin = 0; begin <= record.size();) {
    const std::size_t end = std::min(record.find(';', begin), record.size());
    const std::string_view tag = record.substr(begin, end - begin);
    const std::size_t equals = tag.find('=');
    if (equals != std::string_view::npos && text::trim(tag.substr(0, equals)) == "p") {
      const std::size_t value_at = begin + equals + 1;
      const auto key = decode_base64_strict(record.substr(value_at, end - value_at));
      if (!key || !is_pkcs1_rsa_key(*key)) {
        break;
      }
      const std::string bit_string = der('\x03', std::string(1, '\0') + *key);
      const std::string spki = der('\x30', std::string(k_rsa_algorithm) + bit_string);
      return std::string(record.substr(0, value_at)) + encode_base64(spki)
             + std::string(record.substr(end));
    }
    begin = end + 1;
  }
  return std::string(record);
}

} // namespace inboxprobe
