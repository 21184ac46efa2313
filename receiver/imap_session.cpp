// libcurl IMAP: custom requests with the raw response captured from the header
// callback. Modelled on curl's docs/examples/imap-search.c; see the design
// notes on what was verified on the wire with libcurl 7.88 (custom FETCH
// literals reach only the header callback).
#include "imap_session.hpp"

#include "mailbox_name.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace inboxprobe {

namespace {

struct EasyDeleter
{
  void
  operator()(CURL* h) const
  {
    curl_easy_cleanup(h);
  }
};

// What one transfer received, bounded: past max_bytes the callback refuses
// the bytes and libcurl fails the transfer (CURLE_WRITE_ERROR), so that a
// server announcing a huge literal cannot exhaust memory.
struct CappedText
{
  std::string text;
  std::size_t max_bytes = 0;
  bool over = false;
};

// CURLOPT_HEADERFUNCTION: every server line, literal contents included.
std::size_t
on_server_bytes(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* sink = static_cast<CappedText*>(user);
  const std::size_t n = size * count;
  if (n > sink->max_bytes - std::min(sink->max_bytes, sink->text.size())) {
    sink->over = true;
    return 0;
  }
  try {
    sink->text.append(data, n);
    return n;
  } catch (...) {
    return 0; // out of memory: make libcurl fail the transfer rather than
              // unwind through C
  }
}

// CURLOPT_WRITEFUNCTION: for custom commands libcurl's own copy of untagged
// lines (the header stream has them: discarded); for a URL fetch the message.
std::size_t
on_body_bytes(char* data, std::size_t size, std::size_t count, void* user)
{
  if (user == nullptr) {
    return size * count;
  }
  return on_server_bytes(data, size, count, user);
}

std::string
base_url(const SeedMailbox& seed)
{
  std::string url = seed.imap_url;
  const std::size_t scheme_end = url.find("://");
  std::string rest = scheme_end == std::string::npos ? url : url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  return (seed.tls == TlsMode::tls ? "imaps://" : "imap://") + rest;
}

// The text of the last tagged NO/BAD response, for error messages.
std::string
last_failure_text(const std::vector<ImapResponse>& responses)
{
  for (auto it = responses.rbegin(); it != responses.rend(); ++it) {
    if (it->kind == ImapResponse::Kind::tagged && it->values.size() >= 2
        && it->values[0].text != "OK") {
      return it->values[0].text + " " + it->values[1].text;
    }
  }
  return {};
}

// Whether the server ended the session on its own (RFC 3501 §7.1.5): a BYE
// line other than the answer to the LOGOUT libcurl sends when it drops a
// connection after a failed command ("* BYE Logging out", "* BYE LOGOUT
// Requested").
bool
server_closed(const std::string& raw)
{
  std::size_t at = 0;
  while ((at = raw.find("* BYE", at)) != std::string::npos) {
    if (at == 0 || raw[at - 1] == '\n') {
      std::string line = raw.substr(at, raw.find('\n', at) - at);
      for (char& c : line) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      if (line.find("logout") == std::string::npos
          && line.find("logging out") == std::string::npos) {
        return true;
      }
    }
    at += 5;
  }
  return false;
}

// libcurl reports a failed LOGIN/AUTHENTICATE and a failed SELECT with the same
// code (67): tell them apart by whether the login was answered OK before the
// failure.
Error
classify_failure(CURLcode rc, const std::string& raw, const char* detail)
{
  auto parsed = parse_imap_responses(raw);
  const std::vector<ImapResponse> responses = parsed ? *parsed : std::vector<ImapResponse>{};
  const std::string server = last_failure_text(responses);
  const std::string text = std::string(curl_easy_strerror(rc)) + (detail[0] ? ": " : "") + detail
                           + (server.empty() ? "" : " (server: " + server + ")");
  // RFC 5530 response codes and BYE say "come back later": the collector backs
  // off instead of retrying at once.
  if (raw.find("[THROTTLED]") != std::string::npos) {
    return {"imap.throttled", text};
  }
  if (raw.find("[UNAVAILABLE]") != std::string::npos) {
    return {"imap.unavailable", text};
  }
  if (server_closed(raw) && rc != CURLE_OPERATION_TIMEDOUT) {
    return {"imap.bye", text};
  }
  switch (rc) {
  case CURLE_COULDNT_CONNECT:
  case CURLE_COULDNT_RESOLVE_HOST:
    return {"imap.connect", text};
  case CURLE_OPERATION_TIMEDOUT:
    return {"imap.timeout", text};
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_USE_SSL_FAILED:
  case CURLE_SSL_CACERT_BADFILE:
    return {"imap.tls", text};
  case CURLE_QUOTE_ERROR:
    return {"imap.command_failed", text};
  case CURLE_LOGIN_DENIED:
    if (raw.find(" Select completed") == std::string::npos
        && (raw.find(" Logged in") != std::string::npos
            || server.find("SELECT") != std::string::npos
            || server.find("Mailbox") != std::string::npos)) {
      return {"imap.select_failed", text};
    }
    return {"imap.login_denied", text};
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_SEND_ERROR:
    return {"imap.truncated", text};
  default:
    return {"imap.transport", text};
  }
}

// Tagged responses ("A005 OK ...") in `raw`: one per command the server
// answered. Counted on raw lines, so a literal line that looks tagged may add
// one: good enough for statistics.
int
count_tagged_lines(const std::string& raw)
{
  // libcurl's tags are a capital letter and three digits: "A005".
  int n = 0;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    if (pos + 5 < raw.size() && std::isupper(static_cast<unsigned char>(raw[pos]))
        && std::isdigit(static_cast<unsigned char>(raw[pos + 1]))
        && std::isdigit(static_cast<unsigned char>(raw[pos + 2]))
        && std::isdigit(static_cast<unsigned char>(raw[pos + 3])) && raw[pos + 4] == ' ') {
      ++n;
    }
    const std::size_t lf = raw.find('\n', pos);
    pos = lf == std::string::npos ? raw.size() : lf + 1;
  }
  return n;
}

} // namespace

