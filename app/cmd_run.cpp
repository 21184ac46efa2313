// `inboxprobe run`, `resume` and `collect`: the campaign passes in order (run_passes.hpp),
// then thresholds, alerts and metrics (monitor_passes.hpp).
#include "commands.hpp"
#include "config.hpp"
#include "kill_point.hpp"
#include "monitor_passes.hpp"
#include "run_passes.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

namespace inboxprobe {

namespace {

int
report_error(const Error& error)
{
  std::cerr << "inboxprobe: " << error.code << ": " << error.what << "\n";
  return k_exit_failure;
}

// The campaign's retention (docs/history.md), with a progress line when it removed anything.
Result<void>
apply_retention(RunContext& ctx)
{
  const RetentionPolicy policy{ctx.config.campaign.keep_days, ctx.config.campaign.keep_raw_days};
  const PruneCounts pruned = TRY(ctx.store.prune(ctx.clock.now_ms(), policy));
  if (pruned.runs_deleted + pruned.runs_raw_pruned > 0) {
    ctx.progress << "history: deleted " << pruned.runs_deleted << " runs older than "
                 << policy.keep_days << " days, emptied the raw messages of "
                 << pruned.runs_raw_pruned << " runs older than " << policy.keep_raw_days
                 << " days\n";
  }
  return {};
}

// The exit code of a finished run: 0, unless the user asked for the alert level
// (--alert-exit-code, --nagios).
int
finished_code(const MonitorOptions& monitor, AlertLevel level)
{
  return monitor.alert_exit_code || monitor.nagios ? exit_code_of(level) : k_exit_ok;
}

// An operational failure: 1, or "unknown" (3) when the caller reads alert levels, for whom 1
// would mean "warning".
int
failed_code(const MonitorOptions& monitor, const Error& error)
{
  report_error(error);
  return monitor.alert_exit_code || monitor.nagios ? exit_code_of(AlertLevel::unknown)
                                                   : k_exit_failure;
}

// Analyse `run_id`, evaluate its thresholds and alerts, write its reports and metrics, apply
// retention; prints where the reports are.
int
analyze_and_report(RunContext& ctx,
                   const std::string& run_id,
                   const std::vector<SeedHealth>& health,
                   const MonitorOptions& monitor)
{
  ctx.progress << "run " << run_id << ": analysing\n";
  if (auto analyzed = analyze_probes(ctx, run_id, health); !analyzed) {
    return failed_code(monitor, analyzed.error());
  }
  if (auto done = ctx.store.set_run_state(run_id, "done", ctx.clock.now_ms()); !done) {
    return failed_code(monitor, done.error());
  }
  ctx.progress << "run " << run_id << ": reporting\n";
  kill_point("report");
  const auto outcome = report_and_alert(ctx, run_id);
  if (!outcome) {
    return failed_code(monitor, outcome.error());
  }
  // Retention after the report: this run's bytes are never the ones pruned.
  if (auto pruned = apply_retention(ctx); !pruned) {
    return failed_code(monitor, pruned.error());
  }
  const auto summary = summary_line(ctx.store, run_id);
  std::cout << "report: " << outcome->files.html << "\n"
            << "json:   " << outcome->files.json << "\n"
            << "csv:    " << outcome->files.csv << "\n"
            << (summary ? *summary : "run " + run_id) << "\n";
  if (monitor.nagios) {
    std::cout << outcome->nagios_line << "\n";
  }
  return finished_code(monitor, outcome->level);
}

// Collect `run_ids` (per `wait`), then analyse and report each; the worst exit code wins.
int
collect_and_report(RunContext& ctx,
                   const std::vector<std::string>& run_ids,
                   CollectWait wait,
                   const MonitorOptions& monitor)
{
  const auto collected = collect_probes(ctx, run_ids, wait);
  if (!collected) {
    return failed_code(monitor, collected.error());
  }
  int code = k_exit_ok;
  for (const std::string& id : run_ids) {
    code = std::max(code, analyze_and_report(ctx, id, collected->health, monitor));
  }
  // Runs whose probes turned up while their mailboxes were read for these.
  for (const std::string& id : collected->other_runs_seen) {
    code = std::max(code, analyze_and_report(ctx, id, collected->health, monitor));
  }
  return code;
}

// Send, collect, analyze and report `run_id`; the passes skip what is already done.
int
finish_run(RunContext& ctx, const std::string& run_id, const MonitorOptions& monitor)
{
  std::cerr << "run " << run_id << ": sending\n";
  if (auto sent = send_probes(ctx, run_id); !sent) {
    return failed_code(monitor, sent.error());
  }
  std::cerr << "run " << run_id << ": collecting\n";
  return collect_and_report(ctx, {run_id}, CollectWait::until_deadline, monitor);
}

// Send `run_id`, then collect what earlier runs still wait for, once.
int
send_and_collect_earlier(RunContext& ctx, const std::string& run_id, const MonitorOptions& monitor)
{
  std::cerr << "run " << run_id << ": sending\n";
  if (auto sent = send_probes(ctx, run_id); !sent) {
    return failed_code(monitor, sent.error());
  }
  auto pending = runs_with_pending_probes(ctx);
  if (!pending) {
    return failed_code(monitor, pending.error());
  }
  pending->erase(std::remove(pending->begin(), pending->end(), run_id), pending->end());
  std::cout << "run " << run_id << ": sent; collect it later with `inboxprobe collect`\n";
  if (pending->empty()) {
    std::cerr << "no earlier run has pending probes\n";
    return k_exit_ok;
  }
  std::cerr << "collecting " << pending->size() << " earlier run(s)\n";
  return collect_and_report(ctx, *pending, CollectWait::one_pass, monitor);
}

// Load the configuration into `config`. A bad one is thrown on (main exits 2), except for a
// caller reading alert levels, for whom 2 would read "critical": then it is reported here and
// the exit code is 3 (unknown).
std::optional<int>
load_for(const std::string& path, const MonitorOptions& monitor, Config& config)
{
  try {
    config = load_config(path);
  } catch (const ConfigError& e) {
    if (!monitor.alert_exit_code && !monitor.nagios) {
      throw;
    }
    std::cerr << "inboxprobe: " << e.what() << "\n";
    return exit_code_of(AlertLevel::unknown);
  }
  return std::nullopt;
}

Result<Store>
open_store(const Config& config)
{
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(config.campaign.db_path).parent_path(),
                                      ec);
  return Store::open(config.campaign.db_path);
}

} // namespace

