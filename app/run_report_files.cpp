// The report pass: the run's records -> RunReport -> report.html and
// report.json, written atomically (a reader never sees half a file).
#include "run_passes.hpp"

#include <reports/html_report.hpp>
#include <reports/json_report.hpp>
#include <reports/run_report.hpp>

#include <cstdio>
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

Result<RunReport>
load_report(Store& store, const std::string& run_id, const Clock& clock)
{
  RunReportInput input;
  input.run = TRY(store.load_run(run_id));
  input.probes = TRY(store.load_probes(run_id));
  input.submissions = TRY(store.load_submissions(run_id));
  input.sightings = TRY(store.load_sightings(run_id));
  input.results = TRY(store.load_results(run_id));
  return build_run_report(input, clock.now_ms());
}

} // namespace

Result<ReportFiles>
write_reports(Store& store,
              const std::string& out_dir,
              const std::string& run_id,
              const Clock& clock)
{
  const RunReport report = TRY(load_report(store, run_id, clock));
  const std::filesystem::path dir = std::filesystem::path(out_dir) / run_id;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return fail("report.write", "cannot create " + dir.string() + ": " + ec.message());
  }
  ReportFiles files{(dir / "report.html").string(), (dir / "report.json").string()};
  TRY(write_atomically(files.html, render_html(report)));
  TRY(write_atomically(files.json, render_json(report)));
  return files;
}

Result<std::string>
summary_line(Store& store, const std::string& run_id)
{
  SystemClock clock;
  const RunReport report = TRY(load_report(store, run_id, clock));
  const PlacementCounts& c = report.overall;
  std::string line = "run " + run_id + ": " + std::to_string(c.total())
                     + " probes: " + std::to_string(c.inbox) + " inbox, " + std::to_string(c.spam)
                     + " spam, " + std::to_string(c.other) + " other, " + std::to_string(c.missing)
                     + " missing, " + std::to_string(c.rejected) + " rejected";
  // The receiver's rarer outcomes, when they happened.
  const std::pair<int, const char*> extra[] = {
    {c.bounced, "bounced"}, {c.late, "late"}, {c.duplicate, "duplicate"}, {c.pending, "pending"}};
  for (const auto& [count, name] : extra) {
    if (count) {
      line += ", " + std::to_string(count) + " " + name;
    }
  }
  return line;
}

} // namespace inboxprobe
