// SMTP server health checks with libcurl, no message sent: a session that
// connects, reads the greeting, sends EHLO, STARTTLS (RFC 3207), EHLO again,
// AUTH when the route has credentials (RFC 4954), NOOP and QUIT, timing each
// step; the certificate chain, host name match and expiry; an opt-in
// open-relay probe that aborts at DATA, before any content; and a local
// Postfix queue. Every step is bounded in time.
#pragma once

#include <core/clock.hpp>
#include <core/model.hpp>
#include <core/smtp_health.hpp>

#include <cstdint>
#include <string>

namespace inboxprobe {

struct CheckOptions
{
  std::int64_t connect_timeout_ms = 10'000; // DNS + TCP connect
  std::int64_t reply_timeout_ms = 10'000;   // each reply (libcurl counts whole seconds)
  std::int64_t session_timeout_ms = 30'000; // one whole session
  // Opt-in: MAIL/RCPT without AUTH to `relay_recipient`, an address outside
  // the server's domains, stopped at the 354 reply to DATA.
  bool relay_probe = false;
  std::string relay_recipient = "inboxprobe-relay-probe@example.com";
  // A local Postfix whose queue to read (`postqueue -c DIR -j`); empty: none.
  std::string postfix_config_dir;
  bool read_postfix_queue = false;
  std::int64_t queue_timeout_ms = 10'000;
};

// Check `route`'s server. Never throws for a network or server problem: a
// session that fails is SmtpHealth::error/error_code ("smtp.dns",
// "smtp.connect", "smtp.timeout", "smtp.no_starttls", "tls.handshake",
// "smtp.protocol"), what is wrong about a working server is a Finding
// ("smtp.auth_before_tls", "smtp.starttls_missing", "tls.chain_invalid",
// "tls.host_mismatch", "tls.old_version", "smtp.banner_refused",
// "smtp.auth_failed", "smtp.auth_unavailable", "smtp.open_relay",
// "smtp.relay_probe_inconclusive"). The certificate is verified (system store
// plus Route::ca_file); when verification fails, a second session without it
// still measures the rest, and the failure is reported as a finding. `clock`
// gives checked_at_ms.
SmtpHealth check_smtp_server(const Route& route, const Clock& clock, const CheckOptions& options);

} // namespace inboxprobe
