#include "smtp_session_log.hpp"

#include <core/clock.hpp>

#include <catch2/catch.hpp>

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
