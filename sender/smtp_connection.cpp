// SmtpConnection with one libcurl easy handle: libcurl keeps the connection of
// an easy handle open after a successful transfer and reuses it when the same
// handle performs again with the same URL and credentials (verified on the
// wire against the lab Postfix: one connection, EHLO and AUTH once, then MAIL,
// RCPT, DATA per probe; docs/sender.md). Options are set as in curl's
// docs/examples/smtp-tls.c; the session is followed through the debug callback
// (SmtpSessionLog) and classified by classify_attempt.
#include "smtp_connection.hpp"

#include "curl_handle.hpp"
#include "smtp_session_log.hpp"
#include "submit_outcome.hpp"

#include <core/error.hpp>

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
  const CommitPoint& commit_point;
  std::size_t offset = 0;
  bool committed = false;
  bool withheld = false; // commit_point said no: the final "." was never sent
};

// CURLOPT_READFUNCTION: hand libcurl the next piece of the message. libcurl
// sends the final "." once it has the last byte (CURLOPT_INFILESIZE), so the
// commit point comes just before that byte is handed over. No exception may
// escape into libcurl.
std::size_t
read_message(char* buffer, std::size_t size, std::size_t count, void* user)
{
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->bytes.size() - upload->offset);
  if (upload->offset + n == upload->bytes.size() && !upload->committed) {
    upload->committed = true;
    try {
      upload->withheld = upload->commit_point && !upload->commit_point();
    } catch (...) {
      upload->withheld = true;
    }
    if (upload->withheld) {
      return CURL_READFUNC_ABORT;
    }
  }
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
// (libcurl sends the URL path as its EHLO argument; without one it sends a
// bogus default).
std::string
session_url(const Route& route)
{
  const std::size_t scheme_end = route.url.find("://");
  std::string rest = scheme_end == std::string::npos ? route.url : route.url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  const char* scheme = route.tls == TlsMode::tls ? "smtps://" : "smtp://";
  return scheme + rest + "/" + route.ehlo;
}

// A CURLINFO_*_TIME_T value in µs, or -1 when not reached (0).
std::int64_t
info_us(CURL* handle, CURLINFO what)
{
  curl_off_t us = 0;
  if (curl_easy_getinfo(handle, what, &us) != CURLE_OK || us <= 0) {
    return -1;
  }
  return static_cast<std::int64_t>(us);
}

// Milliseconds between two CURLINFO times, -1 when either was not reached.
std::int64_t
between_ms(std::int64_t from_us, std::int64_t to_us)
{
  return from_us < 0 || to_us < 0 ? -1 : (to_us - from_us) / 1000;
}

void
configure_tls(CURL* handle, const Route& route)
{
  const long verify = route.insecure_skip_verify ? 0L : 1L; // reported as a finding
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, verify);
  curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, verify * 2L);
  if (!route.ca_file.empty()) {
    curl_easy_setopt(handle, CURLOPT_CAINFO, route.ca_file.c_str());
  }
  // CURLUSESSL_ALL, not TRY: a server without STARTTLS makes the transfer fail
  // instead of silently continuing in plaintext (and libcurl then never sends
  // AUTH).
  curl_easy_setopt(
    handle, CURLOPT_USE_SSL, route.tls == TlsMode::none ? CURLUSESSL_NONE : CURLUSESSL_ALL);
}

// CURLOPT_LOGIN_OPTIONS: restrict SASL to the configured mechanism.
const char*
login_options(AuthMechanism auth)
{
  switch (auth) {
  case AuthMechanism::plain:
    return "AUTH=PLAIN";
  case AuthMechanism::login:
    return "AUTH=LOGIN";
  case AuthMechanism::xoauth2:
    return "AUTH=XOAUTH2";
  case AuthMechanism::automatic:
    break;
  }
  return nullptr;
}

void
configure_auth(CURL* handle, const Route& route)
{
  if (route.user.empty()) {
    return; // a relay that knows us by IP address
  }
  curl_easy_setopt(handle, CURLOPT_USERNAME, route.user.c_str());
  if (route.auth == AuthMechanism::xoauth2) {
    curl_easy_setopt(handle, CURLOPT_XOAUTH2_BEARER, route.oauth2_token.reveal().c_str());
  } else {
    curl_easy_setopt(handle, CURLOPT_PASSWORD, route.password.reveal().c_str());
  }
  if (const char* options = login_options(route.auth)) {
    curl_easy_setopt(handle, CURLOPT_LOGIN_OPTIONS, options);
  }
}

} // namespace

struct SmtpConnection::Impl
{
  const Route& route;
  const Clock& clock;
  curl::Easy handle;
  std::string url;
  std::string mail_from;
  std::vector<Finding> findings;
  // The TLS session of the open connection, for the attempts that reuse it.
  std::string tls_version;
  std::string tls_cipher;
  char error_text[CURL_ERROR_SIZE] = {0};

  Impl(const Route& r, const Clock& c);
  Submission attempt(const Probe& probe,
                     const std::string& message_bytes,
                     std::int64_t started_at_ms,
                     bool fresh_connection,
                     const CommitPoint& commit_point);
  void record_timings(Submission& s, const SmtpSessionLog& log);
};

