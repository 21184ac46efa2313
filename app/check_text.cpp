// Formatting a route's health check for people (check_text.hpp).
#include "check_text.hpp"

#include <reports/report_format.hpp>
#include <reports/thresholds.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace inboxprobe {

namespace {

std::string
ms(std::int64_t us)
{
  char text[32];
  std::snprintf(text, sizeof text, us < 10'000 ? "%.2f ms" : "%.0f ms", us / 1000.0);
  return text;
}

std::string
upper(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  return out;
}

std::string
capabilities(const SmtpCapabilities& caps)
{
  if (!caps.received) {
    return "(no reply)";
  }
  std::string out;
  for (const std::string& k : caps.keywords) {
    out += (out.empty() ? "" : " ") + k;
  }
  if (!caps.auth_mechanisms.empty()) {
    out += " [AUTH";
    for (const std::string& m : caps.auth_mechanisms) {
      out += " " + m;
    }
    out += "]";
  }
  return out;
}

std::string
certificate_line(const SmtpHealth& h, std::int64_t now_ms)
{
  const CertificateInfo& leaf = h.chain.front();
  std::string line = "  certificate: " + leaf.subject + "; chain ";
  line += h.chain_valid == true ? "verified" : "NOT verified (" + h.chain_error + ")";
  line += h.host_matches == true ? "; host name matches" : "; host name does NOT match";
  line += "; expires " + format_utc_ms(leaf.not_after_at * 1000) + " ("
          + std::to_string(days_until(leaf.not_after_at, now_ms)) + " days)\n";
  return line;
}

std::string
session_lines(const SmtpHealth& h)
{
  std::string out;
  if (h.connect_us >= 0) {
    out +=
      "  connect " + ms(h.connect_us) + " (dns " + ms(std::max<std::int64_t>(h.dns_us, 0)) + ")";
  }
  if (h.banner.code) {
    out +=
      ", banner " + ms(h.banner_us) + ": " + std::to_string(h.banner.code) + " " + h.banner.text;
  }
  out += out.empty() ? "" : "\n";
  if (h.before_tls.received) {
    out += "  EHLO before TLS: " + capabilities(h.before_tls) + "\n";
  }
  if (h.tls) {
    const std::int64_t handshake = h.starttls_us >= 0 ? h.starttls_us : h.tls_connect_us;
    out += std::string("  ") + (h.tls_mode == TlsMode::tls ? "TLS" : "STARTTLS") + " handshake "
           + ms(handshake) + ": " + h.tls_version + " " + h.tls_cipher + "\n";
  }
  if (h.after_tls.received) {
    out += "  EHLO after TLS: " + capabilities(h.after_tls) + "\n";
  }
  return out;
}

std::string
detail_lines(const SmtpHealth& h, std::int64_t now_ms)
{
  std::string out;
  if (!h.chain.empty()) {
    out += certificate_line(h, now_ms);
  }
  if (h.auth_ok) {
    out += std::string("  AUTH with the route's credentials: ")
           + (*h.auth_ok ? "accepted" : "REFUSED") + "\n";
  }
  if (!h.commands.empty()) {
    out += "  replies:";
    for (const CommandTiming& c : h.commands) {
      out += " " + c.command + " " + std::to_string(c.reply_code) + " " + ms(c.reply_us) + ";";
    }
    out.back() = '\n';
  }
  if (h.relay) {
    out += "  open-relay probe to " + h.relay->recipient + ": " + upper(to_string(h.relay->verdict))
           + (h.relay->reply.code
                ? " (" + std::string(to_string(h.relay->step)) + " "
                    + std::to_string(h.relay->reply.code) + " " + h.relay->reply.text + ")"
              : h.relay->error.empty() ? ""
                                       : " (" + h.relay->error + ")")
           + "\n";
  }
  if (h.queue) {
    out += "  postfix queue" + (h.queue->config_dir.empty() ? "" : " " + h.queue->config_dir) + ": "
           + (h.queue->error.empty() ? std::to_string(h.queue->messages) + " messages"
                                     : "unreadable: " + h.queue->error)
           + "\n";
  }
  return out;
}

} // namespace

std::string
check_text(const SmtpHealth& h, const std::vector<Alert>& alerts, std::int64_t now_ms)
{
  std::string out = h.route + " " + h.url + ": " + upper(to_string(overall_level(alerts))) + "\n";
  if (!h.error.empty()) {
    out += "  error (" + h.error_code + "): " + h.error + "\n";
  }
  out += session_lines(h) + detail_lines(h, now_ms);
  for (const Alert& alert : alerts) {
    out += "  " + upper(to_string(alert.level)) + " " + alert.code + ": " + alert.message + "\n";
  }
  return out;
}

} // namespace inboxprobe
