#include <core/duration.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("durations parse to milliseconds with units and sums", "[core][unit]")
{
  struct Case
  {
    const char* text;
    std::optional<std::int64_t> ms;
  };
  const Case cases[] = {
    {"500ms", 500},
    {"20s", 20'000},
    {"5m", 300'000},
    {"2h", 7'200'000},
    {"1d", 86'400'000},
    {"1m30s", 90'000},
    {"0s", 0},
    {"", std::nullopt},
    {"20", std::nullopt},
    {"s", std::nullopt},
    {"-5s", std::nullopt},
    {"5 s", std::nullopt},
    {"5w", std::nullopt},
    {"99999999999999999999s", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(parse_duration_ms(c.text) == c.ms);
  }
}

TEST_CASE("durations format for humans", "[core][unit]")
{
  CHECK(format_duration_ms(250) == "250 ms");
  CHECK(format_duration_ms(1500) == "1.5 s");
  CHECK(format_duration_ms(90'000) == "1.5 min");
  CHECK(format_duration_ms(-400) == "-400 ms");
}
