// The plan and send passes: one probe per route x seed x content, each composed
// and submitted in its own SMTP transaction; routes are driven in parallel,
// each route's probes in order.
#include "run_passes.hpp"

#include <core/probe_token.hpp>
#include <sender/compose.hpp>
#include <sender/submit.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <ctime>
#include <map>
#include <mutex>

namespace inboxprobe {

namespace {

// "20261129T081500Z-3kq7": sortable by start time, unique through a random
// suffix.
std::string
make_run_id(std::int64_t now_ms)
{
  const std::time_t t = static_cast<std::time_t>(now_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(stamp) + "-" + make_probe_token().substr(0, 4);
}

template<typename T>
const T*
find_named(const std::vector<T>& items, const std::string& name)
{
  for (const T& item : items) {
    if constexpr (std::is_same_v<T, SeedMailbox>) {
      if (item.address == name) {
        return &item;
      }
    } else if (item.name == name) {
      return &item;
    }
  }
  return nullptr;
}

} // namespace

Result<std::string>
plan_run(RunContext& ctx)
{
  const Config& config = ctx.config;
  Run run;
  run.started_at_ms = ctx.clock.now_ms();
  run.id = make_run_id(run.started_at_ms);
  run.campaign = config.campaign.name;
  run.state = "sending";
  run.deadline_at_ms = run.started_at_ms + longest_deadline_ms(config); // refined after sending
  for (const Route& route : config.routes) {
    run.routes.push_back(route.name);
  }
  for (const SeedMailbox& seed : config.seeds) {
    run.seeds.push_back({seed.address, seed.provider});
  }
  std::vector<Probe> probes;
  for (const Route& route : config.routes) {
    for (const SeedMailbox& seed : config.seeds) {
      for (const Content& content : config.contents) {
        probes.push_back({0, run.id, make_probe_token(), route.name, seed.address, content.name});
      }
    }
  }
  TRY(ctx.store.create_run(run));
  TRY(ctx.store.save_probes(probes));
  return run.id;
}

Result<void>
send_probes(RunContext& ctx, const std::string& run_id)
{
  const Config& config = ctx.config;
  const std::vector<Probe> probes = TRY(ctx.store.load_probes(run_id));
  std::map<std::int64_t, bool> submitted;
  for (const Submission& s : TRY(ctx.store.load_submissions(run_id))) {
    submitted[s.probe_id] = true;
  }
  std::map<std::string, std::vector<const Probe*>> by_route;
  std::size_t total = 0;
  for (const Probe& probe : probes) {
    if (!submitted.count(probe.id)) {
      by_route[probe.route].push_back(&probe);
      ++total;
    }
  }
  std::mutex mutex; // guards the store, the progress stream and the counters below
  std::size_t sent = 0;
  std::optional<Error> store_error;
  boost::asio::thread_pool pool(
    std::max<std::size_t>(1, std::min<std::size_t>(by_route.size(), 8)));
  for (const auto& [route_name, route_probes] : by_route) {
    const Route* route = find_named(config.routes, route_name);
    if (!route) {
      return fail("run.route_gone",
                  "route " + route_name + " of run " + run_id
                    + " is no longer in the configuration");
    }
    boost::asio::post(pool, [&, route, list = route_probes] {
      for (const Probe* probe : list) {
        const Content* content = find_named(config.contents, probe->content);
        const Content fallback{probe->content, "inboxprobe probe", "inboxprobe probe", {}};
        const ComposedMessage message =
          compose_probe(*probe, *route, content ? *content : fallback, ctx.clock.now_ms());
        const Submission s =
          submit_probe(*probe, *route, message.message_id, message.bytes, ctx.clock);
        const std::lock_guard<std::mutex> lock(mutex);
        const bool keep = ctx.keep_transcripts || s.outcome != SubmitOutcome::accepted;
        if (auto saved = ctx.store.save_submission(s, keep); !saved && !store_error) {
          store_error = saved.error();
        }
        ++sent;
        ctx.progress << "sent " << sent << "/" << total << ": " << route->name << " -> "
                     << probe->seed << " (" << probe->content << "): " << to_string(s.outcome)
                     << (s.reply.code ? " " + std::to_string(s.reply.code) : "")
                     << (s.error.empty() ? "" : " " + s.error) << "\n";
      }
    });
  }
  pool.join();
  if (store_error) {
    return tl::unexpected(*store_error);
  }
  // The longest wait any seed has; a seed with a shorter one stops earlier
  // (seed_deadline_at).
  const std::int64_t deadline_at_ms = ctx.clock.now_ms() + longest_deadline_ms(config);
  TRY(ctx.store.set_run_deadline(run_id, deadline_at_ms));
  return ctx.store.set_run_state(run_id, "collecting", 0);
}

} // namespace inboxprobe
