// The Prometheus text exposition format writer.
#include "metrics_text.hpp"

#include <core/error.hpp>

#include <charconv>
#include <cmath>

namespace inboxprobe {

namespace {

std::string
escape_label_value(const std::string& value)
{
  std::string out;
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// HELP text escapes only backslash and line feed.
std::string
escape_help(const std::string& help)
{
  std::string out;
  for (const char c : help) {
    out += c == '\\' ? std::string("\\\\") : c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  return out;
}

} // namespace

std::string
metric_value(double value)
{
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

void
MetricsText::family(const std::string& name, const std::string& type, const std::string& help)
{
  for (const Family& f : m_families) {
    if (f.name == name) {
      return;
    }
  }
  m_families.push_back({name, type, help, {}});
}

void
MetricsText::sample(const std::string& name, const MetricLabels& labels, double value)
{
  for (Family& f : m_families) {
    if (f.name != name) {
      continue;
    }
    std::string line = name;
    if (!labels.empty()) {
      line += "{";
      for (std::size_t i = 0; i < labels.size(); ++i) {
        line +=
          (i ? "," : "") + labels[i].first + "=\"" + escape_label_value(labels[i].second) + "\"";
      }
      line += "}";
    }
    f.lines.push_back(line + " " + metric_value(value));
    return;
  }
  throw Bug("metric family " + name + " was not declared");
}

std::string
MetricsText::render() const
{
  std::string out;
  for (const Family& f : m_families) {
    if (f.lines.empty()) {
      continue;
    }
    out +=
      "# HELP " + f.name + " " + escape_help(f.help) + "\n# TYPE " + f.name + " " + f.type + "\n";
    for (const std::string& line : f.lines) {
      out += line + "\n";
    }
  }
  return out;
}

} // namespace inboxprobe
