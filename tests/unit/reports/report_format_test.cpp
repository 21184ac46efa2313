#include <reports/report_format.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace inboxprobe;

TEST_CASE("latency is shown rounded to its one-second resolution", "[reports][unit]")
{
  struct Case
  {
    std::int64_t ms;
    std::int64_t resolution_ms;
    std::string expected;
  };
  const std::vector<Case> cases = {
    {0, 1000, "< 1 s"},
    {999, 1000, "< 1 s"},
    {-300, 1000, "< 1 s"}, // sub-second negative: rounding, not skew
    {1000, 1000, "1 s"},
    {1499, 1000, "1 s"},
    {1500, 1000, "2 s"},
    {2300, 1000, "2 s"},
    {59'499, 1000, "59 s"},
    {59'500, 1000, "1 min"},
    {61'000, 1000, "1 min 1 s"},
    {3'600'000, 1000, "1 h"},
    {3'723'000, 1000, "1 h 2 min"},
    {-3000, 1000, "-3 s"},
    {840, 1, "840 ms"},
    {1500, 1, "1.5 s"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.ms, c.resolution_ms);
    CHECK(format_latency(c.ms, c.resolution_ms) == c.expected);
  }
}

TEST_CASE("times are shown in UTC to the second", "[reports][unit]")
{
  CHECK(format_utc_ms(1'764'404'100'000) == "2025-11-29 08:15:00 UTC");
  CHECK(format_utc_ms(1'764'404'100'999) == "2025-11-29 08:15:00 UTC");
  CHECK(format_utc_ms(-1) == "1969-12-31 23:59:59 UTC");
  CHECK(format_utc_ms(0) == "-");
}

TEST_CASE("rates and placement counts read as short text", "[reports][unit]")
{
  CHECK(format_rate(0.6) == "60.0 %");
  CHECK(format_rate(2.0 / 3.0) == "66.7 %");
  CHECK(format_rate(0.0) == "0.0 %");
  CHECK(format_rate(1.0) == "100.0 %");

  PlacementCounts counts;
  CHECK(format_counts(counts) == "no probes");
  counts.add(Placement::spam);
  counts.add(Placement::inbox, 2);
  CHECK(format_counts(counts) == "inbox 2 / spam 1");
  counts.add(Placement::pending, 3);
  counts.add(Placement::rejected);
  CHECK(format_counts(counts) == "inbox 2 / spam 1 / rejected 1 / pending 3");
}

TEST_CASE("rate changes read in signed percentage points and dates in UTC", "[reports][unit]")
{
  struct Case
  {
    double change;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
         {0.025, "+2.5 pp"}, {-0.1, "\u221210.0 pp"}, {0.0, "+0.0 pp"}, {-0.0001, "+0.0 pp"}}) {
    CAPTURE(c.change);
    CHECK(format_rate_change(c.change) == c.expected);
  }
  CHECK(format_date_ms(1'764'404'100'000) == "2025-11-29");
}
