// The records that flow through the pipeline (design: config -> sender ->
// receiver -> analysis -> reports). Each record has one producer. Field names
// carry units: `_ms` (milliseconds), `_at` (UTC epoch seconds), `_at_ms` (UTC
// epoch milliseconds), `_bytes`. Enumerations whose values are protocol tokens
// print as exactly that token (RFC 8601 result names, RFC 5321 command names)
// so that they can be compared with what servers write.
#pragma once

#include <core/secret.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inboxprobe {

// --- Configuration records (produced by app/config)
// ---------------------------------------

// How a connection gets TLS. `starttls` (RFC 3207 / RFC 2595) is the default
// and is required when chosen: a server that does not offer it is not talked to
// in plaintext.
enum class TlsMode { starttls, tls, none };

// How a route authenticates (RFC 4954). `automatic` lets the client pick the
// best mechanism the server offers among PLAIN and LOGIN; `xoauth2` sends a
// bearer token (Google's and Microsoft's XOAUTH2 SASL mechanism).
enum class AuthMechanism { automatic, plain, login, xoauth2 };

// How fast a route may be driven, so that provider rate limits are respected.
struct RoutePacing
{
  std::size_t max_connections = 2;      // SMTP connections open at once to this route
  std::int64_t min_interval_ms = 0;     // between the starts of two submissions
  std::int64_t jitter_ms = 0;           // a random 0..jitter_ms added to each interval
  int max_retries = 2;                  // retries of a probe after a 4xx reply
  std::int64_t retry_backoff_ms = 5000; // wait before the first retry, doubled for each next
};

// An SMTP server under test ("provider" or "route").
struct Route
{
  std::string name; // unique within a campaign, shown in reports
  std::string url;  // smtp://host:port (starttls/none) or smtps://host:port (tls)
  TlsMode tls = TlsMode::starttls;
  std::string ca_file;               // extra trusted CA (PEM); empty = system store only
  std::string ehlo;                  // EHLO name (RFC 5321 §4.1.1.1); never empty once configured
  std::string user;                  // AUTH identity; empty = no AUTH (relay by IP)
  Secret password;                   // resolved from password_env / password_file
  bool allow_plaintext_auth = false; // AUTH without TLS is refused unless set
  std::string mail_from;             // RFC 5321 reverse-path (envelope sender)
  std::string from_header;           // RFC 5322 From: field value, e.g. "Alice <alice@example.com>"
  AuthMechanism auth = AuthMechanism::automatic;
  Secret oauth2_token;               // XOAUTH2 bearer token (oauth2_token_command / token_file)
  bool insecure_skip_verify = false; // no certificate or host name check (reported as a finding)
  std::vector<std::pair<std::string, std::string>> headers; // extra header fields of every probe
  std::int64_t connect_timeout_ms = 15'000;                 // TCP connect and the 220 greeting
  std::int64_t timeout_ms = 120'000; // one whole transaction, incl. the reply to "."
  RoutePacing pacing;
};

// How a seed mailbox authenticates: a password (SASL PLAIN, or LOGIN where the
// server offers nothing else), or an OAuth 2.0 access token (SASL XOAUTH2, as
// Gmail and Microsoft 365 require).
enum class ImapAuth { password, xoauth2 };

// What the receiver does with a probe once collection is over: leave it, move
// it to the \Trash folder (RFC 6154), or delete it (\Deleted + UID EXPUNGE).
enum class SeedCleanup { none, trash, expunge };

// A seed mailbox: an address whose placement we measure, read over IMAP.
struct SeedMailbox
{
  std::string address;  // the RCPT TO address
  std::string provider; // preset name (seeds/providers.toml), e.g. "gmail", "lab"
  std::string imap_url; // imap://host:port (starttls/none) or imaps://host:port (tls)
  TlsMode tls = TlsMode::starttls;
  std::string ca_file;
  std::string user;
  Secret password; // the password, or the access token when auth is xoauth2
  ImapAuth auth = ImapAuth::password;
  SeedCleanup cleanup = SeedCleanup::none;
  std::int64_t deadline_ms = 0; // this seed's wait after sending; 0 = the campaign's
  // Folder names treated as the spam folder when no folder carries \Junk (RFC
  // 6154), in order of preference (from the provider preset, or the seed's
  // junk_folder override).
  std::vector<std::string> junk_folder_names;
  // authserv-ids (RFC 8601 §2.5) whose Authentication-Results are this
  // provider's verdict.
  std::vector<std::string> trusted_authserv_ids;
};

