// The run report: what the history holds about one run, reduced to what a
// reader needs (placement per route and seed, latency percentiles, the
// providers' authentication verdicts, findings) plus one row per probe. It is
// the one model both renderers (html_report.hpp, json_report.hpp) read, and
// the unit the trends are built from (trend.hpp). Besides the run's own
// records it takes what the caller derived: the Received chains (hops), the
// campaign's earlier runs (history) and threshold alerts.
//
// Placement vocabulary: core/model.hpp `Placement`. Latency is arrival at the
// seed minus acceptance by the route (ProbeResult::latency_ms) and carries the
// seed's 1 s timestamp resolution.
#pragma once

#include <core/model.hpp>
#include <reports/placement_counts.hpp>
#include <reports/trend.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// One Received field (RFC 5321 §4.4) of a probe's received copy, as the
// caller parsed it: who handed the message to whom, with which protocol, when.
struct ReportHop
{
  std::string from;                     // the "from" clause's domain
  std::string by;                       // the "by" clause's domain
  std::string with;                     // protocol, e.g. "ESMTPS" (RFC 3848)
  std::optional<std::int64_t> at_s;     // the field's date, UTC epoch seconds
  std::optional<std::int64_t> delay_ms; // set by the report: at_s minus the previous hop's
  bool tls = false;                     // set by the report: hop_used_tls(with)
};

// An alert shown at the top of the report. Threshold alerts are computed by
// the caller (e.g. a monitoring pass) and passed in; without them the report
// raises one per finding code of error severity.
struct ReportAlert
{
  Severity severity = Severity::warning;
  std::string code;    // stable dotted code, e.g. "dkim.fail" or "inbox_rate.drop"
  std::string message; // one line for humans
};

// Everything the store holds about one run, plus what the caller derived.
struct RunReportInput
{
  Run run;
  std::vector<Probe> probes;
  std::vector<Submission> submissions; // at most one per probe
  std::vector<Sighting> sightings;     // any number; the earliest one counts
  std::vector<ProbeResult> results;    // at most one per probe
  // The Received chain of each probe's earliest sighting, in path order
  // (the first relay first, i.e. the header's bottom field first), keyed by
  // probe id. Empty when unknown (raw bytes pruned, not parsed).
  std::map<std::int64_t, std::vector<ReportHop>> hops;
  // Earlier runs of the same campaign, oldest first, without this run: the
  // comparison with the previous run and the 7-night average, and the trend
  // charts.
  std::vector<TrendPoint> history;
  // Alerts from the caller; std::nullopt: derived from the findings.
  std::optional<std::vector<ReportAlert>> alerts;
  // When retention emptied the run's raw bytes (UTC epoch ms), 0 = never.
  std::int64_t raw_pruned_at_ms = 0;
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
  // TLS on the way: `hop_probes` counts the probes whose Received chain is
  // known, `tls_all_hops` those of them where every hop used TLS.
  int hop_probes = 0;
  int tls_all_hops = 0;
};

// One probe with the records that belong to it. The submission and sighting
// are copies without transcript and message bytes: a report never carries
// them.
struct ProbeRow
{
  Probe probe;
  std::string provider; // the seed's provider (RunSeed::provider), may be empty
  Placement placement = Placement::pending;
  // True when `placement` is the analysis stage's (a ProbeResult exists);
  // false when no ProbeResult exists yet: the placement is then `pending`.
  bool analysed = false;
  std::optional<Submission> submission;
  std::optional<Sighting> sighting; // the earliest (found_at_ms) sighting
  int sighting_count = 0;           // more than 1: the probe arrived twice
  std::optional<ProbeResult> result;
  std::vector<ReportHop> hops; // path order, delays and TLS filled in
  // The header section of the earliest sighting as received, at most
  // k_max_report_header_bytes (cut at a line end); empty when unknown.
  std::string headers;
  bool headers_truncated = false;
};

// The most header bytes a probe's details carry.
inline constexpr std::size_t k_max_report_header_bytes = 16 * 1024;

// The findings of one code and severity over the run.
struct FindingGroup
{
  std::string code;
  Severity severity = Severity::warning;
  std::vector<std::int64_t> probe_ids; // each affected probe once, in report order
  int occurrences = 0;                 // Finding records (a probe may have several)
  std::string message;                 // the first occurrence's message
  std::string advice;                  // how to fix it (finding_advice)
};

// One hop of one probe, for the "slowest hops" table.
struct SlowHop
{
  std::int64_t probe_id = 0;
  std::string route;
  ReportHop hop;
};

// The run against its predecessors: rates of the previous run and the mean of
// the per-run rates of the runs started in the 7 days before this one.
struct RunComparison
{
  std::optional<TrendPoint> previous;
  int week_runs = 0; // runs averaged; 0: no average
  std::map<Placement, double> week_average_rates;
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
  // Mailbox providers (the seeds' providers, "unknown" for none), in seed
  // order; provider_matrix[r][p]: the probes of routes[r] sent to seeds of
  // providers[p].
  std::vector<std::string> providers;
  std::vector<std::vector<PlacementCounts>> provider_matrix;
  // Ordered by route, seed (as above), content name, probe id.
  std::vector<ProbeRow> probes;
  // Severity (error first), then probes affected (most first), then code.
  std::vector<FindingGroup> findings;
  std::vector<ReportAlert> alerts;
  // The hops with the longest delay, longest first, at most k_slow_hops.
  std::vector<SlowHop> slowest_hops;
  RunComparison comparison;
  // Earlier runs (RunReportInput::history) then this run: the trend charts.
  std::vector<TrendPoint> trend;
  std::int64_t raw_pruned_at_ms = 0;
};

inline constexpr std::size_t k_slow_hops = 10;

// Summarises `input` into a RunReport stamped `generated_at_ms` (UTC epoch ms).
//
// A probe's placement is its ProbeResult's; a probe that analysis has not reached yet (an
// interrupted run's report) is `pending`: placement rules live in the analysis stage only.
//
// Submissions, sightings and results whose probe_id names no probe in
// `input.probes` are ignored. Throws Bug when two probes share an id or a
// probe has two submissions or two results (the store's keys forbid it).
RunReport build_run_report(const RunReportInput& input, std::int64_t generated_at_ms);

// The run's own trend point (overall and per-route counts and percentiles).
TrendPoint trend_point_of(const RunReport& report);

// Whether a Received "with" protocol says the hop used TLS: RFC 3848 §1 adds
// "S" for TLS and "SA" for TLS plus AUTH (ESMTPS, ESMTPSA, LMTPS, LMTPSA,
// UTF8SMTPS, ...), case-insensitively.
bool hop_used_tls(std::string_view with);

// Advice for fixing a finding, by its code: a fixed sentence for the codes
// the analysis stage emits today, else a generic pointer to the evidence.
std::string finding_advice(const Finding& finding);

// The nearest-rank percentile (`percent` in 1..100) of `values`: the smallest
// value such that at least `percent` % of the values are <= it, i.e. the
// value at 1-based rank ceil(percent / 100 * n) in ascending order. Always one
// of the values (no interpolation). std::nullopt when `values` is empty.
std::optional<std::int64_t> nearest_rank_percentile(std::vector<std::int64_t> values, int percent);

} // namespace inboxprobe
