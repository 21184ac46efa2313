// The monitoring configuration: global thresholds, a route's own merged over
// them, alert targets, metrics files, serve settings, and the mistakes.
#include "commands.hpp"
#include "config.hpp"
#include "tests/support/temp_dir.hpp"

#include <core/error.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

using namespace inboxprobe;

namespace {

const std::string k_base = R"(
[campaign]
name = "nightly"

[[route]]
name = "a"
url = "smtp://127.0.0.1:10587"
mail_from = "a@sender.test"
postfix_config_dir = "pf/etc"
relay_probe_recipient = "x@relay.invalid"

[route.thresholds]
min_inbox_percent = 50
max_p95_latency = { warning = "30s", critical = "2m" }

[[route]]
name = "b"
url = "smtp://127.0.0.1:11587"
mail_from = "b@other.test"

[[seed]]
address = "seed1@inbox.test"
provider = "lab"
imap_url = "imap://127.0.0.1:10143"
password_env = "INBOXPROBE_TEST_SEED_SECRET"

[[content]]
name = "n"
subject = "s"
text = "t"
)";

Config
load(const std::string& text)
{
  setenv("INBOXPROBE_TEST_SEED_SECRET", "seed-secret", 1);
  test::TempDir dir;
  const auto path = dir.path() / "c.toml";
  std::ofstream(path) << text;
  chmod(path.c_str(), 0600);
  Config config = load_config(path.string());
  config.path = "c.toml";
  return config;
}

std::string
error_for(const std::string& text)
{
  try {
    load(text);
  } catch (const ConfigError& e) {
    const std::string message = e.what();
    return message.substr(message.find("c.toml"));
  }
  return "no error";
}

} // namespace

TEST_CASE("thresholds are global, and a route's own override them key by key", "[app][unit]")
{
  const Config config = load(k_base + R"(
[thresholds]
min_inbox_percent = { warning = 90, critical = 70 }
max_spam_percent = 10
auth_failure = "warning"
min_certificate_days = { warning = 21, critical = 7 }
max_queue_age = "1h"
inbox_drop_points = 15
baseline_days = 14

[alerts]
webhook_urls = ["http://127.0.0.1:9/hook"]
alertmanager_url = "http://127.0.0.1:9093"
email_route = "b"
email_to = ["ops@inbox.test"]

[metrics]
textfile = "metrics/inboxprobe.prom"

[serve]
schedule = "15 3 * * *"
listen = "127.0.0.1:9555"
)");
  const ThresholdSet& t = config.monitoring.thresholds;
  CHECK(t.global.min_inbox_percent.warning == 90.0);
  CHECK(t.global.min_inbox_percent.critical == 70.0);
  CHECK_FALSE(t.global.max_spam_percent.warning);
  CHECK(t.global.max_spam_percent.critical == 10.0);
  CHECK(t.global.auth_failure == AlertLevel::warning);
  CHECK(t.global.min_certificate_days.warning == 21.0);
  CHECK(t.global.max_queue_age_seconds.critical == 3600.0);
  CHECK(t.global.baseline_days == 14);
  const Thresholds& a = t.for_route("a");
  CHECK_FALSE(a.min_inbox_percent.warning); // replaced whole by the route's plain 50
  CHECK(a.min_inbox_percent.critical == 50.0);
  CHECK(a.max_p95_latency_seconds.warning == 30.0);
  CHECK(a.max_p95_latency_seconds.critical == 120.0);
  CHECK(a.max_spam_percent.critical == 10.0); // inherited
  CHECK(t.for_route("b").min_inbox_percent.warning == 90.0);
  CHECK(config.monitoring.for_route("a").read_postfix_queue);
  CHECK(config.monitoring.for_route("a").relay_probe_recipient == "x@relay.invalid");
  CHECK(config.monitoring.for_route("a").postfix_config_dir.find("/pf/etc") != std::string::npos);
  CHECK_FALSE(config.monitoring.for_route("b").read_postfix_queue);
  REQUIRE(config.monitoring.alerts.webhook_urls.size() == 1);
  CHECK(config.monitoring.alerts.webhook_urls[0].reveal() == "http://127.0.0.1:9/hook");
  CHECK(config.monitoring.alerts.email_route == "b");
  CHECK(config.monitoring.metrics.textfile.find("/metrics/inboxprobe.prom") != std::string::npos);
  CHECK(config.monitoring.serve.schedule == "15 3 * * *");
  CHECK(config.monitoring.serve.listen == "127.0.0.1:9555");
}

TEST_CASE("without monitoring settings only the check defaults apply", "[app][unit]")
{
  const Config config = load(k_base);
  const Thresholds& b = config.monitoring.thresholds.for_route("b");
  CHECK_FALSE(b.min_inbox_percent.set());
  CHECK(b.auth_failure == AlertLevel::ok);
  CHECK(b.check_failure == AlertLevel::critical);
  CHECK(b.min_certificate_days.warning == 14.0);
  CHECK(b.min_certificate_days.critical == 3.0);
  CHECK(config.monitoring.alerts.webhook_urls.empty());
  CHECK(config.monitoring.serve.listen == "127.0.0.1:9469");
}

TEST_CASE("monitoring configuration mistakes name the file, the line and the key", "[app][unit]")
{
  struct Case
  {
    std::string name;
    std::string extra;
    std::string error;
  };
  const std::vector<Case> cases = {
    {"unknown threshold",
     "[thresholds]\nmin_inbox_percnt = 5\n",
     "c.toml:32: thresholds.min_inbox_percnt: unknown key (did you mean min_inbox_percent?)"},
    {"bad level",
     "[thresholds]\nauth_failure = \"loud\"\n",
     "c.toml:32: thresholds.auth_failure: expected one of ignore, warning, critical, got \"loud\""},
    {"bad duration",
     "[thresholds]\nmax_p95_latency = 30\n",
     "c.toml:32: thresholds.max_p95_latency: expected a duration such as \"30s\" or \"2m\""},
    {"bad limit key",
     "[thresholds]\nmax_missing = { warnin = 1 }\n",
     "c.toml:32: max_missing.warnin: unknown key (did you mean warning?)"},
    {"email without recipients",
     "[alerts]\nemail_route = \"a\"\n",
     "alerts.email_to: give both email_route and email_to, or neither"},
    {"email through no route",
     "[alerts]\nemail_route = \"zz\"\nemail_to = [\"o@x.test\"]\n",
     "alerts.email_route: no route named \"zz\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string error = error_for(k_base + c.extra);
    CAPTURE(error);
    CHECK(error.find(c.error) != std::string::npos);
  }
}

TEST_CASE("a run that reports alert levels gives a bad configuration the level unknown",
          "[app][unit]")
{
  RunOptions options;
  options.config_path = "/nonexistent/inboxprobe/c.toml";
  CHECK_THROWS_AS(run_command(options), ConfigError); // main: exit 2, as before
  options.alert_exit_code = true;
  CHECK(run_command(options) == 3);
  CheckCommandOptions check;
  check.config_path = options.config_path;
  check.nagios = true;
  CHECK(check_command(check) == 3);
}
