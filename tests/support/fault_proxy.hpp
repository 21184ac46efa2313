// FaultProxy: a TCP proxy for end-to-end tests that sits between inboxprobe and
// a lab server (SMTP, RFC 5321; IMAP, RFC 3501) and misbehaves on cue. It
// listens on a loopback address, forwards every connection to the lab port and
// follows a script: drop a connection (RST) once some text and then some bytes
// have passed, stall it forever, forward a flow one byte per TCP segment,
// inject bytes, or rewrite the server's plaintext (e.g. take STARTTLS out of an
// EHLO reply: the man in the middle of RFC 3207 §6). TLS passes through as
// opaque bytes, so faults inside a TLS session act on byte counts. Everything
// each side sent is captured, so a test can prove what reached the wire.
#pragma once

#include <climits>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace inboxprobe::test {

// Which way bytes travel through the proxy.
enum class Flow { to_server, to_client };

enum class FaultAction {
  drop,         // reset both connections (SO_LINGER 0: RST, no FIN)
  stall,        // forward nothing more either way; keep both connections open
  one_byte,     // from here on forward this flow one byte per TCP segment
  inject,       // insert `text` into the flow here, then carry on
  stop_reading, // stop reading this flow's sender (its send buffer fills up), and
                // drop both connections `delay_ms` later: a peer that vanishes while
                // the other side is still writing
};

// One scripted fault. It fires in `flow` once `after` has passed through it
// (at once when empty) and then `then_bytes` more bytes, at most once per
// connection and `times` times in all.
struct Fault
{
  Fault() = default;
  Fault(Flow flow_,
        std::string after_,
        std::size_t then_bytes_,
        FaultAction action_,
        std::string text_ = {},
        int delay_ms_ = 300,
        int times_ = INT_MAX)
    : flow(flow_),
      after(std::move(after_)),
      then_bytes(then_bytes_),
      action(action_),
      text(std::move(text_)),
      delay_ms(delay_ms_),
      times(times_)
  {
  }

  Flow flow = Flow::to_client;
  std::string after;
  std::size_t then_bytes = 0;
  FaultAction action = FaultAction::drop;
  std::string text;   // for inject
  int delay_ms = 300; // for stop_reading
  int times = INT_MAX;
};

// A rewrite of the server's plaintext: every occurrence of `match` in the
// to_client flow becomes `replacement` until the client has sent STARTTLS
// (after that the flow is TLS). Applied to whole lines, so a reply that
// arrives in pieces is still rewritten.
struct Rewrite
{
  std::string match;
  std::string replacement;
};

struct ProxyScript
{
  std::vector<Fault> faults;
  std::vector<Rewrite> server_rewrites;
};

// What one connection carried, as each side sent it (before any fault or
// rewrite).
struct Capture
{
  std::string from_client;
  std::string from_server;
};

class FaultProxy
{
public:
  // Listen on `listen_address` (an ephemeral port) and forward every
  // connection to 127.0.0.1:`target_port` following `script`. Runs on a thread
  // of its own until destroyed; stalled connections are closed then.
  FaultProxy(int target_port, ProxyScript script, const std::string& listen_address = "127.0.0.1");
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // The port it listens on.
  int port() const;
  // Connections accepted so far.
  int connections() const;
  // Every connection's bytes so far, in accept order.
  std::vector<Capture> captures() const;
  // How many times a fault fired so far (each fault at most once per connection).
  int faults_fired() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace inboxprobe::test
