// DNS queries through glibc's libresolv (see dns_resolver.hpp): res_ninit /
// res_nquery send the query over UDP and retry over TCP when the reply is
// truncated, ns_initparse / ns_parserr read the answer. Each query gets its
// own resolver state, so lookups are thread-safe and never touch the
// process-wide `_res`.
#include "dns_resolver.hpp"

#include "text.hpp"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>
#include <vector>

namespace inboxprobe {

namespace {

// Large enough for any reply over TCP (RFC 1035 §4.2.2: 16-bit length).
constexpr std::size_t k_max_reply_bytes = 65535;

// Owns a resolver state; res_nclose frees what res_ninit allocated.
class ResolverState
{
public:
  ResolverState()
  {
    std::memset(&m_state, 0, sizeof m_state);
    m_ok = res_ninit(&m_state) == 0;
  }
  ~ResolverState()
  {
    res_nclose(&m_state);
  }
  ResolverState(const ResolverState&) = delete;
  ResolverState& operator=(const ResolverState&) = delete;

  bool
  ok() const
  {
    return m_ok;
  }
  res_state
  get()
  {
    return &m_state;
  }

private:
  struct __res_state m_state;
  bool m_ok = false;
};

// RFC 1035 §2.3.4: at most 253 characters, labels of 1 to 63. Names come
// from signatures (s=, d=), i.e. from the sender: check before asking.
bool
is_valid_name(std::string_view name)
{
  if (name.empty() || name.size() > 253) {
    return false;
  }
  std::size_t label = 0;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '.') {
      if (label == 0) {
        return false;
      }
      label = 0;
    } else if (u <= 0x20 || u >= 0x7f || ++label > 63) {
      return false;
    }
  }
  return true;
}

// The character-strings of one TXT RDATA concatenated (RFC 1035 §3.3.14).
std::optional<std::string>
txt_text(const unsigned char* rdata, std::size_t length)
{
  std::string text;
  std::size_t pos = 0;
  while (pos < length) {
    const std::size_t size = rdata[pos];
    if (pos + 1 + size > length) {
      return std::nullopt;
    }
    text.append(reinterpret_cast<const char*>(rdata) + pos + 1, size);
    pos += 1 + size;
  }
  return text;
}

ns_type
wire_type(DnsType type)
{
  switch (type) {
  case DnsType::a:
    return ns_t_a;
  case DnsType::aaaa:
    return ns_t_aaaa;
  case DnsType::mx:
    return ns_t_mx;
  case DnsType::txt:
    return ns_t_txt;
  case DnsType::ptr:
    break;
  }
  return ns_t_ptr;
}

// One record's RDATA as text (see DnsResolver::query); nullopt when malformed.
std::optional<std::string>
rdata_text(const ns_msg& message, const ns_rr& rr)
{
  const unsigned char* rdata = ns_rr_rdata(rr);
  const std::size_t length = ns_rr_rdlen(rr);
  char text[NS_MAXDNAME];
  switch (ns_rr_type(rr)) {
  case ns_t_a:
  case ns_t_aaaa: {
    const int family = ns_rr_type(rr) == ns_t_a ? AF_INET : AF_INET6;
    if (length != (family == AF_INET ? 4U : 16U)
        || inet_ntop(family, rdata, text, sizeof text) == nullptr) {
      return std::nullopt;
    }
    return std::string(text);
  }
  case ns_t_txt:
    return txt_text(rdata, length);
  case ns_t_mx:
  case ns_t_ptr: {
    const unsigned char* name = ns_rr_type(rr) == ns_t_mx ? rdata + 2 : rdata;
    if ((ns_rr_type(rr) == ns_t_mx && length < 3)
        || ns_name_uncompress(ns_msg_base(message), ns_msg_end(message), name, text, sizeof text)
             < 0) {
      return std::nullopt;
    }
    return std::string(text);
  }
  default:
    return std::nullopt;
  }
}

