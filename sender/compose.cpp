// Probe composition with mimetic: header fields (mimetic folds long ones), a
// text/plain UTF-8 body in quoted-printable, CRLF throughout.
#include "compose.hpp"

#include "quoted_printable.hpp"
#include "rfc2047.hpp"

#include <core/error.hpp>
#include <core/probe_token.hpp>

#include <mimetic/mimetic.h>

#include <ctime>
#include <sstream>

namespace inboxprobe {

namespace {

constexpr std::size_t k_max_line_octets = 998; // RFC 5322 §2.1.1

std::string
probe_body_text(const Probe& probe, const Content& content)
{
  std::string text = content.text;
  if (!text.empty() && text.back() != '\n') {
    text.push_back('\n');
  }
  // The reference line lets the receiver match the probe even if both the
  // header and the Message-ID were rewritten on the way.
  text += "\nReference: " + probe.token + "\n";
  return text;
}

void
check_line_lengths(const std::string& bytes)
{
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t end = bytes.find("\r\n", start);
    if (end == std::string::npos) {
      end = bytes.size();
    }
    if (end - start > k_max_line_octets) {
      throw Bug("composed message has a line of " + std::to_string(end - start) + " octets");
    }
    start = end + 2;
  }
}

} // namespace

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

ComposedMessage
compose_probe(const Probe& probe,
              const Route& route,
              const Content& content,
              std::int64_t date_at_ms)
{
  ComposedMessage message;
  message.message_id = probe.token + ".probe@" + address_domain(route.mail_from);

  mimetic::MimeEntity entity;
  mimetic::Header& header = entity.header();
  header.push_back(mimetic::Field("Date", format_rfc5322_date(date_at_ms / 1000)));
  header.push_back(mimetic::Field("From", encode_address_field(route.from_header)));
  header.push_back(mimetic::Field("To", "<" + probe.seed + ">"));
  header.push_back(mimetic::Field("Subject", encode_header_text(content.subject)));
  header.push_back(mimetic::Field("Message-ID", "<" + message.message_id + ">"));
  header.push_back(mimetic::Field("MIME-Version", "1.0"));
  header.push_back(mimetic::Field("Content-Type", "text/plain; charset=utf-8"));
  header.push_back(mimetic::Field("Content-Transfer-Encoding", "quoted-printable"));
  header.push_back(mimetic::Field(std::string(k_probe_header), probe.token));
  for (const auto& [name, value] : content.headers) {
    header.push_back(mimetic::Field(name, encode_header_text(value)));
  }
  entity.body().set(encode_quoted_printable(probe_body_text(probe, content)));

  std::ostringstream out;
  out << entity;
  message.bytes = out.str();
  check_line_lengths(message.bytes);
  return message;
}

} // namespace inboxprobe
