#include <core/message_headers.hpp>
#include <core/probe_token.hpp>
#include <sender/compose.hpp>

#include <catch2/catch.hpp>
#include <mimetic/mimetic.h>

using namespace inboxprobe;

namespace {

Route
lab_route()
{
  Route route;
  route.name = "provider-a";
  route.mail_from = "alice@sender.test";
  route.from_header = "Alice Sender <alice@sender.test>";
  return route;
}

Content
text_content(std::string name,
             std::string subject,
             std::string text,
             std::vector<std::pair<std::string, std::string>> headers = {})
{
  Content content;
  content.name = std::move(name);
  content.subject = std::move(subject);
  content.text = std::move(text);
  content.headers = std::move(headers);
  return content;
}

Probe
sample_probe()
{
  return {1, "run", "abcdefghijklmnopqrstuvw2", "provider-a", "seed1@inbox.test", "newsletter"};
}

} // namespace

TEST_CASE("a composed probe is CRLF-only with lines of at most 998 octets", "[sender][unit]")
{
  const Content content =
    text_content("newsletter",
                 "Your update",
                 "Hello,\n.a line starting with a dot\n" + std::string(1200, 'x') + "\nbye");
  const ComposedMessage message = compose_probe(sample_probe(), lab_route(), content, 0);
  for (std::size_t i = 0; i < message.bytes.size(); ++i) {
    if (message.bytes[i] == '\n') {
      REQUIRE(i > 0);
      CHECK(message.bytes[i - 1] == '\r');
    }
    if (message.bytes[i] == '\r') {
      REQUIRE(i + 1 < message.bytes.size());
      CHECK(message.bytes[i + 1] == '\n');
    }
  }
  std::size_t longest = 0;
  std::size_t start = 0;
  while (start < message.bytes.size()) {
    const std::size_t end = message.bytes.find("\r\n", start);
    longest = std::max(longest, end - start);
    start = end + 2;
  }
  CHECK(longest <= 78); // QP keeps body lines at 76; headers are folded
}

TEST_CASE("the probe token is in the header, the Message-ID and the body", "[sender][unit]")
{
  const Probe probe = sample_probe();
  const Content content = text_content("n", "Subject", "Body text", {{"X-Lab-Spam", "yes"}});
  const ComposedMessage message = compose_probe(probe, lab_route(), content, 1'795'000'000'000);
  CHECK(message.message_id == probe.token + ".probe@sender.test");

  const auto fields = parse_header_fields(message.bytes);
  CHECK(header_values(fields, "X-Inboxprobe-Probe") == std::vector<std::string>{probe.token});
  CHECK(header_values(fields, "Message-ID")
        == std::vector<std::string>{"<" + message.message_id + ">"});
  CHECK(header_values(fields, "X-Lab-Spam") == std::vector<std::string>{"yes"});
  CHECK(header_values(fields, "To") == std::vector<std::string>{"<seed1@inbox.test>"});
  CHECK(header_values(fields, "Date")
        == std::vector<std::string>{"Wed, 18 Nov 2026 11:06:40 +0000"});
  CHECK(std::string(message_body(message.bytes)).find("Reference: " + probe.token)
        != std::string::npos);
}

TEST_CASE("a composed probe parses back with mimetic to the same text", "[sender][unit]")
{
  const Content content = text_content("n", "Grüße aus Köln", "Grüße,\n.dot line\nthe end");
  Route route = lab_route();
  route.from_header = "Jürgen Müller <alice@sender.test>";
  const ComposedMessage message = compose_probe(sample_probe(), route, content, 0);

  mimetic::MimeEntity entity(message.bytes.begin(), message.bytes.end());
  CHECK(entity.header().contentType().type() == "text");
  CHECK(entity.header().contentTransferEncoding().mechanism() == "quoted-printable");
  std::string decoded;
  mimetic::QP::Decoder qp;
  mimetic::decode(entity.body().begin(), entity.body().end(), qp, std::back_inserter(decoded));
  INFO(decoded);
  // mimetic hands decoded text back with LF line breaks.
  CHECK(decoded.find("Grüße,\n.dot line\nthe end") != std::string::npos);
  const auto fields = parse_header_fields(message.bytes);
  CHECK(header_values(fields, "Subject")
        == std::vector<std::string>{"=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?="});
  CHECK(header_values(fields, "From")
        == std::vector<std::string>{"=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <alice@sender.test>"});
}

TEST_CASE("RFC 5322 dates use English names and a numeric zone", "[sender][unit]")
{
  CHECK(format_rfc5322_date(0) == "Thu, 1 Jan 1970 00:00:00 +0000");
  CHECK(format_rfc5322_date(1'795'000'000) == "Wed, 18 Nov 2026 11:06:40 +0000");
  CHECK(address_domain("alice@sender.test") == "sender.test");
  CHECK(address_domain("nodomain") == "localhost");
}
