// MIME structure (RFC 2045, RFC 2046): a user's message (`inboxprobe` content
// from an .eml file) gets the probe token injected; the result must be CRLF
// only with lines of at most 998 octets (RFC 5322 §2.1.1) and carry the token
// in its header. The input and the result are also parsed with mimetic, as the
// sender's tests parse composed messages.
#include "fuzz_targets.hpp"

#include <core/message_headers.hpp>
#include <core/probe_token.hpp>
#include <sender/eml_inject.hpp>

#include <mimetic/mimetic.h>

namespace inboxprobe::fuzz {

namespace {

const std::string k_token = "abcdefghijklmnopqrstuvw2";

void
check_lines(const std::string& bytes)
{
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\r') {
      fuzz_check(i + 1 < bytes.size() && bytes[i + 1] == '\n', "bare CR in the result");
    } else if (bytes[i] == '\n') {
      fuzz_check(i > 0 && bytes[i - 1] == '\r', "bare LF in the result");
      fuzz_check(i - 1 - line_start <= 998, "a line over 998 octets in the result");
      line_start = i + 1;
    }
  }
}

} // namespace

void
fuzz_mime(std::string_view data)
{
  const Probe probe{1, "run", k_token, "route-a", "seed1@inbox.test", "newsletter"};
  Route route;
  route.name = "route-a";
  route.mail_from = "alice@sender.test";
  route.headers = {{"X-Route", "a"}};
  Content content;
  content.name = "newsletter";
  const auto composed = inject_probe_token(data, probe, route, content, 1'795'000'000'000);
  if (composed) {
    check_lines(composed->bytes);
    const std::vector<std::string> tokens =
      header_values(parse_header_fields(composed->bytes), k_probe_header);
    fuzz_check(tokens.size() == 1 && tokens.front() == k_token, "the token header is missing");
    const mimetic::MimeEntity parsed(composed->bytes.begin(), composed->bytes.end());
  }
  const std::string input(data);
  const mimetic::MimeEntity parsed(input.begin(), input.end());
}

} // namespace inboxprobe::fuzz
