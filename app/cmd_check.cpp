// `inboxprobe check`: the SMTP health of each route (sender/smtp_check.hpp),
// evaluated against the thresholds, alerts recorded per route and notified,
// check metrics written; the exit code is the alert level (Nagios plugin
// convention), also for a bad configuration (3, unknown).
#include "check_text.hpp"
#include "commands.hpp"
#include "config.hpp"
#include "monitor_passes.hpp"

#include <reports/metrics.hpp>
#include <reports/nagios.hpp>
#include <sender/smtp_check.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace inboxprobe {

namespace {

constexpr std::string_view k_service = "INBOXPROBE CHECK";

int
unknown(const CheckCommandOptions& options, const std::string& why)
{
  if (options.nagios) {
    std::cout << nagios_line(k_service, AlertLevel::unknown, {}, why, {}) << "\n";
  } else {
    std::cerr << "inboxprobe: " << why << "\n";
  }
  return exit_code_of(AlertLevel::unknown);
}

std::vector<const Route*>
selected_routes(const Config& config, const std::vector<std::string>& names)
{
  std::vector<const Route*> out;
  for (const Route& route : config.routes) {
    if (names.empty() || std::find(names.begin(), names.end(), route.name) != names.end()) {
      out.push_back(&route);
    }
  }
  for (const std::string& name : names) {
    if (std::none_of(out.begin(), out.end(), [&](const Route* r) { return r->name == name; })) {
      throw ConfigError("--route: no route named \"" + name + "\" in " + config.path);
    }
  }
  return out;
}

CheckOptions
check_options(const Config& config, const Route& route, bool relay_probe)
{
  const RouteMonitoring& rm = config.monitoring.for_route(route.name);
  CheckOptions o;
  o.relay_probe = relay_probe;
  o.relay_recipient = rm.relay_probe_recipient;
  o.read_postfix_queue = rm.read_postfix_queue;
  o.postfix_config_dir = rm.postfix_config_dir;
  return o;
}

// Check one route, evaluate, record and notify its alerts.
SmtpHealth
check_route(const Config& config,
            const Route& route,
            Store* store,
            const CheckCommandOptions& options,
            std::vector<Alert>& alerts,
            const Clock& clock)
{
  SmtpHealth health =
    check_smtp_server(route, clock, check_options(config, route, options.open_relay_probe));
  const std::int64_t now_ms = clock.now_ms();
  const std::vector<Alert> found =
    evaluate_check(health, config.monitoring.thresholds.for_route(route.name), now_ms);
  alerts.insert(alerts.end(), found.begin(), found.end());
  if (!options.nagios) {
    std::cout << check_text(health, found, now_ms);
  }
  if (store && options.notify) {
    const auto dedup =
      record_alerts(*store, "check/" + config.campaign.name + "/" + route.name, found, now_ms);
    if (!dedup) {
      std::cerr << "inboxprobe: " << dedup.error().code << ": " << dedup.error().what << "\n";
    } else {
      const AlertBatch batch{"check",
                             config.campaign.name,
                             "check of " + route.name,
                             now_ms,
                             overall_level(found),
                             dedup->notices};
      notify_alerts(config, batch, "", "", std::cerr, clock);
    }
  }
  return health;
}

} // namespace

int
check_command(const CheckCommandOptions& options)
{
  Config config;
  std::vector<const Route*> routes;
  try {
    config = load_config(options.config_path);
    routes = selected_routes(config, options.routes);
  } catch (const ConfigError& e) {
    return unknown(options, std::string("configuration: ") + e.what());
  }
  // `check` may come before the first run: the history's directory is made as `run` does.
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(config.campaign.db_path).parent_path(),
                                      ec);
  auto store = Store::open(config.campaign.db_path);
  if (!store) {
    return unknown(options, store.error().code + ": " + store.error().what);
  }
  SystemClock clock;
  std::vector<SmtpHealth> checks;
  std::vector<Alert> alerts;
  for (const Route* route : routes) {
    checks.push_back(check_route(config, *route, &*store, options, alerts, clock));
  }
  const AlertLevel level = overall_level(alerts);
  if (!config.monitoring.metrics.check_textfile.empty()) {
    MetricsText metrics;
    add_check_metrics(metrics, config.campaign.name, checks, alerts);
    if (auto written =
          write_metrics_file(config.monitoring.metrics.check_textfile, metrics.render());
        !written) {
      std::cerr << "inboxprobe: " << written.error().code << ": " << written.error().what << "\n";
    }
  }
  const std::string ok = std::to_string(checks.size()) + " routes healthy";
  const std::string line =
    nagios_line(k_service,
                level,
                alerts,
                ok,
                check_perfdata(checks, config.monitoring.thresholds, clock.now_ms()));
  std::cout << (options.nagios ? line : "overall: " + std::string(to_string(level))) << "\n";
  return exit_code_of(level);
}

} // namespace inboxprobe
