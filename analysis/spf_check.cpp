// SPF through libspf2 (see spf_check.hpp). libspf2 asks its DNS layers for
// records; ours answers from a DnsResolver (libspf2's zone layer,
// spf_dns_zone.c, is the model). No exception may cross the C callback.
#include "spf_check.hpp"

#include "text.hpp"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>

// libspf2's headers need the resolver types first and declare no C linkage.
extern "C" {
#include <spf2/spf.h>
#include <spf2/spf_dns.h>
}

#include <cstring>
#include <memory>

namespace inboxprobe {

namespace {

struct ServerFreer
{
  void
  operator()(SPF_server_t* server) const noexcept
  {
    SPF_server_free(server);
  }
};
struct RequestFreer
{
  void
  operator()(SPF_request_t* request) const noexcept
  {
    SPF_request_free(request);
  }
};
struct ResponseFreer
{
  void
  operator()(SPF_response_t* response) const noexcept
  {
    SPF_response_free(response);
  }
};

std::optional<DnsType>
our_type(ns_type type)
{
  switch (type) {
  case ns_t_a:
    return DnsType::a;
  case ns_t_aaaa:
    return DnsType::aaaa;
  case ns_t_mx:
    return DnsType::mx;
  case ns_t_txt:
    return DnsType::txt;
  case ns_t_ptr:
    return DnsType::ptr;
  default:
    return std::nullopt; // type 99 (SPF): RFC 7208 §3.1 retired it
  }
}

SPF_dns_stat_t
herrno_of(const Error& error)
{
  if (error.code == "dns.nxdomain") {
    return HOST_NOT_FOUND;
  }
  return error.code == "dns.no_record" ? NO_DATA : TRY_AGAIN;
}

// One record into slot `i` of `rr`; false when it cannot be stored.
bool
store(SPF_dns_rr_t* rr, int i, ns_type type, const std::string& value)
{
  const int family = type == ns_t_a ? AF_INET : AF_INET6;
  if (type == ns_t_a || type == ns_t_aaaa) {
    const std::size_t size = type == ns_t_a ? sizeof(in_addr) : sizeof(in6_addr);
    return SPF_dns_rr_buf_realloc(rr, i, size) == SPF_E_SUCCESS
           && inet_pton(family, value.c_str(), &rr->rr[i]->a) == 1;
  }
  if (SPF_dns_rr_buf_realloc(rr, i, value.size() + 1) != SPF_E_SUCCESS) {
    return false;
  }
  std::memcpy(rr->rr[i]->txt, value.c_str(), value.size() + 1);
  return true;
}

SPF_dns_rr_t*
answer(SPF_dns_server_t* server, const char* domain, ns_type type)
{
  const auto* dns = static_cast<const DnsResolver*>(server->hook);
  const std::optional<DnsType> asked = our_type(type);
  if (!asked) {
    return SPF_dns_rr_new_init(server, domain, type, 0, NO_DATA);
  }
  const auto records = dns->query(domain, *asked);
  if (!records) {
    return SPF_dns_rr_new_init(server, domain, type, 0, herrno_of(records.error()));
  }
  SPF_dns_rr_t* rr = SPF_dns_rr_new_init(server, domain, type, 0, NETDB_SUCCESS);
  for (std::size_t i = 0; rr != nullptr && i < records->size(); ++i) {
    if (!store(rr, static_cast<int>(i), type, (*records)[i])) {
      SPF_dns_rr_free(rr);
      return SPF_dns_rr_new_init(server, domain, type, 0, TRY_AGAIN);
    }
    rr->num_rr = static_cast<int>(i) + 1;
  }
  return rr;
}

// libspf2's lookup hook.
SPF_dns_rr_t*
lookup(SPF_dns_server_t* server, const char* domain, ns_type type, int /*should_cache*/) noexcept
{
  try {
    return answer(server, domain, type);
  } catch (...) {
    return SPF_dns_rr_new_init(server, domain, type, 0, TRY_AGAIN);
  }
}

AuthVerdict
verdict_of(SPF_result_t result)
{
  switch (result) {
  case SPF_RESULT_PASS:
    return AuthVerdict::pass;
  case SPF_RESULT_FAIL:
    return AuthVerdict::fail;
  case SPF_RESULT_SOFTFAIL:
    return AuthVerdict::softfail;
  case SPF_RESULT_NEUTRAL:
    return AuthVerdict::neutral;
  case SPF_RESULT_NONE:
    return AuthVerdict::none;
  case SPF_RESULT_TEMPERROR:
    return AuthVerdict::temperror;
  default:
    return AuthVerdict::permerror;
  }
}

std::string
text_of(const char* text)
{
  return text ? std::string(text) : std::string();
}

// libspf2 1.2.10 reports a DNS timeout on the record lookup as permerror
// with SPF_E_DNS_ERROR; RFC 7208 §4.4 makes it temperror.
bool
had_dns_error(SPF_response_t* response)
{
  for (int i = 0; i < SPF_response_messages(response); ++i) {
    SPF_error_t* message = SPF_response_message(response, i);
    if (message != nullptr && SPF_error_code(message) == SPF_E_DNS_ERROR) {
      return true;
    }
  }
  return false;
}

// RFC 7208 §5 (via RFC 4291 §2.5.5.2): an IPv4-mapped IPv6 client is
// evaluated as the IPv4 address; libspf2 would treat it as IPv6.
std::string
unmapped(const std::string& ip)
{
  in6_addr address{};
  if (inet_pton(AF_INET6, ip.c_str(), &address) != 1 || !IN6_IS_ADDR_V4MAPPED(&address)) {
    return ip;
  }
  char text[INET_ADDRSTRLEN];
  return inet_ntop(AF_INET, &address.s6_addr[12], text, sizeof text) ? text : ip;
}

void
describe(SPF_response_t* response, SpfCheck& check)
{
  if (check.verdict == AuthVerdict::permerror && had_dns_error(response)) {
    check.verdict = AuthVerdict::temperror;
  }
  if (check.verdict == AuthVerdict::fail) {
    check.detail = text_of(SPF_response_get_explanation(response));
  } else if (check.verdict == AuthVerdict::permerror || check.verdict == AuthVerdict::temperror) {
    for (int i = 0; i < SPF_response_messages(response); ++i) {
      SPF_error_t* message = SPF_response_message(response, i);
      if (message != nullptr && SPF_error_errorp(message)) {
        check.detail = text_of(SPF_error_message(message));
        break;
      }
    }
  }
}

// RFC 7208 §4.3: a malformed domain (a label of 0 or more than 63 octets,
// more than 253 in all) or a single-label one gives "none" before any lookup.
// libspf2 would look it up.
bool
is_checkable_domain(std::string_view domain)
{
  if (!domain.empty() && domain.back() == '.') {
    domain.remove_suffix(1);
  }
  if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string_view::npos) {
    return false;
  }
  std::size_t label = 0;
  for (const char c : domain) {
    if (c != '.') {
      ++label;
    } else if (label == 0) {
      return false; // an empty label
    } else {
      label = 0;
    }
    if (label > 63) {
      return false;
    }
  }
  return true;
}

// A libspf2 server whose DNS layer answers from `layer` (set up by the
// caller), without libspf2's default explanation (it points to a dead site:
// only a domain's own exp= text is reported).
std::unique_ptr<SPF_server_t, ServerFreer>
make_server(SPF_dns_server_t& layer)
{
  std::unique_ptr<SPF_server_t, ServerFreer> server(SPF_server_new_dns(&layer, 0));
  if (server) {
    SPF_response_t* ignored = nullptr;
    SPF_server_set_explanation(server.get(), "", &ignored);
    if (ignored != nullptr) {
      SPF_response_free(ignored);
    }
  }
  return server;
}

// check_host() through libspf2 for a request already described in `check`.
void
evaluate(const SpfQuery& query, const DnsResolver& dns, SpfCheck& check)
{
  SPF_dns_server_t layer{};
  layer.lookup = lookup;
  layer.name = "inboxprobe";
  // The hook is the resolver; libspf2 treats it as opaque.
  layer.hook = const_cast<DnsResolver*>(&dns);
  const auto server = make_server(layer);
  const std::unique_ptr<SPF_request_t, RequestFreer> request(server ? SPF_request_new(server.get())
                                                                    : nullptr);
  if (!request) {
    check.detail = "libspf2 could not be initialised";
    return;
  }
  const std::string ip = unmapped(query.ip);
  const bool v6 = ip.find(':') != std::string::npos;
  if ((v6 ? SPF_request_set_ipv6_str(request.get(), ip.c_str())
          : SPF_request_set_ipv4_str(request.get(), ip.c_str()))
      != SPF_E_SUCCESS) {
    check.detail = "not an IP address: " + query.ip;
    return;
  }
  if (!query.helo.empty()) {
    SPF_request_set_helo_dom(request.get(), query.helo.c_str());
  }
  if (!query.mail_from.empty()) {
    SPF_request_set_env_from(request.get(), query.mail_from.c_str());
  }
  SPF_response_t* raw = nullptr;
  SPF_request_query_mailfrom(request.get(), &raw);
  const std::unique_ptr<SPF_response_t, ResponseFreer> response(raw);
  if (response && SPF_response_reason(response.get()) == SPF_REASON_LOCALHOST) {
    // libspf2 passes every loopback client without reading the record; RFC
    // 7208 has no such rule, so there is no SPF result to report.
    check.verdict = AuthVerdict::none;
    check.detail = "loopback client: not evaluated (libspf2 passes it without the record)";
  } else if (response) {
    check.verdict = verdict_of(SPF_response_result(response.get()));
    describe(response.get(), check);
  }
}

} // namespace

SpfCheck
check_spf(const SpfQuery& query, const DnsResolver& dns)
{
  SpfCheck check;
  check.ip = query.ip;
  check.helo = query.helo;
  check.mail_from = query.mail_from;
  const std::size_t at = query.mail_from.rfind('@');
  check.identity = query.mail_from.empty() ? "helo" : "mailfrom";
  check.domain = query.mail_from.empty() ? query.helo : query.mail_from.substr(at + 1);
  if (!is_checkable_domain(check.domain)) {
    check.verdict = AuthVerdict::none;
    check.detail = "not a checkable domain (RFC 7208 §4.3): " + check.domain;
    return check;
  }
  check.verdict = AuthVerdict::permerror;
  evaluate(query, dns, check);
  return check;
}

} // namespace inboxprobe
