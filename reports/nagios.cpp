// The Nagios plugin output line and its performance data.
#include "nagios.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace inboxprobe {

namespace {

std::string
number(double value)
{
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string
label_text(const std::string& label)
{
  const bool plain = std::all_of(label.begin(), label.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
  if (plain && !label.empty()) {
    return label;
  }
  std::string out = "'";
  for (const char c : label) {
    out += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return out + "'";
}

std::string
one_line(std::string text)
{
  for (char& c : text) {
    if (c == '|') {
      c = '/';
    } else if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  return text;
}

std::string
perf_text(const PerfDatum& d)
{
  std::string out = label_text(d.label) + "=" + number(d.value) + d.unit + ";" + d.warn + ";"
                    + d.crit + ";" + (d.min ? number(*d.min) : "") + ";"
                    + (d.max ? number(*d.max) : "");
  while (out.back() == ';') {
    out.pop_back();
  }
  return out;
}

PerfDatum
limited(std::string label,
        double value,
        std::string unit,
        const Limit& limit,
        Breach breach,
        std::optional<double> min,
        std::optional<double> max)
{
  return {std::move(label),
          value,
          std::move(unit),
          nagios_range(limit.warning, breach),
          nagios_range(limit.critical, breach),
          min,
          max};
}

int
rank(AlertLevel level)
{
  return level == AlertLevel::critical  ? 0
         : level == AlertLevel::warning ? 1
         : level == AlertLevel::unknown ? 2
                                        : 3;
}

} // namespace

std::string
nagios_range(const std::optional<double>& value, Breach breach)
{
  if (!value) {
    return "";
  }
  return breach == Breach::below ? number(*value) + ":" : number(*value);
}

std::string
nagios_line(std::string_view service,
            AlertLevel level,
            const std::vector<Alert>& alerts,
            std::string_view ok_text,
            const std::vector<PerfDatum>& perfdata)
{
  std::string status(to_string(level));
  std::transform(status.begin(), status.end(), status.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  std::vector<const Alert*> sorted;
  for (const Alert& alert : alerts) {
    sorted.push_back(&alert);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const Alert* a, const Alert* b) {
    return rank(a->level) < rank(b->level);
  });
  std::string text;
  for (const Alert* alert : sorted) {
    text += (text.empty() ? "" : "; ") + alert->message;
  }
  std::string line = std::string(service) + " " + status + " - "
                     + one_line(text.empty() ? std::string(ok_text) : text);
  std::string perf;
  for (const PerfDatum& d : perfdata) {
    perf += (perf.empty() ? "" : " ") + perf_text(d);
  }
  return perf.empty() ? line : line + " | " + perf;
}

std::vector<PerfDatum>
run_perfdata(const RunReport& report, const ThresholdSet& thresholds)
{
  std::vector<PerfDatum> out;
  for (const RouteSummary& s : report.routes) {
    const Thresholds& t = thresholds.for_route(s.route);
    out.push_back(limited(s.route + "_inbox",
                          100.0 * s.counts.rate(Placement::inbox),
                          "%",
                          t.min_inbox_percent,
                          Breach::below,
                          0.0,
                          100.0));
    out.push_back(limited(s.route + "_spam",
                          100.0 * s.counts.rate(Placement::spam),
                          "%",
                          t.max_spam_percent,
                          Breach::above,
                          0.0,
                          100.0));
    out.push_back(limited(s.route + "_missing",
                          s.counts.count(Placement::missing),
                          "",
                          t.max_missing,
                          Breach::above,
                          0.0,
                          s.counts.total()));
    if (s.latency_p95_ms) {
      out.push_back(limited(s.route + "_latency_p95",
                            *s.latency_p95_ms / 1000.0,
                            "s",
                            t.max_p95_latency_seconds,
                            Breach::above,
                            0.0,
                            std::nullopt));
    }
  }
  return out;
}

std::vector<PerfDatum>
check_perfdata(const std::vector<SmtpHealth>& checks,
               const ThresholdSet& thresholds,
               std::int64_t now_ms)
{
  std::vector<PerfDatum> out;
  const auto seconds = [](std::int64_t us) { return static_cast<double>(us) / 1e6; };
  for (const SmtpHealth& h : checks) {
    const Thresholds& t = thresholds.for_route(h.route);
    if (h.connect_us >= 0) {
      out.push_back({h.route + "_connect", seconds(h.connect_us), "s", "", "", 0.0, {}});
    }
    if (h.banner_us >= 0) {
      out.push_back({h.route + "_banner", seconds(h.banner_us), "s", "", "", 0.0, {}});
    }
    const std::int64_t handshake_us = h.starttls_us >= 0 ? h.starttls_us : h.tls_connect_us;
    if (handshake_us >= 0) {
      out.push_back({h.route + "_tls_handshake", seconds(handshake_us), "s", "", "", 0.0, {}});
    }
    if (!h.chain.empty()) {
      out.push_back(limited(h.route + "_certificate_days",
                            static_cast<double>(days_until(h.chain.front().not_after_at, now_ms)),
                            "",
                            t.min_certificate_days,
                            Breach::below,
                            std::nullopt,
                            std::nullopt));
    }
    if (h.queue && h.queue->error.empty()) {
      out.push_back(limited(h.route + "_queue",
                            h.queue->messages,
                            "",
                            t.max_queue_messages,
                            Breach::above,
                            0.0,
                            std::nullopt));
    }
  }
  return out;
}

} // namespace inboxprobe
