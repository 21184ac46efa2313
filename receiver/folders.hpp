// Folder discovery: LIST / XLIST responses (RFC 3501 §7.2.2, RFC 6154
// SPECIAL-USE, Gmail's legacy XLIST) and the choice of the spam folder a
// provider files junk into.
#pragma once

#include "imap_response.hpp"

#include <core/model.hpp>

#include <cstdint>
#include <map>
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
  // Gmail's [Gmail]/All Mail (\All): every message of the account but spam and
  // trash. Read last and only for probes not found elsewhere, so that an
  // archived probe (a filter skipped the inbox) is found without counting every
  // other probe twice.
  bool archive = false;
};

// Whether the archive folder (\All, \AllMail) is watched: only at Gmail,
// where it is the one place an archived message can be found.
enum class ArchiveFolder { skip, watch };

// The folders a probe may land in: INBOX, the spam folder, and every other
// selectable folder except the ones mail is not delivered to (\Sent, \Drafts,
// \Trash) and virtual views that would show the same message twice (\All,
// \Flagged, \Important; \All is added as the archive when `archive` says so).
// A folder flagged \Inbox (XLIST localises its name, e.g. "Posteingang") is
// watched under the wire name INBOX.
std::vector<WatchedFolder> folders_to_watch(const std::vector<ImapFolder>& folders,
                                            const std::vector<std::string>& preferred_junk_names,
                                            ArchiveFolder archive = ArchiveFolder::skip);

// The \Trash folder (RFC 6154), for cleanup; nullopt when none is flagged.
std::optional<ImapFolder> trash_folder(const std::vector<ImapFolder>& folders);

// The capabilities the receiver acts on (RFC 3501 §7.2.1).
struct ServerFeatures
{
  bool special_use = false; // RFC 6154 SPECIAL-USE (LIST RETURN (SPECIAL-USE))
  bool list_status = false; // RFC 5819 LIST-STATUS (STATUS of every folder in one LIST)
  bool xlist = false;       // Gmail's legacy XLIST, used only without SPECIAL-USE
  bool gmail = false;       // X-GM-EXT-1: X-GM-MSGID, X-GM-LABELS, X-GM-RAW
  bool move = false;        // RFC 6851 MOVE
  bool uidplus = false;     // RFC 4315 UIDPLUS (UID EXPUNGE)
};
ServerFeatures features_of(const std::vector<std::string>& capabilities);

// The command that lists folders, with their STATUS when the server can
// (LIST-STATUS) and their special-use attributes when it offers them;
// XLIST "" "*" only when the server has XLIST and no SPECIAL-USE.
std::string folder_list_command(const ServerFeatures& features);

// UIDNEXT, UIDVALIDITY and MESSAGES of a folder (RFC 3501 §6.3.10).
struct FolderStatus
{
  std::uint32_t uidvalidity = 0;
  std::uint32_t uidnext = 0;
  std::uint32_t messages = UINT32_MAX; // MESSAGES; UINT32_MAX when not sent
};

// The STATUS responses in `responses` (those of STATUS commands and of
// LIST-STATUS), by wire name.
std::map<std::string, FolderStatus> parse_folder_status(const std::vector<ImapResponse>& responses);

} // namespace inboxprobe
