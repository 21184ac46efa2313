#include "probe_match.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("probes are matched by header first, then by Message-ID, and only if issued",
          "[receiver][unit]")
{
  const std::map<std::string, std::int64_t> tokens = {{"abcdefghijklmnopqrstuvw2", 11},
                                                      {"zyxwvutsrqponmlkjihgfed3", 12}};
  struct Case
  {
    const char* name;
    std::string header;
    std::optional<std::int64_t> id;
    const char* by;
  };
  const Case cases[] = {
    {"header", "X-Inboxprobe-Probe: abcdefghijklmnopqrstuvw2\r\n\r\n", 11, "header"},
    {"header folded and uppercase",
     "x-inboxprobe-probe:\r\n ABCDEFGHIJKLMNOPQRSTUVW2\r\n\r\n",
     11,
     "header"},
    {"message-id only",
     "Message-ID: <zyxwvutsrqponmlkjihgfed3.probe@sender.test>\r\n\r\n",
     12,
     "message-id"},
    {"token not issued by this run",
     "X-Inboxprobe-Probe: aaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n",
     std::nullopt,
     ""},
    {"token inside a longer run does not count",
     "Message-ID: <xabcdefghijklmnopqrstuvw2@x>\r\n\r\n",
     std::nullopt,
     ""},
    {"token in the subject does not count",
     "Subject: abcdefghijklmnopqrstuvw2\r\n\r\n",
     std::nullopt,
     ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto match = match_probe(c.header, tokens);
    REQUIRE(match.has_value() == c.id.has_value());
    if (match) {
      CHECK(match->probe_id == *c.id);
      CHECK(match->matched_by == c.by);
    }
  }
}

TEST_CASE("the body is a bounded fallback that also ties a bounce to its probe", "[receiver][unit]")
{
  const std::map<std::string, std::int64_t> tokens = {{"abcdefghijklmnopqrstuvw2", 11}};
  struct Case
  {
    const char* name;
    std::string message;
    std::optional<std::int64_t> id;
    const char* by;
  };
  const std::string far(k_body_match_bytes, 'x');
  const Case cases[] = {
    {"header wins over body",
     "X-Inboxprobe-Probe: abcdefghijklmnopqrstuvw2\r\n\r\nReference: abcdefghijklmnopqrstuvw2\r\n",
     11,
     "header"},
    {"rewritten header and Message-ID: the body line",
     "Message-ID: <x@relay>\r\n\r\nHello\r\nReference: abcdefghijklmnopqrstuvw2\r\n",
     11,
     "body"},
    {"a bounce quoting the probe's header",
     "Subject: Undelivered Mail\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
     "X-Inboxprobe-Probe: abcdefghijklmnopqrstuvw2\r\n",
     11,
     "body"},
    {"token glued to other token characters is not a token",
     "Subject: x\r\n\r\nabcdefghijklmnopqrstuvw2abc\r\n",
     std::nullopt,
     ""},
    {"beyond the body bound",
     "Subject: x\r\n\r\n" + far + " abcdefghijklmnopqrstuvw2\r\n",
     std::nullopt,
     ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto match = match_message(c.message, tokens);
    CHECK((match ? std::optional<std::int64_t>(match->probe_id) : std::nullopt) == c.id);
    if (match) {
      CHECK(match->matched_by == c.by);
    }
  }
}
