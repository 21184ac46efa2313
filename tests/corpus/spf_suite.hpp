// What the SPF corpus runners share (test-local header): pass, fail and
// known-limit counts per suite and per scenario. A failing case fails the
// test unless the suite lists it as a known library limit with its reason; a
// listed case that passes fails the test too (the list stays exact).
#pragma once

#include <catch2/catch.hpp>

#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace inboxprobe::test {

struct Outcome
{
  int passed = 0;
  int failed = 0;
  int known = 0;
};

struct Suite
{
  std::string name;
  std::map<std::string, std::string> known_limits; // test id -> reason
  Outcome total;
  std::vector<std::string> problems;

  // Records one case; `problem` is empty when it passed.
  void
  record(const std::string& scenario,
         const std::string& id,
         const std::string& problem,
         Outcome& in_scenario)
  {
    const bool known = known_limits.count(id) > 0;
    if (problem.empty()) {
      ++total.passed;
      ++in_scenario.passed;
      // A listed limit that passes is stale: the list must be kept exact.
      CHECK_FALSE(known);
    } else if (known) {
      ++total.known;
      ++in_scenario.known;
    } else {
      ++total.failed;
      ++in_scenario.failed;
      problems.push_back(scenario + " / " + id + ": " + problem);
    }
  }

  void
  print_scenario(const std::string& scenario, const Outcome& o) const
  {
    std::cout << "  " << name << " scenario '" << scenario << "': " << o.passed << " of "
              << o.passed + o.failed + o.known << " pass";
    if (o.known > 0) {
      std::cout << " (" << o.known << " known libspf2 limits)";
    }
    std::cout << "\n";
  }

  void
  finish() const
  {
    std::cout << "corpus " << name << ": " << total.passed << " passed, " << total.failed
              << " failed, " << total.known << " known library limits\n";
    for (const std::string& problem : problems) {
      UNSCOPED_INFO(problem);
    }
    CHECK(total.failed == 0);
  }
};

} // namespace inboxprobe::test
