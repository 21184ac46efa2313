#include <analysis/dsn.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace inboxprobe;

namespace {

// What the lab's provider A (Postfix 3.7) sent for an X-Lab-Reject probe,
// trimmed to the MIME structure and the report (CRLF as on the wire).
const std::string k_postfix_dsn =
  "From: Mail Delivery System <MAILER-DAEMON@sender.test>\r\n"
  "Subject: Undelivered Mail Returned to Sender\r\n"
  "Auto-Submitted: auto-replied\r\n"
  "MIME-Version: 1.0\r\n"
  "Content-Type: multipart/report; report-type=delivery-status;\r\n"
  "\tboundary=\"311C2A761DF.1795957774/smtp.sender.test\"\r\n"
  "\r\n"
  "This is a MIME-encapsulated message.\r\n"
  "\r\n"
  "--311C2A761DF.1795957774/smtp.sender.test\r\n"
  "Content-Description: Notification\r\n"
  "Content-Type: text/plain; charset=utf-8\r\n"
  "\r\n"
  "<seed4@inbox.test>: host 127.0.0.1[127.0.0.1] said: 554 5.7.1 Rejected by the\r\n"
  "    lab trigger X-Lab-Reject (in reply to end of DATA command)\r\n"
  "\r\n"
  "--311C2A761DF.1795957774/smtp.sender.test\r\n"
  "Content-Description: Delivery report\r\n"
  "Content-Type: message/delivery-status\r\n"
  "\r\n"
  "Reporting-MTA: dns; smtp.sender.test\r\n"
  "X-Postfix-Queue-ID: 311C2A761DF\r\n"
  "Arrival-Date: Sun, 29 Nov 2026 13:09:34 +0000 (UTC)\r\n"
  "\r\n"
  "Final-Recipient: rfc822; seed4@inbox.test\r\n"
  "Original-Recipient: rfc822;seed4@inbox.test\r\n"
  "Action: failed\r\n"
  "Status: 5.7.1\r\n"
  "Remote-MTA: dns; 127.0.0.1\r\n"
  "Diagnostic-Code: smtp; 554 5.7.1 Rejected by the lab trigger X-Lab-Reject\r\n"
  "\r\n"
  "--311C2A761DF.1795957774/smtp.sender.test\r\n"
  "Content-Description: Undelivered Message\r\n"
  "Content-Type: message/rfc822\r\n"
  "\r\n"
  "From: alice@sender.test\r\n"
  "X-Inboxprobe-Probe: abcdefghijklmnopqrstuvwx\r\n"
  "\r\n"
  "hello\r\n"
  "\r\n"
  "--311C2A761DF.1795957774/smtp.sender.test--\r\n";

// Handwritten after Exchange Online's NDR layout: LF line ends, a folded
// diagnostic, upper-case action, two recipients, a token boundary.
const std::string k_exchange_style =
  "Content-Type: multipart/report; report-type=delivery-status; boundary=b1\n"
  "\n"
  "--b1\n"
  "Content-Type: text/html\n"
  "\n"
  "<p>Delivery has failed</p>\n"
  "--b1\n"
  "Content-Type: message/delivery-status\n"
  "\n"
  "Reporting-MTA: dns;AM0PR01MB1234.eurprd01.prod.outlook.com\n"
  "Received-From-MTA: dns;mail.example.com\n"
  "Arrival-Date: Mon, 30 Nov 2026 08:00:01 +0000\n"
  "\n"
  "Final-Recipient: rfc822;other@example.net\n"
  "Action: delivered\n"
  "Status: 2.0.0\n"
  "\n"
  "Final-Recipient: rfc822;<User@Example.NET>\n"
  "Action: FAILED\n"
  "Status: 5.1.10 (recipient not found)\n"
  "Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound;\n"
  "   Recipient not found by SMTP address lookup\n"
  "--b1--\n";

// A delay notice (RFC 3464 action "delayed"), nested in multipart/mixed by a
// gateway, in the UTF-8 form of RFC 6533.
const std::string k_delayed_nested =
  "Content-Type: multipart/mixed; boundary=\"outer; x\"\r\n"
  "\r\n"
  "--outer; x\r\n"
  "Content-Type: multipart/report; report-type=global-delivery-status;\r\n"
  " boundary=inner\r\n"
  "\r\n"
  "--inner\r\n"
  "Content-Type: text/plain\r\n"
  "\r\n"
  "Still trying.\r\n"
  "--inner\r\n"
  "Content-Type: message/global-delivery-status\r\n"
  "\r\n"
  "Reporting-MTA: dns; relay.example.org\r\n"
  "\r\n"
  "Final-Recipient: utf-8; josé@example.org\r\n"
  "Action: delayed\r\n"
  "Status: 4.4.1\r\n"
  "Remote-MTA: dns; mx.example.org\r\n"
  "Diagnostic-Code: smtp; 421 4.4.1 connection timed out\r\n"
  "--inner--\r\n"
  "--outer; x--\r\n";

} // namespace

