// Token matching on the client side: server SEARCH HEADER is unreliable at big
// providers.
#include "probe_match.hpp"

#include <core/message_headers.hpp>
#include <core/probe_token.hpp>

#include <cctype>

namespace inboxprobe {

namespace {

bool
is_token_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
}

// Every maximal run of token characters of exactly the token length in `value`,
// lowercased.
template<typename F>
void
for_each_candidate(std::string_view value, F&& f)
{
  std::string lowered(value);
  for (char& c : lowered) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::size_t i = 0;
  while (i < lowered.size()) {
    if (!is_token_char(lowered[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < lowered.size() && is_token_char(lowered[end])) {
      ++end;
    }
    if (end - i == k_probe_token_length) {
      f(lowered.substr(i, end - i));
    }
    i = end;
  }
}

std::optional<std::int64_t>
lookup(const std::vector<std::string>& values, const std::map<std::string, std::int64_t>& tokens)
{
  std::optional<std::int64_t> found;
  for (const std::string& value : values) {
    for_each_candidate(value, [&](const std::string& candidate) {
      const auto it = tokens.find(candidate);
      if (!found && it != tokens.end()) {
        found = it->second;
      }
    });
  }
  return found;
}

} // namespace

std::optional<ProbeMatch>
match_probe(std::string_view header_section, const std::map<std::string, std::int64_t>& tokens)
{
  const std::vector<HeaderField> fields = parse_header_fields(header_section);
  if (const auto id = lookup(header_values(fields, k_probe_header), tokens)) {
    return ProbeMatch{*id, "header"};
  }
  if (const auto id = lookup(header_values(fields, "Message-ID"), tokens)) {
    return ProbeMatch{*id, "message-id"};
  }
  return std::nullopt;
}

std::optional<ProbeMatch>
match_probe_in_body(std::string_view body, const std::map<std::string, std::int64_t>& tokens)
{
  if (const auto id = lookup({std::string(body.substr(0, k_body_match_bytes))}, tokens)) {
    return ProbeMatch{*id, "body"};
  }
  return std::nullopt;
}

std::optional<ProbeMatch>
match_message(std::string_view message, const std::map<std::string, std::int64_t>& tokens)
{
  if (auto match = match_probe(message, tokens)) {
    return match;
  }
  return match_probe_in_body(message_body(message), tokens);
}

} // namespace inboxprobe
