// Polls on a Boost.Asio thread pool, scheduled from the calling thread: each
// mailbox has its own next-poll time; a poll runs when it is due and both the
// pool and the mailbox's server have a free slot. Finished polls come back
// through a queue, so sightings are handed over on the calling thread.
#include "collector.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>

namespace inboxprobe {

namespace {

struct MailboxWork
{
  const CollectTarget* target = nullptr;
  std::string host;
  std::int64_t deadline_at_ms = 0;
  SeedPollState state;
  PollTokens tokens;
  SeedStatus status;
  std::int64_t next_poll_at_ms = 0;
  std::int64_t started_at_ms = 0; // of the poll in flight or just finished
  int throttled = 0;              // consecutive throttling replies
  bool in_flight = false;
  bool done = false; // polled at or after its deadline, or given up
  Result<SeedPollResult> last = SeedPollResult{};
  // Probes found elsewhere while this mailbox's poll was running: its tokens
  // are the poll's to read until it finishes, so they are taken out then.
  std::vector<std::int64_t> resolved_meanwhile;

  // One more poll after the poll that found this mailbox's last awaited probe,
  // made only while the collection goes on for other probes: a second copy
  // delivered moments after the first is then noticed.
  bool confirm = false;

  bool
  wanted() const
  {
    return !done && (!tokens.awaited.empty() || confirm);
  }
};

bool
is_throttling(const std::string& code)
{
  return code == "imap.throttled" || code == "imap.unavailable" || code == "imap.bye";
}

class Collection
{
public:
  Collection(const std::vector<CollectTarget>& targets,
             const std::vector<PendingProbe>& probes,
             const CollectOptions& options,
             const Clock& clock)
    : m_options(options),
      m_clock(clock),
      m_pool(std::max<std::size_t>(1, options.max_parallel_seeds))
  {
    m_works.resize(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) {
      MailboxWork& w = m_works[i];
      w.target = &targets[i];
      w.host = imap_host_of(targets[i].mailbox.imap_url);
      w.deadline_at_ms =
        targets[i].deadline_at_ms ? targets[i].deadline_at_ms : options.deadline_at_ms;
      w.state.cursors = targets[i].cursors;
      w.status.seed = targets[i].mailbox.address;
      w.status.purpose = targets[i].purpose;
    }
    for (const PendingProbe& p : probes) {
      add_probe(p);
    }
  }

  std::vector<SeedStatus>
  run(const std::function<void(const Sighting&)>& on_sighting,
      const std::function<void(const CollectProgress&)>& on_progress)
  {
    const std::size_t total = m_awaited_total;
    while (true) {
      launch_due();
      if (m_in_flight == 0 && (m_awaited_total == 0 || !any_wanted())) {
        break;
      }
      for (MailboxWork* w : wait_for_completions()) {
        finish(*w, on_sighting);
        const std::int64_t left = m_options.deadline_at_ms - m_clock.now_ms();
        on_progress({total - m_awaited_total, m_awaited_total, std::max<std::int64_t>(0, left)});
      }
    }
    m_pool.join();
    std::vector<SeedStatus> statuses;
    for (MailboxWork& w : m_works) {
      w.status.cursors = w.state.cursors;
      statuses.push_back(std::move(w.status));
    }
    return statuses;
  }

private:
  void
  add_probe(const PendingProbe& p)
  {
    const bool awaited = p.wait == ProbeWait::awaited;
    for (MailboxWork& w : m_works) {
      const std::string& address = w.target->mailbox.address;
      const bool here = w.target->purpose == MailboxPurpose::seed
                          ? address == p.seed
                          : !p.bounce_mailbox.empty() && address == p.bounce_mailbox;
      if (here) {
        w.tokens.tokens.emplace(p.token, p.probe_id);
        if (awaited) {
          w.tokens.awaited.insert(p.probe_id);
        }
      }
    }
    if (awaited && m_awaited.insert(p.probe_id).second) {
      ++m_awaited_total;
    }
  }

  bool
  any_wanted() const
  {
    return std::any_of(
      m_works.begin(), m_works.end(), [](const MailboxWork& w) { return w.wanted(); });
  }

