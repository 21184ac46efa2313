// The table of fuzz targets (fuzz_targets.hpp), read by the regression test.
#include "fuzz_targets.hpp"

#include <array>

namespace inboxprobe::fuzz {

std::span<const FuzzTarget>
fuzz_targets()
{
  static constexpr auto k_targets = std::to_array<FuzzTarget>({
    {"analyze", fuzz_analyze},
    {"auth_results", fuzz_auth_results},
    {"config", fuzz_config},
    {"dsn", fuzz_dsn},
    {"headers", fuzz_headers},
    {"imap", fuzz_imap},
    {"mime", fuzz_mime},
    {"mutf7", fuzz_mutf7},
    {"received", fuzz_received},
    {"smtp_reply", fuzz_smtp_reply},
    {"spam_verdict", fuzz_spam_verdict},
    {"tag_list", fuzz_tag_list},
  });
  return k_targets;
}

} // namespace inboxprobe::fuzz
