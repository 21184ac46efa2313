// One SMTP client connection to a route, reused for several probes (RFC 5321
// §3.3: after the reply to the final ".", the next MAIL FROM starts a new
// transaction on the same connection). Each probe is still its own transaction
// with exactly one RCPT TO: placement differs per seed. The connection is
// opened on the first submit, after a failed transaction (libcurl closes it
// then), and when the server closed it while idle; it is closed with QUIT
// when the SmtpConnection is destroyed.
#pragma once

#include <core/clock.hpp>
#include <core/model.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace inboxprobe {

// Called once per attempt just before the last of the message content is
// handed over, i.e. before the final "." that lets the server accept the
// message (RFC 5321 §4.1.1.4). The send pass records there that the probe is
// on its way; returning false withholds the final "." (the server then
// discards the incomplete message) and the attempt fails at step data.
using CommitPoint = std::function<bool()>;

class SmtpConnection
{
public:
  // A connection for `route` (it and `clock` must outlive this object). Nothing
  // is sent until submit(). TLS per Route::tls: starttls requires STARTTLS (no
  // plaintext fallback, no credentials before TLS), tls is implicit TLS
  // (smtps://), none only when configured. Certificates and host names are
  // verified unless Route::insecure_skip_verify. AUTH per Route::auth with
  // Route::user and Route::password, or the XOAUTH2 bearer Route::oauth2_token.
  SmtpConnection(const Route& route, const Clock& clock);
  ~SmtpConnection();
  SmtpConnection(SmtpConnection&&) noexcept;
  SmtpConnection& operator=(SmtpConnection&&) noexcept;

  // Submit `message_bytes` (CRLF, as composed) for `probe` to `probe.seed` in
  // one transaction on this connection. `started_at_ms` (UTC epoch ms, the
  // moment the route's pacer let it start) becomes Submission::started_at_ms.
  // Never throws for a network or server problem: the outcome is data
  // (accepted / rejected 5xx / deferred 4xx / failed / uncertain, see
  // classify_attempt), with the deciding reply, the step it answered, timings
  // in ms (-1 for the phases a reused connection skips), the TLS version and
  // cipher of the connection, the route's findings, and a transcript with
  // AUTH redacted. An attempt that fails without any reply on a reused
  // connection (the server closed it meanwhile) is repeated once on a new one.
  // `commit_point` (may be empty) is called before the final "." of each
  // attempt (see CommitPoint).
  Submission submit(const Probe& probe,
                    const std::string& message_id,
                    const std::string& message_bytes,
                    std::int64_t started_at_ms,
                    const CommitPoint& commit_point = {});

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// The findings a route's setup gives every probe it sends (RFC 8314 §3):
// "tls.plaintext_route" for tls = none (an error when AUTH credentials go in
// the clear), "tls.verification_disabled" for insecure_skip_verify.
std::vector<Finding> route_findings(const Route& route);

} // namespace inboxprobe