// A file carried by a probe (an attachment or an inline image).
struct ContentFile
{
  std::string filename;     // the name shown to the reader (no directory)
  std::string content_type; // "image/png"; empty = guessed from the file name
  std::string bytes;        // the file's content
};

// One content variant of the probe message.
struct Content
{
  std::string name;
  std::string subject;
  std::string text;                                         // UTF-8 plain text body
  std::vector<std::pair<std::string, std::string>> headers; // extra header fields
  std::string html;                                         // UTF-8 HTML body; empty = text only
  std::vector<ContentFile> attachments;                     // multipart/mixed parts
  // Images the HTML shows inline (multipart/related, RFC 2387), referenced as
  // "cid:FILENAME".
  std::vector<ContentFile> inline_images;
  std::string list_unsubscribe;       // List-Unsubscribe value (RFC 2369), e.g. "<https://...>"
  bool list_unsubscribe_post = false; // add List-Unsubscribe-Post (RFC 8058 one-click)
  // A user-provided message (eml_file) sent instead of a composed one, with the
  // probe token injected; subject, text and html are then unused.
  std::string eml;
};

// --- Pipeline records
// -----------------------------------------------------------------------

// One test message: one route x one seed x one content variant.
struct Probe
{
  std::int64_t id = 0; // store row id; 0 until saved
  std::string run_id;
  std::string token;   // unguessable tag (probe_token.hpp), lowercase base32
  std::string route;   // Route::name
  std::string seed;    // SeedMailbox::address
  std::string content; // Content::name
};

// The SMTP command a reply answered (RFC 5321 §4.1). `connect` is the greeting
// (or the failure to get one), `end_of_data` the reply to the final "." of
// DATA.
enum class SmtpStep { none, connect, ehlo, starttls, auth, mail, rcpt, data, end_of_data, quit };

// One SMTP reply (RFC 5321 §4.2) with its enhanced status code (RFC 3463 / RFC
// 2034).
struct SmtpReply
{
  int code = 0;              // 3-digit reply code, 0 = no reply received
  std::string enhanced_code; // "5.7.8", empty when the server sent none
  std::string text;          // reply text, lines joined with "\n", codes stripped
};

// What became of one submission attempt.
enum class SubmitOutcome {
  accepted, // 250 after the final "."
  rejected, // a permanent 5xx reply at any step (incl. AUTH 535)
  deferred, // a transient 4xx reply (after any retries)
  failed,   // no usable reply: connection, TLS or protocol failure (see error)
  uncertain // timeout after the final ".": the server may have accepted it
};

enum class Severity { info, warning, error };

// A problem found while analysing a probe: data, never an exception.
struct Finding
{
  std::string code; // stable dotted code, e.g. "dkim.body_hash_mismatch"
  Severity severity = Severity::warning;
  std::string message;  // one line for humans
  std::string evidence; // header excerpt or values that show it
  std::string advice{}; // how to fix it ({} keeps 4-member initialisers warning-free)
  std::string rfc{};    // where the rule is written, e.g. "RFC 7489 §3.1"
};

