#include "seed_poll.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("UID sets compress runs", "[receiver][unit]")
{
  CHECK(uid_set({1}) == "1");
  CHECK(uid_set({1, 2, 3, 5, 7, 8}) == "1:3,5,7:8");
  CHECK(uid_set({}).empty());
}

TEST_CASE("SEARCH dates use the RFC 3501 date form", "[receiver][unit]")
{
  CHECK(imap_search_date(1'795'955'598) == "29-Nov-2026");
  CHECK(imap_search_date(0) == "1-Jan-1970");
}
