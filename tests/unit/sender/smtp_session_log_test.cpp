#include "smtp_session_log.hpp"

#include <core/clock.hpp>

#include <catch2/catch.hpp>

#include <utility>
#include <vector>

using namespace inboxprobe;

TEST_CASE("the session log follows steps and times the reply to the final dot", "[sender][unit]")
{
  FixedClock clock(1000);
  SmtpSessionLog log(clock);
  log.on_server_text("220 pfa.lab.test ESMTP\r\n");
  CHECK(log.last_reply_step() == SmtpStep::connect);
  log.on_client_text("EHLO client.lab.test\r\n");
  log.on_server_text("250-pfa.lab.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
  CHECK(log.last_reply()->code == 250);
  log.on_client_text("STARTTLS\r\n");
  clock.set_ms(1010);
  log.on_server_text("220 2.0.0 Ready to start TLS\r\n");
  log.on_info("SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n");
  clock.set_ms(1035);
  log.on_client_text("EHLO client.lab.test\r\n");
  CHECK(log.starttls_handshake_ms() == 25);
  CHECK(log.tls_version() == "TLSv1.3");
  CHECK(log.tls_cipher() == "TLS_AES_256_GCM_SHA384");
  log.on_client_text("MAIL FROM:<a@x>\r\n");
  log.on_server_text("250 2.1.0 Ok\r\n");
  log.on_client_text("RCPT TO:<b@y>\r\n");
  log.on_server_text("250 2.1.5 Ok\r\n");
  log.on_client_text("DATA\r\n");
  log.on_server_text("354 End data with <CR><LF>.<CR><LF>\r\n");
  log.on_body_sent(500);
  CHECK(log.step() == SmtpStep::end_of_data);
  clock.set_ms(1200);
  log.on_server_text("250 2.0.0 Ok: queued as ABC123\r\n");
  CHECK(log.last_reply_step() == SmtpStep::end_of_data);
  CHECK(log.last_reply_at_ms() == 1200);
  CHECK(log.last_reply()->enhanced_code == "2.0.0");
  CHECK(log.transcript().find("<message content, 500 bytes") != std::string::npos);
}

TEST_CASE("AUTH payloads never reach the transcript", "[sender][unit]")
{
  FixedClock clock(0);
  SmtpSessionLog log(clock);
  // AUTH PLAIN with an initial response: base64("\0alice\0s3cret-pw")
  log.on_client_text("AUTH PLAIN AGFsaWNlAHMzY3JldC1wdw==\r\n");
  log.on_server_text("535 5.7.8 Error: authentication failed\r\n");
  CHECK(log.last_reply_step() == SmtpStep::auth);
  CHECK(log.auth_attempted());
  // AUTH LOGIN: user and password as separate lines after 334 challenges.
  log.on_client_text("AUTH LOGIN\r\n");
  log.on_server_text("334 VXNlcm5hbWU6\r\n");
  log.on_client_text("YWxpY2U=\r\n");
  log.on_server_text("334 UGFzc3dvcmQ6\r\n");
  log.on_client_text("czNjcmV0LXB3\r\n");
  log.on_server_text("235 2.7.0 Authentication successful\r\n");
  log.on_client_text("MAIL FROM:<alice@x>\r\n");

  const std::string& t = log.transcript();
  CHECK(t.find("AGFsaWNlAHMzY3JldC1wdw") == std::string::npos);
  CHECK(t.find("YWxpY2U=") == std::string::npos);
  CHECK(t.find("czNjcmV0LXB3") == std::string::npos);
  CHECK(t.find("s3cret") == std::string::npos);
  CHECK(t.find("C: AUTH PLAIN <redacted>") != std::string::npos);
  CHECK(t.find("C: AUTH LOGIN\n") != std::string::npos);
  CHECK(t.find("C: MAIL FROM:<alice@x>") != std::string::npos); // redaction ended at 235
}

TEST_CASE("an XOAUTH2 bearer token never reaches the transcript", "[sender][unit]")
{
  // base64("user=alice@x\x01auth=Bearer ya29.secret-token\x01\x01")
  const std::string initial = "dXNlcj1hbGljZUB4AWF1dGg9QmVhcmVyIHlhMjkuc2VjcmV0LXRva2VuAQE=";
  struct Case
  {
    const char* name;
    std::vector<std::pair<char, std::string>> exchange; // 'C' client, 'S' server
    const char* redacted_line;
  };
  const Case cases[] = {
    {"initial response (SASL-IR)",
     {{'C', "AUTH XOAUTH2 " + initial}, {'S', "235 2.7.0 Accepted"}},
     "C: AUTH XOAUTH2 <redacted>\n"},
    {"response after an empty challenge",
     {{'C', "AUTH XOAUTH2"}, {'S', "334 "}, {'C', initial}, {'S', "235 2.7.0 Accepted"}},
     "C: <redacted>\n"},
    // Google's failure: a base64 JSON error as a 334 challenge, the client's
    // empty answer, then 535.
    {"error challenge",
     {{'C', "AUTH XOAUTH2 " + initial},
      {'S', "334 eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIn0="},
      {'C', ""},
      {'S', "535-5.7.8 Username and Password not accepted."},
      {'S', "535 5.7.8 https://support.google.com/mail/?p=BadCredentials"}},
     "C: AUTH XOAUTH2 <redacted>\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    FixedClock clock(0);
    SmtpSessionLog log(clock);
    for (const auto& [who, line] : c.exchange) {
      if (who == 'C') {
        log.on_client_text(line + "\r\n");
      } else {
        log.on_server_text(line + "\r\n");
      }
    }
    log.on_client_text("MAIL FROM:<alice@x>\r\n");
    const std::string& t = log.transcript();
    CHECK(t.find(initial.substr(8, 40)) == std::string::npos);
    CHECK(t.find("ya29") == std::string::npos);
    CHECK(t.find(c.redacted_line) != std::string::npos);
    CHECK(t.find("C: MAIL FROM:<alice@x>") != std::string::npos);
    CHECK(log.auth_attempted());
  }
}

TEST_CASE("the session log times the greeting and the end of data", "[sender][unit]")
{
  FixedClock clock(5'000);
  SmtpSessionLog log(clock);
  log.on_info("Connected to 127.0.0.1 (127.0.0.1) port 10587 (#0)\n");
  clock.set_ms(5'012);
  log.on_server_text("220 pfa.lab.test ESMTP\r\n");
  CHECK(log.greeting_ms() == 12);
  log.on_client_text("EHLO client.lab.test\r\n");
  log.on_server_text("250 pfa.lab.test\r\n");
  log.on_client_text("MAIL FROM:<a@x>\r\n");
  log.on_server_text("250 2.1.0 Ok\r\n");
  log.on_client_text("RCPT TO:<b@y>\r\n");
  log.on_server_text("250 2.1.5 Ok\r\n");
  log.on_client_text("DATA\r\n");
  log.on_server_text("354 go ahead\r\n");
  clock.set_ms(5'100);
  log.on_body_sent(16'384);
  clock.set_ms(5'140);
  log.on_body_sent(200);
  CHECK(log.end_of_data_ms() == -1);
  clock.set_ms(5'390);
  log.on_server_text("250 2.0.0 Ok: queued as 4XyZ\r\n");
  CHECK(log.end_of_data_ms() == 250);
  CHECK_FALSE(log.reused_connection());
  CHECK(log.transcript().find("*: Connected to 127.0.0.1") != std::string::npos);
}

TEST_CASE("implicit TLS times the greeting from the end of the handshake", "[sender][unit]")
{
  FixedClock clock(1'000);
  SmtpSessionLog log(clock);
  log.on_info("Connected to 127.0.0.1 (127.0.0.1) port 10465 (#0)\n");
  clock.set_ms(1'030);
  log.on_info("SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n");
  clock.set_ms(1'035);
  log.on_server_text("220 pfa.lab.test ESMTP\r\n");
  CHECK(log.greeting_ms() == 5);
  CHECK(log.tls_cipher() == "TLS_AES_256_GCM_SHA384");
}

TEST_CASE("a reused connection has no greeting and starts at MAIL", "[sender][unit]")
{
  FixedClock clock(0);
  SmtpSessionLog log(clock);
  log.on_info("Re-using existing connection #0 with host 127.0.0.1\n");
  log.on_client_text("MAIL FROM:<a@x>\r\n");
  log.on_server_text("421 4.4.2 pfa.lab.test Error: timeout exceeded\r\n");
  CHECK(log.reused_connection());
  CHECK(log.greeting_ms() == -1);
  CHECK(log.last_reply_step() == SmtpStep::mail);
  CHECK(log.transcript().find("*: Re-using existing connection") != std::string::npos);
}

TEST_CASE("the reply to QUIT after a failure does not replace the deciding reply", "[sender][unit]")
{
  FixedClock clock(0);
  SmtpSessionLog log(clock);
  log.on_server_text("220 pfa ESMTP\r\n");
  log.on_client_text("EHLO x\r\n");
  log.on_server_text("250 pfa\r\n");
  log.on_client_text("MAIL FROM:<a@x>\r\n");
  log.on_server_text("250 2.1.0 Ok\r\n");
  log.on_client_text("RCPT TO:<nobody@inbox.test>\r\n");
  log.on_server_text("550 5.1.1 <nobody@inbox.test>: Recipient address rejected\r\n");
  log.on_client_text("QUIT\r\n");
  log.on_server_text("221 2.0.0 Bye\r\n");
  REQUIRE(log.last_reply());
  CHECK(log.last_reply()->code == 550);
  CHECK(log.last_reply_step() == SmtpStep::rcpt);
  CHECK(log.step() == SmtpStep::rcpt);
  CHECK(log.transcript().find("C: QUIT\n") != std::string::npos);
  CHECK(log.transcript().find("S: 221 2.0.0 Bye\n") != std::string::npos);
}
