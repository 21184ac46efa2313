#include "run_passes.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("per-seed deadlines count from the end of sending, capped by the run's", "[app][unit]")
{
  Config config;
  config.campaign.deadline_ms = 20'000;
  config.seeds.resize(3);
  config.seeds[0].address = "fast@example.org"; // the campaign's 20 s
  config.seeds[1].address = "slow@example.org";
  config.seeds[1].deadline_ms = 60'000;
  config.seeds[2].address = "quick@example.org";
  config.seeds[2].deadline_ms = 5'000;
  CHECK(longest_deadline_ms(config) == 60'000);
  // The send pass sets the run's deadline to the end of sending + the longest wait.
  const std::int64_t sent_at = 1'795'000'000'000;
  const std::int64_t run_deadline = sent_at + longest_deadline_ms(config);
  struct Case
  {
    const SeedMailbox* seed;
    std::int64_t deadline;
  };
  const Case cases[] = {
    {&config.seeds[0], sent_at + 20'000},
    {&config.seeds[1], sent_at + 60'000},
    {&config.seeds[2], sent_at + 5'000},
    {nullptr, run_deadline}, // a seed no longer configured
  };
  for (const Case& c : cases) {
    CAPTURE(c.seed ? c.seed->address : "none");
    CHECK(seed_deadline_at(config, c.seed, run_deadline) == c.deadline);
  }
  // Without per-seed deadlines the run's deadline is every seed's.
  config.seeds[1].deadline_ms = config.seeds[2].deadline_ms = 0;
  CHECK(seed_deadline_at(config, &config.seeds[2], sent_at + 20'000) == sent_at + 20'000);
}
