// Reading one folder's new messages (internal to the receiver): which UIDs
// are new (cursor or SEARCH SINCE), their header fields or whole bytes, the
// client-side token match, and the whole message of each match. Also the
// fallback for a message libcurl cannot return in one piece.
#pragma once

#include "fetch_batches.hpp"
#include "folders.hpp"
#include "imap_session.hpp"
#include "seed_poll.hpp"

#include <core/clock.hpp>
#include <core/model.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace inboxprobe {

// At most this many new messages are fetched whole in the first FETCH (one
// round trip less for the common case: a handful of new probes); more are read
// header fields first.
constexpr std::uint32_t k_inline_fetch_messages = 4;

// Replies libcurl cut at a tag-like line, recovered by partial fetches, and
// messages fetched by URL (with \Seen restored) after too many cuts.
struct RecoveredFetches
{
  int cut_replies = 0;
  int url_fetches = 0;
};

struct FolderRead
{
  ImapSession& session;
  const WatchedFolder& watched;
  MailboxPurpose purpose;
  const std::map<std::string, std::int64_t>& tokens; // what this folder may match
  bool gmail = false;                                // X-GM-EXT-1: labels, message ids, tabs
  const Clock& clock;
  RecoveredFetches& recovered;
};

struct FolderReadResult
{
  std::vector<Sighting> sightings;
  int messages_read = 0;
  std::uint32_t last_sequence = 0; // highest message sequence number seen
};

// Read the messages of `read.watched` that arrived since `cursor` (advanced),
// given the folder's `status`. A folder read for the first time reads what
// arrived since `since_at` (UTC epoch s; SEARCH SINCE is date-only, so one day
// of margin). Errors as ImapSession::run.
Result<FolderReadResult> read_new_messages(const FolderRead& read,
                                           FolderCursor& cursor,
                                           const FolderStatus& status,
                                           std::int64_t since_at);

// Message `uid` of `mailbox_wire` whole, without setting \Seen: BODY.PEEK[]
// when `size` (its RFC822.SIZE, -1 when unknown) fits k_reply_budget_bytes,
// else partial fetches (BODY.PEEK[]<offset.length>) of that size. When libcurl
// cuts a reply at a line starting with its tag, or refuses it as too large,
// partial fetches go on from there (one byte into a cut line); after too many
// cuts, libcurl's own fetch (which sets \Seen) and a UID STORE that removes
// \Seen again unless `was_seen`.
Result<std::string> fetch_whole_message(ImapSession& session,
                                        const std::string& mailbox_wire,
                                        std::uint32_t uid,
                                        std::int64_t size,
                                        bool was_seen,
                                        RecoveredFetches& recovered);

// Of the partial literal a cut reply left (truncated_literal), the bytes that
// are the message's: all but the last line, plus that line's first byte (the
// last line is the one libcurl mistook for its tagged reply; resuming one byte
// into it means it no longer starts a line). All of it when it does not end in
// a line break (the connection dropped instead).
std::string_view usable_prefix(std::string_view partial);

// Gmail tab of each of `uids` in INBOX ("primary", "social", "promotions",
// "updates", "forums"), by X-GM-RAW category searches (one per tab).
Result<std::map<std::uint32_t, std::string>> gmail_tabs(ImapSession& session,
                                                        const std::vector<std::uint32_t>& uids);

// The UIDs of an untagged SEARCH response (RFC 3501 §7.2.5), ascending.
std::vector<std::uint32_t> search_uids(const std::vector<ImapResponse>& responses);

} // namespace inboxprobe
