// Outcome classes of an SMTP attempt: RFC 5321 §4.2.1 (2yz, 4yz, 5yz), and the
// "uncertain" class after the final "." (RFC 5321 §6.1: the server may have
// taken responsibility for the message even if its reply was lost).
#include "submit_outcome.hpp"

#include "smtp_reply.hpp"

#include <core/base64.hpp>

namespace inboxprobe {

namespace {

std::string
curl_error(CURLcode rc, std::string_view error_text)
{
  std::string text = curl_easy_strerror(rc);
  if (!error_text.empty()) {
    text += ": ";
    text += error_text;
  }
  return text;
}

// XOAUTH2 (Google's protocol, also Microsoft's and Dovecot's): a refused token
// comes back as a 334 challenge carrying base64 JSON such as
// {"status":"401","schemes":"bearer","scope":"mail"}; libcurl 7.88 gives up
// there with CURLE_LOGIN_DENIED instead of answering it to get the 535.
bool
is_bearer_refusal(CURLcode rc, const SmtpSessionLog& log)
{
  const auto& reply = log.last_reply();
  return rc == CURLE_LOGIN_DENIED && reply && reply->code == 334
         && log.last_reply_step() == SmtpStep::auth && !reply->text.empty();
}

std::string
printable(std::string text)
{
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 32 || static_cast<unsigned char>(c) > 126) {
      c = '?';
    }
  }
  return text.size() > 200 ? text.substr(0, 200) + "..." : text;
}

// A transport failure without a deciding reply.
void
classify_without_reply(Submission& s,
                       CURLcode rc,
                       const SmtpSessionLog& log,
                       std::string_view error_text)
{
  s.step = log.step();
  s.reply = {};
  if (log.step() == SmtpStep::end_of_data) {
    s.outcome = SubmitOutcome::uncertain;
    s.error = (rc == CURLE_OPERATION_TIMEDOUT ? std::string("no reply to the end of DATA in time")
                                              : "the connection failed after the end of DATA ("
                                                  + curl_error(rc, error_text) + ")")
              + ": the server may have accepted the message; it is not sent again";
    return;
  }
  if (rc == CURLE_LOGIN_DENIED && !log.auth_attempted()) {
    s.outcome = SubmitOutcome::failed;
    s.step = SmtpStep::auth;
    s.error =
      "the server offers no AUTH mechanism this route may use (" + curl_error(rc, error_text) + ")";
    return;
  }
  if (rc == CURLE_USE_SSL_FAILED) {
    s.outcome = SubmitOutcome::rejected;
    s.step = SmtpStep::starttls;
    s.error =
      "the server did not offer STARTTLS; refusing to continue without TLS "
      "(no credentials and no message were sent)";
    return;
  }
  s.outcome = SubmitOutcome::failed;
  s.error = curl_error(rc, error_text);
}

} // namespace

void
classify_attempt(Submission& s,
                 CURLcode rc,
                 const SmtpSessionLog& log,
                 std::string_view error_text,
                 AuthWanted auth)
{
  const auto& reply = log.last_reply();
  if (rc == CURLE_OK && reply && log.last_reply_step() == SmtpStep::end_of_data
      && reply->code / 100 == 2) {
    s.outcome = SubmitOutcome::accepted;
    s.step = SmtpStep::end_of_data;
    s.reply = *reply;
    s.error.clear();
    s.accepted_at_ms = log.last_reply_at_ms();
    s.queue_id = extract_queue_id(reply->text);
    return;
  }
  if (is_bearer_refusal(rc, log)) {
    s.outcome = SubmitOutcome::failed;
    s.step = SmtpStep::auth;
    s.reply = *reply;
    s.error =
      "the server refused the bearer token (expired, revoked or without the mail "
      "scope): "
      + printable(decode_base64_lenient(reply->text));
    return;
  }
  if (reply && reply->code >= 400) {
    s.outcome = reply->code >= 500 ? SubmitOutcome::rejected : SubmitOutcome::deferred;
    s.step = log.last_reply_step();
    s.reply = *reply;
    s.error.clear();
  } else {
    classify_without_reply(s, rc, log, error_text);
  }
  if (auth == AuthWanted::yes && !log.auth_attempted() && s.step != SmtpStep::connect
      && s.step != SmtpStep::starttls && s.step != SmtpStep::auth && !log.reused_connection()) {
    s.error += std::string(s.error.empty() ? "" : "; ")
               + "the server did not offer AUTH, so the credentials were not used";
  }
}

} // namespace inboxprobe
