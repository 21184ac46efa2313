// The SMTP health check record: what `inboxprobe check` measured about one
// route's server without sending a message (RFC 5321 greeting and EHLO, RFC
// 3207 STARTTLS, RFC 4954 AUTH, RFC 5280 certificates), an optional open-relay
// probe that stops before any message content, and a local Postfix queue.
// Produced by the sender stage (sender/smtp_check.hpp), read by the reports
// (thresholds, Nagios line, metrics). Durations are microseconds (`_us`):
// on a LAN most SMTP replies take well under a millisecond.
#pragma once

#include <core/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inboxprobe {

// The service extensions of one EHLO reply (RFC 5321 §4.1.1.1), keywords
// matched case-insensitively whatever their order.
struct SmtpCapabilities
{
  bool received = false;                    // an EHLO reply arrived at all
  bool starttls = false;                    // RFC 3207
  bool pipelining = false;                  // RFC 2920
  bool eightbitmime = false;                // RFC 6152
  bool smtputf8 = false;                    // RFC 6531
  bool chunking = false;                    // RFC 3030
  bool requiretls = false;                  // RFC 8689
  bool enhancedstatuscodes = false;         // RFC 2034
  std::optional<std::int64_t> size_bytes;   // RFC 1870 SIZE; 0 = no fixed limit
  std::vector<std::string> auth_mechanisms; // RFC 4954 AUTH, upper case, as offered
  std::vector<std::string> keywords;        // every keyword, upper case, in reply order
};

// One certificate of the chain the server sent (leaf first), as libcurl
// reports it.
struct CertificateInfo
{
  std::string subject;
  std::string issuer;
  std::int64_t not_before_at = 0;        // UTC epoch seconds
  std::int64_t not_after_at = 0;         // UTC epoch seconds
  std::vector<std::string> dns_names;    // subjectAltName DNS entries
  std::vector<std::string> ip_addresses; // subjectAltName IP entries
};

// The time one command took to get its complete reply.
struct CommandTiming
{
  std::string command; // the verb: "EHLO", "STARTTLS", "AUTH", "NOOP", "QUIT", "MAIL", ...
  int reply_code = 0;  // 0 = no reply
  std::int64_t reply_us = -1;
};

enum class RelayVerdict {
  refused,      // RCPT (or MAIL) to the outside address got a 5xx: not an open relay
  open,         // RCPT to the outside address was accepted: an open relay
  inconclusive, // a 4xx, or the session ended before RCPT
};

// The opt-in open-relay probe: an unauthenticated MAIL/RCPT to an address
// outside the server's domains. It never delivers: a message is only
// possible after DATA, and the probe aborts the session at the 354 before
// sending a byte of content.
struct RelayProbe
{
  std::string recipient;
  RelayVerdict verdict = RelayVerdict::inconclusive;
  SmtpStep step = SmtpStep::none; // the step the verdict was decided at
  SmtpReply reply;                // the deciding reply
  std::string error;              // transport error, empty when none
};

// A local Postfix instance's queue (`postqueue -j`, Postfix >= 3.1).
struct PostfixQueue
{
  std::string config_dir;
  std::string error; // why it could not be read; empty when read
  int messages = 0;  // all queues (incoming, active, deferred, hold, maildrop)
  int deferred = 0;
  int hold = 0;
  std::optional<std::int64_t> oldest_arrival_at; // UTC epoch seconds, none when empty
};

// Everything one check of one route found.
struct SmtpHealth
{
  std::string route;
  std::string url;
  TlsMode tls_mode = TlsMode::starttls;
  std::int64_t checked_at_ms = 0; // UTC epoch ms when the check started
  // The transport failure that stopped the session, empty when none: "what"
  // for humans, a stable dotted code ("smtp.connect", "smtp.timeout",
  // "smtp.no_starttls", "tls.handshake", ...).
  std::string error;
  std::string error_code;
  bool connected = false;             // TCP connect succeeded
  std::int64_t dns_us = -1;           // name resolution
  std::int64_t connect_us = -1;       // TCP connect, counted from the start (includes dns)
  std::int64_t banner_us = -1;        // from connect to the complete greeting
  std::int64_t starttls_us = -1;      // STARTTLS 220 to the first encrypted command (handshake)
  std::int64_t tls_connect_us = -1;   // implicit TLS: the handshake after connect
  std::int64_t total_us = -1;         // the whole session
  SmtpReply banner;                   // the greeting (RFC 5321 §4.2)
  SmtpCapabilities before_tls;        // EHLO on the plaintext connection (empty for implicit TLS)
  SmtpCapabilities after_tls;         // EHLO after STARTTLS, or on the implicit TLS connection
  bool tls = false;                   // the session was encrypted
  std::string tls_version;            // "TLSv1.3"
  std::string tls_cipher;             // "TLS_AES_256_GCM_SHA384"
  std::optional<bool> chain_valid;    // verified against the system store + Route::ca_file
  std::string chain_error;            // why not, e.g. "self-signed certificate"
  std::optional<bool> host_matches;   // RFC 6125 §6: the URL's host against the leaf's names
  std::vector<CertificateInfo> chain; // leaf first
  std::optional<bool> auth_ok;        // the route's credentials were accepted (none: not tried)
  std::vector<CommandTiming> commands;
  std::optional<RelayProbe> relay;
  std::optional<PostfixQueue> queue;
  std::vector<Finding> findings; // "smtp.auth_before_tls", "smtp.open_relay", ...
  std::string transcript;        // AUTH redacted
};

// "refused", "open", "inconclusive".
inline std::string_view
to_string(RelayVerdict value)
{
  switch (value) {
  case RelayVerdict::refused:
    return "refused";
  case RelayVerdict::open:
    return "open";
  case RelayVerdict::inconclusive:
    break;
  }
  return "inconclusive";
}

} // namespace inboxprobe
