// Spam filter verdict fields (see spam_verdict.hpp).
#include "spam_verdict.hpp"

namespace inboxprobe {

std::optional<SpamVerdict>
parse_spam_verdict(const std::vector<HeaderField>& /*fields*/)
{
  return std::nullopt;
}

std::vector<RspamdSymbol>
parse_rspamd_symbols(std::string_view /*value*/)
{
  return {};
}

} // namespace inboxprobe
