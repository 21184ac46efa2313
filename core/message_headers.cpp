// RFC 5322 §2.2 header section splitting and unfolding.
#include "message_headers.hpp"

#include <algorithm>
#include <cctype>

namespace inboxprobe {

namespace {

bool
is_wsp(char c)
{
  return c == ' ' || c == '\t';
}

// The line starting at `pos` without its terminator, and the position after the
// terminator.
std::string_view
next_line(std::string_view text, std::size_t pos, std::size_t& next)
{
  const std::size_t lf = text.find('\n', pos);
  std::size_t end = lf == std::string_view::npos ? text.size() : lf;
  next = lf == std::string_view::npos ? text.size() : lf + 1;
  if (end > pos && text[end - 1] == '\r') {
    --end;
  }
  return text.substr(pos, end - pos);
}

// RFC 5322 §3.6.8: a field name is printable ASCII except colon; real mail
// sometimes has a space before the colon (obs-optional), which we accept.
std::size_t
field_name_end(std::string_view line)
{
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return std::string_view::npos;
  }
  for (std::size_t i = 0; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c <= 32 || c >= 127) {
      // Allow trailing spaces before the colon only.
      if (c == ' ' && line.find_first_not_of(' ', i) == colon) {
        return colon;
      }
      return std::string_view::npos;
    }
  }
  return colon;
}

} // namespace

std::vector<HeaderField>
parse_header_fields(std::string_view message)
{
  std::vector<HeaderField> fields;
  std::size_t pos = 0;
  if (message.substr(0, 5) == "From ") {
    // An mbox "From " separator line (saved mailboxes, some corpus files) is
    // not a field.
    std::size_t next = 0;
    next_line(message, 0, next);
    pos = next;
  }
  while (pos < message.size()) {
    std::size_t next = 0;
    const std::string_view line = next_line(message, pos, next);
    if (line.empty()) {
      break; // end of the header section
    }
    if (is_wsp(line.front())) {
      if (!fields.empty()) {
        fields.back().value.append("\r\n").append(line);
      }
      pos = next;
      continue;
    }
    const std::size_t colon = field_name_end(line);
    if (colon == std::string_view::npos) {
      break; // not a header line: the body starts without a blank line
    }
    if (fields.size() == k_max_header_fields) {
      break;
    }
    std::string name(line.substr(0, colon));
    while (!name.empty() && name.back() == ' ') {
      name.pop_back();
    }
    std::string_view value = line.substr(colon + 1);
    fields.push_back({std::move(name), std::string(value)});
    pos = next;
  }
  return fields;
}

std::string_view
message_body(std::string_view message)
{
  std::size_t pos = 0;
  while (pos < message.size()) {
    std::size_t next = 0;
    const std::string_view line = next_line(message, pos, next);
    if (line.empty()) {
      return message.substr(next);
    }
    pos = next;
  }
  return {};
}

std::string
unfold(std::string_view value)
{
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c != '\r' && c != '\n') {
      out.push_back(c);
    }
  }
  const auto first = std::find_if_not(out.begin(), out.end(), is_wsp);
  out.erase(out.begin(), first);
  while (!out.empty() && is_wsp(out.back())) {
    out.pop_back();
  }
  return out;
}

bool
header_name_equals(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x))
                  == std::tolower(static_cast<unsigned char>(y));
         });
}

std::vector<std::string>
header_values(const std::vector<HeaderField>& fields, std::string_view name)
{
  std::vector<std::string> values;
  for (const HeaderField& field : fields) {
    if (header_name_equals(field.name, name)) {
      values.push_back(unfold(field.value));
    }
  }
  return values;
}

} // namespace inboxprobe
