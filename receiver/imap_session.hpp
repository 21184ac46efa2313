// ImapSession: one authenticated IMAP connection to a seed mailbox through a
// libcurl easy handle (RFC 3501 / RFC 9051; STARTTLS RFC 2595 or implicit TLS;
// SASL PLAIN/LOGIN or XOAUTH2). libcurl logs in, SELECTs the mailbox named in
// the URL and sends our command; every line the server sends comes back through
// the header callback, so the response (literals included) is parsed here, and
// FETCH uses BODY.PEEK so that no \Seen flag is ever set.
#pragma once

#include "imap_response.hpp"

#include <core/clock.hpp>
#include <core/model.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

struct ImapOptions
{
  std::int64_t connect_timeout_ms = 10'000;
  std::int64_t command_timeout_ms = 30'000; // per command, including login on the first one
  // UTC epoch ms after which no command is started and none runs on: each
  // command's timeout is cut to the time left. 0 = no such limit.
  std::int64_t stop_at_ms = 0;
  // Bytes one command's reply may hold, a fetched message with its framing:
  // a larger reply (a huge literal) fails the command with imap.too_large
  // instead of being read into memory.
  std::size_t max_reply_bytes = 64 * 1024 * 1024 + 64 * 1024;
};

class ImapSession
{
public:
  ImapSession(const SeedMailbox& seed, const ImapOptions& options, const Clock& clock);
  ImapSession(ImapSession&&) noexcept;
  ImapSession& operator=(ImapSession&&) noexcept;
  ~ImapSession();

  // Send `command` (e.g. "UID FETCH 5:* (UID FLAGS)") with `mailbox_wire`
  // selected first (empty: none; a command like LIST or STATUS). Returns every
  // response the server sent during the exchange (login and SELECT responses
  // included). Errors: "imap.connect", "imap.tls", "imap.login_denied" (bad
  // credentials), "imap.select_failed" (no such mailbox / not selectable),
  // "imap.command_failed" (NO/BAD), "imap.timeout" (also: stop_at_ms reached),
  // "imap.throttled" / "imap.unavailable" ([THROTTLED] / [UNAVAILABLE], RFC
  // 5530), "imap.bye" (the server closed the session), "imap.truncated" (the
  // reply was cut short: a dropped connection, or a message line that starts
  // with libcurl's tag), "imap.too_large" (the reply is larger than
  // options.max_reply_bytes), "imap.malformed", "imap.transport". After an
  // error the next command starts on a fresh connection.
  Result<std::vector<ImapResponse>> run(const std::string& mailbox_wire,
                                        const std::string& command);

  // The raw bytes the server sent during the last run(), for recovering the
  // part of a reply that arrived before it was cut (truncated_literal).
  std::string_view last_stream() const;

  // Fetch message `uid` of `mailbox_wire` through libcurl's own FETCH (a URL
  // with ";UID="), which reads the literal by its length and so is immune to
  // tag-like lines, but sends BODY[] (not BODY.PEEK[]) and so sets \Seen: the
  // caller restores the flag (restore_unseen) when it was not set before.
  // Errors as run().
  Result<std::string> fetch_by_url(const std::string& mailbox_wire, std::uint32_t uid);

  // UID STORE `uid` -FLAGS.SILENT (\Seen) in `mailbox_wire` (RFC 3501 §6.4.6).
  Result<void> restore_unseen(const std::string& mailbox_wire, std::uint32_t uid);

  // options.max_reply_bytes: also the most bytes of one message read in parts.
  std::size_t max_reply_bytes() const;

  // Server round trips so far (each command; a fresh connection adds the
  // login's).
  int round_trips() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace inboxprobe
