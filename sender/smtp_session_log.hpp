// SmtpSessionLog: follows one SMTP session as libcurl reports it through its
// debug callback (CURLOPT_DEBUGFUNCTION): which command is in flight (RFC 5321
// §4.1), the replies and when they arrived, TLS details from libcurl's info
// lines, and a transcript with every AUTH payload redacted (the password never
// enters the log, not even base64-encoded).
#pragma once

#include <core/clock.hpp>
#include <core/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

class SmtpSessionLog
{
public:
  explicit SmtpSessionLog(const Clock& clock);

  // Feed what libcurl reports. Each call may carry several CRLF-terminated
  // lines.
  void on_client_text(std::string_view text); // CURLINFO_HEADER_OUT: commands we sent
  void on_server_text(std::string_view text); // CURLINFO_HEADER_IN: reply lines
  void on_info(std::string_view text);        // CURLINFO_TEXT: libcurl's own notes
  void on_body_sent(std::size_t bytes);       // CURLINFO_DATA_OUT: message content

  // The command whose reply is awaited (or arrived last).
  SmtpStep
  step() const
  {
    return m_step;
  }
  // The last complete reply and the step it answered; nullopt when none
  // arrived. The reply to QUIT is never recorded here (it decides nothing).
  const std::optional<SmtpReply>&
  last_reply() const
  {
    return m_last_reply;
  }
  SmtpStep
  last_reply_step() const
  {
    return m_last_reply_step;
  }
  // UTC epoch ms when the last complete reply arrived (0 = none).
  std::int64_t
  last_reply_at_ms() const
  {
    return m_last_reply_at_ms;
  }
  // Milliseconds from the 220 reply to STARTTLS until the next command was sent
  // (the TLS handshake), -1 when STARTTLS was not used.
  std::int64_t
  starttls_handshake_ms() const
  {
    return m_starttls_handshake_ms;
  }
  // Milliseconds from the channel being ready (TCP connected; for implicit TLS
  // the handshake done) to the complete 220 greeting, -1 when not seen (a
  // reused connection has no greeting).
  std::int64_t
  greeting_ms() const
  {
    return m_greeting_ms;
  }
  // Milliseconds from the last piece of message content handed to the socket
  // (the final "." follows it at once) to the complete reply, -1 when that
  // reply did not arrive.
  std::int64_t
  end_of_data_ms() const
  {
    return m_end_of_data_ms;
  }
  // True when libcurl ran this transaction on an already open connection.
  bool
  reused_connection() const
  {
    return m_reused_connection;
  }
  // "TLSv1.3" etc. from libcurl's "SSL connection using ..." note; empty
  // without TLS.
  const std::string&
  tls_version() const
  {
    return m_tls_version;
  }
  const std::string&
  tls_cipher() const
  {
    return m_tls_cipher;
  }
  // True once an AUTH command was sent.
  bool
  auth_attempted() const
  {
    return m_auth_attempted;
  }
  // "C: ..." / "S: ..." / "* ..." lines, with "+<ms>" offsets from the session
  // start.
  const std::string&
  transcript() const
  {
    return m_transcript;
  }

private:
  void client_line(std::string_view line);
  void server_line(std::string_view line);
  void append(char who, std::string_view line);
  void on_reply_complete();

  const Clock& m_clock;
  std::int64_t m_start_ms;
  SmtpStep m_step = SmtpStep::connect;
  bool m_in_auth = false;
  bool m_quitting = false; // QUIT sent: its reply is logged, not recorded
  bool m_auth_attempted = false;
  bool m_body_started = false;
  bool m_body_logged = false;
  std::vector<std::string> m_pending_lines;
  std::optional<SmtpReply> m_last_reply;
  SmtpStep m_last_reply_step = SmtpStep::none;
  std::int64_t m_last_reply_at_ms = 0;
  std::int64_t m_starttls_ready_at_ms = 0;
  std::int64_t m_starttls_handshake_ms = -1;
  std::optional<std::int64_t> m_channel_ready_at_ms;
  std::int64_t m_greeting_ms = -1;
  std::optional<std::int64_t> m_last_body_at_ms;
  std::int64_t m_end_of_data_ms = -1;
  bool m_reused_connection = false;
  std::string m_tls_version;
  std::string m_tls_cipher;
  std::string m_transcript;
  std::size_t m_body_bytes = 0;
};

} // namespace inboxprobe