Result<std::vector<std::string>>
read_answer(const unsigned char* reply, int length, const std::string& name, ns_type type)
{
  ns_msg message;
  if (ns_initparse(reply, length, &message) < 0) {
    return fail("dns.temperror", "unreadable DNS reply for " + name);
  }
  std::vector<std::pair<int, std::string>> records; // MX preference, text
  for (int i = 0; i < ns_msg_count(message, ns_s_an); ++i) {
    ns_rr rr;
    if (ns_parserr(&message, ns_s_an, i, &rr) < 0) {
      return fail("dns.temperror", "unreadable DNS reply for " + name);
    }
    if (ns_rr_type(rr) != type) {
      continue; // the CNAME records of a chain
    }
    const auto text = rdata_text(message, rr);
    if (!text) {
      return fail("dns.temperror", "malformed record at " + name);
    }
    records.emplace_back(type == ns_t_mx ? ns_get16(ns_rr_rdata(rr)) : 0, *text);
  }
  if (records.empty()) {
    return fail("dns.no_record", "no record of the asked type at " + name);
  }
  std::stable_sort(
    records.begin(), records.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& record : records) {
    out.push_back(std::move(record.second));
  }
  return out;
}

class LibresolvResolver final : public DnsResolver
{
public:
  LibresolvResolver(std::optional<sockaddr_in> server, int timeout_ms)
    : m_server(server),
      m_timeout_s(std::max(1, (timeout_ms + 999) / 1000))
  {
  }

  Result<std::vector<std::string>> query(const std::string& name, DnsType type) const override;

private:
  std::optional<sockaddr_in> m_server; // nullopt: /etc/resolv.conf
  int m_timeout_s;                     // the resolver counts in seconds
};

Result<std::vector<std::string>>
LibresolvResolver::query(const std::string& name, DnsType type) const
{
  if (!is_valid_name(name)) {
    return fail("dns.no_record", "not a valid DNS name: " + name);
  }
  ResolverState state;
  if (!state.ok()) {
    return fail("dns.temperror", "the resolver could not be initialised");
  }
  if (m_server) {
    state.get()->nsaddr_list[0] = *m_server;
    state.get()->nscount = 1;
  }
  state.get()->retrans = m_timeout_s;
  state.get()->retry = 1;
  std::vector<unsigned char> reply(k_max_reply_bytes);
  const int length =
    res_nquery(state.get(), name.c_str(), ns_c_in, wire_type(type), reply.data(), reply.size());
  if (length < 0) {
    switch (state.get()->res_h_errno) {
    case HOST_NOT_FOUND:
      return fail("dns.nxdomain", "no such name: " + name);
    case NO_DATA:
      return fail("dns.no_record", "no record of the asked type at " + name);
    default: // TRY_AGAIN (timeout, SERVFAIL), NO_RECOVERY (REFUSED, ...)
      return fail("dns.temperror", "DNS query for " + name + " failed");
    }
  }
  return read_answer(
    reply.data(), std::min(length, static_cast<int>(reply.size())), name, wire_type(type));
}

// "IPv4[:port]" -> the resolver's address (port 53 by default).
sockaddr_in
parse_resolver(const std::string& resolver)
{
  const std::size_t colon = resolver.find(':');
  const std::string host = resolver.substr(0, colon);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  int port = 53;
  if (colon != std::string::npos) {
    const std::string_view digits = std::string_view(resolver).substr(colon + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size() || port < 1 || port > 65535) {
      throw ConfigError("DNS resolver '" + resolver + "': bad port");
    }
  }
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    throw ConfigError("DNS resolver '" + resolver
                      + "': not an IPv4 address (IPv4[:port], or empty for "
                        "the system resolver)");
  }
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  return address;
}

} // namespace

std::unique_ptr<DnsResolver>
make_dns_resolver(const std::string& resolver, int timeout_ms)
{
  std::optional<sockaddr_in> server;
  if (!resolver.empty()) {
    server = parse_resolver(resolver);
  }
  return std::make_unique<LibresolvResolver>(server, timeout_ms);
}

} // namespace inboxprobe
