// `inboxprobe run` and `inboxprobe resume`: the campaign passes in order
// (run_passes.hpp).
#include "commands.hpp"
#include "config.hpp"
#include "run_passes.hpp"

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
  const auto health = collect_probes(ctx, run_id);
  if (!health) {
    return report_error(health.error());
  }
  if (auto analyzed = analyze_probes(ctx, run_id, *health); !analyzed) {
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
  return finish_run(ctx, *run_id);
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
