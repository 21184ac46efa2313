// Following an SMTP health check session line by line (smtp_check_trace.hpp)
// and reading EHLO keywords (RFC 5321 §4.1.1.1).
#include "smtp_check_trace.hpp"

#include "smtp_reply.hpp"

#include <algorithm>
#include <cctype>

namespace inboxprobe {

namespace {

template<typename F>
void
for_each_line(std::string_view text, F&& f)
{
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (!line.empty()) {
      f(line);
    }
    if (end == std::string_view::npos) {
      break;
    }
    text.remove_prefix(end + 1);
  }
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

// The keyword line's words, upper case: "AUTH PLAIN LOGIN" -> {AUTH, PLAIN,
// LOGIN}; the obsolete "AUTH=LOGIN PLAIN" splits at '=' too.
std::vector<std::string>
words(std::string_view text)
{
  std::vector<std::string> out;
  std::string word;
  for (const char c : text) {
    if (c == ' ' || (c == '=' && out.empty())) {
      if (!word.empty()) {
        out.push_back(upper(word));
      }
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) {
    out.push_back(upper(word));
  }
  return out;
}

void
apply_keyword(SmtpCapabilities& caps, const std::vector<std::string>& w)
{
  const std::string& k = w[0];
  caps.keywords.push_back(k);
  caps.starttls = caps.starttls || k == "STARTTLS";
  caps.pipelining = caps.pipelining || k == "PIPELINING";
  caps.eightbitmime = caps.eightbitmime || k == "8BITMIME";
  caps.smtputf8 = caps.smtputf8 || k == "SMTPUTF8";
  caps.chunking = caps.chunking || k == "CHUNKING";
  caps.requiretls = caps.requiretls || k == "REQUIRETLS";
  caps.enhancedstatuscodes = caps.enhancedstatuscodes || k == "ENHANCEDSTATUSCODES";
  if (k == "SIZE") {
    std::int64_t size = 0;
    if (w.size() > 1 && std::all_of(w[1].begin(), w[1].end(), ::isdigit) && w[1].size() < 19) {
      size = std::stoll(w[1]);
    }
    caps.size_bytes = size;
  }
  if (k == "AUTH") {
    for (std::size_t i = 1; i < w.size(); ++i) {
      if (std::find(caps.auth_mechanisms.begin(), caps.auth_mechanisms.end(), w[i])
          == caps.auth_mechanisms.end()) {
        caps.auth_mechanisms.push_back(w[i]);
      }
    }
  }
}

} // namespace

SmtpCapabilities
parse_ehlo_capabilities(const std::vector<std::string>& lines)
{
  SmtpCapabilities caps;
  caps.received = !lines.empty();
  for (std::size_t i = 1; i < lines.size(); ++i) {
    // "250-KEYWORD params" / "250 KEYWORD": the text starts after 4 characters.
    const std::string_view line = lines[i];
    const std::vector<std::string> w = words(line.size() > 4 ? line.substr(4) : "");
    if (!w.empty()) {
      apply_keyword(caps, w);
    }
  }
  return caps;
}

void
SmtpCheckTrace::on_client_text(std::string_view text, std::int64_t at_us)
{
  for_each_line(text, [&](std::string_view line) { client_line(line, at_us); });
}

void
SmtpCheckTrace::on_server_text(std::string_view text, std::int64_t at_us)
{
  for_each_line(text, [&](std::string_view line) { server_line(line, at_us); });
}

void
SmtpCheckTrace::client_line(std::string_view line, std::int64_t at_us)
{
  if (m_starttls_ready_at_us >= 0) {
    // The first command after the 220 goes over TLS: the handshake lies between.
    m_handshake_us = at_us - m_starttls_ready_at_us;
    m_starttls_ready_at_us = -1;
    m_encrypted = true;
  }
  if (m_verb == "AUTH") {
    return; // a SASL response inside the AUTH exchange, not a new command
  }
  m_verb = upper(line.substr(0, line.find(' ')));
  m_sent_at_us = at_us;
}

void
SmtpCheckTrace::server_line(std::string_view line, std::int64_t at_us)
{
  m_lines.emplace_back(line);
  if (!is_last_reply_line(line)) {
    return;
  }
  const auto reply = parse_smtp_reply(m_lines);
  if (m_verb == "EHLO") {
    (m_encrypted ? m_ehlo_after : m_ehlo_before) = m_lines;
  }
  m_lines.clear();
  if (reply) {
    complete_reply(*reply, at_us);
  }
}

void
SmtpCheckTrace::complete_reply(const SmtpReply& reply, std::int64_t at_us)
{
  if (m_verb.empty()) {
    if (!m_banner) {
      m_banner = reply;
      m_banner_at_us = at_us;
    }
    return;
  }
  if (m_verb == "AUTH" && reply.code == 334) {
    return; // a challenge: the exchange goes on
  }
  m_commands.push_back({m_verb, reply.code, at_us - m_sent_at_us});
  if (m_verb == "STARTTLS" && reply.code == 220) {
    m_starttls_ready_at_us = at_us;
  } else if (m_verb == "AUTH") {
    m_auth_reply = reply;
  } else if (m_verb == "MAIL") {
    m_mail_reply = reply;
  } else if (m_verb == "RCPT") {
    m_rcpt_reply = reply;
  } else if (m_verb == "DATA") {
    m_data_reply = reply;
  }
  m_verb.clear(); // the reply is in; a stray line is not attributed to it
}

const std::optional<SmtpReply>&
SmtpCheckTrace::reply_to(SmtpStep step) const
{
  switch (step) {
  case SmtpStep::mail:
    return m_mail_reply;
  case SmtpStep::rcpt:
    return m_rcpt_reply;
  case SmtpStep::data:
    return m_data_reply;
  default:
    return m_none;
  }
}

} // namespace inboxprobe
