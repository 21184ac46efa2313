// Poll cycles over all seeds on a Boost.Asio thread pool; Asio timers pace the
// cycles.
#include "collector.hpp"

#include "seed_poll.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <future>
#include <map>

namespace inboxprobe {

namespace {

struct SeedWork
{
  const SeedMailbox* seed = nullptr;
  SeedPollState state;
  std::map<std::string, std::int64_t> tokens; // still pending at this seed
  SeedStatus status;
  Result<SeedPollResult> last = SeedPollResult{};
  bool polled = false; // in the current cycle
};

// The wait before cycle `cycle` (0-based): 250 ms, 500 ms, 1 s, ... up to the
// interval.
std::int64_t
interval_before(int cycle, std::int64_t poll_interval_ms)
{
  std::int64_t ms = 250;
  for (int i = 1; i < cycle && ms < poll_interval_ms; ++i) {
    ms *= 2;
  }
  return std::min(ms, poll_interval_ms);
}

void
record_poll(SeedWork& work)
{
  SeedStatus& status = work.status;
  ++status.polls;
  status.junk_found_by = work.state.junk_found_by;
  for (const WatchedFolder& f : work.state.folders) {
    if (f.role == FolderRole::junk) {
      status.junk_folder = f.folder.name;
    }
  }
  if (!work.last) {
    ++status.failed_polls;
    status.last_error_code = work.last.error().code;
    status.last_error = work.last.error().what;
    return;
  }
  status.last_error_code.clear();
  status.last_error.clear();
  status.round_trips += work.last->round_trips;
  status.folder_errors = work.last->folder_errors;
}

} // namespace

std::vector<SeedStatus>
collect(const std::vector<SeedMailbox>& seeds,
        const std::vector<PendingProbe>& pending,
        const CollectOptions& options,
        const Clock& clock,
        const std::function<void(const Sighting&)>& on_sighting,
        const std::function<void(const CollectProgress&)>& on_progress)
{
  std::vector<SeedWork> works(seeds.size());
  std::size_t left = 0;
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    works[i].seed = &seeds[i];
    works[i].status.seed = seeds[i].address;
    for (const PendingProbe& p : pending) {
      if (p.seed == seeds[i].address) {
        works[i].tokens.emplace(p.token, p.probe_id);
        ++left;
      }
    }
  }
  const std::size_t total = left;
  boost::asio::thread_pool pool(std::max<std::size_t>(1, options.max_parallel_seeds));
  boost::asio::steady_timer timer(pool);
  for (int cycle = 0;; ++cycle) {
    const std::int64_t cycle_start_ms = clock.now_ms();
    const bool final_cycle = cycle_start_ms >= options.deadline_at_ms;
    std::vector<std::future<void>> done;
    for (SeedWork& work : works) {
      // A seed without pending probes is still polled once, so its folders are
      // known.
      work.polled = !work.tokens.empty() || !work.state.folders_known;
      if (!work.polled) {
        continue;
      }
      std::packaged_task<void()> task([&work, &options, &clock] {
        work.last =
          poll_seed(*work.seed, work.state, work.tokens, options.since_at, clock, options.imap);
      });
      done.push_back(task.get_future());
      boost::asio::post(pool, std::move(task));
    }
    for (auto& f : done) {
      f.wait();
    }
    // Hand over sightings on this thread, in seed order.
    for (SeedWork& work : works) {
      if (!work.polled) {
        continue;
      }
      record_poll(work);
      if (!work.last) {
        continue;
      }
      for (const Sighting& s : work.last->sightings) {
        on_sighting(s);
        for (auto it = work.tokens.begin(); it != work.tokens.end(); ++it) {
          if (it->second == s.probe_id) {
            work.tokens.erase(it);
            --left;
            break;
          }
        }
      }
      work.last->sightings.clear();
    }
    const std::int64_t now = clock.now_ms();
    on_progress({total - left, left, std::max<std::int64_t>(0, options.deadline_at_ms - now)});
    if (left == 0 || final_cycle) {
      break;
    }
    // Sleep until the next cycle, never past the deadline (one last cycle runs
    // there).
    const std::int64_t wake =
      std::min(cycle_start_ms + interval_before(cycle + 1, options.poll_interval_ms),
               options.deadline_at_ms);
    if (wake > now) {
      timer.expires_after(std::chrono::milliseconds(wake - now));
      timer.wait();
    }
  }
  pool.join();
  std::vector<SeedStatus> statuses;
  for (SeedWork& work : works) {
    statuses.push_back(std::move(work.status));
  }
  return statuses;
}

} // namespace inboxprobe
