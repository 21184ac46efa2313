// Alert email: a multipart/mixed message (RFC 2046 §5.1.3) with the alert
// text and the run's HTML report attached (RFC 2183 Content-Disposition),
// submitted through a configured route with the sender's own submission
// (submit.hpp), one SMTP transaction per recipient.
#pragma once

#include <core/clock.hpp>
#include <core/model.hpp>
#include <sender/compose.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace inboxprobe {

struct AlertMail
{
  std::string subject;         // UTF-8
  std::string text;            // UTF-8 plain text body
  std::string attachment_name; // e.g. "report.html"; empty: no attachment
  std::string attachment_html; // the attachment's bytes (text/html; charset=utf-8)
};

// The message from `route`'s From to `recipient`, dated `date_at_ms` (UTC
// epoch ms), with a fresh Message-ID. CRLF line breaks, no line over 998
// octets (the text in quoted-printable, the attachment in base64).
ComposedMessage compose_alert_mail(const Route& route,
                                   const std::string& recipient,
                                   const AlertMail& mail,
                                   std::int64_t date_at_ms);

// Compose and submit `mail` to each of `recipients` through `route`: the
// submissions, in recipient order (Submission::outcome says whether each was
// accepted; probe_id is 0).
std::vector<Submission> send_alert_mail(const Route& route,
                                        const std::vector<std::string>& recipients,
                                        const AlertMail& mail,
                                        const Clock& clock);

} // namespace inboxprobe
