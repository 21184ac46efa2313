// Typed views of responses: capabilities, Gmail's FETCH items, STATUS, SEARCH,
// and the detection of a reply libcurl cut at a tag-like line.
#include "folder_read.hpp"
#include "folders.hpp"
#include "imap_response.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

namespace {

std::vector<ImapResponse>
parse(const std::string& stream)
{
  auto responses = parse_imap_responses(stream);
  REQUIRE(responses);
  return *responses;
}

} // namespace

TEST_CASE("the capabilities announced at login are read from the login exchange",
          "[receiver][unit]")
{
  // What libcurl's header callback collects on a fresh STARTTLS connection to
  // Dovecot, then our LIST (abridged).
  const auto responses = parse(
    "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] Dovecot ready.\r\n"
    "* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\n"
    "A001 OK Pre-login capabilities listed, post-login capabilities have more.\r\n"
    "A002 OK Begin TLS negotiation now.\r\n"
    "* CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=LOGIN\r\n"
    "A003 OK Pre-login capabilities listed, post-login capabilities have more.\r\n"
    "* CAPABILITY IMAP4rev1 LIST-STATUS SPECIAL-USE MOVE UIDPLUS\r\n"
    "A004 OK Logged in\r\n"
    "* LIST () \"/\" INBOX\r\n"
    "A005 OK List completed.\r\n");
  CHECK(login_capabilities(responses)
        == std::vector<std::string>{"IMAP4REV1", "LIST-STATUS", "SPECIAL-USE", "MOVE", "UIDPLUS"});
  // A login OK carrying the list as a response code (Gmail's form).
  const auto gmail = parse(
    "A003 OK [CAPABILITY IMAP4rev1 X-GM-EXT-1 XLIST] done\r\n"
    "A004 OK [CAPABILITY IMAP4rev1 X-GM-EXT-1 SPECIAL-USE] me authenticated\r\n"
    "A005 OK Success\r\n");
  CHECK(login_capabilities(gmail)
        == std::vector<std::string>{"IMAP4REV1", "X-GM-EXT-1", "SPECIAL-USE"});
  // A server that says nothing after login: ask.
  CHECK(login_capabilities(parse("A004 OK Logged in\r\nA005 OK done\r\n")).empty());
  CHECK(login_capabilities(parse("A005 OK done\r\n")).empty()); // a reused connection
}

