// Just enough MIME to walk a message's structure (internal header of the
// analysis stage): Content-Type with its boundary parameter (RFC 2045 §5.1),
// Content-Transfer-Encoding (RFC 2045 §6.1) and the body parts of a multipart
// entity (RFC 2046 §5.1.1). Used by the DSN reader and the message limits.
#pragma once

#include <core/message_headers.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe::mime {

struct ContentType
{
  std::string type; // lowercase "type/subtype"
  std::string boundary;
};

// RFC 2045 §5.1: type "/" subtype *(";" parameter); only the boundary
// parameter is kept. Quoted values may hold ";".
ContentType parse_content_type(std::string_view value);

// The entity's Content-Type; RFC 2045 §5.2: none means text/plain.
ContentType content_type_of(const std::vector<HeaderField>& fields);

// The entity's Content-Transfer-Encoding, lowercase and trimmed; RFC 2045
// §6.1: none means "7bit".
std::string transfer_encoding_of(const std::vector<HeaderField>& fields);

// The body parts of a multipart body (RFC 2046 §5.1.1): the text between
// delimiter lines "--boundary", up to the close delimiter "--boundary--"; a
// missing close delimiter keeps what is there. The line break before a
// delimiter belongs to the delimiter.
std::vector<std::string_view> split_parts(std::string_view body, const std::string& boundary);

} // namespace inboxprobe::mime
