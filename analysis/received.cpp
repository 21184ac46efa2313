// Received trace fields (RFC 5321 §4.4, RFC 5322 §3.6.7): clauses and date of
// each hop (see received.hpp). Received syntax in the wild is loose (comments
// with ";" and the word "from", multi-word "with" values, no date at all), so
// the clauses are read as "first token after the keyword once comments are
// removed" and the date as the text after the last ";" outside comments.
#include "received.hpp"

#include "text.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace inboxprobe {

namespace {

// A Received field longer than this is cut before parsing (a hostile message
// cannot make us scan without bound; real ones are a few hundred bytes).
constexpr std::size_t k_max_received_bytes = 16 * 1024;

// Offset of the last ";" outside comments, or npos.
std::size_t
last_semicolon(std::string_view text)
{
  std::size_t found = std::string_view::npos;
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' && depth > 0) {
      ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (c == ';' && depth == 0) {
      found = i;
    }
  }
  return found;
}

// Whitespace-separated words of `text` with comments removed.
std::vector<std::string_view>
words_without_comments(std::string_view text, std::string& storage)
{
  storage.assign(text);
  int depth = 0;
  for (std::size_t i = 0; i < storage.size(); ++i) {
    const char c = storage[i];
    if (c == '(' || depth > 0) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == '\\' && i + 1 < storage.size()) {
        storage[++i] = ' ';
      }
      storage[i] = ' ';
    }
  }
  std::vector<std::string_view> words;
  std::string_view rest = storage;
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(start);
    const std::size_t end = std::min(rest.find_first_of(" \t\r\n"), rest.size());
    words.push_back(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  return words;
}

void
read_clauses(std::string_view clauses, ReceivedHop& hop)
{
  std::string storage;
  const std::vector<std::string_view> words = words_without_comments(clauses, storage);
  struct Clause
  {
    std::string_view keyword;
    std::string* value;
  };
  std::string via; // read so that its value is not taken for a keyword
  const std::array<Clause, 6> keywords = {{{"from", &hop.from},
                                           {"by", &hop.by},
                                           {"via", &via},
                                           {"with", &hop.with},
                                           {"id", &hop.id},
                                           {"for", &hop.for_}}};
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    for (const Clause& clause : keywords) {
      if (text::iequals(words[i], clause.keyword) && clause.value->empty()) {
        *clause.value = std::string(words[i + 1]);
        ++i; // the value is not a keyword
        break;
      }
    }
  }
}

} // namespace

std::vector<ReceivedHop>
parse_received_chain(const std::vector<HeaderField>& fields)
{
  std::vector<ReceivedHop> hops;
  for (const HeaderField& field : fields) {
    if (!text::iequals(field.name, "Received")) {
      continue;
    }
    ReceivedHop hop;
    hop.raw = unfold(
      std::string_view(field.value).substr(0, std::min(field.value.size(), k_max_received_bytes)));
    const std::size_t semicolon = last_semicolon(hop.raw);
    const std::string_view raw = hop.raw;
    read_clauses(raw.substr(0, semicolon), hop);
    if (semicolon != std::string_view::npos) {
      hop.date_at = parse_rfc5322_date(raw.substr(semicolon + 1));
    }
    hops.push_back(std::move(hop));
  }
  return hops;
}

} // namespace inboxprobe
