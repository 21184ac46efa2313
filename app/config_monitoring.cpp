// Reading the monitoring configuration (monitor_config.hpp). A threshold is
// a number (the critical limit) or a table { warning = N, critical = N }; a
// duration threshold takes duration strings ("30s") the same way; a level is
// "ignore", "warning" or "critical". Route thresholds start from the global
// ones and override what they name.
#include "config_monitoring.hpp"

#include "config_reader.hpp"

#include <core/duration.hpp>
#include <core/error.hpp>

namespace inboxprobe {

namespace {

const std::vector<std::string> k_threshold_keys = {"min_inbox_percent",
                                                   "max_spam_percent",
                                                   "max_missing",
                                                   "max_p95_latency",
                                                   "auth_failure",
                                                   "inbox_drop_points",
                                                   "latency_increase_factor",
                                                   "baseline_days",
                                                   "min_baseline_runs",
                                                   "check_failure",
                                                   "min_certificate_days",
                                                   "max_queue_messages",
                                                   "max_queue_age"};
const std::vector<std::string> k_levels = {"ignore", "warning", "critical"};

std::optional<double>
limit_value(TableReader& reader, const std::string& key, const toml::node& node, bool duration)
{
  if (duration) {
    const auto text = node.value<std::string>();
    const auto ms = text ? parse_duration_ms(*text) : std::nullopt;
    if (!ms) {
      reader.fail_at(key, "expected a duration such as \"30s\" or \"2m\"");
    }
    return *ms / 1000.0;
  }
  if (!node.is_number()) {
    reader.fail_at(key, "expected a number");
  }
  return node.value<double>();
}

// `key` as a Limit: a plain value is the critical limit.
void
read_limit(TableReader& reader, const std::string& key, Limit& limit, bool duration = false)
{
  const toml::node* node = reader.table().get(key);
  if (!node) {
    return;
  }
  if (!node->is_table()) {
    limit = Limit{std::nullopt, limit_value(reader, key, *node, duration)};
    return;
  }
  // Rejects any key but these two, with the file and line.
  TableReader inner(*node->as_table(), reader.file(), key, {"warning", "critical"});
  limit = Limit{};
  for (const std::string& level : {std::string("warning"), std::string("critical")}) {
    if (const toml::node* value = node->as_table()->get(level)) {
      (level == "warning" ? limit.warning : limit.critical) =
        limit_value(reader, key, *value, duration);
    }
  }
}

void
read_level(TableReader& reader, const std::string& key, AlertLevel& level)
{
  if (const auto text = reader.choice(key, k_levels)) {
    level = *text == "ignore" ? AlertLevel::ok : *parse_alert_level(*text);
  }
}

Thresholds
read_thresholds(TableReader& r, Thresholds t)
{
  read_limit(r, "min_inbox_percent", t.min_inbox_percent);
  read_limit(r, "max_spam_percent", t.max_spam_percent);
  read_limit(r, "max_missing", t.max_missing);
  read_limit(r, "max_p95_latency", t.max_p95_latency_seconds, true);
  read_level(r, "auth_failure", t.auth_failure);
  read_limit(r, "inbox_drop_points", t.inbox_drop_points);
  read_limit(r, "latency_increase_factor", t.latency_increase_factor);
  t.baseline_days = static_cast<int>(r.integer("baseline_days", 1, 365).value_or(t.baseline_days));
  t.min_baseline_runs =
    static_cast<int>(r.integer("min_baseline_runs", 1, 1000).value_or(t.min_baseline_runs));
  read_level(r, "check_failure", t.check_failure);
  read_limit(r, "min_certificate_days", t.min_certificate_days);
  read_limit(r, "max_queue_messages", t.max_queue_messages);
  read_limit(r, "max_queue_age", t.max_queue_age_seconds, true);
  return t;
}

const toml::table*
sub_table(const toml::table& root, const std::string& key, const std::string& file)
{
  const toml::node* node = root.get(key);
  if (node && !node->is_table()) {
    throw ConfigError(file + ":" + std::to_string(node->source().begin.line) + ": " + key
                      + ": expected a table ([" + key + "])");
  }
  return node ? node->as_table() : nullptr;
}

void
read_alerts(const toml::table& root, const std::string& file, Monitoring& m)
{
  const toml::table* table = sub_table(root, "alerts", file);
  if (!table) {
    return;
  }
  TableReader r(*table,
                file,
                "alerts",
                {"webhook_urls",
                 "alertmanager_url",
                 "alertmanager_hold",
                 "email_route",
                 "email_to",
                 "timeout"});
  for (std::string& url : r.string_array("webhook_urls")) {
    m.alerts.webhook_urls.emplace_back(std::move(url));
  }
  m.alerts.alertmanager_url = r.string("alertmanager_url").value_or("");
  m.alerts.alertmanager_hold_ms =
    r.duration_ms("alertmanager_hold").value_or(m.alerts.alertmanager_hold_ms);
  m.alerts.email_route = r.string("email_route").value_or("");
  m.alerts.email_to = r.string_array("email_to");
  m.alerts.timeout_ms = r.duration_ms("timeout").value_or(m.alerts.timeout_ms);
  if (m.alerts.email_route.empty() != m.alerts.email_to.empty()) {
    r.fail_at("email_to", "give both email_route and email_to, or neither");
  }
}

void
read_sections(const toml::table& root, const std::string& file, Monitoring& m)
{
  if (const toml::table* table = sub_table(root, "thresholds", file)) {
    TableReader r(*table, file, "thresholds", k_threshold_keys);
    m.thresholds.global = read_thresholds(r, m.thresholds.global);
  }
  read_alerts(root, file, m);
  if (const toml::table* table = sub_table(root, "metrics", file)) {
    TableReader r(*table, file, "metrics", {"textfile", "check_textfile"});
    m.metrics.textfile = r.string("textfile").value_or("");
    m.metrics.check_textfile = r.string("check_textfile").value_or("");
  }
  if (const toml::table* table = sub_table(root, "serve", file)) {
    TableReader r(*table, file, "serve", {"schedule", "listen"});
    m.serve.schedule = r.string("schedule").value_or("");
    m.serve.listen = r.string("listen").value_or(m.serve.listen);
  }
}

} // namespace

const std::vector<std::string>&
monitoring_route_keys()
{
  static const std::vector<std::string> keys = {
    "thresholds", "postfix_config_dir", "postfix_queue", "relay_probe_recipient"};
  return keys;
}

const std::vector<std::string>&
monitoring_top_keys()
{
  static const std::vector<std::string> keys = {"thresholds", "alerts", "metrics", "serve"};
  return keys;
}

Monitoring
read_monitoring(const toml::table& root,
                const std::string& file,
                const std::function<std::string(const std::string&)>& resolve_path,
                const std::vector<Route>& routes)
{
  Monitoring m;
  read_sections(root, file, m);
  m.metrics.textfile = resolve_path(m.metrics.textfile);
  m.metrics.check_textfile = resolve_path(m.metrics.check_textfile);
  const toml::array* array = root.get("route") ? root.get("route")->as_array() : nullptr;
  std::size_t index = 0;
  for (const Route& route : routes) {
    const toml::table* table =
      array && index < array->size() ? (*array)[index].as_table() : nullptr;
    ++index;
    RouteMonitoring& rm = m.routes[route.name];
    m.thresholds.routes[route.name] = m.thresholds.global;
    if (!table) {
      continue;
    }
    const std::string prefix = "route[" + std::to_string(index) + "]";
    const toml::node* thresholds = table->get("thresholds");
    if (thresholds && thresholds->is_table()) {
      TableReader r(*thresholds->as_table(), file, prefix + ".thresholds", k_threshold_keys);
      m.thresholds.routes[route.name] = read_thresholds(r, m.thresholds.global);
    } else if (thresholds) {
      throw ConfigError(file + ": " + prefix + ".thresholds: expected a table");
    }
    // The route reader has checked the keys already: allow what is there.
    std::vector<std::string> present;
    for (const auto& [key, value] : *table) {
      present.emplace_back(key.str());
    }
    TableReader r(*table, file, prefix, present);
    rm.postfix_config_dir = resolve_path(r.string("postfix_config_dir").value_or(""));
    rm.read_postfix_queue = r.boolean("postfix_queue").value_or(!rm.postfix_config_dir.empty());
    rm.relay_probe_recipient = r.string("relay_probe_recipient").value_or(rm.relay_probe_recipient);
  }
  if (!m.alerts.email_route.empty() && !m.routes.count(m.alerts.email_route)) {
    throw ConfigError(file + ": alerts.email_route: no route named \"" + m.alerts.email_route
                      + "\"");
  }
  return m;
}

const RouteMonitoring&
Monitoring::for_route(const std::string& route) const
{
  static const RouteMonitoring k_default;
  const auto it = routes.find(route);
  return it == routes.end() ? k_default : it->second;
}

} // namespace inboxprobe
