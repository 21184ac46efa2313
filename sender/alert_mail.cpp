// Alert email composition (MIME multipart/mixed, RFC 2045-2047) and its
// submission through a route.
#include "alert_mail.hpp"

#include "quoted_printable.hpp"
#include "rfc2047.hpp"
#include "submit.hpp"

#include <core/probe_token.hpp>

namespace inboxprobe {

namespace {

// RFC 4648 §4 base64 in lines of 76 characters (RFC 2045 §6.8).
std::string
base64_lines(const std::string& raw)
{
  static constexpr char k_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t line = 0;
  for (std::size_t i = 0; i < raw.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(raw[i]) << 16;
    const std::size_t left = raw.size() - i;
    if (left > 1) {
      n |= static_cast<unsigned char>(raw[i + 1]) << 8;
    }
    if (left > 2) {
      n |= static_cast<unsigned char>(raw[i + 2]);
    }
    out += k_alphabet[(n >> 18) & 63];
    out += k_alphabet[(n >> 12) & 63];
    out += left > 1 ? k_alphabet[(n >> 6) & 63] : '=';
    out += left > 2 ? k_alphabet[n & 63] : '=';
    if ((line += 4) == 76) {
      out += "\r\n";
      line = 0;
    }
  }
  return line ? out + "\r\n" : out;
}

// LF or CRLF text -> CRLF.
std::string
crlf(const std::string& text)
{
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
      out += '\r';
    }
    out += text[i];
  }
  return out;
}

} // namespace

ComposedMessage
compose_alert_mail(const Route& route,
                   const std::string& recipient,
                   const AlertMail& mail,
                   std::int64_t date_at_ms)
{
  const std::string token = make_probe_token();
  ComposedMessage message;
  message.message_id = token + ".alert@" + address_domain(route.mail_from);
  const std::string boundary = "=_inboxprobe_" + token;
  std::string m = "Date: " + format_rfc5322_date(date_at_ms / 1000) + "\r\n";
  m += "From: " + encode_address_field(route.from_header) + "\r\n";
  m += "To: <" + recipient + ">\r\n";
  m += "Subject: " + encode_header_text(mail.subject) + "\r\n";
  m += "Message-ID: <" + message.message_id + ">\r\n";
  m += "Auto-Submitted: auto-generated\r\n"; // RFC 3834: no auto-replies to alerts
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
       "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  m += crlf(encode_quoted_printable(mail.text));
  if (!mail.attachment_name.empty()) {
    m += "\r\n--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\n"
         "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\""
         + mail.attachment_name + "\"\r\n\r\n";
    m += base64_lines(mail.attachment_html);
  }
  m += "\r\n--" + boundary + "--\r\n";
  message.bytes = std::move(m);
  return message;
}

std::vector<Submission>
send_alert_mail(const Route& route,
                const std::vector<std::string>& recipients,
                const AlertMail& mail,
                const Clock& clock)
{
  std::vector<Submission> out;
  for (const std::string& recipient : recipients) {
    const ComposedMessage message = compose_alert_mail(route, recipient, mail, clock.now_ms());
    // submit_probe sends to Probe::seed; an alert is not a probe (id 0).
    Probe envelope;
    envelope.seed = recipient;
    out.push_back(submit_probe(envelope, route, message.message_id, message.bytes, clock));
  }
  return out;
}

} // namespace inboxprobe
