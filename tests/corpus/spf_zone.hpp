// The SPF suites' DNS for the corpus runners: a zone that answers the way the
// reference driver (pyspf test/testspf.py) does, so that results mean the
// same: names case-insensitive, ordered records where a bare TIMEOUT times
// out queries whose type was not listed before it, "TYPE: TIMEOUT" times out
// that type, one level of CNAME, SPF (type 99) strings served as TXT when the
// name has no TXT, names under "error." time out, others are NXDOMAIN.
#pragma once

#include <analysis/dns_resolver.hpp>

#include <arpa/inet.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace inboxprobe::test {

class SpfZone final : public DnsResolver
{
public:
  struct Record
  {
    std::string type; // "A", "TXT", ..., or "TIMEOUT" for a bare TIMEOUT item
    std::string value;
    bool timeout = false; // "TYPE: TIMEOUT"
  };

  void
  add(const std::string& name, Record record)
  {
    m_zone[lower(trimmed(name))].push_back(std::move(record));
  }

  // Replace every record of `type` at `name` with `record`.
  void
  replace(const std::string& name, Record record)
  {
    std::vector<Record>& records = m_zone[lower(trimmed(name))];
    std::erase_if(records, [&record](const Record& r) { return r.type == record.type; });
    records.push_back(std::move(record));
  }

  // Names starting with `prefix` that are not in the zone time out (the
  // openspf driver uses "error.", Stalwart's mock "_dns_error").
  void
  set_error_prefix(std::string prefix)
  {
    m_error_prefix = std::move(prefix);
  }

  Result<std::vector<std::string>>
  query(const std::string& name, DnsType type) const override
  {
    return lookup(trimmed(name), type_name(type), 0);
  }

  // "3.2.0.192.in-addr.arpa" / nibble form for an IPv6 address; "" if not an IP.
  static std::string
  reverse_name(const std::string& ip)
  {
    unsigned char bytes[16];
    if (inet_pton(AF_INET, ip.c_str(), bytes) == 1) {
      return std::to_string(bytes[3]) + "." + std::to_string(bytes[2]) + "."
             + std::to_string(bytes[1]) + "." + std::to_string(bytes[0]) + ".in-addr.arpa";
    }
    if (inet_pton(AF_INET6, ip.c_str(), bytes) != 1) {
      return "";
    }
    std::string name;
    for (int i = 15; i >= 0; --i) {
      char nibbles[8];
      std::snprintf(nibbles, sizeof nibbles, "%x.%x.", bytes[i] & 15, bytes[i] >> 4);
      name += nibbles;
    }
    return name + "ip6.arpa";
  }

private:
  static std::string
  lower(std::string s)
  {
    for (char& c : s) {
      c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return s;
  }

  // pydns label processing: empty labels dropped, trailing dot removed.
  static std::string
  trimmed(const std::string& name)
  {
    std::string out;
    std::size_t start = 0;
    while (start <= name.size()) {
      const std::size_t dot = std::min(name.find('.', start), name.size());
      if (dot > start) {
        out += (out.empty() ? "" : ".") + name.substr(start, dot - start);
      }
      start = dot + 1;
    }
    return out;
  }

  static const char*
  type_name(DnsType type)
  {
    switch (type) {
    case DnsType::a:
      return "A";
    case DnsType::aaaa:
      return "AAAA";
    case DnsType::mx:
      return "MX";
    case DnsType::txt:
      return "TXT";
    case DnsType::ptr:
      break;
    }
    return "PTR";
  }

  Result<std::vector<std::string>>
  lookup(const std::string& name, const std::string& type, int level) const
  {
    const auto found = m_zone.find(lower(name));
    if (found == m_zone.end()) {
      if (lower(name).rfind(m_error_prefix, 0) == 0) {
        return fail("dns.temperror", "timeout");
      }
      return fail("dns.nxdomain", "no such name");
    }
    std::vector<std::string> out;
    bool seen = false;
    for (const Record& record : found->second) {
      if (record.type == "TIMEOUT") {
        if (!seen) {
          return fail("dns.temperror", "timeout");
        }
        break;
      }
      seen = seen || record.type == type;
      if (record.timeout) {
        if (record.type == type) {
          return fail("dns.temperror", "timeout");
        }
        continue;
      }
      if (record.type == type) {
        out.push_back(record.value);
      } else if (record.type == "CNAME" && level == 0) {
        auto target = lookup(trimmed(record.value), type, 1);
        if (target) {
          out.insert(out.end(), target->begin(), target->end());
        }
      }
    }
    if (out.empty()) {
      return fail("dns.no_record", "no data");
    }
    return out;
  }

  std::map<std::string, std::vector<Record>> m_zone;
  std::string m_error_prefix = "error.";
};

} // namespace inboxprobe::test
