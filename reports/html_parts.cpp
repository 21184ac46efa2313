// Building blocks of the HTML run report: escaped cells and rows, placement
// classes, probe anchors.
#include "html_parts.hpp"

#include <core/duration.hpp>
#include <reports/html_escape.hpp>
#include <reports/report_format.hpp>

namespace inboxprobe::html {

std::string
text(std::string_view text)
{
  return escape_html_text(text);
}

std::string
attr(std::string_view text)
{
  return escape_html_attribute(text);
}

std::string
td(std::string_view text)
{
  return "<td>" + html::text(text) + "</td>";
}

std::string
td_html(std::string_view html, std::string_view css_class)
{
  std::string out = "<td";
  if (!css_class.empty()) {
    out += " class=\"" + attr(css_class) + "\"";
  }
  return out + ">" + std::string(html) + "</td>";
}

std::string
header_row(std::initializer_list<std::string_view> labels)
{
  std::string out = "<tr>";
  for (const std::string_view label : labels) {
    out += "<th scope=\"col\">" + text(label) + "</th>";
  }
  return out + "</tr>\n";
}

std::string
fact_row(std::string_view label, std::string_view text)
{
  return fact_row_html(label, html::text(text));
}

std::string
fact_row_html(std::string_view label, std::string_view html)
{
  return "<tr><th scope=\"row\">" + text(label) + "</th><td>" + std::string(html) + "</td></tr>\n";
}

std::string
placement_class(Placement placement)
{
  return "pl-" + std::string(to_string(placement));
}

std::string
placement_badge(Placement placement)
{
  return "<span class=\"badge " + placement_class(placement) + "\">" + text(to_string(placement))
         + "</span>";
}

std::string
counts_class(const PlacementCounts& counts)
{
  const std::optional<Tone> tone = counts_tone(counts);
  if (!tone) {
    return "cell-empty";
  }
  switch (*tone) {
  case Tone::good:
    return "cell-good";
  case Tone::warn:
    return "cell-warn";
  case Tone::bad:
    return "cell-bad";
  case Tone::wait:
    break;
  }
  return "cell-wait";
}

std::string
counts_cell(const PlacementCounts& counts)
{
  std::string html = text(format_counts(counts));
  if (counts.total() > 0) {
    html += "<br><span class=\"note\">" + text(format_rate(counts.rate(Placement::inbox)))
            + " inbox</span>";
  }
  return td_html(html, counts_class(counts));
}

std::string
probe_link(std::int64_t probe_id)
{
  const std::string id = std::to_string(probe_id);
  return "<a href=\"#probe-" + id + "\">" + id + "</a>";
}

std::string
probe_anchor(const Probe& probe)
{
  return "probe-" + std::to_string(probe.id);
}

std::string
probe_latency_text(const ProbeRow& row)
{
  if (!row.result || !row.result->latency_ms) {
    return "-";
  }
  return format_latency(*row.result->latency_ms, row.result->latency_resolution_ms);
}

std::string_view
or_dash(std::string_view text)
{
  return text.empty() ? std::string_view("-") : text;
}

std::string
duration_or_dash(std::int64_t ms)
{
  return ms < 0 ? "-" : format_duration_ms(ms);
}

} // namespace inboxprobe::html
