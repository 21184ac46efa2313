// Received fields to Hop records (see received_hops.hpp): connecting IP, TLS
// facts from the with-protocol and the comments, per-hop delays.
#include "received_hops.hpp"

#include "text.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace inboxprobe {

namespace {

// The part of a Received field before its " by " clause (outside comments),
// where the from clause and its comments are.
std::string_view
from_part(std::string_view raw)
{
  int depth = 0;
  for (std::size_t i = 0; i + 3 < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (depth == 0 && text::is_wsp(c) && text::iequals(raw.substr(i + 1, 2), "by")
               && text::is_wsp(raw[i + 3])) {
      return raw.substr(0, i);
    }
  }
  return raw;
}

// `candidate` as an IP address in canonical text, or "".
std::string
normalised_ip(std::string_view candidate)
{
  if (text::istarts_with(candidate, "IPv6:")) {
    candidate.remove_prefix(5);
  }
  candidate = candidate.substr(0, candidate.find('%')); // zone index
  const std::string ip(candidate);
  unsigned char buffer[16];
  char out[INET6_ADDRSTRLEN];
  for (const int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, ip.c_str(), buffer) == 1
        && inet_ntop(family, buffer, out, sizeof out) != nullptr) {
      return out;
    }
  }
  return "";
}

bool
is_ip_char(char c)
{
  return text::is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.'
         || c == ':' || c == '%';
}

// "ESMTPS", "ESMTPSA", "UTF8SMTPS", "SMTPS", "LMTPS"... (RFC 3848, RFC 8314).
bool
is_tls_protocol(std::string_view with)
{
  const std::string lower = text::to_lower(with);
  return lower.size() > 4
         && (lower.ends_with("smtps") || lower.ends_with("smtpsa") || lower.ends_with("lmtps")
             || lower.ends_with("lmtpsa"));
}

// The value after `key` up to a space, ",", ")" or ";".
std::string
value_after(std::string_view raw, std::string_view key)
{
  const std::string lower = text::to_lower(raw);
  const std::size_t at = lower.find(key);
  if (at == std::string::npos) {
    return "";
  }
  const std::size_t start = at + key.size();
  const std::size_t end = std::min(raw.find_first_of(" \t,);", start), raw.size());
  return std::string(raw.substr(start, end - start));
}

void
read_tls(std::string_view raw, Hop& hop)
{
  hop.tls = is_tls_protocol(hop.with);
  std::string version = value_after(raw, "version=");
  std::string cipher = value_after(raw, "cipher=");
  if (version.empty()) {
    version = value_after(raw, "(using "); // Postfix
    if (!version.empty()) {
      cipher = value_after(raw, " with cipher ");
    }
  }
  if (version.empty()) {
    // Exim: "(TLS1.2:ECDHE_RSA_AES_256_GCM_SHA384:256)".
    for (const char* prefix : {"(TLSv1", "(TLS1"}) {
      const std::size_t at = raw.find(prefix);
      if (at != std::string_view::npos) {
        const std::string_view inside = raw.substr(at + 1, raw.find(')', at) - at - 1);
        const std::size_t colon = inside.find(':');
        version = std::string(inside.substr(0, colon));
        if (colon != std::string_view::npos) {
          cipher = std::string(inside.substr(colon + 1, inside.find(':', colon + 1) - colon - 1));
        }
        break;
      }
    }
  }
  if (!text::istarts_with(version, "TLS") && !text::istarts_with(version, "SSL")) {
    version.clear(); // "version=" of something else
  }
  hop.tls_version = version;
  hop.tls_cipher = cipher;
  // Microsoft's internal hops say just "(TLS)".
  hop.tls = hop.tls || !version.empty() || !cipher.empty() || raw.find("(TLS)") != raw.npos;
}

} // namespace

std::string
received_from_ip(std::string_view raw)
{
  const std::string_view from = from_part(raw);
  // An address literal in brackets is what the server saw (Postfix, Exim,
  // Gmail, Stalwart).
  for (std::size_t open = from.find('['); open != std::string_view::npos;
       open = from.find('[', open + 1)) {
    const std::size_t close = from.find(']', open);
    if (close == std::string_view::npos) {
      break;
    }
    if (std::string ip = normalised_ip(from.substr(open + 1, close - open - 1)); !ip.empty()) {
      return ip;
    }
  }
  // Microsoft writes the bare address in parentheses.
  for (std::size_t open = from.find('('); open != std::string_view::npos;
       open = from.find('(', open + 1)) {
    std::size_t end = open + 1;
    while (end < from.size() && is_ip_char(from[end])) {
      ++end;
    }
    if (end < from.size() && from[end] == ')') {
      if (std::string ip = normalised_ip(from.substr(open + 1, end - open - 1)); !ip.empty()) {
        return ip;
      }
    }
  }
  return "";
}

bool
is_loopback_ip(std::string_view ip)
{
  return ip.starts_with("127.") || ip == "::1";
}

std::vector<Hop>
build_hops(const std::vector<ReceivedHop>& chain)
{
  std::vector<Hop> hops;
  for (const ReceivedHop& received : chain) {
    Hop hop;
    hop.from = received.from;
    hop.by = received.by;
    hop.with = received.with;
    hop.id = received.id;
    hop.for_ = received.for_;
    hop.date_at = received.date_at;
    hop.from_ip = received_from_ip(received.raw);
    read_tls(received.raw, hop);
    hops.push_back(std::move(hop));
  }
  for (std::size_t i = 0; i < hops.size(); ++i) {
    const auto older = std::find_if(hops.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                    hops.end(),
                                    [](const Hop& h) { return h.date_at.has_value(); });
    if (hops[i].date_at && older != hops.end()) {
      hops[i].delay_s = *hops[i].date_at - *older->date_at;
    }
  }
  return hops;
}

} // namespace inboxprobe
