// One libcurl SMTP session of a health check: the health session (EHLO,
// STARTTLS, EHLO, AUTH, NOOP, QUIT) or the open-relay probe (EHLO, STARTTLS,
// EHLO, MAIL, RCPT, DATA, aborted at the 354 before any content). Internal
// to the sender (smtp_check.cpp).
#pragma once

#include "curl_handle.hpp"
#include "smtp_check.hpp"
#include "smtp_check_trace.hpp"
#include "smtp_session_log.hpp"

#include <chrono>
#include <string>

namespace inboxprobe {

enum class SessionKind { health, relay_probe };
enum class Verify { on, off };

class SmtpCheckSession
{
public:
  SmtpCheckSession(const Route& route,
                   const Clock& clock,
                   const CheckOptions& options,
                   SessionKind kind,
                   Verify verify);
  SmtpCheckSession(const SmtpCheckSession&) = delete;
  SmtpCheckSession& operator=(const SmtpCheckSession&) = delete;

  // Run the session to its end (bounded by the options' timeouts).
  void perform();

  CURLcode
  rc() const
  {
    return m_rc;
  }
  // The X.509 verification result (0 = verified), and its text.
  long verify_result() const;
  std::string verify_error() const;
  const SmtpCheckTrace&
  trace() const
  {
    return m_trace;
  }

  // Copy what the session measured into `h`: timings, greeting, EHLO
  // capabilities, TLS, chain, commands, AUTH outcome, transcript, error.
  void fill(SmtpHealth& h) const;
  // The relay probe's verdict from the MAIL / RCPT replies.
  RelayProbe relay_verdict() const;

  // For the debug callback.
  void on_debug(curl_infotype type, std::string_view text);

private:
  void set_options(const CheckOptions& options, Verify verify);
  std::int64_t info_us(CURLINFO what) const;
  void fill_error(SmtpHealth& h) const;
  std::vector<CertificateInfo> chain() const;

  const Route& m_route;
  SessionKind m_kind;
  curl::Easy m_handle;
  curl::Slist m_recipients;
  std::string m_url;
  std::string m_mail_from;
  char m_error_text[CURL_ERROR_SIZE] = {0};
  SmtpSessionLog m_log;
  SmtpCheckTrace m_trace;
  std::chrono::steady_clock::time_point m_start;
  CURLcode m_rc = CURLE_OK;
  bool m_upload_aborted = false;
  std::int64_t m_connected_at_us = -1; // "Connected to ..." noted, us from m_start
  std::int64_t m_tls_ready_at_us = -1; // "SSL connection using ..." noted
};

} // namespace inboxprobe
