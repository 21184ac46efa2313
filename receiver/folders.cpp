// LIST/XLIST parsing and spam-folder selection (RFC 6154, RFC 3501 §7.2.2).
#include "folders.hpp"

#include "mailbox_name.hpp"

#include <array>
#include <cctype>
#include <charconv>

namespace inboxprobe {

namespace {

std::string
lower(std::string_view text)
{
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool
iequals(std::string_view a, std::string_view b)
{
  return lower(a) == lower(b);
}

constexpr std::array<std::string_view, 7> k_generic_junk_names = {
  "Junk", "Spam", "Junk E-mail", "Junk Email", "Junk Mail", "Bulk Mail", "Bulk"};

// The decoded name and its last hierarchy component.
bool
name_matches(const ImapFolder& folder, std::string_view wanted)
{
  if (iequals(folder.name, wanted)) {
    return true;
  }
  if (folder.delimiter.empty()) {
    return false;
  }
  const std::size_t at = folder.name.rfind(folder.delimiter);
  return at != std::string::npos
         && iequals(std::string_view(folder.name).substr(at + folder.delimiter.size()), wanted);
}

std::optional<std::size_t>
find_by_attribute(const std::vector<ImapFolder>& folders, std::string_view attribute)
{
  for (std::size_t i = 0; i < folders.size(); ++i) {
    if (folders[i].selectable() && folders[i].has_attribute(attribute)) {
      return i;
    }
  }
  return std::nullopt;
}

template<typename Names>
std::optional<std::size_t>
find_by_names(const std::vector<ImapFolder>& folders, const Names& names)
{
  for (const auto& wanted : names) {
    for (std::size_t i = 0; i < folders.size(); ++i) {
      if (folders[i].selectable() && name_matches(folders[i], wanted)) {
        return i;
      }
    }
  }
  return std::nullopt;
}

} // namespace

bool
ImapFolder::has_attribute(std::string_view attribute) const
{
  for (const std::string& a : attributes) {
    if (iequals(a, attribute)) {
      return true;
    }
  }
  return false;
}

bool
ImapFolder::selectable() const
{
  return !has_attribute("\\Noselect") && !has_attribute("\\NonExistent");
}

std::vector<ImapFolder>
parse_folder_list(const std::vector<ImapResponse>& responses)
{
  std::vector<ImapFolder> folders;
  for (const ImapResponse& r : responses) {
    // * LIST (attributes) delimiter name [extended data]
    if (r.kind != ImapResponse::Kind::untagged || r.values.size() < 4
        || !(iequals(r.values[0].text, "LIST") || iequals(r.values[0].text, "XLIST"))
        || r.values[1].kind != ImapValue::Kind::list) {
      continue;
    }
    ImapFolder folder;
    for (const ImapValue& a : r.values[1].items) {
      folder.attributes.push_back(a.text);
    }
    folder.delimiter = r.values[2].kind == ImapValue::Kind::nil ? "" : r.values[2].text;
    folder.wire_name = r.values[3].text;
    folder.name = decode_mutf7(folder.wire_name).value_or(folder.wire_name);
    folders.push_back(std::move(folder));
  }
  return folders;
}

std::optional<JunkFolderChoice>
choose_junk_folder(const std::vector<ImapFolder>& folders,
                   const std::vector<std::string>& preferred_names)
{
  if (const auto i = find_by_attribute(folders, "\\Junk")) {
    return JunkFolderChoice{*i, "special-use"};
  }
  if (const auto i = find_by_attribute(folders, "\\Spam")) {
    return JunkFolderChoice{*i, "xlist"};
  }
  if (const auto i = find_by_names(folders, preferred_names)) {
    return JunkFolderChoice{*i, "name"};
  }
  if (const auto i = find_by_names(folders, k_generic_junk_names)) {
    return JunkFolderChoice{*i, "name"};
  }
  return std::nullopt;
}

std::vector<WatchedFolder>
folders_to_watch(const std::vector<ImapFolder>& folders,
                 const std::vector<std::string>& preferred_junk_names,
                 ArchiveFolder archive)
{
  const auto junk = choose_junk_folder(folders, preferred_junk_names);
  std::vector<WatchedFolder> watched;
  std::optional<WatchedFolder> all_mail;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    const ImapFolder& f = folders[i];
    const bool is_all = f.has_attribute("\\All") || f.has_attribute("\\AllMail");
    if (!f.selectable()) {
      continue;
    }
    if (iequals(f.wire_name, "INBOX") || f.has_attribute("\\Inbox")) {
      ImapFolder inbox = f;
      // RFC 3501 §5.1: INBOX is always selectable by that name, whatever XLIST
      // calls it.
      inbox.wire_name = "INBOX";
      inbox.name = "INBOX";
      watched.push_back({inbox, FolderRole::inbox, false});
    } else if (junk && junk->index == i) {
      watched.push_back({f, FolderRole::junk, false});
    } else if (is_all && archive == ArchiveFolder::watch) {
      all_mail = WatchedFolder{f, FolderRole::other, true};
    } else if (!f.has_attribute("\\Sent") && !f.has_attribute("\\Drafts")
               && !f.has_attribute("\\Trash") && !is_all && !f.has_attribute("\\Flagged")
               && !f.has_attribute("\\Important") && !f.has_attribute("\\Starred")) {
      watched.push_back({f, FolderRole::other, false});
    }
  }
  if (all_mail) {
    watched.push_back(std::move(*all_mail)); // last: it only catches what the others missed
  }
  return watched;
}

std::optional<ImapFolder>
trash_folder(const std::vector<ImapFolder>& folders)
{
  if (const auto i = find_by_attribute(folders, "\\Trash")) {
    return folders[*i];
  }
  return std::nullopt;
}

ServerFeatures
features_of(const std::vector<std::string>& capabilities)
{
  ServerFeatures f;
  for (const std::string& c : capabilities) {
    f.special_use = f.special_use || c == "SPECIAL-USE";
    f.list_status = f.list_status || c == "LIST-STATUS";
    f.xlist = f.xlist || c == "XLIST";
    f.gmail = f.gmail || c == "X-GM-EXT-1";
    f.move = f.move || c == "MOVE";
    f.uidplus = f.uidplus || c == "UIDPLUS";
  }
  // XLIST is Gmail's pre-RFC 6154 form: never when SPECIAL-USE is there.
  f.xlist = f.xlist && !f.special_use;
  return f;
}

std::string
folder_list_command(const ServerFeatures& f)
{
  if (f.list_status) {
    return std::string("LIST \"\" \"*\" RETURN (") + (f.special_use ? "SPECIAL-USE " : "")
           + "STATUS (UIDNEXT UIDVALIDITY MESSAGES))";
  }
  if (f.special_use) {
    return "LIST \"\" \"*\" RETURN (SPECIAL-USE)";
  }
  return f.xlist ? "XLIST \"\" \"*\"" : "LIST \"\" \"*\"";
}

std::map<std::string, FolderStatus>
parse_folder_status(const std::vector<ImapResponse>& responses)
{
  std::map<std::string, FolderStatus> out;
  for (const ImapResponse& r : responses) {
    // * STATUS mailbox (UIDNEXT 12 UIDVALIDITY 3)
    if (r.kind != ImapResponse::Kind::untagged || r.values.size() < 3
        || !iequals(r.values[0].text, "STATUS") || r.values[2].kind != ImapValue::Kind::list) {
      continue;
    }
    FolderStatus status;
    const auto& items = r.values[2].items;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      std::uint32_t n = 0;
      const std::string& v = items[i + 1].text;
      std::from_chars(v.data(), v.data() + v.size(), n);
      if (iequals(items[i].text, "UIDNEXT")) {
        status.uidnext = n;
      } else if (iequals(items[i].text, "UIDVALIDITY")) {
        status.uidvalidity = n;
      } else if (iequals(items[i].text, "MESSAGES")) {
        status.messages = n;
      }
    }
    out[r.values[1].text] = status;
  }
  return out;
}

} // namespace inboxprobe