  // Start every due poll the pool and the per-host limits have room for,
  // earliest due first.
  void
  launch_due()
  {
    const std::int64_t now = m_clock.now_ms();
    std::vector<MailboxWork*> due;
    for (MailboxWork& w : m_works) {
      if (w.wanted() && !w.in_flight && w.next_poll_at_ms <= now && m_awaited_total > 0) {
        due.push_back(&w);
      }
    }
    // Mailboxes with awaited probes first; a confirmation poll takes what is
    // left over.
    std::sort(due.begin(), due.end(), [](const MailboxWork* a, const MailboxWork* b) {
      const bool a_confirms = a->tokens.awaited.empty(), b_confirms = b->tokens.awaited.empty();
      return a_confirms != b_confirms ? b_confirms : a->next_poll_at_ms < b->next_poll_at_ms;
    });
    for (MailboxWork* w : due) {
      if (has_room(*w)) {
        launch(*w, now);
      }
    }
  }

  void
  launch(MailboxWork& w, std::int64_t now)
  {
    w.in_flight = true;
    w.started_at_ms = now;
    ++m_in_flight;
    ++m_host_in_flight[w.host];
    ImapOptions imap = m_options.imap;
    // Nothing runs past the deadline by more than one command timeout.
    imap.stop_at_ms = w.deadline_at_ms + imap.command_timeout_ms;
    boost::asio::post(m_pool, [this, &w, imap] {
      w.last = poll_seed(
        w.target->mailbox, w.target->purpose, w.state, w.tokens, m_options.since_at, m_clock, imap);
      const std::lock_guard<std::mutex> lock(m_mutex);
      m_completed.push_back(&w);
      m_wake.notify_one();
    });
  }

  bool
  has_room(const MailboxWork& w)
  {
    return m_in_flight < std::max<std::size_t>(1, m_options.max_parallel_seeds)
           && m_host_in_flight[w.host]
                < std::max<std::size_t>(1, m_options.max_connections_per_host);
  }

  // Finished polls; waits until one finishes or the next poll that has room to
  // run is due (a due poll without room waits for a completion, not in a spin).
  std::vector<MailboxWork*>
  wait_for_completions()
  {
    std::int64_t next_due = INT64_MAX;
    for (const MailboxWork& w : m_works) {
      if (w.wanted() && !w.in_flight && has_room(w) && m_awaited_total > 0) {
        next_due = std::min(next_due, w.next_poll_at_ms);
      }
    }
    std::unique_lock<std::mutex> lock(m_mutex);
    const std::int64_t wait_ms = next_due == INT64_MAX ? 60'000 : next_due - m_clock.now_ms();
    if (m_completed.empty() && wait_ms > 0) {
      m_wake.wait_for(
        lock, std::chrono::milliseconds(wait_ms), [this] { return !m_completed.empty(); });
    }
    std::vector<MailboxWork*> done(m_completed.begin(), m_completed.end());
    m_completed.clear();
    return done;
  }

  void
  finish(MailboxWork& w, const std::function<void(const Sighting&)>& on_sighting)
  {
    w.in_flight = false;
    --m_in_flight;
    --m_host_in_flight[w.host];
    for (const std::int64_t id : w.resolved_meanwhile) {
      w.tokens.awaited.erase(id);
    }
    w.resolved_meanwhile.clear();
    record(w);
    const bool had_awaited = !w.tokens.awaited.empty();
    w.confirm = false;
    if (w.last) {
      for (const Sighting& s : w.last->sightings) {
        on_sighting(s);
        resolve(s.probe_id);
      }
      w.confirm = had_awaited && w.tokens.awaited.empty() && !w.last->sightings.empty();
      w.last->sightings.clear();
    }
    schedule_next(w);
  }