struct ImapSession::Impl
{
  SeedMailbox seed;
  ImapOptions options;
  const Clock* clock = nullptr;
  std::unique_ptr<CURL, EasyDeleter> handle;
  CappedText raw;
  CappedText* body = nullptr; // fetch_by_url's message while it runs
  int round_trips = 0;
  bool healthy = true;

  // Set every option of one transfer; false when the stop time has passed.
  bool configure(const std::string& url, char* error_buffer);
  Result<void> perform(char* error_buffer);
};

bool
ImapSession::Impl::configure(const std::string& url, char* error_buffer)
{
  if (!healthy) {
    // After a failure or a cut reply the connection is out of step with the
    // server (the rest of a literal is still unread): a fresh handle drops it,
    // where FRESH_CONNECT would leave it cached for the next command to reuse.
    handle.reset(curl_easy_init());
    healthy = true;
  }
  CURL* h = handle.get();
  std::int64_t connect_ms = options.connect_timeout_ms;
  std::int64_t total_ms = options.command_timeout_ms;
  if (options.stop_at_ms > 0) {
    const std::int64_t left = options.stop_at_ms - clock->now_ms();
    if (left <= 0) {
      return false;
    }
    connect_ms = std::min(connect_ms, left);
    total_ms = std::min(total_ms, left);
  }
  raw.text.clear();
  raw.max_bytes = options.max_reply_bytes;
  raw.over = false;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_USERNAME, seed.user.c_str());
  if (seed.auth == ImapAuth::xoauth2) {
    // SASL XOAUTH2 with the access token; no password is sent.
    curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, seed.password.reveal().c_str());
    curl_easy_setopt(h, CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2");
  } else {
    curl_easy_setopt(h, CURLOPT_PASSWORD, seed.password.reveal().c_str());
  }
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!seed.ca_file.empty()) {
    curl_easy_setopt(h, CURLOPT_CAINFO, seed.ca_file.c_str());
  }
  curl_easy_setopt(
    h, CURLOPT_USE_SSL, seed.tls == TlsMode::none ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_ms));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(total_ms));
  // Response lines longer than half the buffer are cut by libcurl; take the
  // largest buffer.
  curl_easy_setopt(h, CURLOPT_BUFFERSIZE, static_cast<long>(CURL_MAX_READ_SIZE));
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_server_bytes);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &raw);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body_bytes);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, nullptr);
  return true;
}

