// RFC 3464 delivery-status parsing, with just enough MIME (RFC 2046 §5.1
// multipart boundaries, RFC 2045 §5.1 Content-Type parameters) to find the
// report inside the bounce.
#include "dsn.hpp"

#include "mime_parts.hpp"
#include "text.hpp"

#include <core/message_headers.hpp>

namespace inboxprobe {

namespace {

constexpr int k_max_depth = 8;

using mime::content_type_of;
using mime::ContentType;
using mime::split_parts;

// "rfc822; user@example.com" -> "user@example.com" (RFC 3464 §2.1.2: a type,
// a semicolon, then the value), angle brackets dropped.
std::string
typed_value(std::string_view value, std::string* type = nullptr)
{
  const std::string unfolded = unfold(value);
  const std::size_t semi = unfolded.find(';');
  if (type) {
    *type = semi == std::string::npos
              ? ""
              : text::to_lower(text::trim(std::string_view(unfolded).substr(0, semi)));
  }
  std::string_view rest = semi == std::string::npos ? std::string_view(unfolded)
                                                    : std::string_view(unfolded).substr(semi + 1);
  rest = text::trim(rest);
  if (rest.size() >= 2 && rest.front() == '<' && rest.back() == '>') {
    rest = rest.substr(1, rest.size() - 2);
  }
  return std::string(rest);
}

// Folded text with every run of whitespace collapsed to one space.
std::string
collapse_spaces(std::string_view value)
{
  std::string out;
  for (char c : value) {
    if (text::is_wsp(c)) {
      if (!out.empty() && out.back() != ' ') {
        out.push_back(' ');
      }
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

std::string
first_value(const std::vector<HeaderField>& fields, std::string_view name)
{
  for (const HeaderField& f : fields) {
    if (header_name_equals(f.name, name)) {
      return f.value;
    }
  }
  return {};
}

DsnRecipient
read_recipient(const std::vector<HeaderField>& group)
{
  DsnRecipient r;
  r.final_recipient = typed_value(first_value(group, "Final-Recipient"));
  r.original_recipient = typed_value(first_value(group, "Original-Recipient"));
  r.action = text::to_lower(text::trim(unfold(first_value(group, "Action"))));
  // "Status: 5.7.1 (comment)": the code is the first word.
  const std::string status = unfold(first_value(group, "Status"));
  r.status = status.substr(0, status.find_first_of(" \t("));
  r.remote_mta = typed_value(first_value(group, "Remote-MTA"));
  r.diagnostic =
    collapse_spaces(typed_value(first_value(group, "Diagnostic-Code"), &r.diagnostic_type));
  return r;
}

// RFC 3464 §2.1: groups of fields separated by blank lines; the first is
// per-message, the others per-recipient.
DeliveryStatus
read_report(std::string_view body)
{
  DeliveryStatus status;
  bool first = true;
  std::string_view rest = body;
  while (!text::trim(rest).empty()) {
    const std::vector<HeaderField> group = parse_header_fields(rest);
    const std::string_view after = message_body(rest);
    if (!group.empty()) {
      if (first) {
        status.reporting_mta = typed_value(first_value(group, "Reporting-MTA"));
        status.arrival_date = unfold(first_value(group, "Arrival-Date"));
        first = false;
      } else {
        status.recipients.push_back(read_recipient(group));
      }
    }
    if (after.size() >= rest.size() || (group.empty() && after.empty())) {
      break; // no progress: the rest is not field syntax
    }
    rest = after;
  }
  return status;
}

std::optional<DeliveryStatus>
find_report(std::string_view entity, int depth)
{
  const std::vector<HeaderField> fields = parse_header_fields(entity);
  const ContentType type = content_type_of(fields);
  if (type.type == "message/delivery-status" || type.type == "message/global-delivery-status") {
    return read_report(message_body(entity));
  }
  if (type.type.rfind("multipart/", 0) != 0 || type.boundary.empty() || depth >= k_max_depth) {
    return std::nullopt;
  }
  for (const std::string_view part : split_parts(message_body(entity), type.boundary)) {
    if (auto found = find_report(part, depth + 1)) {
      return found;
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<DeliveryStatus>
parse_dsn(std::string_view message)
{
  return find_report(message, 0);
}

const DsnRecipient*
find_dsn_recipient(const DeliveryStatus& status, std::string_view address)
{
  for (const DsnRecipient& r : status.recipients) {
    if (text::iequals(r.final_recipient, address)) {
      return &r;
    }
  }
  for (const DsnRecipient& r : status.recipients) {
    if (text::iequals(r.original_recipient, address)) {
      return &r;
    }
  }
  return status.recipients.size() == 1 ? &status.recipients.front() : nullptr;
}

} // namespace inboxprobe
