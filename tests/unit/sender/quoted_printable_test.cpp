#include <sender/quoted_printable.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("quoted-printable encodes per RFC 2045 section 6.7", "[sender][unit]")
{
  struct Case
  {
    const char* name;
    std::string in;
    std::string out;
  };
  const Case cases[] = {
    {"plain ascii", "Hello", "Hello\r\n"},
    {"LF becomes CRLF", "a\nb", "a\r\nb\r\n"},
    {"CR alone is a line break", "a\rb\r\n", "a\r\nb\r\n"},
    {"equals sign", "a=b", "a=3Db\r\n"},
    {"utf-8 bytes", "\xC3\xBC", "=C3=BC\r\n"},
    {"trailing space is encoded", "end \n", "end=20\r\n"},
    {"trailing tab is encoded", "end\t", "end=09\r\n"},
    {"inner spaces stay", "a b", "a b\r\n"},
    {"leading dot stays for SMTP to stuff", ".dot", ".dot\r\n"},
    {"empty lines survive", "a\n\nb", "a\r\n\r\nb\r\n"},
    {"NUL is encoded", std::string("a\0b", 3), "a=00b\r\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(encode_quoted_printable(c.in) == c.out);
  }
}

TEST_CASE("quoted-printable lines are at most 76 characters with soft breaks", "[sender][unit]")
{
  const std::string encoded = encode_quoted_printable(std::string(200, 'x'));
  CHECK(encoded
        == std::string(75, 'x') + "=\r\n" + std::string(75, 'x') + "=\r\n" + std::string(50, 'x')
             + "\r\n");
  // An encoded triple is never split by a soft break.
  const std::string utf8 = encode_quoted_printable(std::string(40, '\xC3'));
  std::size_t start = 0;
  while (start < utf8.size()) {
    const std::size_t end = utf8.find("\r\n", start);
    CHECK(end - start <= 76);
    const std::string line = utf8.substr(start, end - start);
    CHECK((line.size() % 3 == 0 || line.back() == '='));
    start = end + 2;
  }
}

TEST_CASE("quoted-printable decodes soft breaks, escapes and padding", "[sender][unit]")
{
  struct Case
  {
    const char* name;
    std::string in;
    std::string out;
  };
  const Case cases[] = {
    {"plain line", "Hello\r\n", "Hello\r\n"},
    {"no final break", "Hello", "Hello"},
    {"escaped bytes", "=C3=BC=3D", "\xC3\xBC="},
    {"lowercase hex", "=c3=bc", "\xC3\xBC"},
    {"soft line break", "ab=\r\ncd\r\n", "abcd\r\n"},
    {"LF line breaks", "a\nb\n", "a\r\nb\r\n"},
    {"trailing white space dropped", "end  \r\n", "end\r\n"},
    {"encoded trailing space kept", "end=20\r\n", "end \r\n"},
    {"stray equals sign kept", "a=zb", "a=zb"},
    {"equals at the very end is a soft break", "ab=", "ab"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(decode_quoted_printable(c.in) == c.out);
  }
}

TEST_CASE("quoted-printable round-trips UTF-8 text with long lines", "[sender][unit]")
{
  const std::string text =
    "Gr\xC3\xBC\xC3\x9F"
    "e\r\n"
    + std::string(300, 'x') + "\r\n.dot \r\n";
  CHECK(decode_quoted_printable(encode_quoted_printable(text)) == text);
}
