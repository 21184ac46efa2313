// The copied DKIM suites whose expected results live in the corpus README
// (checked there with dkimpy): dkim-dkimpy (RFC 8463 examples, an Exim
// ed25519 signature, broken key records) and dkim-mimekit (real Gmail
// messages and the RFC 8463 example). One line per suite.
#include "../support/corpus.hpp"

#include <analysis/dkim_check.hpp>

#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

std::string
key_file(const std::string& file)
{
  std::string record = test::read_file(test::corpus_path(file));
  while (!record.empty() && (record.back() == '\n' || record.back() == '\r')) {
    record.pop_back();
  }
  return record;
}

// "k=rsa; p=<base64>" from a PEM SubjectPublicKeyInfo file.
std::string
record_from_pem(const std::string& file)
{
  std::istringstream lines(test::read_file(test::corpus_path(file)));
  std::string line;
  std::string base64;
  while (std::getline(lines, line)) {
    if (line.rfind("-----", 0) != 0) {
      base64 += line;
    }
  }
  return "v=DKIM1; k=rsa; p=" + base64;
}

struct Vector
{
  const char* name;
  const char* message;                                   // corpus path
  std::vector<std::pair<std::string, std::string>> keys; // DNS name -> record
  std::vector<AuthVerdict> verdicts;                     // per signature, header order
  const char* error = "";                                // expected error of the last one
};

std::string
run(const Vector& v)
{
  MapKeyLookup keys;
  for (const auto& [name, record] : v.keys) {
    keys.add(name, record);
  }
  const auto checks =
    verify_dkim(test::to_crlf(test::read_file(test::corpus_path(v.message))), keys);
  std::ostringstream got;
  for (const DkimCheck& check : checks) {
    got << "[" << check.selector << " " << to_string(check.verdict) << " " << check.error << "] ";
  }
  bool ok = checks.size() == v.verdicts.size();
  for (std::size_t i = 0; ok && i < checks.size(); ++i) {
    ok = checks[i].verdict == v.verdicts[i];
  }
  if (ok && *v.error != '\0') {
    ok = checks.back().error.find(v.error) != std::string::npos;
  }
  return ok ? "" : got.str();
}

void
run_suite(const char* suite, const std::vector<Vector>& vectors)
{
  int passed = 0;
  int failed = 0;
  for (const Vector& v : vectors) {
    const std::string problem = run(v);
    problem.empty() ? ++passed : ++failed;
    if (!problem.empty()) {
      UNSCOPED_INFO(v.name << ": got " << problem);
    }
  }
  std::cout << "corpus " << suite << ": " << passed << " passed, " << failed << " failed\n";
  CHECK(failed == 0);
  CHECK(passed == static_cast<int>(vectors.size()));
}

const std::string k_brisbane = "brisbane._domainkey.football.example.com";
const std::string k_test = "test._domainkey.football.example.com";
constexpr auto pass = AuthVerdict::pass;
constexpr auto permerror = AuthVerdict::permerror;

} // namespace

TEST_CASE("The dkim-dkimpy vectors verify as dkimpy says", "[analysis][corpus]")
{
  const std::string rsa = key_file("dkim-dkimpy/test.txt");
  // dkimpy's RFC 8463 test key (as in RFC 8463 Appendix A and dkim-stalwart/001.txt).
  const std::string ed = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  const char* signed_rsa = "dkim-dkimpy/rfc6376.signed.rsa.msg";
  const std::vector<Vector> vectors = {
    {"rfc6376.signed.msg",
     "dkim-dkimpy/rfc6376.signed.msg",
     {{k_brisbane, ed}, {k_test, rsa}},
     {pass, pass}},
    {"rfc6376.signed.rsa.msg", signed_rsa, {{k_test, rsa}}, {pass}},
    {"ed25519test2.msg (Exim)",
     "dkim-dkimpy/ed25519test2.msg",
     {{"sed._domainkey.test.ex", key_file("dkim-dkimpy/eximtest.dns")}},
     {pass}},
    {"PKCS#1 key record",
     signed_rsa,
     {{k_test, key_file("dkim-dkimpy/1024_testkey_wo_markers.pub.rsa.txt")}},
     {AuthVerdict::fail}},
    {"k=ed25519 with an RSA key",
     signed_rsa,
     {{k_test, key_file("dkim-dkimpy/badk.txt")}},
     {permerror}},
    {"v=DKIM1: typo", signed_rsa, {{k_test, key_file("dkim-dkimpy/badversion.txt")}}, {permerror}},
    {"truncated key", signed_rsa, {{k_test, key_file("dkim-dkimpy/test_bad.txt")}}, {permerror}},
    {"s=tlsrpt key for mail",
     signed_rsa,
     {{k_test, key_file("dkim-dkimpy/test_tlsrpt.txt")}},
     {permerror}},
    {"no key published", signed_rsa, {}, {permerror}, "no key"},
    {"message.mbox offline", "dkim-dkimpy/message.mbox", {}, {permerror}, "no key"},
    {"unsigned test.message", "dkim-dkimpy/test.message", {}, {}},
  };
  run_suite("dkim-dkimpy", vectors);
}

TEST_CASE("The dkim-mimekit messages verify", "[analysis][corpus]")
{
  const std::string gmail_key = "20120113._domainkey.gmail.com";
  const std::string gmail = record_from_pem("dkim-mimekit/gmail.pub");
  const std::string stalwart = test::read_file(test::corpus_path("dkim-stalwart/001.txt"));
  const auto record_of = [&stalwart](const std::string& name) {
    const std::size_t at = stalwart.find(name + " ");
    return stalwart.substr(at + name.size() + 1, stalwart.find('\n', at) - at - name.size() - 1);
  };
  const std::vector<Vector> vectors = {
    {"gmail.msg", "dkim-mimekit/gmail.msg", {{gmail_key, gmail}}, {pass}},
    {"related.msg", "dkim-mimekit/related.msg", {{gmail_key, gmail}}, {pass}},
    {"multipart-no-end-boundary.msg",
     "dkim-mimekit/multipart-no-end-boundary.msg",
     {{gmail_key, gmail}},
     {pass}},
    {"rfc8463-example.msg",
     "dkim-mimekit/rfc8463-example.msg",
     {{k_brisbane, record_of(k_brisbane)}, {k_test, record_of(k_test)}},
     {pass, pass}},
  };
  run_suite("dkim-mimekit", vectors);
}
