// Probes as CSV (RFC 4180) with the formula-injection guard (csv_report.hpp).
#include "csv_report.hpp"

#include <reports/html_escape.hpp>

#include <cstdio>
#include <ctime>
#include <initializer_list>
#include <type_traits>
#include <vector>

namespace inboxprobe {

namespace {

// Replaces invalid UTF-8 (and controls other than TAB/LF, which the HTML
// escaper also drops) by reusing the escaper's decoder: escaping then
// unescaping the five entities gives the cleaned text back.
std::string
clean_utf8(std::string_view text)
{
  const std::string escaped = escape_html_text(text);
  std::string out;
  out.reserve(escaped.size());
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] != '&') {
      out += escaped[i];
      continue;
    }
    for (const auto& [entity, plain] : {std::pair<std::string_view, char>{"&amp;", '&'},
                                        {"&lt;", '<'},
                                        {"&gt;", '>'},
                                        {"&quot;", '"'},
                                        {"&#39;", '\''}}) {
      if (escaped.compare(i, entity.size(), entity) == 0) {
        out += plain;
        i += entity.size() - 1;
        break;
      }
    }
  }
  return out;
}

std::string
number(std::int64_t value)
{
  return std::to_string(value);
}

template<typename T>
std::string
optional_number(const std::optional<T>& value)
{
  if (!value) {
    return "";
  }
  if constexpr (std::is_floating_point_v<T>) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", *value);
    return buffer;
  } else {
    return std::to_string(*value);
  }
}

std::string
iso_utc_ms(std::int64_t at_ms)
{
  if (at_ms == 0) {
    return "";
  }
  const auto seconds = static_cast<std::time_t>(at_ms / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return buffer;
}

std::string
finding_codes(const ProbeRow& row)
{
  std::string out;
  if (row.result) {
    for (const Finding& finding : row.result->findings) {
      out += (out.empty() ? "" : " ") + finding.code;
    }
  }
  return out;
}

// Text fields go through csv_field; numbers are written as they are.
void
append_row(std::string& out, const std::vector<std::string>& text, const std::vector<bool>& is_text)
{
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += is_text[i] ? csv_field(text[i]) : text[i];
  }
  out += "\r\n";
}

// The CSV fields of one probe, in column order (render_probes_csv).
std::vector<std::string>
fields_of(const RunReport& report, const ProbeRow& row)
{
  const Submission* s = row.submission ? &*row.submission : nullptr;
  const ProbeResult* r = row.result ? &*row.result : nullptr;
  const SpamVerdict* spam = r && r->spam_verdict ? &*r->spam_verdict : nullptr;
  bool all_tls = !row.hops.empty();
  for (const ReportHop& hop : row.hops) {
    all_tls = all_tls && hop.tls;
  }
  return {report.run.id,
          number(row.probe.id),
          row.probe.route,
          row.probe.seed,
          row.provider,
          row.probe.content,
          std::string(to_string(row.placement)),
          r ? r->folder : (row.sighting ? row.sighting->folder : ""),
          row.analysed ? "yes" : "no",
          s ? std::string(to_string(s->outcome)) : "",
          s && s->reply.code ? number(s->reply.code) : "",
          s ? s->reply.enhanced_code : "",
          s ? s->reply.text : "",
          s ? iso_utc_ms(s->accepted_at_ms) : "",
          r ? optional_number(r->latency_ms) : "",
          r ? number(r->latency_resolution_ms) : "",
          r ? optional_number(r->detection_lag_ms) : "",
          r ? std::string(to_string(r->spf)) : "",
          r ? std::string(to_string(r->dkim)) : "",
          r ? std::string(to_string(r->dmarc)) : "",
          spam ? optional_number(spam->score) : "",
          spam && spam->is_spam ? (*spam->is_spam ? "yes" : "no") : "",
          row.hops.empty() ? "" : number(static_cast<std::int64_t>(row.hops.size())),
          row.hops.empty() ? "" : (all_tls ? "yes" : "no"),
          finding_codes(row)};
}

} // namespace

std::string
csv_field(std::string_view text)
{
  std::string value = clean_utf8(text);
  if (!value.empty()
      && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@'
          || value[0] == '\t' || value[0] == '\r')) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    return value;
  }
  std::string quoted = "\"";
  for (const char c : value) {
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return quoted + "\"";
}

std::string
render_probes_csv(const RunReport& report)
{
  // t = text (guarded and quoted), n = number.
  const std::vector<std::pair<const char*, bool>> columns = {{"run_id", true},
                                                             {"probe_id", false},
                                                             {"route", true},
                                                             {"seed", true},
                                                             {"provider", true},
                                                             {"content", true},
                                                             {"placement", true},
                                                             {"folder", true},
                                                             {"analysed", true},
                                                             {"submit_outcome", true},
                                                             {"reply_code", false},
                                                             {"enhanced_code", true},
                                                             {"reply_text", true},
                                                             {"accepted_at", true},
                                                             {"latency_ms", false},
                                                             {"latency_resolution_ms", false},
                                                             {"detection_lag_ms", false},
                                                             {"spf", true},
                                                             {"dkim", true},
                                                             {"dmarc", true},
                                                             {"spam_score", false},
                                                             {"is_spam", true},
                                                             {"hops", false},
                                                             {"tls_all_hops", true},
                                                             {"finding_codes", true}};
  std::vector<std::string> names;
  std::vector<bool> is_text;
  for (const auto& [name, text] : columns) {
    names.push_back(name);
    is_text.push_back(text);
  }
  std::string out;
  append_row(out, names, std::vector<bool>(names.size(), true));
  for (const ProbeRow& row : report.probes) {
    append_row(out, fields_of(report, row), is_text);
  }
  return out;
}

} // namespace inboxprobe
