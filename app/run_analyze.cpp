// The analyze pass: every probe's records through the analysis stage, the results saved in one
// transaction. Re-running it (`inboxprobe reanalyze` after an upgrade, or after a later
// collection found more) re-analyses from the stored bytes; a verdict that changes keeps the
// earlier one in the history.
#include "run_passes.hpp"

#include <analysis/delivery.hpp>
#include <analysis/dkim_keys.hpp>
#include <analysis/dns_resolver.hpp>

#include <map>

namespace inboxprobe {

namespace {

const SeedMailbox*
find_seed(const Config& config, const std::string& address)
{
  for (const SeedMailbox& s : config.seeds) {
    if (s.address == address) {
      return &s;
    }
  }
  return nullptr;
}

// Why a probe not found at `health`'s seed is not missing: the seed could not
// be read, or one of its folders could not.
void
explain_unknown(const SeedHealth& health, ProbeResult& result)
{
  if (!health.reachable) {
    result.findings.push_back({"imap.seed_unreachable",
                               Severity::error,
                               "the seed mailbox could not be read, so the probe's placement is "
                               "unknown (not counted as missing)",
                               health.error});
  }
  for (const std::string& folder_error : health.folder_errors) {
    result.findings.push_back({"imap.folder_error",
                               Severity::error,
                               "a folder of the seed mailbox could not be read, so the probe may "
                               "be there (not counted as missing)",
                               folder_error});
  }
}

struct RunRecords
{
  std::map<std::int64_t, Submission> submissions;
  std::map<std::int64_t, std::vector<Sighting>> sightings; // by found_at
  std::map<std::int64_t, Placement> earlier;               // the stored verdicts
};

Result<RunRecords>
load_records(Store& store, const std::string& run_id)
{
  RunRecords r;
  for (Submission& s : TRY(store.load_submissions(run_id))) {
    r.submissions.emplace(s.probe_id, std::move(s));
  }
  for (Sighting& s : TRY(store.load_sightings(run_id))) {
    r.sightings[s.probe_id].push_back(std::move(s));
  }
  for (const ProbeResult& result : TRY(store.load_results(run_id))) {
    r.earlier[result.probe_id] = result.placement;
  }
  return r;
}

DeliveryEvidence
evidence_of(const RunRecords& records, const Probe& probe, std::int64_t deadline_at_ms)
{
  DeliveryEvidence e;
  e.deadline_at_ms = deadline_at_ms;
  if (const auto it = records.sightings.find(probe.id); it != records.sightings.end()) {
    for (const Sighting& s : it->second) {
      (s.role == FolderRole::bounce ? e.bounces : e.copies).push_back(&s);
    }
  }
  if (const auto it = records.earlier.find(probe.id); it != records.earlier.end()) {
    e.earlier_verdict = it->second;
  }
  return e;
}

} // namespace

Result<void>
analyze_probes(RunContext& ctx, const std::string& run_id, const std::vector<SeedHealth>& health)
{
  const Run run = TRY(ctx.store.load_run(run_id));
  const RunRecords records = TRY(load_records(ctx.store, run_id));
  std::map<std::string, const SeedHealth*> health_of;
  for (const SeedHealth& h : health) {
    health_of[h.seed] = &h;
  }
  // One resolver for DKIM/ARC keys, SPF and DMARC.
  const auto dns = make_dns_resolver(ctx.config.campaign.dns_resolver);
  const auto dkim_keys = make_resolver_key_lookup(*dns);
  std::vector<ProbeResult> results;
  for (const Probe& probe : TRY(ctx.store.load_probes(run_id))) {
    const SeedMailbox* seed = find_seed(ctx.config, probe.seed);
    const std::int64_t deadline = seed_deadline_at(ctx.config, seed, run.deadline_at_ms);
    const DeliveryEvidence evidence = evidence_of(records, probe, deadline);
    AnalysisContext context;
    context.dkim_keys = dkim_keys.get();
    context.dns = dns.get();
    context.trusted_authserv_ids = seed ? seed->trusted_authserv_ids : std::vector<std::string>{};
    // A probe is missing only where the seed and all its folders could be read
    // after the deadline (or an earlier collection already established it).
    const auto h = health_of.find(probe.seed);
    const bool seed_ok = h == health_of.end()
                         || (h->second->reachable && h->second->folder_errors.empty())
                         || evidence.earlier_verdict == Placement::missing;
    context.deadline =
      ctx.clock.now_ms() >= deadline && seed_ok ? DeadlineState::passed : DeadlineState::open;
    const auto submission = records.submissions.find(probe.id);
    ProbeResult result =
      analyze_delivery(probe,
                       submission == records.submissions.end() ? nullptr : &submission->second,
                       evidence,
                       context);
    if (!seed_ok && result.placement == Placement::pending) {
      explain_unknown(*h->second, result);
    }
    results.push_back(std::move(result));
  }
  return ctx.store.save_results(results);
}

Result<void>
reanalyze_run(RunContext& ctx, const std::string& run_id)
{
  if (const std::int64_t pruned = TRY(ctx.store.raw_pruned_at_ms(run_id)); pruned > 0) {
    return fail("store.raw_pruned",
                "the raw messages of run " + run_id
                  + " were pruned by retention (keep_raw_days); it cannot be re-analysed");
  }
  std::map<std::int64_t, std::string> seed_of;
  for (const Probe& probe : TRY(ctx.store.load_probes(run_id))) {
    seed_of[probe.id] = probe.seed;
  }
  std::map<std::string, SeedHealth> unreachable;
  for (const ProbeResult& result : TRY(ctx.store.load_results(run_id))) {
    for (const Finding& finding : result.findings) {
      if (finding.code == "imap.seed_unreachable") {
        const std::string& seed = seed_of[result.probe_id];
        unreachable[seed] = SeedHealth{seed, false, finding.evidence, {}};
      }
    }
  }
  std::vector<SeedHealth> health;
  for (auto& [seed, h] : unreachable) {
    health.push_back(std::move(h));
  }
  return analyze_probes(ctx, run_id, health);
}

} // namespace inboxprobe
