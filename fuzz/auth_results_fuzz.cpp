// Authentication-Results (RFC 8601 §2.2): whatever the lenient parser accepts
// must print back (format_auth_results) as a field that parses to the same
// record, which is the round trip the header promises; the strict mode never
// accepts what the lenient one refuses.
#include "fuzz_targets.hpp"

#include <analysis/auth_results.hpp>

namespace inboxprobe::fuzz {

namespace {

bool
same_results(const AuthResultsField& a, const AuthResultsField& b)
{
  if (a.authserv_id != b.authserv_id || a.version != b.version || a.none != b.none
      || a.results.size() != b.results.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.results.size(); ++i) {
    const AuthResult& x = a.results[i];
    const AuthResult& y = b.results[i];
    if (x.method != y.method || x.method_version != y.method_version || x.result != y.result
        || x.reason != y.reason || x.props != y.props) {
      return false;
    }
  }
  return true;
}

} // namespace

void
fuzz_auth_results(std::string_view data)
{
  const auto lenient = parse_auth_results(data, AuthResParse::lenient);
  const auto strict = parse_auth_results(data, AuthResParse::strict);
  fuzz_check(lenient || !strict, "strict accepted what lenient refused");
  if (lenient) {
    const std::string printed = format_auth_results(*lenient);
    const auto again = parse_auth_results(printed, AuthResParse::lenient);
    fuzz_check(again.has_value(), "formatted field does not parse: " + printed);
    fuzz_check(same_results(*lenient, *again), "round trip differs: " + printed);
  }
  int instance = -1;
  const std::string_view rest = strip_arc_instance(data, instance);
  fuzz_check(rest.size() <= data.size() && instance >= 0, "strip_arc_instance out of range");
}

} // namespace inboxprobe::fuzz
