// One folder's new messages (see folder_read.hpp).
#include "folder_read.hpp"

#include "probe_match.hpp"

#include <core/message_headers.hpp>
#include <core/probe_token.hpp>

#include <algorithm>
#include <charconv>
#include <map>

namespace inboxprobe {

namespace {

// Larger messages are not searched by body: a probe is small, and a bounce
// quotes at most the probe.
constexpr std::int64_t k_body_match_max_message_bytes = 1024 * 1024;

// How much of an unmatched message's body is searched for a token: the start,
// where a relay's rewritten probe or a bounce's quote of it is; at most one
// reply budget, so that even one such message alone fits a FETCH.
constexpr std::int64_t k_body_start_bytes =
  std::min<std::int64_t>(k_body_match_bytes, k_reply_budget_bytes);

// Only the fields a token can be in: a few hundred bytes per message instead
// of the whole header section.
constexpr const char* k_match_fields = "BODY.PEEK[HEADER.FIELDS (X-INBOXPROBE-PROBE MESSAGE-ID)]";

Result<std::vector<FetchData>>
fetch(ImapSession& session, const std::string& wire, const std::string& command)
{
  std::vector<FetchData> out;
  for (const ImapResponse& r : TRY(session.run(wire, command))) {
    if (auto data = as_fetch(r)) {
      out.push_back(std::move(*data));
    }
  }
  return out;
}

// The UIDs a first read of the folder looks at: SEARCH SINCE is date-only in
// the server's time zone (RFC 3501 §6.4.4), hence one day of margin.
Result<std::vector<std::uint32_t>>
uids_since(ImapSession& session, const std::string& wire, std::int64_t since_at)
{
  return search_uids(
    TRY(session.run(wire, "UID SEARCH SINCE " + imap_search_date(since_at - 86'400))));
}

bool
has_flag(const FetchData& message, std::string_view flag)
{
  for (const std::string& f : message.flags) {
    if (f.size() == flag.size() && std::equal(f.begin(), f.end(), flag.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a))
                 == std::tolower(static_cast<unsigned char>(b));
        })) {
      return true;
    }
  }
  return false;
}

bool
carries_probe_header(std::string_view fields)
{
  return !header_values(parse_header_fields(fields), k_probe_header).empty();
}

// One matched message on its way to becoming a Sighting.
struct Candidate
{
  FetchData message;
  std::int64_t probe_id = 0;
  std::string matched_by;
  std::string bytes; // whole message, once fetched
};

// Where a message of the folder counts as found: a bounce mailbox's messages
// are DSNs; in Gmail's All Mail the labels say whether it is in the inbox.
void
place(const FolderRead& read, const FetchData& message, Sighting& s)
{
  s.folder = read.watched.folder.name;
  s.role = read.watched.role;
  if (read.purpose == MailboxPurpose::bounces) {
    s.role = FolderRole::bounce;
  } else if (read.watched.archive) {
    // The folder stays All Mail (the UID is that folder's); the labels say
    // whether the message is in the inbox as well.
    for (const std::string& label : message.gmail_labels) {
      if (label == "\\Inbox") {
        s.role = FolderRole::inbox;
      }
    }
  }
}

// The new messages, fetched whole when there are few, else header fields.
Result<std::vector<FetchData>>
fetch_new(const FolderRead& read, const std::string& set, bool whole)
{
  const std::string& wire = read.watched.folder.wire_name;
  const std::string items = std::string("UID FLAGS INTERNALDATE RFC822.SIZE")
                            + (read.gmail ? " X-GM-MSGID X-GM-LABELS" : "") + " "
                            + (whole ? "BODY.PEEK[]" : k_match_fields);
  auto messages = fetch(read.session, wire, "UID FETCH " + set + " (" + items + ")");
  if (whole && !messages && messages.error().code == "imap.truncated") {
    // A message libcurl cuts short, or a few too big to take whole: header
    // fields first, the whole ones later (in parts where needed).
    return fetch_new(read, set, false);
  }
  return messages;
}

// Second chance for messages whose header fields did not match: the start of
// the body (a relay may have rewritten both header and Message-ID; a bounce
// quotes the probe). In batches within the reply budget; a batch libcurl cuts
// is read message by message.
Result<void>
match_bodies(const FolderRead& read,
             const std::vector<const FetchData*>& unmatched,
             std::vector<Candidate>& matched)
{
  std::map<std::uint32_t, const FetchData*> by_uid;
  for (const FetchData* m : unmatched) {
    if (m->rfc822_size >= 0 && m->rfc822_size <= k_body_match_max_message_bytes) {
      by_uid[m->uid] = m;
    }
  }
  std::vector<std::pair<std::uint32_t, std::int64_t>> costs;
  for (const auto& [uid, m] : by_uid) {
    costs.emplace_back(uid, std::min<std::int64_t>(m->rfc822_size, k_body_start_bytes));
  }
  const std::string& wire = read.watched.folder.wire_name;
  for (const std::vector<std::uint32_t>& batch : batches_within(costs, k_reply_budget_bytes)) {
    auto bodies = fetch(read.session,
                        wire,
                        "UID FETCH " + uid_set(batch) + " (UID BODY.PEEK[TEXT]<0."
                          + std::to_string(k_body_start_bytes) + ">)");
    if (!bodies && bodies.error().code != "imap.truncated") {
      return tl::unexpected(bodies.error());
    }
    if (!bodies) {
      for (std::uint32_t uid : batch) { // a cut reply: one by one
        const FetchData* m = by_uid.at(uid);
        const auto whole = TRY(fetch_whole_message(
          read.session, wire, uid, m->rfc822_size, has_flag(*m, "\\Seen"), read.recovered));
        if (const auto match = match_probe_in_body(message_body(whole), read.tokens)) {
          matched.push_back({*m, match->probe_id, match->matched_by, whole});
        }
      }
      continue;
    }
    for (const FetchData& body : *bodies) {
      const std::string* text = body.section_starting_with("BODY[TEXT]");
      const auto match = text ? match_probe_in_body(*text, read.tokens) : std::nullopt;
      const auto it = by_uid.find(body.uid);
      if (match && it != by_uid.end()) {
        matched.push_back({*it->second, match->probe_id, match->matched_by, {}});
      }
    }
  }
  return {};
}

// Whole bytes for the matches that do not have them yet: FETCHes of as many
// as fit the reply budget by RFC822.SIZE, a bigger one (or one whose reply
// libcurl cut) through fetch_whole_message.
Result<void>
fetch_matched(const FolderRead& read, std::vector<Candidate>& matched)
{
  std::map<std::uint32_t, Candidate*> by_uid;
  for (Candidate& c : matched) {
    if (c.bytes.empty()) {
      by_uid[c.message.uid] = &c;
    }
  }
  std::vector<std::pair<std::uint32_t, std::int64_t>> costs;
  for (const auto& [uid, c] : by_uid) {
    if (c->message.rfc822_size >= 0 && c->message.rfc822_size <= k_reply_budget_bytes) {
      costs.emplace_back(uid, c->message.rfc822_size);
    }
  }
  const std::string& wire = read.watched.folder.wire_name;
  for (const std::vector<std::uint32_t>& batch : batches_within(costs, k_reply_budget_bytes)) {
    auto whole = fetch(read.session, wire, "UID FETCH " + uid_set(batch) + " (UID BODY.PEEK[])");
    if (!whole && whole.error().code != "imap.truncated") {
      return tl::unexpected(whole.error());
    }
    for (const FetchData& w : whole ? *whole : std::vector<FetchData>{}) {
      const auto it = by_uid.find(w.uid);
      if (it != by_uid.end() && w.section("BODY[]")) {
        it->second->bytes = *w.section("BODY[]");
      }
    }
  }
  for (auto& [uid, c] : by_uid) {
    if (c->bytes.empty()) {
      c->bytes = TRY(fetch_whole_message(read.session,
                                         wire,
                                         uid,
                                         c->message.rfc822_size,
                                         has_flag(c->message, "\\Seen"),
                                         read.recovered));
    }
  }
  return {};
}

// The UIDs to read in a folder, as sets of at most k_header_fetch_uids UIDs
// each, and how many messages that is at most.
struct NewMessages
{
  std::vector<std::string> sets;
  std::uint32_t expected = 0;
};

// What arrived since `cursor`: nullopt when nothing did (the cursor is moved
// past an empty folder). A folder read for the first time holding a handful
// of messages is read whole (no SEARCH round trip for what is cheaper to look
// at); a bigger one from `since_at` on.
Result<std::optional<NewMessages>>
new_messages(const FolderRead& read,
             FolderCursor& cursor,
             const FolderStatus& status,
             std::int64_t since_at)
{
  if (cursor.next_uid != 0) {
    if (status.uidnext != 0 && status.uidnext <= cursor.next_uid) {
      return std::nullopt; // nothing arrived
    }
    const std::uint32_t expected =
      status.uidnext > cursor.next_uid ? status.uidnext - cursor.next_uid : UINT32_MAX;
    return NewMessages{uid_ranges(cursor.next_uid, status.uidnext, k_header_fetch_uids), expected};
  }
  if (status.messages <= k_inline_fetch_messages && status.messages > 0) {
    return NewMessages{{"1:*"}, status.messages};
  }
  const auto uids = status.uidnext == 1 || status.messages == 0
                      ? std::vector<std::uint32_t>{} // empty, or never held a message
                      : TRY(uids_since(read.session, read.watched.folder.wire_name, since_at));
  if (uids.empty()) {
    cursor.next_uid = std::max<std::uint32_t>(status.uidnext, 1);
    return std::nullopt;
  }
  return NewMessages{uid_sets(uids, k_header_fetch_uids), static_cast<std::uint32_t>(uids.size())};
}

// NOOP on the selected folder: whether it now has more than `known` messages.
Result<bool>
folder_grew(const FolderRead& read, std::uint32_t known)
{
  std::uint32_t exists = 0;
  for (const ImapResponse& r : TRY(read.session.run(read.watched.folder.wire_name, "NOOP"))) {
    if (r.kind == ImapResponse::Kind::untagged && r.values.size() >= 2
        && r.values[1].text == "EXISTS") {
      std::from_chars(
        r.values[0].text.data(), r.values[0].text.data() + r.values[0].text.size(), exists);
    }
  }
  return exists > known;
}

Sighting
sighting_of(const FolderRead& read,
            Candidate& c,
            std::uint32_t uidvalidity,
            std::int64_t found_at_ms)
{
  Sighting s;
  s.probe_id = c.probe_id;
  place(read, c.message, s);
  s.uid = c.message.uid;
  s.uidvalidity = uidvalidity;
  s.internaldate_at = parse_internaldate(c.message.internaldate).value_or(0);
  s.found_at_ms = found_at_ms;
  s.matched_by = c.matched_by;
  s.message_bytes = std::move(c.bytes);
  s.gmail_msgid = c.message.gmail_msgid;
  return s;
}

// Fetch `todo`, match every message, and return the sightings; the cursor
// moves past every message read.
Result<FolderReadResult>
read_messages(const FolderRead& read,
              FolderCursor& cursor,
              std::uint32_t uidvalidity,
              const NewMessages& todo)
{
  FolderReadResult result;
  std::vector<FetchData> messages;
  for (const std::string& set : todo.sets) {
    for (FetchData& m : TRY(fetch_new(read, set, todo.expected <= k_inline_fetch_messages))) {
      messages.push_back(std::move(m));
    }
  }
  const std::int64_t found_at_ms = read.clock.now_ms();
  std::vector<Candidate> matched;
  std::vector<const FetchData*> unmatched;
  std::uint32_t highest = cursor.next_uid == 0 ? 0 : cursor.next_uid - 1;
  for (const FetchData& message : messages) {
    result.last_sequence = std::max(result.last_sequence, message.sequence);
    // "n:*" returns the last message even when its UID is below n (RFC 3501
    // §6.4.8).
    if (message.uid == 0 || (cursor.next_uid != 0 && message.uid < cursor.next_uid)) {
      continue;
    }
    ++result.messages_read;
    highest = std::max(highest, message.uid);
    const std::string* whole = message.section("BODY[]");
    const std::string* fields = message.section_starting_with("BODY[HEADER");
    const auto match = whole    ? match_message(*whole, read.tokens)
                       : fields ? match_probe(*fields, read.tokens)
                                : std::nullopt;
    if (match) {
      matched.push_back({message, match->probe_id, match->matched_by, whole ? *whole : ""});
    } else if (!whole && !(fields && carries_probe_header(*fields))) {
      // Another run's or another tester's probe keeps its header: only a
      // message whose header was rewritten needs its body searched.
      unmatched.push_back(&message);
    }
  }
  TRY(match_bodies(read, unmatched, matched));
  TRY(fetch_matched(read, matched));
  for (Candidate& c : matched) {
    result.sightings.push_back(sighting_of(read, c, uidvalidity, found_at_ms));
  }
  cursor.next_uid = std::max(highest + 1, cursor.next_uid);
  return result;
}

} // namespace

Result<FolderReadResult>
read_new_messages(const FolderRead& read,
                  FolderCursor& cursor,
                  const FolderStatus& status,
                  std::int64_t since_at)
{
  if (status.uidvalidity != cursor.uidvalidity) {
    cursor = {status.uidvalidity, 0}; // UIDs were renumbered: read again from the date
  }
  const auto todo = TRY(new_messages(read, cursor, status, since_at));
  if (!todo) {
    return FolderReadResult{};
  }
  FolderReadResult result = TRY(read_messages(read, cursor, status.uidvalidity, *todo));
  // Copies delivered together (one LMTP transaction for two recipients that
  // are the same mailbox) may straddle the listing: when something was found,
  // ask once more whether the folder grew meanwhile (RFC 3501 §6.1.2).
  if (!result.sightings.empty() && TRY(folder_grew(read, result.last_sequence))) {
    const NewMessages more{{std::to_string(cursor.next_uid) + ":*"}, UINT32_MAX};
    FolderReadResult later = TRY(read_messages(read, cursor, status.uidvalidity, more));
    result.messages_read += later.messages_read;
    for (Sighting& s : later.sightings) {
      result.sightings.push_back(std::move(s));
    }
  }
  return result;
}

} // namespace inboxprobe