SmtpConnection::Impl::Impl(const Route& r, const Clock& c)
  : route(r),
    clock(c),
    url(session_url(r)),
    mail_from("<" + r.mail_from + ">"),
    findings(route_findings(r))
{
  curl::ensure_global_init();
  handle.reset(curl_easy_init());
  if (!handle) {
    throw Bug("curl_easy_init failed (out of memory)");
  }
  CURL* h = handle.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // worker threads: no SIGALRM for timeouts
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(route.connect_timeout_ms));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(route.timeout_ms));
  // libcurl waits 120 s for any one reply unless told otherwise; the route's
  // timeout bounds the reply to "." as well (whole seconds, rounded up).
  curl_easy_setopt(
    h, CURLOPT_SERVER_RESPONSE_TIMEOUT, static_cast<long>((route.timeout_ms + 999) / 1000));
  configure_tls(h, route);
  configure_auth(h, route);
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L); // needed for the debug callback
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
}

void
SmtpConnection::Impl::record_timings(Submission& s, const SmtpSessionLog& log)
{
  CURL* h = handle.get();
  const std::int64_t lookup_us = info_us(h, CURLINFO_NAMELOOKUP_TIME_T);
  const std::int64_t connect_us = info_us(h, CURLINFO_CONNECT_TIME_T);
  s.reused_connection = log.reused_connection();
  s.dns_ms = s.reused_connection || lookup_us < 0 ? -1 : lookup_us / 1000;
  s.connect_ms = between_ms(lookup_us, connect_us);
  // Implicit TLS: the handshake is what lies between TCP connect and "app
  // connect"; for STARTTLS the log times it from the 220 to the next command.
  s.tls_ms = route.tls == TlsMode::tls
               ? between_ms(connect_us, info_us(h, CURLINFO_APPCONNECT_TIME_T))
               : log.starttls_handshake_ms();
  s.greeting_ms = log.greeting_ms();
  s.end_of_data_ms = log.end_of_data_ms();
  const std::int64_t total_us = info_us(h, CURLINFO_TOTAL_TIME_T);
  s.total_ms = total_us < 0 ? -1 : total_us / 1000;
  if (!s.reused_connection) {
    tls_version = log.tls_version();
    tls_cipher = log.tls_cipher();
  }
  s.tls_version = tls_version;
  s.tls_cipher = tls_cipher;
}

Submission
SmtpConnection::Impl::attempt(const Probe& probe,
                              const std::string& message_bytes,
                              std::int64_t started_at_ms,
                              bool fresh_connection,
                              const CommitPoint& commit_point)
{
  CURL* h = handle.get();
  Submission s;
  s.probe_id = probe.id;
  s.started_at_ms = started_at_ms;
  s.findings = findings;
  error_text[0] = '\0';
  SmtpSessionLog log(clock);
  Upload upload{message_bytes, commit_point};
  curl::Slist recipients(curl_slist_append(nullptr, ("<" + probe.seed + ">").c_str()));
  curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, fresh_connection ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message_bytes.size()));
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &log);

  const CURLcode rc = curl_easy_perform(h);

  // Nothing may point at this attempt's locals once it is over.
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(h, CURLOPT_READDATA, nullptr);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, nullptr);
  classify_attempt(s,
                   rc,
                   log,
                   error_text,
                   route.user.empty() ? AuthWanted::no : AuthWanted::yes,
                   {upload.offset, message_bytes.size()});
  if (upload.withheld) {
    s.outcome = SubmitOutcome::failed;
    s.step = SmtpStep::data;
    s.error =
      "not sent: the attempt could not be recorded first, so the final \".\" was "
      "withheld (the server discards the incomplete message)";
  }
  record_timings(s, log);
  s.transcript = log.transcript();
  return s;
}

SmtpConnection::SmtpConnection(const Route& route, const Clock& clock)
  : m_impl(std::make_unique<Impl>(route, clock))
{
}

SmtpConnection::~SmtpConnection() = default;
SmtpConnection::SmtpConnection(SmtpConnection&&) noexcept = default;
SmtpConnection& SmtpConnection::operator=(SmtpConnection&&) noexcept = default;

Submission
SmtpConnection::submit(const Probe& probe,
                       const std::string& message_id,
                       const std::string& message_bytes,
                       std::int64_t started_at_ms,
                       const CommitPoint& commit_point)
{
  Submission s = m_impl->attempt(probe, message_bytes, started_at_ms, false, commit_point);
  if (s.reused_connection && s.outcome == SubmitOutcome::failed && s.reply.code == 0
      && s.step != SmtpStep::data) {
    // The server closed the idle connection between libcurl's liveness check
    // and our MAIL FROM: nothing reached it, so a new connection is safe.
    const std::string first_transcript = s.transcript;
    s = m_impl->attempt(probe, message_bytes, m_impl->clock.now_ms(), true, commit_point);
    s.transcript =
      first_transcript + "* the reused connection failed; retried on a new one\n" + s.transcript;
  }
  s.message_id = message_id;
  s.message_bytes = message_bytes;
  return s;
}

std::vector<Finding>
route_findings(const Route& route)
{
  std::vector<Finding> findings;
  if (route.tls == TlsMode::none) {
    const bool credentials = !route.user.empty();
    findings.push_back({"tls.plaintext_route",
                        credentials ? Severity::error : Severity::warning,
                        credentials
                          ? "this route sends the message and its AUTH credentials without TLS"
                          : "this route sends the message without TLS",
                        "route " + route.name + ": tls = \"none\""
                          + (credentials ? ", allow_plaintext_auth = true" : "")});
  }
  if (route.insecure_skip_verify) {
    findings.push_back({"tls.verification_disabled",
                        Severity::warning,
                        "this route does not verify the server's certificate or host name",
                        "route " + route.name + ": insecure_skip_verify = true"});
  }
  return findings;
}

} // namespace inboxprobe
