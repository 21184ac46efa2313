// Route workers on an Asio thread pool: take the next ready probe, wait for the
// route's pacer, submit, then either save the Submission or (after a 4xx, up
// to max_retries) put the probe back with a backoff.
#include "send_workers.hpp"

#include "kill_point.hpp"

#include <sender/compose.hpp>
#include <sender/route_pacer.hpp>
#include <sender/smtp_connection.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <variant>

namespace inboxprobe {

namespace {

// One probe waiting to be (re)submitted.
struct SendJob
{
  const Probe* probe = nullptr;
  int attempt = 1;
  std::int64_t not_before_ms = 0;                 // UTC epoch ms; 0 = at once
  std::shared_ptr<const ComposedMessage> message; // composed once, sent on every attempt
};

struct Done
{
};

// A route's queue and pacer, shared by its workers.
class RouteState
{
public:
  RouteState(const Route& route, const std::vector<const Probe*>& probes)
    : m_route(route),
      m_pacer(route.pacing)
  {
    for (const Probe* probe : probes) {
      m_jobs.push_back({probe, 1, 0, nullptr});
    }
  }

  const Route&
  route() const
  {
    return m_route;
  }
  RoutePacer&
  pacer()
  {
    return m_pacer;
  }

  // The first job ready at `now_ms`, else how long until one is, else Done.
  std::variant<SendJob, std::int64_t, Done>
  take(std::int64_t now_ms)
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (m_jobs.empty()) {
      return Done{};
    }
    std::int64_t soonest = m_jobs.front().not_before_ms;
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
      if (it->not_before_ms <= now_ms) {
        SendJob job = std::move(*it);
        m_jobs.erase(it);
        return job;
      }
      soonest = std::min(soonest, it->not_before_ms);
    }
    return soonest - now_ms;
  }

  void
  put_back(SendJob job)
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_jobs.push_front(std::move(job));
  }

  // The submission whose AUTH the server refused for good (5yz), if one was:
  // the route's other probes are not tried with the same credentials (each
  // try counts toward a provider's lockout of the account).
  std::optional<Submission>
  auth_refusal() const
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_auth_refusal;
  }
  void
  note(const Submission& s)
  {
    if (s.step == SmtpStep::auth && s.reply.code >= 500 && s.reply.code < 600) {
      const std::lock_guard<std::mutex> lock(m_mutex);
      if (!m_auth_refusal) {
        m_auth_refusal = s;
        m_auth_refusal->transcript.clear();
        m_auth_refusal->message_bytes.clear();
      }
    }
  }

private:
  const Route& m_route;
  RoutePacer m_pacer;
  mutable std::mutex m_mutex;
  std::deque<SendJob> m_jobs;
  std::optional<Submission> m_auth_refusal;
};

// The record of a probe not tried because the route's AUTH was refused
// earlier: the same outcome, step and reply, and the reason.
Submission
not_tried_after(const Submission& refusal, const Probe& probe, std::int64_t now_ms)
{
  Submission s = refusal;
  s.probe_id = probe.id;
  s.attempts = 0;
  s.started_at_ms = now_ms;
  s.accepted_at_ms = 0;
  s.queue_id.clear();
  s.message_id.clear();
  s.error = "not tried: the server refused AUTH for an earlier probe of this route ("
            + std::to_string(refusal.reply.code) + " " + refusal.reply.enhanced_code
            + "); no more logins with these credentials this run";
  return s;
}

