// Planning a collection (see collect_plan.hpp).
#include "collect_plan.hpp"

#include <algorithm>
#include <map>

namespace inboxprobe {

namespace {

bool
is_collectable(SubmitOutcome outcome)
{
  // uncertain: a timeout after the final "." - the server may have taken it.
  return outcome == SubmitOutcome::accepted || outcome == SubmitOutcome::uncertain;
}

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

// Probes of one run: awaited when `collecting` the run and not seen yet.
struct RunProbes
{
  Run run;
  std::vector<Probe> probes;
  std::set<std::int64_t> collectable;
  std::set<std::int64_t> seen; // a copy or a DSN was found
};

Result<RunProbes>
load_run_probes(Store& store, const Run& run)
{
  RunProbes out{run, TRY(store.load_probes(run.id)), {}, {}};
  for (const Submission& s : TRY(store.load_submissions(run.id))) {
    if (is_collectable(s.outcome)) {
      out.collectable.insert(s.probe_id);
    }
  }
  for (const Sighting& s : TRY(store.load_sightings(run.id))) {
    out.seen.insert(s.probe_id);
  }
  return out;
}

// The runs a collection considers: those in the horizon and the named ones.
Result<std::vector<Run>>
runs_in_view(RunContext& ctx, const std::vector<std::string>& run_ids)
{
  const std::int64_t horizon_start = ctx.clock.now_ms() - ctx.config.campaign.collect_horizon_ms;
  std::vector<Run> out;
  for (Run& run : TRY(ctx.store.list_runs())) {
    const bool named = std::find(run_ids.begin(), run_ids.end(), run.id) != run_ids.end();
    if (named || run.started_at_ms >= horizon_start) {
      out.push_back(std::move(run));
    }
  }
  return out;
}

Result<std::map<std::string, FolderCursor>>
stored_cursors(Store& store, const SeedMailbox& mailbox)
{
  std::map<std::string, FolderCursor> out;
  for (const MailboxCursor& c : TRY(store.load_cursors(mailbox.imap_url, mailbox.user))) {
    out[c.folder] = {c.uidvalidity, c.next_uid};
  }
  return out;
}

// Add `mailbox` as a target (once per purpose and address) with a deadline no
// earlier than `deadline_at_ms`.
Result<void>
add_target(Store& store,
           CollectionPlan& plan,
           const SeedMailbox& mailbox,
           MailboxPurpose purpose,
           std::int64_t deadline_at_ms)
{
  for (CollectTarget& t : plan.targets) {
    if (t.purpose == purpose && t.mailbox.address == mailbox.address) {
      t.deadline_at_ms = std::max(t.deadline_at_ms, deadline_at_ms);
      return {};
    }
  }
  plan.targets.push_back({mailbox, purpose, deadline_at_ms, TRY(stored_cursors(store, mailbox))});
  return {};
}

Result<void>
add_run(RunContext& ctx, CollectionPlan& plan, const RunProbes& rp, bool collecting)
{
  const Config& config = ctx.config;
  for (const Probe& probe : rp.probes) {
    const SeedMailbox* seed = find_seed(config, probe.seed);
    if (!seed || !rp.collectable.count(probe.id)) {
      continue; // not sent, refused, or its seed is no longer configured
    }
    const bool awaited = collecting && !rp.seen.count(probe.id);
    const auto bounce = config.bounce_mailboxes.find(probe.route);
    PendingProbe p{probe.id,
                   probe.token,
                   probe.seed,
                   bounce == config.bounce_mailboxes.end() ? "" : bounce->second.address,
                   awaited ? ProbeWait::awaited : ProbeWait::watched};
    // A watched probe's mailbox is still listed (with no wait of its own): its
    // copies are matched whenever the mailbox is read for another probe.
    const std::int64_t deadline =
      awaited ? seed_deadline_at(config, seed, rp.run.deadline_at_ms) : 0;
    TRY(add_target(ctx.store, plan, *seed, MailboxPurpose::seed, deadline));
    if (bounce != config.bounce_mailboxes.end()) {
      TRY(add_target(ctx.store, plan, bounce->second, MailboxPurpose::bounces, deadline));
    }
    plan.awaited += awaited ? 1 : 0;
    plan.run_of_probe[probe.id] = rp.run.id;
    plan.probes.push_back(std::move(p));
  }
  plan.since_at = std::min(plan.since_at, rp.run.started_at_ms / 1000 - 60);
  return {};
}

} // namespace

std::int64_t
longest_deadline_ms(const Config& config)
{
  std::int64_t longest = config.campaign.deadline_ms;
  for (const SeedMailbox& s : config.seeds) {
    longest = std::max(longest, s.deadline_ms);
  }
  return longest;
}

std::int64_t
seed_deadline_at(const Config& config, const SeedMailbox* seed, std::int64_t run_deadline_at_ms)
{
  if (!seed) {
    return run_deadline_at_ms;
  }
  // The run's deadline is the end of sending plus the longest wait; a seed
  // without its own waits the campaign's.
  const std::int64_t sent_at_ms = run_deadline_at_ms - longest_deadline_ms(config);
  const std::int64_t wait_ms = seed->deadline_ms ? seed->deadline_ms : config.campaign.deadline_ms;
  return std::min(run_deadline_at_ms, sent_at_ms + wait_ms);
}

Result<CollectionPlan>
plan_collection(RunContext& ctx, const std::vector<std::string>& run_ids, CollectWait wait)
{
  CollectionPlan plan;
  plan.since_at = ctx.clock.now_ms() / 1000;
  for (const Run& run : TRY(runs_in_view(ctx, run_ids))) {
    const bool collecting = std::find(run_ids.begin(), run_ids.end(), run.id) != run_ids.end();
    TRY(add_run(ctx, plan, TRY(load_run_probes(ctx.store, run)), collecting));
  }
  const std::int64_t now = ctx.clock.now_ms();
  for (CollectTarget& t : plan.targets) {
    // One pass: a poll at "the deadline" now, and no other.
    t.deadline_at_ms = wait == CollectWait::one_pass ? now : std::max(t.deadline_at_ms, now);
    plan.deadline_at_ms = std::max(plan.deadline_at_ms, t.deadline_at_ms);
  }
  return plan;
}

} // namespace inboxprobe
