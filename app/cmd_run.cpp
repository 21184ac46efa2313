// `inboxprobe run`, `resume` and `collect`: the campaign passes in order
// (run_passes.hpp).
#include "commands.hpp"
#include "config.hpp"
#include "run_passes.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace inboxprobe {

namespace {

int
report_error(const Error& error)
{
  std::cerr << "inboxprobe: " << error.code << ": " << error.what << "\n";
  return k_exit_failure;
}

// The campaign's retention (docs/history.md), with a progress line when it
// removed anything.
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

// Analyse `run_id` again and rewrite its reports; prints where they are.
int
analyze_and_report(RunContext& ctx,
                   const std::string& run_id,
                   const std::vector<SeedHealth>& health)
{
  if (auto analyzed = analyze_probes(ctx, run_id, health); !analyzed) {
    return report_error(analyzed.error());
  }
  if (auto done = ctx.store.set_run_state(run_id, "done", ctx.clock.now_ms()); !done) {
    return report_error(done.error());
  }
  const auto files = write_reports(ctx.store, ctx.config.campaign.out_dir, run_id, ctx.clock);
  if (!files) {
    return report_error(files.error());
  }
  // Retention after the report: this run's bytes are never the ones pruned.
  if (auto pruned = apply_retention(ctx); !pruned) {
    return report_error(pruned.error());
  }
  const auto summary = summary_line(ctx.store, run_id);
  std::cout << "report: " << files->html << "\n"
            << "json:   " << files->json << "\n"
            << "csv:    " << files->csv << "\n"
            << (summary ? *summary : "run " + run_id) << "\n";
  return k_exit_ok;
}

// Collect `run_ids` (per `wait`), then analyse and report each.
int
collect_and_report(RunContext& ctx, const std::vector<std::string>& run_ids, CollectWait wait)
{
  const auto collected = collect_probes(ctx, run_ids, wait);
  if (!collected) {
    return report_error(collected.error());
  }
  int code = k_exit_ok;
  for (const std::string& id : run_ids) {
    code = std::max(code, analyze_and_report(ctx, id, collected->health));
  }
  // Runs whose probes turned up while their mailboxes were read for these.
  for (const std::string& id : collected->other_runs_seen) {
    code = std::max(code, analyze_and_report(ctx, id, collected->health));
  }
  return code;
}

// Send, collect, analyze and report `run_id`; the passes skip what is already
// done.
int
finish_run(RunContext& ctx, const std::string& run_id)
{
  std::cerr << "run " << run_id << ": sending\n";
  if (auto sent = send_probes(ctx, run_id); !sent) {
    return report_error(sent.error());
  }
  std::cerr << "run " << run_id << ": collecting\n";
  return collect_and_report(ctx, {run_id}, CollectWait::until_deadline);
}

// Send `run_id`, then collect what earlier runs still wait for, once.
int
send_and_collect_earlier(RunContext& ctx, const std::string& run_id)
{
  std::cerr << "run " << run_id << ": sending\n";
  if (auto sent = send_probes(ctx, run_id); !sent) {
    return report_error(sent.error());
  }
  auto pending = runs_with_pending_probes(ctx);
  if (!pending) {
    return report_error(pending.error());
  }
  pending->erase(std::remove(pending->begin(), pending->end(), run_id), pending->end());
  std::cout << "run " << run_id << ": sent; collect it later with `inboxprobe collect`\n";
  if (pending->empty()) {
    std::cerr << "no earlier run has pending probes\n";
    return k_exit_ok;
  }
  std::cerr << "collecting " << pending->size() << " earlier run(s)\n";
  return collect_and_report(ctx, *pending, CollectWait::one_pass);
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
  const Config config = load_config(options.config_path); // throws ConfigError: nothing sent
  auto store = open_store(config);
  if (!store) {
    return report_error(store.error());
  }
  SystemClock clock;
  RunContext ctx{config, *store, clock, std::cerr, options.keep_transcripts};
  const auto run_id = plan_run(ctx);
  if (!run_id) {
    return report_error(run_id.error());
  }
  return options.async ? send_and_collect_earlier(ctx, *run_id) : finish_run(ctx, *run_id);
}

int
collect_command(const CollectRunsOptions& options)
{
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
  return collect_and_report(ctx, run_ids, CollectWait::until_deadline);
}

int
resume_command(const ResumeOptions& options)
{
  const Config config = load_config(options.config_path);
  auto store = open_store(config);
  if (!store) {
    return report_error(store.error());
  }
  if (auto run = store->load_run(options.run_id); !run) {
    return report_error(run.error());
  }
  SystemClock clock;
  RunContext ctx{config, *store, clock, std::cerr, false};
  return finish_run(ctx, options.run_id);
}

} // namespace inboxprobe
