// The monitoring outputs: the Nagios line with performance data, the chat
// webhook and Alertmanager payloads, and the Prometheus metrics text
// (validated with promtool).
#include "report_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <reports/alert_payload.hpp>
#include <reports/metrics.hpp>
#include <reports/nagios.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>

using namespace inboxprobe;

namespace {

SmtpHealth
sample_health()
{
  SmtpHealth h;
  h.route = "relay \"a\"";
  h.checked_at_ms = 1'800'000'000'000;
  h.connected = true;
  h.dns_us = 40;
  h.connect_us = 412;
  h.banner_us = 2100;
  h.starttls_us = 36'000;
  h.total_us = 58'000;
  h.banner = {220, "", "smtp.example ESMTP"};
  h.before_tls.received = true;
  h.before_tls.starttls = true;
  h.after_tls.received = true;
  h.after_tls.auth_mechanisms = {"PLAIN"};
  h.tls = true;
  h.chain_valid = true;
  h.host_matches = true;
  h.chain.push_back({"CN=x", "CN=x", 1'790'000'000, 1'802'592'000, {"x"}, {}});
  h.commands = {{"EHLO", 250, 310}, {"NOOP", 250, 120}};
  h.relay =
    RelayProbe{"r@example.com", RelayVerdict::refused, SmtpStep::rcpt, {554, "5.7.1", "no"}, ""};
  h.queue = PostfixQueue{"/etc/postfix", "", 2, 2, 0, 1'799'999'000};
  return h;
}

} // namespace

TEST_CASE("the Nagios line has the level, the alerts worst first and the perfdata",
          "[reports][unit]")
{
  const std::vector<Alert> alerts = {
    {AlertLevel::warning, "spam_rate.high", "a", "a: spam | high", {}, {}},
    {AlertLevel::critical, "smtp.check_failed", "b", "b: refused\nagain", {}, {}},
  };
  const std::vector<PerfDatum> perf = {
    {"a_inbox", 62.5, "%", "90:", "70:", 0.0, 100.0},
    {"b connect", 0.000412, "s", "", "", 0.0, {}},
    {"c'x", 3, "", "", "", {}, {}},
  };
  CHECK(nagios_line("INBOXPROBE CHECK", AlertLevel::critical, alerts, "all fine", perf)
        == "INBOXPROBE CHECK CRITICAL - b: refused again; a: spam / high | a_inbox=62.5%;90:;70:;0;100 "
           "'b connect'=0.000412s;;;0 'c''x'=3");
  CHECK(nagios_line("INBOXPROBE RUN", AlertLevel::ok, {}, "2 routes, 10 probes", {})
        == "INBOXPROBE RUN OK - 2 routes, 10 probes");
  CHECK(nagios_range(10.0, Breach::above) == "10");
  CHECK(nagios_range(70.0, Breach::below) == "70:");
  CHECK(nagios_range(std::nullopt, Breach::below).empty());
}

TEST_CASE("a run's perfdata carries each route's rates with its thresholds as ranges",
          "[reports][unit]")
{
  test::ReportFixture fixture;
  const RunReport report = build_run_report(fixture.input, test::k_generated_at_ms);
  ThresholdSet set;
  set.global.min_inbox_percent = {90.0, 50.0};
  set.global.max_p95_latency_seconds = {30.0, std::nullopt};
  const auto perf = run_perfdata(report, set);
  REQUIRE(perf.size() >= 4);
  CHECK(perf[0].label == "relay-a_inbox");
  CHECK(perf[0].value == Approx(60.0));
  CHECK(perf[0].warn == "90:");
  CHECK(perf[0].crit == "50:");
  CHECK(perf[3].label == "relay-a_latency_p95");
  CHECK(perf[3].value == Approx(61.0));
  CHECK(perf[3].warn == "30");
}

TEST_CASE("the webhook payload has a Slack/Mattermost text and the structured alerts",
          "[reports][unit]")
{
  AlertBatch batch;
  batch.source = "run";
  batch.campaign = "nightly";
  batch.subject = "run R1";
  batch.at_ms = 1'764'404'100'000; // 2025-11-29 08:15:00 UTC
  batch.level = AlertLevel::critical;
  batch.notices = {
    {AlertChange::opened,
     {AlertLevel::critical, "inbox_rate.low", "relay-b", "relay-b: inbox low", {}, {}},
     batch.at_ms},
    {AlertChange::resolved,
     {AlertLevel::warning, "spam_rate.high", "relay-a", "relay-a: spam high", {}, {}},
     batch.at_ms - 86'400'000},
  };
  const auto payload = nlohmann::json::parse(webhook_payload(batch));
  CHECK(payload["text"]
        == "inboxprobe run of campaign nightly, run R1: CRITICAL at 2025-11-29 08:15:00 UTC\n"
           "OPENED critical: relay-b: inbox low (since 2025-11-29 08:15:00 UTC)\n"
           "RESOLVED: relay-a: spam high\n");
  CHECK(payload["level"] == "critical");
  REQUIRE(payload["alerts"].size() == 2);
  CHECK(payload["alerts"][0]["change"] == "opened");
  CHECK(payload["alerts"][1]["route"] == "relay-a");
  CHECK(payload["alerts"][1]["since"] == "2025-11-28T08:15:00.000Z");
  CHECK(alert_subject(batch) == "[inboxprobe] CRITICAL nightly: run R1: 1 opened, 1 resolved");

  const auto alerts = nlohmann::json::parse(alertmanager_payload(batch, 3'600'000));
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0]["labels"]["alertname"] == "inbox_rate.low");
  CHECK(alerts[0]["labels"]["severity"] == "critical");
  CHECK(alerts[0]["labels"]["route"] == "relay-b");
  CHECK(alerts[0]["annotations"]["summary"] == "relay-b: inbox low");
  CHECK(alerts[0]["endsAt"] == "2025-11-29T09:15:00.000Z"); // firing: held for an hour
  CHECK(alerts[1]["endsAt"] == "2025-11-29T08:15:00.000Z"); // resolved now
}