Result<void>
ImapSession::Impl::perform(char* error_buffer)
{
  const CURLcode rc = curl_easy_perform(handle.get());
  round_trips += count_tagged_lines(raw.text);
  if (rc != CURLE_OK) {
    healthy = false;
    if (raw.over || (body != nullptr && body->over)) {
      return fail("imap.too_large",
                  "the reply is larger than " + std::to_string(options.max_reply_bytes)
                    + " bytes (max_reply_bytes): not read");
    }
    return tl::unexpected(classify_failure(rc, raw.text, error_buffer));
  }
  return {};
}

ImapSession::ImapSession(const SeedMailbox& seed, const ImapOptions& options, const Clock& clock)
  : m_impl(std::make_unique<Impl>())
{
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  m_impl->seed = seed;
  m_impl->options = options;
  m_impl->clock = &clock;
  m_impl->handle.reset(curl_easy_init());
}

ImapSession::ImapSession(ImapSession&&) noexcept = default;
ImapSession& ImapSession::operator=(ImapSession&&) noexcept = default;
ImapSession::~ImapSession() = default;

int
ImapSession::round_trips() const
{
  return m_impl->round_trips;
}

std::size_t
ImapSession::max_reply_bytes() const
{
  return m_impl->options.max_reply_bytes;
}

std::string_view
ImapSession::last_stream() const
{
  return m_impl->raw.text;
}

Result<std::vector<ImapResponse>>
ImapSession::run(const std::string& mailbox_wire, const std::string& command)
{
  char detail[CURL_ERROR_SIZE] = {0};
  const std::string url = base_url(m_impl->seed) + "/" + url_encode_mailbox(mailbox_wire);
  if (!m_impl->configure(url, detail)) {
    return fail("imap.timeout", "the collection deadline has passed");
  }
  if (!m_impl->handle) {
    return fail("imap.transport", "cannot create a libcurl handle");
  }
  curl_easy_setopt(m_impl->handle.get(), CURLOPT_CUSTOMREQUEST, command.c_str());
  TRY(m_impl->perform(detail));
  auto responses = parse_imap_responses(m_impl->raw.text, m_impl->options.max_reply_bytes);
  // libcurl ends a command at the first line that starts with its tag, even
  // inside a literal: a message containing such a line leaves the rest of the
  // reply unread.
  m_impl->healthy = responses.has_value();
  return responses;
}

Result<std::string>
ImapSession::fetch_by_url(const std::string& mailbox_wire, std::uint32_t uid)
{
  if (!m_impl->handle) {
    return fail("imap.transport", "cannot create a libcurl handle");
  }
  char detail[CURL_ERROR_SIZE] = {0};
  const std::string url =
    base_url(m_impl->seed) + "/" + url_encode_mailbox(mailbox_wire) + ";UID=" + std::to_string(uid);
  if (!m_impl->configure(url, detail)) {
    return fail("imap.timeout", "the collection deadline has passed");
  }
  CappedText message{{}, m_impl->options.max_reply_bytes};
  CURL* h = m_impl->handle.get();
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, nullptr);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &message);
  m_impl->body = &message;
  auto done = m_impl->perform(detail);
  m_impl->body = nullptr;
  TRY(std::move(done));
  return std::move(message.text);
}

Result<void>
ImapSession::restore_unseen(const std::string& mailbox_wire, std::uint32_t uid)
{
  TRY(run(mailbox_wire, "UID STORE " + std::to_string(uid) + " -FLAGS.SILENT (\\Seen)"));
  return {};
}

} // namespace inboxprobe
