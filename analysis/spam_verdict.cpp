// Spam filter verdict fields of rspamd and SpamAssassin (see
// spam_verdict.hpp). Only the top-most field of each name is read: it was
// written by the last filter the message passed, the seed's own.
#include "spam_verdict.hpp"

#include "spam_verdict_detail.hpp"
#include "text.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace inboxprobe {

namespace spam_detail {

std::optional<std::string>
first_value(const std::vector<HeaderField>& fields, std::string_view name)
{
  for (const HeaderField& field : fields) {
    if (text::iequals(field.name, name)) {
      return unfold(
        std::string_view(field.value).substr(0, std::min(field.value.size(), k_max_value_bytes)));
    }
  }
  return std::nullopt;
}

std::optional<double>
to_number(std::string_view s)
{
  s = text::trim(s);
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) {
    return std::nullopt;
  }
  return value;
}

} // namespace spam_detail

namespace {

using spam_detail::first_value;
using spam_detail::to_number;

// "Yes"/"True" -> true, "No"/"False" -> false (case-insensitive), by the
// first word of `value`.
std::optional<bool>
yes_no(std::string_view value)
{
  value = text::trim(value);
  const std::string_view word = value.substr(0, value.find_first_of(" ,;\t"));
  if (text::iequals(word, "yes") || text::iequals(word, "true")) {
    return true;
  }
  if (text::iequals(word, "no") || text::iequals(word, "false")) {
    return false;
  }
  return std::nullopt;
}

// A later "Yes" overrides an earlier "No": each field is one filter's say.
void
vote(std::optional<bool>& is_spam, std::optional<bool> say)
{
  if (say && (!is_spam || *say)) {
    is_spam = say;
  }
}

// "default: False [-0.66 / 15.00]; SYMBOL(...)..." -> word, score, reject.
void
read_rspamd_result(std::string_view value, SpamVerdict& verdict)
{
  const std::size_t colon = value.find(':');
  const std::size_t open = value.find('[');
  const std::size_t close = value.find(']');
  if (colon == std::string_view::npos || open == std::string_view::npos
      || close == std::string_view::npos || open < colon || close < open) {
    return;
  }
  vote(verdict.is_spam, yes_no(value.substr(colon + 1, open - colon - 1)));
  const std::string_view numbers = value.substr(open + 1, close - open - 1);
  const std::size_t slash = numbers.find('/');
  verdict.score = to_number(numbers.substr(0, slash));
  if (slash != std::string_view::npos) {
    verdict.threshold = to_number(numbers.substr(slash + 1));
  }
  for (const RspamdSymbol& symbol : parse_rspamd_symbols(value)) {
    verdict.symbols.push_back(
      symbol.score_text.empty() ? symbol.name : symbol.name + "(" + symbol.score_text + ")");
  }
}

SpamVerdict
rspamd_verdict(const std::vector<HeaderField>& fields)
{
  SpamVerdict verdict;
  verdict.engine = "rspamd";
  if (const auto result = first_value(fields, "X-Spamd-Result")) {
    read_rspamd_result(*result, verdict);
  }
  if (const auto action = first_value(fields, "X-Rspamd-Action")) {
    verdict.action = *action;
  }
  for (const char* name : {"X-Rspamd-Score", "X-Spam-Score"}) {
    if (const auto score = first_value(fields, name); score && !verdict.score) {
      verdict.score = to_number(*score);
    }
  }
  // rspamd's proxy writes its spam_header ("X-Spam: Yes") at the add-header
  // action, while "default:" stays False below the reject score.
  for (const char* name : {"X-Spam", "X-Spam-Flag", "X-Spam-Status"}) {
    if (const auto flag = first_value(fields, name)) {
      vote(verdict.is_spam, yes_no(*flag));
    }
  }
  return verdict;
}

// "score=5.2 required=5.0 tests=A,\tB autolearn=no": key=value pairs; a word
// without "=" after a value ending in "," continues that value (a folded
// test list).
void
read_spamassassin_pairs(std::string_view rest, SpamVerdict& verdict)
{
  std::string key;
  std::string value;
  const auto flush = [&] {
    if (key == "score" || key == "hits") {
      verdict.score = to_number(value);
    } else if (key == "required") {
      verdict.threshold = to_number(value);
    } else if (key == "tests") {
      std::string_view tests = value;
      while (!tests.empty()) {
        const std::size_t comma = std::min(tests.find(','), tests.size());
        const std::string_view test = text::trim(tests.substr(0, comma));
        if (!test.empty() && test != "NONE") {
          verdict.symbols.emplace_back(test);
        }
        tests.remove_prefix(std::min(comma + 1, tests.size()));
      }
    }
  };
  std::size_t pos = 0;
  while (pos < rest.size()) {
    const std::size_t start = rest.find_first_not_of(" \t", pos);
    if (start == std::string_view::npos) {
      break;
    }
    pos = std::min(rest.find_first_of(" \t", start), rest.size());
    const std::string_view word = rest.substr(start, pos - start);
    const std::size_t equals = word.find('=');
    if (equals == std::string_view::npos || (!value.empty() && value.back() == ',')) {
      value += word;
      continue;
    }
    flush();
    key = text::to_lower(word.substr(0, equals));
    value = std::string(word.substr(equals + 1));
  }
  flush();
}

SpamVerdict
spamassassin_verdict(const std::vector<HeaderField>& fields)
{
  SpamVerdict verdict;
  verdict.engine = "spamassassin";
  if (const auto status = first_value(fields, "X-Spam-Status")) {
    vote(verdict.is_spam, yes_no(*status));
    const std::size_t comma = status->find(',');
    if (comma != std::string::npos) {
      read_spamassassin_pairs(std::string_view(*status).substr(comma + 1), verdict);
    }
  }
  if (const auto flag = first_value(fields, "X-Spam-Flag")) {
    vote(verdict.is_spam, yes_no(*flag));
  }
  if (const auto score = first_value(fields, "X-Spam-Score"); score && !verdict.score) {
    verdict.score = to_number(*score);
  }
  return verdict;
}

// At the "[" of a symbol's option list: the comma-separated options up to the
// "]" that balances it ("[" and "{" nest inside options); returns the
// position after that "]".
std::size_t
read_options(std::string_view value, std::size_t pos, std::vector<std::string>& options)
{
  std::string current;
  const auto push = [&] {
    const std::string_view option = text::trim(current);
    if (!option.empty()) {
      options.emplace_back(option);
    }
    current.clear();
  };
  int depth = 0;
  for (; pos < value.size(); ++pos) {
    const char c = value[pos];
    if (c == '[' || c == '{') {
      if (++depth == 1) {
        continue; // the list's own "["
      }
    } else if (c == ']' || c == '}') {
      if (--depth == 0) {
        push();
        return pos + 1;
      }
    } else if (c == ',' && depth == 1) {
      push();
      continue;
    }
    current.push_back(c);
  }
  push();
  return pos;
}

bool
has_field(const std::vector<HeaderField>& fields, std::string_view name)
{
  return first_value(fields, name).has_value();
}

} // namespace

