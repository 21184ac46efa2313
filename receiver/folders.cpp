// LIST/XLIST parsing and spam-folder selection (RFC 6154, RFC 3501 §7.2.2).
#include "folders.hpp"

#include "mailbox_name.hpp"

#include <array>
#include <cctype>

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
                 const std::vector<std::string>& preferred_junk_names)
{
  const auto junk = choose_junk_folder(folders, preferred_junk_names);
  std::vector<WatchedFolder> watched;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    const ImapFolder& f = folders[i];
    if (!f.selectable()) {
      continue;
    }
    if (iequals(f.wire_name, "INBOX") || f.has_attribute("\\Inbox")) {
      watched.push_back({f, FolderRole::inbox});
    } else if (junk && junk->index == i) {
      watched.push_back({f, FolderRole::junk});
    } else if (!f.has_attribute("\\Sent") && !f.has_attribute("\\Drafts")
               && !f.has_attribute("\\Trash") && !f.has_attribute("\\All")
               && !f.has_attribute("\\AllMail") && !f.has_attribute("\\Flagged")
               && !f.has_attribute("\\Important") && !f.has_attribute("\\Starred")) {
      watched.push_back({f, FolderRole::other});
    }
  }
  return watched;
}

} // namespace inboxprobe
