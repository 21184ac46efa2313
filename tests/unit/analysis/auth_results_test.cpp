#include <analysis/auth_results.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace inboxprobe;

namespace {

std::string
prop(const AuthResult& result, const std::string& name)
{
  for (const auto& [key, value] : result.props) {
    if (key == name) {
      return value;
    }
  }
  return "<absent>";
}

} // namespace

TEST_CASE("The lab's rspamd Authentication-Results parse into three verdicts", "[analysis][unit]")
{
  const std::string body =
    " mx.inbox.test; dkim=pass header.d=sender.test header.s=lab"
    " header.b=AbCd;\r\n\tspf=pass (mx.inbox.test: domain of alice@sender.test"
    " designates 127.0.0.1 as permitted sender)"
    " smtp.mailfrom=alice@sender.test;\r\n\tdmarc=pass (policy=reject)"
    " header.from=sender.test";
  const auto field = parse_auth_results(body, AuthResParse::strict);
  REQUIRE(field);
  CHECK(field->authserv_id == "mx.inbox.test");
  CHECK_FALSE(field->trusted);
  CHECK_FALSE(field->none);
  REQUIRE(field->results.size() == 3);
  CHECK(field->results[0].method == "dkim");
  CHECK(field->results[0].result == "pass");
  CHECK(prop(field->results[0], "header.d") == "sender.test");
  CHECK(prop(field->results[0], "header.s") == "lab");
  CHECK(field->results[1].method == "spf");
  CHECK(prop(field->results[1], "smtp.mailfrom") == "alice@sender.test");
  CHECK(field->results[2].method == "dmarc");
  CHECK(prop(field->results[2], "header.from") == "sender.test");
  CHECK(field->raw.find("\r\n") == std::string::npos);
  CHECK(field->raw.substr(0, 14) == "mx.inbox.test;");
}

TEST_CASE(
  "Authentication-Results parsing tolerates producer bugs only when "
  "lenient",
  "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    const char* body;
    bool lenient_ok;
    bool strict_ok;
  };
  const Case cases[] = {
    {"simple", "a.example; spf=pass smtp.mailfrom=b.example", true, true},
    {"no authserv-id", "spf=pass smtp.mailfrom=b.example", true, false},
    {"trailing semicolon", "a.example; spf=pass smtp.mailfrom=x.example;", true, false},
    {"ptype-less property", "a.example; dmarc=none action=none", true, false},
    {"OpenDKIM job-id authserv-id", "mx.inbox.test/opendkim; dkim=pass", true, false},
    {"stray token", "a.example; spf=pass; a.example; dkim=pass", true, false},
    {"only stray tokens", "a.example; a.example", false, false},
    {"empty", "", false, false},
    {"only a comment", "(nothing)", false, false},
    {"none and result", "a.example; none spf=pass", false, false},
    {"result missing", "a.example; spf=", false, false},
    {"unterminated comment", "a.example; spf=pass (oops", false, false},
    {"no semicolon", "a.example", false, false},
    {"bad method version", "a.example; dkim/x=pass", false, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(parse_auth_results(c.body, AuthResParse::lenient).has_value() == c.lenient_ok);
    CHECK(parse_auth_results(c.body, AuthResParse::strict).has_value() == c.strict_ok);
  }
}

TEST_CASE(
  "A rejected Authentication-Results field names the problem and "
  "where",
  "[analysis][unit]")
{
  const auto field = parse_auth_results("a.example; dkim=pass (unterminated");
  REQUIRE_FALSE(field);
  CHECK(field.error().code == "auth_results.syntax");
  CHECK(field.error().what == "unterminated comment at offset 34");
}

TEST_CASE(
  "An oversized Authentication-Results field is refused before "
  "parsing",
  "[analysis][unit]")
{
  const std::string body = "a.example; " + std::string(k_max_auth_results_bytes, 'x');
  const auto field = parse_auth_results(body);
  REQUIRE_FALSE(field);
  CHECK(field.error().code == "auth_results.too_long");
}

TEST_CASE("Deeply nested comments are skipped without recursion", "[analysis][unit]")
{
  const std::string comment = std::string(20000, '(') + std::string(20000, ')');
  const auto field = parse_auth_results("a.example; " + comment + " spf=pass");
  REQUIRE(field);
  REQUIRE(field->results.size() == 1);
  CHECK(field->results[0].result == "pass");
}

TEST_CASE("Authentication-Results print in RFC 8601 syntax and read back", "[analysis][unit]")
{
  struct Case
  {
    const char* body;
    const char* printed;
  };
  const Case cases[] = {
    {"a.example 1;none", "a.example 1; none"},
    {"a.example; dkim/1=pass reason=ok header.b=\"Z9k/yZIA\"",
     "a.example; dkim/1=pass reason=\"ok\" header.b=\"Z9k/yZIA\""},
    {"spf=pass smtp.mailfrom=\"\";dmarc=none action=none",
     "spf=pass smtp.mailfrom=\"\"; dmarc=none action=none"},
    {"a.example; x=pass policy.v=\"a \\\"q\\\" b\"",
     "a.example; x=pass policy.v=\"a \\\"q\\\" b\""},
    // A quoted result holding a space (found by fuzzing): printed bare, it
    // read back as the result "te" and a stray word.
    {"a.example; dkim=\"te st\" header.d=x", "a.example; dkim=\"te st\" header.d=x"},
    {"a.example; \"iprev\"=\"fail\"", "a.example; iprev=fail"},
    {"a.example; dkim=\"non\x9c\"", "a.example; dkim=\"non\x9c\""},
    {"\"\" x;", "\"\";"}, // an empty id and no result: none
    {"a.example; iprev=fail \"policy\".\"ipre`m\"=none",
     "a.example; iprev=fail policy.\"ipre`m\"=none"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    const auto field = parse_auth_results(c.body);
    REQUIRE(field);
    const std::string printed = format_auth_results(*field);
    CHECK(printed == c.printed);
    const auto again = parse_auth_results(printed);
    REQUIRE(again);
    CHECK(format_auth_results(*again) == printed);
  }
}

TEST_CASE("The ARC instance tag is removed before an ARC-A-R body is parsed", "[analysis][unit]")
{
  struct Case
  {
    const char* body;
    int instance;
    const char* rest;
  };
  const Case cases[] = {
    {"i=3; mx.google.com; spf=pass", 3, " mx.google.com; spf=pass"},
    {" i = 1 ;x; none", 1, "x; none"},
    {"mx.google.com; spf=pass", 0, "mx.google.com; spf=pass"},
    {"i=; x; none", 0, "i=; x; none"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    int instance = -1;
    CHECK(strip_arc_instance(c.body, instance) == c.rest);
    CHECK(instance == c.instance);
  }
}
