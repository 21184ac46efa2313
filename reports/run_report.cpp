// The run report: joining a run's records per probe, then counting placements
// per route, per seed and overall, and the latency percentiles per route.
#include "run_report.hpp"

#include "run_report_parts.hpp"

#include <core/error.hpp>
#include <core/message_headers.hpp>

#include <algorithm>
#include <map>
#include <string_view>
#include <tuple>

namespace inboxprobe {

namespace {

constexpr std::int64_t k_default_resolution_ms = 1000;

// The position of `name` in `names`, appending it when it is not there yet.
std::size_t
index_of(std::vector<std::string>& names, const std::string& name)
{
  const auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) {
    return static_cast<std::size_t>(it - names.begin());
  }
  names.push_back(name);
  return names.size() - 1;
}

using RowsById = std::map<std::int64_t, ProbeRow>;

// The row of `probe_id`; nullptr for a record of a probe not in the input.
ProbeRow*
find_row(RowsById& rows, std::int64_t probe_id)
{
  const auto it = rows.find(probe_id);
  return it == rows.end() ? nullptr : &it->second;
}

// `record` into the at-most-one slot `slot` of probe `probe_id`.
template<typename Record>
void
attach_once(std::optional<Record>& slot, Record record, const char* what, std::int64_t probe_id)
{
  if (slot) {
    throw Bug(std::string("run report: two ") + what + " for probe " + std::to_string(probe_id));
  }
  slot = std::move(record);
}

// One row per probe, keyed by probe id, with its records attached.
RowsById
join_records(const RunReportInput& input)
{
  RowsById rows;
  for (const Probe& probe : input.probes) {
    ProbeRow row;
    row.probe = probe;
    if (!rows.try_emplace(probe.id, std::move(row)).second) {
      throw Bug("run report: two probes with id " + std::to_string(probe.id));
    }
  }
  for (const Submission& submission : input.submissions) {
    if (ProbeRow* row = find_row(rows, submission.probe_id)) {
      // A report never carries what was said on the wire or the message.
      Submission copy = submission;
      copy.transcript.clear();
      copy.message_bytes.clear();
      attach_once(row->submission, copy, "submissions", submission.probe_id);
    }
  }
  for (const Sighting& sighting : input.sightings) {
    ProbeRow* row = find_row(rows, sighting.probe_id);
    if (row == nullptr) {
      continue;
    }
    ++row->sighting_count;
    // Strictly earlier: among equal times the first one listed stays.
    if (!row->sighting || sighting.found_at_ms < row->sighting->found_at_ms) {
      row->sighting = sighting;
      row->sighting->message_bytes.clear();
      row->headers = header_section(sighting.message_bytes, row->headers_truncated);
    }
  }
  for (const ProbeResult& result : input.results) {
    if (ProbeRow* row = find_row(rows, result.probe_id)) {
      attach_once(row->result, result, "results", result.probe_id);
    }
  }
  for (const auto& [probe_id, hops] : input.hops) {
    if (ProbeRow* row = find_row(rows, probe_id)) {
      row->hops = with_delays_and_tls(hops);
    }
  }
  return rows;
}

bool
has_trusted_field(const ProbeResult& result)
{
  return std::any_of(result.auth_results.begin(),
                     result.auth_results.end(),
                     [](const AuthResultsField& field) { return field.trusted; });
}

// Placement, authentication and finding counts of one probe into `summary`.
void
count_probe(RouteSummary& summary, const ProbeRow& row)
{
  summary.counts.add(row.placement);
  if (!row.result) {
    return;
  }
  const ProbeResult& result = *row.result;
  if (has_trusted_field(result)) {
    ++summary.auth_seen;
  }
  summary.dkim_pass += result.dkim == AuthVerdict::pass ? 1 : 0;
  summary.spf_pass += result.spf == AuthVerdict::pass ? 1 : 0;
  summary.dmarc_pass += result.dmarc == AuthVerdict::pass ? 1 : 0;
  summary.findings += static_cast<int>(result.findings.size());
}

void
count_hops(RouteSummary& summary, const ProbeRow& row)
{
  if (row.hops.empty()) {
    return;
  }
  ++summary.hop_probes;
  const bool all_tls =
    std::all_of(row.hops.begin(), row.hops.end(), [](const ReportHop& hop) { return hop.tls; });
  summary.tls_all_hops += all_tls ? 1 : 0;
}

// Percentiles over the found probes of `route` that have a latency.
void
summarise_latency(RouteSummary& summary, const std::vector<ProbeRow>& rows)
{
  std::vector<std::int64_t> samples;
  std::int64_t resolution_ms = 0;
  for (const ProbeRow& row : rows) {
    if (row.probe.route != summary.route || !is_found_placement(row.placement) || !row.result
        || !row.result->latency_ms) {
      continue;
    }
    samples.push_back(*row.result->latency_ms);
    resolution_ms = std::max(resolution_ms, row.result->latency_resolution_ms);
  }
  summary.latency_samples = static_cast<int>(samples.size());
  summary.latency_resolution_ms = resolution_ms > 0 ? resolution_ms : k_default_resolution_ms;
  if (samples.empty()) {
    return;
  }
  summary.latency_max_ms = *std::max_element(samples.begin(), samples.end());
  summary.latency_p50_ms = nearest_rank_percentile(samples, 50);
  summary.latency_p95_ms = nearest_rank_percentile(std::move(samples), 95);
}

// Route and seed order: the run's configured order, then names that only the
// probes mention, in the order they first appear.
void
collect_axes(const RunReportInput& input,
             std::vector<std::string>& routes,
             std::vector<RunSeed>& seeds)
{
  routes = input.run.routes;
  seeds = input.run.seeds;
  for (const Probe& probe : input.probes) {
    index_of(routes, probe.route);
    const bool known = std::any_of(
      seeds.begin(), seeds.end(), [&](const RunSeed& seed) { return seed.address == probe.seed; });
    if (!known) {
      seeds.push_back(RunSeed{probe.seed, ""});
    }
  }
}

std::string
provider_name(const RunSeed& seed)
{
  return seed.provider.empty() ? "unknown" : seed.provider;
}

std::size_t
seed_index(const std::vector<RunSeed>& seeds, std::string_view address)
{
  const auto it = std::find_if(
    seeds.begin(), seeds.end(), [&](const RunSeed& seed) { return seed.address == address; });
  return static_cast<std::size_t>(it - seeds.begin());
}

void
sort_rows(std::vector<ProbeRow>& rows,
          std::vector<std::string>& routes,
          const std::vector<RunSeed>& seeds)
{
  std::sort(rows.begin(), rows.end(), [&](const ProbeRow& left, const ProbeRow& right) {
    const auto key = [&](const ProbeRow& row) {
      return std::make_tuple(index_of(routes, row.probe.route),
                             seed_index(seeds, row.probe.seed),
                             std::string_view(row.probe.content),
                             row.probe.id);
    };
    return key(left) < key(right);
  });
}

// The matrices, route summaries and overall counts of `report.probes`.
void
count_all(RunReport& report, std::vector<std::string>& routes)
{
  std::vector<std::size_t> provider_of_seed;
  for (const RunSeed& seed : report.seeds) {
    provider_of_seed.push_back(index_of(report.providers, provider_name(seed)));
  }
  report.routes.resize(routes.size());
  report.matrix.assign(routes.size(), std::vector<PlacementCounts>(report.seeds.size()));
  report.provider_matrix.assign(routes.size(),
                                std::vector<PlacementCounts>(report.providers.size()));
  for (std::size_t r = 0; r < routes.size(); ++r) {
    report.routes[r].route = routes[r];
  }
  for (ProbeRow& row : report.probes) {
    const std::size_t r = index_of(routes, row.probe.route);
    const std::size_t s = seed_index(report.seeds, row.probe.seed);
    row.provider = report.seeds[s].provider;
    count_probe(report.routes[r], row);
    count_hops(report.routes[r], row);
    report.matrix[r][s].add(row.placement);
    report.provider_matrix[r][provider_of_seed[s]].add(row.placement);
    report.overall.add(row.placement);
  }
  for (RouteSummary& summary : report.routes) {
    summarise_latency(summary, report.probes);
  }
}

} // namespace

RunReport
build_run_report(const RunReportInput& input, std::int64_t generated_at_ms)
{
  RunReport report;
  report.run = input.run;
  report.generated_at_ms = generated_at_ms;

  std::vector<std::string> routes;
  collect_axes(input, routes, report.seeds);

  for (auto& [id, row] : join_records(input)) {
    row.analysed = row.result.has_value();
    row.placement = row.result ? row.result->placement : Placement::pending;
    report.probes.push_back(std::move(row));
  }
  sort_rows(report.probes, routes, report.seeds);

  count_all(report, routes);
  summarise_run(report, input);
  return report;
}

std::optional<std::int64_t>
nearest_rank_percentile(std::vector<std::int64_t> values, int percent)
{
  if (values.empty()) {
    return std::nullopt;
  }
  std::sort(values.begin(), values.end());
  const auto n = static_cast<std::int64_t>(values.size());
  // ceil(percent * n / 100) without floating point, clamped to 1..n.
  const std::int64_t rank =
    std::clamp<std::int64_t>((static_cast<std::int64_t>(percent) * n + 99) / 100, 1, n);
  return values[static_cast<std::size_t>(rank - 1)];
}

} // namespace inboxprobe
