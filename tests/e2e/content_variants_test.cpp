// Scenario: the rich content variants arrive intact through the lab: HTML with
// an inline image, an attachment and one-click List-Unsubscribe; and a user's
// own .eml with the token injected. What the seed mailbox holds is parsed back
// with mimetic.
#include "scenario.hpp"

#include <core/message_headers.hpp>

#include <mimetic/mimetic.h>

using namespace inboxprobe;

namespace {

std::string
decoded(const mimetic::MimeEntity& entity)
{
  std::string out;
  if (entity.header().contentTransferEncoding().mechanism() == "base64") {
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
  return entity.header().contentType().type() + "/" + entity.header().contentType().subtype();
}

const std::string k_newsletter_eml =
  "From: Lab Newsletter <alice@sender.test>\n"
  "To: Our Subscribers <list@sender.test>\n"
  "Subject: The November newsletter\n"
  "Date: Mon, 2 Nov 2026 08:00:00 +0100\n"
  "Message-ID: <nov-2026@esp.example>\n"
  "DKIM-Signature: v=1; a=rsa-sha256; d=esp.example; s=x; b=AAAA\n"
  "MIME-Version: 1.0\n"
  "Content-Type: multipart/alternative; boundary=\"esp-boundary\"\n"
  "\n"
  "--esp-boundary\n"
  "Content-Type: text/plain; charset=utf-8\n"
  "Content-Transfer-Encoding: quoted-printable\n"
  "\n"
  "Hello =E2=80=94 here is what changed.\n"
  "--esp-boundary\n"
  "Content-Type: text/html; charset=utf-8\n"
  "Content-Transfer-Encoding: base64\n"
  "\n"
  "PGh0bWw+PGJvZHk+PHA+SGVsbG8g4oCUIGhlcmUgaXMgd2hhdCBjaGFuZ2VkLjwvcD48L2JvZHk+\n"
  "PC9odG1sPg==\n"
  "--esp-boundary--\n";

} // namespace

TEST_CASE("rich and eml content variants arrive with their structure and the token", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string logo("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  test::write_file(dir.path() / "logo.png", logo);
  test::write_file(dir.path() / "prices.csv", "item,price\r\n.dotted,1\r\n");
  test::write_file(dir.path() / "body.html",
                   "<html><body><p>November</p><img src=\"cid:logo.png\"></body></html>");
  test::write_file(dir.path() / "news.eml", k_newsletter_eml);
  const std::string config =
    lab.campaign("e2e-content", d, "8s")
    + test::route_at(lab, "provider-a", "smtp://127.0.0.1:" + lab["LAB_PFA_SUBMISSION_PORT"])
    + lab.seed("seed1@inbox.test")
    + "[[content]]\nname = \"rich\"\nsubject = \"Rich November \xE2\x80\x94 update\"\n"
      "text = \"Hello,\\n.a line that starts with a dot\\nBye\"\nhtml_file = \"body.html\"\n"
      "inline_images = [\"logo.png\"]\nattachments = [\"prices.csv\"]\n"
      "list_unsubscribe = \"<https://sender.test/u/1>, <mailto:u@sender.test>\"\n"
      "list_unsubscribe_post = true\n\n"
      "[[content]]\nname = \"eml\"\neml_file = \"news.eml\"\n\n";
  const test::ScenarioRun run = test::run_scenario(dir, config);
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  CHECK(run.command.out.find("2 probes: 2 inbox") != std::string::npos);

  SECTION("rich: mixed(alternative(text, related(html, image)), attachment)")
  {
    const test::ProbeRecord& r = run.of("seed1@inbox.test", "rich");
    REQUIRE(r.sighting);
    const std::string& bytes = r.sighting->message_bytes;
    const auto fields = parse_header_fields(bytes);
    CHECK(header_values(fields, "List-Unsubscribe-Post")
          == std::vector<std::string>{"List-Unsubscribe=One-Click"});
    CHECK(header_values(fields, "Subject")
          == std::vector<std::string>{"=?UTF-8?B?UmljaCBOb3ZlbWJlciDigJQgdXBkYXRl?="});
    // The dot line survived SMTP dot-stuffing on the wire.
    CHECK(bytes.find("\r\n.a line that starts with a dot\r\n") != std::string::npos);
    mimetic::MimeEntity top(bytes.begin(), bytes.end());
    CHECK(type_of(top) == "multipart/mixed");
    REQUIRE(top.body().parts().size() == 2);
    const mimetic::MimeEntity& alternative = *top.body().parts().front();
    REQUIRE(alternative.body().parts().size() == 2);
    const mimetic::MimeEntity& related = *alternative.body().parts().back();
    CHECK(type_of(related) == "multipart/related");
    REQUIRE(related.body().parts().size() == 2);
    CHECK(decoded(*related.body().parts().front()).find("Reference: " + r.probe.token)
          != std::string::npos);
    CHECK(decoded(*related.body().parts().back()) == logo);
    const mimetic::MimeEntity& attachment = *top.body().parts().back();
    CHECK(type_of(attachment) == "text/csv");
    CHECK(decoded(attachment) == "item,price\r\n.dotted,1\r\n");
  }
  SECTION("eml: the user's message with new To, Date, Message-ID and the token in both parts")
  {
    const test::ProbeRecord& r = run.of("seed1@inbox.test", "eml");
    REQUIRE(r.sighting);
    const std::string& bytes = r.sighting->message_bytes;
    const auto fields = parse_header_fields(bytes);
    CHECK(header_values(fields, "Subject") == std::vector<std::string>{"The November newsletter"});
    CHECK(header_values(fields, "To") == std::vector<std::string>{"<seed1@inbox.test>"});
    CHECK(header_values(fields, "Message-ID")
          == std::vector<std::string>{"<" + r.probe.token + ".probe@sender.test>"});
    CHECK(r.sighting->matched_by == "header");
    // The ESP's signature is gone; the lab provider signed it anew.
    for (const std::string& sig : header_values(fields, "DKIM-Signature")) {
      CHECK(sig.find("d=sender.test") != std::string::npos);
    }
    CHECK(r.result->dkim == AuthVerdict::pass);
    mimetic::MimeEntity top(bytes.begin(), bytes.end());
    REQUIRE(top.body().parts().size() == 2);
    CHECK(decoded(*top.body().parts().front()).find("Reference: " + r.probe.token)
          != std::string::npos);
    const std::string html = decoded(*top.body().parts().back());
    CHECK(html.find("<p>Hello \xE2\x80\x94 here is what changed.</p>") != std::string::npos);
    CHECK(html.find("<p>Reference: " + r.probe.token + "</p>") != std::string::npos);
  }
}
