// DKIM canonicalization, tag-lists and header selection (see dkim_canon.hpp).
#include "dkim_canon.hpp"

#include "text.hpp"

#include <algorithm>

namespace inboxprobe::dkim_canon {

namespace {

bool
is_wsp(char c)
{
  return c == ' ' || c == '\t';
}

// Runs of WSP to one SP, CR and LF removed (unfolding), ends trimmed.
std::string
compress_wsp(std::string_view value)
{
  std::string out;
  bool pending_space = false;
  for (const char c : value) {
    if (c == '\r' || c == '\n') {
      continue;
    }
    if (is_wsp(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) {
      out.push_back(' ');
    }
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

} // namespace

std::string
relaxed_header(std::string_view name, std::string_view value)
{
  std::string trimmed_name(name);
  while (!trimmed_name.empty() && is_wsp(trimmed_name.back())) {
    trimmed_name.pop_back();
  }
  return text::to_lower(trimmed_name) + ":" + compress_wsp(value) + "\r\n";
}

std::string
simple_header(std::string_view name, std::string_view value)
{
  return std::string(name) + ":" + std::string(value) + "\r\n";
}

std::string
canonical_body(std::string_view body, Canon canon)
{
  std::string out;
  out.reserve(body.size());
  std::size_t pending_empty_lines = 0;
  while (!body.empty()) {
    std::size_t end = body.find("\r\n");
    const bool has_crlf = end != std::string_view::npos;
    std::string_view line = body.substr(0, has_crlf ? end : body.size());
    body.remove_prefix(has_crlf ? end + 2 : body.size());
    std::string canonical;
    if (canon == Canon::relaxed) {
      // §3.4.4: WSP runs to one SP, trailing WSP removed.
      bool space = false;
      for (const char c : line) {
        if (is_wsp(c)) {
          space = true;
          continue;
        }
        if (space) {
          canonical.push_back(' ');
        }
        space = false;
        canonical.push_back(c);
      }
    } else {
      canonical = std::string(line);
    }
    if (canonical.empty()) {
      ++pending_empty_lines; // trailing empty lines are dropped (§3.4.3, §3.4.4)
      continue;
    }
    for (; pending_empty_lines > 0; --pending_empty_lines) {
      out += "\r\n";
    }
    out += canonical + "\r\n";
  }
  // §3.4.3: an empty simple body is one CRLF; relaxed keeps it empty.
  if (out.empty() && canon == Canon::simple) {
    out = "\r\n";
  }
  return out;
}

std::optional<std::map<std::string, std::string>>
parse_tag_list(std::string_view value)
{
  std::map<std::string, std::string> tags;
  std::vector<std::string_view> specs;
  while (true) {
    const std::size_t semicolon = value.find(';');
    specs.push_back(value.substr(0, semicolon));
    if (semicolon == std::string_view::npos) {
      break;
    }
    value.remove_prefix(semicolon + 1);
  }
  if (specs.size() > 1 && text::trim(specs.back()).empty()) {
    specs.pop_back(); // a trailing ";"
  }
  for (const std::string_view spec : specs) {
    const std::size_t equals = spec.find('=');
    if (equals == std::string_view::npos) {
      return std::nullopt;
    }
    const std::string name(text::trim(spec.substr(0, equals)));
    if (name.empty() || !text::is_alpha(name.front())
        || !tags.emplace(name, std::string(text::trim(spec.substr(equals + 1)))).second) {
      return std::nullopt;
    }
  }
  return tags;
}

std::string
without_b_value(std::string_view value)
{
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t end = std::min(value.find(';', start), value.size());
    const std::string_view spec = value.substr(start, end - start);
    const std::size_t equals = spec.find('=');
    if (equals != std::string_view::npos && text::trim(spec.substr(0, equals)) == "b") {
      return std::string(value.substr(0, start + equals + 1)) + std::string(value.substr(end));
    }
    start = end + 1;
  }
  return std::string(value);
}

std::vector<const HeaderField*>
select_headers(const std::vector<HeaderField>& fields, const std::vector<std::string>& signed_names)
{
  std::vector<bool> used(fields.size(), false);
  std::vector<const HeaderField*> selected;
  for (const std::string& name : signed_names) {
    for (std::size_t i = fields.size(); i-- > 0;) {
      if (!used[i] && text::iequals(text::trim(fields[i].name), name)) {
        used[i] = true;
        selected.push_back(&fields[i]);
        break;
      }
    }
  }
  return selected;
}

std::vector<std::string>
split_header_list(std::string_view h)
{
  std::vector<std::string> names;
  while (true) {
    const std::size_t colon = h.find(':');
    const std::string_view name = text::trim(h.substr(0, colon));
    if (!name.empty()) {
      names.emplace_back(name);
    }
    if (colon == std::string_view::npos) {
      break;
    }
    h.remove_prefix(colon + 1);
  }
  return names;
}

} // namespace inboxprobe::dkim_canon