// Produced by the sender for each probe.
struct Submission
{
  std::int64_t probe_id = 0;
  SubmitOutcome outcome = SubmitOutcome::failed;
  SmtpStep step = SmtpStep::none;  // the step the outcome was decided at
  SmtpReply reply;                 // the deciding reply (end-of-data 250 when accepted)
  std::string error;               // transport-level error text, empty when none
  std::string message_id;          // Message-ID we put in the message, without <>
  std::string queue_id;            // server queue id parsed from the final 250, if any
  std::int64_t started_at_ms = 0;  // UTC epoch ms when the (last) attempt started
  std::int64_t accepted_at_ms = 0; // UTC epoch ms when the final reply arrived (0 = never)
  // Durations of the last attempt; -1 = not reached, or not measured because the
  // attempt reused an open connection (reused_connection).
  std::int64_t dns_ms = -1;         // host name resolution
  std::int64_t connect_ms = -1;     // TCP connect duration
  std::int64_t tls_ms = -1;         // TLS handshake duration (-1 = no TLS)
  std::int64_t greeting_ms = -1;    // TCP connected -> the 220 greeting (RFC 5321 §4.3.1)
  std::int64_t end_of_data_ms = -1; // the final "." -> its reply (RFC 5321 §4.5.3.2.6)
  std::int64_t total_ms = -1;       // the whole attempt
  std::string tls_version;          // e.g. "TLSv1.3", empty without TLS
  std::string tls_cipher;           // e.g. "TLS_AES_256_GCM_SHA384", empty without TLS
  int attempts = 1;                 // 1 + retries after 4xx replies
  bool reused_connection = false;   // the last attempt ran on an already open connection
  // Facts about the route's setup the report shows (tls.plaintext_route,
  // tls.verification_disabled), copied into the ProbeResult by analysis.
  std::vector<Finding> findings;
  std::string transcript;    // client/server lines, AUTH payloads redacted
  std::string message_bytes; // exactly what was sent after DATA (CRLF, unstuffed)
};

// Which kind of folder a message was found in. `bounce` is any folder of a
// route's bounce mailbox: what is found there is a delivery status
// notification (RFC 3464) about a probe, not the probe.
enum class FolderRole { inbox, junk, other, bounce };

// Produced by the receiver when it finds a probe in a seed mailbox.
struct Sighting
{
  std::int64_t probe_id = 0;
  std::string folder; // decoded folder name (UTF-8), e.g. "Junk"
  FolderRole role = FolderRole::other;
  std::uint32_t uid = 0; // IMAP UID (RFC 3501 §2.3.1.1)
  std::uint32_t uidvalidity = 0;
  std::int64_t internaldate_at = 0; // IMAP INTERNALDATE, UTC epoch seconds (1 s resolution)
  std::int64_t found_at_ms = 0;     // UTC epoch ms when the receiver first saw it
  std::string matched_by;           // "header", "message-id" or "body"
  std::string message_bytes;        // the message as fetched (BODY.PEEK[])
  std::string gmail_tab;            // Gmail inbox tab ("primary", "promotions", ...), else empty
  std::uint64_t gmail_msgid = 0;    // Gmail's X-GM-MSGID (one message, many labels), else 0
};

// Where a probe ended up (the report's vocabulary).
enum class Placement {
  pending, // sent, not found, deadline not passed yet
  inbox,
  spam,     // found in the junk folder
  other,    // found in another folder (the folder is named)
  missing,  // deadline passed, not found
  rejected, // the route did not accept it (see the Submission)
  bounced,  // accepted, then a delivery status notification (RFC 3464) reported failure
  late,     // found by a later collection, after it arrived past its run's deadline
  duplicate // delivered more than once (distinct messages); reported once
};

// A method result of RFC 8601 §2.7 (the union of the DKIM, SPF, DMARC, ARC,
// iprev and auth result tokens), plus `unknown` for a token we do not
// recognise.
enum class AuthVerdict {
  none,
  pass,
  fail,
  softfail,
  neutral,
  policy,
  temperror,
  permerror,
  unknown
};

// One "method=result" with its properties, from an Authentication-Results field
// (RFC 8601 §2.2: resinfo).
struct AuthResult
{
  std::string method;                                     // "dkim", "spf", "dmarc", ...
  std::string method_version;                             // rarely present
  std::string result;                                     // the token as written, lowercase
  std::string reason;                                     // reason= value, unquoted
  std::vector<std::pair<std::string, std::string>> props; // "header.d" -> "example.com"
};

// One Authentication-Results header field (RFC 8601 §2.2).
struct AuthResultsField
{
  std::string authserv_id; // empty when the producer omitted it (Microsoft)
  std::string version;     // authserv-id version, rarely present
  bool trusted = false;    // authserv-id is one of the seed's trusted ids
  bool none = false;       // the "none" form: no results
  std::vector<AuthResult> results;
  std::string raw; // the field body as received (unfolded)
};

