// Spam filter verdict fields (rspamd, SpamAssassin, Microsoft EOP, Mimecast,
// Proofpoint): the input is a header section and, whole, an X-Spamd-Result
// value.
#include "fuzz_targets.hpp"

#include <analysis/spam_verdict.hpp>
#include <core/message_headers.hpp>

#include <cmath>

namespace inboxprobe::fuzz {

void
fuzz_spam_verdict(std::string_view data)
{
  const std::vector<HeaderField> fields = parse_header_fields(data);
  for (const SpamVerdict& verdict : parse_spam_verdicts(fields)) {
    fuzz_check(!verdict.engine.empty(), "a verdict without an engine");
    // JSON has no NaN or infinity: the stored result would not read back.
    fuzz_check(!verdict.score || std::isfinite(*verdict.score), "a score that is not finite");
    fuzz_check(!verdict.threshold || std::isfinite(*verdict.threshold),
               "a threshold that is not finite");
  }
  parse_spam_verdict(fields);
  for (const RspamdSymbol& symbol : parse_rspamd_symbols(data)) {
    fuzz_check(!symbol.score || std::isfinite(*symbol.score), "a symbol score that is not finite");
  }
}

} // namespace inboxprobe::fuzz
