// One poll cycle of one seed mailbox (see seed_poll.hpp).
#include "seed_poll.hpp"

#include "mailbox_name.hpp"
#include "probe_match.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace inboxprobe {

namespace {

struct FolderStatus
{
  std::uint32_t uidvalidity = 0;
  std::uint32_t uidnext = 0;
};

std::uint32_t
number_of(const ImapValue& value)
{
  std::uint32_t n = 0;
  std::from_chars(value.text.data(), value.text.data() + value.text.size(), n);
  return n;
}

Result<void>
discover_folders(ImapSession& session, const SeedMailbox& seed, SeedPollState& state)
{
  // RETURN (SPECIAL-USE) (RFC 6154 §2) marks \Junk where LIST alone might not.
  auto responses = session.run("", "LIST \"\" \"*\" RETURN (SPECIAL-USE)");
  if (!responses && responses.error().code == "imap.command_failed") {
    responses = session.run("", "LIST \"\" \"*\""); // a server without LIST-EXTENDED
  }
  const std::vector<ImapFolder> folders = parse_folder_list(TRY(std::move(responses)));
  state.folders = folders_to_watch(folders, seed.junk_folder_names);
  const auto junk = choose_junk_folder(folders, seed.junk_folder_names);
  state.junk_found_by = junk ? junk->found_by : "";
  state.folders_known = true;
  return {};
}

Result<FolderStatus>
folder_status(ImapSession& session, const ImapFolder& folder)
{
  const auto responses =
    TRY(session.run("", "STATUS " + quote_mailbox(folder.wire_name) + " (UIDNEXT UIDVALIDITY)"));
  FolderStatus status;
  for (const ImapResponse& r : responses) {
    if (r.kind != ImapResponse::Kind::untagged || r.values.size() < 3
        || r.values[0].text != "STATUS" || r.values[2].kind != ImapValue::Kind::list) {
      continue;
    }
    const auto& items = r.values[2].items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      if (items[i].text == "UIDNEXT") {
        status.uidnext = number_of(items[i + 1]);
      } else if (items[i].text == "UIDVALIDITY") {
        status.uidvalidity = number_of(items[i + 1]);
      }
    }
  }
  return status;
}

