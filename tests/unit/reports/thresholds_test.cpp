// Threshold evaluation: absolute limits per route of the fixed report,
// per-route overrides, change detection against earlier runs, and the
// health-check limits.
#include "report_fixture.hpp"

#include <reports/thresholds.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

namespace {

// "route code level" per alert, in evaluation order.
std::vector<std::string>
summary(const std::vector<Alert>& alerts)
{
  std::vector<std::string> out;
  for (const Alert& a : alerts) {
    out.push_back(a.route + " " + a.code + " " + std::string(to_string(a.level)));
  }
  return out;
}

RunReport
fixture_report()
{
  test::ReportFixture fixture;
  return build_run_report(fixture.input, test::k_generated_at_ms);
}

} // namespace

TEST_CASE("a run's absolute thresholds raise one alert per broken limit and route",
          "[reports][unit]")
{
  // relay-a: 5 probes, 3 inbox (60 %), 1 spam (20 %), 1 missing, p95 61 s, one DKIM and
  // DMARC fail; relay-b: 4 probes, none in the inbox, 1 spam (25 %), p95 4 s.
  const RunReport report = fixture_report();
  struct Case
  {
    std::string name;
    Thresholds thresholds;
    std::vector<std::string> expected;
  };
  Thresholds inbox;
  inbox.min_inbox_percent = {70.0, 50.0};
  Thresholds spam;
  spam.max_spam_percent = {10.0, 22.0};
  Thresholds missing;
  missing.max_missing = {std::nullopt, 0.0};
  Thresholds latency;
  latency.max_p95_latency_seconds = {30.0, 120.0};
  Thresholds auth;
  auth.auth_failure = AlertLevel::critical;
  const std::vector<Case> cases = {
    {"none set", Thresholds{}, {}},
    {"min inbox", inbox, {"relay-a inbox_rate.low warning", "relay-b inbox_rate.low critical"}},
    {"max spam", spam, {"relay-a spam_rate.high warning", "relay-b spam_rate.high critical"}},
    {"max missing", missing, {"relay-a missing.high critical"}},
    {"max p95", latency, {"relay-a latency.high warning"}},
    {"auth failures",
     auth,
     {"relay-a auth.dkim_fail critical", "relay-a auth.dmarc_fail critical"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    ThresholdSet set;
    set.global = c.thresholds;
    CHECK(summary(evaluate_run(report, set)) == c.expected);
  }
}

TEST_CASE("a threshold alert names the route, the value and the limit it broke", "[reports][unit]")
{
  ThresholdSet set;
  set.global.min_inbox_percent = {70.0, 50.0};
  const auto alerts = evaluate_run(fixture_report(), set);
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0].message == "relay-a: inbox rate is 60 %, below the warning limit of 70 %");
  CHECK(alerts[0].value == Approx(60.0));
  CHECK(alerts[0].threshold == Approx(70.0));
  CHECK(alerts[1].message == "relay-b: inbox rate is 0 %, below the critical limit of 50 %");
}

TEST_CASE("a route's own thresholds replace the global ones for that route", "[reports][unit]")
{
  ThresholdSet set;
  set.global.min_inbox_percent = {70.0, 50.0};
  set.routes["relay-b"] = Thresholds{}; // relay-b is known to land nowhere near the inbox
  CHECK(summary(evaluate_run(fixture_report(), set))
        == std::vector<std::string>{"relay-a inbox_rate.low warning"});
}

