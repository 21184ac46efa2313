// Inline SVG bar charts for the HTML run report (SVG 1.1 §9 basic shapes,
// §10 text; embedded in HTML as foreign content, HTML Living Standard
// §13.1.2.6). No script, no external reference, no xmlns URL: the HTML parser
// puts <svg> in the SVG namespace by itself. Labels are escaped like any
// other text; every bar carries its value as text, so the chart reads in grey
// and without colour.
#include "html_parts.hpp"

#include <reports/report_format.hpp>

#include <algorithm>

namespace inboxprobe::html {

namespace {

constexpr int k_label_width = 260; // seed address and content column
constexpr int k_bar_width = 300;   // the longest bar
constexpr int k_value_width = 150; // value and placement text
constexpr int k_row_height = 20;
constexpr int k_bar_height = 14;
constexpr int k_top = 4;
constexpr std::size_t k_label_code_points = 38;

// At most `limit` code points of `text` (UTF-8), with "…" when cut; cuts
// only before a lead byte, so no character is split.
std::string
shorten(std::string_view text, std::size_t limit)
{
  std::size_t code_points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80 && code_points++ == limit) {
      return std::string(text.substr(0, i)) + "\u2026";
    }
  }
  return std::string(text);
}

// The bar length in px for `ms` on a scale whose full bar is `scale_ms`: at
// least 1 px so that a "< 1 s" arrival is still visible, 0 when negative
// (clock skew: the value text says so).
int
bar_length(std::int64_t ms, std::int64_t scale_ms)
{
  if (ms < 0) {
    return 0;
  }
  // In double: a far-future INTERNALDATE must not overflow the product.
  const double length = static_cast<double>(ms) * k_bar_width / static_cast<double>(scale_ms);
  return std::clamp(static_cast<int>(length), 1, k_bar_width);
}

std::string
chart_row(const ProbeRow& row, int index, std::int64_t scale_ms)
{
  const int y = k_top + index * k_row_height;
  const int text_y = y + k_bar_height - 3;
  const int length = bar_length(*row.result->latency_ms, scale_ms);
  // Seed and content: one seed can receive several content variants.
  const std::string label =
    shorten(row.probe.seed + " \u00b7 " + row.probe.content, k_label_code_points);
  std::string out = "<text x=\"" + std::to_string(k_label_width - 6) + "\" y=\""
                    + std::to_string(text_y) + "\" text-anchor=\"end\">" + text(label) + "</text>";
  out += "<rect class=\"bar " + placement_class(row.placement) + "\" x=\""
         + std::to_string(k_label_width) + "\" y=\"" + std::to_string(y) + "\" width=\""
         + std::to_string(length) + "\" height=\"" + std::to_string(k_bar_height) + "\"></rect>";
  out += "<text x=\"" + std::to_string(k_label_width + length + 6) + "\" y=\""
         + std::to_string(text_y) + "\">"
         + text(probe_latency_text(row) + " (" + std::string(to_string(row.placement)) + ")")
         + "</text>\n";
  return out;
}

} // namespace

std::string
render_latency_chart(const RouteSummary& route, const std::vector<const ProbeRow*>& rows)
{
  std::int64_t scale_ms = route.latency_resolution_ms;
  for (const ProbeRow* row : rows) {
    scale_ms = std::max(scale_ms, *row->result->latency_ms);
  }
  const int width = k_label_width + k_bar_width + k_value_width;
  const int height = k_top * 2 + static_cast<int>(rows.size()) * k_row_height;
  std::string out = "<svg class=\"chart\" role=\"img\" width=\"" + std::to_string(width)
                    + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 "
                    + std::to_string(width) + " " + std::to_string(height) + "\" aria-label=\""
                    + attr("Latency per probe, route " + route.route) + "\">\n<title>"
                    + text("Latency per probe, route " + route.route) + "</title>\n";
  out += "<line class=\"axis\" x1=\"" + std::to_string(k_label_width) + "\" y1=\"0\" x2=\""
         + std::to_string(k_label_width) + "\" y2=\"" + std::to_string(height) + "\"></line>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += chart_row(*rows[i], static_cast<int>(i), scale_ms);
  }
  return out + "</svg>\n";
}

} // namespace inboxprobe::html
