// SMTP submission of one probe through one route with libcurl (RFC 5321,
// STARTTLS RFC 3207, AUTH RFC 4954, enhanced status codes RFC 3463). One
// message, one recipient, one SMTP transaction: placement differs per seed, so
// a probe is never sent to several seeds at once.
#pragma once

#include <core/clock.hpp>
#include <core/model.hpp>

#include <cstdint>
#include <string>

namespace inboxprobe {

struct SubmitOptions
{
  std::int64_t connect_timeout_ms = 15'000; // TCP connect + greeting
  std::int64_t timeout_ms = 120'000;        // whole session, incl. the reply to "."
};

// Submit `message_bytes` (CRLF, as composed) for `probe` through `route` to
// `probe.seed`. Never throws for a network or server problem: the outcome is
// data in the Submission (accepted / rejected 5xx / deferred 4xx / failed /
// uncertain), with the deciding reply, the step it answered, timings (ms), TLS
// version and a transcript with AUTH redacted. `clock` gives started_at_ms and
// accepted_at_ms (UTC epoch ms). TLS: Route::tls starttls requires STARTTLS (no
// plaintext fallback, no credentials sent in the clear), tls is implicit TLS
// (smtps://), none only when configured; certificates and host names are always
// verified (Route::ca_file adds a trusted CA).
Submission submit_probe(const Probe& probe,
                        const Route& route,
                        const std::string& message_id,
                        const std::string& message_bytes,
                        const Clock& clock,
                        const SubmitOptions& options = {});

} // namespace inboxprobe
