// CURLOPT_CERTINFO entries -> CertificateInfo, and RFC 6125 host matching.
#include "certificate_info.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace inboxprobe {

namespace {

std::string
lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return text;
}

std::string
trim(std::string text)
{
  const auto not_space = [](char c) { return !std::isspace(static_cast<unsigned char>(c)); };
  text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
  text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
  return text;
}

// "IP Address:127.0.0.1, DNS:localhost" into the two lists.
void
parse_alt_names(const std::string& value, CertificateInfo& out)
{
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find(',', start);
    if (end == std::string::npos) {
      end = value.size();
    }
    const std::string item = trim(value.substr(start, end - start));
    if (item.rfind("DNS:", 0) == 0) {
      out.dns_names.push_back(item.substr(4));
    } else if (item.rfind("IP Address:", 0) == 0) {
      out.ip_addresses.push_back(item.substr(11));
    }
    start = end + 1;
  }
}

bool
wildcard_match(const std::string& pattern, const std::string& host)
{
  if (pattern.rfind("*.", 0) != 0) {
    return pattern == host;
  }
  const std::size_t dot = host.find('.');
  // The wildcard stands for exactly one whole label, and not for a public
  // suffix alone: "*.com" is never honoured (two labels must remain).
  const std::string suffix = pattern.substr(1);
  return dot != std::string::npos && dot > 0 && host.substr(dot) == suffix
         && suffix.find('.', 1) != std::string::npos;
}

} // namespace

std::optional<std::int64_t>
parse_certinfo_time(const std::string& text)
{
  static constexpr const char* k_months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char month[4] = {0};
  std::tm tm{};
  char zone[8] = {0};
  if (std::sscanf(text.c_str(),
                  "%3s %d %d:%d:%d %d %7s",
                  month,
                  &tm.tm_mday,
                  &tm.tm_hour,
                  &tm.tm_min,
                  &tm.tm_sec,
                  &tm.tm_year,
                  zone)
        != 7
      || std::string(zone) != "GMT") {
    return std::nullopt;
  }
  const auto m = std::find_if(std::begin(k_months), std::end(k_months), [&](const char* name) {
    return std::string(name) == month;
  });
  if (m == std::end(k_months)) {
    return std::nullopt;
  }
  tm.tm_mon = static_cast<int>(m - std::begin(k_months));
  tm.tm_year -= 1900;
  return static_cast<std::int64_t>(timegm(&tm));
}

CertificateInfo
parse_certinfo(const std::vector<std::string>& entries)
{
  CertificateInfo out;
  for (const std::string& entry : entries) {
    const std::size_t colon = entry.find(':');
    if (colon == std::string::npos) {
      continue;
    }
    const std::string name = entry.substr(0, colon);
    const std::string value = entry.substr(colon + 1);
    if (name == "Subject") {
      out.subject = value;
    } else if (name == "Issuer") {
      out.issuer = value;
    } else if (name == "Start date") {
      out.not_before_at = parse_certinfo_time(value).value_or(0);
    } else if (name == "Expire date") {
      out.not_after_at = parse_certinfo_time(value).value_or(0);
    } else if (name == "X509v3 Subject Alternative Name") {
      parse_alt_names(value, out);
    }
  }
  return out;
}

bool
certificate_matches_host(const CertificateInfo& certificate, const std::string& host)
{
  std::string name = lower(host);
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2); // an IPv6 literal from a URL
  }
  const bool is_ip =
    name.find(':') != std::string::npos || std::all_of(name.begin(), name.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
    });
  if (is_ip) {
    return std::any_of(certificate.ip_addresses.begin(),
                       certificate.ip_addresses.end(),
                       [&](const std::string& ip) { return lower(ip) == name; });
  }
  if (!name.empty() && name.back() == '.') {
    name.pop_back();
  }
  return std::any_of(certificate.dns_names.begin(),
                     certificate.dns_names.end(),
                     [&](const std::string& dns) { return wildcard_match(lower(dns), name); });
}

} // namespace inboxprobe
