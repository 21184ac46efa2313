// The state of `inboxprobe serve` (serve_state.hpp): child runs spawned
// without a shell, reaped on SIGCHLD; metrics from the history.
#include "serve_state.hpp"

#include "run_passes.hpp"

#include <reports/metrics.hpp>
#include <reports/thresholds.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstring>
#include <thread>

extern char** environ;

namespace inboxprobe {

namespace {

std::int64_t
now_ms()
{
  return SystemClock().now_ms();
}

// This executable, for the child runs (the same build as the server).
std::string
self_path()
{
  char path[4096] = {0};
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  return n > 0 ? std::string(path, static_cast<std::size_t>(n)) : "inboxprobe";
}

} // namespace

ServeState::ServeState(Config config) : m_config(std::move(config)), m_started_at_ms(now_ms())
{
}

void
ServeState::replace_config(Config config)
{
  m_config = std::move(config);
  count_reload(true);
  refresh_metrics();
}

void
ServeState::count_reload(bool success)
{
  ++(success ? m_reloads_ok : m_reloads_failed);
}

void
ServeState::spawn(const std::vector<std::string>& args,
                  const std::string& what,
                  const ServeLog& log)
{
  std::vector<std::string> owned = args;
  std::vector<char*> argv;
  for (std::string& arg : owned) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  const std::string exe = self_path();
  const int rc = posix_spawn(&pid, exe.c_str(), nullptr, nullptr, argv.data(), environ);
  if (rc != 0) {
    ++m_runs["failure"];
    log("cannot start " + what + ": " + std::strerror(rc));
    return;
  }
  m_child = pid;
  m_child_what = what;
  log("started " + what + " (pid " + std::to_string(pid) + ")");
}

bool
ServeState::start_resume(const ServeLog& log)
{
  auto store = Store::open(m_config.campaign.db_path);
  if (!store) {
    log("cannot open the history: " + store.error().what);
    return false;
  }
  const std::int64_t since_ms = now_ms() - 86'400'000;
  const auto runs = store->list_campaign_runs(m_config.campaign.name, since_ms, INT64_MAX, 20);
  if (!runs) {
    return false;
  }
  for (const Run& run : *runs) { // newest first
    if (run.state != "done") {
      spawn({"inboxprobe", "resume", "--config", m_config.path, "--run", run.id},
            "resume " + run.id,
            log);
      return m_child > 0;
    }
  }
  return false;
}

void
ServeState::start_run(const ServeLog& log)
{
  if (m_child > 0) {
    ++m_runs["skipped"];
    log("schedule fired while " + m_child_what + " is still in progress: skipped");
    return;
  }
  spawn({"inboxprobe", "run", "--config", m_config.path}, "run", log);
}

void
ServeState::reap_children(const ServeLog& log)
{
  int status = 0;
  pid_t pid = 0;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    if (pid != m_child) {
      continue;
    }
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    const std::string how = WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                              : "signal " + std::to_string(WTERMSIG(status));
    ++m_runs[ok ? "success" : "failure"];
    log(m_child_what + " finished (" + how + ")");
    m_child = -1;
    refresh_metrics();
  }
}

void
ServeState::stop_child(const ServeLog& log)
{
  if (m_child <= 0) {
    return;
  }
  log("stopping " + m_child_what + " (pid " + std::to_string(m_child)
      + "); the next start resumes it");
  kill(m_child, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (waitpid(m_child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(m_child, SIGKILL);
      waitpid(m_child, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ++m_runs["interrupted"];
  m_child = -1;
}

void
ServeState::refresh_metrics()
{
  auto store = Store::open(m_config.campaign.db_path);
  if (!store) {
    return;
  }
  const auto runs = store->list_campaign_runs(m_config.campaign.name, INT64_MIN, INT64_MAX, 1);
  if (!runs || runs->empty()) {
    return;
  }
  const auto report = build_report_from_store(*store, runs->front().id, now_ms());
  if (!report) {
    return;
  }
  MetricsText text;
  add_run_metrics(text, *report, evaluate_run(*report, m_config.monitoring.thresholds));
  m_run_metrics = text.render();
}

std::string
ServeState::metrics_text() const
{
  MetricsText serve;
  serve.family(
    "inboxprobe_serve_start_timestamp_seconds", "gauge", "When inboxprobe serve started.");
  serve.sample("inboxprobe_serve_start_timestamp_seconds", {}, m_started_at_ms / 1000.0);
  serve.family("inboxprobe_serve_run_in_progress", "gauge", "1 while a run is in progress.");
  serve.sample("inboxprobe_serve_run_in_progress", {}, m_child > 0 ? 1 : 0);
  serve.family("inboxprobe_serve_runs_total",
               "counter",
               "Runs started by inboxprobe serve, by how they ended.");
  for (const std::string result : {"success", "failure", "interrupted", "skipped"}) {
    const auto it = m_runs.find(result);
    serve.sample(
      "inboxprobe_serve_runs_total", {{"result", result}}, it == m_runs.end() ? 0 : it->second);
  }
  serve.family(
    "inboxprobe_serve_config_reloads_total", "counter", "Configuration reloads (SIGHUP).");
  serve.sample("inboxprobe_serve_config_reloads_total", {{"result", "success"}}, m_reloads_ok);
  serve.sample("inboxprobe_serve_config_reloads_total", {{"result", "failure"}}, m_reloads_failed);
  return m_run_metrics + serve.render();
}

std::string
ServeState::health_text() const
{
  return "ok\n" + (m_child > 0 ? m_child_what + " in progress\n" : std::string("idle\n"));
}

} // namespace inboxprobe
