// Content-Type, Content-Transfer-Encoding and multipart splitting (see
// mime_parts.hpp; RFC 2045 §5.1, §6.1, RFC 2046 §5.1.1).
#include "mime_parts.hpp"

#include "text.hpp"

namespace inboxprobe::mime {

ContentType
parse_content_type(std::string_view value)
{
  ContentType out;
  const std::size_t semi = value.find(';');
  out.type = text::to_lower(text::trim(value.substr(0, semi)));
  std::size_t pos = semi;
  while (pos != std::string_view::npos && pos < value.size()) {
    const std::size_t eq = value.find('=', pos + 1);
    if (eq == std::string_view::npos) {
      break;
    }
    const std::string name = text::to_lower(text::trim(value.substr(pos + 1, eq - pos - 1)));
    std::size_t i = eq + 1;
    while (i < value.size() && text::is_wsp(value[i])) {
      ++i;
    }
    std::string param;
    if (i < value.size() && value[i] == '"') {
      for (++i; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) {
          ++i;
        }
        param.push_back(value[i]);
      }
      pos = value.find(';', i);
    } else {
      pos = value.find(';', i);
      param =
        std::string(text::trim(value.substr(i, pos == std::string_view::npos ? pos : pos - i)));
    }
    if (name == "boundary") {
      out.boundary = param;
    }
  }
  return out;
}

ContentType
content_type_of(const std::vector<HeaderField>& fields)
{
  const std::vector<std::string> values = header_values(fields, "Content-Type");
  return values.empty() ? ContentType{"text/plain", {}} : parse_content_type(values.front());
}

std::string
transfer_encoding_of(const std::vector<HeaderField>& fields)
{
  const std::vector<std::string> values = header_values(fields, "Content-Transfer-Encoding");
  return values.empty() ? "7bit" : text::to_lower(text::trim(values.front()));
}

namespace {

// The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
std::string_view
without_final_line_break(std::string_view part)
{
  if (!part.empty() && part.back() == '\n') {
    part.remove_suffix(1);
  }
  if (!part.empty() && part.back() == '\r') {
    part.remove_suffix(1);
  }
  return part;
}

} // namespace

std::vector<std::string_view>
split_parts(std::string_view body, const std::string& boundary)
{
  std::vector<std::string_view> parts;
  const std::string delimiter = "--" + boundary;
  std::size_t part_start = std::string_view::npos;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t eol = body.find('\n', pos);
    const std::size_t next = eol == std::string_view::npos ? body.size() : eol + 1;
    std::string_view line =
      body.substr(pos, (eol == std::string_view::npos ? body.size() : eol) - pos);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.substr(0, delimiter.size()) == delimiter) {
      const std::string_view rest = text::trim(line.substr(delimiter.size()));
      if (rest.empty() || rest == "--") {
        if (part_start != std::string_view::npos) {
          parts.push_back(without_final_line_break(body.substr(part_start, pos - part_start)));
        }
        if (rest == "--") {
          return parts;
        }
        part_start = next;
      }
    }
    pos = next;
  }
  if (part_start != std::string_view::npos && part_start < body.size()) {
    parts.push_back(body.substr(part_start)); // no close delimiter: keep what is there
  }
  return parts;
}

} // namespace inboxprobe::mime
