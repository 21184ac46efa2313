// SMTP submission of one probe through one route (RFC 5321, STARTTLS RFC 3207,
// AUTH RFC 4954, enhanced status codes RFC 3463) on a connection of its own.
// Campaigns send many probes per route through SmtpConnection instead, which
// keeps the connection open between them.
#pragma once

#include <core/clock.hpp>
#include <core/model.hpp>
#include <sender/smtp_connection.hpp>

#include <string>

namespace inboxprobe {

// Submit `message_bytes` for `probe` through `route` on a new connection that
// is closed (QUIT) afterwards; started_at_ms is `clock`'s now. Otherwise as
// SmtpConnection::submit: never throws for a network or server problem.
Submission submit_probe(const Probe& probe,
                        const Route& route,
                        const std::string& message_id,
                        const std::string& message_bytes,
                        const Clock& clock);

} // namespace inboxprobe
