// The Prometheus text exposition format (version 0.0.4): metric families
// with their # HELP and # TYPE lines, each family's samples together, label
// values escaped (\\, \", \n), values in the shortest form that reads back
// exactly. Names follow the Prometheus conventions: base units (seconds,
// bytes, ratios 0..1), `_total` for counters, `_timestamp_seconds` for times.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace inboxprobe {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsText
{
public:
  // Declare a family; `type` is "gauge" or "counter". Declaring a family
  // twice keeps the first declaration.
  void family(const std::string& name, const std::string& type, const std::string& help);
  // Add a sample to the declared family `name` (Bug when undeclared).
  void sample(const std::string& name, const MetricLabels& labels, double value);
  // The exposition text: families in declaration order, those without
  // samples left out, a final newline.
  std::string render() const;

private:
  struct Family
  {
    std::string name;
    std::string type;
    std::string help;
    std::vector<std::string> lines;
  };
  std::vector<Family> m_families;
};

// `value` as the exposition format writes it: "NaN", "+Inf", "-Inf", or the
// shortest decimal that reads back to the same double.
std::string metric_value(double value);

} // namespace inboxprobe
