// The report pass: the run's records and its campaign's earlier runs ->
// RunReport -> report.html, report.json and probes.csv; and the trend report
// (trend.html, trend.json). Files are written atomically (a reader never sees
// half a file).
#include "run_passes.hpp"

#include <reports/csv_report.hpp>
#include <reports/html_report.hpp>
#include <reports/json_report.hpp>

#include <filesystem>
#include <fstream>

namespace inboxprobe {

namespace {

Result<void>
write_atomically(const std::filesystem::path& path, const std::string& content)
{
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      return fail("report.write", "cannot write " + tmp.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return fail("report.write", "cannot rename " + tmp.string() + ": " + ec.message());
  }
  return {};
}

Result<std::filesystem::path>
make_dir(const std::filesystem::path& dir)
{
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return fail("report.write", "cannot create " + dir.string() + ": " + ec.message());
  }
  return dir;
}

} // namespace

Result<ReportFiles>
write_reports(Store& store,
              const std::string& out_dir,
              const std::string& run_id,
              const Clock& clock)
{
  return write_report_files(TRY(build_report_from_store(store, run_id, clock.now_ms())), out_dir);
}

Result<ReportFiles>
write_report_files(const RunReport& report, const std::string& out_dir)
{
  const std::filesystem::path dir = TRY(make_dir(std::filesystem::path(out_dir) / report.run.id));
  ReportFiles files{
    (dir / "report.html").string(), (dir / "report.json").string(), (dir / "probes.csv").string()};
  TRY(write_atomically(files.html, render_html(report)));
  TRY(write_atomically(files.json, render_json(report)));
  TRY(write_atomically(files.csv, render_probes_csv(report)));
  return files;
}

Result<ReportFiles>
write_trend_report(Store& store,
                   const std::string& out_dir,
                   const std::string& campaign,
                   std::int64_t since_ms,
                   const Clock& clock)
{
  const TrendReport report = TRY(build_trend_from_store(store, campaign, since_ms, clock.now_ms()));
  const std::filesystem::path dir = TRY(make_dir(std::filesystem::path(out_dir) / "trend"));
  ReportFiles files{(dir / "trend.html").string(), (dir / "trend.json").string(), ""};
  TRY(write_atomically(files.html, render_trend_html(report)));
  TRY(write_atomically(files.json, render_trend_json(report)));
  return files;
}

std::string
summary_text(const std::string& run_id, const PlacementCounts& counts)
{
  std::string line = "run " + run_id + ": " + std::to_string(counts.total()) + " probes";
  std::string sep = ": ";
  for (const Placement placement : placement_columns(counts)) {
    const int n = counts.count(placement);
    // The five outcomes always; pending and newer placements when present.
    const bool always = placement_tone(placement) != Tone::wait
                        && static_cast<int>(placement) <= static_cast<int>(Placement::rejected);
    if (n > 0 || always) {
      line += sep + std::to_string(n) + " " + std::string(to_string(placement));
      sep = ", ";
    }
  }
  return line;
}

Result<std::string>
summary_line(Store& store, const std::string& run_id)
{
  const auto counts = TRY(store.count_placements());
  PlacementCounts run_counts;
  if (const auto it = counts.find(run_id); it != counts.end()) {
    run_counts.by_placement = it->second;
  }
  return summary_text(run_id, run_counts);
}

} // namespace inboxprobe
