#include "mailbox_name.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("modified UTF-7 rejects what RFC 3501 forbids", "[receiver][unit]")
{
  CHECK_FALSE(decode_mutf7("&BCEEPwQwBDw").has_value()); // no closing '-'
  CHECK_FALSE(decode_mutf7("&!!!-").has_value());        // not base64
  CHECK_FALSE(decode_mutf7("caf\xC3\xA9").has_value());  // raw 8-bit
  CHECK(decode_mutf7("Sent Items") == "Sent Items");
  CHECK(encode_mutf7("\xF0\x9F\x93\xA7") == "&2D3c5w-"); // U+1F4E7, a surrogate pair
  CHECK(decode_mutf7("&2D3c5w-") == "\xF0\x9F\x93\xA7");
}

TEST_CASE("mailbox names are quoted and URL-encoded for the wire", "[receiver][unit]")
{
  CHECK(quote_mailbox("INBOX") == "INBOX");
  CHECK(quote_mailbox("Junk E-mail") == "\"Junk E-mail\"");
  CHECK(quote_mailbox("[Gmail]/Spam") == "\"[Gmail]/Spam\"");
  CHECK(quote_mailbox("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(url_encode_mailbox("Junk E-mail") == "Junk%20E-mail");
  CHECK(url_encode_mailbox("[Gmail]/Spam") == "%5BGmail%5D/Spam");
  CHECK(url_encode_mailbox("&BCEEPwQwBDw-") == "%26BCEEPwQwBDw-");
}

TEST_CASE("a name that is not UTF-8 encodes as U+FFFD and decodes back", "[receiver][unit]")
{
  struct Case
  {
    const char* utf8;
    const char* wire;
  };
  const Case cases[] = {
    // A lone surrogate, once "&2AA-" that no decoder reads: each byte replaced.
    {"\xED\xA0\x80", "&,,3,,f,9-"},
    {"a\xF4\x90\x80\x80", "a&,,3,,f,9,,0-"}, // above U+10FFFF
    {"\xE0\x80\xAF", "&,,3,,f,9-"},          // overlong '/'
    {"\xC3\xA9", "&AOk-"},                   // a real é still encodes
  };
  for (const Case& c : cases) {
    CAPTURE(c.utf8);
    const std::string wire = encode_mutf7(c.utf8);
    CHECK(wire == c.wire);
    CHECK(decode_mutf7(wire).has_value());
  }
}
