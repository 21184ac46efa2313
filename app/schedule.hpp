// When `inboxprobe serve` runs the campaign: a cron expression (the five
// fields of crontab(5): minute hour day-of-month month day-of-week, with
// lists, ranges, steps, month and day names, 7 = Sunday, and Vixie cron's
// rule that a restricted day-of-month and day-of-week match either), a macro
// (@hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually), or an
// interval ("@every 15m", "every 15m" or just "15m"). Cron times are UTC.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>

namespace inboxprobe {

class Schedule
{
public:
  // Parse `text`; throws ConfigError naming the field that is wrong.
  static Schedule parse(const std::string& text);

  // An interval schedule fires at start and then every interval.
  bool
  is_interval() const
  {
    return m_interval_s > 0;
  }
  std::int64_t
  interval_s() const
  {
    return m_interval_s;
  }
  // The first time strictly after `after_s` (UTC epoch seconds) at which the
  // schedule fires: a whole minute for cron, `after_s` + interval for an
  // interval. std::nullopt when a cron expression never matches (Feb 30).
  std::optional<std::int64_t> next_after(std::int64_t after_s) const;

  const std::string&
  text() const
  {
    return m_text;
  }

private:
  std::string m_text;
  std::int64_t m_interval_s = 0;
  std::bitset<60> m_minutes;
  std::bitset<24> m_hours;
  std::bitset<32> m_days;    // 1..31
  std::bitset<13> m_months;  // 1..12
  std::bitset<7> m_weekdays; // 0 = Sunday
  bool m_days_restricted = false;
  bool m_weekdays_restricted = false;

  bool day_matches(int day, int weekday) const;
};

} // namespace inboxprobe
