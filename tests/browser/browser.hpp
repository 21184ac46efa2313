// Test support for the browser tests: headless Chromium (Debian's chromium) run
// as a child process with a private profile and every network path pointed at
// a local listener that counts connections, and a minimal PNG reader for its
// screenshots.
#pragma once

#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace inboxprobe::test {

// A TCP listener on 127.0.0.1 (an ephemeral port) that accepts and counts
// every connection and keeps the first bytes each sent (the request line,
// for the failure message). Stops when destroyed.
class CountingListener
{
public:
  CountingListener();
  ~CountingListener();
  CountingListener(const CountingListener&) = delete;
  CountingListener& operator=(const CountingListener&) = delete;

  int port() const;
  // Every connection, the browser's own background requests included.
  int connections() const;
  // Connections whose request is not one of Chromium's own background
  // requests (is_browser_background): what a page made.
  int page_connections() const;
  // The first line each connection sent, joined with "\n".
  std::string requests() const;

private:
  int m_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_connections{0};
  std::atomic<int> m_page_connections{0};
  mutable std::atomic_flag m_lock = ATOMIC_FLAG_INIT;
  std::string m_requests;
  std::thread m_thread;
};

// Whether `request_line` (as sent to a proxy: "CONNECT host:443 HTTP/1.1" or
// "GET http://host/path HTTP/1.1") is one of the requests headless Chromium
// 156 makes by itself for any page, even a blank one, even with
// --disable-background-networking and --disable-component-update: the
// component updater (update.googleapis.com), its network time query
// (clients2.google.com/time/) and the sign-in preconnect
// (accounts.google.com). Exactly these; anything else counts as the page's.
bool is_browser_background(const std::string& request_line);

struct ChromiumResult
{
  int exit_code = -1;
  std::string out; // stdout (the DOM with --dump-dom)
};

// Run headless Chromium on `file` with `mode_args` (e.g. "--dump-dom" or
// "--screenshot=PATH --window-size=W,H"), its proxy, DNS and every request
// pointed at `listener`, a fresh profile under `profile_dir`, and a 90 s
// timeout. FAILs when /usr/bin/chromium is missing.
ChromiumResult run_chromium(const std::string& file,
                            const std::string& mode_args,
                            const CountingListener& listener,
                            const std::string& profile_dir);

// A decoded 8-bit RGB or RGBA PNG (non-interlaced, what Chromium writes).
struct Image
{
  int width = 0;
  int height = 0;
  std::vector<std::uint32_t> pixels; // 0xRRGGBB
};

// Decode `png`; FAILs on anything else (bad signature, CRC not checked).
Image decode_png(const std::string& png);

} // namespace inboxprobe::test
