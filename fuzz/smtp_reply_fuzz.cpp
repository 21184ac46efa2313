// SMTP replies (RFC 5321 §4.2, enhanced codes RFC 3463) and the session log
// that follows libcurl's debug stream (sender/smtp_session_log.hpp). The input
// is a script of chunks: client text, server text, libcurl notes, message
// content, and AUTH exchanges carrying a password; the password must never
// reach the transcript (RFC 4954 payloads are redacted), whatever the server
// answers.
#include "fuzz_targets.hpp"

#include <core/clock.hpp>
#include <sender/smtp_reply.hpp>
#include <sender/smtp_session_log.hpp>

namespace inboxprobe::fuzz {

namespace {

constexpr std::string_view k_password = "cGFzc3dvcmQtZnV6ei1zZWNyZXQ";

std::vector<std::string>
lines_of(std::string_view text)
{
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.emplace_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  return lines;
}

// The reply parser on the whole input, reply by reply.
void
parse_replies(std::string_view data)
{
  std::vector<std::string> pending;
  for (std::string& line : lines_of(data)) {
    leading_enhanced_code(line);
    extract_queue_id(line);
    const bool last = is_last_reply_line(line);
    pending.push_back(std::move(line));
    if (last) {
      if (const auto reply = parse_smtp_reply(pending)) {
        fuzz_check(reply->code >= 0 && reply->code <= 999, "a reply code out of range");
        extract_queue_id(reply->text);
      }
      pending.clear();
    }
  }
}

// Feed the chunks of `data` to a session log; see the file comment.
void
run_session(std::string_view data)
{
  FixedClock clock(1'700'000'000'000);
  SmtpSessionLog log(clock);
  bool auth_open = false;
  bool password_in_input = false;
  std::int64_t reply_at = 0;
  while (data.size() >= 2) {
    const auto kind = static_cast<unsigned char>(data[0]) % 6;
    const std::size_t length =
      std::min<std::size_t>(static_cast<unsigned char>(data[1]), data.size() - 2);
    const std::string_view chunk = data.substr(2, length);
    data.remove_prefix(2 + length);
    clock.set_ms(clock.now_ms() + 1);
    password_in_input = password_in_input || chunk.find(k_password) != std::string_view::npos;
    if (kind == 0) {
      log.on_client_text(chunk);
    } else if (kind == 1) {
      // Line by line, so that every complete reply is seen: after a 235 the
      // client sends no more SASL lines, even if a 334 follows in the same read.
      for (const std::string& line : lines_of(chunk)) {
        log.on_server_text(line + "\n");
        clock.set_ms(clock.now_ms() + 1);
        if (log.last_reply_at_ms() != reply_at) {
          reply_at = log.last_reply_at_ms();
          auth_open = auth_open && log.last_reply() && log.last_reply()->code == 334;
        }
      }
    } else if (kind == 2) {
      log.on_info(chunk);
    } else if (kind == 3) {
      log.on_body_sent(length);
    } else if (kind == 4) {
      log.on_client_text("AUTH PLAIN " + std::string(k_password) + "\r\n");
      auth_open = true;
    } else if (auth_open) {
      log.on_client_text(std::string(k_password) + "\r\n");
    }
  }
  fuzz_check(password_in_input || log.transcript().find(k_password) == std::string::npos,
             "the password is in the transcript");
}

} // namespace

void
fuzz_smtp_reply(std::string_view data)
{
  parse_replies(data);
  run_session(data);
}

} // namespace inboxprobe::fuzz
