// Deciding what one SMTP attempt came to (RFC 5321 §4.2.1 reply classes): the
// libcurl result code and what the session log saw become the Submission's
// outcome, step, reply and error. Internal to the sender; kept apart from the
// transport so that every combination is unit-tested without a server.
#pragma once

#include "smtp_session_log.hpp"

#include <core/model.hpp>

#include <curl/curl.h>

#include <cstddef>
#include <string_view>

namespace inboxprobe {

// Whether the route has credentials to send (AUTH was wanted).
enum class AuthWanted { no, yes };

// How much of the message content libcurl took from us, in bytes: the final
// "." (RFC 5321 §4.1.1.4) can only have gone out after all of it. Zeros: no
// DATA, or not known (taken as all).
struct ContentSent
{
  std::size_t handed = 0;
  std::size_t total = 0;
};

// Fill `s.outcome`, `s.step`, `s.reply`, `s.error`, `s.queue_id` and
// `s.accepted_at_ms` from `rc` and `log`; `error_text` is libcurl's error
// buffer. The rules, in order:
// - a 2xx reply to the final "." with CURLE_OK: accepted (queue id parsed);
// - a 5xx reply: rejected, a 4xx reply: deferred, at the step it answered;
// - a reply whose code is not an SMTP reply code (RFC 5321 §4.2: 2yz to 5yz):
//   failed, a protocol error, whatever its first digit;
// - no reply after all of the message content went out (timeout, connection
//   lost): uncertain, the server may have accepted it (never resend);
// - the connection lost while content was still going out: failed at step
//   data, the message was incomplete and cannot have been accepted;
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
                      AuthWanted auth,
                      ContentSent content = {});

} // namespace inboxprobe
