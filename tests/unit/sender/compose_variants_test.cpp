// Exact bytes of every content variant (boundaries from a fixed sequence), and
// each one parsed back with mimetic.
#include <sender/compose.hpp>

#include <catch2/catch.hpp>
#include <mimetic/mimetic.h>

#include <initializer_list>

using namespace inboxprobe;

namespace {

const std::string k_token = "abcdefghijklmnopqrstuvw2";

Probe
probe()
{
  return {1, "run", k_token, "provider-a", "seed1@inbox.test", "n"};
}

Route
route()
{
  Route r;
  r.name = "provider-a";
  r.mail_from = "alice@sender.test";
  r.from_header = "Alice <alice@sender.test>";
  return r;
}

Content
content(std::string text)
{
  Content c;
  c.name = "n";
  c.subject = "News";
  c.text = std::move(text);
  return c;
}

// "=_B1", "=_B2", ... in the order composition asks for them.
BoundarySource
numbered_boundaries()
{
  auto n = std::make_shared<int>(0);
  return [n] { return "=_B" + std::to_string(++*n); };
}

std::string
lines(std::initializer_list<std::string> all)
{
  std::string out;
  for (const std::string& line : all) {
    out += line + "\r\n";
  }
  return out;
}

const std::string k_common_header = lines({"Date: Thu, 1 Jan 1970 00:00:00 +0000",
                                           "From: Alice <alice@sender.test>",
                                           "To: <seed1@inbox.test>",
                                           "Subject: News",
                                           "Message-ID: <" + k_token + ".probe@sender.test>",
                                           "MIME-Version: 1.0"});

const std::string k_text_part = lines({"Content-Type: text/plain; charset=utf-8",
                                       "Content-Transfer-Encoding: quoted-printable",
                                       "",
                                       "Hi",
                                       "",
                                       "Reference: " + k_token});

std::string
decoded_body(const mimetic::MimeEntity& entity)
{
  std::string out;
  const std::string cte = entity.header().contentTransferEncoding().mechanism();
  if (cte == "base64") {
    mimetic::Base64::Decoder b64;
    mimetic::decode(entity.body().begin(), entity.body().end(), b64, std::back_inserter(out));
  } else {
    mimetic::QP::Decoder qp;
    mimetic::decode(entity.body().begin(), entity.body().end(), qp, std::back_inserter(out));
  }
  return out;
}

std::string
type_of(const mimetic::MimeEntity& entity)
{
  const mimetic::ContentType& type = entity.header().contentType();
  return type.type() + "/" + type.subtype();
}

} // namespace

TEST_CASE("plain text: RFC 2047 subject, quoted-printable body with a leading dot and a long line",
          "[sender][unit]")
{
  Content c = content(".dot first\n" + std::string(1200, 'x') + "\nGr\xC3\xBC\xC3\x9F"
                                                                 "e");
  c.subject =
    "Gr\xC3\xBC\xC3\x9F"
    "e";
  const ComposedMessage m = compose_probe(probe(), route(), c, 0, numbered_boundaries());
  std::string long_line;
  for (int i = 0; i < 15; ++i) {
    long_line += std::string(75, 'x') + "=\r\n";
  }
  long_line += std::string(75, 'x') + "\r\n";
  const std::string expected = lines({"Date: Thu, 1 Jan 1970 00:00:00 +0000",
                                      "From: Alice <alice@sender.test>",
                                      "To: <seed1@inbox.test>",
                                      "Subject: =?UTF-8?B?R3LDvMOfZQ==?=",
                                      "Message-ID: <" + k_token + ".probe@sender.test>",
                                      "MIME-Version: 1.0",
                                      "Content-Type: text/plain; charset=utf-8",
                                      "Content-Transfer-Encoding: quoted-printable",
                                      "X-Inboxprobe-Probe: " + k_token,
                                      "",
                                      ".dot first"})
                               + long_line
                               + lines({"Gr=C3=BC=C3=9Fe", "", "Reference: " + k_token});
  CHECK(m.bytes == expected);

  mimetic::MimeEntity parsed(m.bytes.begin(), m.bytes.end());
  CHECK(type_of(parsed) == "text/plain");
  CHECK(decoded_body(parsed).find(std::string(1200, 'x')) != std::string::npos);
}

TEST_CASE("text and HTML become multipart/alternative with the token in both", "[sender][unit]")
{
  Content c = content("Hi");
  c.html = "<p>Hi</p>";
  const ComposedMessage m = compose_probe(probe(), route(), c, 0, numbered_boundaries());
  const std::string expected = k_common_header
                               + lines({"Content-Type: multipart/alternative; boundary=\"=_B1\"",
                                        "X-Inboxprobe-Probe: " + k_token,
                                        "",
                                        "--=_B1"})
                               + k_text_part
                               + lines({"",
                                        "--=_B1",
                                        "Content-Type: text/html; charset=utf-8",
                                        "Content-Transfer-Encoding: quoted-printable",
                                        "",
                                        "<p>Hi</p>",
                                        "<p>Reference: " + k_token + "</p>",
                                        "",
                                        "--=_B1--"});
  CHECK(m.bytes == expected);

  mimetic::MimeEntity parsed(m.bytes.begin(), m.bytes.end());
  REQUIRE(parsed.body().parts().size() == 2);
  CHECK(type_of(*parsed.body().parts().front()) == "text/plain");
  CHECK(type_of(*parsed.body().parts().back()) == "text/html");
  CHECK(decoded_body(*parsed.body().parts().back()).find("Reference: " + k_token)
        != std::string::npos);
}

