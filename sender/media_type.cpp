// File name -> media type table and RFC 2231 parameter encoding.
#include "media_type.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace inboxprobe {

namespace {

// The types a newsletter commonly carries; anything else is an octet stream,
// which every client offers to save.
constexpr auto k_types = std::to_array<std::pair<std::string_view, std::string_view>>({
  {"png", "image/png"},
  {"jpg", "image/jpeg"},
  {"jpeg", "image/jpeg"},
  {"gif", "image/gif"},
  {"webp", "image/webp"},
  {"svg", "image/svg+xml"},
  {"pdf", "application/pdf"},
  {"zip", "application/zip"},
  {"ics", "text/calendar"},
  {"csv", "text/csv"},
  {"txt", "text/plain"},
  {"html", "text/html"},
  {"htm", "text/html"},
  {"doc", "application/msword"},
  {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
  {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
});

std::string
lowercase(std::string_view text)
{
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool
is_plain_name(std::string_view name)
{
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 32 || u > 126 || c == '"' || c == '\\') {
      return false;
    }
  }
  return !name.empty();
}

// RFC 2231 §7 attribute-char: ASCII printable except specials, space, *, ', %.
bool
is_attribute_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c))
         || std::string_view("!#$&+-.^_`|~").find(c) != std::string_view::npos;
}

} // namespace

std::string
guess_media_type(std::string_view filename)
{
  const std::size_t dot = filename.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string extension = lowercase(filename.substr(dot + 1));
    for (const auto& [ext, type] : k_types) {
      if (ext == extension) {
        return std::string(type);
      }
    }
  }
  return "application/octet-stream";
}

std::string
file_name_parameter(std::string_view parameter, std::string_view filename)
{
  if (is_plain_name(filename)) {
    return std::string(parameter) + "=\"" + std::string(filename) + "\"";
  }
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out = std::string(parameter) + "*=utf-8''";
  for (char c : filename) {
    const auto u = static_cast<unsigned char>(c);
    if (is_attribute_char(c)) {
      out.push_back(c);
    } else {
      out += {'%', k_hex[u >> 4], k_hex[u & 15]};
    }
  }
  return out;
}

} // namespace inboxprobe