  void
  record(MailboxWork& w)
  {
    SeedStatus& status = w.status;
    ++status.polls;
    status.junk_found_by = w.state.junk_found_by;
    for (const WatchedFolder& f : w.state.folders) {
      if (f.role == FolderRole::junk) {
        status.junk_folder = f.folder.name;
      }
    }
    if (!w.last) {
      ++status.failed_polls;
      status.last_error_code = w.last.error().code;
      status.last_error = w.last.error().what;
      w.throttled = is_throttling(w.last.error().code) ? w.throttled + 1 : 0;
      return;
    }
    w.throttled = 0;
    status.last_error_code.clear();
    status.last_error.clear();
    status.round_trips += w.last->round_trips;
    status.messages_read += w.last->messages_read;
    status.cut_replies += w.last->cut_replies;
    status.url_fetches += w.last->url_fetches;
    status.folder_errors = w.last->folder_errors;
    status.read_after_deadline = status.read_after_deadline || w.started_at_ms >= w.deadline_at_ms;
  }

  // A probe seen anywhere is no longer awaited anywhere (its seed, its bounce
  // mailbox).
  void
  resolve(std::int64_t probe_id)
  {
    if (m_awaited.erase(probe_id) == 0) {
      return;
    }
    --m_awaited_total;
    for (MailboxWork& w : m_works) {
      if (w.in_flight) {
        w.resolved_meanwhile.push_back(probe_id); // its worker reads w.tokens now
      } else {
        w.tokens.awaited.erase(probe_id);
      }
    }
  }

  void
  schedule_next(MailboxWork& w)
  {
    const std::int64_t now = m_clock.now_ms();
    if (w.started_at_ms >= w.deadline_at_ms) {
      w.done = true; // its poll at or after the deadline has been made
      return;
    }
    if (!w.last && w.last.error().code == "imap.login_denied") {
      // Refused credentials do not get better by retrying, and providers lock
      // accounts (and Dovecot slows every login from the address) after
      // repeated failures.
      w.done = true;
      return;
    }
    std::int64_t next = std::max(
      now, w.started_at_ms + poll_interval_after(w.status.polls, m_options.poll_interval_ms));
    if (w.throttled > 0) {
      next = std::max(next, now + throttle_backoff_ms(w.throttled));
      if (next > w.deadline_at_ms) {
        w.done = true; // asked to stay away past the deadline: unreachable, not missing
        return;
      }
    }
    // One poll at the deadline itself, however long the interval.
    w.next_poll_at_ms = std::min(next, w.deadline_at_ms);
  }

  const CollectOptions& m_options;
  const Clock& m_clock;
  std::vector<MailboxWork> m_works;
  std::set<std::int64_t> m_awaited;
  std::size_t m_awaited_total = 0;
  std::size_t m_in_flight = 0;
  std::map<std::string, std::size_t> m_host_in_flight;
  std::mutex m_mutex; // guards m_completed
  std::condition_variable m_wake;
  std::deque<MailboxWork*> m_completed;
  boost::asio::thread_pool m_pool;
};

} // namespace

std::int64_t
poll_interval_after(int polls, std::int64_t poll_interval_ms)
{
  std::int64_t ms = 250;
  for (int i = 1; i < polls && ms < poll_interval_ms; ++i) {
    ms *= 2;
  }
  return std::min(ms, poll_interval_ms);
}

std::int64_t
throttle_backoff_ms(int failures)
{
  std::int64_t ms = 1000;
  for (int i = 1; i < failures && ms < 60'000; ++i) {
    ms *= 2;
  }
  return std::min<std::int64_t>(ms, 60'000);
}

std::string
imap_host_of(const std::string& imap_url)
{
  const std::size_t scheme_end = imap_url.find("://");
  std::string rest = scheme_end == std::string::npos ? imap_url : imap_url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  const std::size_t at = rest.rfind('@'); // user info, if any
  if (at != std::string::npos) {
    rest = rest.substr(at + 1);
  }
  if (rest.find(':') == std::string::npos || rest.back() == ']') {
    rest += imap_url.rfind("imaps://", 0) == 0 ? ":993" : ":143";
  }
  return rest;
}

std::vector<SeedStatus>
collect(const std::vector<CollectTarget>& targets,
        const std::vector<PendingProbe>& probes,
        const CollectOptions& options,
        const Clock& clock,
        const std::function<void(const Sighting&)>& on_sighting,
        const std::function<void(const CollectProgress&)>& on_progress)
{
  Collection collection(targets, probes, options, clock);
  return collection.run(on_sighting, on_progress);
}

} // namespace inboxprobe
