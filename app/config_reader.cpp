// Located, typed reads from TOML tables for the configuration loader.
#include "config_reader.hpp"

#include <core/duration.hpp>

#include <algorithm>

namespace inboxprobe {

namespace {

// Levenshtein distance, to suggest the key the user probably meant.
std::size_t
edit_distance(const std::string& a, const std::string& b)
{
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string
type_name(const toml::node& node)
{
  switch (node.type()) {
  case toml::node_type::string:
    return "a string";
  case toml::node_type::integer:
    return "an integer";
  case toml::node_type::floating_point:
    return "a number";
  case toml::node_type::boolean:
    return "a boolean";
  case toml::node_type::array:
    return "an array";
  case toml::node_type::table:
    return "a table";
  default:
    return "a date/time";
  }
}

} // namespace

TableReader::TableReader(const toml::table& table,
                         std::string file,
                         std::string prefix,
                         const std::vector<std::string>& allowed)
  : m_table(table),
    m_file(std::move(file)),
    m_prefix(std::move(prefix))
{
  reject_unknown_keys(allowed);
}

std::string
TableReader::where(const std::string& key) const
{
  const toml::node* n = m_table.get(key);
  const auto line = n ? n->source().begin.line : m_table.source().begin.line;
  return m_file + ":" + std::to_string(line) + ": " + (m_prefix.empty() ? "" : m_prefix + ".")
         + key;
}

void
TableReader::fail_at(const std::string& key, const std::string& message) const
{
  throw ConfigError(where(key) + ": " + message);
}

std::optional<std::string>
TableReader::text(const std::string& key)
{
  const toml::node* n = m_table.get(key);
  if (!n) {
    return std::nullopt;
  }
  if (!n->is_string()) {
    fail_at(key, "expected a string, got " + type_name(*n));
  }
  return n->value<std::string>();
}

std::optional<std::string>
TableReader::string(const std::string& key)
{
  auto value = text(key);
  if (value && value->find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
    fail_at(key, "contains a line break or NUL; it must be one line");
  }
  return value;
}

std::string
TableReader::required_string(const std::string& key)
{
  auto value = string(key);
  if (!value || value->empty()) {
    fail_at(key, "missing (required)");
  }
  return *value;
}

std::optional<bool>
TableReader::boolean(const std::string& key)
{
  const toml::node* n = m_table.get(key);
  if (!n) {
    return std::nullopt;
  }
  if (!n->is_boolean()) {
    fail_at(key, "expected true or false, got " + type_name(*n));
  }
  return n->value<bool>();
}

std::optional<std::int64_t>
TableReader::integer(const std::string& key, std::int64_t min, std::int64_t max)
{
  const toml::node* n = m_table.get(key);
  if (!n) {
    return std::nullopt;
  }
  if (!n->is_integer()) {
    fail_at(key, "expected an integer, got " + type_name(*n));
  }
  const std::int64_t value = *n->value<std::int64_t>();
  if (value < min || value > max) {
    fail_at(key,
            "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got "
              + std::to_string(value));
  }
  return value;
}

std::optional<std::int64_t>
TableReader::duration_ms(const std::string& key)
{
  const auto text = string(key);
  if (!text) {
    return std::nullopt;
  }
  const auto ms = parse_duration_ms(*text);
  if (!ms) {
    fail_at(key, "expected a duration such as \"30s\", \"5m\" or \"1m30s\", got \"" + *text + "\"");
  }
  return ms;
}

std::vector<std::string>
TableReader::string_array(const std::string& key)
{
  const toml::node* n = m_table.get(key);
  std::vector<std::string> out;
  if (!n) {
    return out;
  }
  if (n->is_string()) {
    out.push_back(*n->value<std::string>());
    return out;
  }
  if (!n->is_array()) {
    fail_at(key, "expected an array of strings, got " + type_name(*n));
  }
  for (const toml::node& item : *n->as_array()) {
    if (!item.is_string()) {
      fail_at(key, "expected an array of strings, found " + type_name(item) + " in it");
    }
    out.push_back(*item.value<std::string>());
  }
  for (const std::string& item : out) {
    if (item.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      fail_at(key, "an item contains a line break or NUL; each must be one line");
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>>
TableReader::string_table(const std::string& key)
{
  const toml::node* n = m_table.get(key);
  std::vector<std::pair<std::string, std::string>> out;
  if (!n) {
    return out;
  }
  if (!n->is_table()) {
    fail_at(key, "expected a table such as { \"X-Name\" = \"value\" }, got " + type_name(*n));
  }
  for (const auto& [name, value] : *n->as_table()) {
    if (!value.is_string()) {
      fail_at(key, "value of \"" + std::string(name.str()) + "\" must be a string");
    }
    out.emplace_back(std::string(name.str()), *value.value<std::string>());
  }
  return out;
}

std::optional<std::string>
TableReader::choice(const std::string& key, const std::vector<std::string>& allowed)
{
  const auto value = string(key);
  if (value && std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
    std::string list;
    for (const std::string& a : allowed) {
      list += (list.empty() ? "" : ", ") + a;
    }
    fail_at(key, "expected one of " + list + ", got \"" + *value + "\"");
  }
  return value;
}

void
TableReader::reject_unknown_keys(const std::vector<std::string>& allowed) const
{
  for (const auto& [key, value] : m_table) {
    const std::string name(key.str());
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) {
      continue;
    }
    std::string hint;
    std::size_t best = 3;
    for (const std::string& known : allowed) {
      const std::size_t d = edit_distance(name, known);
      if (d < best) {
        best = d;
        hint = " (did you mean " + known + "?)";
      }
    }
    throw ConfigError(m_file + ":" + std::to_string(key.source().begin.line) + ": "
                      + (m_prefix.empty() ? "" : m_prefix + ".") + name + ": unknown key" + hint);
  }
}

} // namespace inboxprobe
