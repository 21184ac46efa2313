#include <sender/route_pacer.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

namespace {

RoutePacing
pacing(std::int64_t interval_ms, std::int64_t jitter_ms, std::int64_t backoff_ms)
{
  RoutePacing p;
  p.min_interval_ms = interval_ms;
  p.jitter_ms = jitter_ms;
  p.retry_backoff_ms = backoff_ms;
  return p;
}

} // namespace

TEST_CASE("starts of a route are at least min_interval plus jitter apart", "[sender][unit]")
{
  RoutePacer pacer(pacing(500, 100, 1'000), [](std::int64_t max) { return max / 2; });
  CHECK(pacer.try_start(10'000) == 0);   // the first one at once
  CHECK(pacer.try_start(10'000) == 550); // 500 + jitter 50
  CHECK(pacer.try_start(10'549) == 1);   // still one ms to go
  CHECK(pacer.try_start(10'550) == 0);   // granted, next at 11'100
  CHECK(pacer.try_start(11'000) == 100);
  CHECK(pacer.try_start(12'000) == 0); // late is fine: the next counts from now
  CHECK(pacer.try_start(12'549) == 1);
}

TEST_CASE("a jitter source out of range is clamped", "[sender][unit]")
{
  RoutePacer pacer(pacing(100, 50, 0), [](std::int64_t) { return 1'000'000; });
  CHECK(pacer.try_start(0) == 0);
  CHECK(pacer.try_start(0) == 150);
}

TEST_CASE("no pacing lets every submission start at once", "[sender][unit]")
{
  RoutePacer pacer(RoutePacing{});
  for (int i = 0; i < 5; ++i) {
    CHECK(pacer.try_start(42) == 0);
  }
}

TEST_CASE("4xx replies slow the route down and acceptances speed it up again", "[sender][unit]")
{
  RoutePacer pacer(pacing(200, 0, 1'000));
  CHECK(pacer.interval_ms() == 200);
  pacer.on_deferred();
  CHECK(pacer.interval_ms() == 1'000); // at least the retry backoff
  pacer.on_deferred();
  CHECK(pacer.interval_ms() == 2'000);
  for (int i = 0; i < 20; ++i) {
    pacer.on_deferred();
  }
  CHECK(pacer.interval_ms() == RoutePacer::k_max_interval_ms);
  pacer.on_accepted();
  CHECK(pacer.interval_ms() == RoutePacer::k_max_interval_ms / 2);
  for (int i = 0; i < 20; ++i) {
    pacer.on_accepted();
  }
  CHECK(pacer.interval_ms() == 200);
}

TEST_CASE("retries back off exponentially up to the cap", "[sender][unit]")
{
  const RoutePacer pacer(pacing(0, 0, 5'000));
  CHECK(pacer.retry_delay_ms(1) == 5'000);
  CHECK(pacer.retry_delay_ms(2) == 10'000);
  CHECK(pacer.retry_delay_ms(3) == 20'000);
  CHECK(pacer.retry_delay_ms(30) == RoutePacer::k_max_interval_ms);
}

TEST_CASE("random jitter stays within its bounds", "[sender][unit]")
{
  for (int i = 0; i < 200; ++i) {
    const std::int64_t j = random_jitter_ms(30);
    CHECK(j >= 0);
    CHECK(j <= 30);
  }
  CHECK(random_jitter_ms(0) == 0);
}
