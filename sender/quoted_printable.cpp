// RFC 2045 §6.7 quoted-printable encoder, line by line.
#include "quoted_printable.hpp"

#include <vector>

namespace inboxprobe {

namespace {

constexpr std::size_t k_max_line = 76; // RFC 2045 §6.7 rule 5, including the soft-break "="
constexpr char k_hex[] = "0123456789ABCDEF";

// Split on CRLF, LF or CR.
std::vector<std::string_view>
split_lines(std::string_view text)
{
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      start = i + 1;
    }
  }
  if (start < text.size()) {
    lines.push_back(text.substr(start));
  }
  return lines;
}

// Whether the byte at `index` of `line` may stand for itself (rule 2), or must
// be written as =XX (rule 1; trailing white space by rule 3).
bool
is_literal(std::string_view line, std::size_t index)
{
  const auto c = static_cast<unsigned char>(line[index]);
  const bool last = index + 1 == line.size();
  return (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
}

void
encode_line(std::string_view line, std::string& out)
{
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const bool literal = is_literal(line, i);
    const std::size_t piece = literal ? 1 : 3;
    // Keep room for the soft-break "=" unless this is the last piece of the
    // line.
    const bool last = i + 1 == line.size();
    const std::size_t limit = last ? k_max_line : k_max_line - 1;
    if (width + piece > limit) {
      out.append("=\r\n");
      width = 0;
    }
    if (literal) {
      out.push_back(line[i]);
    } else {
      const auto c = static_cast<unsigned char>(line[i]);
      out.push_back('=');
      out.push_back(k_hex[c >> 4]);
      out.push_back(k_hex[c & 0x0f]);
    }
    width += piece;
  }
  out.append("\r\n");
}

int
hex_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

// One encoded line, without its line break, appended decoded to `out`. Returns
// false for a soft line break (the line ends with "=").
bool
decode_line(std::string_view line, std::string& out)
{
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] != '=') {
      out.push_back(line[i]);
      continue;
    }
    if (i + 1 == line.size()) {
      return false;
    }
    const int high = i + 2 < line.size() ? hex_value(line[i + 1]) : -1;
    const int low = high >= 0 ? hex_value(line[i + 2]) : -1;
    if (low < 0) {
      out.push_back('=');
      continue;
    }
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return true;
}

} // namespace

std::string
decode_quoted_printable(std::string_view encoded)
{
  std::string out;
  out.reserve(encoded.size());
  const bool ends_with_break =
    !encoded.empty() && (encoded.back() == '\n' || encoded.back() == '\r');
  const std::vector<std::string_view> lines = split_lines(encoded);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const bool hard = decode_line(lines[i], out);
    if (hard && (i + 1 < lines.size() || ends_with_break)) {
      out.append("\r\n");
    }
  }
  return out;
}

std::string
encode_quoted_printable(std::string_view text)
{
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::string_view line : split_lines(text)) {
    encode_line(line, out);
  }
  return out;
}

} // namespace inboxprobe
