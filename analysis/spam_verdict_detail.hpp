// Helpers shared by the spam-verdict readers (internal header): field lookup
// and number parsing, and the Microsoft and other-vendor readers that
// spam_verdict.cpp calls.
#pragma once

#include <core/message_headers.hpp>
#include <core/model.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe::spam_detail {

// Field values are cut here before parsing: real ones are a few kilobytes,
// a hostile message must not make us scan megabytes.
constexpr std::size_t k_max_value_bytes = 32 * 1024;

// The unfolded value of the top-most field called `name` (case-insensitive).
std::optional<std::string> first_value(const std::vector<HeaderField>& fields,
                                       std::string_view name);

// A decimal number with an optional sign; nullopt for anything else.
std::optional<double> to_number(std::string_view s);

// Microsoft Exchange Online Protection / Outlook.com: X-Forefront-Antispam-
// Report, X-MS-Exchange-Organization-SCL, X-Microsoft-Antispam (BCL) and
// X-Microsoft-Antispam-Mailbox-Delivery; nullopt when none is present.
std::optional<SpamVerdict> microsoft_verdict(const std::vector<HeaderField>& fields);

// Mimecast (X-Mimecast-Spam-Score) and Proofpoint (X-Proofpoint-Spam-Details).
std::vector<SpamVerdict> other_vendor_verdicts(const std::vector<HeaderField>& fields);

} // namespace inboxprobe::spam_detail
