#include <sender/rfc2047.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("header text is encoded only when it is not plain ASCII", "[sender][unit]")
{
  CHECK(encode_header_text("Monthly update") == "Monthly update");
  CHECK(encode_header_text("Caf\xC3\xA9") == "=?UTF-8?B?Q2Fmw6k=?=");
  CHECK(encode_header_text("looks =?like?= a word") == "=?UTF-8?B?bG9va3MgPT9saWtlPz0gYSB3b3Jk?=");
}

TEST_CASE(
  "long non-ASCII text is split into words of at most 75 characters on "
  "character "
  "boundaries",
  "[sender][unit]")
{
  std::string text;
  for (int i = 0; i < 40; ++i) {
    text += "\xC3\xA9"; // é, 2 bytes
  }
  const std::string encoded = encode_header_text(text);
  std::size_t start = 0;
  int words = 0;
  while (start < encoded.size()) {
    std::size_t end = encoded.find(' ', start);
    if (end == std::string::npos) {
      end = encoded.size();
    }
    const std::string word = encoded.substr(start, end - start);
    CHECK(word.size() <= 75);
    CHECK(word.rfind("=?UTF-8?B?", 0) == 0);
    ++words;
    start = end + 1;
  }
  CHECK(words == 2); // 80 bytes: 44 + 36 (45 would split an é)
}

TEST_CASE("a non-ASCII display name is encoded and the address kept", "[sender][unit]")
{
  CHECK(encode_address_field("Alice <a@x.test>") == "Alice <a@x.test>");
  CHECK(encode_address_field("<a@x.test>") == "<a@x.test>");
  CHECK(encode_address_field("\"Zo\xC3\xAB\" <z@x.test>") == "=?UTF-8?B?Wm/Dqw==?= <z@x.test>");
}
