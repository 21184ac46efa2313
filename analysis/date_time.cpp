// RFC 5322 §3.3 date-time parsing with the obsolete forms of §4.3, and UTC
// formatting (see received.hpp). Dates are converted with the proleptic
// Gregorian day count (H. Hinnant's days_from_civil), never through the C
// library's time zone machinery: a parsed date must not depend on the host's
// TZ setting.
#include "received.hpp"
#include "text.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace inboxprobe {

namespace {

using text::is_digit;

constexpr std::array<std::string_view, 7> k_weekdays = {
  "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::array<std::string_view, 12> k_months = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

// Days since 1970-01-01 of a proleptic Gregorian date (`month` 1-12).
std::int64_t
days_from_civil(std::int64_t year, unsigned month, unsigned day)
{
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool
is_leap(std::int64_t year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned
days_in_month(std::int64_t year, unsigned month)
{
  constexpr std::array<unsigned, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

// The text with comments removed (RFC 5322 §3.2.2), "," and ":" set apart as
// their own tokens, split at whitespace. Empty on an unterminated comment.
std::vector<std::string>
tokens_without_comments(std::string_view text)
{
  std::vector<std::string> tokens(1);
  const auto split = [&tokens] {
    if (!tokens.back().empty()) {
      tokens.emplace_back();
    }
  };
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (depth > 0) {
      i += c == '\\' ? 1 : 0; // quoted-pair
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    } else if (c == '(') {
      depth = 1;
      split();
    } else if (text::is_wsp(c)) {
      split();
    } else if (c == ',' || c == ':') {
      split();
      tokens.back().push_back(c);
      tokens.emplace_back();
    } else {
      tokens.back().push_back(c);
    }
  }
  if (depth != 0) {
    return {};
  }
  if (tokens.back().empty()) {
    tokens.pop_back();
  }
  return tokens;
}

std::optional<int>
number(const std::string& token, std::size_t min_digits, std::size_t max_digits)
{
  if (token.size() < min_digits || token.size() > max_digits) {
    return std::nullopt;
  }
  int value = 0;
  for (char c : token) {
    if (!is_digit(c)) {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

// Zone offset in seconds east of UTC: "+hhmm"/"-hhmm" (§3.3) or an obsolete
// name (§4.3; military letters are taken as -0000 because their sign was
// historically reversed).
std::optional<int>
zone_offset(const std::string& token)
{
  if ((token.size() == 5) && (token[0] == '+' || token[0] == '-')) {
    const auto hhmm = number(token.substr(1), 4, 4);
    if (!hhmm || *hhmm % 100 >= 60) {
      return std::nullopt;
    }
    const int seconds = (*hhmm / 100) * 3600 + (*hhmm % 100) * 60;
    return token[0] == '-' ? -seconds : seconds;
  }
  const std::string name = text::to_lower(token);
  struct Named
  {
    std::string_view name;
    int hours;
  };
  constexpr std::array<Named, 10> named = {{{"ut", 0},
                                            {"gmt", 0},
                                            {"est", -5},
                                            {"edt", -4},
                                            {"cst", -6},
                                            {"cdt", -5},
                                            {"mst", -7},
                                            {"mdt", -6},
                                            {"pst", -8},
                                            {"pdt", -7}}};
  for (const Named& zone : named) {
    if (name == zone.name) {
      return zone.hours * 3600;
    }
  }
  if (name.size() == 1 && text::is_alpha(name[0]) && name[0] != 'j') {
    return 0;
  }
  return std::nullopt;
}

std::optional<unsigned>
month_number(const std::string& token)
{
  const std::string name = text::to_lower(token);
  for (std::size_t i = 0; i < k_months.size(); ++i) {
    if (name == k_months[i]) {
      return static_cast<unsigned>(i + 1);
    }
  }
  return std::nullopt;
}

// §4.3: a two-digit year 00-49 is 20xx, 50-99 is 19xx; three digits add 1900.
std::optional<int>
full_year(const std::string& token)
{
  const auto year = number(token, 2, 4);
  if (!year) {
    return std::nullopt;
  }
  if (token.size() == 2) {
    return *year + (*year < 50 ? 2000 : 1900);
  }
  if (token.size() == 3) {
    return *year + 1900;
  }
  return *year >= 1900 ? year : std::nullopt;
}

} // namespace

std::optional<std::int64_t>
parse_rfc5322_date(std::string_view text)
{
  std::vector<std::string> t = tokens_without_comments(text);
  std::size_t i = 0;
  // [day-of-week ","]: the comma is optional in obsolete syntax.
  if (i < t.size()) {
    const std::string day_name = text::to_lower(t[i]);
    for (std::string_view weekday : k_weekdays) {
      if (day_name == weekday) {
        i += (i + 1 < t.size() && t[i + 1] == ",") ? 2 : 1;
        break;
      }
    }
  }
  // day month year hour ":" minute [":" second] zone
  if (t.size() - i != 7 && t.size() - i != 9) {
    return std::nullopt;
  }
  // Plain ints with -1 for "invalid": g++ 12 at -O2 reports false maybe-uninitialized
  // warnings for a chain of std::optional reads here.
  const int day = number(t[i], 1, 2).value_or(-1);
  const int month = month_number(t[i + 1]).value_or(-1);
  const int year = full_year(t[i + 2]).value_or(-1);
  // A one-digit hour is not RFC 5322 but some mailers write it.
  const int hour = number(t[i + 3], 1, 2).value_or(-1);
  const bool has_seconds = t.size() - i == 9;
  const int minute = t[i + 4] == ":" ? number(t[i + 5], 2, 2).value_or(-1) : -1;
  const int second = !has_seconds ? 0 : t[i + 6] == ":" ? number(t[i + 7], 2, 2).value_or(-1) : -1;
  const auto zone = zone_offset(t.back());
  if (day < 1 || month < 0 || year < 0 || hour < 0 || minute < 0 || second < 0 || !zone
      || static_cast<unsigned>(day) > days_in_month(year, month) || hour > 23 || minute > 59
      || second > 60) {
    return std::nullopt;
  }
  return days_from_civil(year, month, static_cast<unsigned>(day)) * 86400 + hour * 3600
         + minute * 60 + second - *zone;
}

std::string
format_utc_iso(std::int64_t epoch_s)
{
  // Hinnant's civil_from_days.
  const std::int64_t days = (epoch_s >= 0 ? epoch_s : epoch_s - 86399) / 86400;
  const std::int64_t secs = epoch_s - days * 86400;
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  const auto secs_of_day = static_cast<int>(secs);
  char buffer[64];
  std::snprintf(buffer,
                sizeof buffer,
                "%04lld-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<long long>(year),
                month,
                day,
                secs_of_day / 3600,
                secs_of_day / 60 % 60,
                secs_of_day % 60);
  return buffer;
}

} // namespace inboxprobe