TEST_CASE("an inline image goes with the HTML into multipart/related", "[sender][unit]")
{
  Content c = content("Hi");
  c.html = "<html><body><img src=\"cid:logo.png\"></body></html>";
  c.inline_images = {{"logo.png", "", std::string("\x89PNG\r\n\x1a\n", 8)}};
  const ComposedMessage m = compose_probe(probe(), route(), c, 0, numbered_boundaries());
  const std::string expected =
    k_common_header
    + lines({"Content-Type: multipart/alternative; boundary=\"=_B1\"",
             "X-Inboxprobe-Probe: " + k_token,
             "",
             "--=_B1"})
    + k_text_part
    + lines({"",
             "--=_B1",
             "Content-Type: multipart/related; boundary=\"=_B2\"; type=\"text/html\"",
             "",
             "--=_B2",
             "Content-Type: text/html; charset=utf-8",
             "Content-Transfer-Encoding: quoted-printable",
             "",
             "<html><body><img src=3D\"cid:logo.png\">",
             "<p>Reference: " + k_token + "</p>",
             "</body></html>",
             "",
             "--=_B2",
             "Content-Type: image/png; name=\"logo.png\"",
             "Content-Transfer-Encoding: base64",
             "Content-Disposition: inline; filename=\"logo.png\"",
             "Content-ID: <logo.png>",
             "",
             "iVBORw0KGgo=",
             "",
             "--=_B2--",
             "",
             "--=_B1--"});
  CHECK(m.bytes == expected);

  mimetic::MimeEntity parsed(m.bytes.begin(), m.bytes.end());
  REQUIRE(parsed.body().parts().size() == 2);
  const mimetic::MimeEntity& related = *parsed.body().parts().back();
  CHECK(type_of(related) == "multipart/related");
  REQUIRE(related.body().parts().size() == 2);
  CHECK(decoded_body(*related.body().parts().back()) == std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_CASE("an attachment makes the message multipart/mixed", "[sender][unit]")
{
  Content c = content("Hi");
  c.attachments = {{"a.pdf", "", "%PDF-1.4\n"}};
  const ComposedMessage m = compose_probe(probe(), route(), c, 0, numbered_boundaries());
  const std::string expected = k_common_header
                               + lines({"Content-Type: multipart/mixed; boundary=\"=_B1\"",
                                        "X-Inboxprobe-Probe: " + k_token,
                                        "",
                                        "--=_B1"})
                               + k_text_part
                               + lines({"",
                                        "--=_B1",
                                        "Content-Type: application/pdf; name=\"a.pdf\"",
                                        "Content-Transfer-Encoding: base64",
                                        "Content-Disposition: attachment; filename=\"a.pdf\"",
                                        "",
                                        "JVBERi0xLjQK",
                                        "",
                                        "--=_B1--"});
  CHECK(m.bytes == expected);

  mimetic::MimeEntity parsed(m.bytes.begin(), m.bytes.end());
  REQUIRE(parsed.body().parts().size() == 2);
  const mimetic::MimeEntity& attachment = *parsed.body().parts().back();
  CHECK(type_of(attachment) == "application/pdf");
  CHECK(attachment.header().contentDisposition().type() == "attachment");
  CHECK(decoded_body(attachment) == "%PDF-1.4\n");
}

TEST_CASE("List-Unsubscribe, one-click and custom fields follow the token", "[sender][unit]")
{
  Content c = content("Hi");
  c.list_unsubscribe = "<https://example.org/u/1>";
  c.list_unsubscribe_post = true;
  c.headers = {{"X-Campaign", "nov"}};
  Route r = route();
  r.headers = {{"X-Route", "a"}};
  const ComposedMessage m = compose_probe(probe(), r, c, 0, numbered_boundaries());
  const std::string expected = k_common_header
                               + lines({"Content-Type: text/plain; charset=utf-8",
                                        "Content-Transfer-Encoding: quoted-printable",
                                        "X-Inboxprobe-Probe: " + k_token,
                                        "List-Unsubscribe: <https://example.org/u/1>",
                                        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
                                        "X-Route: a",
                                        "X-Campaign: nov",
                                        "",
                                        "Hi",
                                        "",
                                        "Reference: " + k_token});
  CHECK(m.bytes == expected);
}

TEST_CASE("random boundaries cannot occur in encoded content", "[sender][unit]")
{
  const std::string a = random_boundary();
  CHECK(a.rfind("=_ip_", 0) == 0);
  CHECK(a.size() == 5 + 24);
  CHECK(a != random_boundary());
}
