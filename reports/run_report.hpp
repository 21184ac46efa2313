// The run report: what the history holds about one run, reduced to what a
// reader needs (placement per route and seed, latency percentiles, the
// providers' authentication verdicts, findings) plus one row per probe. It is
// the one model both renderers (html_report.hpp, json_report.hpp) read, and
// the unit later reports (trends, provider comparison) are built from.
//
// Placement vocabulary: core/model.hpp `Placement`. Latency is arrival at the
// seed minus acceptance by the route (ProbeResult::latency_ms) and carries the
// seed's 1 s timestamp resolution.
#pragma once

#include <core/model.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inboxprobe {

// Everything the store holds about one run.
struct RunReportInput
{
  Run run;
  std::vector<Probe> probes;
  std::vector<Submission> submissions; // at most one per probe
  std::vector<Sighting> sightings;     // any number; the earliest one counts
  std::vector<ProbeResult> results;    // at most one per probe
};

// How many probes ended up where.
struct PlacementCounts
{
  int inbox = 0;
  int spam = 0;
  int other = 0;
  int missing = 0;
  int rejected = 0;
  int pending = 0;
  int bounced = 0;
  int late = 0;
  int duplicate = 0;

  int total() const;
  int count(Placement placement) const;
  void add(Placement placement);
  // count(`placement`) / total(), in [0, 1]; 0 when there are no probes.
  double rate(Placement placement) const;
};

// One route's probes, summarised.
struct RouteSummary
{
  std::string route;
  PlacementCounts counts;
  // Latency over the found probes (inbox, spam, other) that have one;
  // nearest-rank percentiles (see nearest_rank_percentile), in ms.
  int latency_samples = 0;
  std::optional<std::int64_t> latency_p50_ms;
  std::optional<std::int64_t> latency_p95_ms;
  std::optional<std::int64_t> latency_max_ms;
  std::int64_t latency_resolution_ms = 1000; // coarsest among the samples
  // The providers' verdicts (ProbeResult spf/dkim/dmarc, from the first
  // trusted Authentication-Results field, RFC 8601 §5). `auth_seen` counts
  // the probes that carried a trusted field at all.
  int auth_seen = 0;
  int dkim_pass = 0;
  int spf_pass = 0;
  int dmarc_pass = 0;
  int findings = 0; // Finding records over the route's probes
};

// One probe with the records that belong to it. The submission and sighting
// are copies without transcript and message bytes: a report never carries
// them.
struct ProbeRow
{
  Probe probe;
  Placement placement = Placement::pending;
  // True when `placement` is the analysis stage's (a ProbeResult exists);
  // false when the report derived it provisionally (see build_run_report).
  bool analysed = false;
  std::optional<Submission> submission;
  std::optional<Sighting> sighting; // the earliest (found_at_ms) sighting
  int sighting_count = 0;           // more than 1: the probe arrived twice
  std::optional<ProbeResult> result;
};

struct RunReport
{
  Run run;
  std::int64_t generated_at_ms = 0; // UTC epoch ms
  PlacementCounts overall;
  std::vector<RouteSummary> routes; // run.routes order, then unlisted routes
  std::vector<RunSeed> seeds;       // run.seeds order, then unlisted seeds
  // matrix[r][s]: the probes of routes[r] sent to seeds[s].
  std::vector<std::vector<PlacementCounts>> matrix;
  // Ordered by route, seed (as above), content name, probe id.
  std::vector<ProbeRow> probes;
};

// Summarises `input` into a RunReport stamped `generated_at_ms` (UTC epoch
// ms, also the "now" that decides whether an unanalysed probe is missing).
//
// A probe's placement is its ProbeResult's. A probe that analysis has not
// reached yet gets a provisional one: `rejected` when its submission was not
// accepted (rejected, deferred or failed), else the folder role of its
// earliest sighting, else `missing` once it was submitted and
// run.deadline_at_ms has passed, else `pending`.
//
// Submissions, sightings and results whose probe_id names no probe in
// `input.probes` are ignored. Throws Bug when two probes share an id or a
// probe has two submissions or two results (the store's keys forbid it).
RunReport build_run_report(const RunReportInput& input, std::int64_t generated_at_ms);

// The nearest-rank percentile (`percent` in 1..100) of `values`: the smallest
// value such that at least `percent` % of the values are <= it, i.e. the
// value at 1-based rank ceil(percent / 100 * n) in ascending order. Always one
// of the values (no interpolation). std::nullopt when `values` is empty.
std::optional<std::int64_t> nearest_rank_percentile(std::vector<std::int64_t> values, int percent);

} // namespace inboxprobe
