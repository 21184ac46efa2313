#include "../../support/corpus.hpp"

#include <analysis/dkim_check.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

using namespace inboxprobe;

namespace {

const char* const k_key_name = "test._domainkey.example.com";

MapKeyLookup
edge_keys()
{
  auto keys = MapKeyLookup::from_file(test::corpus_path("dkim-edge/keys.txt").string());
  REQUIRE(keys);
  return std::move(*keys);
}

std::string
edge_message(const std::string& file)
{
  return test::read_file(test::corpus_path("dkim-edge/" + file));
}

class ThrowingLookup final : public DkimKeyLookup
{
public:
  Result<std::string>
  txt_record(const std::string&) const override
  {
    throw std::runtime_error("resolver exploded");
  }
};

} // namespace

TEST_CASE("A message signed with a corpus key verifies and reports its tags", "[analysis][unit]")
{
  const auto checks = verify_dkim(edge_message("rr-original.eml"), edge_keys());
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].verdict == AuthVerdict::pass);
  CHECK(checks[0].error.empty());
  CHECK(checks[0].domain == "example.com");
  CHECK(checks[0].selector == "test");
  CHECK(checks[0].algorithm == "rsa-sha256");
  CHECK(checks[0].canonicalization == "relaxed/relaxed");
  CHECK(checks[0].body_length == -1);
  CHECK(checks[0].signed_headers == "from:to:subject:date:message-id:from");
}

TEST_CASE("Bare LFs and an mbox From line do not break verification", "[analysis][unit]")
{
  std::string message = edge_message("rr-original.eml");
  std::string lf;
  for (char c : message) {
    if (c != '\r') {
      lf.push_back(c);
    }
  }
  for (const std::string& variant :
       {lf, "From alice@example.com Thu Jan  1 00:00:00 2024\n" + message}) {
    const auto checks = verify_dkim(variant, edge_keys());
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].verdict == AuthVerdict::pass);
  }
}

TEST_CASE("A message with a NUL byte is not handed to libopendkim", "[analysis][unit]")
{
  // libopendkim read past its buffer on such messages (fuzz_analyze under ASan,
  // tests/data/fuzz-regressions/analyze/nul-*).
  const std::string message = edge_message("rr-original.eml");
  const std::size_t to = message.find("\r\nTo:");
  REQUIRE(to != std::string::npos);
  for (const std::string& variant :
       {std::string(message).insert(to, std::string("\n\0x", 3)), message + std::string(1, '\0')}) {
    const auto checks = verify_dkim(variant, edge_keys());
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].verdict == AuthVerdict::permerror);
    CHECK(checks[0].error == "message not verifiable: a NUL byte in the message");
  }
  // Without the NUL byte the same message verifies.
  REQUIRE(verify_dkim(message, edge_keys()).size() == 1);
  CHECK(verify_dkim(message, edge_keys())[0].verdict == AuthVerdict::pass);
}

TEST_CASE("Key lookup failures become permerror or temperror per signature", "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    const char* code; // the lookup's error, "" = no record at all
    AuthVerdict verdict;
  };
  const Case cases[] = {
    {"no record", "", AuthVerdict::permerror},
    {"no TXT", "dns.no_record", AuthVerdict::permerror},
    {"timeout", "dns.temperror", AuthVerdict::temperror},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    MapKeyLookup keys;
    if (*c.code != '\0') {
      keys.add_error(k_key_name, c.code);
    }
    const auto checks = verify_dkim(edge_message("rr-original.eml"), keys);
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].verdict == c.verdict);
    CHECK(checks[0].error.rfind("no key", 0) == 0);
  }
}

TEST_CASE(
  "An exception from the key lookup is caught inside the library "
  "callback",
  "[analysis][unit]")
{
  const auto checks = verify_dkim(edge_message("rr-original.eml"), ThrowingLookup());
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].verdict == AuthVerdict::temperror);
  CHECK(checks[0].error == "no key: resolver exploded");
}

TEST_CASE("Messages without DKIM-Signature fields have no checks", "[analysis][unit]")
{
  const MapKeyLookup keys = edge_keys();
  for (const char* message : {"From: a@example.com\r\nSubject: x\r\n\r\nbody\r\n",
                              "DomainKey-Signature: a=rsa-sha1; d=example.com; b=x\r\n"
                              "X-Google-DKIM-Signature: v=1; d=example.com; b=y\r\n"
                              "From: a@example.com\r\n\r\nbody\r\n",
                              "",
                              "\r\n\r\n",
                              "no header at all"}) {
    CAPTURE(message);
    CHECK(verify_dkim(message, keys).empty());
  }
}

TEST_CASE("Only the first signatures of a message are evaluated", "[analysis][unit]")
{
  const std::string message = edge_message("rr-original.eml");
  // The signature field is the message's first field; repeat it.
  REQUIRE(message.rfind("DKIM-Signature:", 0) == 0);
  const std::size_t from = message.find("\r\nFrom:");
  REQUIRE(from != std::string::npos);
  const std::string signature = message.substr(0, from + 2);
  std::string many;
  for (int i = 0; i < 20; ++i) {
    many += signature;
  }
  const auto checks = verify_dkim(many + message.substr(from + 2), edge_keys());
  REQUIRE(checks.size() == 20);
  int passed = 0;
  int skipped = 0;
  for (const DkimCheck& check : checks) {
    passed += check.verdict == AuthVerdict::pass;
    skipped += check.verdict == AuthVerdict::neutral;
  }
  CHECK(passed == 16);
  CHECK(skipped == 4);
}
