// SMTP reply parsing: RFC 5321 §4.2 (reply lines), RFC 3463 (enhanced status
// codes).
#include "smtp_reply.hpp"

#include <cctype>

namespace inboxprobe {

namespace {

bool
is_digit(char c)
{
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::size_t
digit_run(std::string_view text, std::size_t pos)
{
  std::size_t n = 0;
  while (pos + n < text.size() && is_digit(text[pos + n])) {
    ++n;
  }
  return n;
}

std::string_view
trim(std::string_view text)
{
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// The first whitespace-delimited word of `text`.
std::string_view
first_word(std::string_view text)
{
  text = trim(text);
  const std::size_t end = text.find_first_of(" \t");
  return text.substr(0, end);
}

bool
is_queue_id_char(char c)
{
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

std::string
clean_id(std::string_view word)
{
  while (!word.empty() && !is_queue_id_char(word.back()) && word.back() != '>') {
    word.remove_suffix(1);
  }
  return std::string(word);
}

} // namespace

bool
is_last_reply_line(std::string_view line)
{
  return line.size() < 4 || line[3] != '-';
}

std::string
leading_enhanced_code(std::string_view text)
{
  text = trim(text);
  if (text.empty() || (text[0] != '2' && text[0] != '4' && text[0] != '5') || text.size() < 5
      || text[1] != '.') {
    return {};
  }
  const std::size_t subject = digit_run(text, 2);
  if (subject < 1 || subject > 3 || 2 + subject >= text.size() || text[2 + subject] != '.') {
    return {};
  }
  const std::size_t detail_at = 3 + subject;
  const std::size_t detail = digit_run(text, detail_at);
  if (detail < 1 || detail > 3) {
    return {};
  }
  const std::size_t end = detail_at + detail;
  if (end < text.size() && text[end] != ' ' && text[end] != '\t') {
    return {};
  }
  return std::string(text.substr(0, end));
}

std::optional<SmtpReply>
parse_smtp_reply(const std::vector<std::string>& lines)
{
  if (lines.empty() || lines[0].size() < 3 || !is_digit(lines[0][0]) || !is_digit(lines[0][1])
      || !is_digit(lines[0][2])) {
    return std::nullopt;
  }
  SmtpReply reply;
  reply.code = std::stoi(lines[0].substr(0, 3));
  for (const std::string& line : lines) {
    std::string_view text = line.size() > 4 ? std::string_view(line).substr(4) : "";
    const std::string enhanced = leading_enhanced_code(text);
    if (!enhanced.empty()) {
      if (reply.enhanced_code.empty()) {
        reply.enhanced_code = enhanced;
      }
      text = trim(text).substr(enhanced.size());
    }
    if (!reply.text.empty()) {
      reply.text.push_back('\n');
    }
    reply.text.append(trim(text));
  }
  return reply;
}

std::string
extract_queue_id(std::string_view text)
{
  const std::string enhanced = leading_enhanced_code(text);
  std::string_view rest = trim(trim(text).substr(enhanced.size()));
  if (const std::size_t at = rest.find("queued as "); at != std::string_view::npos) {
    return clean_id(first_word(rest.substr(at + 10))); // Postfix
  }
  if (const std::size_t at = rest.find("id="); at != std::string_view::npos) {
    return clean_id(first_word(rest.substr(at + 3))); // Exim
  }
  if (const std::size_t at = rest.find(" - gsmtp"); at != std::string_view::npos) {
    const std::string_view before = trim(rest.substr(0, at));
    return clean_id(before.substr(before.find_last_of(' ') + 1)); // Gmail
  }
  if (!rest.empty() && rest.front() == '<') {
    return clean_id(first_word(rest)); // Microsoft: the message's internal id
  }
  const std::string_view word = first_word(rest);
  if (word == "Ok" || word == "OK" || word == "ok") {
    const std::string_view next = first_word(rest.substr(word.size()));
    if (next.size() >= 8) {
      return clean_id(next); // Amazon SES and other "Ok <id>" forms
    }
    return {};
  }
  if (word.size() >= 8 && rest.find("accepted") != std::string_view::npos) {
    return clean_id(word); // Sendmail
  }
  return {};
}

} // namespace inboxprobe
