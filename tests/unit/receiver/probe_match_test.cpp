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
