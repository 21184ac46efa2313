// Cron expressions and intervals (schedule.hpp), after crontab(5).
#include "schedule.hpp"

#include <core/duration.hpp>
#include <core/error.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <sstream>
#include <vector>

namespace inboxprobe {

namespace {

struct Field
{
  const char* name;
  int min;
  int max;
  std::vector<std::string> names; // names[i] is min + i
};

const Field k_fields[] = {
  {"minute", 0, 59, {}},
  {"hour", 0, 23, {}},
  {"day of month", 1, 31, {}},
  {"month",
   1,
   12,
   {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
  {"day of week", 0, 7, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
};

[[noreturn]] void
bad(const std::string& text, const std::string& why)
{
  throw ConfigError("--schedule \"" + text + "\": " + why
                    + " (expected a cron expression such as \"15 3 * * *\", a macro such as "
                      "@daily, or an interval such as \"@every 30m\")");
}

int
value_of(const std::string& token, const Field& field, const std::string& text)
{
  std::string lower = token;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  const auto it = std::find(field.names.begin(), field.names.end(), lower);
  if (it != field.names.end()) {
    return field.min + static_cast<int>(it - field.names.begin());
  }
  if (token.empty() || token.size() > 2 || !std::all_of(token.begin(), token.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    bad(text, std::string(field.name) + ": \"" + token + "\" is not a number or name");
  }
  const int value = std::stoi(token);
  if (value < field.min || value > field.max) {
    bad(text,
        std::string(field.name) + ": " + token + " is outside " + std::to_string(field.min) + "-"
          + std::to_string(field.max));
  }
  return value;
}

// One comma-separated item: "*", "N", "A-B", each optionally "/STEP".
void
parse_item(const std::string& item,
           const Field& field,
           std::vector<bool>& bits,
           const std::string& text)
{
  const std::size_t slash = item.find('/');
  const std::string range = item.substr(0, slash);
  int step = 1;
  if (slash != std::string::npos) {
    step = value_of(item.substr(slash + 1), Field{field.name, 1, 59, {}}, text);
  }
  int low = field.min;
  int high = field.max;
  if (range != "*") {
    const std::size_t dash = range.find('-');
    low = value_of(range.substr(0, dash), field, text);
    high = dash == std::string::npos ? (slash == std::string::npos ? low : field.max)
                                     : value_of(range.substr(dash + 1), field, text);
    if (high < low) {
      bad(text, std::string(field.name) + ": the range " + range + " runs backwards");
    }
  }
  for (int v = low; v <= high; v += step) {
    bits[static_cast<std::size_t>(v)] = true;
  }
}

std::vector<bool>
parse_field(const std::string& spec, const Field& field, const std::string& text)
{
  std::vector<bool> bits(static_cast<std::size_t>(field.max) + 1, false);
  std::stringstream items(spec);
  std::string item;
  while (std::getline(items, item, ',')) {
    parse_item(item, field, bits, text);
  }
  return bits;
}

std::string
expand_macro(const std::string& text)
{
  static const std::vector<std::pair<std::string, std::string>> k_macros = {
    {"@hourly", "0 * * * *"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@weekly", "0 0 * * 0"},
    {"@monthly", "0 0 1 * *"},
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"}};
  for (const auto& [macro, expression] : k_macros) {
    if (text == macro) {
      return expression;
    }
  }
  return text;
}

} // namespace

Schedule
Schedule::parse(const std::string& text)
{
  Schedule s;
  s.m_text = text;
  std::string interval = text;
  for (const std::string prefix : {"@every ", "every "}) {
    if (interval.rfind(prefix, 0) == 0) {
      interval = interval.substr(prefix.size());
    }
  }
  if (const auto ms = parse_duration_ms(interval)) {
    if (*ms < 1000) {
      bad(text, "an interval must be at least 1s");
    }
    s.m_interval_s = *ms / 1000;
    return s;
  }
  std::stringstream words(expand_macro(text));
  std::vector<std::string> fields;
  for (std::string word; words >> word;) {
    fields.push_back(word);
  }
  if (fields.size() != 5) {
    bad(text, "a cron expression has 5 fields, this has " + std::to_string(fields.size()));
  }
  std::vector<std::vector<bool>> bits;
  for (std::size_t i = 0; i < 5; ++i) {
    bits.push_back(parse_field(fields[i], k_fields[i], text));
  }
  for (int v = 0; v <= 59; ++v) {
    s.m_minutes[static_cast<std::size_t>(v)] = bits[0][static_cast<std::size_t>(v)];
  }
  for (int v = 0; v <= 23; ++v) {
    s.m_hours[static_cast<std::size_t>(v)] = bits[1][static_cast<std::size_t>(v)];
  }
  for (int v = 1; v <= 31; ++v) {
    s.m_days[static_cast<std::size_t>(v)] = bits[2][static_cast<std::size_t>(v)];
  }
  for (int v = 1; v <= 12; ++v) {
    s.m_months[static_cast<std::size_t>(v)] = bits[3][static_cast<std::size_t>(v)];
  }
  for (int v = 0; v <= 7; ++v) {
    s.m_weekdays[static_cast<std::size_t>(v % 7)] =
      s.m_weekdays[static_cast<std::size_t>(v % 7)] || bits[4][static_cast<std::size_t>(v)];
  }
  s.m_days_restricted = fields[2] != "*";
  s.m_weekdays_restricted = fields[4] != "*";
  return s;
}

bool
Schedule::day_matches(int day, int weekday) const
{
  const bool by_day = m_days[static_cast<std::size_t>(day)];
  const bool by_weekday = m_weekdays[static_cast<std::size_t>(weekday)];
  // crontab(5): when both fields are restricted, either one matching is enough.
  if (m_days_restricted && m_weekdays_restricted) {
    return by_day || by_weekday;
  }
  return by_day && by_weekday;
}

std::optional<std::int64_t>
Schedule::next_after(std::int64_t after_s) const
{
  if (is_interval()) {
    return after_s + m_interval_s;
  }
  std::int64_t t = (after_s / 60 + 1) * 60; // the next whole minute
  const std::int64_t limit = after_s + 5LL * 366 * 86'400;
  while (t < limit) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    if (!m_months[static_cast<std::size_t>(tm.tm_mon + 1)]
        || !day_matches(tm.tm_mday, tm.tm_wday)) {
      t += 86'400 - (tm.tm_hour * 3600 + tm.tm_min * 60); // the next day's midnight
    } else if (!m_hours[static_cast<std::size_t>(tm.tm_hour)]) {
      t += 3600 - tm.tm_min * 60; // the next hour
    } else if (!m_minutes[static_cast<std::size_t>(tm.tm_min)]) {
      t += 60;
    } else {
      return t;
    }
  }
  return std::nullopt;
}

} // namespace inboxprobe