// Our own verification of one DKIM-Signature (RFC 6376) on the received copy.
struct DkimCheck
{
  std::string domain;                      // d=
  std::string selector;                    // s=
  std::string algorithm;                   // a=, e.g. "rsa-sha256"
  std::string canonicalization;            // c=, e.g. "relaxed/simple"
  std::int64_t body_length = -1;           // l= (-1 when absent)
  std::string signed_headers;              // h=
  AuthVerdict verdict = AuthVerdict::none; // pass / fail / neutral / temperror / permerror
  std::string error;                       // why it did not pass, e.g. "body hash mismatch"
};

// A spam filter's verdict as written in its header fields.
struct SpamVerdict
{
  std::string engine; // "rspamd", "spamassassin", "microsoft-eop", ...
  std::optional<bool> is_spam;
  std::optional<double> score;      // Microsoft: the SCL (-1..9)
  std::optional<double> threshold;  // Microsoft: 5, the SCL from which mail is junk
  std::string action;               // rspamd action, e.g. "add header"; Microsoft: folder ("junk")
  std::vector<std::string> symbols; // rule names as written, with scores when given
  // Further verdict values as written, e.g. Microsoft "SCL" -> "5", "BCL" ->
  // "0", "SFV" -> "SPM", "CAT" -> "SPM", "dest" -> "J".
  std::vector<std::pair<std::string, std::string>> details{};
};

// One hop of the Received chain (RFC 5321 §4.4), top (newest) first.
struct Hop
{
  std::string from;    // the from clause's first token (the HELO name as written)
  std::string from_ip; // the connecting IP from the from clause's comment, "" when absent
  std::string by, with, id, for_;
  std::optional<std::int64_t> date_at; // UTC epoch seconds; nullopt: no readable date
  std::optional<std::int64_t> delay_s; // date_at - the previous (older) hop's date_at
  bool tls = false;                    // ESMTPS/ESMTPSA/UTF8SMTPS/... or a TLS comment
  std::string tls_version, tls_cipher; // from comments, e.g. "TLS1_3", "TLS_AES_256_GCM_SHA384"
};

// Our own SPF check (RFC 7208 §4) of the connecting IP the seed recorded.
struct SpfCheck
{
  std::string ip;                          // client IP
  std::string helo;                        // HELO/EHLO name, "" when unknown
  std::string mail_from;                   // envelope sender (Return-Path), "" = null sender
  std::string domain;                      // the domain checked (MAIL FROM's, or HELO's)
  std::string identity = "mailfrom";       // "mailfrom" or "helo" (RFC 7208 §2.3, §2.4)
  AuthVerdict verdict = AuthVerdict::none; // RFC 7208 §2.6 result
  std::string detail;                      // explanation or error text
};

// Our own DMARC evaluation (RFC 7489 §6.6).
struct DmarcCheck
{
  std::string from_domain; // RFC 5322 From domain
  std::string org_domain;  // organizational domain (Public Suffix List)
  std::string record;      // the policy record as published, "" when none
  std::string policy;      // p= (or sp= for a subdomain): none, quarantine, reject
  int pct = 100;
  std::string adkim = "r", aspf = "r";
  bool dkim_aligned = false;
  bool spf_aligned = false;
  AuthVerdict verdict = AuthVerdict::none; // pass / fail / none / temperror / permerror
  std::string detail;
};

// One ARC set (RFC 8617 §4.1) as verified by us.
struct ArcSetCheck
{
  int instance = 0;                        // i=
  std::string domain;                      // ARC-Seal d= (the sealer)
  std::string selector;                    // ARC-Seal s=
  std::string cv;                          // cv= as written
  std::string algorithm;                   // ARC-Seal a=, e.g. "rsa-sha256"
  AuthVerdict seal = AuthVerdict::none;    // ARC-Seal signature
  AuthVerdict message = AuthVerdict::none; // ARC-Message-Signature
  std::string error;
};

// The ARC chain (RFC 8617 §5.2) as verified by us.
struct ArcCheck
{
  std::string chain = "none";    // RFC 8617 §4.4 cv: none, pass, fail
  std::vector<ArcSetCheck> sets; // instance 1..N
  std::string error;             // why it failed
};