TEST_CASE("metric values are written in the exposition format's forms", "[reports][unit]")
{
  struct Case
  {
    double value;
    std::string expected;
  };
  const std::vector<Case> cases = {{3, "3"},
                                   {0.5, "0.5"},
                                   {0.000412, "0.000412"},
                                   {1'764'404'100.25, "1764404100.25"},
                                   {std::nan(""), "NaN"},
                                   {HUGE_VAL, "+Inf"},
                                   {-HUGE_VAL, "-Inf"}};
  for (const Case& c : cases) {
    CAPTURE(c.expected);
    CHECK(metric_value(c.value) == c.expected);
  }
}

TEST_CASE("the metrics text groups each family under its HELP and TYPE, labels escaped",
          "[reports][unit]")
{
  test::ReportFixture fixture;
  fixture.input.run.state = "done";
  fixture.input.run.finished_at_ms = test::k_started_at_ms + 90'000;
  const RunReport report = build_run_report(fixture.input, test::k_generated_at_ms);
  MetricsText out;
  add_run_metrics(out, report, {{AlertLevel::critical, "inbox_rate.low", "relay-b", "x", {}, {}}});
  add_check_metrics(out, "nightly", {sample_health()}, {});
  const std::string text = out.render();
  CAPTURE(text);
  const std::vector<std::string> lines = {
    "# TYPE inboxprobe_last_run_timestamp_seconds gauge\n"
    "inboxprobe_last_run_timestamp_seconds{campaign=\"nightly\"} 1764404190\n",
    "inboxprobe_run_duration_seconds{campaign=\"nightly\"} 90\n",
    "inboxprobe_run_success{campaign=\"nightly\"} 1\n",
    "inboxprobe_run_probes{campaign=\"nightly\",route=\"relay-a\",placement=\"inbox\"} 3\n",
    "inboxprobe_run_inbox_ratio{campaign=\"nightly\",route=\"relay-a\"} 0.6\n",
    "inboxprobe_run_latency_p95_seconds{campaign=\"nightly\",route=\"relay-a\"} 61\n",
    "inboxprobe_send_success{campaign=\"nightly\",route=\"relay-b\"} 0\n",
    "inboxprobe_seed_probes{campaign=\"nightly\",route=\"relay-a\",seed=\"alice@gmail.example\","
    "provider=\"gmail\",placement=\"inbox\"} 2\n",
    "inboxprobe_alerts{campaign=\"nightly\",source=\"run\",level=\"critical\"} 1\n",
    "inboxprobe_check_step_duration_seconds{campaign=\"nightly\",route=\"relay \\\"a\\\"\","
    "step=\"connect\"} 0.000412\n",
    "inboxprobe_smtp_command_duration_seconds{campaign=\"nightly\",route=\"relay \\\"a\\\"\","
    "command=\"NOOP\"} 0.00012\n",
    "inboxprobe_smtp_capability{campaign=\"nightly\",route=\"relay \\\"a\\\"\","
    "phase=\"before_tls\",capability=\"STARTTLS\"} 1\n",
    "inboxprobe_tls_certificate_expiry_timestamp_seconds{campaign=\"nightly\",route=\"relay "
    "\\\"a\\\"\"} 1802592000\n",
    "inboxprobe_smtp_open_relay{campaign=\"nightly\",route=\"relay \\\"a\\\"\"} 0\n",
    "inboxprobe_postfix_queue_oldest_message_age_seconds{campaign=\"nightly\",route=\"relay "
    "\\\"a\\\"\"} 1000\n",
  };
  for (const std::string& line : lines) {
    CAPTURE(line);
    CHECK(text.find(line) != std::string::npos);
  }
  // One HELP per family even though two sources add inboxprobe_alerts.
  std::size_t helps = 0;
  for (std::size_t at = 0; (at = text.find("# HELP inboxprobe_alerts ", at)) != std::string::npos;
       ++at) {
    ++helps;
  }
  CHECK(helps == 1);

  // promtool (Debian package prometheus) is the reference linter.
  test::TempDir dir;
  std::ofstream(dir.path() / "metrics.prom") << text;
  const std::string command =
    "promtool check metrics < " + (dir.path() / "metrics.prom").string() + " 2>&1";
  CHECK(std::system(command.c_str()) == 0);
}
