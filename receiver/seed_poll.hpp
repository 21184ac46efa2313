// One poll of one mailbox (a seed, or a route's bounce mailbox): learn the
// server's capabilities once, list the folders with their UIDNEXT/UIDVALIDITY
// (one LIST-STATUS round trip where the server has RFC 5819, else STATUS per
// folder), and read only the folders that changed since the last poll. New
// messages are matched on the client side by probe token (header, Message-ID,
// then the body, bounded); a matched message is fetched whole with
// BODY.PEEK[] so \Seen is never set. UIDs and UIDVALIDITY (RFC 3501 §2.3.1.1)
// mark where the next poll resumes, so each message is read once, and the
// cursors can be kept across runs.
#pragma once

#include "folders.hpp"
#include "imap_session.hpp"

#include <core/clock.hpp>
#include <core/model.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace inboxprobe {

struct FolderCursor
{
  std::uint32_t uidvalidity = 0;
  std::uint32_t next_uid = 0; // 0: not read yet (the first read searches SINCE a date)
};

// What the mailbox is polled for: a seed's own mail, or the DSNs (RFC 3464)
// in a route's bounce mailbox (every sighting there has role bounce).
enum class MailboxPurpose { seed, bounces };

// What a mailbox's polls remember between polls of one collection.
struct SeedPollState
{
  bool capabilities_known = false;
  ServerFeatures features;
  bool folders_known = false;
  std::vector<WatchedFolder> folders;
  std::string junk_found_by;                   // "special-use", "xlist", "name" or ""
  std::map<std::string, FolderCursor> cursors; // by wire name; may start from the store
  int polls = 0;                               // polls that got as far as listing
};

// The probes a poll looks for at one mailbox.
struct PollTokens
{
  // token -> probe id: the probes still awaited and the ones already seen (a
  // second copy of a seen probe is a duplicate delivery).
  std::map<std::string, std::int64_t> tokens;
  std::set<std::int64_t> awaited; // probe ids not seen anywhere yet
};

struct FolderError
{
  std::string folder; // decoded name
  std::string code;   // e.g. "imap.select_failed"
  std::string what;
};

struct SeedPollResult
{
  std::vector<Sighting> sightings;
  std::vector<FolderError> folder_errors; // the folder could not be read; the others were
  int round_trips = 0;
  int messages_read = 0; // messages whose header fields (or whole bytes) were fetched
  int cut_replies = 0;   // FETCH replies libcurl cut at a tag-like line (recovered)
  int url_fetches = 0;   // messages fetched by URL after too many cuts (\Seen restored)
};

// Poll `seed` once for `tokens`. `since_at` (UTC epoch seconds) bounds the
// first read of a folder without a cursor: older messages are never read.
// Errors are the mailbox-wide ones (connect, TLS, login, timeout, throttling,
// BYE); a folder that cannot be read is a FolderError and the others are still
// read.
Result<SeedPollResult> poll_seed(const SeedMailbox& seed,
                                 MailboxPurpose purpose,
                                 SeedPollState& state,
                                 const PollTokens& tokens,
                                 std::int64_t since_at,
                                 const Clock& clock,
                                 const ImapOptions& options);

// An IMAP sequence set for `uids` ("3:5,9"); ascending input expected.
std::string uid_set(const std::vector<std::uint32_t>& uids);

// The IMAP SEARCH date (RFC 3501 §9 "date": "29-Nov-2026") for UTC epoch
// seconds.
std::string imap_search_date(std::int64_t at);

} // namespace inboxprobe
