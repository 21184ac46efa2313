// MapKeyLookup: DKIM key records from a map or a key file (see dkim_keys.hpp).
#include "dkim_keys.hpp"

#include "text.hpp"

#include <fstream>

namespace inboxprobe {

namespace {

// DNS names compare case-insensitively (RFC 4343) and "a.example." is
// "a.example".
std::string
normalized(std::string_view name)
{
  name = text::trim(name);
  if (!name.empty() && name.back() == '.') {
    name.remove_suffix(1);
  }
  return text::to_lower(name);
}

} // namespace

Result<MapKeyLookup>
MapKeyLookup::from_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail("keys.unreadable", "cannot open key file " + path);
  }
  MapKeyLookup lookup;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string_view content = text::trim(line);
    if (content.empty() || content.front() == '#') {
      continue;
    }
    const std::size_t space = content.find_first_of(" \t");
    const std::string_view value =
      space == std::string_view::npos ? std::string_view() : text::trim(content.substr(space));
    if (value.empty()) {
      return fail("keys.syntax",
                  path + ":" + std::to_string(number) + ": a name without a "
                  "record (expected \"name<whitespace>TXT-value\")");
    }
    lookup.add(std::string(content.substr(0, space)), std::string(value));
  }
  return lookup;
}

void
MapKeyLookup::add(const std::string& name, const std::string& txt)
{
  m_records[normalized(name)] = txt;
}

void
MapKeyLookup::add_error(const std::string& name, const std::string& code)
{
  m_errors[normalized(name)] = code;
}

Result<std::string>
MapKeyLookup::txt_record(const std::string& name) const
{
  const std::string key = normalized(name);
  if (const auto error = m_errors.find(key); error != m_errors.end()) {
    return fail(error->second, "lookup of " + name + " failed (configured)");
  }
  const auto record = m_records.find(key);
  if (record == m_records.end()) {
    return fail("dns.nxdomain", "no TXT record at " + name);
  }
  return record->second;
}

} // namespace inboxprobe
