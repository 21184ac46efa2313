#include <analysis/received.hpp>

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using namespace inboxprobe;

TEST_CASE("RFC 5322 dates, obsolete forms included, become UTC epoch seconds", "[analysis][unit]")
{
  struct Case
  {
    const char* text;
    std::optional<std::int64_t> epoch;
  };
  const Case cases[] = {
    {"Mon, 11 Feb 2019 11:23:41 +0100 (CET)", 1549880621},
    {"16 Sep 2022 12:10 +0200", 1663323000},
    {"Mon,  7 Nov 2022 23:51:05 -0800 (PST)", 1667893865},
    {"7 Mar 2011 19:23:23 -0000", 1299525803},
    {"Tue, 3 Jan 17 12:22:54 EST", 1483464174},
    {"Tue, 3 Jan 99 12:22:54 GMT", 915366174},
    {"1 Jan 100 00:00:00 UT", 946684800}, // three-digit year: 1900 + 100
    {"Wed, 1 Jan 2020 12:00:00 Z", 1577880000},
    {"Wed (day), 1 (one) Jan 2020 12 : 00 : 00 (noon) +0000", 1577880000},
    {"mon 29 feb 2016 23:59:60 +0000", 1456790400}, // leap day, leap second
    {"Thu, 1 Jan 1970 00:00:00 +0100", -3600},
    {"Tue, 3 Jan 2017 12:31:41 -080", std::nullopt},
    {"Tue, 3 Jan 2017 12:31:41", std::nullopt},
    {"Tue, 3 Jan 2017 12:31:41 +0160", std::nullopt},
    {"Tue, 3 Jan 2017 12:31:41 J", std::nullopt},
    {"29 Feb 2017 00:00:00 +0000", std::nullopt},
    {"31 Apr 2017 00:00:00 +0000", std::nullopt},
    {"1 Jan 2017 24:00:00 +0000", std::nullopt},
    {"1 Foo 2017 00:00:00 +0000", std::nullopt},
    {"1 Jan 1850 00:00:00 +0000", std::nullopt},
    {"1 Jan 2017 00:00:00 +0000 extra", std::nullopt},
    {"1 Jan 2017 00:00:00 +0000 (unterminated", std::nullopt},
    {"", std::nullopt},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(parse_rfc5322_date(c.text) == c.epoch);
  }
}

TEST_CASE("Epoch seconds print as RFC 3339 UTC", "[analysis][unit]")
{
  CHECK(format_utc_iso(0) == "1970-01-01T00:00:00Z");
  CHECK(format_utc_iso(1549880621) == "2019-02-11T10:23:41Z");
  CHECK(format_utc_iso(1456790399) == "2016-02-29T23:59:59Z");
  CHECK(format_utc_iso(-1) == "1969-12-31T23:59:59Z");
}

TEST_CASE("Received fields give their clauses and date, top to bottom", "[analysis][unit]")
{
  const std::string message =
    "Received: from a.example (a.example [192.0.2.1]) (from me; really)\r\n"
    "\tby mx.inbox.test (Postfix) with ESMTPS id 4AbC\r\n"
    "\tfor <seed1@inbox.test>; Thu, 2 Jan 2020 10:00:05 +0100\r\n"
    "Received: (qmail 1 invoked by uid 3013); 2 Jan 2020 09:00:00 -0000\r\n"
    "Received: from b.example by c.example with SMTP id 42\r\n"
    "Subject: x\r\n\r\nbody\r\n";
  const std::vector<ReceivedHop> hops = parse_received_chain(parse_header_fields(message));
  REQUIRE(hops.size() == 3);
  CHECK(hops[0].from == "a.example");
  CHECK(hops[0].by == "mx.inbox.test");
  CHECK(hops[0].with == "ESMTPS");
  CHECK(hops[0].id == "4AbC");
  CHECK(hops[0].for_ == "<seed1@inbox.test>");
  CHECK(hops[0].date_at == 1577955605);
  CHECK(hops[0].raw.find("\r\n") == std::string::npos);
  CHECK(hops[1].from.empty());
  CHECK(hops[1].by.empty());
  CHECK(hops[1].date_at == 1577955600);
  CHECK(hops[2].from == "b.example");
  CHECK(hops[2].id == "42");
  CHECK_FALSE(hops[2].date_at.has_value());
}
