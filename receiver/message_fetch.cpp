// Fetching one message whole without setting \\Seen, whatever lines it holds
// (see fetch_whole_message in folder_read.hpp): libcurl 7.88 ends a command at
// the first line starting with its tag, even inside a literal.
#include "folder_read.hpp"

namespace inboxprobe {

namespace {

// Partial fetches: chunk size (a reply of one chunk stays within the budget
// libcurl holds), and how many cuts at tag-like lines are tolerated before
// falling back to libcurl's own fetch.
constexpr std::size_t k_chunk_bytes = static_cast<std::size_t>(k_reply_budget_bytes);
constexpr int k_max_cuts = 16;

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

} // namespace

std::string_view
usable_prefix(std::string_view partial)
{
  if (partial.empty() || partial.back() != '\n') {
    return partial;
  }
  const std::size_t before =
    partial.size() >= 2 ? partial.rfind('\n', partial.size() - 2) : std::string_view::npos;
  const std::size_t line_start = before == std::string_view::npos ? 0 : before + 1;
  return partial.substr(0, line_start + 1);
}

namespace {

// Whether a failed FETCH can go on in partial fetches: libcurl cut the reply at
// a tag-like line, or refused to hold it whole ("Too large response headers");
// both are reported as imap.truncated (imap_session.cpp).
bool
resumable(const Error& error)
{
  return error.code == "imap.truncated";
}

} // namespace

Result<std::string>
fetch_whole_message(ImapSession& session,
                    const std::string& mailbox_wire,
                    std::uint32_t uid,
                    std::int64_t size,
                    bool was_seen,
                    RecoveredFetches& recovered)
{
  const std::string prefix = "UID FETCH " + std::to_string(uid) + " (UID BODY.PEEK[]";
  if (size < 0 || size <= k_reply_budget_bytes) {
    auto first = fetch(session, mailbox_wire, prefix + ")");
    if (first) {
      for (const FetchData& d : *first) {
        if (d.uid == uid && d.section("BODY[]")) {
          return *d.section("BODY[]");
        }
      }
      return fail("imap.malformed", "FETCH of UID " + std::to_string(uid) + " returned no body");
    }
    if (!resumable(first.error())) {
      return tl::unexpected(first.error());
    }
    ++recovered.cut_replies;
  }
  std::string bytes;
  for (int cuts = 0; cuts < k_max_cuts;) {
    auto chunk = fetch(session,
                       mailbox_wire,
                       prefix + "<" + std::to_string(bytes.size()) + "."
                         + std::to_string(k_chunk_bytes) + ">)");
    if (chunk) {
      const std::string* data = nullptr;
      for (const FetchData& d : *chunk) {
        data = d.uid == uid ? d.section_starting_with("BODY[]<") : data;
      }
      bytes += data ? *data : "";
      if (!data || data->size() < k_chunk_bytes) {
        return bytes; // the last chunk
      }
      if (bytes.size() > session.max_reply_bytes()) {
        // A server that keeps sending full chunks: bounded like one reply.
        return fail("imap.too_large",
                    "message " + std::to_string(uid) + " is larger than "
                      + std::to_string(session.max_reply_bytes()) + " bytes: not read");
      }
      continue;
    }
    const auto partial = truncated_literal(session.last_stream());
    if (!resumable(chunk.error()) || !partial) {
      return tl::unexpected(chunk.error());
    }
    bytes += usable_prefix(*partial);
    ++cuts;
  }
  // Too many cut lines: libcurl's own FETCH reads by length but sets \Seen.
  ++recovered.url_fetches;
  std::string whole = TRY(session.fetch_by_url(mailbox_wire, uid));
  if (!was_seen) {
    TRY(session.restore_unseen(mailbox_wire, uid));
  }
  return whole;
}

} // namespace inboxprobe
