// `inboxprobe serve`: the long-running mode. One io_context thread: a timer
// for the schedule (schedule.hpp), an HTTP server for /metrics and /healthz
// (serve_http.hpp), signals (SIGHUP reloads the configuration, SIGTERM and
// SIGINT stop), and SIGCHLD for the run in progress. Each run is a child
// process (`inboxprobe run`, or `inboxprobe resume` for a run that a stop
// interrupted): its passes save every record as it is produced, so stopping
// it loses nothing the next start cannot resume, and a run never blocks the
// HTTP server.
#include "commands.hpp"
#include "config.hpp"
#include "schedule.hpp"
#include "serve_http.hpp"
#include "serve_state.hpp"

#include <core/error.hpp>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <ctime>
#include <iostream>

namespace inboxprobe {

namespace {

class Server
{
public:
  Server(const ServeOptions& options, Config config)
    : m_options(options),
      m_state(std::move(config)),
      m_schedule(Schedule::parse(schedule_text(m_state.config()))),
      m_http(m_io, listen_text(m_state.config()), [this](const std::string& target) {
        return answer(target);
      })
  {
  }

  int
  run()
  {
    log("listening on " + m_http.local_address() + " (/metrics, /healthz); schedule \""
        + m_schedule.text() + "\" (UTC)");
    m_state.refresh_metrics();
    wait_for_signals();
    wait_for_children();
    // A run that a stop interrupted is finished first; an interval schedule
    // then counts from now instead of firing at once.
    const bool resumed = m_state.start_resume(log_fn());
    schedule_next(!resumed);
    m_io.run();
    return k_exit_ok;
  }

private:
  std::string
  schedule_text(const Config& config) const
  {
    const std::string text =
      m_options.schedule.empty() ? config.monitoring.serve.schedule : m_options.schedule;
    if (text.empty()) {
      throw ConfigError("give --schedule (or [serve] schedule in " + config.path + ")");
    }
    return text;
  }

  std::string
  listen_text(const Config& config) const
  {
    return m_options.listen.empty() ? config.monitoring.serve.listen : m_options.listen;
  }

  std::function<void(const std::string&)>
  log_fn()
  {
    return [](const std::string& line) { log(line); };
  }

  static void
  log(const std::string& line)
  {
    std::cerr << "serve: " << line << std::endl;
  }

  HttpReply
  answer(const std::string& target)
  {
    if (target == "/metrics") {
      return {200, "text/plain; version=0.0.4; charset=utf-8", m_state.metrics_text()};
    }
    if (target == "/healthz") {
      return {200, "text/plain; charset=utf-8", m_state.health_text()};
    }
    return {404, "text/plain; charset=utf-8", "not found: try /metrics or /healthz\n"};
  }

  // At start an interval schedule fires at once; later it fires one interval
  // after the previous firing, a cron schedule at its next minute.
  void
  schedule_next(bool at_start)
  {
    const std::int64_t now_s = std::time(nullptr);
    std::int64_t next_s = now_s;
    if (!at_start || !m_schedule.is_interval()) {
      const auto next = m_schedule.next_after(now_s);
      if (!next) {
        log("the schedule \"" + m_schedule.text() + "\" never fires; waiting for SIGHUP");
        return;
      }
      next_s = *next;
    }
    m_timer.expires_after(std::chrono::seconds(next_s - now_s));
    m_timer.async_wait([this](boost::system::error_code ec) {
      if (ec) {
        return; // cancelled: rescheduled or stopping
      }
      m_state.start_run(log_fn());
      schedule_next(false);
    });
  }

  void
  wait_for_signals()
  {
    m_signals.async_wait([this](boost::system::error_code ec, int signal) {
      if (ec) {
        return;
      }
      if (signal == SIGHUP) {
        reload();
        wait_for_signals();
        return;
      }
      log(std::string("stopping (") + (signal == SIGTERM ? "SIGTERM" : "SIGINT") + ")");
      m_timer.cancel();
      m_http.close();
      m_state.stop_child(log_fn());
      m_io.stop();
    });
  }

  void
  wait_for_children()
  {
    m_child_signal.async_wait([this](boost::system::error_code ec, int) {
      if (ec) {
        return;
      }
      m_state.reap_children(log_fn());
      wait_for_children();
    });
  }

  void
  reload()
  {
    try {
      Config config = load_config(m_options.config_path);
      Schedule schedule = Schedule::parse(schedule_text(config));
      m_state.replace_config(std::move(config));
      m_schedule = std::move(schedule);
      log("SIGHUP: configuration reloaded; schedule \"" + m_schedule.text() + "\"");
      m_timer.cancel();
      schedule_next(false);
    } catch (const ConfigError& e) {
      m_state.count_reload(false);
      log(std::string("SIGHUP: configuration NOT reloaded, keeping the previous one: ") + e.what());
    }
  }

  const ServeOptions& m_options;
  boost::asio::io_context m_io;
  ServeState m_state;
  Schedule m_schedule;
  HttpServer m_http;
  boost::asio::steady_timer m_timer{m_io};
  boost::asio::signal_set m_signals{m_io, SIGHUP, SIGTERM, SIGINT};
  boost::asio::signal_set m_child_signal{m_io, SIGCHLD};
};

} // namespace

int
serve_command(const ServeOptions& options)
{
  Config config = load_config(options.config_path); // throws ConfigError: main reports it
  Server server(options, std::move(config));
  return server.run();
}

} // namespace inboxprobe
