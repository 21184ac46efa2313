// serve's schedules: cron expressions (crontab(5)) and intervals, their next
// firing times in UTC, and the mistakes they reject.
#include "schedule.hpp"

#include <core/error.hpp>

#include <catch2/catch.hpp>

#include <ctime>

using namespace inboxprobe;

namespace {

// "2026-11-29 14:05" (UTC) as epoch seconds.
std::int64_t
utc(int year, int month, int day, int hour, int minute)
{
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return static_cast<std::int64_t>(timegm(&tm));
}

} // namespace

TEST_CASE("a cron schedule fires at the next matching minute in UTC", "[app][unit]")
{
  // Sunday 2026-11-29 14:05:30 UTC.
  const std::int64_t now = utc(2026, 11, 29, 14, 5) + 30;
  struct Case
  {
    std::string text;
    std::int64_t expected;
  };
  const std::vector<Case> cases = {
    {"* * * * *", utc(2026, 11, 29, 14, 6)},
    {"15 3 * * *", utc(2026, 11, 30, 3, 15)},
    {"*/20 * * * *", utc(2026, 11, 29, 14, 20)},
    {"0,30 14-15 * * *", utc(2026, 11, 29, 14, 30)},
    {"0 9 * * mon-fri", utc(2026, 11, 30, 9, 0)},
    {"0 9 * * 7", utc(2026, 12, 6, 9, 0)}, // 7 is Sunday too; today's 09:00 has passed
    {"0 0 1 jan *", utc(2027, 1, 1, 0, 0)},
    {"0 0 13 * 5", utc(2026, 12, 4, 0, 0)}, // day 13 OR Friday: Friday 4 Dec comes first
    {"@hourly", utc(2026, 11, 29, 15, 0)},
    {"@daily", utc(2026, 11, 30, 0, 0)},
    {"@weekly", utc(2026, 12, 6, 0, 0)},
    {"@monthly", utc(2026, 12, 1, 0, 0)},
    {"0 12 29 2 *", utc(2028, 2, 29, 12, 0)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const Schedule schedule = Schedule::parse(c.text);
    CHECK_FALSE(schedule.is_interval());
    CHECK(schedule.next_after(now) == c.expected);
  }
  CHECK_FALSE(Schedule::parse("0 0 30 2 *").next_after(now)); // February 30th never comes
}

TEST_CASE("an interval schedule fires every interval", "[app][unit]")
{
  struct Case
  {
    std::string text;
    std::int64_t seconds;
  };
  const std::vector<Case> cases = {
    {"@every 15m", 900}, {"every 1h30m", 5400}, {"30s", 30}, {"1d", 86'400}};
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const Schedule schedule = Schedule::parse(c.text);
    CHECK(schedule.is_interval());
    CHECK(schedule.interval_s() == c.seconds);
    CHECK(schedule.next_after(1000) == 1000 + c.seconds);
  }
}

TEST_CASE("a schedule that does not parse names what is wrong", "[app][unit]")
{
  struct Case
  {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
    {"* * * *", "a cron expression has 5 fields, this has 4"},
    {"60 * * * *", "minute: 60 is outside 0-59"},
    {"0 25 * * *", "hour: 25 is outside 0-23"},
    {"0 0 * foo *", "month: \"foo\" is not a number or name"},
    {"0 0 * * 8", "day of week: 8 is outside 0-7"},
    {"10-5 * * * *", "minute: the range 10-5 runs backwards"},
    {"500ms", "an interval must be at least 1s"},
    {"", "a cron expression has 5 fields, this has 0"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    try {
      Schedule::parse(c.text);
      FAIL("no error");
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()).find(c.error) != std::string::npos);
    }
  }
}