std::vector<SpamVerdict>
parse_spam_verdicts(const std::vector<HeaderField>& fields)
{
  std::vector<SpamVerdict> verdicts;
  if (has_field(fields, "X-Spamd-Result") || has_field(fields, "X-Rspamd-Action")
      || has_field(fields, "X-Rspamd-Score") || has_field(fields, "X-Spam")) {
    verdicts.push_back(rspamd_verdict(fields));
  } else if (has_field(fields, "X-Spam-Status") || has_field(fields, "X-Spam-Flag")) {
    // rspamd's milter writes SpamAssassin-compatible fields too: one engine.
    verdicts.push_back(spamassassin_verdict(fields));
  }
  if (auto microsoft = spam_detail::microsoft_verdict(fields)) {
    verdicts.push_back(std::move(*microsoft));
  }
  for (SpamVerdict& other : spam_detail::other_vendor_verdicts(fields)) {
    verdicts.push_back(std::move(other));
  }
  return verdicts;
}

std::optional<SpamVerdict>
parse_spam_verdict(const std::vector<HeaderField>& fields)
{
  std::vector<SpamVerdict> verdicts = parse_spam_verdicts(fields);
  if (verdicts.empty()) {
    return std::nullopt;
  }
  return std::move(verdicts.front());
}

std::vector<RspamdSymbol>
parse_rspamd_symbols(std::string_view value)
{
  std::vector<RspamdSymbol> symbols;
  // Skip "default: False [s / r]" up to the ";" after its "]".
  const std::size_t close = value.find(']');
  const std::size_t start = close == std::string_view::npos ? close : value.find(';', close);
  if (start == std::string_view::npos) {
    return symbols;
  }
  std::size_t pos = start + 1;
  while (pos < value.size()) {
    pos = value.find_first_not_of(" \t;", pos);
    if (pos == std::string_view::npos) {
      break;
    }
    RspamdSymbol symbol;
    const std::size_t name_end = std::min(value.find_first_of("([; \t", pos), value.size());
    symbol.name = std::string(value.substr(pos, name_end - pos));
    pos = name_end;
    if (pos < value.size() && value[pos] == '(') {
      const std::size_t score_end = value.find(')', pos);
      if (score_end == std::string_view::npos) {
        break;
      }
      symbol.score_text = std::string(text::trim(value.substr(pos + 1, score_end - pos - 1)));
      symbol.score = to_number(symbol.score_text);
      pos = score_end + 1;
    }
    if (pos < value.size() && value[pos] == '[') {
      pos = read_options(value, pos, symbol.options);
    }
    symbols.push_back(std::move(symbol));
  }
  return symbols;
}

} // namespace inboxprobe
