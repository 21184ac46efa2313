// What `inboxprobe serve` keeps between events: the configuration, the run
// in progress (a child process), the counters it exposes, and the metrics of
// the campaign's last run (refreshed from the history when a run ends).
// Internal to app (cmd_serve.cpp).
#pragma once

#include "config.hpp"

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace inboxprobe {

using ServeLog = std::function<void(const std::string&)>;

class ServeState
{
public:
  explicit ServeState(Config config);

  const Config&
  config() const
  {
    return m_config;
  }
  // Use `config` from now on (the run in progress keeps the one it started with).
  void replace_config(Config config);
  void count_reload(bool success);

  // Start `inboxprobe resume` for the campaign's newest unfinished run of the
  // last 24 hours; false when there is none.
  bool start_resume(const ServeLog& log);
  // Start `inboxprobe run`, unless a run is still in progress (then skip it).
  void start_run(const ServeLog& log);
  // Collect a finished child (after SIGCHLD), count it, refresh the metrics.
  void reap_children(const ServeLog& log);
  // Stop the run in progress: SIGTERM, then SIGKILL after 10 s. Its records
  // so far stay in the history and the next start resumes it.
  void stop_child(const ServeLog& log);

  // Rebuild the last run's metrics from the history.
  void refresh_metrics();
  // The exposition text: the last run's metrics and serve's own.
  std::string metrics_text() const;
  std::string health_text() const;

private:
  void spawn(const std::vector<std::string>& args, const std::string& what, const ServeLog& log);

  Config m_config;
  pid_t m_child = -1;
  std::string m_child_what; // "run" or "resume RUN_ID"
  std::int64_t m_started_at_ms = 0;
  std::map<std::string, int> m_runs; // by result: success, failure, interrupted
  int m_reloads_ok = 0;
  int m_reloads_failed = 0;
  std::string m_run_metrics;
};

} // namespace inboxprobe
