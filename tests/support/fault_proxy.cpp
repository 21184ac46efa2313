// The fault proxy on one Boost.Asio thread: each connection has two pumps
// (client -> server, server -> client); a pump reads a chunk, works out what
// to forward and which fault fires in it, writes that, then reads on or acts.
#include "fault_proxy.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

namespace inboxprobe::test {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// The longest `after` text a fault may wait for.
constexpr std::size_t k_tail_bytes = 4096;

// What a pump does once a chunk's bytes are written.
enum class Then { read_on, stop, drop, stall, stop_reading };

struct Plan
{
  std::deque<std::string> writes; // each one write (one TCP segment in one_byte mode)
  Then then = Then::read_on;
  int delay_ms = 0;
};

struct Armed
{
  std::size_t index = 0; // in the script
  const Fault* fault = nullptr;
  std::optional<std::size_t> fire_at; // flow offset, once `after` was seen
  bool fired = false;
};

} // namespace

struct FaultProxy::Impl
{
  struct Session;

  explicit Impl(ProxyScript s) : script(std::move(s)), acceptor(io)
  {
  }

  void accept();

  ProxyScript script;
  int target_port = 0;
  asio::io_context io;
  tcp::acceptor acceptor;
  std::thread thread;
  std::vector<std::shared_ptr<Session>> sessions; // io thread only
  mutable std::mutex mutex;                       // guards the three below
  std::vector<Capture> captures;
  std::vector<int> fired_by_fault;
  int connections = 0;
  int fired = 0;
};

struct FaultProxy::Impl::Session : std::enable_shared_from_this<Session>
{
  struct Pump
  {
    Flow flow;
    tcp::socket* from = nullptr;
    tcp::socket* to = nullptr;
    std::array<char, 16384> buffer{};
    std::size_t passed = 0; // bytes of the flow (after rewrites) handled so far
    std::string tail;       // the last bytes, to find `after` across reads
    std::string line;       // a partial server line awaiting its rewrite
    bool one_byte = false;
    std::vector<Armed> armed;
  };

  Session(Impl& owner, int number)
    : impl(owner),
      index(number - 1),
      client(owner.io),
      server(owner.io),
      timer(owner.io)
  {
    to_server.flow = Flow::to_server;
    to_server.from = &client;
    to_server.to = &server;
    to_client.flow = Flow::to_client;
    to_client.from = &server;
    to_client.to = &client;
    for (std::size_t i = 0; i < owner.script.faults.size(); ++i) {
      const Fault& f = owner.script.faults[i];
      (f.flow == Flow::to_server ? to_server : to_client).armed.push_back({i, &f, {}, false});
    }
  }

