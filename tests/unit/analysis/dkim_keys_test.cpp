#include "../../support/temp_dir.hpp"
#include "fake_dns_server.hpp"

#include <analysis/dkim_keys.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <string>

using namespace inboxprobe;
using test::FakeDnsServer;

TEST_CASE("A key file loads into a case-insensitive map", "[analysis][unit]")
{
  test::TempDir dir;
  const std::string path = (dir.path() / "keys.txt").string();
  std::ofstream(path) << "# comment\r\n"
                         "\r\n"
                         "Test._DomainKey.Example.COM\tv=DKIM1; p=AB CD\r\n"
                         "other._domainkey.example.org.   k=rsa; p=\n";
  const auto keys = MapKeyLookup::from_file(path);
  REQUIRE(keys);
  CHECK(keys->txt_record("test._domainkey.example.com") == "v=DKIM1; p=AB CD");
  CHECK(keys->txt_record("OTHER._domainkey.example.org.") == "k=rsa; p=");
  const auto missing = keys->txt_record("nope._domainkey.example.com");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == "dns.nxdomain");
}

TEST_CASE("A key file with a bare name or that cannot be read is an error", "[analysis][unit]")
{
  test::TempDir dir;
  const std::string path = (dir.path() / "keys.txt").string();
  std::ofstream(path) << "a._domainkey.example.com v=DKIM1; p=x\n"
                         "lonely._domainkey.example.com\n";
  const auto bad = MapKeyLookup::from_file(path);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "keys.syntax");
  CHECK(bad.error().what.find(":2:") != std::string::npos);
  const auto absent = MapKeyLookup::from_file(path + ".absent");
  REQUIRE_FALSE(absent);
  CHECK(absent.error().code == "keys.unreadable");
}

TEST_CASE("A configured lookup failure is returned with its code", "[analysis][unit]")
{
  MapKeyLookup keys;
  keys.add("a._domainkey.example.com", "v=DKIM1; p=x");
  keys.add_error("A._domainkey.example.com", "dns.temperror");
  const auto record = keys.txt_record("a._domainkey.example.com");
  REQUIRE_FALSE(record);
  CHECK(record.error().code == "dns.temperror");
}

TEST_CASE("The DNS key lookup reads TXT records and maps DNS errors", "[analysis][unit]")
{
  using B = FakeDnsServer::Behaviour;
  const std::string long_string(250, 'k');
  FakeDnsServer server({
    {"lab._domainkey.sender.test", {B::answer, {{"v=DKIM1; k=rsa; p=AAAA"}}}},
    {"split._domainkey.sender.test", {B::answer, {{"v=DKIM1; k=rsa; ", "p=BBBB"}}}},
    {"two._domainkey.sender.test", {B::answer, {{"v=DKIM1; p=A"}, {"p=B"}}}},
    {"empty._domainkey.sender.test", {B::empty, {}}},
    {"broken._domainkey.sender.test", {B::servfail, {}}},
    {"big._domainkey.sender.test", {B::truncate_udp, {{long_string, long_string, long_string}}}},
  });
  const auto lookup = make_dns_key_lookup(server.address(), 2000);
  struct Case
  {
    const char* name;
    std::string record; // expected TXT text, or
    const char* error;  // expected error code
  };
  const Case cases[] = {
    {"lab._domainkey.sender.test", "v=DKIM1; k=rsa; p=AAAA", ""},
    {"split._domainkey.sender.test", "v=DKIM1; k=rsa; p=BBBB", ""},
    {"big._domainkey.sender.test", long_string + long_string + long_string, ""},
    {"two._domainkey.sender.test", "", "dns.multiple_records"},
    {"empty._domainkey.sender.test", "", "dns.no_record"},
    {"absent._domainkey.sender.test", "", "dns.nxdomain"},
    {"broken._domainkey.sender.test", "", "dns.temperror"},
    {"bad label!._domainkey.sender.test", "", "dns.no_record"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto record = lookup->txt_record(c.name);
    if (c.record.empty()) {
      REQUIRE_FALSE(record);
      CHECK(record.error().code == c.error);
    } else {
      REQUIRE(record);
      CHECK(*record == c.record);
    }
  }
  CHECK(server.tcp_queries() == 1); // only the truncated reply went to TCP
}

TEST_CASE(
  "A DNS server that does not answer is a temporary error within the "
  "timeout",
  "[analysis][unit]")
{
  FakeDnsServer server({{"slow._domainkey.sender.test", {FakeDnsServer::Behaviour::drop, {}}}});
  const auto lookup = make_dns_key_lookup(server.address(), 1000);
  const auto start = std::chrono::steady_clock::now();
  const auto record = lookup->txt_record("slow._domainkey.sender.test");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(record);
  CHECK(record.error().code == "dns.temperror");
  CHECK(elapsed < std::chrono::seconds(3));
}

TEST_CASE("A resolver that is not IPv4[:port] is a configuration error", "[analysis][unit]")
{
  for (const char* resolver :
       {"localhost", "127.0.0.1:0", "127.0.0.1:x", "127.0.0.1:70000", "[::1]:53"}) {
    CAPTURE(resolver);
    CHECK_THROWS_AS(make_dns_key_lookup(resolver), ConfigError);
  }
  CHECK(make_dns_key_lookup("") != nullptr);
  CHECK(make_dns_key_lookup("192.0.2.1") != nullptr);
}
