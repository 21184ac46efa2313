// One health-check session with a libcurl easy handle (smtp_check_session.hpp).
#include "smtp_check_session.hpp"

#include "certificate_info.hpp"

#include <core/error.hpp>

#include <algorithm>
#include <cstring>

namespace inboxprobe {

namespace {

int
debug_callback(CURL*, curl_infotype type, char* data, std::size_t size, void* user)
{
  try {
    static_cast<SmtpCheckSession*>(user)->on_debug(type, std::string_view(data, size));
  } catch (...) {
    // Losing a line is better than unwinding through libcurl.
  }
  return 0;
}

// The NOOP reply arrives as "body": nothing to keep.
std::size_t
discard_body(char*, std::size_t size, std::size_t count, void*)
{
  return size * count;
}

// The relay probe's upload: abort before a single byte of content, so that
// the server never receives the end of data and nothing can be delivered.
std::size_t
abort_upload(char*, std::size_t, std::size_t, void* user)
{
  *static_cast<bool*>(user) = true;
  return CURL_READFUNC_ABORT;
}

std::string
session_url(const Route& route)
{
  const std::size_t scheme_end = route.url.find("://");
  std::string rest = scheme_end == std::string::npos ? route.url : route.url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  // The URL path is what libcurl sends as its EHLO argument.
  return (route.tls == TlsMode::tls ? "smtps://" : "smtp://") + rest + "/" + route.ehlo;
}

std::string
error_code_of(CURLcode rc)
{
  switch (rc) {
  case CURLE_COULDNT_RESOLVE_HOST:
    return "smtp.dns";
  case CURLE_COULDNT_CONNECT:
    return "smtp.connect";
  case CURLE_OPERATION_TIMEDOUT:
    return "smtp.timeout";
  case CURLE_USE_SSL_FAILED:
    return "smtp.no_starttls";
  case CURLE_SSL_CONNECT_ERROR:
    return "tls.handshake";
  default:
    return "smtp.protocol";
  }
}

} // namespace

SmtpCheckSession::SmtpCheckSession(const Route& route,
                                   const Clock& clock,
                                   const CheckOptions& options,
                                   SessionKind kind,
                                   Verify verify)
  : m_route(route),
    m_kind(kind),
    m_handle(curl_easy_init()),
    m_url(session_url(route)),
    m_mail_from("<" + route.mail_from + ">"),
    m_log(clock),
    m_trace(route.tls == TlsMode::tls)
{
  if (!m_handle) {
    throw Bug("curl_easy_init failed");
  }
  set_options(options, verify);
}

void
SmtpCheckSession::set_options(const CheckOptions& options, Verify verify)
{
  CURL* h = m_handle.get();
  curl_easy_setopt(h, CURLOPT_URL, m_url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, m_error_text);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout_ms));
  // Per reply; libcurl 7.88 counts it in whole seconds (at least one).
  curl_easy_setopt(
    h,
    CURLOPT_SERVER_RESPONSE_TIMEOUT,
    static_cast<long>(std::max<std::int64_t>(1, (options.reply_timeout_ms + 999) / 1000)));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.session_timeout_ms));
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L); // QUIT at the end, and its reply timed
  curl_easy_setopt(h, CURLOPT_CERTINFO, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, verify == Verify::on ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, verify == Verify::on ? 2L : 0L);
  if (!m_route.ca_file.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, m_route.ca_file.c_str());
  }
  curl_easy_setopt(
    h, CURLOPT_USE_SSL, m_route.tls == TlsMode::none ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_callback);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, this);
  if (m_kind == SessionKind::health) {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "NOOP");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_body);
    if (!m_route.user.empty()) {
      curl_easy_setopt(h, CURLOPT_USERNAME, m_route.user.c_str());
      curl_easy_setopt(h, CURLOPT_PASSWORD, m_route.password.reveal().c_str());
    }
    return;
  }
  m_recipients.reset(curl_slist_append(nullptr, ("<" + options.relay_recipient + ">").c_str()));
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, m_mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, m_recipients.get());
  // No CURLOPT_INFILESIZE: with a known size of 0 libcurl would send the end
  // of data without asking the read callback.
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, abort_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &m_upload_aborted);
}

void
SmtpCheckSession::perform()
{
  m_start = std::chrono::steady_clock::now();
  m_rc = curl_easy_perform(m_handle.get());
}

void
SmtpCheckSession::on_debug(curl_infotype type, std::string_view text)
{
  const std::int64_t at_us = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::steady_clock::now() - m_start)
                               .count();
  switch (type) {
  case CURLINFO_HEADER_OUT:
    m_log.on_client_text(text);
    m_trace.on_client_text(text, at_us);
    break;
  case CURLINFO_HEADER_IN:
    m_log.on_server_text(text);
    m_trace.on_server_text(text, at_us);
    break;
  case CURLINFO_TEXT:
    m_log.on_info(text);
    // The moments the connection became usable, on the same clock as the
    // reply lines (libcurl's own timers count from a different start).
    if (m_connected_at_us < 0 && text.rfind("Connected to ", 0) == 0) {
      m_connected_at_us = at_us;
    }
    if (m_tls_ready_at_us < 0 && text.find("SSL connection using ") != std::string_view::npos) {
      m_tls_ready_at_us = at_us;
    }
    break;
  default:
    break;
  }
}

