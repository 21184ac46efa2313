// One poll of one mailbox (see seed_poll.hpp).
#include "seed_poll.hpp"

#include "folder_read.hpp"
#include "mailbox_name.hpp"

#include <algorithm>
#include <ctime>

namespace inboxprobe {

namespace {

// Errors after which nothing else can be read in this poll.
bool
is_mailbox_wide(const std::string& code)
{
  return code == "imap.connect" || code == "imap.tls" || code == "imap.login_denied"
         || code == "imap.timeout" || code == "imap.throttled" || code == "imap.unavailable"
         || code == "imap.bye" || code == "imap.transport";
}

// The first command of a collection: what the server can do decides how it is
// listed and read (the pre-login list lacks the extensions, so ask after
// login).
Result<void>
learn_capabilities(ImapSession& session, SeedPollState& state)
{
  state.features = features_of(capabilities_of(TRY(session.run("", "CAPABILITY"))));
  state.capabilities_known = true;
  return {};
}

// The folder list (and, with LIST-STATUS, every folder's status) in one
// command. A server that refuses the extended form is asked plainly.
Result<std::vector<ImapResponse>>
list_folders(ImapSession& session, ServerFeatures& features)
{
  auto responses = session.run("", folder_list_command(features));
  if (!responses && responses.error().code == "imap.command_failed"
      && (features.list_status || features.special_use || features.xlist)) {
    features.list_status = features.special_use = features.xlist = false;
    responses = session.run("", folder_list_command(features));
  }
  return responses;
}

void
watch_folders(const SeedMailbox& seed,
              SeedPollState& state,
              const std::vector<ImapResponse>& listing)
{
  const std::vector<ImapFolder> folders = parse_folder_list(listing);
  const ArchiveFolder archive = state.features.gmail ? ArchiveFolder::watch : ArchiveFolder::skip;
  state.folders = folders_to_watch(folders, seed.junk_folder_names, archive);
  const auto junk = choose_junk_folder(folders, seed.junk_folder_names);
  state.junk_found_by = junk ? junk->found_by : "";
  state.folders_known = true;
}

// The first listing of a collection. Most servers have LIST-STATUS and
// SPECIAL-USE, and announce their capabilities while logging in: the extended
// LIST is sent right away and the capabilities are read from the login. A
// server that refuses it says what it can do, and is listed accordingly.
Result<std::vector<ImapResponse>>
first_listing(ImapSession& session, SeedPollState& state)
{
  ServerFeatures optimistic;
  optimistic.special_use = optimistic.list_status = true;
  auto responses = session.run("", folder_list_command(optimistic));
  if (!responses && responses.error().code != "imap.command_failed") {
    return responses;
  }
  const std::vector<std::string> announced =
    responses ? login_capabilities(*responses) : std::vector<std::string>{};
  if (!announced.empty()) {
    state.features = features_of(announced);
    state.capabilities_known = true;
  } else {
    TRY(learn_capabilities(session, state));
  }
  if (!responses) {
    return list_folders(session, state.features);
  }
  state.features.list_status = true; // it answered with STATUS data
  return responses;
}

// Between full listings (which open every folder for its STATUS, Sent and
// Trash included), a poll lists only the watched folders: RFC 5258 allows a
// list of mailbox patterns, RFC 5819 their STATUS in the same reply.
constexpr int k_full_listing_every = 10;

std::string
watched_status_command(const std::vector<WatchedFolder>& folders)
{
  std::string patterns;
  for (const WatchedFolder& w : folders) {
    patterns += (patterns.empty() ? "" : " ") + quote_mailbox(w.folder.wire_name);
  }
  return "LIST \"\" (" + patterns + ") RETURN (STATUS (UIDNEXT UIDVALIDITY MESSAGES))";
}

// Every watched folder's status: from the LIST-STATUS listing (which also
// refreshes the folder list when it carries the special-use attributes: a
// folder created since the last poll is seen), else one STATUS each.
Result<std::map<std::string, FolderStatus>>
folder_statuses(ImapSession& session,
                const SeedMailbox& seed,
                SeedPollState& state,
                std::vector<FolderError>& errors)
{
  if (!state.capabilities_known) {
    const auto listing = TRY(first_listing(session, state));
    if (!state.features.xlist) {
      watch_folders(seed, state, listing);
      if (state.features.list_status) {
        return parse_folder_status(listing);
      }
    }
  }
  if (!state.folders_known && state.features.xlist && state.features.list_status) {
    // XLIST names the spam folder (\Spam); LIST-STATUS below only counts.
    watch_folders(seed, state, TRY(session.run("", "XLIST \"\" \"*\"")));
  }
  if (state.folders_known && state.features.list_status
      && state.polls % k_full_listing_every != 0) {
    return parse_folder_status(TRY(session.run("", watched_status_command(state.folders))));
  }
  if (!state.folders_known || state.features.list_status) {
    const auto listing = TRY(list_folders(session, state.features));
    if (!state.folders_known || !state.features.xlist) {
      watch_folders(seed, state, listing);
    }
    if (state.features.list_status) {
      return parse_folder_status(listing);
    }
  }
  std::map<std::string, FolderStatus> statuses;
  for (const WatchedFolder& w : state.folders) {
    auto status = session.run(
      "", "STATUS " + quote_mailbox(w.folder.wire_name) + " (UIDNEXT UIDVALIDITY MESSAGES)");
    if (!status) {
      if (is_mailbox_wide(status.error().code)) {
        return tl::unexpected(status.error());
      }
      errors.push_back({w.folder.name, status.error().code, status.error().what});
      continue;
    }
    for (const auto& [wire, s] : parse_folder_status(*status)) {
      statuses[wire] = s;
    }
  }
  return statuses;
}

// A listing without STATUS for a watched folder (the server could not open it,
// or it has gone since): ask for it alone, so the server says why, and record a
// folder error rather than skip the folder silently.
void
add_missing_statuses(ImapSession& session,
                     const SeedPollState& state,
                     std::map<std::string, FolderStatus>& statuses,
                     std::vector<FolderError>& errors)
{
  for (const WatchedFolder& w : state.folders) {
    if (statuses.count(w.folder.wire_name) || !state.features.list_status) {
      continue;
    }
    bool noted = false;
    for (const FolderError& e : errors) {
      noted = noted || e.folder == w.folder.name;
    }
    if (noted) {
      continue;
    }
    auto status = session.run(
      "", "STATUS " + quote_mailbox(w.folder.wire_name) + " (UIDNEXT UIDVALIDITY MESSAGES)");
    if (!status) {
      errors.push_back({w.folder.name, status.error().code, status.error().what});
    } else if (const auto s = parse_folder_status(*status); s.count(w.folder.wire_name)) {
      statuses[w.folder.wire_name] = s.at(w.folder.wire_name);
    } else {
      errors.push_back({w.folder.name, "imap.no_status", "the server sent no STATUS"});
    }
  }
}

// The tab of each probe found in a Gmail inbox.
Result<void>
add_gmail_tabs(ImapSession& session, std::vector<Sighting>& sightings)
{
  std::vector<std::uint32_t> uids;
  for (const Sighting& s : sightings) {
    if (s.role == FolderRole::inbox && s.folder == "INBOX") {
      uids.push_back(s.uid);
    }
  }
  std::sort(uids.begin(), uids.end());
  const auto tabs = TRY(gmail_tabs(session, uids));
  for (Sighting& s : sightings) {
    const auto tab = tabs.find(s.uid);
    if (s.role == FolderRole::inbox && s.folder == "INBOX" && tab != tabs.end()) {
      s.gmail_tab = tab->second;
    }
  }
  return {};
}

// What a folder may match: the archive only what nothing else has shown yet,
// so a probe seen in the inbox is not counted again from All Mail.
std::map<std::string, std::int64_t>
tokens_for(const WatchedFolder& watched,
           const PollTokens& tokens,
           const std::set<std::int64_t>& found_now)
{
  if (!watched.archive) {
    return tokens.tokens;
  }
  std::map<std::string, std::int64_t> awaited;
  for (const auto& [token, id] : tokens.tokens) {
    if (tokens.awaited.count(id) && !found_now.count(id)) {
      awaited.emplace(token, id);
    }
  }
  return awaited;
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
          MailboxPurpose purpose,
          SeedPollState& state,
          const PollTokens& tokens,
          std::int64_t since_at,
          const Clock& clock,
          const ImapOptions& options)
{
  ImapSession session(seed, options, clock);
  SeedPollResult result;
  RecoveredFetches recovered;
  const auto finish = [&](Result<void> outcome) -> Result<SeedPollResult> {
    result.round_trips = session.round_trips();
    result.cut_replies = recovered.cut_replies;
    result.url_fetches = recovered.url_fetches;
    if (!outcome) {
      return tl::unexpected(outcome.error());
    }
    return std::move(result);
  };
  auto statuses = folder_statuses(session, seed, state, result.folder_errors);
  ++state.polls;
  if (!statuses) {
    return finish(tl::unexpected(statuses.error()));
  }
  std::set<std::int64_t> found_now;
  add_missing_statuses(session, state, *statuses, result.folder_errors);
  for (const WatchedFolder& watched : state.folders) {
    const auto status = statuses->find(watched.folder.wire_name);
    if (status == statuses->end()) {
      continue; // a folder error, noted above
    }
    const auto folder_tokens = tokens_for(watched, tokens, found_now);
    const FolderRead read{
      session, watched, purpose, folder_tokens, state.features.gmail, clock, recovered};
    auto found =
      read_new_messages(read, state.cursors[watched.folder.wire_name], status->second, since_at);
    if (!found) {
      if (is_mailbox_wide(found.error().code)) {
        return finish(tl::unexpected(found.error()));
      }
      result.folder_errors.push_back({watched.folder.name, found.error().code, found.error().what});
      continue;
    }
    result.messages_read += found->messages_read;
    for (Sighting& s : found->sightings) {
      found_now.insert(s.probe_id);
      result.sightings.push_back(std::move(s));
    }
  }
  if (state.features.gmail && purpose == MailboxPurpose::seed) {
    return finish(add_gmail_tabs(session, result.sightings));
  }
  return finish({});
}

} // namespace inboxprobe
