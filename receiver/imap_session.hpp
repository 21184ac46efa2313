// ImapSession: one authenticated IMAP connection to a seed mailbox through a
// libcurl easy handle (RFC 3501 / RFC 9051; STARTTLS RFC 2595 or implicit TLS).
// libcurl logs in, SELECTs the mailbox named in the URL and sends our command;
// every line the server sends comes back through the header callback, so the
// response (literals included) is parsed here, and FETCH uses BODY.PEEK so that
// no \Seen flag is ever set.
#pragma once

#include "imap_response.hpp"

#include <core/model.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace inboxprobe {

struct ImapOptions
{
  std::int64_t connect_timeout_ms = 10'000;
  std::int64_t command_timeout_ms = 30'000; // per command, including login on the first one
};

class ImapSession
{
public:
  ImapSession(const SeedMailbox& seed, const ImapOptions& options);
  ImapSession(ImapSession&&) noexcept;
  ImapSession& operator=(ImapSession&&) noexcept;
  ~ImapSession();

  // Send `command` (e.g. "UID FETCH 5:* (UID FLAGS)") with `mailbox_wire`
  // selected first (empty: none; a command like LIST or STATUS). Returns every
  // response the server sent during the exchange (login and SELECT responses
  // included). Errors: "imap.connect", "imap.tls", "imap.login_denied" (bad
  // credentials), "imap.select_failed" (no such mailbox / not selectable),
  // "imap.command_failed" (NO/BAD), "imap.timeout", "imap.truncated" (the
  // connection dropped inside a response), "imap.malformed", "imap.transport".
  Result<std::vector<ImapResponse>> run(const std::string& mailbox_wire,
                                        const std::string& command);

  // Server round trips so far (each command; a fresh connection adds the
  // login's).
  int round_trips() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace inboxprobe