// The 2024 bulk-sender requirements (Gmail, Yahoo), per message: each is
// "pass", "fail" or "unknown" (the data to judge is missing).
struct Compliance
{
  std::string spf_pass, dkim_pass, dmarc_present, dmarc_aligned;
  std::string one_click_unsubscribe; // RFC 8058; "n/a" for non-bulk content
  std::string tls_every_hop;
  std::string fcrdns; // iprev in the provider's A-R; "unknown" when not reported
};

// A delivery status notification (RFC 3464) about a probe, from the route's
// bounce mailbox.
struct BounceReport
{
  std::string action;           // RFC 3464 §2.3.3: "failed", "delayed", ...
  std::string status;           // enhanced status code (RFC 3463), e.g. "5.7.1"
  std::string diagnostic;       // Diagnostic-Code text, e.g. "554 5.7.1 Rejected by ..."
  std::string remote_mta;       // the server that refused it, when given
  std::string reporting_mta;    // the server that wrote the DSN
  std::int64_t found_at_ms = 0; // UTC epoch ms when the receiver saw the DSN
};

// Produced by the analysis stage for each probe.
struct ProbeResult
{
  std::int64_t probe_id = 0;
  Placement placement = Placement::pending;
  std::string folder;                           // where it was found, empty otherwise
  std::optional<std::int64_t> latency_ms;       // arrival - acceptance; see latency_resolution_ms
  std::int64_t latency_resolution_ms = 1000;    // seed timestamps have 1 s resolution
  std::optional<std::int64_t> detection_lag_ms; // found_at - arrival
  // The provider's verdicts, from trusted Authentication-Results (first trusted
  // field).
  AuthVerdict spf = AuthVerdict::none;
  AuthVerdict dkim = AuthVerdict::none;
  AuthVerdict dmarc = AuthVerdict::none;
  std::vector<AuthResultsField> auth_results; // every A-R field, trusted or not
  std::vector<DkimCheck> own_dkim;            // our own re-verification
  std::optional<SpamVerdict> spam_verdict;
  std::vector<Hop> hops;               // the Received chain, top first
  std::optional<SpfCheck> own_spf;     // nullopt: no IP or no DNS to check with
  std::optional<DmarcCheck> own_dmarc; // nullopt: no From domain or no DNS
  ArcCheck arc;
  Compliance compliance;
  std::vector<Finding> findings;
  std::string gmail_tab;              // Gmail inbox tab where the probe was found, else empty
  std::optional<BounceReport> bounce; // the DSN, when one reported the probe
};

// One campaign run, as stored in the history.
struct RunSeed
{
  std::string address;
  std::string provider;
};

struct Run
{
  std::string id;                  // "20261129T081500Z-3kq7", sortable by start time
  std::string campaign;            // campaign name from the config
  std::string state;               // "sending", "collecting", "analyzing", "done"
  std::int64_t started_at_ms = 0;  // UTC epoch ms
  std::int64_t deadline_at_ms = 0; // UTC epoch ms after which unseen probes are missing
  std::int64_t finished_at_ms = 0; // UTC epoch ms, 0 while running
  std::vector<std::string> routes; // route names, config order
  std::vector<RunSeed> seeds;      // seed mailboxes, config order
};

// --- Tokens
// ---------------------------------------------------------------------------------

std::string_view to_string(TlsMode value);
std::string_view to_string(AuthMechanism value);
std::string_view to_string(SmtpStep value);
std::string_view to_string(SubmitOutcome value);
std::string_view to_string(FolderRole value);
std::string_view to_string(Placement value);
std::string_view to_string(AuthVerdict value);
std::string_view to_string(Severity value);

// parse_*: the inverse of to_string; std::nullopt for an unknown token.
std::optional<TlsMode> parse_tls_mode(std::string_view text);
std::optional<AuthMechanism> parse_auth_mechanism(std::string_view text);
std::optional<SmtpStep> parse_smtp_step(std::string_view text);
std::optional<SubmitOutcome> parse_submit_outcome(std::string_view text);
std::optional<FolderRole> parse_folder_role(std::string_view text);
std::optional<Placement> parse_placement(std::string_view text);
std::optional<Severity> parse_severity(std::string_view text);
// Case-insensitive; an unrecognised token gives AuthVerdict::unknown (RFC 8601
// §2.7 lets new results appear; a reader must not fail on them).
AuthVerdict parse_auth_verdict(std::string_view text);

} // namespace inboxprobe
