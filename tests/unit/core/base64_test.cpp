#include <core/base64.hpp>

#include <catch2/catch.hpp>
#include <mimetic/mimetic.h>

using namespace inboxprobe;

TEST_CASE("base64 encodes the RFC 4648 test vectors", "[core][unit]")
{
  struct Case
  {
    const char* in;
    const char* out;
  };
  // RFC 4648 §10.
  const Case cases[] = {{"", ""},
                        {"f", "Zg=="},
                        {"fo", "Zm8="},
                        {"foo", "Zm9v"},
                        {"foob", "Zm9vYg=="},
                        {"fooba", "Zm9vYmE="},
                        {"foobar", "Zm9vYmFy"}};
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(encode_base64(c.in) == c.out);
    CHECK(decode_base64_lenient(c.out) == c.in);
  }
}

TEST_CASE("a base64 body has 76-character CRLF lines", "[core][unit]")
{
  const std::string raw(120, '\xff'); // 160 characters encoded: 76 + 76 + 8
  const std::string body = encode_base64_body(raw);
  CHECK(body == std::string(76, '/') + "\r\n" + std::string(76, '/') + "\r\n" + "////////\r\n");
  CHECK(encode_base64_body(std::string(57, 'a')).size() == 76 + 2); // exactly one full line
  CHECK(encode_base64_body("").empty());
  CHECK(decode_base64_lenient(body) == raw);
}

TEST_CASE("base64 decoding skips line breaks and stops at padding", "[core][unit]")
{
  CHECK(decode_base64_lenient("Zm9v\r\nYmFy\r\n") == "foobar");
  CHECK(decode_base64_lenient("Zm9v YmE=\r\nignored") == "fooba");
  CHECK(decode_base64_lenient("Zm9vY") == "foo"); // an incomplete group gives no partial byte
  CHECK(decode_base64_lenient("!!!") == "");
}

TEST_CASE("mimetic's base64 encoder breaks lines with a bare LF, so core has its own",
          "[core][unit]")
{
  // Pins the behaviour that base64.hpp works around: if a mimetic upgrade fixes
  // it, this test says so.
  const std::string raw(60, 'a'); // 80 characters encoded
  std::string encoded;
  mimetic::Base64::Encoder encoder;
  mimetic::encode(raw.begin(), raw.end(), encoder, std::back_inserter(encoded));
  CHECK(encoded.find("\r\n") == std::string::npos);
  REQUIRE(encoded.find('\n') != std::string::npos);
  CHECK(encoded.find('\n') == 76);
  const std::string ours = encode_base64_body(raw);
  CHECK(ours.substr(0, 76) == encoded.substr(0, 76));
  CHECK(ours.substr(76, 2) == "\r\n");
}

TEST_CASE("strict base64 accepts folding space and refuses everything else", "[core][unit]")
{
  struct Case
  {
    const char* name;
    const char* in;
    std::optional<std::string> out;
  };
  const Case cases[] = {
    {"plain", "Zm9vYmFy", "foobar"},
    {"folded as in a b= tag", "Zm9v\r\n\tYmFy", "foobar"},
    {"padding", "Zm9vYg==", "foob"},
    {"bad character", "Zm9v!mFy", std::nullopt},
    {"data after padding", "Zg==Zm9v", std::nullopt},
    {"not a multiple of 4", "Zm9vY", std::nullopt},
    {"three padding characters", "Z===", std::nullopt},
    {"empty", "", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(decode_base64_strict(c.in) == c.out);
  }
}
