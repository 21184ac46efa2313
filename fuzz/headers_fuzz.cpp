// RFC 5322 §2.2 header splitting and unfolding: fields are bounded in number,
// names hold no colon or line break, unfolded values no CR or LF, and the body
// is a suffix of the message.
#include "fuzz_targets.hpp"

#include <core/message_headers.hpp>

namespace inboxprobe::fuzz {

void
fuzz_headers(std::string_view data)
{
  const std::vector<HeaderField> fields = parse_header_fields(data);
  fuzz_check(fields.size() <= k_max_header_fields, "too many fields");
  for (const HeaderField& field : fields) {
    fuzz_check(!field.name.empty(), "empty field name");
    fuzz_check(field.name.find_first_of(":\r\n") == std::string::npos, "bad field name");
    const std::string value = unfold(field.value);
    fuzz_check(value.find_first_of("\r\n") == std::string::npos, "line break after unfold");
    fuzz_check(header_name_equals(field.name, field.name), "name differs from itself");
  }
  if (!fields.empty()) {
    header_values(fields, fields.front().name);
  }
  const std::string_view body = message_body(data);
  fuzz_check(body.empty() || data.substr(data.size() - body.size()) == body,
             "the body is not the end of the message");
}

} // namespace inboxprobe::fuzz
