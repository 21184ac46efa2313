// A user's own message with the probe token injected: header fields replaced,
// removed and added, the reference line in every text part that may take it,
// everything else byte for byte.
#include "eml_inject.hpp"

#include <core/base64.hpp>
#include <core/message_headers.hpp>

#include <catch2/catch.hpp>
#include <mimetic/mimetic.h>

using namespace inboxprobe;

namespace {

const std::string k_token = "abcdefghijklmnopqrstuvw2";

Probe
probe()
{
  return {1, "run", k_token, "provider-a", "seed1@inbox.test", "newsletter"};
}

Route
route()
{
  Route r;
  r.name = "provider-a";
  r.mail_from = "alice@sender.test";
  r.headers = {{"X-Route", "a"}};
  return r;
}

ComposedMessage
inject(const std::string& eml)
{
  Content content;
  content.name = "newsletter";
  content.headers = {{"X-Lab-Spam", "yes"}};
  auto composed = inject_probe_token(eml, probe(), route(), content, 1'795'000'000'000);
  REQUIRE(composed);
  return *composed;
}

std::string
body_of(const std::string& message)
{
  return std::string(message_body(message));
}

} // namespace

TEST_CASE("an eml gets new Date, To and Message-ID, loses transport fields, keeps the rest",
          "[sender][unit]")
{
  // LF line endings, as files saved by mail clients often have them.
  const std::string eml =
    "Received: from mx.example by relay\n"
    "DKIM-Signature: v=1; a=rsa-sha256; d=esp.example;\n"
    " b=abc\n"
    "ARC-Seal: i=1; cv=none\n"
    "From: Newsletter <news@sender.test>\n"
    "To: Subscriber <list@example.com>\n"
    "Cc: boss@example.com\n"
    "Bcc: hidden@example.com\n"
    "Subject: November update\n"
    "Date: Mon, 2 Nov 2026 08:00:00 +0100\n"
    "Message-ID: <old@esp.example>\n"
    "List-Unsubscribe: <https://sender.test/u>\n"
    "\n"
    "Hello,\n"
    ".csv is the default now.\n";
  const ComposedMessage m = inject(eml);
  CHECK(m.message_id == k_token + ".probe@sender.test");
  CHECK(m.bytes
        == "From: Newsletter <news@sender.test>\r\n"
           "To: <seed1@inbox.test>\r\n"
           "Subject: November update\r\n"
           "Date: Wed, 18 Nov 2026 11:06:40 +0000\r\n"
           "Message-ID: <"
             + k_token
             + ".probe@sender.test>\r\n"
               "List-Unsubscribe: <https://sender.test/u>\r\n"
               "X-Inboxprobe-Probe: "
             + k_token
             + "\r\n"
               "X-Route: a\r\n"
               "X-Lab-Spam: yes\r\n"
               "\r\n"
               "Hello,\r\n"
               ".csv is the default now.\r\n"
               "\r\n"
               "Reference: "
             + k_token + "\r\n");
}

TEST_CASE("missing Date, To and Message-ID fields are added", "[sender][unit]")
{
  const ComposedMessage m = inject("From: a@sender.test\r\nSubject: s\r\n\r\nbody\r\n");
  const auto fields = parse_header_fields(m.bytes);
  CHECK(header_values(fields, "Date")
        == std::vector<std::string>{"Wed, 18 Nov 2026 11:06:40 +0000"});
  CHECK(header_values(fields, "To") == std::vector<std::string>{"<seed1@inbox.test>"});
  CHECK(header_values(fields, "Message-ID")
        == std::vector<std::string>{"<" + k_token + ".probe@sender.test>"});
  CHECK(header_values(fields, "X-Inboxprobe-Probe") == std::vector<std::string>{k_token});
}

TEST_CASE("quoted-printable and base64 text parts are decoded, extended and encoded again",
          "[sender][unit]")
{
  struct Case
  {
    const char* name;
    std::string encoding;
    std::string body;
    std::string expected_body;
  };
  const Case cases[] = {
    {"quoted-printable",
     "quoted-printable",
     "Gr=C3=BC=C3=9Fe, a long line that was wrapped=\r\n with a soft break\r\n",
     "Gr=C3=BC=C3=9Fe, a long line that was wrapped with a soft break\r\n\r\nReference: " + k_token
       + "\r\n"},
    {"base64",
     "base64",
     encode_base64_body("Hallo\r\n"),
     encode_base64_body("Hallo\r\n\r\nReference: " + k_token + "\r\n")},
    {"base64 with LF text",
     "base64",
     encode_base64_body("Hallo\n"),
     encode_base64_body("Hallo\n\nReference: " + k_token + "\n")},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const ComposedMessage m = inject(
      "From: a@sender.test\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: "
      + c.encoding + "\r\n\r\n" + c.body);
    CHECK(body_of(m.bytes) == c.expected_body);
  }
}

