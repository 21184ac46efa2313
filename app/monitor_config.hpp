// The monitoring part of the configuration: thresholds (global [thresholds]
// and per route [route.thresholds], merged), per-route check settings, where
// alerts go ([alerts]), where metrics are written ([metrics]) and how
// `inboxprobe serve` schedules and listens ([serve]). Read by
// config_monitoring.cpp into Config::monitoring.
#pragma once

#include <core/secret.hpp>
#include <reports/thresholds.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace inboxprobe {

struct RouteMonitoring
{
  // `postqueue -c DIR -j` of a local Postfix for this route; empty with
  // read_postfix_queue: the default instance.
  std::string postfix_config_dir;
  bool read_postfix_queue = false;
  std::string relay_probe_recipient = "inboxprobe-relay-probe@example.com";
};

struct AlertTargets
{
  std::vector<Secret> webhook_urls; // chat webhooks (a URL carries a token: a secret)
  std::string alertmanager_url;     // e.g. http://127.0.0.1:9093 (POST /api/v2/alerts)
  std::int64_t alertmanager_hold_ms = 2 * 3'600'000; // endsAt of firing alerts
  std::string email_route;           // a [[route]] name the alert email is sent through
  std::vector<std::string> email_to; // recipients
  std::int64_t timeout_ms = 10'000;  // each notification
};

struct MetricsFiles
{
  std::string textfile;       // run metrics (node_exporter textfile collector), "" = none
  std::string check_textfile; // check metrics, "" = none
};

struct ServeSettings
{
  std::string schedule; // cron expression or interval; --schedule overrides
  std::string listen = "127.0.0.1:9469";
};

struct Monitoring
{
  ThresholdSet thresholds;
  std::map<std::string, RouteMonitoring> routes; // by route name, every route present
  AlertTargets alerts;
  MetricsFiles metrics;
  ServeSettings serve;

  const RouteMonitoring& for_route(const std::string& route) const;
};

} // namespace inboxprobe
