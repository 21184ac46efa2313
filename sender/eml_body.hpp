// Injecting the probe's reference line into the body of a user's message,
// walking its MIME structure (RFC 2045, RFC 2046 §5.1). See eml_inject.hpp for
// which parts receive it and which are left alone. Internal to the sender.
#pragma once

#include <core/message_headers.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// The parsed value of a Content-Type field (RFC 2045 §5.1): lowercase type and
// subtype, and the boundary and charset parameters (unquoted).
struct ContentType
{
  std::string type = "text";
  std::string subtype = "plain";
  std::string boundary;
  std::string charset;
};

// Content-Type of an entity with header `fields`; text/plain when absent
// (RFC 2045 §5.2).
ContentType content_type_of(const std::vector<HeaderField>& fields);

// The body of the entity with header `fields` (CRLF line breaks), with a
// "Reference: TOKEN" line in every text part that may take one. `injected` is
// set to true when at least one part received it.
std::string inject_into_body(const std::vector<HeaderField>& fields,
                             std::string_view body,
                             const std::string& token,
                             bool& injected);

} // namespace inboxprobe
