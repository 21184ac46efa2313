// One poll of one seed mailbox: discover its folders once, then per folder ask
// STATUS whether anything arrived since the last poll, read only the new
// messages' header sections (BODY.PEEK[HEADER]: \Seen is never set), match
// probe tokens, and fetch the whole message of each match (BODY.PEEK[]). UIDs
// and UIDVALIDITY (RFC 3501 §2.3.1.1) mark where the next poll resumes, so a
// poll reads each message once.
#pragma once

#include "folders.hpp"
#include "imap_session.hpp"

#include <core/clock.hpp>
#include <core/model.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace inboxprobe {

struct FolderCursor
{
  std::uint32_t uidvalidity = 0;
  std::uint32_t next_uid = 0; // 0: not read yet (the first read searches SINCE a date)
};

// What a seed's polls remember between cycles.
struct SeedPollState
{
  bool folders_known = false;
  std::vector<WatchedFolder> folders;
  std::string junk_found_by;                   // "special-use", "xlist", "name" or ""
  std::map<std::string, FolderCursor> cursors; // by wire name
};

struct SeedPollResult
{
  std::vector<Sighting> sightings;
  std::vector<std::string> folder_errors; // "Junk: imap.select_failed: ..."
  int round_trips = 0;
};

// Poll `seed` once for the probes in `tokens` (token -> probe id). `since_at`
// (UTC epoch seconds) bounds the first read of each folder: older messages are
// never read. Errors are the seed-wide ones (connect, TLS, login); a folder
// that fails is listed in folder_errors and the others are still read.
Result<SeedPollResult> poll_seed(const SeedMailbox& seed,
                                 SeedPollState& state,
                                 const std::map<std::string, std::int64_t>& tokens,
                                 std::int64_t since_at,
                                 const Clock& clock,
                                 const ImapOptions& options);

// An IMAP sequence set for `uids` ("3:5,9"); ascending input expected.
std::string uid_set(const std::vector<std::uint32_t>& uids);

// The IMAP SEARCH date (RFC 3501 §9 "date": "29-Nov-2026") for UTC epoch
// seconds.
std::string imap_search_date(std::int64_t at);

} // namespace inboxprobe
