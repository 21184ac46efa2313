// TableReader: typed, located access to one TOML table of the configuration.
// The table's keys are checked against the allowed ones first, so a typo is
// reported as the typo (with a suggestion) rather than as the missing key it
// was meant to be; every error names file:line: key.
#pragma once

#include <core/error.hpp>

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inboxprobe {

class TableReader
{
public:
  // `table` inside `file`; `prefix` is the key path shown in errors, e.g.
  // "route[2]". Throws ConfigError when the table has a key not in `allowed`.
  TableReader(const toml::table& table,
              std::string file,
              std::string prefix,
              const std::vector<std::string>& allowed);

  // A one-line string: a line break or NUL is an error (it would end up in a
  // header field, an SMTP command or a URL: RFC 5322 §2.2, RFC 5321 §2.3.8).
  std::optional<std::string> string(const std::string& key);
  std::string required_string(const std::string& key);
  // A string that may hold several lines (a message body).
  std::optional<std::string> text(const std::string& key);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::int64_t> integer(const std::string& key, std::int64_t min, std::int64_t max);
  // A duration string ("20s", "1m30s") in milliseconds.
  std::optional<std::int64_t> duration_ms(const std::string& key);
  std::vector<std::string> string_array(const std::string& key);
  // A table of string values, e.g. headers = { "X-A" = "1" }, in file order.
  std::vector<std::pair<std::string, std::string>> string_table(const std::string& key);
  // One of `allowed`.
  std::optional<std::string> choice(const std::string& key,
                                    const std::vector<std::string>& allowed);

  // "file:line: prefix.key: message" as a ConfigError.
  [[noreturn]] void fail_at(const std::string& key, const std::string& message) const;
  const std::string&
  file() const
  {
    return m_file;
  }
  const toml::table&
  table() const
  {
    return m_table;
  }
  // The key path shown in errors, e.g. "route[2]".
  const std::string&
  prefix() const
  {
    return m_prefix;
  }
  std::string where(const std::string& key) const; // "file:line: prefix.key"

private:
  void reject_unknown_keys(const std::vector<std::string>& allowed) const;

  const toml::table& m_table;
  std::string m_file;
  std::string m_prefix;
};

} // namespace inboxprobe
