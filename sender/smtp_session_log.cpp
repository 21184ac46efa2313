// Following an SMTP session from libcurl's debug stream, and redacting AUTH
// (RFC 4954).
#include "smtp_session_log.hpp"

#include "smtp_reply.hpp"

#include <cctype>

namespace inboxprobe {

namespace {

// Call `f` for each line of `text` without its CR/LF.
template<typename F>
void
for_each_line(std::string_view text, F&& f)
{
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    f(line);
    if (end == std::string_view::npos) {
      break;
    }
    text.remove_prefix(end + 1);
  }
}

std::string
upper_verb(std::string_view line)
{
  std::string verb;
  for (char c : line) {
    if (c == ' ') {
      break;
    }
    verb.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return verb;
}

SmtpStep
step_of_verb(const std::string& verb, SmtpStep current)
{
  if (verb == "EHLO" || verb == "HELO") {
    return SmtpStep::ehlo;
  }
  if (verb == "STARTTLS") {
    return SmtpStep::starttls;
  }
  if (verb == "AUTH") {
    return SmtpStep::auth;
  }
  if (verb == "MAIL") {
    return SmtpStep::mail;
  }
  if (verb == "RCPT") {
    return SmtpStep::rcpt;
  }
  if (verb == "DATA") {
    return SmtpStep::data;
  }
  if (verb == "QUIT") {
    return SmtpStep::quit;
  }
  return current;
}

} // namespace

SmtpSessionLog::SmtpSessionLog(const Clock& clock) : m_clock(clock), m_start_ms(clock.now_ms())
{
}

void
SmtpSessionLog::append(char who, std::string_view line)
{
  m_transcript += "+" + std::to_string(m_clock.now_ms() - m_start_ms) + "ms ";
  m_transcript.push_back(who);
  m_transcript += ": ";
  m_transcript.append(line);
  m_transcript.push_back('\n');
}

void
SmtpSessionLog::on_client_text(std::string_view text)
{
  for_each_line(text, [this](std::string_view line) { client_line(line); });
}

void
SmtpSessionLog::client_line(std::string_view line)
{
  if (m_step == SmtpStep::starttls && m_starttls_ready_at_ms > 0) {
    m_starttls_handshake_ms = m_clock.now_ms() - m_starttls_ready_at_ms;
    m_starttls_ready_at_ms = 0;
  }
  if (m_in_auth) {
    // A SASL response line (AUTH LOGIN user/password, a continued PLAIN or
    // XOAUTH2 blob).
    append('C', "<redacted>");
    return;
  }
  const std::string verb = upper_verb(line);
  if (verb == "QUIT") {
    // libcurl says goodbye after a failed transaction too: the 221 must not
    // replace the reply that decided the outcome.
    m_quitting = true;
    append('C', line);
    return;
  }
  m_step = step_of_verb(verb, m_step);
  if (verb == "AUTH") {
    m_in_auth = true;
    m_auth_attempted = true;
    const std::string_view rest =
      line.substr(line.find(' ') == std::string_view::npos ? line.size() : line.find(' ') + 1);
    const std::string_view mechanism = rest.substr(0, rest.find(' '));
    const bool has_initial_response = rest.find(' ') != std::string_view::npos;
    append('C', "AUTH " + std::string(mechanism) + (has_initial_response ? " <redacted>" : ""));
    return;
  }
  append('C', line);
}

void
SmtpSessionLog::on_server_text(std::string_view text)
{
  for_each_line(text, [this](std::string_view line) { server_line(line); });
}

void
SmtpSessionLog::server_line(std::string_view line)
{
  if (m_body_started && !m_body_logged) {
    m_body_logged = true;
    append('C', "<message content, " + std::to_string(m_body_bytes) + " bytes, then \".\">");
  }
  append('S', line);
  m_pending_lines.emplace_back(line);
  if (!is_last_reply_line(line)) {
    return;
  }
  if (m_quitting) {
    m_pending_lines.clear();
    return;
  }
  m_last_reply = parse_smtp_reply(m_pending_lines);
  m_pending_lines.clear();
  m_last_reply_step = m_step;
  m_last_reply_at_ms = m_clock.now_ms();
  on_reply_complete();
}

void
SmtpSessionLog::on_reply_complete()
{
  if (m_step == SmtpStep::connect && m_greeting_ms < 0 && m_channel_ready_at_ms) {
    m_greeting_ms = m_last_reply_at_ms - *m_channel_ready_at_ms;
  }
  if (m_step == SmtpStep::end_of_data && m_last_body_at_ms) {
    m_end_of_data_ms = m_last_reply_at_ms - *m_last_body_at_ms;
  }
  if (m_step == SmtpStep::auth && m_last_reply && m_last_reply->code != 334) {
    m_in_auth = false; // 235 success or a failure ends the SASL exchange
  }
  if (m_step == SmtpStep::starttls && m_last_reply && m_last_reply->code == 220) {
    m_starttls_ready_at_ms = m_last_reply_at_ms;
  }
}

void
SmtpSessionLog::on_info(std::string_view text)
{
  // libcurl 7.88's notes: "Connected to HOST (IP) port N (#0)", "Re-using
  // existing connection #0 with host HOST", "SSL connection using TLSv1.3 /
  // TLS_AES_256_GCM_SHA384" (OpenSSL backend).
  const std::string_view line = text.substr(0, text.find_first_of("\r\n"));
  if (line.rfind("Connected to ", 0) == 0) {
    m_channel_ready_at_ms = m_clock.now_ms();
    append('*', line);
  } else if (line.rfind("Re-using existing connection", 0) == 0) {
    m_reused_connection = true;
    append('*', line);
  }
  constexpr std::string_view k_marker = "SSL connection using ";
  const std::size_t at = line.find(k_marker);
  if (at == std::string_view::npos) {
    return;
  }
  const std::string_view rest = line.substr(at + k_marker.size());
  const std::size_t slash = rest.find(" / ");
  m_tls_version = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) {
    m_tls_cipher = std::string(rest.substr(slash + 3));
  }
  if (m_step == SmtpStep::connect && !m_last_reply) {
    // Implicit TLS: the greeting comes after the handshake.
    m_channel_ready_at_ms = m_clock.now_ms();
  }
  append('*', line.substr(at));
}

void
SmtpSessionLog::on_body_sent(std::size_t bytes)
{
  if (!m_body_started) {
    m_body_started = true;
    // Once content flows, the next reply is the one to the final "." (RFC 5321
    // §4.1.1.4).
    m_step = SmtpStep::end_of_data;
  }
  m_body_bytes += bytes;
  m_last_body_at_ms = m_clock.now_ms();
}

} // namespace inboxprobe
