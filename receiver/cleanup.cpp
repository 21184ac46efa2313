// Post-collection cleanup of probes in a seed mailbox (see cleanup.hpp).
#include "cleanup.hpp"

#include "folders.hpp"
#include "mailbox_name.hpp"
#include "seed_poll.hpp"

#include <algorithm>
#include <map>

namespace inboxprobe {

namespace {

struct ServerView
{
  ServerFeatures features;
  std::optional<ImapFolder> trash;
  std::map<std::string, FolderStatus> statuses; // by wire name
};

Result<ServerView>
look_around(ImapSession& session)
{
  ServerView view;
  view.features = features_of(capabilities_of(TRY(session.run("", "CAPABILITY"))));
  ServerFeatures listing = view.features;
  listing.list_status = false; // STATUS is asked per folder below, for the ones we touch
  view.trash = trash_folder(parse_folder_list(TRY(session.run("", folder_list_command(listing)))));
  return view;
}

// Move or delete `uids` of `wire`; returns how many were handled.
Result<void>
clean_folder(ImapSession& session,
             const ServerView& view,
             const std::string& wire,
             const std::vector<std::uint32_t>& uids,
             SeedCleanup mode,
             CleanupOutcome& outcome)
{
  const std::string set = uid_set(uids);
  const auto n = static_cast<int>(uids.size());
  if (mode == SeedCleanup::trash) {
    if (!view.trash || view.trash->wire_name == wire) {
      outcome.skipped += n;
      return {};
    }
    const std::string trash = quote_mailbox(view.trash->wire_name);
    if (view.features.move) {
      TRY(session.run(wire, "UID MOVE " + set + " " + trash));
      outcome.moved += n;
      return {};
    }
    TRY(session.run(wire, "UID COPY " + set + " " + trash));
    outcome.moved += n;
  } else {
    outcome.deleted += n;
  }
  TRY(session.run(wire, "UID STORE " + set + " +FLAGS.SILENT (\\Deleted)"));
  if (view.features.uidplus) {
    TRY(session.run(wire, "UID EXPUNGE " + set)); // RFC 4315: only these UIDs
  }
  return {};
}

} // namespace

Result<CleanupOutcome>
clean_up(const SeedMailbox& seed,
         const std::vector<Sighting>& sightings,
         const ImapOptions& options,
         const Clock& clock)
{
  CleanupOutcome outcome;
  if (seed.cleanup == SeedCleanup::none || sightings.empty()) {
    return outcome;
  }
  ImapSession session(seed, options, clock);
  const ServerView view = TRY(look_around(session));
  // folder wire name -> (UIDVALIDITY seen, UIDs)
  std::map<std::string, std::pair<std::uint32_t, std::vector<std::uint32_t>>> by_folder;
  for (const Sighting& s : sightings) {
    auto& entry = by_folder[encode_mutf7(s.folder)];
    entry.first = s.uidvalidity;
    entry.second.push_back(s.uid);
  }
  for (auto& [wire, entry] : by_folder) {
    const auto status = parse_folder_status(
      TRY(session.run("", "STATUS " + quote_mailbox(wire) + " (UIDNEXT UIDVALIDITY)")));
    const auto it = status.find(wire);
    auto& [uidvalidity, uids] = entry;
    if (it == status.end() || it->second.uidvalidity != uidvalidity) {
      outcome.skipped += static_cast<int>(uids.size()); // renumbered: those UIDs mean nothing now
      continue;
    }
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    TRY(clean_folder(session, view, wire, uids, seed.cleanup, outcome));
  }
  return outcome;
}

} // namespace inboxprobe
