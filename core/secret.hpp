// Secret: a password or token that must never be printed, logged, stored or
// reported. It has no stream operator and no implicit conversion; the one way
// to read it is reveal(), so every place that hands a secret to a library is
// easy to find with grep.
#pragma once

#include <string>
#include <string_view>

namespace inboxprobe {

class Secret
{
public:
  Secret() = default;
  explicit Secret(std::string value) : m_value(std::move(value))
  {
  }

  // The secret's text, for handing to a transport (libcurl) and nothing else.
  const std::string&
  reveal() const
  {
    return m_value;
  }

  bool
  empty() const
  {
    return m_value.empty();
  }

private:
  std::string m_value;
};

// Where a secret comes from, as written in the configuration (never the value
// itself).
struct SecretSource
{
  std::string env;  // password_env = "NAME"
  std::string file; // password_file = "/path", must not be group/world-accessible
};

} // namespace inboxprobe
