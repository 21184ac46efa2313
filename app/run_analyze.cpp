// The analyze pass: every probe's records through the analysis stage, the
// results saved in one transaction. Re-running it (`inboxprobe reanalyze`,
// after an upgrade) re-analyses from the stored bytes.
#include "run_passes.hpp"

#include <analysis/analyze.hpp>
#include <analysis/dkim_keys.hpp>
#include <analysis/dns_resolver.hpp>

#include <map>

namespace inboxprobe {

Result<void>
analyze_probes(RunContext& ctx, const std::string& run_id, const std::vector<SeedHealth>& health)
{
  const Run run = TRY(ctx.store.load_run(run_id));
  std::map<std::int64_t, Submission> submissions;
  for (Submission& s : TRY(ctx.store.load_submissions(run_id))) {
    submissions.emplace(s.probe_id, std::move(s));
  }
  std::map<std::int64_t, Sighting> first_sighting; // load_sightings is ordered by found_at
  for (Sighting& s : TRY(ctx.store.load_sightings(run_id))) {
    first_sighting.emplace(s.probe_id, std::move(s));
  }
  std::map<std::string, const SeedHealth*> health_of;
  for (const SeedHealth& h : health) {
    health_of[h.seed] = &h;
  }
  // One resolver for DKIM/ARC keys, SPF and DMARC.
  const auto dns = make_dns_resolver(ctx.config.campaign.dns_resolver);
  const auto dkim_keys = make_resolver_key_lookup(*dns);
  const bool deadline_passed = ctx.clock.now_ms() >= run.deadline_at_ms;
  std::vector<ProbeResult> results;
  for (const Probe& probe : TRY(ctx.store.load_probes(run_id))) {
    AnalysisContext context;
    context.dkim_keys = dkim_keys.get();
    context.dns = dns.get();
    for (const SeedMailbox& seed : ctx.config.seeds) {
      if (seed.address == probe.seed) {
        context.trusted_authserv_ids = seed.trusted_authserv_ids;
      }
    }
    // A probe is missing only where the seed could be read after the deadline;
    // an unreachable mailbox leaves it pending (and says why) rather than
    // missing.
    const auto h = health_of.find(probe.seed);
    const bool seed_ok = h == health_of.end() || h->second->reachable;
    context.deadline = deadline_passed && seed_ok ? DeadlineState::passed : DeadlineState::open;
    const auto submission = submissions.find(probe.id);
    const auto sighting = first_sighting.find(probe.id);
    ProbeResult result =
      analyze_probe(probe,
                    submission == submissions.end() ? nullptr : &submission->second,
                    sighting == first_sighting.end() ? nullptr : &sighting->second,
                    context);
    if (!seed_ok && result.placement == Placement::pending) {
      result.findings.push_back({"imap.seed_unreachable",
                                 Severity::error,
                                 "the seed mailbox could not be read, so the probe's placement is "
                                 "unknown (not counted as missing)",
                                 h->second->error});
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
        unreachable[seed] = SeedHealth{seed, false, finding.evidence};
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
