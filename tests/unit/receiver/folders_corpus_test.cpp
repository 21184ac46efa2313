// Folder discovery over the shared corpus' recorded LIST/XLIST replies
// (imap-folders/imap-list-cases.yaml): the spam folder and how it was found,
// and every modified UTF-7 name both ways.
#include "folders.hpp"
#include "mailbox_name.hpp"
#include "tests/support/corpus.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <iostream>

using namespace inboxprobe;

TEST_CASE("modified UTF-7 names of the corpus decode and re-encode exactly", "[receiver][corpus]")
{
  const YAML::Node doc =
    YAML::LoadFile(test::corpus_path("imap-folders/imap-list-cases.yaml").string());
  int passed = 0, failed = 0;
  for (const YAML::Node& pair : doc["mutf7"]) {
    const std::string wire = pair["wire"].as<std::string>();
    const std::string display = pair["display"].as<std::string>();
    CAPTURE(wire);
    const bool ok = decode_mutf7(wire) == display && encode_mutf7(display) == wire;
    CHECK(decode_mutf7(wire) == display);
    CHECK(encode_mutf7(display) == wire);
    ok ? ++passed : ++failed;
  }
  std::cout << "corpus imap-mutf7: " << passed << " passed, " << failed << " failed\n";
  CHECK(passed == 21);
}

TEST_CASE("the spam folder is found in every recorded provider listing", "[receiver][corpus]")
{
  const YAML::Node doc =
    YAML::LoadFile(test::corpus_path("imap-folders/imap-list-cases.yaml").string());
  // What the mail.ru preset (seeds/providers.toml) supplies; the other listings
  // need none.
  const std::vector<std::string> preset_names = {"Спам"};
  int passed = 0, failed = 0;
  for (const YAML::Node& listing : doc["listings"]) {
    const std::string id = listing["id"].as<std::string>();
    CAPTURE(id);
    const auto responses = parse_imap_responses(listing["response"].as<std::string>());
    REQUIRE(responses);
    const std::vector<ImapFolder> folders = parse_folder_list(*responses);
    const auto choice = choose_junk_folder(folders, preset_names);
    const YAML::Node expect = listing["expect"];
    bool ok = true;
    if (expect["junk"].IsNull()) {
      ok = !choice.has_value();
    } else {
      ok = choice && folders[choice->index].wire_name == expect["junk"].as<std::string>()
           && choice->found_by == expect["found_by"].as<std::string>();
      if (ok && expect["junk_display"]) {
        ok = folders[choice->index].name == expect["junk_display"].as<std::string>();
      }
    }
    if (ok && expect["names"]) {
      std::vector<std::string> names;
      for (const ImapFolder& f : folders) {
        names.push_back(f.name);
      }
      ok = names == expect["names"].as<std::vector<std::string>>();
    }
    CHECK(ok);
    ok ? ++passed : ++failed;
  }
  std::cout << "corpus imap-folders: " << passed << " passed, " << failed << " failed\n";
  CHECK(passed == 19);
}

TEST_CASE("watched folders are INBOX, junk and other deliverable folders", "[receiver][unit]")
{
  const auto responses = parse_imap_responses(
    "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
    "* LIST (\\Junk) \"/\" Junk\r\n"
    "* LIST (\\Sent) \"/\" Sent\r\n"
    "* LIST (\\Trash) \"/\" Trash\r\n"
    "* LIST () \"/\" Promotions\r\n"
    "* LIST (\\Noselect) \"/\" Archive\r\n");
  REQUIRE(responses);
  const auto watched = folders_to_watch(parse_folder_list(*responses), {});
  REQUIRE(watched.size() == 3);
  CHECK(watched[0].folder.name == "INBOX");
  CHECK(watched[0].role == FolderRole::inbox);
  CHECK(watched[1].folder.name == "Junk");
  CHECK(watched[1].role == FolderRole::junk);
  CHECK(watched[2].folder.name == "Promotions");
  CHECK(watched[2].role == FolderRole::other);
}

TEST_CASE("XLIST's localised inbox is watched as INBOX and Gmail's All Mail last",
          "[receiver][unit]")
{
  const auto responses = parse_imap_responses(
    "* XLIST (\\HasNoChildren \\Inbox) \"/\" \"Posteingang\"\r\n"
    "* XLIST (\\HasNoChildren \\AllMail) \"/\" \"[Gmail]/Alle Nachrichten\"\r\n"
    "* XLIST (\\HasNoChildren \\Spam) \"/\" \"[Gmail]/Spam\"\r\n"
    "* XLIST (\\HasNoChildren) \"/\" \"Work\"\r\n"
    "* XLIST (\\HasNoChildren \\Trash) \"/\" \"[Gmail]/Papierkorb\"\r\n");
  REQUIRE(responses);
  const auto folders = parse_folder_list(*responses);
  const auto without = folders_to_watch(folders, {});
  REQUIRE(without.size() == 3);
  CHECK(without[0].folder.wire_name == "INBOX");
  CHECK(without[0].folder.name == "INBOX");
  CHECK(without[1].folder.name == "[Gmail]/Spam");
  CHECK(without[1].role == FolderRole::junk);
  CHECK(without[2].folder.name == "Work");
  const auto with = folders_to_watch(folders, {}, ArchiveFolder::watch);
  REQUIRE(with.size() == 4);
  CHECK(with[3].folder.name == "[Gmail]/Alle Nachrichten");
  CHECK(with[3].archive);
  CHECK_FALSE(with[0].archive);
  REQUIRE(trash_folder(folders));
  CHECK(trash_folder(folders)->name == "[Gmail]/Papierkorb");
}

TEST_CASE("a junk folder without the junk flag is found by preset or override, spaces and all",
          "[receiver][unit]")
{
  const auto responses = parse_imap_responses(
    "* LIST (\\HasNoChildren) \"/\" INBOX\r\n"
    "* LIST (\\HasNoChildren) \"/\" \"Junk Email\"\r\n"
    "* LIST (\\HasNoChildren) \"/\" \"&BCEEPwQwBDw-\"\r\n"
    "* LIST (\\HasNoChildren) \"/\" Receipts\r\n");
  REQUIRE(responses);
  const auto folders = parse_folder_list(*responses);
  struct Case
  {
    const char* name;
    std::vector<std::string> preferred;
    const char* junk;
  };
  const Case cases[] = {
    {"outlook preset", {"Junk", "Junk Email", "Junk E-mail"}, "Junk Email"},
    {"localized override first", {"Спам", "Spam"}, "Спам"},
    {"no names: the generic list", {}, "Junk Email"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto choice = choose_junk_folder(folders, c.preferred);
    REQUIRE(choice);
    CHECK(folders[choice->index].name == c.junk);
    CHECK(choice->found_by == "name");
  }
}
