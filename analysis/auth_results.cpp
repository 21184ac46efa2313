// RFC 8601 §2.2 Authentication-Results parsing (see auth_results.hpp).
#include "auth_results.hpp"

namespace inboxprobe {

Result<AuthResultsField>
parse_auth_results(std::string_view /*field_body*/, AuthResParse /*mode*/)
{
  return fail("auth_results.syntax", "not implemented");
}

std::string
format_auth_results(const AuthResultsField& /*field*/)
{
  return {};
}

std::string_view
strip_arc_instance(std::string_view field_body, int& instance)
{
  instance = 0;
  return field_body;
}

} // namespace inboxprobe
