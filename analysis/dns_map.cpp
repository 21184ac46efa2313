// MapDnsResolver: a fixed zone (see dns_resolver.hpp), mox's mock resolver.
#include "dns_resolver.hpp"
#include "text.hpp"

namespace inboxprobe {

namespace {

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

void
MapDnsResolver::add(const std::string& name, DnsType type, const std::string& value)
{
  m_records[{normalized(name), type}].push_back(value);
}

void
MapDnsResolver::add_error(const std::string& name, DnsType type, const std::string& code)
{
  m_type_errors[{normalized(name), type}] = code;
}

void
MapDnsResolver::add_error(const std::string& name, const std::string& code)
{
  m_name_errors[normalized(name)] = code;
}

Result<std::vector<std::string>>
MapDnsResolver::query(const std::string& name, DnsType type) const
{
  const std::string key = normalized(name);
  if (const auto error = m_name_errors.find(key); error != m_name_errors.end()) {
    return fail(error->second, "lookup of " + name + " failed (configured)");
  }
  if (const auto error = m_type_errors.find({key, type}); error != m_type_errors.end()) {
    return fail(error->second, "lookup of " + name + " failed (configured)");
  }
  if (const auto found = m_records.find({key, type}); found != m_records.end()) {
    return found->second;
  }
  // NODATA when the name has records of another type (RFC 2308 §2.2).
  for (const auto& [record_key, values] : m_records) {
    if (record_key.first == key) {
      return fail("dns.no_record", "no record of the asked type at " + name);
    }
  }
  return fail("dns.nxdomain", "no such name: " + name);
}

} // namespace inboxprobe
