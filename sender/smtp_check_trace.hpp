// SmtpCheckTrace: the timings and EHLO replies of one SMTP session, from the
// lines libcurl's debug callback reports, each with the time it was seen:
// the greeting (RFC 5321 §4.2), each command's reply time, the EHLO replies
// before and after STARTTLS (RFC 3207 §4.2: the client must discard what it
// learnt before TLS) and the STARTTLS handshake time. Internal to the sender;
// times are microseconds from the start of the transfer.
#pragma once

#include <core/smtp_health.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

class SmtpCheckTrace
{
public:
  // `implicit_tls`: the connection is TLS from the start (smtps), so every
  // EHLO reply is an after-TLS one.
  explicit SmtpCheckTrace(bool implicit_tls) : m_encrypted(implicit_tls)
  {
  }

  // Lines we sent (CURLINFO_HEADER_OUT), seen at `at_us`.
  void on_client_text(std::string_view text, std::int64_t at_us);
  // Reply lines (CURLINFO_HEADER_IN), seen at `at_us`.
  void on_server_text(std::string_view text, std::int64_t at_us);

  // The greeting, when one arrived completely, and when.
  const std::optional<SmtpReply>&
  banner() const
  {
    return m_banner;
  }
  std::int64_t
  banner_at_us() const
  {
    return m_banner_at_us;
  }
  // The reply lines ("250-SIZE 1000") of the EHLO before and after TLS.
  const std::vector<std::string>&
  ehlo_before_tls() const
  {
    return m_ehlo_before;
  }
  const std::vector<std::string>&
  ehlo_after_tls() const
  {
    return m_ehlo_after;
  }
  // From the 220 to STARTTLS to the first command on the encrypted
  // connection; -1 when STARTTLS did not complete.
  std::int64_t
  starttls_handshake_us() const
  {
    return m_handshake_us;
  }
  std::vector<CommandTiming>
  commands() const
  {
    return m_commands;
  }
  // The final reply to AUTH (after any 334 challenges); none when no AUTH
  // was sent or no final reply came.
  const std::optional<SmtpReply>&
  auth_reply() const
  {
    return m_auth_reply;
  }
  // The last complete reply to MAIL, RCPT and DATA (relay probe).
  const std::optional<SmtpReply>& reply_to(SmtpStep step) const;

private:
  void client_line(std::string_view line, std::int64_t at_us);
  void server_line(std::string_view line, std::int64_t at_us);
  void complete_reply(const SmtpReply& reply, std::int64_t at_us);

  bool m_encrypted;
  std::string m_verb; // the command awaiting its reply; empty for the greeting
  std::int64_t m_sent_at_us = 0;
  std::int64_t m_starttls_ready_at_us = -1;
  std::int64_t m_handshake_us = -1;
  std::vector<std::string> m_lines; // the reply being assembled
  std::optional<SmtpReply> m_banner;
  std::int64_t m_banner_at_us = -1;
  std::vector<std::string> m_ehlo_before;
  std::vector<std::string> m_ehlo_after;
  std::vector<CommandTiming> m_commands;
  std::optional<SmtpReply> m_auth_reply;
  std::optional<SmtpReply> m_mail_reply;
  std::optional<SmtpReply> m_rcpt_reply;
  std::optional<SmtpReply> m_data_reply;
  std::optional<SmtpReply> m_none;
};

// The capabilities in the lines of an EHLO reply ("250-PIPELINING",
// "250 SIZE 10240000", "250-AUTH PLAIN LOGIN", also the obsolete
// "250-AUTH=LOGIN" form): the first line is the server's name, each later
// line one keyword with its parameters, matched case-insensitively in any
// order (RFC 5321 §4.1.1.1). An empty `lines` gives received = false.
SmtpCapabilities parse_ehlo_capabilities(const std::vector<std::string>& lines);

} // namespace inboxprobe
