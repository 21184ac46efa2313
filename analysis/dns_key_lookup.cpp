// DKIM key lookups over DNS (see dkim_keys.hpp): a TXT query through a
// DnsResolver, with DKIM's rule for several records.
#include "dkim_keys.hpp"
#include "dns_resolver.hpp"

namespace inboxprobe {

namespace {

class ResolverKeyLookup final : public DkimKeyLookup
{
public:
  ResolverKeyLookup(const DnsResolver& resolver, std::unique_ptr<DnsResolver> owned)
    : m_resolver(resolver),
      m_owned(std::move(owned))
  {
  }

  Result<std::string>
  txt_record(const std::string& name) const override
  {
    std::vector<std::string> records = TRY(m_resolver.query(name, DnsType::txt));
    if (records.size() > 1) {
      // RFC 6376 §3.6.2.2: results are undefined; libopendkim's own DNS path
      // refuses them too (DKIM_SIGERROR_MULTIREPLY).
      return fail("dns.multiple_records", "more than one TXT record at " + name);
    }
    return std::move(records.front());
  }

private:
  const DnsResolver& m_resolver;
  std::unique_ptr<DnsResolver> m_owned; // null when the resolver is borrowed
};

} // namespace

std::unique_ptr<DkimKeyLookup>
make_dns_key_lookup(const std::string& resolver, int timeout_ms)
{
  std::unique_ptr<DnsResolver> owned = make_dns_resolver(resolver, timeout_ms);
  const DnsResolver& ref = *owned;
  return std::make_unique<ResolverKeyLookup>(ref, std::move(owned));
}

std::unique_ptr<DkimKeyLookup>
make_resolver_key_lookup(const DnsResolver& resolver)
{
  return std::make_unique<ResolverKeyLookup>(resolver, nullptr);
}

} // namespace inboxprobe
