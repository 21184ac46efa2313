// Outcome classes of an SMTP attempt: RFC 5321 §4.2.1 (2yz, 4yz, 5yz), and the
// "uncertain" class after the final "." (RFC 5321 §6.1: the server may have
// taken responsibility for the message even if its reply was lost).
#include "submit_outcome.hpp"

#include "smtp_reply.hpp"

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
