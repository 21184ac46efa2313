#include "imap_response.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("a FETCH response with a literal is parsed by byte count, not by lines",
          "[receiver][unit]")
{
  // The literal holds lines that look like responses: an untagged EXISTS and a
  // tagged OK.
  const std::string body = "Subject: hi\r\n\r\n* 5 EXISTS\r\nA006 OK fake\r\n";
  const std::string stream =
    "* 1 FETCH (UID 7 FLAGS (\\Seen $Label) INTERNALDATE "
    "\"29-Nov-2026 12:33:18 +0100\" RFC822.SIZE 44 BODY[] {"
    + std::to_string(body.size()) + "}\r\n" + body + ")\r\nA006 OK Fetch completed.\r\n";
  const auto responses = parse_imap_responses(stream);
  REQUIRE(responses);
  REQUIRE(responses->size() == 2);
  const auto fetch = as_fetch((*responses)[0]);
  REQUIRE(fetch);
  CHECK(fetch->sequence == 1);
  CHECK(fetch->uid == 7);
  CHECK(fetch->flags == std::vector<std::string>{"\\Seen", "$Label"});
  CHECK(fetch->internaldate == "29-Nov-2026 12:33:18 +0100");
  CHECK(fetch->rfc822_size == 44);
  REQUIRE(fetch->section("BODY[]"));
  CHECK(*fetch->section("BODY[]") == body);
  CHECK((*responses)[1].kind == ImapResponse::Kind::tagged);
  CHECK((*responses)[1].tag == "A006");
}

TEST_CASE("bracketed section names with spaces stay one atom", "[receiver][unit]")
{
  const auto responses = parse_imap_responses(
    "* 3 FETCH (UID 9 BODY[HEADER.FIELDS (X-A MESSAGE-ID)] "
    "{6}\r\nX-A:1\n)\r\n");
  REQUIRE(responses);
  const auto fetch = as_fetch((*responses)[0]);
  REQUIRE(fetch);
  REQUIRE(fetch->section("BODY[HEADER.FIELDS (X-A MESSAGE-ID)]"));
  CHECK(*fetch->section("BODY[HEADER.FIELDS (X-A MESSAGE-ID)]") == "X-A:1\n");
}

TEST_CASE("status responses keep their free text whole", "[receiver][unit]")
{
  const auto responses = parse_imap_responses(
    "* OK [UIDVALIDITY 1795955598] UIDs valid\r\n"
    "* OK Dovecot \"ready (unbalanced\r\n"
    "A005 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n"
    "+ Ready for literal data\r\n");
  REQUIRE(responses);
  REQUIRE(responses->size() == 4);
  CHECK((*responses)[0].values[1].text == "[UIDVALIDITY 1795955598] UIDs valid");
  CHECK((*responses)[1].values[1].text == "Dovecot \"ready (unbalanced");
  CHECK((*responses)[3].kind == ImapResponse::Kind::continuation);
}

TEST_CASE("truncated and malformed streams are errors, never crashes", "[receiver][unit]")
{
  struct Case
  {
    const char* name;
    std::string stream;
    const char* code;
  };
  const Case cases[] = {
    {"literal cut short", "* 1 FETCH (BODY[] {100}\r\nonly a little\r\n", "imap.truncated"},
    {"quoted string cut", "* LIST () \"/\" \"INBOX", "imap.truncated"},
    {"list never closed", "* 1 FETCH (UID 1", "imap.truncated"},
    {"bad literal length", "* 1 FETCH (BODY[] {12x}\r\n", "imap.malformed"},
    {"too deep", "* X " + std::string(100, '(') + "\r\n", "imap.malformed"},
    {"line break in list", "* 1 FETCH (UID 1\r\nUID 2)\r\n", "imap.malformed"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto responses = parse_imap_responses(c.stream);
    REQUIRE_FALSE(responses);
    CHECK(responses.error().code == c.code);
  }
  const auto too_large = parse_imap_responses("* 1 FETCH (BODY[] {999999999}\r\n", 1000);
  REQUIRE_FALSE(too_large);
  CHECK(too_large.error().code == "imap.too_large");
}

TEST_CASE("INTERNALDATE converts to UTC epoch seconds", "[receiver][unit]")
{
  struct Case
  {
    const char* text;
    std::optional<std::int64_t> at;
  };
  const Case cases[] = {
    {"29-Nov-2026 12:33:18 +0000", 1'795'955'598},
    {"29-Nov-2026 13:33:18 +0100", 1'795'955'598},
    {"29-Nov-2026 07:03:18 -0530", 1'795'955'598},
    {" 9-Nov-2026 00:00:00 +0000", 1'794'182'400},
    {"29-Foo-2026 12:33:18 +0000", std::nullopt},
    {"29-Nov-2026 25:00:00 +0000", std::nullopt},
    {"garbage", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(parse_internaldate(c.text) == c.at);
  }
}
