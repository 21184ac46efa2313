// Loading what the reports need from the history: a run's records, the
// Received chain of each probe's earliest sighting (parsed here with the
// analysis stage's RFC 5321 §4.4 parser, since reports see only core types),
// and the earlier runs of the campaign as trend points.
#include "run_passes.hpp"

#include <analysis/received.hpp>
#include <core/message_headers.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <map>

namespace inboxprobe {

namespace {

// The Received chain of `message` in path order (the first relay first).
std::vector<ReportHop>
hops_of(std::string_view message)
{
  std::vector<ReportHop> hops;
  for (const ReceivedHop& hop : parse_received_chain(parse_header_fields(message))) {
    hops.push_back({hop.from, hop.by, hop.with, hop.date_at, std::nullopt, false});
  }
  std::reverse(hops.begin(), hops.end()); // the header lists the newest first
  return hops;
}

std::map<std::int64_t, std::vector<ReportHop>>
hops_of_first_sightings(const std::vector<Sighting>& sightings)
{
  std::map<std::int64_t, const Sighting*> first;
  for (const Sighting& s : sightings) {
    const auto it = first.find(s.probe_id);
    if (it == first.end() || s.found_at_ms < it->second->found_at_ms) {
      first[s.probe_id] = &s;
    }
  }
  std::map<std::int64_t, std::vector<ReportHop>> hops;
  for (const auto& [probe_id, sighting] : first) {
    if (!sighting->message_bytes.empty()) {
      hops[probe_id] = hops_of(sighting->message_bytes);
    }
  }
  return hops;
}

// The runs of `campaign` started before `before_ms`, at most `limit`, as
// trend points (oldest first).
Result<std::vector<TrendPoint>>
earlier_runs(Store& store, const std::string& campaign, std::int64_t before_ms, std::size_t limit)
{
  const std::vector<Run> runs =
    TRY(store.list_campaign_runs(campaign, INT64_MIN, before_ms, static_cast<int>(limit)));
  std::vector<std::string> ids;
  for (const Run& run : runs) {
    ids.push_back(run.id);
  }
  return build_trend(runs, TRY(store.load_outcomes(ids)));
}

} // namespace

Result<RunReport>
build_report_from_store(Store& store, const std::string& run_id, std::int64_t now_ms)
{
  RunReportInput input;
  input.run = TRY(store.load_run(run_id));
  input.probes = TRY(store.load_probes(run_id));
  input.submissions = TRY(store.load_submissions(run_id));
  input.sightings = TRY(store.load_sightings(run_id));
  input.results = TRY(store.load_results(run_id));
  input.hops = hops_of_first_sightings(input.sightings);
  input.history =
    TRY(earlier_runs(store, input.run.campaign, input.run.started_at_ms, k_trend_nights - 1));
  input.raw_pruned_at_ms = TRY(store.raw_pruned_at_ms(run_id));
  return build_run_report(input, now_ms);
}

Result<TrendReport>
build_trend_from_store(Store& store,
                       const std::string& campaign,
                       std::int64_t since_ms,
                       std::int64_t now_ms)
{
  std::vector<Run> runs;
  if (campaign.empty()) {
    for (Run& run : TRY(store.list_runs())) {
      if (run.started_at_ms >= since_ms) {
        runs.push_back(std::move(run));
      }
    }
  } else {
    runs = TRY(store.list_campaign_runs(campaign, since_ms, INT64_MAX, INT_MAX));
  }
  std::vector<std::string> ids;
  for (const Run& run : runs) {
    ids.push_back(run.id);
  }
  return build_trend_report(runs, TRY(store.load_outcomes(ids)), since_ms, now_ms);
}

} // namespace inboxprobe
