// The spam filter's verdict as written in its header fields: rspamd
// (X-Spamd-Result, X-Rspamd-Action/-Score, and the X-Spam header its proxy
// worker adds) and Apache SpamAssassin (X-Spam-Status, X-Spam-Flag,
// X-Spam-Score). Neither format has an RFC; the field shapes follow the
// filters' own documentation and the shared corpus' cases.
//
// Field semantics kept in SpamVerdict:
//   engine     "rspamd" or "spamassassin"
//   is_spam    the filter's own Yes/No (True/False) word, never recomputed
//              from score and threshold (a score equal to SpamAssassin's
//              "required" is "Yes"); any "Yes" wins over a "No": for rspamd
//              a "Yes" in X-Spam, X-Spam-Flag or X-Spam-Status also counts,
//              because rspamd's "default: False" only turns True at the
//              reject action, while its add-header action writes
//              "X-Spam: Yes" (what Sieve files into Junk).
//   score      the message score
//   threshold  SpamAssassin: "required". rspamd: the number after "/" in
//              "[score / N]", which is the REJECT score, not a spam
//              threshold (rspamd's add-header score is not in the header).
//   action     rspamd's action (X-Rspamd-Action), e.g. "no action"
//   symbols    rspamd "NAME(score)" / SpamAssassin test names, as written
//
// Microsoft EOP / Outlook.com (engine "microsoft-eop"): score = SCL,
// threshold = 5, is_spam from SFV (SPM/SKS/SKB), SCL >= 5, or the mailbox
// delivery decision (dest:J / RF:JunkEmail, which wins); details keep every
// X-Forefront-Antispam-Report pair, BCL, dest/RF/OFR. Mimecast and
// Proofpoint give engine and score only (is_spam unknown).
#pragma once

#include <core/message_headers.hpp>
#include <core/model.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// One verdict per engine present in `fields` (rspamd or SpamAssassin, then
// Microsoft, Mimecast, Proofpoint), each from the top-most (most recent)
// field of each kind. Malformed values leave the affected member empty;
// nothing throws.
std::vector<SpamVerdict> parse_spam_verdicts(const std::vector<HeaderField>& fields);

// The first of parse_spam_verdicts, std::nullopt when there is none.
std::optional<SpamVerdict> parse_spam_verdict(const std::vector<HeaderField>& fields);

// One rspamd symbol: "NAME(score)[option, option]".
struct RspamdSymbol
{
  std::string name;
  std::optional<double> score;
  std::string score_text;           // the score as written, e.g. "-1.00"
  std::vector<std::string> options; // as written, whitespace trimmed
};

// The symbols of an unfolded X-Spamd-Result value (those after its
// "default: False [s / r];" part), in header order. Options may contain ":",
// "/", "{", "[", "]",
// "=" and spaces; the option list ends at the "]" that balances its "[".
std::vector<RspamdSymbol> parse_rspamd_symbols(std::string_view value);

} // namespace inboxprobe
