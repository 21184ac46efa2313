// Outcome classes of one SMTP attempt from libcurl's result and the session
// as the log saw it.
#include "submit_outcome.hpp"

#include <core/clock.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

// Replay a session: lines starting with "C: " are ours, "S: " the server's,
// "* " libcurl notes, "D: " message content (N bytes).
void
replay(SmtpSessionLog& log, const std::vector<std::string>& session)
{
  for (const std::string& line : session) {
    const std::string text = line.substr(3);
    if (line.rfind("C: ", 0) == 0) {
      log.on_client_text(text + "\r\n");
    } else if (line.rfind("S: ", 0) == 0) {
      log.on_server_text(text + "\r\n");
    } else if (line.rfind("D: ", 0) == 0) {
      log.on_body_sent(std::stoul(text));
    } else {
      log.on_info(text + "\n");
    }
  }
}

const std::vector<std::string> k_until_data = {"S: 220 pfa ESMTP",
                                               "C: EHLO client.lab.test",
                                               "S: 250-pfa",
                                               "S: 250-STARTTLS",
                                               "S: 250 AUTH PLAIN",
                                               "C: AUTH PLAIN",
                                               "S: 334 ",
                                               "C: AGFsaWNlAHB3",
                                               "S: 235 2.7.0 Authentication successful",
                                               "C: MAIL FROM:<alice@sender.test>",
                                               "S: 250 2.1.0 Ok",
                                               "C: RCPT TO:<seed1@inbox.test>",
                                               "S: 250 2.1.5 Ok",
                                               "C: DATA",
                                               "S: 354 End data with <CR><LF>.<CR><LF>",
                                               "D: 900"};

std::vector<std::string>
then(std::vector<std::string> session, std::initializer_list<std::string> more)
{
  session.insert(session.end(), more);
  return session;
}

} // namespace