long
SmtpCheckSession::verify_result() const
{
  long result = 0;
  curl_easy_getinfo(m_handle.get(), CURLINFO_SSL_VERIFYRESULT, &result);
  return result;
}

std::string
SmtpCheckSession::verify_error() const
{
  // "SSL certificate problem: self-signed certificate" -> "self-signed certificate"
  std::string text = m_error_text;
  const std::string prefix = "SSL certificate problem: ";
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : text;
}

std::int64_t
SmtpCheckSession::info_us(CURLINFO what) const
{
  curl_off_t us = 0;
  if (curl_easy_getinfo(m_handle.get(), what, &us) != CURLE_OK || us <= 0) {
    return -1;
  }
  return static_cast<std::int64_t>(us);
}

std::vector<CertificateInfo>
SmtpCheckSession::chain() const
{
  std::vector<CertificateInfo> out;
  curl_certinfo* info = nullptr;
  if (curl_easy_getinfo(m_handle.get(), CURLINFO_CERTINFO, &info) != CURLE_OK || !info) {
    return out;
  }
  for (int i = 0; i < info->num_of_certs; ++i) {
    std::vector<std::string> entries;
    for (const curl_slist* item = info->certinfo[i]; item; item = item->next) {
      entries.emplace_back(item->data);
    }
    out.push_back(parse_certinfo(entries));
  }
  return out;
}

void
SmtpCheckSession::fill_error(SmtpHealth& h) const
{
  if (m_rc == CURLE_OK || m_rc == CURLE_LOGIN_DENIED) {
    return; // a refused AUTH is a finding about the server, not a failed check
  }
  h.error_code = error_code_of(m_rc);
  h.error = std::string(curl_easy_strerror(m_rc)) + (m_error_text[0] ? ": " : "") + m_error_text;
  if (m_rc == CURLE_USE_SSL_FAILED) {
    h.error = "the server did not offer STARTTLS; the check does not continue without TLS";
  }
}

void
SmtpCheckSession::fill(SmtpHealth& h) const
{
  h.dns_us = info_us(CURLINFO_NAMELOOKUP_TIME_T);
  h.connect_us = info_us(CURLINFO_CONNECT_TIME_T);
  h.total_us = info_us(CURLINFO_TOTAL_TIME_T);
  const std::int64_t app_connect_us = info_us(CURLINFO_APPCONNECT_TIME_T);
  h.connected = h.connect_us > 0 || m_trace.banner().has_value();
  if (m_route.tls == TlsMode::tls && app_connect_us > 0) {
    h.tls_connect_us = app_connect_us - std::max<std::int64_t>(h.connect_us, 0);
  }
  if (m_trace.banner()) {
    h.banner = *m_trace.banner();
    // With implicit TLS the greeting comes after the handshake.
    const std::int64_t ready_us =
      m_route.tls == TlsMode::tls ? m_tls_ready_at_us : m_connected_at_us;
    if (ready_us >= 0) {
      h.banner_us = std::max<std::int64_t>(0, m_trace.banner_at_us() - ready_us);
    }
  }
  h.before_tls = parse_ehlo_capabilities(m_trace.ehlo_before_tls());
  h.after_tls = parse_ehlo_capabilities(m_trace.ehlo_after_tls());
  h.starttls_us = m_trace.starttls_handshake_us();
  h.tls_version = m_log.tls_version();
  h.tls_cipher = m_log.tls_cipher();
  h.tls = !h.tls_version.empty();
  h.chain = chain();
  h.commands = m_trace.commands();
  if (!m_route.user.empty() && (m_trace.auth_reply() || (h.tls && h.after_tls.received))) {
    h.auth_ok = m_trace.auth_reply() && m_trace.auth_reply()->code == 235;
  }
  h.transcript = m_log.transcript();
  fill_error(h);
}

RelayProbe
SmtpCheckSession::relay_verdict() const
{
  RelayProbe probe;
  probe.recipient = std::string(m_recipients ? m_recipients->data : "");
  if (probe.recipient.size() > 2) {
    probe.recipient = probe.recipient.substr(1, probe.recipient.size() - 2);
  }
  const auto& mail = m_trace.reply_to(SmtpStep::mail);
  const auto& rcpt = m_trace.reply_to(SmtpStep::rcpt);
  if (rcpt) {
    probe.step = SmtpStep::rcpt;
    probe.reply = *rcpt;
    probe.verdict = rcpt->code / 100 == 2   ? RelayVerdict::open
                    : rcpt->code / 100 == 5 ? RelayVerdict::refused
                                            : RelayVerdict::inconclusive;
  } else if (mail && mail->code / 100 == 5) {
    probe.step = SmtpStep::mail;
    probe.reply = *mail;
    probe.verdict = RelayVerdict::refused;
  } else if (m_rc != CURLE_OK && m_rc != CURLE_ABORTED_BY_CALLBACK) {
    probe.error =
      std::string(curl_easy_strerror(m_rc)) + (m_error_text[0] ? ": " : "") + m_error_text;
  }
  return probe;
}

} // namespace inboxprobe
