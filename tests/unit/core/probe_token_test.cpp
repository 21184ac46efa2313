#include <core/probe_token.hpp>

#include <catch2/catch.hpp>

#include <set>

using namespace inboxprobe;

TEST_CASE("probe tokens are 24 base32 characters and do not repeat", "[core][unit]")
{
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = make_probe_token();
    CHECK(token.size() == 24);
    CHECK(looks_like_probe_token(token));
    seen.insert(token);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("token shape check rejects other strings", "[core][unit]")
{
  CHECK_FALSE(looks_like_probe_token(""));
  CHECK_FALSE(looks_like_probe_token("ABCDEFGHIJKLMNOPQRSTUVWX")); // uppercase
  CHECK_FALSE(looks_like_probe_token("abcdefghijklmnopqrstuvw1")); // 1 is not base32
  CHECK_FALSE(looks_like_probe_token("abcdefghijklmnopqrstuvw"));  // too short
  CHECK(looks_like_probe_token("abcdefghijklmnopqrstuvw2"));
}
