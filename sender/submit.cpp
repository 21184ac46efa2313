// SMTP submission with a libcurl easy handle: explicit TLS policy, AUTH, one
// recipient, the composed bytes uploaded through a read callback, the session
// followed through the debug callback (SmtpSessionLog), and the outcome
// classified from the replies, never from exceptions. Modelled on curl's
// docs/examples/smtp-tls.c.
#include "submit.hpp"

#include "curl_handle.hpp"
#include "smtp_reply.hpp"
#include "smtp_session_log.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>

namespace inboxprobe {

namespace curl {

void
ensure_global_init()
{
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace curl

namespace {

struct Upload
{
  const std::string& bytes;
  std::size_t offset = 0;
};

// CURLOPT_READFUNCTION: hand libcurl the next piece of the message.
std::size_t
read_message(char* buffer, std::size_t size, std::size_t count, void* user)
{
  auto* upload = static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = upload->bytes.size() - upload->offset;
  const std::size_t n = left < room ? left : room;
  std::memcpy(buffer, upload->bytes.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// CURLOPT_DEBUGFUNCTION: feed the session log. No exception may escape into
// libcurl.
int
on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user)
{
  auto* log = static_cast<SmtpSessionLog*>(user);
  try {
    const std::string_view text(data, size);
    switch (type) {
    case CURLINFO_HEADER_OUT:
      log->on_client_text(text);
      break;
    case CURLINFO_HEADER_IN:
      log->on_server_text(text);
      break;
    case CURLINFO_TEXT:
      log->on_info(text);
      break;
    case CURLINFO_DATA_OUT:
      log->on_body_sent(size);
      break;
    default:
      break;
    }
  } catch (...) {
    // Losing a transcript line is better than unwinding through C code.
  }
  return 0;
}

// The URL libcurl needs: scheme from the TLS mode, path = the EHLO name
// (libcurl sends the URL path as its EHLO argument).
std::string
session_url(const Route& route)
{
  std::string url = route.url;
  const std::size_t scheme_end = url.find("://");
  std::string rest = scheme_end == std::string::npos ? url : url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  const char* scheme = route.tls == TlsMode::tls ? "smtps://" : "smtp://";
  return scheme + rest + "/" + route.ehlo;
}

std::int64_t
info_ms(CURL* handle, CURLINFO what)
{
  curl_off_t us = 0;
  if (curl_easy_getinfo(handle, what, &us) != CURLE_OK || us <= 0) {
    return -1;
  }
  return static_cast<std::int64_t>(us / 1000);
}

void
configure_tls(CURL* handle, const Route& route)
{
  // Verification is always on; there is no global or environment switch to turn
  // it off.
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!route.ca_file.empty()) {
    curl_easy_setopt(handle, CURLOPT_CAINFO, route.ca_file.c_str());
  }
  // CURLUSESSL_ALL, not TRY: a server without STARTTLS makes the transfer fail
  // instead of silently continuing in plaintext (and libcurl then never sends
  // AUTH).
  curl_easy_setopt(
    handle, CURLOPT_USE_SSL, route.tls == TlsMode::none ? CURLUSESSL_NONE : CURLUSESSL_ALL);
}

// Classify a finished session into the Submission's outcome fields.
void
classify(Submission& s, CURLcode rc, const SmtpSessionLog& log, const char* error_text)
{
  const auto& reply = log.last_reply();
  if (rc == CURLE_OK && reply && log.last_reply_step() == SmtpStep::end_of_data
      && reply->code / 100 == 2) {
    s.outcome = SubmitOutcome::accepted;
    s.step = SmtpStep::end_of_data;
    s.reply = *reply;
    s.accepted_at_ms = log.last_reply_at_ms();
    s.queue_id = extract_queue_id(reply->text);
    return;
  }
  if (reply && reply->code >= 400) {
    s.outcome = reply->code >= 500 ? SubmitOutcome::rejected : SubmitOutcome::deferred;
    s.step = log.last_reply_step();
    s.reply = *reply;
    return;
  }
  s.step = log.step();
  s.reply = reply.value_or(SmtpReply{});
  if (rc == CURLE_OPERATION_TIMEDOUT && log.step() == SmtpStep::end_of_data) {
    s.outcome = SubmitOutcome::uncertain;
    s.error =
      "no reply to the end of DATA before the timeout: the server may have "
      "accepted "
      "the message";
    return;
  }
  s.outcome = SubmitOutcome::failed;
  if (rc == CURLE_USE_SSL_FAILED) {
    s.step = SmtpStep::starttls;
    s.error = "the server did not offer STARTTLS; refusing to continue without TLS";
  } else {
    s.error = std::string(curl_easy_strerror(rc)) + (error_text[0] ? ": " : "") + error_text;
  }
}

} // namespace

Submission
submit_probe(const Probe& probe,
             const Route& route,
             const std::string& message_id,
             const std::string& message_bytes,
             const Clock& clock,
             const SubmitOptions& options)
{
  curl::ensure_global_init();
  Submission s;
  s.probe_id = probe.id;
  s.message_id = message_id;
  s.message_bytes = message_bytes;
  s.started_at_ms = clock.now_ms();

  curl::Easy handle(curl_easy_init());
  if (!handle) {
    s.error = "cannot create a libcurl handle";
    return s;
  }
  CURL* h = handle.get();
  char error_text[CURL_ERROR_SIZE] = {0};
  SmtpSessionLog log(clock);
  Upload upload{message_bytes};
  const std::string url = session_url(route);
  const std::string mail_from = "<" + route.mail_from + ">";
  curl::Slist recipients(curl_slist_append(nullptr, ("<" + probe.seed + ">").c_str()));

  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // worker threads: no SIGALRM for timeouts
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout_ms));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_ms));
  configure_tls(h, route);
  if (!route.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, route.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, route.password.reveal().c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message_bytes.size()));
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L); // needed for the debug callback
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &log);

  const CURLcode rc = curl_easy_perform(h);

  classify(s, rc, log, error_text);
  if (!route.user.empty() && !log.auth_attempted() && s.outcome != SubmitOutcome::accepted
      && s.step != SmtpStep::connect && s.step != SmtpStep::starttls) {
    s.error += std::string(s.error.empty() ? "" : "; ")
               + "the server did not offer AUTH, so the credentials were not used";
  }
  s.connect_ms = info_ms(h, CURLINFO_CONNECT_TIME_T);
  s.total_ms = info_ms(h, CURLINFO_TOTAL_TIME_T);
  if (route.tls == TlsMode::tls) {
    // Both times count from the start of the transfer; the difference is the
    // handshake.
    const std::int64_t app_connect_ms = info_ms(h, CURLINFO_APPCONNECT_TIME_T);
    s.tls_ms = app_connect_ms < 0 ? -1 : app_connect_ms - std::max<std::int64_t>(s.connect_ms, 0);
  } else {
    s.tls_ms = log.starttls_handshake_ms();
  }
  s.tls_version = log.tls_version();
  s.transcript = log.transcript();
  return s;
}

} // namespace inboxprobe
