// Fuzz targets: one function per parser of outside input (mail from the
// internet, IMAP and SMTP server replies, configuration files). Each takes
// arbitrary bytes, runs the parser the way the product does and checks the
// properties its header promises (a round trip, a bound, one error line).
// libFuzzer drives them in fuzz/fuzz_main.cpp (cmake -DINBOXPROBE_FUZZ=ON,
// scripts/fuzz); the unit test tests/unit/fuzz replays the inputs that once
// broke them (tests/data/fuzz-regressions/<target>/) in every build.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace inboxprobe::fuzz {

// A broken promise: thrown by fuzz_check, so that libFuzzer sees a crash (an
// uncaught exception aborts) and the regression test a failed test case.
class FuzzFailure : public std::logic_error
{
public:
  using std::logic_error::logic_error;
};

// Throw FuzzFailure(`what`) unless `condition` holds.
inline void
fuzz_check(bool condition, const std::string& what)
{
  if (!condition) {
    throw FuzzFailure(what);
  }
}

// Authentication-Results (RFC 8601): lenient and strict parse, format round trip.
void fuzz_auth_results(std::string_view data);
// RFC 5322 §3.3 dates and Received chains (RFC 5321 §4.4): hops, IPs.
void fuzz_received(std::string_view data);
// RFC 5322 §2.2 header splitting and unfolding.
void fuzz_headers(std::string_view data);
// MIME (RFC 2045/2046): probe-token injection into a user's message, and the
// result parsed back with mimetic as the sender's tests do.
void fuzz_mime(std::string_view data);
// DKIM/ARC tag-lists (RFC 6376 §3.2), canonicalization, key records, DMARC
// records (RFC 7489 §6.3).
void fuzz_tag_list(std::string_view data);
// IMAP responses (RFC 3501 §7): LIST, SEARCH, STATUS, FETCH with literals.
void fuzz_imap(std::string_view data);
// Modified UTF-7 mailbox names (RFC 3501 §5.1.3): decode, encode, round trip.
void fuzz_mutf7(std::string_view data);
// SMTP replies (RFC 5321 §4.2, RFC 3463) and the session log fed server text.
void fuzz_smtp_reply(std::string_view data);
// Delivery status notifications (RFC 3464).
void fuzz_dsn(std::string_view data);
// Spam filter verdict fields (rspamd, SpamAssassin, Microsoft, ...).
void fuzz_spam_verdict(std::string_view data);
// The campaign configuration loader (TOML) on a file holding `data`.
void fuzz_config(std::string_view data);
// analyze_message end to end with a fixed DNS map, and its three outputs.
void fuzz_analyze(std::string_view data);

struct FuzzTarget
{
  std::string_view name; // "auth_results": the fuzzer is fuzz_<name>
  void (*run)(std::string_view data);
};

// Every target, by name.
std::span<const FuzzTarget> fuzz_targets();

} // namespace inboxprobe::fuzz