TEST_CASE("each kind of ending gets its own outcome, step and reply", "[sender][unit]")
{
  struct Case
  {
    const char* name;
    CURLcode rc;
    std::vector<std::string> session;
    SubmitOutcome outcome;
    SmtpStep step;
    int code;
    const char* enhanced;
    const char* error_part;
  };
  const Case cases[] = {
    {"accepted",
     CURLE_OK,
     then(k_until_data, {"S: 250 2.0.0 Ok: queued as 4XyZ12"}),
     SubmitOutcome::accepted,
     SmtpStep::end_of_data,
     250,
     "2.0.0",
     ""},
    {"rejected at end of data",
     CURLE_SEND_ERROR,
     then(k_until_data, {"S: 554 5.7.1 Rejected by the content filter"}),
     SubmitOutcome::rejected,
     SmtpStep::end_of_data,
     554,
     "5.7.1",
     ""},
    {"unknown recipient",
     CURLE_SEND_ERROR,
     {"S: 220 pfa",
      "C: EHLO x",
      "S: 250 pfa",
      "C: MAIL FROM:<a@x>",
      "S: 250 2.1.0 Ok",
      "C: RCPT TO:<nobody@inbox.test>",
      "S: 550 5.1.1 <nobody@inbox.test>: User unknown"},
     SubmitOutcome::rejected,
     SmtpStep::rcpt,
     550,
     "5.1.1",
     ""},
    {"rate limited at MAIL",
     CURLE_SEND_ERROR,
     {"S: 220 pfa",
      "C: EHLO x",
      "S: 250 pfa",
      "C: MAIL FROM:<a@x>",
      "S: 451 4.7.1 Too many messages, slow down"},
     SubmitOutcome::deferred,
     SmtpStep::mail,
     451,
     "4.7.1",
     ""},
    {"wrong password",
     CURLE_LOGIN_DENIED,
     {"S: 220 pfa",
      "C: EHLO x",
      "S: 250 AUTH PLAIN",
      "C: AUTH PLAIN",
      "S: 334 ",
      "C: AGE=",
      "S: 535 5.7.8 Error: authentication failed"},
     SubmitOutcome::rejected,
     SmtpStep::auth,
     535,
     "5.7.8",
     ""},
    {"timeout after the final dot",
     CURLE_OPERATION_TIMEDOUT,
     k_until_data,
     SubmitOutcome::uncertain,
     SmtpStep::end_of_data,
     0,
     "",
     "may have accepted"},
    {"connection lost after the final dot",
     CURLE_RECV_ERROR,
     k_until_data,
     SubmitOutcome::uncertain,
     SmtpStep::end_of_data,
     0,
     "",
     "may have accepted"},
    {"no STARTTLS offered",
     CURLE_USE_SSL_FAILED,
     {"S: 220 plain ESMTP", "C: EHLO x", "S: 250-plain", "S: 250 AUTH PLAIN LOGIN"},
     SubmitOutcome::rejected,
     SmtpStep::starttls,
     0,
     "",
     "did not offer STARTTLS"},
    {"cannot connect",
     CURLE_COULDNT_CONNECT,
     {},
     SubmitOutcome::failed,
     SmtpStep::connect,
     0,
     "",
     "Couldn't connect"},
    {"certificate not trusted",
     CURLE_PEER_FAILED_VERIFICATION,
     {"S: 220 pfa", "C: EHLO x", "S: 250 STARTTLS", "C: STARTTLS", "S: 220 2.0.0 Ready"},
     SubmitOutcome::failed,
     SmtpStep::starttls,
     0,
     "",
     "SSL peer certificate"},
    {"no usable AUTH mechanism",
     CURLE_LOGIN_DENIED,
     {"S: 220 pfa", "C: EHLO x", "S: 250 AUTH PLAIN"},
     SubmitOutcome::failed,
     SmtpStep::auth,
     0,
     "",
     "no AUTH mechanism this route may use"},
    {"bearer token refused",
     CURLE_LOGIN_DENIED,
     {"S: 220 pfa",
      "C: EHLO x",
      "S: 250 AUTH XOAUTH2",
      "C: AUTH XOAUTH2",
      "S: 334 ",
      "C: dXNlcj0=",
      "S: 334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJtYWlsIn0="},
     SubmitOutcome::failed,
     SmtpStep::auth,
     334,
     "",
     "refused the bearer token (expired, revoked or without the mail scope): "
     "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"mail\"}"},
    {"greeting 421",
     CURLE_WEIRD_SERVER_REPLY,
     {"S: 421 4.3.2 Service shutting down"},
     SubmitOutcome::deferred,
     SmtpStep::connect,
     421,
     "4.3.2",
     ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    FixedClock clock(1'000);
    SmtpSessionLog log(clock);
    replay(log, c.session);
    Submission s;
    classify_attempt(s, c.rc, log, "", AuthWanted::yes);
    CHECK(s.outcome == c.outcome);
    CHECK(s.step == c.step);
    CHECK(s.reply.code == c.code);
    CHECK(s.reply.enhanced_code == c.enhanced);
    CAPTURE(s.error);
    CHECK(s.error.find(c.error_part) != std::string::npos);
  }
}

TEST_CASE("an accepted probe keeps its queue id and acceptance time", "[sender][unit]")
{
  FixedClock clock(1'000);
  SmtpSessionLog log(clock);
  replay(log, k_until_data);
  clock.set_ms(1'250);
  replay(log, {"S: 250 2.0.0 Ok: queued as 4XyZ12AbC"});
  Submission s;
  classify_attempt(s, CURLE_OK, log, "", AuthWanted::yes);
  CHECK(s.queue_id == "4XyZ12AbC");
  CHECK(s.accepted_at_ms == 1'250);
  CHECK(s.error.empty());
}

TEST_CASE("credentials a server never asked for are reported", "[sender][unit]")
{
  FixedClock clock(0);
  SmtpSessionLog log(clock);
  replay(log,
         {"S: 220 relay",
          "C: EHLO x",
          "S: 250 relay",
          "C: MAIL FROM:<a@x>",
          "S: 250 Ok",
          "C: RCPT TO:<b@y>",
          "S: 554 5.7.1 Relay access denied"});
  Submission s;
  classify_attempt(s, CURLE_SEND_ERROR, log, "", AuthWanted::yes);
  CHECK(s.outcome == SubmitOutcome::rejected);
  CHECK(s.error == "the server did not offer AUTH, so the credentials were not used");
  Submission without;
  classify_attempt(without, CURLE_SEND_ERROR, log, "", AuthWanted::no);
  CHECK(without.error.empty());
}

TEST_CASE("a failure at EHLO does not claim that AUTH was not offered", "[sender][unit]")
{
  FixedClock clock(0);
  SmtpSessionLog log(clock);
  replay(log, {"S: 220 relay", "C: EHLO x", "S: 250-relay", "S: 250-PIPELINING"});
  Submission s;
  classify_attempt(
    s, CURLE_RECV_ERROR, log, "Too large response headers: 311399 > 307200", AuthWanted::yes);
  CHECK(s.outcome == SubmitOutcome::failed);
  CHECK(s.step == SmtpStep::ehlo);
  CHECK(s.error.find("Too large response headers") != std::string::npos);
  CHECK(s.error.find("did not offer AUTH") == std::string::npos);
}

TEST_CASE("a reply code outside 2yz to 5yz is a protocol failure, not a refusal", "[sender][unit]")
{
  FixedClock clock(0);
  SmtpSessionLog log(clock);
  replay(log, {"S: 999 what is this"});
  Submission s;
  classify_attempt(s, CURLE_WEIRD_SERVER_REPLY, log, "", AuthWanted::no);
  CHECK(s.outcome == SubmitOutcome::failed);
  CHECK(s.step == SmtpStep::connect);
  CHECK(s.reply.code == 999);
  CHECK(s.error.find("not SMTP (code 999") != std::string::npos);
}

TEST_CASE("a connection lost before all the content was handed over cannot have delivered",
          "[sender][unit]")
{
  struct Case
  {
    std::size_t handed;
    std::size_t total;
    SubmitOutcome outcome;
    SmtpStep step;
  };
  const std::vector<Case> cases = {
    {400, 900, SubmitOutcome::failed, SmtpStep::data},
    {900, 900, SubmitOutcome::uncertain, SmtpStep::end_of_data},
    {0, 0, SubmitOutcome::uncertain, SmtpStep::end_of_data}, // not known: taken as all
  };
  for (const Case& c : cases) {
    CAPTURE(c.handed, c.total);
    FixedClock clock(0);
    SmtpSessionLog log(clock);
    replay(log, k_until_data);
    Submission s;
    classify_attempt(s, CURLE_SEND_ERROR, log, "", AuthWanted::yes, {c.handed, c.total});
    CHECK(s.outcome == c.outcome);
    CHECK(s.step == c.step);
  }
}
