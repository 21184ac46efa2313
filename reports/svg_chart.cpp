// Inline SVG charts for the HTML reports (SVG 1.1 §9 basic shapes, §10 text;
// embedded in HTML as foreign content, HTML Living Standard §13.1.2.6): a
// latency histogram and a line chart. No script, no external reference, no
// xmlns URL: the HTML parser puts <svg> in the SVG namespace by itself.
// Labels are escaped like any other text; every bar and point also exists as
// text (bar values, the tables beside the line charts), so the charts read in
// grey and without colour.
#include "html_parts.hpp"

#include <reports/report_format.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace inboxprobe::html {

namespace {

struct Bucket
{
  std::int64_t below_ms; // upper bound (exclusive)
  const char* label;
};

constexpr std::array<Bucket, 10> k_buckets = {{{1'000, "< 1 s"},
                                               {2'000, "1\u20132 s"},
                                               {5'000, "2\u20135 s"},
                                               {10'000, "5\u201310 s"},
                                               {30'000, "10\u201330 s"},
                                               {60'000, "30\u201360 s"},
                                               {120'000, "1\u20132 min"},
                                               {300'000, "2\u20135 min"},
                                               {900'000, "5\u201315 min"},
                                               {INT64_MAX, "\u2265 15 min"}}};

constexpr int k_label_width = 110;
constexpr int k_bar_width = 300;
constexpr int k_row_height = 18;

std::string
num(double value)
{
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string
svg_open(int width, int height, std::string_view title)
{
  return "<svg class=\"chart\" role=\"img\" width=\"" + std::to_string(width) + "\" height=\""
         + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " "
         + std::to_string(height) + "\" aria-label=\"" + attr(title) + "\">\n<title>" + text(title)
         + "</title>\n";
}

std::string
svg_text(double x, double y, std::string_view content, std::string_view anchor = {})
{
  std::string out = "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"";
  if (!anchor.empty()) {
    out += " text-anchor=\"" + std::string(anchor) + "\"";
  }
  return out + ">" + text(content) + "</text>";
}

std::string
histogram_row(int index, std::string_view label, int count, int total, int max_count)
{
  const int y = 4 + index * k_row_height;
  const int length = count == 0 ? 0 : std::max(1, count * k_bar_width / std::max(1, max_count));
  std::string out = svg_text(k_label_width - 6, y + 11, label, "end");
  out += "<rect class=\"bar\" x=\"" + std::to_string(k_label_width) + "\" y=\"" + std::to_string(y)
         + "\" width=\"" + std::to_string(length) + "\" height=\"13\"></rect>";
  const std::string value =
    std::to_string(count) + " (" + format_rate(static_cast<double>(count) / total) + ")";
  return out + svg_text(k_label_width + length + 6, y + 11, value) + "\n";
}

} // namespace

std::string
render_latency_histogram(std::string_view route, std::vector<std::int64_t> samples_ms)
{
  std::array<int, k_buckets.size()> counts{};
  int skewed = 0;
  for (const std::int64_t ms : samples_ms) {
    if (ms <= -1000) {
      ++skewed; // clock skew, not a latency
      continue;
    }
    for (std::size_t b = 0; b < k_buckets.size(); ++b) {
      if (ms < k_buckets[b].below_ms) {
        ++counts[b];
        break;
      }
    }
  }
  const int total = static_cast<int>(samples_ms.size());
  const int max_count = std::max(skewed, *std::max_element(counts.begin(), counts.end()));
  const int rows = static_cast<int>(k_buckets.size()) + (skewed > 0 ? 1 : 0);
  const int width = k_label_width + k_bar_width + 110;
  std::string out = svg_open(width,
                             8 + rows * k_row_height,
                             "Latency distribution, route " + std::string(route) + ", "
                               + std::to_string(total) + " probes");
  int row = 0;
  if (skewed > 0) {
    out += histogram_row(row++, "negative (skew)", skewed, total, max_count);
  }
  for (std::size_t b = 0; b < k_buckets.size(); ++b) {
    out += histogram_row(row++, k_buckets[b].label, counts[b], total, max_count);
  }
  return out + "</svg>\n";
}

namespace {

constexpr int k_chart_width = 640;
constexpr int k_plot_left = 64;
constexpr int k_plot_right = 620;
constexpr int k_plot_top = 12;
constexpr int k_plot_bottom = 180;
constexpr int k_legend_row = 16;
constexpr std::size_t k_styles = 8;

double
y_of(double value, double y_max)
{
  return k_plot_bottom - (value / y_max) * (k_plot_bottom - k_plot_top);
}

double
x_of(std::size_t index, std::size_t count)
{
  if (count <= 1) {
    return (k_plot_left + k_plot_right) / 2.0;
  }
  return k_plot_left + static_cast<double>(index) * (k_plot_right - k_plot_left) / (count - 1);
}

// A marker of style `style` at (x, y): circle, square, or circle of another
// size; the class gives colour and fill.
std::string
marker(std::size_t style, double x, double y)
{
  const std::string cls = " class=\"mk s" + std::to_string(style % k_styles) + "\"";
  if (style % 2 == 1) {
    return "<rect" + cls + " x=\"" + num(x - 3) + "\" y=\"" + num(y - 3)
           + "\" width=\"6\" height=\"6\"></rect>";
  }
  return "<circle" + cls + " cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\""
         + (style % 4 == 0 ? "3.5" : "2.5") + "\"></circle>";
}

std::string
axes(const LineChart& chart, double y_max)
{
  std::string out;
  for (int tick = 0; tick <= 4; ++tick) {
    const double value = y_max * tick / 4;
    const double y = y_of(value, y_max);
    out += "<line class=\"grid\" x1=\"" + std::to_string(k_plot_left) + "\" y1=\"" + num(y)
           + "\" x2=\"" + std::to_string(k_plot_right) + "\" y2=\"" + num(y) + "\"></line>";
    out += svg_text(k_plot_left - 4, y + 4, chart.format_y(value), "end") + "\n";
  }
  const std::size_t n = chart.x_labels.size();
  const std::size_t every = std::max<std::size_t>(1, (n + 7) / 8);
  for (std::size_t i = 0; i < n; i += every) {
    out += svg_text(x_of(i, n), k_plot_bottom + 14, chart.x_labels[i], "middle");
  }
  out += "<line class=\"axis\" x1=\"" + std::to_string(k_plot_left) + "\" y1=\""
         + std::to_string(k_plot_bottom) + "\" x2=\"" + std::to_string(k_plot_right) + "\" y2=\""
         + std::to_string(k_plot_bottom) + "\"></line>";
  out += "<line class=\"axis\" x1=\"" + std::to_string(k_plot_left) + "\" y1=\""
         + std::to_string(k_plot_top) + "\" x2=\"" + std::to_string(k_plot_left) + "\" y2=\""
         + std::to_string(k_plot_bottom) + "\"></line>\n";
  out += svg_text((k_plot_left + k_plot_right) / 2.0, k_plot_bottom + 30, chart.x_label, "middle");
  out += "<text x=\"14\" y=\"" + num((k_plot_top + k_plot_bottom) / 2.0)
         + "\" text-anchor=\"middle\" transform=\"rotate(-90 14 "
         + num((k_plot_top + k_plot_bottom) / 2.0) + ")\">" + text(chart.y_label) + "</text>\n";
  return out;
}

// The polyline segments of one series (a gap splits the line) and markers.
std::string
series_marks(const ChartSeries& series, std::size_t style, std::size_t n, double y_max)
{
  std::string out;
  std::string points;
  const std::string cls = "ln s" + std::to_string(style % k_styles);
  const auto flush = [&] {
    if (!points.empty()) {
      out += "<polyline class=\"" + cls + "\" points=\"" + points + "\"></polyline>";
      points.clear();
    }
  };
  for (std::size_t i = 0; i < series.values.size() && i < n; ++i) {
    if (!series.values[i]) {
      flush();
      continue;
    }
    const double y = y_of(std::min(*series.values[i], y_max), y_max);
    points += (points.empty() ? "" : " ") + num(x_of(i, n)) + "," + num(y);
    out += marker(style, x_of(i, n), y);
  }
  flush();
  return out + "\n";
}

} // namespace

std::string
render_line_chart(const LineChart& chart)
{
  double y_max = chart.y_max;
  if (y_max <= 0) {
    y_max = 1;
    for (const ChartSeries& series : chart.series) {
      for (const auto& value : series.values) {
        y_max = std::max(y_max, value.value_or(0));
      }
    }
  }
  const int legend_top = k_plot_bottom + 44;
  const int height = legend_top + static_cast<int>(chart.series.size()) * k_legend_row + 4;
  std::string out = svg_open(k_chart_width, height, chart.title) + axes(chart, y_max);
  const std::size_t n = chart.x_labels.size();
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    out += series_marks(chart.series[s], s, n, y_max);
    const int y = legend_top + static_cast<int>(s) * k_legend_row;
    out += "<line class=\"ln s" + std::to_string(s % k_styles) + "\" x1=\""
           + std::to_string(k_plot_left) + "\" y1=\"" + std::to_string(y) + "\" x2=\""
           + std::to_string(k_plot_left + 30) + "\" y2=\"" + std::to_string(y) + "\"></line>"
           + marker(s, k_plot_left + 15, y)
           + svg_text(k_plot_left + 38, y + 4, chart.series[s].name) + "\n";
  }
  return out + "</svg>\n";
}

} // namespace inboxprobe::html
