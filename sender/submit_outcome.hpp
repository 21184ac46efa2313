// Deciding what one SMTP attempt came to (RFC 5321 §4.2.1 reply classes): the
// libcurl result code and what the session log saw become the Submission's
// outcome, step, reply and error. Internal to the sender; kept apart from the
// transport so that every combination is unit-tested without a server.
#pragma once

#include "smtp_session_log.hpp"

#include <core/model.hpp>

#include <curl/curl.h>

#include <string_view>

namespace inboxprobe {

// Whether the route has credentials to send (AUTH was wanted).
enum class AuthWanted { no, yes };

// Fill `s.outcome`, `s.step`, `s.reply`, `s.error`, `s.queue_id` and
// `s.accepted_at_ms` from `rc` and `log`; `error_text` is libcurl's error
// buffer. The rules, in order:
// - a 2xx reply to the final "." with CURLE_OK: accepted (queue id parsed);
// - a 5xx reply: rejected, a 4xx reply: deferred, at the step it answered;
// - no reply after the message content went out (timeout, connection lost):
//   uncertain, the server may have accepted it (never resend);
// - an XOAUTH2 error challenge (334 with base64 JSON) ending in
//   CURLE_LOGIN_DENIED: failed at step auth, the JSON in the error;
// - CURLE_USE_SSL_FAILED without a reply: the server offered no STARTTLS:
//   rejected at step starttls, nothing sent in plaintext;
// - anything else: failed, with libcurl's explanation.
// When AUTH was wanted but never attempted and the probe was not accepted, the
// error says that the server offered no AUTH.
void classify_attempt(Submission& s,
                      CURLcode rc,
                      const SmtpSessionLog& log,
                      std::string_view error_text,
                      AuthWanted auth);

} // namespace inboxprobe
