// IMAP responses (RFC 3501 §7, §9) as a server sends them, literals included:
// every response is parsed or an Error is returned, and each typed view the
// receiver takes of the responses (FETCH items, INTERNALDATE, LIST and
// XLIST folders, STATUS, SEARCH, CAPABILITY) and the probe matching on the
// fetched bytes run on what came out.
#include "fuzz_targets.hpp"

#include <receiver/folder_read.hpp>
#include <receiver/folders.hpp>
#include <receiver/imap_response.hpp>
#include <receiver/probe_match.hpp>

namespace inboxprobe::fuzz {

namespace {

// Literals above this are refused by the parser (imap.too_large); a small
// limit here lets the fuzzer reach that branch.
constexpr std::size_t k_max_literal_bytes = 1 << 16;

void
use_fetch(const FetchData& fetch)
{
  parse_internaldate(fetch.internaldate);
  const std::map<std::string, std::int64_t> tokens = {{"abcdefghijklmnopqrstuvw2", 1}};
  for (const auto& [name, bytes] : fetch.sections) {
    match_message(bytes, tokens);
    usable_prefix(bytes);
  }
  fetch.section("BODY[]");
  fetch.section_starting_with("BODY[HEADER.FIELDS");
}

} // namespace

void
fuzz_imap(std::string_view data)
{
  const auto truncated = truncated_literal(data);
  fuzz_check(!truncated || truncated->size() <= data.size(), "truncated literal out of range");
  const auto responses = parse_imap_responses(data, k_max_literal_bytes);
  if (!responses) {
    fuzz_check(!responses.error().code.empty(), "an error without a code");
    return;
  }
  for (const ImapResponse& response : *responses) {
    if (const auto fetch = as_fetch(response)) {
      use_fetch(*fetch);
    }
  }
  const std::vector<ImapFolder> folders = parse_folder_list(*responses);
  for (const ImapFolder& folder : folders) {
    folder.selectable();
  }
  folders_to_watch(folders, {"Spam", "[Gmail]/Spam"}, ArchiveFolder::watch);
  trash_folder(folders);
  parse_folder_status(*responses);
  search_uids(*responses);
  features_of(capabilities_of(*responses));
  login_capabilities(*responses);
}

} // namespace inboxprobe::fuzz