TEST_CASE("a Postfix bounce yields its status, action and diagnostic", "[analysis][unit]")
{
  const auto report = parse_dsn(k_postfix_dsn);
  REQUIRE(report);
  CHECK(report->reporting_mta == "smtp.sender.test");
  CHECK(report->arrival_date == "Sun, 29 Nov 2026 13:09:34 +0000 (UTC)");
  REQUIRE(report->recipients.size() == 1);
  const DsnRecipient& r = report->recipients[0];
  CHECK(r.final_recipient == "seed4@inbox.test");
  CHECK(r.original_recipient == "seed4@inbox.test");
  CHECK(r.action == "failed");
  CHECK(r.status == "5.7.1");
  CHECK(r.remote_mta == "127.0.0.1");
  CHECK(r.diagnostic_type == "smtp");
  CHECK(r.diagnostic == "554 5.7.1 Rejected by the lab trigger X-Lab-Reject");
}

TEST_CASE("DSN layouts of other MTAs parse to the same fields", "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    std::string message;
    const char* address;
    const char* action;
    const char* status;
    const char* remote_mta;
    const char* diagnostic;
  };
  const Case cases[] = {
    {"exchange style, folded diagnostic, second recipient",
     k_exchange_style,
     "user@example.net",
     "failed",
     "5.1.10",
     "",
     "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"},
    {"delayed, nested, global-delivery-status",
     k_delayed_nested,
     "josé@example.org",
     "delayed",
     "4.4.1",
     "mx.example.org",
     "421 4.4.1 connection timed out"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto report = parse_dsn(c.message);
    REQUIRE(report);
    const DsnRecipient* r = find_dsn_recipient(*report, c.address);
    REQUIRE(r != nullptr);
    CHECK(r->action == c.action);
    CHECK(r->status == c.status);
    CHECK(r->remote_mta == c.remote_mta);
    CHECK(r->diagnostic == c.diagnostic);
  }
}

TEST_CASE("recipient lookup prefers the exact address, then a lone group", "[analysis][unit]")
{
  const auto report = parse_dsn(k_exchange_style);
  REQUIRE(report);
  REQUIRE(report->recipients.size() == 2);
  CHECK(find_dsn_recipient(*report, "other@example.net")->action == "delivered");
  CHECK(find_dsn_recipient(*report, "nobody@example.net") == nullptr);
  // A relay rewrote the address: a single group is still the one.
  const auto postfix = parse_dsn(k_postfix_dsn);
  REQUIRE(postfix);
  CHECK(find_dsn_recipient(*postfix, "alias@inbox.test")->status == "5.7.1");
}

TEST_CASE("messages without a delivery-status part are not DSNs", "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    std::string message;
  };
  const Case cases[] = {
    {"auto-reply", "Auto-Submitted: auto-replied\r\nSubject: Out of office\r\n\r\nAway.\r\n"},
    {"report without boundary", "Content-Type: multipart/report\r\n\r\n--x\r\n\r\n"},
    {"empty", ""},
    {"deeply nested",
     [] {
       std::string m;
       for (int i = 0; i < 12; ++i) {
         m += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b"
              + std::to_string(i) + "\r\n";
       }
       return m + "Content-Type: message/delivery-status\r\n\r\nAction: failed\r\n";
     }()},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK_FALSE(parse_dsn(c.message).has_value());
  }
}

TEST_CASE("a report cut short keeps what arrived", "[analysis][unit]")
{
  const std::string cut = k_postfix_dsn.substr(0, k_postfix_dsn.find("Remote-MTA"));
  const auto report = parse_dsn(cut);
  REQUIRE(report);
  REQUIRE(report->recipients.size() == 1);
  CHECK(report->recipients[0].status == "5.7.1");
  CHECK(report->recipients[0].diagnostic.empty());
}
