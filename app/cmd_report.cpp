// `inboxprobe report`, `inboxprobe runs` and `inboxprobe reanalyze`: read the
// history, write reports or list runs.
#include "commands.hpp"
#include "config.hpp"
#include "run_passes.hpp"

#include <core/duration.hpp>
#include <reports/report_format.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

namespace inboxprobe {

namespace {

// db and out from the options, else from the config file (read without its
// secrets).
void
resolve_paths(const std::string& config_path, std::string& db_path, std::string* out_dir)
{
  if (!config_path.empty() && (db_path.empty() || (out_dir && out_dir->empty()))) {
    const Config config = load_config(config_path, Secrets::skip);
    if (db_path.empty()) {
      db_path = config.campaign.db_path;
    }
    if (out_dir && out_dir->empty()) {
      *out_dir = config.campaign.out_dir;
    }
  }
  if (db_path.empty()) {
    throw ConfigError("give --config FILE or --db PATH");
  }
}

std::string
utc_time(std::int64_t at_ms)
{
  const std::time_t t = static_cast<std::time_t>(at_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%SZ", &tm);
  return text;
}

int
fail_with(const Error& error)
{
  std::cerr << "inboxprobe: " << error.code << ": " << error.what << "\n";
  return k_exit_failure;
}

// `inboxprobe report --since DURATION`: the trend report of the campaign of
// --config (all campaigns with --db only).
int
trend_report(Store& store, const ReportOptions& options, const std::string& out_dir)
{
  const auto period_ms = parse_duration_ms(options.since);
  if (!period_ms) {
    throw ConfigError("--since: expected a duration such as 30d or 12h, got \"" + options.since
                      + "\"");
  }
  const std::string campaign = options.config_path.empty()
                                 ? ""
                                 : load_config(options.config_path, Secrets::skip).campaign.name;
  SystemClock clock;
  const auto files =
    write_trend_report(store, out_dir, campaign, clock.now_ms() - *period_ms, clock);
  if (!files) {
    return fail_with(files.error());
  }
  std::cout << "trend:  " << files->html << "\njson:   " << files->json << "\n";
  return k_exit_ok;
}

} // namespace

int
report_command(const ReportOptions& options)
{
  std::string db_path = options.db_path;
  std::string out_dir = options.out_dir;
  resolve_paths(options.config_path, db_path, &out_dir);
  if (out_dir.empty()) {
    out_dir = std::filesystem::path(db_path).parent_path().string();
  }
  if (!std::filesystem::exists(db_path)) {
    std::cerr << "inboxprobe: no runs yet: " << db_path
              << " is created by the first `inboxprobe run`\n";
    return k_exit_failure;
  }
  auto store = Store::open(db_path);
  if (!store) {
    return fail_with(store.error());
  }
  if (!options.since.empty()) {
    if (!options.run_id.empty()) {
      throw ConfigError("give either --run or --since, not both");
    }
    return trend_report(*store, options, out_dir);
  }
  std::string run_id = options.run_id;
  if (run_id.empty()) {
    const auto runs = store->list_runs();
    if (!runs || runs->empty()) {
      std::cerr << "inboxprobe: no runs in " << db_path << "\n";
      return k_exit_failure;
    }
    run_id = runs->front().id;
  }
  SystemClock clock;
  const auto files = write_reports(*store, out_dir, run_id, clock);
  if (!files) {
    std::cerr << "inboxprobe: " << files.error().code << ": " << files.error().what << "\n";
    return k_exit_failure;
  }
  std::cout << "report: " << files->html << "\njson:   " << files->json
            << "\ncsv:    " << files->csv << "\n";
  if (const auto summary = summary_line(*store, run_id)) {
    std::cout << *summary << "\n";
  }
  return k_exit_ok;
}

int
runs_command(const RunsOptions& options)
{
  std::string db_path = options.db_path;
  resolve_paths(options.config_path, db_path, nullptr);
  if (!std::filesystem::exists(db_path)) {
    std::cout << "no runs yet: " << db_path << " is created by the first `inboxprobe run`\n";
    return k_exit_ok;
  }
  auto store = Store::open(db_path);
  if (!store) {
    std::cerr << "inboxprobe: " << store.error().code << ": " << store.error().what << "\n";
    return k_exit_failure;
  }
  const auto runs = store->list_runs();
  if (!runs) {
    return fail_with(runs.error());
  }
  const auto placements = store->count_placements();
  if (!placements) {
    return fail_with(placements.error());
  }
  std::printf("%-26s %-20s %6s %5s %6s %7s %-10s %s\n",
              "RUN",
              "STARTED (UTC)",
              "ROUTES",
              "SEEDS",
              "PROBES",
              "INBOX",
              "STATE",
              "CAMPAIGN");
  for (const Run& run : *runs) {
    PlacementCounts counts;
    if (const auto it = placements->find(run.id); it != placements->end()) {
      counts.by_placement = it->second;
    }
    const std::string inbox = counts.total() ? format_rate(counts.rate(Placement::inbox)) : "-";
    std::printf("%-26s %-20s %6zu %5zu %6d %7s %-10s %s\n",
                run.id.c_str(),
                utc_time(run.started_at_ms).c_str(),
                run.routes.size(),
                run.seeds.size(),
                counts.total(),
                inbox.c_str(),
                run.state.c_str(),
                run.campaign.c_str());
  }
  return k_exit_ok;
}

int
reanalyze_command(const ReanalyzeOptions& options)
{
  const Config config = load_config(options.config_path, Secrets::skip);
  auto store = Store::open(config.campaign.db_path);
  if (!store) {
    return fail_with(store.error());
  }
  if (auto run = store->load_run(options.run_id); !run) {
    return fail_with(run.error());
  }
  SystemClock clock;
  RunContext ctx{config, *store, clock, std::cerr, false};
  if (auto analysed = reanalyze_run(ctx, options.run_id); !analysed) {
    return fail_with(analysed.error());
  }
  const auto files = write_reports(*store, config.campaign.out_dir, options.run_id, clock);
  if (!files) {
    return fail_with(files.error());
  }
  const auto summary = summary_line(*store, options.run_id);
  std::cout << "report: " << files->html << "\njson:   " << files->json
            << "\ncsv:    " << files->csv << "\n"
            << (summary ? *summary : "run " + options.run_id) << "\n";
  return k_exit_ok;
}

} // namespace inboxprobe