const Content*
find_content(const std::vector<Content>& contents, const std::string& name)
{
  for (const Content& c : contents) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

class RouteWorker : public std::enable_shared_from_this<RouteWorker>
{
public:
  RouteWorker(boost::asio::thread_pool& pool, RouteState& state, SendProgress& progress)
    : m_timer(pool),
      m_state(state),
      m_progress(progress),
      m_connection(state.route(), progress.ctx.clock)
  {
  }

  void
  start()
  {
    boost::asio::post(m_timer.get_executor(), [self = shared_from_this()] { self->step(); });
  }

private:
  void step();
  void wait_then_step(std::int64_t ms);
  void submit(SendJob job, std::int64_t started_at_ms);
  void record(Submission s, const Probe& probe);
  std::shared_ptr<const ComposedMessage> compose(const Probe& probe) const;

  boost::asio::steady_timer m_timer;
  RouteState& m_state;
  SendProgress& m_progress;
  SmtpConnection m_connection;
};

void
RouteWorker::wait_then_step(std::int64_t ms)
{
  m_timer.expires_after(std::chrono::milliseconds(ms));
  m_timer.async_wait(
    [self = shared_from_this()](const boost::system::error_code&) { self->step(); });
}

void
RouteWorker::step()
{
  try {
    // Submit while probes are ready and the pacer lets them go, on this thread:
    // handing each probe to the pool anew would cost a thread wake-up per probe.
    for (;;) {
      if (m_progress.writer.failed()) {
        return; // the history cannot record what would be sent: send nothing more
      }
      const std::int64_t now = m_progress.ctx.clock.now_ms();
      auto next = m_state.take(now);
      if (std::holds_alternative<Done>(next)) {
        return; // this worker's connection closes (QUIT) with the worker
      }
      if (const auto* wait = std::get_if<std::int64_t>(&next)) {
        wait_then_step(*wait);
        return;
      }
      SendJob job = std::get<SendJob>(std::move(next));
      if (const std::int64_t wait = m_state.pacer().try_start(now); wait > 0) {
        m_state.put_back(std::move(job));
        wait_then_step(wait);
        return;
      }
      submit(std::move(job), now);
    }
  } catch (const std::exception& e) {
    // A bug (e.g. a composition invariant): stop this worker, fail the pass.
    const std::lock_guard<std::mutex> lock(m_progress.mutex);
    if (!m_progress.error) {
      m_progress.error = Error{"run.send_bug", e.what()};
    }
  }
}

std::shared_ptr<const ComposedMessage>
RouteWorker::compose(const Probe& probe) const
{
  const Config& config = m_progress.ctx.config;
  const Content* content = find_content(config.contents, probe.content);
  // A resumed run whose content variant left the configuration still sends.
  Content fallback;
  fallback.name = probe.content;
  fallback.subject = fallback.text = "inboxprobe probe";
  return std::make_shared<const ComposedMessage>(compose_probe(
    probe, m_state.route(), content ? *content : fallback, m_progress.ctx.clock.now_ms()));
}

void
RouteWorker::submit(SendJob job, std::int64_t started_at_ms)
{
  // A crash test's kill point: every earlier attempt's record saved, none in flight.
  kill_point("send", [this] { (void)m_progress.writer.finish(); });
  if (const auto refusal = m_state.auth_refusal()) {
    record(not_tried_after(*refusal, *job.probe, started_at_ms), *job.probe);
    return;
  }
  if (!job.message) {
    job.message = compose(*job.probe);
  }
  // The provisional record is saved at the commit point, just before the final
  // ".": a run killed before it resends the probe on resume, one killed after
  // it looks for the probe instead (send_workers.hpp).
  const Submission provisional =
    interrupted_submission(*job.probe, m_state.route(), *job.message, started_at_ms);
  Submission s = m_connection.submit(
    *job.probe, job.message->message_id, job.message->bytes, started_at_ms, [&] {
      return m_progress.writer.save_before_sending(provisional).wait();
    });
  kill_point("submitted"); // the server answered; only the provisional record is saved
  s.attempts = job.attempt;
  m_state.note(s);
  RoutePacer& pacer = m_state.pacer();
  if (s.outcome == SubmitOutcome::accepted) {
    pacer.on_accepted();
  } else if (s.outcome == SubmitOutcome::deferred) {
    pacer.on_deferred();
    if (job.attempt <= m_state.route().pacing.max_retries) {
      const std::int64_t delay = pacer.retry_delay_ms(job.attempt);
      {
        const std::lock_guard<std::mutex> lock(m_progress.mutex);
        m_progress.ctx.progress << "deferred: " << m_state.route().name << " -> " << job.probe->seed
                                << ": " << s.reply.code << " " << s.reply.enhanced_code
                                << "; retry " << job.attempt << "/"
                                << m_state.route().pacing.max_retries << " in " << delay << " ms\n";
      }
      job.not_before_ms = m_progress.ctx.clock.now_ms() + delay;
      ++job.attempt;
      // Not accepted (yet): if the run stops before the retry, the deferral is
      // what the history says, not the provisional "uncertain".
      m_progress.writer.save(std::move(s), true);
      m_state.put_back(std::move(job));
      return;
    }
  }
  record(std::move(s), *job.probe);
}

void
RouteWorker::record(Submission s, const Probe& probe)
{
  RunContext& ctx = m_progress.ctx;
  const std::lock_guard<std::mutex> lock(m_progress.mutex);
  ++m_progress.sent;
  ctx.progress << "sent " << m_progress.sent << "/" << m_progress.total << ": "
               << m_state.route().name << " -> " << probe.seed << " (" << probe.content
               << "): " << to_string(s.outcome)
               << (s.reply.code ? " " + std::to_string(s.reply.code) : "")
               << (s.attempts > 1 ? " after " + std::to_string(s.attempts) + " attempts" : "")
               << (s.error.empty() ? "" : " " + s.error) << "\n";
  const bool keep = ctx.keep_transcripts || s.outcome != SubmitOutcome::accepted;
  m_progress.writer.save(std::move(s), keep);
}

} // namespace

Submission
interrupted_submission(const Probe& probe,
                       const Route& route,
                       const ComposedMessage& message,
                       std::int64_t started_at_ms)
{
  Submission s;
  s.probe_id = probe.id;
  s.outcome = SubmitOutcome::uncertain;
  s.step = SmtpStep::none;
  s.error = k_interrupted_error;
  s.started_at_ms = started_at_ms;
  s.message_id = message.message_id;
  s.message_bytes = message.bytes;
  s.findings = route_findings(route);
  return s;
}

bool
was_interrupted(const Submission& s)
{
  return s.outcome == SubmitOutcome::uncertain && s.step == SmtpStep::none;
}

void
send_all(const std::vector<RouteProbes>& routes, SendProgress& progress, std::size_t max_threads)
{
  std::vector<std::unique_ptr<RouteState>> states;
  std::size_t workers = 0;
  for (const RouteProbes& r : routes) {
    states.push_back(std::make_unique<RouteState>(*r.route, r.probes));
    workers += std::min(r.route->pacing.max_connections, r.probes.size());
  }
  boost::asio::thread_pool pool(std::max<std::size_t>(1, std::min(workers, max_threads)));
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const std::size_t count =
      std::min(routes[i].route->pacing.max_connections, routes[i].probes.size());
    for (std::size_t w = 0; w < count; ++w) {
      std::make_shared<RouteWorker>(pool, *states[i], progress)->start();
    }
  }
  pool.join();
}

} // namespace inboxprobe
