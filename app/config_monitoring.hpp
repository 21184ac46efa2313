// Reading the monitoring configuration from the campaign file's TOML
// (monitor_config.hpp describes the keys). Internal to app/config.
#pragma once

#include "monitor_config.hpp"

#include <core/model.hpp>

#include <toml++/toml.h>

#include <functional>
#include <string>
#include <vector>

namespace inboxprobe {

// The keys a [[route]] table may have for monitoring, and the top-level
// tables (for the loader's unknown-key check).
const std::vector<std::string>& monitoring_route_keys();
const std::vector<std::string>& monitoring_top_keys();

// The monitoring settings of `root` (the campaign file `file`): [thresholds],
// [alerts], [metrics], [serve], and for each of `routes` (the [[route]]
// tables in order) its thresholds merged over the global ones and its check
// settings. `resolve_path` makes a relative path absolute. Throws ConfigError.
Monitoring read_monitoring(const toml::table& root,
                           const std::string& file,
                           const std::function<std::string(const std::string&)>& resolve_path,
                           const std::vector<Route>& routes);

} // namespace inboxprobe