TEST_CASE("the folder listing command follows the capabilities", "[receiver][unit]")
{
  struct Case
  {
    const char* name;
    std::vector<std::string> capabilities;
    const char* command;
  };
  const Case cases[] = {
    {"dovecot",
     {"IMAP4REV1", "SPECIAL-USE", "LIST-STATUS"},
     "LIST \"\" \"*\" RETURN (SPECIAL-USE STATUS (UIDNEXT UIDVALIDITY MESSAGES))"},
    {"zoho: XLIST, LIST-STATUS, no SPECIAL-USE",
     {"IMAP4REV1", "XLIST", "LIST-STATUS"},
     "LIST \"\" \"*\" RETURN (STATUS (UIDNEXT UIDVALIDITY MESSAGES))"},
    {"gmail today: SPECIAL-USE wins over XLIST",
     {"XLIST", "SPECIAL-USE", "X-GM-EXT-1"},
     "LIST \"\" \"*\" RETURN (SPECIAL-USE)"},
    {"old gmail: XLIST only", {"IMAP4REV1", "XLIST", "X-GM-EXT-1"}, "XLIST \"\" \"*\""},
    {"yahoo: nothing", {"IMAP4REV1", "MOVE", "UIDPLUS"}, "LIST \"\" \"*\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(folder_list_command(features_of(c.capabilities)) == c.command);
  }
  const ServerFeatures gmail = features_of({"XLIST", "SPECIAL-USE", "X-GM-EXT-1", "MOVE"});
  CHECK(gmail.gmail);
  CHECK(gmail.move);
  CHECK_FALSE(gmail.xlist);
  CHECK_FALSE(gmail.uidplus);
}

TEST_CASE("LIST-STATUS and STATUS replies give every folder's counters", "[receiver][unit]")
{
  const auto statuses = parse_folder_status(
    parse("* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n"
          "* STATUS \"INBOX\" (HIGHESTMODSEQ 41234 MESSAGES 60 RECENT 0 UIDNEXT 410 UIDVALIDITY 1 "
          "MAILBOXID (d0f3b017))\r\n"
          "* STATUS \"[Gmail]/Spam\" (UIDNEXT 1 UIDVALIDITY 3 MESSAGES 0)\r\n"
          "* STATUS Junk (UIDVALIDITY 1795957479 UIDNEXT 12)\r\n"
          "A005 OK Success\r\n"));
  REQUIRE(statuses.size() == 3);
  CHECK(statuses.at("INBOX").uidnext == 410);
  CHECK(statuses.at("INBOX").uidvalidity == 1);
  CHECK(statuses.at("INBOX").messages == 60);
  CHECK(statuses.at("[Gmail]/Spam").messages == 0);
  CHECK(statuses.at("Junk").uidvalidity == 1795957479);
  CHECK(statuses.at("Junk").messages == UINT32_MAX); // not asked
}

TEST_CASE("Gmail's message id and labels are read from FETCH", "[receiver][unit]")
{
  // The form Google documents for X-GM-EXT-1 (labels as astrings, system
  // labels with a backslash).
  const auto responses = parse(
    "* 1 FETCH (X-GM-MSGID 1278455344230334865 X-GM-LABELS (\\Inbox \\Important "
    "\"Muy Importante\" Work) UID 5 FLAGS (\\Seen) INTERNALDATE \"29-Nov-2026 12:33:18 +0000\")\r\n"
    "* 2 FETCH (UID 6 X-GM-LABELS () X-GM-MSGID 18446744073709551615)\r\n");
  const auto first = as_fetch(responses[0]);
  REQUIRE(first);
  CHECK(first->uid == 5);
  CHECK(first->gmail_msgid == 1278455344230334865ULL);
  CHECK(first->gmail_labels
        == std::vector<std::string>{"\\Inbox", "\\Important", "Muy Importante", "Work"});
  const auto second = as_fetch(responses[1]);
  REQUIRE(second);
  CHECK(second->gmail_labels.empty());
  CHECK(second->gmail_msgid == UINT64_MAX);
}

TEST_CASE("SEARCH replies give ascending UIDs, ESEARCH-free", "[receiver][unit]")
{
  CHECK(search_uids(parse("* SEARCH 9 3 5\r\nA1 OK done\r\n"))
        == std::vector<std::uint32_t>{3, 5, 9});
  CHECK(search_uids(parse("* SEARCH\r\nA1 OK done\r\n")).empty());
  CHECK(search_uids(parse("* 3 EXISTS\r\n* SEARCH 4\r\n")) == std::vector<std::uint32_t>{4});
}

TEST_CASE("a reply libcurl cut at a tag-like line is detected and resumable", "[receiver][unit]")
{
  // libcurl stops reading at "A007 OK" because it starts with its tag; the
  // literal announced 64 bytes and the rest never reached the callback.
  const std::string cut =
    "* 1 FETCH (UID 5 BODY[] {64}\r\n"
    "Subject: quoting IMAP\r\n\r\nA session:\r\nA007 OK Fetch completed\r\n";
  const auto parsed = parse_imap_responses(cut);
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().code == "imap.truncated");
  const auto partial = truncated_literal(cut);
  REQUIRE(partial);
  CHECK(*partial == "Subject: quoting IMAP\r\n\r\nA session:\r\nA007 OK Fetch completed\r\n");
  // Keep everything before the cut line and its first byte: the next partial
  // fetch starts at "007 OK", which is no tag.
  CHECK(usable_prefix(*partial) == "Subject: quoting IMAP\r\n\r\nA session:\r\nA");
  // The cut line as the literal's first line.
  CHECK(usable_prefix("A007 OK done\r\n") == "A");
  // A connection that dropped mid-line: all of it is the message's.
  CHECK(usable_prefix("Subject: x\r\nhal") == "Subject: x\r\nhal");
  // A whole reply, or one cut outside a literal, has no partial literal.
  CHECK_FALSE(truncated_literal("* 1 FETCH (UID 5 BODY[] {3}\r\nabc)\r\nA7 OK x\r\n"));
  CHECK_FALSE(truncated_literal("* 1 FETCH (UID 5"));
}