// UIDs to read in a folder read for the first time: those that arrived since
// `since_at` (SEARCH SINCE is date-only in the server's zone: one day of
// margin).
Result<std::vector<std::uint32_t>>
uids_since(ImapSession& session, const ImapFolder& folder, std::int64_t since_at)
{
  const auto responses =
    TRY(session.run(folder.wire_name, "UID SEARCH SINCE " + imap_search_date(since_at - 86'400)));
  std::vector<std::uint32_t> uids;
  for (const ImapResponse& r : responses) {
    if (r.kind == ImapResponse::Kind::untagged && !r.values.empty()
        && r.values[0].text == "SEARCH") {
      for (std::size_t i = 1; i < r.values.size(); ++i) {
        uids.push_back(number_of(r.values[i]));
      }
    }
  }
  std::sort(uids.begin(), uids.end());
  return uids;
}

Result<std::vector<FetchData>>
fetch(ImapSession& session, const ImapFolder& folder, const std::string& command)
{
  std::vector<FetchData> out;
  for (const ImapResponse& r : TRY(session.run(folder.wire_name, command))) {
    if (auto data = as_fetch(r)) {
      out.push_back(std::move(*data));
    }
  }
  return out;
}

// Read the new messages of one folder and return the sightings of matched
// probes.
Result<std::vector<Sighting>>
read_folder(ImapSession& session,
            const WatchedFolder& watched,
            FolderCursor& cursor,
            const std::map<std::string, std::int64_t>& tokens,
            std::int64_t since_at,
            const Clock& clock)
{
  const ImapFolder& folder = watched.folder;
  const FolderStatus status = TRY(folder_status(session, folder));
  if (status.uidvalidity != cursor.uidvalidity) {
    cursor = {status.uidvalidity, 0}; // UIDs were renumbered: read again from the date
  }
  if (cursor.next_uid != 0 && status.uidnext <= cursor.next_uid) {
    return std::vector<Sighting>{};
  }
  std::string set;
  if (cursor.next_uid == 0) {
    const auto uids = TRY(uids_since(session, folder, since_at));
    if (uids.empty()) {
      cursor.next_uid = std::max<std::uint32_t>(status.uidnext, 1);
      return std::vector<Sighting>{};
    }
    set = uid_set(uids);
  } else {
    set = std::to_string(cursor.next_uid) + ":*";
  }
  const auto headers =
    TRY(fetch(session, folder, "UID FETCH " + set + " (UID FLAGS INTERNALDATE BODY.PEEK[HEADER])"));
  const std::int64_t found_at_ms = clock.now_ms();
  std::vector<Sighting> sightings;
  std::uint32_t highest = cursor.next_uid == 0 ? 0 : cursor.next_uid - 1;
  for (const FetchData& message : headers) {
    // "n:*" returns the last message even when its UID is below n (RFC 3501
    // §6.4.8).
    if (message.uid == 0 || (cursor.next_uid != 0 && message.uid < cursor.next_uid)) {
      continue;
    }
    highest = std::max(highest, message.uid);
    const std::string* header = message.section("BODY[HEADER]");
    const auto match = header ? match_probe(*header, tokens) : std::nullopt;
    if (!match) {
      continue;
    }
    Sighting s;
    s.probe_id = match->probe_id;
    s.folder = folder.name;
    s.role = watched.role;
    s.uid = message.uid;
    s.uidvalidity = status.uidvalidity;
    s.internaldate_at = parse_internaldate(message.internaldate).value_or(0);
    s.found_at_ms = found_at_ms;
    s.matched_by = match->matched_by;
    const auto full = TRY(
      fetch(session, folder, "UID FETCH " + std::to_string(message.uid) + " (UID BODY.PEEK[])"));
    if (!full.empty() && full.front().section("BODY[]")) {
      s.message_bytes = *full.front().section("BODY[]");
    }
    sightings.push_back(std::move(s));
  }
  cursor.next_uid = std::max(highest + 1, cursor.next_uid);
  return sightings;
}

} // namespace

std::string
uid_set(const std::vector<std::uint32_t>& uids)
{
  std::string out;
  for (std::size_t i = 0; i < uids.size();) {
    std::size_t j = i;
    while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) {
      ++j;
    }
    if (!out.empty()) {
      out.push_back(',');
    }
    out += std::to_string(uids[i]);
    if (j > i) {
      out += ":" + std::to_string(uids[j]);
    }
    i = j + 1;
  }
  return out;
}

std::string
imap_search_date(std::int64_t at)
{
  const std::time_t t = static_cast<std::time_t>(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* k_months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return std::to_string(tm.tm_mday) + "-" + k_months[tm.tm_mon] + "-"
         + std::to_string(tm.tm_year + 1900);
}

Result<SeedPollResult>
poll_seed(const SeedMailbox& seed,
          SeedPollState& state,
          const std::map<std::string, std::int64_t>& tokens,
          std::int64_t since_at,
          const Clock& clock,
          const ImapOptions& options)
{
  ImapSession session(seed, options);
  SeedPollResult result;
  if (!state.folders_known) {
    TRY(discover_folders(session, seed, state));
  }
  for (const WatchedFolder& watched : state.folders) {
    FolderCursor& cursor = state.cursors[watched.folder.wire_name];
    auto found = read_folder(session, watched, cursor, tokens, since_at, clock);
    if (!found) {
      const std::string& code = found.error().code;
      if (code == "imap.connect" || code == "imap.tls" || code == "imap.login_denied"
          || code == "imap.timeout") {
        result.round_trips = session.round_trips();
        return tl::unexpected(found.error()); // the whole seed is unreachable this cycle
      }
      result.folder_errors.push_back(watched.folder.name + ": " + code + ": " + found.error().what);
      continue;
    }
    for (Sighting& s : *found) {
      result.sightings.push_back(std::move(s));
    }
  }
  result.round_trips = session.round_trips();
  return result;
}

} // namespace inboxprobe
