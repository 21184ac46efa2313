// Folder discovery: LIST / XLIST responses (RFC 3501 §7.2.2, RFC 6154
// SPECIAL-USE, Gmail's legacy XLIST) and the choice of the spam folder a
// provider files junk into.
#pragma once

#include "imap_response.hpp"

#include <core/model.hpp>

#include <optional>
#include <string>
#include <vector>

namespace inboxprobe {

struct ImapFolder
{
  std::string wire_name;               // as the server sent it (modified UTF-7)
  std::string name;                    // decoded UTF-8 (the wire name if undecodable)
  std::string delimiter;               // hierarchy delimiter, empty for NIL
  std::vector<std::string> attributes; // e.g. "\\Junk", "\\HasNoChildren"

  bool has_attribute(std::string_view attribute) const; // case-insensitive
  bool selectable() const;                              // not \Noselect / \NonExistent
};

// Folders from every LIST or XLIST response in `responses` (others are
// ignored).
std::vector<ImapFolder> parse_folder_list(const std::vector<ImapResponse>& responses);

struct JunkFolderChoice
{
  std::size_t index;    // into the folder list
  std::string found_by; // "special-use", "xlist" or "name"
};

// The spam folder, in this order: (1) the \Junk attribute (RFC 6154); (2)
// XLIST's \Spam; (3) the first of `preferred_names` (provider preset or
// per-seed override) that exists; (4) a generic name (Junk, Spam, Junk E-mail,
// Junk Email, Junk Mail, Bulk Mail, Bulk), compared case-insensitively with the
// whole decoded name or its last hierarchy component. nullopt when none is
// found.
std::optional<JunkFolderChoice> choose_junk_folder(const std::vector<ImapFolder>& folders,
                                                   const std::vector<std::string>& preferred_names);

struct WatchedFolder
{
  ImapFolder folder;
  FolderRole role = FolderRole::other;
};

// The folders a probe may land in: INBOX, the spam folder, and every other
// selectable folder except the ones mail is not delivered to (\Sent, \Drafts,
// \Trash) and virtual views that would show the same message twice (\All,
// \Flagged, \Important).
std::vector<WatchedFolder> folders_to_watch(const std::vector<ImapFolder>& folders,
                                            const std::vector<std::string>& preferred_junk_names);

} // namespace inboxprobe
