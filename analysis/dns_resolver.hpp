// DNS queries for SPF (RFC 7208 §4.6.4, §5), DMARC (RFC 7489 §6.6.3) and
// DKIM/ARC keys (RFC 6376 §3.6.2): a data-provider seam like mox's mock
// resolver. Production asks one DNS server (or the system's) through glibc's
// libresolv; tests and offline analysis use a map.
#pragma once

#include <core/error.hpp>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace inboxprobe {

enum class DnsType { a, aaaa, mx, txt, ptr };

class DnsResolver
{
public:
  virtual ~DnsResolver() = default;
  // The records of `type` at `name`: A/AAAA as address text ("192.0.2.1",
  // "2001:db8::1"), MX as the exchange host names by preference, TXT as the
  // character-strings of each record concatenated (RFC 7208 §3.3), PTR as
  // host names. Errors: "dns.nxdomain" (no such name), "dns.no_record" (the
  // name exists, no record of this type), "dns.temperror" (timeout,
  // SERVFAIL).
  virtual Result<std::vector<std::string>> query(const std::string& name, DnsType type) const = 0;
};

// Asks one server over UDP, then TCP when truncated (RFC 1035 §4.2).
// `resolver` is "IPv4[:PORT]" or "" for the system resolver; `timeout_ms`
// bounds one query (rounded up to whole seconds). Throws ConfigError for a
// `resolver` that is not IPv4[:port].
std::unique_ptr<DnsResolver> make_dns_resolver(const std::string& resolver, int timeout_ms = 3000);

// A fixed zone for tests and offline analysis. Names compare
// case-insensitively and without a trailing dot (RFC 4343).
class MapDnsResolver final : public DnsResolver
{
public:
  // Add one record of `type` at `name` (MX: the exchange host).
  void add(const std::string& name, DnsType type, const std::string& value);
  // Make every query of `type` at `name` fail with `code` (e.g. "dns.temperror").
  void add_error(const std::string& name, DnsType type, const std::string& code);
  // Make every query at `name` fail with `code`.
  void add_error(const std::string& name, const std::string& code);

  Result<std::vector<std::string>> query(const std::string& name, DnsType type) const override;

private:
  std::map<std::pair<std::string, DnsType>, std::vector<std::string>> m_records;
  std::map<std::pair<std::string, DnsType>, std::string> m_type_errors;
  std::map<std::string, std::string> m_name_errors;
};

} // namespace inboxprobe
