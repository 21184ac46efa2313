// How the receiver splits its FETCHes (internal): libcurl 7.88 holds the reply
// to a command it does not parse itself in one buffer capped at 300 KiB, so
// every FETCH asks for no more than a budget below that (RFC 3501 §6.4.5 UID
// sets; sizes from RFC822.SIZE, §7.4.2).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace inboxprobe {

// The byte budget of one FETCH reply. libcurl's cap is 300 KiB for everything
// it reads in one transfer (the login's replies and any untagged noise
// included), so a reply keeps well below it.
constexpr std::int64_t k_reply_budget_bytes = 128 * 1024;

// UIDs per header-field FETCH: at up to ~400 bytes a message (flags, date,
// size, Gmail labels, two header fields) the reply stays within the budget.
constexpr std::uint32_t k_header_fetch_uids = 300;

// `uid_costs` (UID, bytes its reply part costs; in the order given) grouped so
// that the costs in a group add up to at most `budget`; a UID that costs more
// on its own is a group alone. A cost below 1 counts as 1. Never throws.
std::vector<std::vector<std::uint32_t>>
batches_within(const std::vector<std::pair<std::uint32_t, std::int64_t>>& uid_costs,
               std::int64_t budget);

// The UIDs from `from` up to UIDNEXT `uidnext` (0: unknown) as UID sets of at
// most `per_set` UIDs each ("1:400", "401:800", ...); the last is open
// ("801:*") so that it also takes what arrived after the STATUS. `per_set` of
// 0 counts as 1.
std::vector<std::string>
uid_ranges(std::uint32_t from, std::uint32_t uidnext, std::uint32_t per_set);

// `uids` (ascending) as UID sets (uid_set) of at most `per_set` UIDs each.
std::vector<std::string> uid_sets(const std::vector<std::uint32_t>& uids, std::size_t per_set);

} // namespace inboxprobe
