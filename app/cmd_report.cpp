// `inboxprobe report` and `inboxprobe runs`: read the history, write or list.
#include "commands.hpp"
#include "config.hpp"
#include "run_passes.hpp"

#include <core/duration.hpp>

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
  auto store = Store::open(db_path);
  if (!store) {
    std::cerr << "inboxprobe: " << store.error().code << ": " << store.error().what << "\n";
    return k_exit_failure;
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
  std::cout << "report: " << files->html << "\njson:   " << files->json << "\n";
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
  auto store = Store::open(db_path);
  if (!store) {
    std::cerr << "inboxprobe: " << store.error().code << ": " << store.error().what << "\n";
    return k_exit_failure;
  }
  const auto runs = store->list_runs();
  if (!runs) {
    std::cerr << "inboxprobe: " << runs.error().code << ": " << runs.error().what << "\n";
    return k_exit_failure;
  }
  for (const Run& run : *runs) {
    std::cout << run.id << "  " << utc_time(run.started_at_ms) << "  " << run.state << "  "
              << run.routes.size() << " routes  " << run.seeds.size() << " seeds  " << run.campaign
              << "\n";
  }
  return k_exit_ok;
}

} // namespace inboxprobe
