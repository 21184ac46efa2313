// The delivery-path pass (see analyze_passes.hpp): the Received chain as Hop
// records (RFC 5321 §4.4), where the time went, clock skew between hops and
// hops without TLS (RFC 3207; the 2024 bulk-sender rules want TLS on every
// hop).
#include "analyze_passes.hpp"
#include "received.hpp"
#include "received_hops.hpp"
#include "text.hpp"

#include <algorithm>

namespace inboxprobe::analyze_detail {

namespace {

// A hop is "slow" when it took at least this long and at least half of the
// whole transit: that is where the time went.
constexpr std::int64_t k_slow_hop_s = 120;

std::string
hop_name(const Hop& hop)
{
  return hop.by.empty() ? std::string("(no by clause)") : hop.by;
}

// SMTP between two machines: the with-protocol is an SMTP variant (RFC 3848)
// or Microsoft's "Microsoft SMTP Server", and the peer is not loopback. LMTP
// and local pickup hops are delivery inside one system.
bool
is_network_smtp_hop(const Hop& hop)
{
  if (hop.from_ip.empty() || is_loopback_ip(hop.from_ip)) {
    return false;
  }
  const std::string with = text::to_lower(hop.with);
  return with.starts_with("smtp") || with.starts_with("esmtp") || with.starts_with("utf8smtp")
         || with == "microsoft";
}

void
report_skew_and_gaps(ProbeResult& result)
{
  std::string undated;
  for (const Hop& hop : result.hops) {
    if (hop.delay_s && *hop.delay_s < 0) {
      add_finding(result,
                  "received.clock_skew",
                  "a hop is dated " + std::to_string(-*hop.delay_s)
                    + " s before the hop below it: clocks differ",
                  "by " + hop_name(hop) + " at " + format_utc_iso(*hop.date_at));
    }
    if (!hop.date_at) {
      undated += (undated.empty() ? "" : ", ") + hop_name(hop);
    }
  }
  if (!undated.empty()) {
    add_finding(result, "received.no_date", "a Received field has no readable date", undated);
  }
}

void
report_slow_hop(ProbeResult& result)
{
  const auto dated = [](const Hop& hop) { return hop.date_at.has_value(); };
  const auto newest = std::find_if(result.hops.begin(), result.hops.end(), dated);
  const auto oldest = std::find_if(result.hops.rbegin(), result.hops.rend(), dated);
  if (newest == result.hops.end()) {
    return;
  }
  const std::int64_t total = *newest->date_at - *oldest->date_at;
  const auto slowest =
    std::max_element(result.hops.begin(), result.hops.end(), [](const Hop& a, const Hop& b) {
      return a.delay_s.value_or(0) < b.delay_s.value_or(0);
    });
  const std::int64_t delay = slowest->delay_s.value_or(0);
  if (delay >= k_slow_hop_s && delay * 2 >= total) {
    add_finding(result,
                "received.slow_hop",
                "one hop took " + std::to_string(delay) + " s of the " + std::to_string(total)
                  + " s transit",
                "by " + hop_name(*slowest));
  }
}

void
report_tls(ProbeResult& result)
{
  int network_hops = 0;
  int plaintext = 0;
  for (const Hop& hop : result.hops) {
    if (!is_network_smtp_hop(hop)) {
      continue;
    }
    ++network_hops;
    if (!hop.tls) {
      ++plaintext;
      add_finding(result,
                  "tls.plaintext_hop",
                  "a hop carried the message without TLS",
                  "from " + hop.from + " [" + hop.from_ip + "] by " + hop_name(hop) + " with "
                    + hop.with);
    }
  }
  result.compliance.tls_every_hop = network_hops == 0 ? "unknown" : plaintext ? "fail" : "pass";
}

} // namespace

void
read_path(const std::vector<HeaderField>& fields, ProbeResult& result)
{
  result.hops = build_hops(parse_received_chain(fields));
  report_skew_and_gaps(result);
  report_slow_hop(result);
  report_tls(result);
}

} // namespace inboxprobe::analyze_detail
