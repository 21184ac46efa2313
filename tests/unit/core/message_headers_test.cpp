#include <core/message_headers.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("header fields are split and unfolded top to bottom", "[core][unit]")
{
  const std::string message =
    "Received: from a\r\n"
    "\tby b; Sun, 29 Nov 2026 12:00:00 +0000\r\n"
    "Subject: hello\r\n"
    "subject : second\r\n"
    "\r\n"
    "Body: not a header\r\n";
  const auto fields = parse_header_fields(message);
  REQUIRE(fields.size() == 3);
  CHECK(fields[0].name == "Received");
  CHECK(unfold(fields[0].value) == "from a\tby b; Sun, 29 Nov 2026 12:00:00 +0000");
  CHECK(fields[2].name == "subject");
  CHECK(header_values(fields, "SUBJECT") == std::vector<std::string>{"hello", "second"});
  CHECK(message_body(message) == "Body: not a header\r\n");
}

TEST_CASE("header parsing tolerates bare LF, mbox lines and a missing blank line", "[core][unit]")
{
  SECTION("bare LF")
  {
    const auto fields = parse_header_fields("A: 1\nB: 2\n continued\n\nbody\n");
    REQUIRE(fields.size() == 2);
    CHECK(unfold(fields[1].value) == "2 continued");
    CHECK(message_body("A: 1\n\nbody\n") == "body\n");
  }
  SECTION("mbox From line is skipped")
  {
    const auto fields = parse_header_fields("From someone Sun Nov 29 12:00:00 2026\nA: 1\n\n");
    REQUIRE(fields.size() == 1);
    CHECK(fields[0].name == "A");
  }
  SECTION("a line without a colon ends the header section")
  {
    const auto fields = parse_header_fields("A: 1\nthis is body text\nB: 2\n");
    REQUIRE(fields.size() == 1);
  }
  SECTION("no header at all")
  {
    CHECK(parse_header_fields("").empty());
    CHECK(message_body("no blank line").empty());
  }
}

TEST_CASE("header parsing stops at the field limit", "[core][unit]")
{
  std::string message;
  for (std::size_t i = 0; i < k_max_header_fields + 50; ++i) {
    message += "X-Many: value\r\n";
  }
  CHECK(parse_header_fields(message).size() == k_max_header_fields);
}
