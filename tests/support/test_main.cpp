// The one Catch2 main for every test executable, with a listener that remembers whether the
// running test case has failed (TempDir keeps its directory then, as evidence).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

namespace inboxprobe::test {

namespace {
bool g_current_test_failed = false;
} // namespace

bool
current_test_failed()
{
  return g_current_test_failed;
}

class FailureListener : public Catch::TestEventListenerBase
{
public:
  using TestEventListenerBase::TestEventListenerBase;

  void
  testCaseStarting(const Catch::TestCaseInfo& info) override
  {
    TestEventListenerBase::testCaseStarting(info);
    g_current_test_failed = false;
  }

  bool
  assertionEnded(const Catch::AssertionStats& stats) override
  {
    if (!stats.assertionResult.isOk()) {
      g_current_test_failed = true;
    }
    return TestEventListenerBase::assertionEnded(stats);
  }
};

} // namespace inboxprobe::test

using inboxprobe::test::FailureListener;
CATCH_REGISTER_LISTENER(FailureListener)
