// The header section of an Internet message (RFC 5322 §2.2, §3.6): split into
// fields, unfolded, looked up by name. Shared by the receiver (matching probe
// tokens) and analysis. Tolerant by design: received mail has bare LFs, missing
// blank lines, 8-bit bytes and obsolete syntax; nothing here throws or fails, a
// malformed line is kept as best it can be.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

struct HeaderField
{
  std::string name;  // as written (case preserved)
  std::string value; // the field body as written, folding kept, without the
                     // CRLF at the end
};

// At most this many fields are returned; a message with more gets the first
// ones (a hostile message cannot make us allocate without bound).
constexpr std::size_t k_max_header_fields = 10'000;

// Fields of the header section of `message`, top to bottom. A line that is
// neither a field nor a continuation (no colon) ends the header section, as
// does the first empty line.
std::vector<HeaderField> parse_header_fields(std::string_view message);

// The body: everything after the first empty line (CRLF CRLF or LF LF); empty
// if none.
std::string_view message_body(std::string_view message);

// `value` unfolded (RFC 5322 §2.2.3: CRLF before WSP removed) with leading and
// trailing whitespace trimmed.
std::string unfold(std::string_view value);

// Case-insensitive ASCII comparison of field names.
bool header_name_equals(std::string_view a, std::string_view b);

// Unfolded values of every field named `name`, top to bottom.
std::vector<std::string> header_values(const std::vector<HeaderField>& fields,
                                       std::string_view name);

} // namespace inboxprobe
