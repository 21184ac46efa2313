#include "smtp_reply.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("multi-line SMTP replies give code, enhanced code and text", "[sender][unit]")
{
  const auto reply = parse_smtp_reply({"550-5.1.1 The email account that you tried to reach",
                                       "550-5.1.1 does not exist.",
                                       "550 5.1.1 https://support.example/answer x1 - gsmtp"});
  REQUIRE(reply);
  CHECK(reply->code == 550);
  CHECK(reply->enhanced_code == "5.1.1");
  CHECK(reply->text
        == "The email account that you tried to reach\ndoes not exist.\n"
           "https://support.example/answer x1 - gsmtp");

  const auto bare = parse_smtp_reply({"221"});
  REQUIRE(bare);
  CHECK(bare->code == 221);
  CHECK(bare->text.empty());
  CHECK_FALSE(parse_smtp_reply({"hello"}).has_value());
  CHECK_FALSE(parse_smtp_reply({}).has_value());
}

TEST_CASE("enhanced status codes follow RFC 3463 syntax", "[sender][unit]")
{
  struct Case
  {
    const char* text;
    const char* code;
  };
  const Case cases[] = {{"5.7.1 rejected", "5.7.1"},
                        {"2.0.0 Ok", "2.0.0"},
                        {"4.7.0 try later", "4.7.0"},
                        {"5.7.123 long detail", "5.7.123"},
                        {"3.1.1 no such class", ""},
                        {"5.1 too short", ""},
                        {"5.1.1234 detail too long", ""},
                        {"Ok: queued", ""},
                        {"5.7.1", "5.7.1"}};
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(leading_enhanced_code(c.text) == c.code);
  }
}

TEST_CASE("queue ids are extracted from the common servers' replies", "[sender][unit]")
{
  struct Case
  {
    const char* server;
    const char* text;
    const char* id;
  };
  const Case cases[] = {
    {"postfix", "2.0.0 Ok: queued as 4ZxK1q2Lr9z3vN", "4ZxK1q2Lr9z3vN"},
    {"exim", "OK id=1tQ2aB-000123-4C", "1tQ2aB-000123-4C"},
    {"gmail", "2.0.0 OK  1732873000 a1-20020a17090a123.45 - gsmtp", "a1-20020a17090a123.45"},
    {"microsoft",
     "2.6.0 <abc@host.example> [InternalId=1, Hostname=X] Queued mail for "
     "delivery",
     "<abc@host.example>"},
    {"ses", "Ok 0100018f2b3c4d5e-aaaa-bbbb", "0100018f2b3c4d5e-aaaa-bbbb"},
    {"sendmail", "2.0.0 4ATC1234567 Message accepted for delivery", "4ATC1234567"},
    {"bare ok", "2.0.0 Ok", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.server);
    CHECK(extract_queue_id(c.text) == c.id);
  }
}