TEST_CASE("in a multipart message every readable text part gets the line, attachments none",
          "[sender][unit]")
{
  const std::string eml =
    "From: a@sender.test\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "This is a multi-part message in MIME format.\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=inner\r\n"
    "\r\n"
    "--inner\r\n"
    "Content-Type: text/plain; charset=us-ascii\r\n"
    "\r\n"
    "Hi\r\n"
    "--inner\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "<html><BODY><p class=3D\"x\">Hi</p></BODY></html>\r\n"
    "--inner--\r\n"
    "--outer\r\n"
    "Content-Type: text/plain; name=notes.txt\r\n"
    "Content-Disposition: attachment; filename=notes.txt\r\n"
    "\r\n"
    "keep me as I am\r\n"
    "--outer--\r\n"
    "epilogue\r\n";
  const ComposedMessage m = inject(eml);
  CHECK(body_of(m.bytes)
        == "This is a multi-part message in MIME format.\r\n"
           "--outer\r\n"
           "Content-Type: multipart/alternative; boundary=inner\r\n"
           "\r\n"
           "--inner\r\n"
           "Content-Type: text/plain; charset=us-ascii\r\n"
           "\r\n"
           "Hi\r\n"
           "\r\n"
           "Reference: "
             + k_token
             + "\r\n"
               "\r\n"
               "--inner\r\n"
               "Content-Type: text/html; charset=utf-8\r\n"
               "Content-Transfer-Encoding: quoted-printable\r\n"
               "\r\n"
               "<html><BODY><p class=3D\"x\">Hi</p>\r\n"
               "<p>Reference: "
             + k_token
             + "</p>\r\n"
               "</BODY></html>\r\n"
               "\r\n"
               "--inner--\r\n"
               "--outer\r\n"
               "Content-Type: text/plain; name=notes.txt\r\n"
               "Content-Disposition: attachment; filename=notes.txt\r\n"
               "\r\n"
               "keep me as I am\r\n"
               "--outer--\r\n"
               "epilogue\r\n");

  mimetic::MimeEntity parsed(m.bytes.begin(), m.bytes.end());
  REQUIRE(parsed.body().parts().size() == 2);
  CHECK(parsed.body().parts().front()->body().parts().size() == 2);
  CHECK(parsed.body().parts().back()->header().contentDisposition().type() == "attachment");
}

TEST_CASE("signed, encrypted and non-ASCII-compatible bodies are left as they are",
          "[sender][unit]")
{
  struct Case
  {
    const char* name;
    std::string content_type;
    std::string body;
  };
  const std::string signed_body =
    "--s\r\nContent-Type: text/plain\r\n\r\nsigned text\r\n"
    "--s\r\nContent-Type: application/pgp-signature\r\n\r\nsig\r\n"
    "--s--\r\n";
  const Case cases[] = {
    {"multipart/signed",
     "multipart/signed; boundary=s; protocol=\"application/pgp-signature\"",
     signed_body},
    {"multipart/encrypted", "multipart/encrypted; boundary=e", "--e\r\n\r\nx\r\n--e--\r\n"},
    {"UTF-16 text", "text/plain; charset=utf-16", std::string("\xff\xfeH\0i\0", 6)},
    {"an image", "image/png", "iVBORw0KGgo=\r\n"},
    {"a multipart without its closing delimiter",
     "multipart/mixed; boundary=b",
     "--b\r\nContent-Type: text/plain\r\n\r\ncut off"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const ComposedMessage m =
      inject("From: a@sender.test\r\nContent-Type: " + c.content_type + "\r\n\r\n" + c.body);
    CHECK(body_of(m.bytes) == c.body);
    // The header and the Message-ID still carry the token.
    CHECK(m.bytes.find("X-Inboxprobe-Probe: " + k_token) != std::string::npos);
  }
}

TEST_CASE("an eml that is not a message, or has a line over 998 octets, is refused",
          "[sender][unit]")
{
  struct Case
  {
    const char* name;
    std::string eml;
    const char* code;
  };
  const Case cases[] = {
    {"no header section", "just some text\r\nand more\r\n", "eml.not_a_message"},
    {"empty file", "", "eml.not_a_message"},
    {"a stray line in the header", "From: a@b\r\nnot a field\r\n\r\nbody\r\n", "eml.not_a_message"},
    {"a long line", "From: a@b\r\n\r\n" + std::string(999, 'x') + "\r\n", "eml.line_too_long"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto result = inject_probe_token(c.eml, probe(), route(), Content{}, 0);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == c.code);
  }
}
