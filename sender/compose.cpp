// Probe composition with mimetic: header fields (mimetic folds long ones at
// white space), the body tree from mime_parts, CRLF throughout.
#include "compose.hpp"

#include "eml_inject.hpp"
#include "mime_parts.hpp"
#include "rfc2047.hpp"

#include <core/error.hpp>
#include <core/probe_token.hpp>

#include <mimetic/mimetic.h>

#include <ctime>
#include <sstream>

namespace inboxprobe {

namespace {

constexpr std::size_t k_max_line_octets = 998; // RFC 5322 §2.1.1

void
add_field(mimetic::MimeEntity& entity, const std::string& name, const std::string& value)
{
  entity.header().push_back(mimetic::Field(name, value));
}

// The fields that follow the body's own: the token, unsubscribe, custom ones.
void
add_trailing_fields(mimetic::MimeEntity& entity,
                    const Probe& probe,
                    const Route& route,
                    const Content& content)
{
  add_field(entity, std::string(k_probe_header), probe.token);
  if (!content.list_unsubscribe.empty()) {
    add_field(entity, "List-Unsubscribe", content.list_unsubscribe);
    if (content.list_unsubscribe_post) {
      add_field(entity, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"); // RFC 8058 §3.1
    }
  }
  for (const auto& [name, value] : route.headers) {
    add_field(entity, name, encode_header_text(value));
  }
  for (const auto& [name, value] : content.headers) {
    add_field(entity, name, encode_header_text(value));
  }
}

} // namespace

std::string
random_boundary()
{
  return "=_ip_" + make_probe_token();
}

std::string
format_rfc5322_date(std::int64_t at)
{
  const std::time_t t = static_cast<std::time_t>(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* k_months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[64];
  std::snprintf(buffer,
                sizeof buffer,
                "%s, %d %s %04d %02d:%02d:%02d +0000",
                k_days[tm.tm_wday],
                tm.tm_mday,
                k_months[tm.tm_mon],
                tm.tm_year + 1900,
                tm.tm_hour,
                tm.tm_min,
                tm.tm_sec);
  return buffer;
}

std::string
address_domain(std::string_view address)
{
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos || at + 1 == address.size()) {
    return "localhost";
  }
  std::string domain(address.substr(at + 1));
  while (!domain.empty() && domain.back() == '>') {
    domain.pop_back();
  }
  return domain;
}

std::string
probe_message_id(const Probe& probe, std::string_view mail_from)
{
  return probe.token + ".probe@" + address_domain(mail_from);
}

bool
lines_within_limit(std::string_view bytes)
{
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find("\r\n", start);
    if (end == std::string_view::npos) {
      end = bytes.size();
    }
    if (end - start > k_max_line_octets) {
      return false;
    }
    start = end + 2;
  }
  return true;
}

Result<void>
check_eml(std::string_view eml)
{
  const Probe sample{
    0, "check", std::string(k_probe_token_length, 'a'), "r", "seed@example.com", "c"};
  Route route;
  route.mail_from = "sender@example.com";
  TRY(inject_probe_token(eml, sample, route, Content{}, 0));
  return {};
}

ComposedMessage
compose_probe(const Probe& probe,
              const Route& route,
              const Content& content,
              std::int64_t date_at_ms,
              const BoundarySource& boundary)
{
  if (!content.eml.empty()) {
    auto injected = inject_probe_token(content.eml, probe, route, content, date_at_ms);
    if (!injected) {
      // The configuration loader tried the injection on this very file.
      throw Bug("eml content " + content.name + " no longer composes: " + injected.error().what);
    }
    return std::move(*injected);
  }
  ComposedMessage message;
  message.message_id = probe_message_id(probe, route.mail_from);

  mimetic::MimeEntity entity;
  add_field(entity, "Date", format_rfc5322_date(date_at_ms / 1000));
  add_field(entity, "From", encode_address_field(route.from_header));
  add_field(entity, "To", "<" + probe.seed + ">");
  add_field(entity, "Subject", encode_header_text(content.subject));
  add_field(entity, "Message-ID", "<" + message.message_id + ">");
  add_field(entity, "MIME-Version", "1.0");
  fill_probe_body(entity, probe, content, boundary);
  add_trailing_fields(entity, probe, route, content);

  std::ostringstream out;
  out << entity;
  message.bytes = out.str();
  if (!lines_within_limit(message.bytes)) {
    throw Bug("composed message for probe " + probe.token + " has a line over 998 octets");
  }
  return message;
}

} // namespace inboxprobe
