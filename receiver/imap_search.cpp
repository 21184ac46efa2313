// SEARCH replies (RFC 3501 §7.2.5) and Gmail's category searches (X-GM-RAW,
// the Gmail IMAP extensions) that tell which inbox tab a message is in.
#include "folder_read.hpp"

#include <algorithm>
#include <charconv>

namespace inboxprobe {

std::vector<std::uint32_t>
search_uids(const std::vector<ImapResponse>& responses)
{
  std::vector<std::uint32_t> uids;
  for (const ImapResponse& r : responses) {
    if (r.kind != ImapResponse::Kind::untagged || r.values.empty()
        || r.values[0].text != "SEARCH") {
      continue;
    }
    for (std::size_t i = 1; i < r.values.size(); ++i) {
      std::uint32_t n = 0;
      const std::string& t = r.values[i].text;
      if (std::from_chars(t.data(), t.data() + t.size(), n).ec == std::errc() && n > 0) {
        uids.push_back(n);
      }
    }
  }
  std::sort(uids.begin(), uids.end());
  return uids;
}

Result<std::map<std::uint32_t, std::string>>
gmail_tabs(ImapSession& session, const std::vector<std::uint32_t>& uids)
{
  std::map<std::uint32_t, std::string> tabs;
  for (const std::uint32_t uid : uids) {
    tabs[uid] = "primary"; // what no category search claims
  }
  if (uids.empty()) {
    return tabs;
  }
  static constexpr const char* k_tabs[] = {"social", "promotions", "updates", "forums"};
  for (const char* tab : k_tabs) {
    const auto found = search_uids(TRY(session.run(
      "INBOX", "UID SEARCH UID " + uid_set(uids) + " X-GM-RAW \"category:" + tab + "\"")));
    for (const std::uint32_t uid : found) {
      if (tabs.count(uid)) {
        tabs[uid] = tab;
      }
    }
  }
  return tabs;
}

} // namespace inboxprobe