  void
  start()
  {
    server.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                       static_cast<unsigned short>(impl.target_port)),
                         [self = shared_from_this()](const boost::system::error_code& ec) {
                           if (ec) {
                             self->reset();
                             return;
                           }
                           self->client.set_option(tcp::no_delay(true));
                           self->server.set_option(tcp::no_delay(true));
                           self->read(self->to_server);
                           self->read(self->to_client);
                         });
  }

  void
  read(Pump& pump)
  {
    if (stalled) {
      return;
    }
    pump.from->async_read_some(
      asio::buffer(pump.buffer),
      [self = shared_from_this(), &pump](const boost::system::error_code& ec, std::size_t n) {
        if (self->stalled) {
          return;
        }
        if (ec) {
          // The sender closed (or the connection broke): pass the end on.
          boost::system::error_code ignored;
          pump.to->shutdown(tcp::socket::shutdown_send, ignored);
          return;
        }
        const std::string chunk(pump.buffer.data(), n);
        self->capture(pump.flow, chunk);
        self->write(pump, self->plan(pump, chunk));
      });
  }

  void
  write(Pump& pump, Plan plan)
  {
    if (plan.writes.empty()) {
      finish(pump, plan);
      return;
    }
    auto piece = std::make_shared<std::string>(std::move(plan.writes.front()));
    plan.writes.pop_front();
    asio::async_write(*pump.to,
                      asio::buffer(*piece),
                      [self = shared_from_this(), &pump, piece, plan = std::move(plan)](
                        const boost::system::error_code& ec, std::size_t) mutable {
                        if (ec) {
                          self->reset();
                          return;
                        }
                        self->write(pump, std::move(plan));
                      });
  }

  void
  finish(Pump& pump, const Plan& plan)
  {
    switch (plan.then) {
    case Then::read_on:
      read(pump);
      break;
    case Then::stop:
      break;
    case Then::drop:
      reset();
      break;
    case Then::stall:
      stalled = true;
      break;
    case Then::stop_reading:
      timer.expires_after(std::chrono::milliseconds(plan.delay_ms));
      timer.async_wait(
        [self = shared_from_this()](const boost::system::error_code&) { self->reset(); });
      break;
    }
  }

  // RST both ways: SO_LINGER with a zero timeout discards what is unsent.
  void
  reset()
  {
    boost::system::error_code ignored;
    for (tcp::socket* s : {&client, &server}) {
      if (s->is_open()) {
        s->set_option(asio::socket_base::linger(true, 0), ignored);
        s->close(ignored);
      }
    }
  }

  void
  capture(Flow flow, const std::string& chunk)
  {
    const std::lock_guard<std::mutex> lock(impl.mutex);
    Capture& c = impl.captures[static_cast<std::size_t>(index)];
    (flow == Flow::to_server ? c.from_client : c.from_server) += chunk;
  }

  std::string rewrite(Pump& pump, const std::string& chunk);
  Plan plan(Pump& pump, const std::string& chunk);
  std::optional<std::size_t> fire_offset(Pump& pump, Armed& a, const std::string& chunk);

  Impl& impl;
  int index;
  tcp::socket client;
  tcp::socket server;
  asio::steady_timer timer;
  Pump to_server;
  Pump to_client;
  bool stalled = false;
  bool client_asked_tls = false;
};

std::string
FaultProxy::Impl::Session::rewrite(Pump& pump, const std::string& chunk)
{
  if (pump.flow == Flow::to_server) {
    client_asked_tls = client_asked_tls || chunk.find("STARTTLS") != std::string::npos;
    return chunk;
  }
  if (impl.script.server_rewrites.empty() || (client_asked_tls && pump.line.empty())) {
    return chunk;
  }
  pump.line += chunk;
  const std::size_t end = client_asked_tls ? pump.line.size() : pump.line.rfind('\n') + 1;
  std::string out = pump.line.substr(0, end);
  pump.line.erase(0, end);
  for (const Rewrite& r : impl.script.server_rewrites) {
    for (std::size_t at = 0; (at = out.find(r.match, at)) != std::string::npos;) {
      out.replace(at, r.match.size(), r.replacement);
      at += r.replacement.size();
    }
  }
  return out;
}

// Where in `chunk` (which starts at flow offset pump.passed) fault `a` fires.
std::optional<std::size_t>
FaultProxy::Impl::Session::fire_offset(Pump& pump, Armed& a, const std::string& chunk)
{
  if (a.fired) {
    return std::nullopt;
  }
  {
    const std::lock_guard<std::mutex> lock(impl.mutex);
    if (impl.fired_by_fault[a.index] >= a.fault->times) {
      return std::nullopt;
    }
  }
  if (!a.fire_at) {
    if (a.fault->after.empty()) {
      a.fire_at = a.fault->then_bytes;
    } else {
      const std::string haystack = pump.tail + chunk;
      const std::size_t at = haystack.find(a.fault->after);
      if (at == std::string::npos) {
        return std::nullopt;
      }
      a.fire_at = pump.passed - pump.tail.size() + at + a.fault->after.size() + a.fault->then_bytes;
    }
  }
  if (*a.fire_at > pump.passed + chunk.size()) {
    return std::nullopt; // a later chunk's (the end of this one counts: act as soon as reached)
  }
  return *a.fire_at > pump.passed ? *a.fire_at - pump.passed : 0;
}

