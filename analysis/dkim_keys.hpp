// Where DKIM public keys come from (RFC 6376 §3.6.2: a TXT record at
// "<selector>._domainkey.<domain>"). A data-provider seam: production asks DNS
// through glibc's resolver, tests and offline analysis use a fixed map loaded
// from a key file (the format of libopendkim's DKIM_QUERY_FILE: one
// "name<whitespace>TXT-value" per line).
#pragma once

#include <core/error.hpp>

#include <map>
#include <memory>
#include <string>

namespace inboxprobe {

class DkimKeyLookup
{
public:
  virtual ~DkimKeyLookup() = default;
  // The TXT record text at `name` (e.g. "lab._domainkey.sender.test"), the
  // character-strings of a multi-string record concatenated (RFC 6376
  // §3.6.2.2). Errors: "dns.nxdomain" or "dns.no_record" (no such record: DKIM
  // permerror "no key"), "dns.temperror" (timeout, SERVFAIL: DKIM temperror).
  virtual Result<std::string> txt_record(const std::string& name) const = 0;
};

// A lookup that asks one DNS resolver over UDP, falling back to TCP when the
// reply is truncated (RFC 1035 §4.2), through glibc's libresolv.
// `resolver` is "IPv4[:PORT]" (port 53 by default), e.g. "127.0.0.1:5353"; an
// empty string means the system resolver (/etc/resolv.conf). `timeout_ms`
// bounds one query (rounded up to whole seconds, the resolver's unit); a
// timeout is "dns.temperror". Besides the errors of txt_record(), a name with
// several TXT records is "dns.multiple_records" (RFC 6376 §3.6.2.2: undefined;
// DKIM permerror) and a name that is not a valid DNS name "dns.no_record".
// Throws ConfigError when `resolver` is not an IPv4 address with an optional
// port (glibc's resolver state has no portable slot for an IPv6 server).
std::unique_ptr<DkimKeyLookup> make_dns_key_lookup(const std::string& resolver,
                                                   int timeout_ms = 3000);

class DnsResolver;

// DKIM keys from TXT queries to `resolver` (borrowed: it must outlive the
// lookup), with the errors of make_dns_key_lookup.
std::unique_ptr<DkimKeyLookup> make_resolver_key_lookup(const DnsResolver& resolver);

// A fixed map from DNS name to TXT value, for tests and offline analysis.
// Names are compared case-insensitively and without a trailing dot (RFC 4343).
class MapKeyLookup final : public DkimKeyLookup
{
public:
  // The records of a key file: one "name<whitespace>TXT-value" per line, "#"
  // starts a comment line, blank lines are skipped, a CR before the LF is
  // dropped. Errors: "keys.unreadable" (cannot open `path`), "keys.syntax" (a
  // line with a name but no value; the message names the line).
  static Result<MapKeyLookup> from_file(const std::string& path);

  // Serve `txt` at `name` (replacing an earlier record).
  void add(const std::string& name, const std::string& txt);
  // Answer `name` with the error `code` (e.g. "dns.temperror"), the way mox's
  // mock resolver lists failing names.
  void add_error(const std::string& name, const std::string& code);

  Result<std::string> txt_record(const std::string& name) const override;

private:
  std::map<std::string, std::string> m_records; // lowercase name -> TXT
  std::map<std::string, std::string> m_errors;  // lowercase name -> code
};

} // namespace inboxprobe
