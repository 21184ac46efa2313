// Typed views of parsed IMAP responses: FETCH data items (RFC 3501 §7.4.2,
// Gmail's X-GM-MSGID / X-GM-LABELS), INTERNALDATE (RFC 3501 §9 date-time) and
// the CAPABILITY list (RFC 3501 §7.2.1).
#include "imap_response.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>

namespace inboxprobe {

namespace {

bool
iequals(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x))
                  == std::toupper(static_cast<unsigned char>(y));
         });
}

std::uint32_t
to_u32(const ImapValue& value)
{
  std::uint32_t n = 0;
  std::from_chars(value.text.data(), value.text.data() + value.text.size(), n);
  return n;
}

} // namespace

std::vector<std::string>
capabilities_of(const std::vector<ImapResponse>& responses)
{
  std::vector<std::string> found;
  const auto upper = [](std::string word) {
    for (char& c : word) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return word;
  };
  for (const ImapResponse& r : responses) {
    std::vector<std::string> words;
    if (!r.values.empty() && iequals(r.values[0].text, "CAPABILITY")) {
      for (std::size_t i = 1; i < r.values.size(); ++i) {
        words.push_back(upper(r.values[i].text));
      }
    } else if (r.values.size() >= 2 && iequals(r.values[0].text, "OK")) {
      // "OK [CAPABILITY IMAP4rev1 ...] text": the code is the bracketed start.
      const std::string& text = r.values[1].text;
      const std::string_view prefix = "[CAPABILITY ";
      if (text.size() > prefix.size() && iequals(text.substr(0, prefix.size()), prefix)) {
        const std::size_t close = text.find(']');
        std::string list = text.substr(prefix.size(), close - prefix.size());
        std::size_t pos = 0;
        while (pos < list.size()) {
          const std::size_t space = std::min(list.find(' ', pos), list.size());
          if (space > pos) {
            words.push_back(upper(list.substr(pos, space - pos)));
          }
          pos = space + 1;
        }
      }
    }
    if (!words.empty()) {
      found = std::move(words); // the last announcement wins (post-login lists are longer)
    }
  }
  return found;
}

std::vector<std::string>
login_capabilities(const std::vector<ImapResponse>& responses)
{
  std::vector<std::size_t> tagged;
  for (std::size_t i = 0; i < responses.size(); ++i) {
    if (responses[i].kind == ImapResponse::Kind::tagged) {
      tagged.push_back(i);
    }
  }
  if (tagged.size() < 2) {
    return {};
  }
  // The login exchange ends with the second-to-last tagged response and starts
  // after the one before it.
  const std::size_t end = tagged[tagged.size() - 2] + 1;
  const std::size_t begin = tagged.size() >= 3 ? tagged[tagged.size() - 3] + 1 : 0;
  return capabilities_of(std::vector<ImapResponse>(responses.begin() + static_cast<long>(begin),
                                                   responses.begin() + static_cast<long>(end)));
}

const std::string*
FetchData::section_starting_with(std::string_view prefix) const
{
  for (const auto& [key, bytes] : sections) {
    if (key.size() >= prefix.size()
        && iequals(std::string_view(key).substr(0, prefix.size()), prefix)) {
      return &bytes;
    }
  }
  return nullptr;
}

const std::string*
FetchData::section(std::string_view name) const
{
  for (const auto& [key, bytes] : sections) {
    if (iequals(key, name)) {
      return &bytes;
    }
  }
  return nullptr;
}

std::optional<FetchData>
as_fetch(const ImapResponse& r)
{
  if (r.kind != ImapResponse::Kind::untagged || r.values.size() < 3
      || !iequals(r.values[1].text, "FETCH") || r.values[2].kind != ImapValue::Kind::list) {
    return std::nullopt;
  }
  FetchData data;
  data.sequence = to_u32(r.values[0]);
  const auto& items = r.values[2].items;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    const std::string& name = items[i].text;
    const ImapValue& value = items[i + 1];
    if (iequals(name, "UID")) {
      data.uid = to_u32(value);
    } else if (iequals(name, "FLAGS")) {
      for (const ImapValue& flag : value.items) {
        data.flags.push_back(flag.text);
      }
    } else if (iequals(name, "INTERNALDATE")) {
      data.internaldate = value.text;
    } else if (iequals(name, "RFC822.SIZE")) {
      data.rfc822_size = to_u32(value);
    } else if (iequals(name, "X-GM-MSGID")) {
      std::from_chars(value.text.data(), value.text.data() + value.text.size(), data.gmail_msgid);
    } else if (iequals(name, "X-GM-LABELS")) {
      for (const ImapValue& label : value.items) {
        data.gmail_labels.push_back(label.text);
      }
    } else if (value.is_text() || value.kind == ImapValue::Kind::nil) {
      data.sections.emplace_back(name, value.text);
    }
  }
  return data;
}

std::optional<std::int64_t>
parse_internaldate(std::string_view text)
{
  // "dd-Mon-yyyy hh:mm:ss +zzzz", day possibly space-padded (date-day-fixed).
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  static constexpr std::string_view k_months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, zone = 0;
  char month[4] = {0};
  char sign = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(),
                  "%2d-%3s-%4d %2d:%2d:%2d %c%4d",
                  &day,
                  month,
                  &year,
                  &hour,
                  &minute,
                  &second,
                  &sign,
                  &zone)
      != 8) {
    return std::nullopt;
  }
  int month_index = -1;
  for (int i = 0; i < 12; ++i) {
    if (iequals(k_months[i], month)) {
      month_index = i;
    }
  }
  if (month_index < 0 || (sign != '+' && sign != '-') || day < 1 || day > 31 || hour > 23
      || minute > 59 || second > 60 || zone % 100 > 59) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month_index;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::int64_t local = timegm(&tm);
  const std::int64_t offset = (zone / 100) * 3600 + (zone % 100) * 60;
  return sign == '+' ? local - offset : local + offset;
}

} // namespace inboxprobe