Plan
FaultProxy::Impl::Session::plan(Pump& pump, const std::string& raw)
{
  Plan out;
  std::string chunk = rewrite(pump, raw);
  for (;;) {
    Armed* first = nullptr;
    std::size_t offset = 0;
    for (Armed& a : pump.armed) {
      const auto at = fire_offset(pump, a, chunk);
      if (at && (!first || *at < offset)) {
        first = &a;
        offset = *at;
      }
    }
    const std::size_t forward = first ? offset : chunk.size();
    const std::string head = chunk.substr(0, forward);
    if (pump.one_byte) {
      for (char c : head) {
        out.writes.emplace_back(1, c);
      }
    } else if (!head.empty()) {
      out.writes.push_back(head);
    }
    pump.tail += head;
    if (pump.tail.size() > k_tail_bytes) {
      pump.tail.erase(0, pump.tail.size() - k_tail_bytes);
    }
    pump.passed += forward;
    chunk.erase(0, forward);
    if (!first) {
      return out;
    }
    first->fired = true;
    {
      const std::lock_guard<std::mutex> lock(impl.mutex);
      ++impl.fired;
      ++impl.fired_by_fault[first->index];
    }
    switch (first->fault->action) {
    case FaultAction::drop:
      out.then = Then::drop;
      return out;
    case FaultAction::stall:
      out.then = Then::stall;
      return out;
    case FaultAction::stop_reading:
      out.then = Then::stop_reading;
      out.delay_ms = first->fault->delay_ms;
      return out;
    case FaultAction::one_byte:
      pump.one_byte = true;
      break;
    case FaultAction::inject:
      out.writes.push_back(first->fault->text);
      break;
    }
  }
}

void
FaultProxy::Impl::accept()
{
  acceptor.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec) {
      return; // the acceptor was closed
    }
    int number = 0;
    {
      const std::lock_guard<std::mutex> lock(mutex);
      number = ++connections;
      captures.emplace_back();
    }
    auto session = std::make_shared<Session>(*this, number);
    session->client = std::move(socket);
    sessions.push_back(session);
    session->start();
    accept();
  });
}

FaultProxy::FaultProxy(int target_port, ProxyScript script, const std::string& listen_address)
  : m_impl(std::make_unique<Impl>(std::move(script)))
{
  m_impl->target_port = target_port;
  m_impl->fired_by_fault.resize(m_impl->script.faults.size());
  const tcp::endpoint endpoint(asio::ip::make_address(listen_address), 0);
  m_impl->acceptor.open(endpoint.protocol());
  m_impl->acceptor.set_option(tcp::acceptor::reuse_address(true));
  m_impl->acceptor.bind(endpoint);
  m_impl->acceptor.listen();
  m_impl->accept();
  m_impl->thread = std::thread([this] { m_impl->io.run(); });
}

FaultProxy::~FaultProxy()
{
  m_impl->io.stop();
  m_impl->thread.join();
  // The loop has stopped: nothing else touches the sockets now.
  boost::system::error_code ignored;
  m_impl->acceptor.close(ignored);
  for (auto& session : m_impl->sessions) {
    session->reset();
  }
  m_impl->sessions.clear();
}

int
FaultProxy::port() const
{
  return m_impl->acceptor.local_endpoint().port();
}

int
FaultProxy::connections() const
{
  const std::lock_guard<std::mutex> lock(m_impl->mutex);
  return m_impl->connections;
}

std::vector<Capture>
FaultProxy::captures() const
{
  const std::lock_guard<std::mutex> lock(m_impl->mutex);
  return m_impl->captures;
}

int
FaultProxy::faults_fired() const
{
  const std::lock_guard<std::mutex> lock(m_impl->mutex);
  return m_impl->fired;
}

} // namespace inboxprobe::test