TEST_CASE("change detection compares a route with its own runs of the baseline window",
          "[reports][unit]")
{
  struct Case
  {
    std::string name;
    std::vector<std::int64_t> days_before; // earlier runs, each 100 % inbox with p95 10 s
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
    {"three runs in the week",
     {1, 2, 3},
     {"relay-a inbox_rate.drop warning", "relay-a latency.increase critical"}},
    {"two runs are too few", {1, 2}, {}},
    {"runs older than the window do not count", {1, 2, 8}, {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    test::ReportFixture fixture;
    for (const std::int64_t days : c.days_before) {
      TrendPoint point;
      point.run_id = "earlier-" + std::to_string(days);
      point.campaign = "nightly";
      point.started_at_ms = test::k_started_at_ms - days * 86'400'000;
      RouteTrendPoint route;
      route.route = "relay-a";
      route.counts.add(Placement::inbox, 5);
      route.latency_p95_ms = 10'000;
      point.routes.push_back(route);
      point.overall = route.counts;
      fixture.input.history.push_back(point);
    }
    const RunReport report = build_run_report(fixture.input, test::k_generated_at_ms);
    ThresholdSet set;
    set.global.inbox_drop_points = {20.0, 50.0};     // 100 % -> 60 %: a 40 point drop
    set.global.latency_increase_factor = {2.0, 5.0}; // 61 s against 10 s: 6.1 times
    const auto alerts = evaluate_run(report, set);
    CHECK(summary(alerts) == c.expected);
    if (!alerts.empty()) {
      CHECK(alerts[0].message
            == "relay-a: inbox rate 60 %: the drop from its 7-day baseline of 100 % is 40 "
               "points, above the warning limit of 20 points");
    }
  }
}

TEST_CASE("a limit is broken by values beyond it, critical before warning", "[reports][unit]")
{
  struct Case
  {
    double value;
    Breach breach;
    AlertLevel expected;
  };
  const Limit limit{10.0, 20.0};
  const Limit floor{20.0, 10.0};
  const std::vector<Case> cases = {
    {10.0, Breach::above, AlertLevel::ok},
    {10.5, Breach::above, AlertLevel::warning},
    {20.5, Breach::above, AlertLevel::critical},
    {20.0, Breach::below, AlertLevel::ok},
    {19.0, Breach::below, AlertLevel::warning},
    {9.0, Breach::below, AlertLevel::critical},
  };
  for (const Case& c : cases) {
    CAPTURE(c.value);
    CHECK(level_of(c.breach == Breach::above ? limit : floor, c.value, c.breach) == c.expected);
  }
  CHECK(level_of(Limit{}, 1e9, Breach::above) == AlertLevel::ok);
}

TEST_CASE("a health check's failures, findings, certificate and queue raise alerts",
          "[reports][unit]")
{
  const std::int64_t now_ms = 1'800'000'000'000;
  const std::int64_t now = now_ms / 1000;
  struct Case
  {
    std::string name;
    SmtpHealth health;
    std::vector<std::string> expected;
  };
  SmtpHealth healthy;
  healthy.route = "r";
  healthy.chain.push_back({"CN=x", "CN=x", now - 86'400, now + 30 * 86'400, {"x"}, {}});
  SmtpHealth refused = healthy;
  refused.chain.clear();
  refused.error = "cannot connect to 127.0.0.1:25: Connection refused";
  refused.error_code = "smtp.connect";
  SmtpHealth auth_before_tls = healthy;
  auth_before_tls.findings.push_back(
    {"smtp.auth_before_tls", Severity::warning, "AUTH offered before STARTTLS", "AUTH PLAIN"});
  SmtpHealth open_relay = healthy;
  open_relay.findings.push_back({"smtp.open_relay", Severity::error, "open relay", "250"});
  SmtpHealth expiring = healthy;
  expiring.chain[0].not_after_at = now + 10 * 86'400;
  SmtpHealth expired = healthy;
  expired.chain[0].not_after_at = now - 60;
  SmtpHealth queued = healthy;
  queued.queue = PostfixQueue{"/etc/postfix", "", 5, 5, 0, now - 7200};
  SmtpHealth unreadable = healthy;
  unreadable.queue = PostfixQueue{"/etc/postfix", "postqueue: fatal: no such file", 0, 0, 0, {}};
  const std::vector<Case> cases = {
    {"healthy", healthy, {}},
    {"refused", refused, {"r smtp.check_failed critical"}},
    {"auth before tls", auth_before_tls, {"r smtp.auth_before_tls warning"}},
    {"open relay", open_relay, {"r smtp.open_relay critical"}},
    {"expires in 10 days", expiring, {"r tls.certificate_expiry warning"}},
    {"expired", expired, {"r tls.certificate_expiry critical"}},
    {"queue", queued, {"r postfix.queue_length warning", "r postfix.queue_age critical"}},
    {"queue unreadable", unreadable, {"r postfix.queue_unreadable unknown"}},
  };
  Thresholds t;
  t.max_queue_messages = {1.0, std::nullopt};
  t.max_queue_age_seconds = {600.0, 3600.0};
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(summary(evaluate_check(c.health, t, now_ms)) == c.expected);
  }
  const auto expiry = evaluate_check(expiring, t, now_ms);
  REQUIRE(expiry.size() == 1);
  CHECK(expiry[0].message
        == "r: the certificate's time to expiry is 10 days, below the warning limit of 14 days");
}

TEST_CASE("days until expiry round down, so an expired certificate has negative days",
          "[reports][unit]")
{
  struct Case
  {
    std::int64_t seconds_left;
    std::int64_t expected;
  };
  const std::vector<Case> cases = {
    {86'400 * 29 + 5, 29}, {86'399, 0}, {0, 0}, {-1, -1}, {-86'400, -1}, {-86'401, -2}};
  const std::int64_t now_ms = 1'800'000'000'000;
  for (const Case& c : cases) {
    CAPTURE(c.seconds_left);
    CHECK(days_until(now_ms / 1000 + c.seconds_left, now_ms) == c.expected);
  }
}
