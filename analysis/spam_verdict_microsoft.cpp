// Microsoft's and other vendors' spam verdict fields (see spam_verdict.hpp).
// No RFC: the meanings follow Microsoft's public "Anti-spam message headers"
// and "Spam confidence level" pages. SCL -1 = filtering bypassed, 0-1 = not
// spam, 5-6 = spam, 7-9 = high-confidence spam; SFV:SPM/SKS = marked spam;
// Outlook.com's X-Microsoft-Antispam-Mailbox-Delivery names the folder the
// message went to (dest:J or RF:JunkEmail = Junk Email, dest:I = Inbox).
#include "spam_verdict_detail.hpp"
#include "text.hpp"

#include <algorithm>
#include <cmath>

namespace inboxprobe::spam_detail {

namespace {

// From this SCL on, Exchange Online delivers to Junk Email.
constexpr double k_junk_scl = 5;

using Pairs = std::vector<std::pair<std::string, std::string>>;

// "KEY:value;KEY:;SFS:(1)(2);" -> pairs in order. The value is everything up
// to the next ";" (SFS runs and percent-encoded values contain no ";").
Pairs
read_pairs(std::string_view value)
{
  Pairs pairs;
  while (!value.empty()) {
    const std::size_t end = std::min(value.find(';'), value.size());
    const std::string_view item = text::trim(value.substr(0, end));
    value.remove_prefix(std::min(end + 1, value.size()));
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      continue;
    }
    std::string item_value;
    // Folding inside a value leaves whitespace: drop it (keys and values
    // never contain spaces in these fields).
    for (char c : item.substr(colon + 1)) {
      if (!text::is_wsp(c)) {
        item_value.push_back(c);
      }
    }
    pairs.emplace_back(std::string(text::trim(item.substr(0, colon))), std::move(item_value));
  }
  return pairs;
}

const std::string*
lookup(const Pairs& pairs, std::string_view key)
{
  const auto found = std::find_if(
    pairs.begin(), pairs.end(), [key](const auto& pair) { return text::iequals(pair.first, key); });
  return found == pairs.end() ? nullptr : &found->second;
}

std::optional<int>
to_int(const std::string* value)
{
  if (value == nullptr) {
    return std::nullopt;
  }
  const std::optional<double> number = to_number(*value);
  if (!number || std::floor(*number) != *number) {
    return std::nullopt;
  }
  return static_cast<int>(*number);
}

// The verdict's facts from the report fields (X-Forefront-Antispam-Report),
// the organization SCL, the BCL and the mailbox delivery decision.
void
judge_microsoft(const Pairs& report,
                std::optional<int> scl,
                const Pairs& delivery,
                SpamVerdict& verdict)
{
  const std::string* sfv = lookup(report, "SFV");
  const std::string* dest = lookup(delivery, "dest");
  const std::string* folder = lookup(delivery, "RF");
  if (scl) {
    verdict.score = *scl;
    verdict.threshold = k_junk_scl;
    verdict.is_spam = *scl >= k_junk_scl;
  }
  if (sfv && (*sfv == "SPM" || *sfv == "SKS" || *sfv == "SKB")) {
    verdict.is_spam = true;
  } else if (sfv && !verdict.is_spam) {
    verdict.is_spam = false;
  }
  // The folder decision is the final word where Outlook.com gives it.
  if ((dest && *dest == "J") || (folder && text::iequals(*folder, "JunkEmail"))) {
    verdict.is_spam = true;
    verdict.action = "junk";
  } else if (dest && *dest == "I") {
    verdict.is_spam = false;
    verdict.action = "inbox";
  }
}

} // namespace

std::optional<SpamVerdict>
microsoft_verdict(const std::vector<HeaderField>& fields)
{
  const auto report_value = first_value(fields, "X-Forefront-Antispam-Report");
  const auto org_scl = first_value(fields, "X-MS-Exchange-Organization-SCL");
  const auto antispam = first_value(fields, "X-Microsoft-Antispam");
  const auto delivery_value = first_value(fields, "X-Microsoft-Antispam-Mailbox-Delivery");
  if (!report_value && !org_scl && !delivery_value) {
    return std::nullopt; // X-Microsoft-Antispam alone (BCL) is no verdict
  }
  SpamVerdict verdict;
  verdict.engine = "microsoft-eop";
  const Pairs report = report_value ? read_pairs(*report_value) : Pairs{};
  const Pairs delivery = delivery_value ? read_pairs(*delivery_value) : Pairs{};
  std::optional<int> scl = to_int(lookup(report, "SCL"));
  if (org_scl) {
    scl = to_int(&*org_scl); // the organization's final SCL wins
  }
  judge_microsoft(report, scl, delivery, verdict);
  verdict.details = report;
  // Kept in a named variable: lookup returns a pointer into it.
  const Pairs antispam_pairs = antispam ? read_pairs(*antispam) : Pairs{};
  if (const std::string* bcl = lookup(antispam_pairs, "BCL")) {
    verdict.details.emplace_back("BCL", *bcl);
  }
  for (const char* key : {"dest", "RF", "OFR"}) {
    if (const std::string* value = lookup(delivery, key)) {
      verdict.details.emplace_back(key, *value);
    }
  }
  if (org_scl) {
    verdict.details.emplace_back("X-MS-Exchange-Organization-SCL",
                                 std::string(text::trim(*org_scl)));
  }
  return verdict;
}

std::vector<SpamVerdict>
other_vendor_verdicts(const std::vector<HeaderField>& fields)
{
  std::vector<SpamVerdict> verdicts;
  if (const auto score = first_value(fields, "X-Mimecast-Spam-Score")) {
    SpamVerdict verdict;
    verdict.engine = "mimecast";
    verdict.score = to_number(*score);
    verdicts.push_back(std::move(verdict));
  }
  if (const auto details = first_value(fields, "X-Proofpoint-Spam-Details")) {
    SpamVerdict verdict;
    verdict.engine = "proofpoint";
    // "rule=default, score=0, ...": comma-separated key=value pairs.
    std::string_view rest = *details;
    while (!rest.empty()) {
      const std::size_t comma = std::min(rest.find(','), rest.size());
      const std::string_view item = text::trim(rest.substr(0, comma));
      rest.remove_prefix(std::min(comma + 1, rest.size()));
      const std::size_t equals = item.find('=');
      if (equals != std::string_view::npos) {
        verdict.details.emplace_back(std::string(item.substr(0, equals)),
                                     std::string(item.substr(equals + 1)));
      }
    }
    if (const std::string* score = lookup(verdict.details, "score")) {
      verdict.score = to_number(*score);
    }
    if (const std::string* rule = lookup(verdict.details, "rule")) {
      verdict.action = *rule;
      if (text::iequals(*rule, "spam") || text::iequals(*rule, "notspam")) {
        verdict.is_spam = text::iequals(*rule, "spam");
      }
    }
    verdicts.push_back(std::move(verdict));
  }
  return verdicts;
}

} // namespace inboxprobe::spam_detail
