#include "collector.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("polls start fast and slow down to the poll interval", "[receiver][unit]")
{
  struct Case
  {
    int polls;
    std::int64_t interval;
    std::int64_t wait;
  };
  const Case cases[] = {
    {1, 5000, 250},
    {2, 5000, 500},
    {3, 5000, 1000},
    {5, 5000, 4000},
    {6, 5000, 5000},
    {40, 5000, 5000},
    {3, 300, 300},
  };
  for (const Case& c : cases) {
    CAPTURE(c.polls, c.interval);
    CHECK(poll_interval_after(c.polls, c.interval) == c.wait);
  }
}

TEST_CASE("a throttling server is left alone longer each time, at most a minute",
          "[receiver][unit]")
{
  CHECK(throttle_backoff_ms(1) == 1000);
  CHECK(throttle_backoff_ms(2) == 2000);
  CHECK(throttle_backoff_ms(4) == 8000);
  CHECK(throttle_backoff_ms(7) == 60'000);
  CHECK(throttle_backoff_ms(100) == 60'000);
}

TEST_CASE("connection limits count per server, default ports filled in", "[receiver][unit]")
{
  CHECK(imap_host_of("imaps://imap.gmail.com:993") == "imap.gmail.com:993");
  CHECK(imap_host_of("imaps://imap.gmail.com") == "imap.gmail.com:993");
  CHECK(imap_host_of("imap://127.0.0.1:10143/INBOX") == "127.0.0.1:10143");
  CHECK(imap_host_of("imap://mail.example.com") == "mail.example.com:143");
  CHECK(imap_host_of("imap://[::1]") == "[::1]:143");
}
