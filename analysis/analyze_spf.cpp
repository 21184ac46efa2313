// The own-SPF pass (see analyze_passes.hpp): which IP, HELO and MAIL FROM the
// seed's provider saw, and our own check_host() for them (RFC 7208 §4) beside
// the provider's verdict. The provider records them in Received-SPF (RFC 7208
// §9.1: client-ip=, helo=, envelope-from=), in its Authentication-Results
// (smtp.mailfrom, smtp.helo, policy.iprev, smtp.remote-ip) and in the
// from clause of its Received field.
#include "analyze_passes.hpp"
#include "received_hops.hpp"
#include "spf_check.hpp"
#include "text.hpp"

#include <algorithm>

namespace inboxprobe::analyze_detail {

namespace {

// "key=value" in a Received-SPF field (RFC 7208 §9.1 key-value-list).
std::string
received_spf_value(std::string_view field, std::string_view key)
{
  const std::string lower = text::to_lower(field);
  for (std::size_t at = lower.find(key); at != std::string::npos; at = lower.find(key, at + 1)) {
    const bool boundary = at == 0 || lower[at - 1] == ' ' || lower[at - 1] == ';'
                          || lower[at - 1] == '\t' || lower[at - 1] == '(';
    if (boundary && at + key.size() < lower.size() && lower[at + key.size()] == '=') {
      std::string_view value = field.substr(at + key.size() + 1);
      value = value.substr(0, value.find_first_of("; \t)"));
      if (value.size() >= 2 && value.front() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return "";
}

std::string
prop(const AuthResultsField& field, std::string_view method, std::string_view name)
{
  for (const AuthResult& result : field.results) {
    if (result.method != method) {
      continue;
    }
    for (const auto& [key, value] : result.props) {
      if (key == name) {
        return value;
      }
    }
  }
  return "";
}

std::string
angle_stripped(std::string_view address)
{
  address = text::trim(address);
  if (address.size() >= 2 && address.front() == '<' && address.back() == '>') {
    address = address.substr(1, address.size() - 2);
  }
  return std::string(address);
}

bool
is_public_ip(const std::string& ip)
{
  return !ip.empty() && !is_loopback_ip(ip) && !ip.starts_with("10.") && !ip.starts_with("192.168.")
         && !(ip.starts_with("172.") && ip.size() > 6 && ip[4] >= '1' && ip[4] <= '3')
         && !text::istarts_with(ip, "fe80:") && !text::istarts_with(ip, "fd");
}

// The client the provider saw: Received-SPF first, then its trusted A-R,
// then the top-most Received hop from a public address (else the top-most
// with any address, e.g. a loopback lab).
SpfQuery
find_client(const std::vector<HeaderField>& fields, const ProbeResult& result)
{
  SpfQuery query;
  if (const auto spf = header_values(fields, "Received-SPF"); !spf.empty()) {
    const std::string field = unfold(spf.front());
    query.ip = received_spf_value(field, "client-ip");
    query.helo = received_spf_value(field, "helo");
    query.mail_from = received_spf_value(field, "envelope-from");
  }
  const auto trusted = std::find_if(result.auth_results.begin(),
                                    result.auth_results.end(),
                                    [](const AuthResultsField& f) { return f.trusted; });
  if (trusted != result.auth_results.end()) {
    for (const auto& [method, name] : {std::pair{"iprev", "policy.iprev"},
                                       std::pair{"spf", "smtp.remote-ip"},
                                       std::pair{"iprev", "smtp.remote-ip"}}) {
      query.ip = query.ip.empty() ? prop(*trusted, method, name) : query.ip;
    }
    query.helo = query.helo.empty() ? prop(*trusted, "spf", "smtp.helo") : query.helo;
  }
  const auto public_hop = std::find_if(
    result.hops.begin(), result.hops.end(), [](const Hop& h) { return is_public_ip(h.from_ip); });
  const auto any_hop = std::find_if(
    result.hops.begin(), result.hops.end(), [](const Hop& h) { return !h.from_ip.empty(); });
  const auto hop = public_hop != result.hops.end() ? public_hop : any_hop;
  if (query.ip.empty() && hop != result.hops.end()) {
    query.ip = hop->from_ip;
    query.helo = query.helo.empty() ? hop->from : query.helo;
  }
  if (const auto path = header_values(fields, "Return-Path"); !path.empty()) {
    query.mail_from = angle_stripped(unfold(path.front()));
  }
  return query;
}

void
report(const SpfCheck& check, ProbeResult& result)
{
  const std::string evidence = "ip=" + check.ip + " mailfrom=" + check.mail_from
                               + " helo=" + check.helo
                               + (check.detail.empty() ? "" : " (" + check.detail + ")");
  const std::string domain = check.domain;
  switch (check.verdict) {
  case AuthVerdict::fail:
    add_finding(result, "spf.fail", domain + " does not allow the connecting IP", evidence);
    break;
  case AuthVerdict::softfail:
    add_finding(result, "spf.softfail", domain + " only softly allows the IP (~all)", evidence);
    break;
  case AuthVerdict::none:
    add_finding(result, "spf.none", domain + " publishes no SPF record", evidence);
    break;
  case AuthVerdict::permerror:
    add_finding(result, "spf.permerror", domain + "'s SPF record cannot be evaluated", evidence);
    break;
  case AuthVerdict::temperror:
    add_finding(result, "spf.temperror", "an SPF lookup for " + domain + " failed", evidence);
    break;
  default:
    break;
  }
  if (result.spf != AuthVerdict::none && check.verdict != AuthVerdict::temperror
      && result.spf != check.verdict) {
    add_finding(result,
                "spf.provider_disagrees",
                "the provider says spf=" + std::string(to_string(result.spf)) + ", we say "
                  + std::string(to_string(check.verdict)),
                evidence);
  }
}

} // namespace

void
check_spf_pass(const std::vector<HeaderField>& fields, const DnsResolver& dns, ProbeResult& result)
{
  const SpfQuery query = find_client(fields, result);
  if (query.ip.empty() || is_loopback_ip(query.ip)) {
    // No IP recorded anywhere, or a loopback client (a lab on one machine),
    // which libspf2 cannot evaluate (spf_check.hpp): the provider's verdict
    // stands alone.
    return;
  }
  result.own_spf = check_spf(query, dns);
  // A HELO-identity result is never reported as the MAIL FROM verdict
  // (RFC 7208 §2.3): it is kept in own_spf with identity "helo" only.
  if (result.own_spf->identity == "mailfrom") {
    report(*result.own_spf, result);
  }
}

} // namespace inboxprobe::analyze_detail
