// SMTP health check sessions with libcurl (smtp_check.hpp). A custom request
// "NOOP" without recipients makes libcurl run the session up to AUTH and
// then send NOOP; CURLOPT_FORBID_REUSE makes it QUIT at the end; the debug
// callback sees every line (SmtpSessionLog for the redacted transcript and
// the TLS details, SmtpCheckTrace for timings and EHLO replies);
// CURLOPT_CERTINFO gives the chain, CURLINFO_SSL_VERIFYRESULT the X.509
// verification result. Verified against Postfix on the wire (docs/monitoring.md).
#include "smtp_check.hpp"

#include "certificate_info.hpp"
#include "curl_handle.hpp"
#include "postfix_queue.hpp"
#include "smtp_check_session.hpp"

#include <memory>

namespace inboxprobe {

namespace {

// The host part of an smtp:// or smtps:// URL: "[::1]" keeps its brackets.
std::string
url_host(const std::string& url)
{
  const std::size_t scheme_end = url.find("://");
  std::string rest = scheme_end == std::string::npos ? url : url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  if (!rest.empty() && rest.front() == '[') {
    return rest.substr(0, rest.find(']') + 1);
  }
  return rest.substr(0, rest.find(':'));
}

void
add_finding(
  SmtpHealth& h, const char* code, Severity severity, std::string message, std::string evidence)
{
  h.findings.push_back({code, severity, std::move(message), std::move(evidence)});
}

std::string
joined(const std::vector<std::string>& words)
{
  std::string out;
  for (const std::string& w : words) {
    out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

void
add_session_findings(SmtpHealth& h, const Route& route)
{
  if (h.banner.code != 0 && h.banner.code != 220) {
    add_finding(h,
                "smtp.banner_refused",
                Severity::error,
                "the server greets with " + std::to_string(h.banner.code) + " instead of 220",
                h.banner.text);
  }
  if (h.before_tls.received && !h.before_tls.auth_mechanisms.empty()) {
    add_finding(h,
                "smtp.auth_before_tls",
                Severity::warning,
                "AUTH is offered on the unencrypted connection, before STARTTLS: a client may "
                "send its password in clear text",
                "AUTH " + joined(h.before_tls.auth_mechanisms));
  }
  if (route.tls == TlsMode::starttls && h.before_tls.received && !h.before_tls.starttls) {
    add_finding(h,
                "smtp.starttls_missing",
                Severity::error,
                "the server does not offer STARTTLS",
                joined(h.before_tls.keywords));
  }
  if (h.tls_version == "TLSv1" || h.tls_version == "TLSv1.1" || h.tls_version == "SSLv3") {
    add_finding(h,
                "tls.old_version",
                Severity::warning,
                h.tls_version + " is deprecated (RFC 8996)",
                h.tls_cipher);
  }
}

void
add_tls_findings(SmtpHealth& h)
{
  if (h.chain_valid == false) {
    add_finding(h,
                "tls.chain_invalid",
                Severity::error,
                "the certificate chain does not verify: " + h.chain_error,
                h.chain.empty() ? "" : h.chain.front().subject);
  }
  if (h.host_matches == false) {
    std::string names =
      joined(h.chain.empty() ? std::vector<std::string>{} : h.chain.front().dns_names);
    add_finding(h,
                "tls.host_mismatch",
                Severity::error,
                "the certificate does not name the host " + url_host(h.url),
                names);
  }
}

void
add_auth_finding(SmtpHealth& h, const SmtpCheckSession& session)
{
  if (h.auth_ok != false) {
    return;
  }
  const auto& reply = session.trace().auth_reply();
  if (reply) {
    add_finding(h,
                "smtp.auth_failed",
                Severity::error,
                "the route's credentials were refused (" + std::to_string(reply->code) + ")",
                reply->text);
  } else {
    add_finding(h,
                "smtp.auth_unavailable",
                Severity::error,
                "the server did not offer AUTH, so the route's credentials could not be tried",
                "AUTH " + joined(h.after_tls.auth_mechanisms));
  }
}

// The verified session, and when the certificate did not verify, a second
// one without verification that measures the rest.
void
run_health_sessions(SmtpHealth& h,
                    const Route& route,
                    const Clock& clock,
                    const CheckOptions& options)
{
  auto session =
    std::make_unique<SmtpCheckSession>(route, clock, options, SessionKind::health, Verify::on);
  session->perform();
  const bool verify_failed = session->rc() == CURLE_PEER_FAILED_VERIFICATION;
  if (verify_failed) {
    h.chain_valid = session->verify_result() == 0;
    h.chain_error = session->verify_error();
    session =
      std::make_unique<SmtpCheckSession>(route, clock, options, SessionKind::health, Verify::off);
    session->perform();
  }
  session->fill(h);
  if (!verify_failed && h.tls) {
    h.chain_valid = true; // libcurl verified it during the handshake
  }
  if (!h.chain.empty()) {
    h.host_matches = certificate_matches_host(h.chain.front(), url_host(route.url));
  }
  add_auth_finding(h, *session);
}

RelayProbe
run_relay_probe(const Route& route, const Clock& clock, const CheckOptions& options)
{
  SmtpCheckSession session(route, clock, options, SessionKind::relay_probe, Verify::off);
  session.perform();
  return session.relay_verdict();
}

} // namespace

SmtpHealth
check_smtp_server(const Route& route, const Clock& clock, const CheckOptions& options)
{
  curl::ensure_global_init();
  SmtpHealth h;
  h.route = route.name;
  h.url = route.url;
  h.tls_mode = route.tls;
  h.checked_at_ms = clock.now_ms();
  run_health_sessions(h, route, clock, options);
  add_session_findings(h, route);
  add_tls_findings(h);
  if (options.relay_probe && h.connected) {
    h.relay = run_relay_probe(route, clock, options);
    if (h.relay->verdict == RelayVerdict::open) {
      add_finding(h,
                  "smtp.open_relay",
                  Severity::error,
                  "an unauthenticated client may relay to " + h.relay->recipient
                    + ": an open relay",
                  std::to_string(h.relay->reply.code) + " " + h.relay->reply.text);
    } else if (h.relay->verdict == RelayVerdict::inconclusive) {
      add_finding(h,
                  "smtp.relay_probe_inconclusive",
                  Severity::warning,
                  "the open-relay probe was not answered with a refusal or an acceptance",
                  h.relay->error.empty()
                    ? std::to_string(h.relay->reply.code) + " " + h.relay->reply.text
                    : h.relay->error);
    }
  }
  if (options.read_postfix_queue) {
    h.queue = read_postfix_queue(options.postfix_config_dir, options.queue_timeout_ms);
  }
  return h;
}

} // namespace inboxprobe
