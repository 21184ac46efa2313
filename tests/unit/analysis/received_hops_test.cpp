#include <analysis/analyze.hpp>
#include <analysis/received_hops.hpp>
#include <core/message_headers.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

std::vector<Hop>
hops_of(const std::string& header_block)
{
  return build_hops(parse_received_chain(parse_header_fields(header_block + "\r\n")));
}

} // namespace

TEST_CASE("Each Received form gives its connecting IP and TLS facts", "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    std::string field;
    std::string ip;
    bool tls;
    std::string version;
    std::string cipher;
  };
  const std::vector<Case> cases = {
    {"postfix",
     "Received: from mail.example (unknown [10.0.0.1])\r\n\t(using TLSv1.2 with cipher "
     "ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))\r\n\tby mx.example (Postfix) with ESMTPS id "
     "8E; Mon, 11 Feb 2019 11:23:41 +0100",
     "10.0.0.1",
     true,
     "TLSv1.2",
     "ECDHE-RSA-AES256-GCM-SHA384"},
    {"exim with port",
     "Received: from relay ([87.106.127.28]:58922)\r\n\tby mail with esmtps "
     "(TLSv1.2:DHE-RSA-AES256-GCM-SHA384:256)\r\n\tid 1g; Mon, 11 Feb 2019 11:23:31 +0100",
     "87.106.127.28",
     true,
     "TLSv1.2",
     "DHE-RSA-AES256-GCM-SHA384"},
    {"microsoft",
     "Received: from BN8 (2603:10b6:408:fb::21) by DM6 (2603:10b6:5:1::1) with Microsoft "
     "SMTP Server (version=TLS1_2,\r\n cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id "
     "15.20.5746.21; Tue, 25 Oct 2022 09:10:11 +0000",
     "2603:10b6:408:fb::21",
     true,
     "TLS1_2",
     "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {"gmail",
     "Received: from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41])\r\n"
     "        by mx.google.com with SMTPS id a1sor\r\n        (version=TLS1_3 "
     "cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\r\n        Fri, 16 Sep 2022 03:10:07 -0700",
     "209.85.220.41",
     true,
     "TLS1_3",
     "TLS_AES_256_GCM_SHA384"},
    {"ipv6 literal",
     "Received: from x ([IPv6:2001:DB8::1]) by y with ESMTP; 1 Jan 2024 00:00 +0000",
     "2001:db8::1",
     false,
     "",
     ""},
    {"plain smtp",
     "Received: from a (a [192.0.2.7]) by b with SMTP id 1; 1 Jan 2024 00:00 +0000",
     "192.0.2.7",
     false,
     "",
     ""},
    {"authenticated",
     "Received: from a ([192.0.2.8]) by b with ESMTPSA; 1 Jan 2024 00:00 +0000",
     "192.0.2.8",
     true,
     "",
     ""},
    {"internal (TLS)",
     "Received: from DENU (10.10.10.9) by DENU2 (10.10.10.8) with Microsoft SMTP Server (TLS) "
     "id 15.0; 1 Jan 2024 00:00 +0000",
     "10.10.10.9",
     true,
     "",
     ""},
    {"no from clause",
     "Received: by 2002:a05:6a10::1 with SMTP id x; 1 Jan 2024 00:00 +0000",
     "",
     false,
     "",
     ""},
    {"ip only after by",
     "Received: from a by b ([192.0.2.9]) with SMTP; 1 Jan 2024 00:00 +0000",
     "",
     false,
     "",
     ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::vector<Hop> hops = hops_of(c.field);
    REQUIRE(hops.size() == 1);
    CHECK(hops[0].from_ip == c.ip);
    CHECK(hops[0].tls == c.tls);
    CHECK(hops[0].tls_version == c.version);
    CHECK(hops[0].tls_cipher == c.cipher);
  }
}

TEST_CASE("Hop delays are measured against the next dated hop below, negative ones kept",
          "[analysis][unit]")
{
  const std::vector<Hop> hops = hops_of(
    "Received: from c ([192.0.2.3]) by d with ESMTPS; "
    "1 Jan 2024 00:00:03 +0000\r\n"
    "Received: from b ([192.0.2.2]) by c with SMTP; no date\r\n"
    "Received: from a ([192.0.2.1]) by b with ESMTPS; "
    "1 Jan 2024 00:00:10 +0000\r\n"
    "Received: by a with local; 1 Jan 2024 00:00:00 +0000");
  REQUIRE(hops.size() == 4);
  CHECK(hops[0].delay_s == -7);
  CHECK_FALSE(hops[1].delay_s.has_value());
  CHECK(hops[2].delay_s == 10);
  CHECK_FALSE(hops[3].delay_s.has_value());
}

TEST_CASE("The path pass reports skew, undated hops, slow hops and plaintext hops",
          "[analysis][unit]")
{
  const std::string message =
    "Received: from c ([192.0.2.3]) by d with ESMTPS; "
    "1 Jan 2024 00:10:03 +0000\r\n"
    "Received: from b ([192.0.2.2]) by c with SMTP; "
    "1 Jan 2024 00:10:10 +0000\r\n"
    "Received: from a ([127.0.0.1]) by b with SMTP; no date\r\n"
    "Received: from z ([192.0.2.1]) by a with ESMTPS; "
    "1 Jan 2024 00:00:00 +0000\r\n"
    "From: a@example.com\r\n\r\nbody\r\n";
  const ProbeResult result = analyze_message(message, AnalysisContext{});
  const auto count = [&](const char* code) {
    return std::count_if(result.findings.begin(), result.findings.end(), [code](const Finding& f) {
      return f.code == code;
    });
  };
  CHECK(result.hops.size() == 4);
  CHECK(count("received.clock_skew") == 1);
  CHECK(count("received.no_date") == 1);
  CHECK(count("received.slow_hop") == 1);
  CHECK(count("tls.plaintext_hop") == 1); // the loopback hop is not counted
  CHECK(result.compliance.tls_every_hop == "fail");
  for (const Finding& f : result.findings) {
    CAPTURE(f.code);
    CHECK_FALSE(f.advice.empty());
  }
}
