// Hostile messages (issue: hostile input): each is generated at test time and
// analysed with every pass on (DKIM keys, DNS from maps). The analysis must
// finish with the finding that names the problem; the time bound is the ctest
// TIMEOUT of this executable (tests/unit/analysis/CMakeLists.txt), not a timed
// assertion.
#include <analysis/analyze.hpp>
#include <analysis/dkim_keys.hpp>
#include <analysis/dns_resolver.hpp>
#include <analysis/message_limits.hpp>
#include <core/message_headers.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace inboxprobe;

namespace {

const std::string k_head =
  "From: alice@sender.test\r\n"
  "To: seed1@inbox.test\r\n"
  "Subject: hostile\r\n"
  "DKIM-Signature: v=1; a=rsa-sha256; d=sender.test; s=lab; "
  "h=from:to:subject; bh=AAAA; b=AAAA\r\n";

// Every pass on: keys and DNS answer from (empty) maps, so nothing leaves the
// process.
ProbeResult
analyze(const std::string& message)
{
  static const MapKeyLookup keys;
  static const MapDnsResolver dns;
  AnalysisContext context;
  context.trusted_authserv_ids = {"mx.inbox.test"};
  context.dkim_keys = &keys;
  context.dns = &dns;
  return analyze_message(message, context);
}

bool
has(const ProbeResult& result, const std::string& code)
{
  return std::any_of(result.findings.begin(), result.findings.end(), [&](const Finding& f) {
    return f.code == code;
  });
}

// `depth` multiparts nested in one another around a text part.
std::string
nested_multiparts(int depth)
{
  std::string open;
  std::string close;
  for (int i = 0; i < depth; ++i) {
    const std::string boundary = "b" + std::to_string(i);
    open +=
      "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary + "\r\n";
    close = "\r\n--" + boundary + "--\r\n" + close;
  }
  return k_head + "MIME-Version: 1.0\r\n" + open + "Content-Type: text/plain\r\n\r\ndeep" + close;
}

} // namespace

TEST_CASE("a 10 MB header section is analysed from its first megabyte", "[analysis][unit]")
{
  std::string message = k_head + "X-Filler: start";
  while (message.size() < 10 * 1024 * 1024) {
    message += "\r\n x-filler-continuation-" + std::to_string(message.size());
  }
  message += "\r\n\r\nbody\r\n";
  const ProbeResult result = analyze(message);
  CHECK(has(result, "message.header_too_large"));
  // The body was not read: no DKIM verdict from a cut message.
  CHECK(result.own_dkim.empty());
  CHECK_FALSE(has(result, "dkim.body_hash_mismatch"));
}

TEST_CASE("a message of 100,000 header lines is analysed from its first fields", "[analysis][unit]")
{
  std::string message = k_head;
  for (int i = 0; i < 100'000; ++i) {
    message += "A:\r\n";
  }
  message += "\r\nbody\r\n";
  const ProbeResult result = analyze(message);
  CHECK(has(result, "message.too_many_fields"));
  CHECK_FALSE(has(result, "message.header_too_large"));
  CHECK(parse_header_fields(message).size() == k_max_header_fields);
}

TEST_CASE("NUL bytes and header bytes that are not UTF-8 are findings", "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    std::string message;
    bool nul;
    bool not_utf8;
  };
  const Case cases[] = {
    {"clean", k_head + "\r\nbody\r\n", false, false},
    {"NUL in the body", k_head + "\r\nbo" + std::string(1, '\0') + "dy\r\n", true, false},
    {"NUL in a field",
     "X-A: a" + std::string(1, '\0') + "b\r\n" + k_head + "\r\nx\r\n",
     true,
     false},
    {"Latin-1 subject", "Subject: caf\xE9\r\n" + k_head + "\r\nx\r\n", false, true},
    {"UTF-8 subject", "Subject: caf\xC3\xA9\r\n" + k_head + "\r\nx\r\n", false, false},
    {"overlong UTF-8", "X-A: \xC0\xAF\r\n" + k_head + "\r\nx\r\n", false, true},
    {"cut UTF-8 at the end of a field", "X-A: \xE2\x82\r\n" + k_head + "\r\nx\r\n", false, true},
    {"Latin-1 in the body only", k_head + "\r\ncaf\xE9\r\n", false, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const ProbeResult result = analyze(c.message);
    CHECK(has(result, "message.nul_byte") == c.nul);
    CHECK(has(result, "message.header_not_utf8") == c.not_utf8);
  }
}

TEST_CASE("MIME nested 1,000 deep is read to the depth limit", "[analysis][unit]")
{
  const ProbeResult deep = analyze(nested_multiparts(1000));
  CHECK(has(deep, "mime.too_deep"));
  const ProbeResult shallow = analyze(nested_multiparts(k_max_mime_depth));
  CHECK_FALSE(has(shallow, "mime.too_deep"));
  const ProbeResult over = analyze(nested_multiparts(k_max_mime_depth + 1));
  CHECK(has(over, "mime.too_deep"));
}

TEST_CASE("broken base64 and quoted-printable bodies are findings", "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    const char* encoding;
    std::string body;
    std::string finding; // empty: none
  };
  const Case cases[] = {
    {"good base64", "base64", "aGVsbG8gd29y\r\nbGQ=\r\n", ""},
    {"base64 with a stray byte", "base64", "aGVsbG8*d29ybGQ=\r\n", "mime.bad_base64"},
    {"base64 cut mid-group", "base64", "aGVsbG8gd29ybG\r\n", "mime.bad_base64"},
    {"base64 data after padding", "base64", "aGVsbA==bG8=\r\n", "mime.bad_base64"},
    {"base64 of binary garbage", "BASE64", std::string("\x80\xff\0\x01", 4), "mime.bad_base64"},
    {"good quoted-printable", "quoted-printable", "caf=C3=A9 soft=\r\nbreak =20\r\n", ""},
    {"QP with a bad escape", "quoted-printable", "caf=G3\r\n", "mime.bad_quoted_printable"},
    {"QP with = before text", "quoted-printable", "a = b\r\n", "mime.bad_quoted_printable"},
    {"QP cut after =", "quoted-printable", "end=4", "mime.bad_quoted_printable"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string message =
      k_head + "MIME-Version: 1.0\r\n" + "Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n"
      + "--x\r\nContent-Type: text/plain\r\n\r\nfirst\r\n"
      + "--x\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: " + c.encoding + "\r\n\r\n"
      + c.body + "\r\n--x--\r\n";
    const ProbeResult result = analyze(message);
    CHECK(has(result, "mime.bad_base64") == (c.finding == "mime.bad_base64"));
    CHECK(has(result, "mime.bad_quoted_printable") == (c.finding == "mime.bad_quoted_printable"));
  }
}

TEST_CASE("a 50 MB body is not read: the message is analysed from its header section",
          "[analysis][unit]")
{
  std::string message = k_head + "Authentication-Results: mx.inbox.test; spf=pass "
                                 "smtp.mailfrom=alice@sender.test\r\n\r\n";
  message.append(50 * 1024 * 1024, 'a');
  const ProbeResult result = analyze(message);
  CHECK(has(result, "message.too_large"));
  CHECK(result.own_dkim.empty());         // the body was not hashed
  CHECK(result.spf == AuthVerdict::pass); // the header section was read
}
