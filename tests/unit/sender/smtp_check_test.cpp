// The pure parts of the SMTP health check: EHLO capabilities in any order and
// form, the session trace's timings and EHLO phases, certificate entries and
// host matching, `postqueue -j` output, and the alert email.
#include "certificate_info.hpp"
#include "http_post.hpp"
#include "postfix_queue.hpp"
#include "smtp_check_trace.hpp"

#include <sender/alert_mail.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("EHLO capabilities are read whatever their order, case and form", "[sender][unit]")
{
  struct Case
  {
    std::string name;
    std::vector<std::string> lines;
    bool starttls;
    std::vector<std::string> auth;
    std::optional<std::int64_t> size;
    bool chunking;
  };
  const std::vector<Case> cases = {
    {"postfix",
     {"250-smtp.example",
      "250-PIPELINING",
      "250-SIZE 10240000",
      "250-STARTTLS",
      "250-AUTH PLAIN LOGIN",
      "250-8BITMIME",
      "250 CHUNKING"},
     true,
     {"PLAIN", "LOGIN"},
     10'240'000,
     true},
    {"lower case, other order, old AUTH= form merged",
     {"250-mx.example greets you",
      "250-auth=LOGIN",
      "250-Auth plain login",
      "250-size",
      "250 starttls"},
     true,
     {"LOGIN", "PLAIN"},
     0,
     false},
    {"a one-line reply has no keywords", {"250 mx.example"}, false, {}, std::nullopt, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const SmtpCapabilities caps = parse_ehlo_capabilities(c.lines);
    CHECK(caps.received);
    CHECK(caps.starttls == c.starttls);
    CHECK(caps.auth_mechanisms == c.auth);
    CHECK(caps.size_bytes == c.size);
    CHECK(caps.chunking == c.chunking);
  }
  const SmtpCapabilities all = parse_ehlo_capabilities(
    {"250-x", "250-SMTPUTF8", "250-REQUIRETLS", "250-ENHANCEDSTATUSCODES", "250 8BITMIME"});
  CHECK(all.smtputf8);
  CHECK(all.requiretls);
  CHECK(all.enhancedstatuscodes);
  CHECK(all.eightbitmime);
  CHECK(all.keywords
        == std::vector<std::string>{"SMTPUTF8", "REQUIRETLS", "ENHANCEDSTATUSCODES", "8BITMIME"});
  CHECK_FALSE(parse_ehlo_capabilities({}).received);
}

TEST_CASE("the check trace times each reply and splits EHLO before and after STARTTLS",
          "[sender][unit]")
{
  SmtpCheckTrace trace(false);
  trace.on_server_text("220-smtp.example ESMTP\r\n220 ready\r\n", 2'000);
  trace.on_client_text("EHLO client.test\r\n", 2'100);
  trace.on_server_text("250-smtp.example\r\n250-STARTTLS\r\n", 2'300);
  trace.on_server_text("250 AUTH PLAIN\r\n", 2'400);
  trace.on_client_text("STARTTLS\r\n", 2'500);
  trace.on_server_text("220 2.0.0 Ready\r\n", 2'600);
  trace.on_client_text("EHLO client.test\r\n", 40'600); // after a 40 ms handshake
  trace.on_server_text("250-smtp.example\r\n250 AUTH PLAIN LOGIN\r\n", 41'000);
  trace.on_client_text("AUTH PLAIN\r\n", 41'100);
  trace.on_server_text("334 \r\n", 41'200);
  trace.on_client_text("AGFsaWNlAHNlY3JldA==\r\n", 41'300);
  trace.on_server_text("235 2.7.0 ok\r\n", 45'100);
  trace.on_client_text("NOOP\r\n", 45'200);
  trace.on_server_text("250 2.0.0 Ok\r\n", 45'300);

  REQUIRE(trace.banner());
  CHECK(trace.banner()->code == 220);
  CHECK(trace.banner()->text == "smtp.example ESMTP\nready");
  CHECK(trace.banner_at_us() == 2'000);
  CHECK(trace.ehlo_before_tls().size() == 3);
  CHECK(trace.ehlo_after_tls().back() == "250 AUTH PLAIN LOGIN");
  CHECK(trace.starttls_handshake_us() == 38'000);
  REQUIRE(trace.auth_reply());
  CHECK(trace.auth_reply()->code == 235);
  const auto commands = trace.commands();
  REQUIRE(commands.size() == 5);
  struct Expected
  {
    std::string command;
    int code;
    std::int64_t us;
  };
  const std::vector<Expected> expected = {{"EHLO", 250, 300},
                                          {"STARTTLS", 220, 100},
                                          {"EHLO", 250, 400},
                                          {"AUTH", 235, 4'000},
                                          {"NOOP", 250, 100}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(commands[i].command == expected[i].command);
    CHECK(commands[i].reply_code == expected[i].code);
    CHECK(commands[i].reply_us == expected[i].us);
  }
}

TEST_CASE("libcurl's certificate entries give names and validity dates", "[sender][unit]")
{
  const CertificateInfo cert = parse_certinfo({
    "Subject:CN = mx.inbox.test, O = inboxprobe lab",
    "Issuer:CN = mx.inbox.test, O = inboxprobe lab",
    "X509v3 Subject Alternative Name:IP Address:127.0.0.1, DNS:localhost, DNS:*.inbox.test",
    "Start date:Nov 29 14:06:50 2026 GMT",
    "Expire date:Dec  9 14:06:50 2026 GMT",
  });
  CHECK(cert.subject == "CN = mx.inbox.test, O = inboxprobe lab");
  CHECK(cert.not_before_at == 1'795'961'210);
  CHECK(cert.not_after_at == 1'796'825'210);
  CHECK(cert.ip_addresses == std::vector<std::string>{"127.0.0.1"});
  CHECK(cert.dns_names == std::vector<std::string>{"localhost", "*.inbox.test"});
  CHECK_FALSE(parse_certinfo_time("Dec 29 14:06:50 2026"));
  CHECK_FALSE(parse_certinfo_time("Foo 29 14:06:50 2026 GMT"));

  struct Case
  {
    std::string host;
    bool matches;
  };
  const std::vector<Case> cases = {{"127.0.0.1", true},
                                   {"127.0.0.2", false},
                                   {"LOCALHOST", true},
                                   {"mx.inbox.test", true},
                                   {"mx.inbox.test.", true},
                                   {"inbox.test", false},
                                   {"a.mx.inbox.test", false},
                                   {"[::1]", false}};
  for (const Case& c : cases) {
    CAPTURE(c.host);
    CHECK(certificate_matches_host(cert, c.host) == c.matches);
  }
  CertificateInfo tld;
  tld.dns_names = {"*.test"};
  CHECK_FALSE(certificate_matches_host(tld, "inbox.test"));
}

TEST_CASE("postqueue -j output gives the queue length and the oldest arrival", "[sender][unit]")
{
  const PostfixQueue queue = parse_postqueue_json(
    R"({"queue_name": "deferred", "queue_id": "4A1", "arrival_time": 1795961300, "message_size": 412, "sender": "a@b", "recipients": [{"address": "c@d", "delay_reason": "connect refused"}]})"
    "\n"
    R"({"queue_name": "active", "queue_id": "4A2", "arrival_time": 1795961200, "message_size": 1, "sender": "", "recipients": []})"
    "\n"
    R"({"queue_name": "hold", "queue_id": "4A3", "arrival_time": 1795961400, "message_size": 1, "sender": "", "recipients": []})"
    "\n");
  CHECK(queue.error.empty());
  CHECK(queue.messages == 3);
  CHECK(queue.deferred == 1);
  CHECK(queue.hold == 1);
  CHECK(queue.oldest_arrival_at == 1'795'961'200);
  const PostfixQueue stopped = parse_postqueue_json(
    "postqueue: warning: Mail system is down -- accessing queue directly\n"
    R"({"queue_name": "deferred", "queue_id": "4A1", "arrival_time": 1795961300})"
    "\n");
  CHECK(stopped.error.empty());
  CHECK(stopped.messages == 1);
  const PostfixQueue empty = parse_postqueue_json("");
  CHECK(empty.messages == 0);
  CHECK_FALSE(empty.oldest_arrival_at);
  CHECK_FALSE(parse_postqueue_json("postqueue: fatal: Queue report unavailable\n").error.empty());
}

TEST_CASE("an alert email carries the text and the report as an attachment", "[sender][unit]")
{
  Route route;
  route.mail_from = "alerts@sender.test";
  route.from_header = "inboxprobe <alerts@sender.test>";
  AlertMail mail{"[inboxprobe] CRITICAL lab: run R",
                 "relay-b: inbox 0 %\n",
                 "report.html",
                 std::string(200, 'x') + "<html>\u00e9</html>"};
  const ComposedMessage m = compose_alert_mail(route, "ops@inbox.test", mail, 1'795'961'210'000);
  CHECK(m.message_id.find(".alert@sender.test") != std::string::npos);
  CHECK(m.bytes.find("To: <ops@inbox.test>\r\n") != std::string::npos);
  CHECK(m.bytes.find("Subject: [inboxprobe] CRITICAL lab: run R\r\n") != std::string::npos);
  CHECK(m.bytes.find("Auto-Submitted: auto-generated\r\n") != std::string::npos);
  CHECK(m.bytes.find("Content-Type: multipart/mixed; boundary=") != std::string::npos);
  CHECK(m.bytes.find("relay-b: inbox 0 %\r\n") != std::string::npos);
  CHECK(m.bytes.find("Content-Disposition: attachment; filename=\"report.html\"\r\n")
        != std::string::npos);
  CHECK(m.bytes.find("eHh4eHh4") != std::string::npos); // base64 of the x's
  std::size_t start = 0;
  while (start < m.bytes.size()) {
    const std::size_t end = m.bytes.find("\r\n", start);
    REQUIRE(end != std::string::npos); // CRLF throughout, ending with one
    CHECK(end - start <= 998);
    start = end + 2;
  }
}

TEST_CASE("a URL in a message shows only its scheme and host", "[sender][unit]")
{
  CHECK(redact_url("https://hooks.slack.com/services/T0/B0/secret")
        == "https://hooks.slack.com/\u2026");
  CHECK(redact_url("http://user:pw@127.0.0.1:9093/api/v2/alerts")
        == "http://127.0.0.1:9093/\u2026");
  CHECK(redact_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080");
  CHECK(redact_url("not a url") == "(a URL)");
}
