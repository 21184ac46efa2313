// The health check metrics: per route, each step's success and duration,
// per-command reply times, capabilities before and after STARTTLS (RFC
// 3207), certificate expiry, the open-relay verdict and a Postfix queue.
#include "metrics.hpp"

namespace inboxprobe {

namespace {

double
seconds(std::int64_t us)
{
  return static_cast<double>(us) / 1e6;
}

void
declare_check_families(MetricsText& out)
{
  out.family("inboxprobe_check_success",
             "gauge",
             "1 when the route's last health check raised no check failure.");
  out.family("inboxprobe_last_check_timestamp_seconds",
             "gauge",
             "When the route was last checked, UTC epoch seconds.");
  out.family(
    "inboxprobe_check_step_success", "gauge", "1 when the step of the last check succeeded.");
  out.family("inboxprobe_check_step_duration_seconds",
             "gauge",
             "Duration of the step of the last check (connect counts from the start).");
  out.family("inboxprobe_smtp_command_duration_seconds",
             "gauge",
             "Time from an SMTP command to its complete reply in the last check.");
  out.family("inboxprobe_smtp_capability",
             "gauge",
             "1 when the server offered the EHLO keyword (phase before_tls or after_tls).");
  out.family("inboxprobe_tls_certificate_expiry_timestamp_seconds",
             "gauge",
             "notAfter of the server's leaf certificate, UTC epoch seconds.");
  out.family("inboxprobe_smtp_open_relay",
             "gauge",
             "1 when the unauthenticated relay probe was accepted (an open relay).");
  out.family("inboxprobe_postfix_queue_messages", "gauge", "Messages in the local Postfix queue.");
  out.family("inboxprobe_postfix_queue_oldest_message_age_seconds",
             "gauge",
             "Age of the oldest message in the local Postfix queue at the check.");
}

void
add_step(MetricsText& out, const MetricLabels& labels, const std::string& step, bool ok)
{
  MetricLabels with = labels;
  with.emplace_back("step", step);
  out.sample("inboxprobe_check_step_success", with, ok ? 1 : 0);
}

void
add_duration(MetricsText& out, const MetricLabels& labels, const std::string& step, std::int64_t us)
{
  if (us < 0) {
    return;
  }
  MetricLabels with = labels;
  with.emplace_back("step", step);
  out.sample("inboxprobe_check_step_duration_seconds", with, seconds(us));
}

void
add_capabilities(MetricsText& out,
                 const MetricLabels& labels,
                 const std::string& phase,
                 const SmtpCapabilities& caps)
{
  if (!caps.received) {
    return;
  }
  const std::vector<std::pair<std::string, bool>> flags = {
    {"STARTTLS", caps.starttls},
    {"AUTH", !caps.auth_mechanisms.empty()},
    {"SIZE", caps.size_bytes.has_value()},
    {"PIPELINING", caps.pipelining},
    {"8BITMIME", caps.eightbitmime},
    {"SMTPUTF8", caps.smtputf8},
    {"CHUNKING", caps.chunking},
    {"REQUIRETLS", caps.requiretls},
    {"ENHANCEDSTATUSCODES", caps.enhancedstatuscodes}};
  for (const auto& [name, offered] : flags) {
    MetricLabels with = labels;
    with.emplace_back("phase", phase);
    with.emplace_back("capability", name);
    out.sample("inboxprobe_smtp_capability", with, offered ? 1 : 0);
  }
}

void
add_steps(MetricsText& out, const MetricLabels& labels, const SmtpHealth& h)
{
  add_step(out, labels, "connect", h.connected);
  add_step(out, labels, "banner", h.banner.code == 220);
  add_step(out, labels, "ehlo", h.after_tls.received || h.before_tls.received);
  if (h.tls_mode != TlsMode::none) {
    add_step(out, labels, "tls", h.tls);
    add_step(
      out, labels, "certificate", h.chain_valid.value_or(false) && h.host_matches.value_or(false));
  }
  if (h.auth_ok) {
    add_step(out, labels, "auth", *h.auth_ok);
  }
  if (h.relay) {
    add_step(out, labels, "relay_refused", h.relay->verdict == RelayVerdict::refused);
  }
  if (h.queue) {
    add_step(out, labels, "queue", h.queue->error.empty());
  }
  add_duration(out, labels, "dns", h.dns_us);
  add_duration(out, labels, "connect", h.connect_us);
  add_duration(out, labels, "banner", h.banner_us);
  add_duration(out, labels, "tls_handshake", h.starttls_us >= 0 ? h.starttls_us : h.tls_connect_us);
  add_duration(out, labels, "session", h.total_us);
}

void
add_route_check(MetricsText& out,
                const std::string& campaign,
                const SmtpHealth& h,
                const std::vector<Alert>& alerts)
{
  const MetricLabels labels = {{"campaign", campaign}, {"route", h.route}};
  bool failed = false;
  for (const Alert& alert : alerts) {
    failed = failed || (alert.route == h.route && alert.level == AlertLevel::critical);
  }
  out.sample("inboxprobe_check_success", labels, failed ? 0 : 1);
  out.sample("inboxprobe_last_check_timestamp_seconds", labels, h.checked_at_ms / 1000.0);
  add_steps(out, labels, h);
  for (const CommandTiming& c : h.commands) {
    if (c.reply_us >= 0) {
      MetricLabels with = labels;
      with.emplace_back("command", c.command);
      out.sample("inboxprobe_smtp_command_duration_seconds", with, seconds(c.reply_us));
    }
  }
  add_capabilities(out, labels, "before_tls", h.before_tls);
  add_capabilities(out, labels, "after_tls", h.after_tls);
  if (!h.chain.empty()) {
    out.sample("inboxprobe_tls_certificate_expiry_timestamp_seconds",
               labels,
               static_cast<double>(h.chain.front().not_after_at));
  }
  if (h.relay) {
    out.sample(
      "inboxprobe_smtp_open_relay", labels, h.relay->verdict == RelayVerdict::open ? 1 : 0);
  }
  if (h.queue && h.queue->error.empty()) {
    out.sample("inboxprobe_postfix_queue_messages", labels, h.queue->messages);
    const double age = h.queue->oldest_arrival_at
                         ? static_cast<double>(h.checked_at_ms / 1000 - *h.queue->oldest_arrival_at)
                         : 0.0;
    out.sample("inboxprobe_postfix_queue_oldest_message_age_seconds", labels, age);
  }
}

} // namespace

void
add_check_metrics(MetricsText& out,
                  const std::string& campaign,
                  const std::vector<SmtpHealth>& checks,
                  const std::vector<Alert>& alerts)
{
  declare_check_families(out);
  for (const SmtpHealth& h : checks) {
    add_route_check(out, campaign, h, alerts);
  }
  add_alert_metrics(out, campaign, "check", alerts);
}

} // namespace inboxprobe
