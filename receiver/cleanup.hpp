// Cleanup after collection (per seed, off by default): the probes found in a
// seed mailbox are moved to its \Trash folder (RFC 6154; UID MOVE, RFC 6851,
// or COPY + \Deleted + UID EXPUNGE, RFC 4315) or deleted (\Deleted + UID
// EXPUNGE), so that a seed used every night does not fill up. Only messages
// whose UIDVALIDITY is unchanged are touched, and only by UID: never a plain
// EXPUNGE that would remove other messages marked \Deleted.
#pragma once

#include "imap_session.hpp"

#include <core/clock.hpp>
#include <core/model.hpp>

#include <vector>

namespace inboxprobe {

struct CleanupOutcome
{
  int moved = 0;   // moved to \Trash
  int deleted = 0; // expunged, or marked \Deleted where the server has no UID EXPUNGE
  int skipped = 0; // the folder's UIDVALIDITY changed since, or no \Trash folder exists
};

// Clean up `sightings` (of this seed, found in its own folders) as
// `seed.cleanup` says; SeedCleanup::none does nothing and connects to nothing.
// Errors as ImapSession::run.
Result<CleanupOutcome> clean_up(const SeedMailbox& seed,
                                const std::vector<Sighting>& sightings,
                                const ImapOptions& options,
                                const Clock& clock);

} // namespace inboxprobe
