#include <analysis/analyze.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace inboxprobe;

TEST_CASE("The bulk-sender compliance record follows the provider's verdicts and the headers",
          "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    std::string headers;
    const char* unsubscribe;
    const char* fcrdns;
    std::vector<std::string> codes;
  };
  const std::string ar =
    "Authentication-Results: mx.inbox.example; spf=pass "
    "smtp.mailfrom=a@sender.example; dkim=pass header.d=sender.example; "
    "dmarc=pass header.from=sender.example";
  const std::vector<Case> cases = {
    {"personal mail", ar + "; iprev=pass policy.iprev=192.0.2.1\r\n", "n/a", "pass", {}},
    {"bulk with one-click",
     ar
       + "\r\nPrecedence: bulk\r\nList-Unsubscribe: <https://sender.example/u?x=1>\r\n"
         "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
     "pass",
     "unknown",
     {}},
    {"bulk without one-click",
     ar
       + "; iprev=fail policy.iprev=192.0.2.1\r\nList-Id: <news.sender.example>\r\n"
         "List-Unsubscribe: <mailto:u@sender.example>\r\n",
     "fail",
     "fail",
     {"iprev.fail", "unsubscribe.no_one_click"}},
    {"bulk without any unsubscribe",
     ar + "\r\nFeedback-ID: 1:camp:sender\r\n",
     "fail",
     "unknown",
     {"unsubscribe.missing"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    AnalysisContext context;
    context.trusted_authserv_ids = {"mx.inbox.example"};
    const ProbeResult result =
      analyze_message(c.headers + "From: a@sender.example\r\nSubject: s\r\n\r\nbody\r\n", context);
    CHECK(result.compliance.spf_pass == "pass");
    CHECK(result.compliance.dkim_pass == "pass");
    CHECK(result.compliance.dmarc_present == "pass");
    CHECK(result.compliance.dmarc_aligned == "pass");
    CHECK(result.compliance.one_click_unsubscribe == c.unsubscribe);
    CHECK(result.compliance.fcrdns == c.fcrdns);
    CHECK(result.compliance.tls_every_hop == "unknown");
    std::vector<std::string> codes;
    for (const Finding& f : result.findings) {
      if (f.code.rfind("iprev.", 0) == 0 || f.code.rfind("unsubscribe.", 0) == 0) {
        codes.push_back(f.code);
      }
    }
    std::sort(codes.begin(), codes.end());
    CHECK(codes == c.codes);
  }
}
