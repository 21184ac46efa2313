#include "fetch_batches.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

using Batches = std::vector<std::vector<std::uint32_t>>;

TEST_CASE("FETCH batches keep each reply within the byte budget", "[receiver][unit]")
{
  struct Case
  {
    const char* name;
    std::vector<std::pair<std::uint32_t, std::int64_t>> costs;
    std::int64_t budget;
    Batches expected;
  };
  const std::vector<Case> cases = {
    {"nothing", {}, 100, {}},
    {"all fit", {{1, 30}, {2, 30}, {3, 40}}, 100, {{1, 2, 3}}},
    {"split where the next would overflow", {{1, 60}, {2, 50}, {3, 50}}, 100, {{1}, {2, 3}}},
    {"one too big is alone", {{1, 10}, {2, 500}, {3, 10}}, 100, {{1}, {2}, {3}}},
    {"unknown sizes count as 1 byte", {{7, -1}, {8, 0}, {9, 98}}, 100, {{7, 8, 9}}},
    {"and still add up", {{7, -1}, {8, 0}, {9, 99}}, 100, {{7, 8}, {9}}},
    {"order is kept", {{9, 10}, {3, 10}}, 100, {{9, 3}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(batches_within(c.costs, c.budget) == c.expected);
  }
  // Eight 150 KB newsletters: one FETCH each, never two in a 128 KiB reply.
  std::vector<std::pair<std::uint32_t, std::int64_t>> newsletters;
  for (std::uint32_t uid = 1; uid <= 8; ++uid) {
    newsletters.emplace_back(uid, 150'000);
  }
  CHECK(batches_within(newsletters, k_reply_budget_bytes).size() == 8);
}

TEST_CASE("new UIDs are read in ranges, the last one open", "[receiver][unit]")
{
  CHECK(uid_ranges(5, 0, 400) == std::vector<std::string>{"5:*"});   // UIDNEXT unknown
  CHECK(uid_ranges(5, 6, 400) == std::vector<std::string>{"5:*"});   // one new
  CHECK(uid_ranges(1, 401, 400) == std::vector<std::string>{"1:*"}); // exactly 400
  CHECK(uid_ranges(1, 402, 400) == std::vector<std::string>{"1:400", "401:*"});
  CHECK(uid_ranges(10, 1000, 400) == std::vector<std::string>{"10:409", "410:809", "810:*"});
  CHECK(uid_ranges(3, 5, 0) == std::vector<std::string>{"3:3", "4:*"}); // 0 counts as 1
}

TEST_CASE("searched UIDs are read in sets of at most the batch size", "[receiver][unit]")
{
  CHECK(uid_sets({}, 400).empty());
  CHECK(uid_sets({1, 2, 3, 7}, 400) == std::vector<std::string>{"1:3,7"});
  CHECK(uid_sets({1, 2, 3, 7, 8}, 2) == std::vector<std::string>{"1:2", "3,7", "8"});
}
