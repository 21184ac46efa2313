// The collect pass: hand the receiver the planned mailboxes and probes, save
// each sighting the moment it is found and each mailbox's folder cursors at
// the end, report progress with the time left, then clean up where a seed asks
// for it.
#include "collect_plan.hpp"
#include "kill_point.hpp"
#include "run_passes.hpp"

#include <core/duration.hpp>
#include <receiver/cleanup.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace inboxprobe {

namespace {

// More mailboxes than this get one summary line instead of one line each.
constexpr std::size_t k_max_mailbox_lines = 20;

ImapOptions
imap_options(const Config& config)
{
  ImapOptions imap;
  imap.command_timeout_ms = config.campaign.imap_timeout_ms;
  imap.connect_timeout_ms = std::min<std::int64_t>(10'000, config.campaign.imap_timeout_ms);
  return imap;
}

Result<void>
save_cursors(RunContext& ctx, const CollectionPlan& plan, const std::vector<SeedStatus>& statuses)
{
  for (std::size_t i = 0; i < plan.targets.size(); ++i) {
    std::vector<MailboxCursor> cursors;
    for (const auto& [folder, c] : statuses[i].cursors) {
      if (c.next_uid != 0) {
        cursors.push_back({folder, c.uidvalidity, c.next_uid});
      }
    }
    const SeedMailbox& m = plan.targets[i].mailbox;
    TRY(ctx.store.save_cursors(m.imap_url, m.user, cursors, ctx.clock.now_ms()));
  }
  return {};
}

// One line per mailbox: how the collection went there.
void
print_statuses(RunContext& ctx, const std::vector<SeedStatus>& statuses)
{
  int polls = 0, round_trips = 0, messages = 0;
  for (const SeedStatus& s : statuses) {
    polls += s.polls;
    round_trips += s.round_trips;
    messages += s.messages_read;
    const char* kind = s.purpose == MailboxPurpose::bounces ? "bounce mailbox " : "seed ";
    if (!s.last_error_code.empty()) {
      ctx.progress << kind << s.seed << ": " << s.last_error_code << ": " << s.last_error << "\n";
    }
    for (const FolderError& e : s.folder_errors) {
      ctx.progress << kind << s.seed << ": folder-error " << e.folder << ": " << e.code << ": "
                   << e.what << "\n";
    }
    if (statuses.size() <= k_max_mailbox_lines && s.polls > 0) {
      ctx.progress << kind << s.seed << ": polls=" << s.polls << " failed_polls=" << s.failed_polls
                   << " round_trips=" << s.round_trips << " messages_read=" << s.messages_read
                   << " cut_replies=" << s.cut_replies << " url_fetches=" << s.url_fetches
                   << (s.junk_folder.empty()
                         ? ""
                         : " junk=\"" + s.junk_folder + "\" (" + s.junk_found_by + ")")
                   << "\n";
    }
  }
  ctx.progress << "collected from " << statuses.size() << " mailboxes: " << polls << " polls, "
               << round_trips << " round trips, " << messages << " messages read\n";
}

// Move or delete what was found, for the seeds that ask for it.
void
clean_up_seeds(RunContext& ctx, const CollectionPlan& plan, const std::vector<Sighting>& found)
{
  std::map<std::int64_t, std::string> seed_of;
  for (const PendingProbe& p : plan.probes) {
    seed_of[p.probe_id] = p.seed;
  }
  for (const SeedMailbox& seed : ctx.config.seeds) {
    if (seed.cleanup == SeedCleanup::none) {
      continue;
    }
    std::vector<Sighting> mine;
    for (const Sighting& s : found) {
      if (s.role != FolderRole::bounce && seed_of[s.probe_id] == seed.address) {
        mine.push_back(s);
      }
    }
    const auto outcome = clean_up(seed, mine, imap_options(ctx.config), ctx.clock);
    if (!outcome) {
      ctx.progress << "seed " << seed.address << ": cleanup failed: " << outcome.error().code
                   << ": " << outcome.error().what << "\n";
    } else if (!mine.empty()) {
      ctx.progress << "seed " << seed.address << ": cleanup moved " << outcome->moved
                   << ", deleted " << outcome->deleted << ", skipped " << outcome->skipped << "\n";
    }
  }
}

CollectOptions
collect_options(const Config& config, const CollectionPlan& plan)
{
  CollectOptions options;
  options.deadline_at_ms = plan.deadline_at_ms;
  options.poll_interval_ms = config.campaign.poll_interval_ms;
  options.since_at = plan.since_at;
  options.max_parallel_seeds = config.campaign.max_parallel_seeds;
  options.max_connections_per_host = config.campaign.max_connections_per_host;
  options.imap = imap_options(config);
  return options;
}

// Progress on stderr: a line when something was found, else every 5 s (a
// quiet wait for the deadline).
struct ProgressPrinter
{
  RunContext& ctx;
  std::size_t last_found = static_cast<std::size_t>(-1);
  std::int64_t last_print_ms = 0;

  void
  print(const CollectProgress& p)
  {
    const std::int64_t now = ctx.clock.now_ms();
    if (p.found == last_found && now - last_print_ms < 5000 && p.pending > 0) {
      return;
    }
    last_found = p.found;
    last_print_ms = now;
    ctx.progress << "found " << p.found << "/" << (p.found + p.pending) << ", "
                 << format_duration_ms(p.ms_left) << " left to the deadline\n";
  }
};

// How each seed (not bounce mailbox) fared, for the analysis.
std::vector<SeedHealth>
health_of(const std::vector<SeedStatus>& statuses)
{
  std::vector<SeedHealth> health;
  for (const SeedStatus& status : statuses) {
    if (status.purpose != MailboxPurpose::seed || status.polls == 0) {
      continue;
    }
    SeedHealth h{status.seed, status.last_error_code.empty(), {}, {}};
    if (!h.reachable) {
      h.error = status.last_error_code + ": " + status.last_error;
    }
    for (const FolderError& e : status.folder_errors) {
      h.folder_errors.push_back(e.folder + ": " + e.code + ": " + e.what);
    }
    health.push_back(std::move(h));
  }
  return health;
}

// Runs other than `run_ids` with a probe among `found`.
std::vector<std::string>
other_runs_seen(const CollectionPlan& plan,
                const std::vector<std::string>& run_ids,
                const std::vector<Sighting>& found)
{
  std::set<std::string> others;
  for (const Sighting& s : found) {
    const std::string& run = plan.run_of_probe.at(s.probe_id);
    if (std::find(run_ids.begin(), run_ids.end(), run) == run_ids.end()) {
      others.insert(run);
    }
  }
  return {others.begin(), others.end()};
}

} // namespace

Result<CollectOutcome>
collect_probes(RunContext& ctx, const std::vector<std::string>& run_ids, CollectWait wait)
{
  const CollectionPlan plan = TRY(plan_collection(ctx, run_ids, wait));
  std::optional<Error> store_error;
  std::vector<Sighting> found;
  ProgressPrinter progress{ctx};
  const auto statuses = collect(
    plan.targets,
    plan.probes,
    collect_options(ctx.config, plan),
    ctx.clock,
    [&](const Sighting& s) {
      // Saved the moment it is found: an interrupted run keeps it.
      if (auto saved = ctx.store.save_sighting(s); !saved && !store_error) {
        store_error = saved.error();
      }
      found.push_back(s);
      kill_point("sighting");
    },
    [&](const CollectProgress& p) { progress.print(p); });
  if (store_error) {
    return tl::unexpected(*store_error);
  }
  TRY(save_cursors(ctx, plan, statuses));
  print_statuses(ctx, statuses);
  clean_up_seeds(ctx, plan, found);
  for (const std::string& id : run_ids) {
    TRY(ctx.store.set_run_state(id, "analyzing", 0));
  }
  return CollectOutcome{health_of(statuses), other_runs_seen(plan, run_ids, found)};
}

Result<std::vector<std::string>>
runs_with_pending_probes(RunContext& ctx)
{
  const std::int64_t horizon_start = ctx.clock.now_ms() - ctx.config.campaign.collect_horizon_ms;
  std::vector<std::string> out;
  for (const Run& run : TRY(ctx.store.list_runs())) {
    if (run.started_at_ms < horizon_start) {
      continue;
    }
    if (run.state != "done") {
      out.insert(out.begin(), run.id); // sent, but never collected and analysed to the end
      continue;
    }
    std::set<std::int64_t> seen;
    for (const Sighting& s : TRY(ctx.store.load_sightings(run.id))) {
      seen.insert(s.probe_id);
    }
    for (const Submission& s : TRY(ctx.store.load_submissions(run.id))) {
      const bool sent =
        s.outcome == SubmitOutcome::accepted || s.outcome == SubmitOutcome::uncertain;
      if (sent && !seen.count(s.probe_id)) {
        out.insert(out.begin(), run.id); // list_runs is newest first
        break;
      }
    }
  }
  return out;
}

} // namespace inboxprobe
