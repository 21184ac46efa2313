#include <reports/html_escape.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

const std::string k_fffd = "\xEF\xBF\xBD";

struct Case
{
  const char* name;
  std::string input;
  std::string text;      // escape_html_text
  std::string attribute; // escape_html_attribute
};

} // namespace

TEST_CASE("markup, quotes and ampersands are escaped in text and attributes", "[reports][unit]")
{
  const std::vector<Case> cases = {
    {"script element",
     "<script>alert(1)</script>",
     "&lt;script&gt;alert(1)&lt;/script&gt;",
     "&lt;script&gt;alert(1)&lt;/script&gt;"},
    {"attribute breakout",
     "\"><img src=x onerror=alert(1)>",
     "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
     "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"},
    {"style end tag", "</style>", "&lt;/style&gt;", "&lt;/style&gt;"},
    {"javascript URL text is inert text",
     "javascript:alert(1)",
     "javascript:alert(1)",
     "javascript:alert(1)"},
    {"apostrophe", "'", "&#39;", "&#39;"},
    {"an entity is escaped again", "&amp;", "&amp;amp;", "&amp;amp;"},
    {"tab, newline and backtick", "a\tb\nc`d", "a\tb\nc`d", "a&#9;b&#10;c&#96;d"},
    {"plain text", "Inbox / Spam 50%", "Inbox / Spam 50%", "Inbox / Spam 50%"},
    {"empty", "", "", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(escape_html_text(c.input) == c.text);
    CHECK(escape_html_attribute(c.input) == c.attribute);
  }
}

TEST_CASE("bidi overrides and isolates are shown as visible code point names", "[reports][unit]")
{
  const std::vector<Case> cases = {
    {"RLO U+202E", "a\u202Eexe.pdf", "a&lt;U+202E&gt;exe.pdf", ""},
    {"LRE U+202A", "\u202A", "&lt;U+202A&gt;", ""},
    {"PDF U+202C", "\u202C", "&lt;U+202C&gt;", ""},
    {"LRI U+2066", "\u2066x", "&lt;U+2066&gt;x", ""},
    {"PDI U+2069", "\u2069", "&lt;U+2069&gt;", ""},
    {"U+202F is not a bidi control", "1\u202F000", "1\u202F000", ""},
    {"U+2065 is not a bidi control", "\u2065", "\u2065", ""},
    {"Hebrew text itself is kept", "\u05E9\u05DC\u05D5\u05DD", "\u05E9\u05DC\u05D5\u05DD", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(escape_html_text(c.input) == c.text);
    CHECK(escape_html_attribute(c.input) == c.text);
  }
}

TEST_CASE("invalid UTF-8 becomes one U+FFFD per maximal ill-formed subpart", "[reports][unit]")
{
  const std::vector<Case> cases = {
    {"stray 0xFF",
     "a\xFF"
     "b",
     "a" + k_fffd + "b",
     ""},
    {"lone continuation", "\x80", k_fffd, ""},
    {"truncated 2-byte at end", "x\xC3", "x" + k_fffd, ""},
    {"truncated 3-byte is one subpart", "\xE2\x82", k_fffd, ""},
    {"truncated 3-byte before ASCII",
     "\xE2\x82"
     "A",
     k_fffd + "A",
     ""},
    {"overlong slash", "\xC0\xAF", k_fffd + k_fffd, ""},
    {"overlong 3-byte", "\xE0\x80\xAF", k_fffd + k_fffd + k_fffd, ""},
    {"UTF-16 surrogate", "\xED\xA0\x80", k_fffd + k_fffd + k_fffd, ""},
    {"above U+10FFFF", "\xF4\x90\x80\x80", k_fffd + k_fffd + k_fffd + k_fffd, ""},
    {"lead byte then '<'", "\xC3<", k_fffd + "&lt;", ""},
    {"valid 2, 3 and 4 byte forms",
     "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80",
     "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80",
     ""},
    {"U+FFFD itself", k_fffd, k_fffd, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(escape_html_text(c.input) == c.text);
    CHECK(escape_html_attribute(c.input) == c.text);
  }
}

TEST_CASE("control characters other than tab and newline become U+FFFD", "[reports][unit]")
{
  const std::vector<Case> cases = {
    {"NUL", std::string("a\0b", 3), "a" + k_fffd + "b", ""},
    {"CR", "a\r\nb", "a" + k_fffd + "\nb", "a" + k_fffd + "&#10;b"},
    {"ESC (terminal escape)", "\x1B[31m", k_fffd + "[31m", ""},
    {"DEL", "\x7F", k_fffd, ""},
    {"C1 NEL U+0085", "\xC2\x85", k_fffd, ""},
    {"C1 CSI U+009B", "\xC2\x9B", k_fffd, ""},
    {"U+00A0 is not a control", "\xC2\xA0", "\xC2\xA0", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(escape_html_text(c.input) == c.text);
    CHECK(escape_html_attribute(c.input) == (c.attribute.empty() ? c.text : c.attribute));
  }
}