int
run_command(const RunOptions& options)
{
  const MonitorOptions monitor{options.alert_exit_code, options.nagios};
  Config config;
  if (const auto code = load_for(options.config_path, monitor, config)) {
    return *code; // nothing sent
  }
  auto store = open_store(config);
  if (!store) {
    return failed_code(monitor, store.error());
  }
  SystemClock clock;
  RunContext ctx{config, *store, clock, std::cerr, options.keep_transcripts};
  const auto run_id = plan_run(ctx);
  if (!run_id) {
    return failed_code(monitor, run_id.error());
  }
  return options.async ? send_and_collect_earlier(ctx, *run_id, monitor)
                       : finish_run(ctx, *run_id, monitor);
}

int
collect_command(const CollectRunsOptions& options)
{
  const MonitorOptions monitor{false, false};
  const Config config = load_config(options.config_path);
  auto store = open_store(config);
  if (!store) {
    return report_error(store.error());
  }
  SystemClock clock;
  RunContext ctx{config, *store, clock, std::cerr, false};
  std::vector<std::string> run_ids;
  if (!options.run_id.empty()) {
    if (auto run = store->load_run(options.run_id); !run) {
      return report_error(run.error());
    }
    run_ids.push_back(options.run_id);
  } else {
    auto pending = runs_with_pending_probes(ctx);
    if (!pending) {
      return report_error(pending.error());
    }
    run_ids = std::move(*pending);
  }
  if (run_ids.empty()) {
    std::cerr << "no run has pending probes\n";
    return k_exit_ok;
  }
  std::cerr << "collecting " << run_ids.size() << " run(s)\n";
  return collect_and_report(ctx, run_ids, CollectWait::until_deadline, monitor);
}

int
resume_command(const ResumeOptions& options)
{
  const MonitorOptions monitor{options.alert_exit_code, options.nagios};
  Config config;
  if (const auto code = load_for(options.config_path, monitor, config)) {
    return *code;
  }
  auto store = open_store(config);
  if (!store) {
    return failed_code(monitor, store.error());
  }
  const auto run = store->load_run(options.run_id);
  if (!run) {
    return failed_code(monitor, run.error());
  }
  SystemClock clock;
  if (run->state == "done") {
    // Nothing is sent or collected again and the run's record stays as it is; only its
    // report files are written (a run stopped while reporting is already "done").
    std::cerr << "run " << options.run_id
              << " is already done: nothing to send or collect; writing its report again ("
              << "`collect --run " << options.run_id << "` looks for probes still missing)\n";
    const auto files = write_reports(*store, config.campaign.out_dir, options.run_id, clock);
    if (!files) {
      return failed_code(monitor, files.error());
    }
    std::cout << "report: " << files->html << "\njson:   " << files->json
              << "\ncsv:    " << files->csv << "\n";
    if (const auto summary = summary_line(*store, options.run_id)) {
      std::cout << *summary << "\n";
    }
    return k_exit_ok;
  }
  RunContext ctx{config, *store, clock, std::cerr, false};
  return finish_run(ctx, options.run_id, monitor);
}

} // namespace inboxprobe
