// ARC chain validation (RFC 8617 §5.2; see arc.hpp): the ARC fields grouped
// into sets by instance, the structure and cv= rules, then the signatures
// (arc_signatures.cpp).
#include "arc.hpp"

#include "arc_detail.hpp"
#include "dkim_canon.hpp"
#include "text.hpp"

#include <charconv>

namespace inboxprobe {

namespace {

using arc_detail::ArcSet;

// RFC 8617 §4.2.1: at most 50 sets.
constexpr int k_max_instances = 50;

std::optional<int>
to_instance(std::string_view digits)
{
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value < 1
      || value > k_max_instances) {
    return std::nullopt;
  }
  return value;
}

// RFC 8617 §4.1.1: an AAR is "i=" instance ";" then the A-R payload.
std::optional<int>
aar_instance(std::string_view value)
{
  value = text::trim(value);
  const std::size_t semicolon = value.find(';');
  if (!value.starts_with("i=") || semicolon == std::string_view::npos) {
    return std::nullopt;
  }
  return to_instance(text::trim(value.substr(2, semicolon - 2)));
}

std::string
bare_message(std::string_view message)
{
  if (message.substr(0, 5) == "From ") {
    const std::size_t lf = message.find('\n');
    message.remove_prefix(lf == std::string_view::npos ? message.size() : lf + 1);
  }
  std::string out;
  out.reserve(message.size() + message.size() / 32);
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n' && (i == 0 || message[i - 1] != '\r')) {
      out.push_back('\r'); // DKIM and ARC hash CRLF lines
    }
    out.push_back(message[i]);
  }
  return out;
}

// Places `field` into its set; the error when it cannot be placed.
std::string
place(const HeaderField& field, std::vector<ArcSet>& sets)
{
  const bool is_aar = text::iequals(field.name, "ARC-Authentication-Results");
  const bool is_seal = text::iequals(field.name, "ARC-Seal");
  std::optional<int> instance;
  arc_detail::Tags tags;
  if (is_aar) {
    instance = aar_instance(field.value);
  } else {
    const auto parsed = dkim_canon::parse_tag_list(field.value);
    if (!parsed) {
      return field.name + " is not a valid tag-list";
    }
    tags = *parsed;
    instance = tags.count("i") ? to_instance(tags.at("i")) : std::nullopt;
  }
  if (!instance) {
    return field.name + " has no usable i= (1 to 50)";
  }
  if (sets.size() < static_cast<std::size_t>(*instance)) {
    sets.resize(static_cast<std::size_t>(*instance));
  }
  ArcSet& set = sets[static_cast<std::size_t>(*instance) - 1];
  const HeaderField*& slot = is_aar ? set.aar : is_seal ? set.seal : set.ams;
  if (slot != nullptr) {
    return "two " + field.name + " fields with i=" + std::to_string(*instance);
  }
  slot = &field;
  if (!is_aar) {
    (is_seal ? set.seal_tags : set.ams_tags) = std::move(tags);
  }
  return "";
}

// Structure and tag checks (RFC 8617 §5.2 steps 1-2); "" when usable.
std::string
check_structure(const std::vector<ArcSet>& sets, ArcCheck& check)
{
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const ArcSet& set = sets[i];
    if (set.aar == nullptr || set.ams == nullptr || set.seal == nullptr) {
      return "ARC set i=" + std::to_string(i + 1) + " is incomplete";
    }
    ArcSetCheck& report = check.sets.emplace_back();
    report.instance = static_cast<int>(i + 1);
    report.domain = set.seal_tags.count("d") ? set.seal_tags.at("d") : "";
    report.selector = set.seal_tags.count("s") ? set.seal_tags.at("s") : "";
    report.cv = set.seal_tags.count("cv") ? set.seal_tags.at("cv") : "";
    report.algorithm = set.seal_tags.count("a") ? set.seal_tags.at("a") : "";
    for (const bool seal : {false, true}) {
      if (std::string why = arc_detail::check_tags(seal ? set.seal_tags : set.ams_tags, seal);
          !why.empty()) {
        report.error = why;
        return (seal ? "ARC-Seal" : "ARC-Message-Signature") + std::string(" i=")
               + std::to_string(i + 1) + ": " + why;
      }
    }
  }
  if (check.sets.back().cv == "fail") {
    return "the newest ARC-Seal says cv=fail";
  }
  for (const ArcSetCheck& set : check.sets) {
    if (set.cv != (set.instance == 1 ? "none" : "pass")) {
      return "ARC-Seal i=" + std::to_string(set.instance) + " has cv=" + set.cv + ", want "
             + (set.instance == 1 ? "none" : "pass");
    }
  }
  return "";
}

// Signatures (RFC 8617 §5.2 steps 3-5); "" when the newest AMS and every
// seal verify. Older AMS are verified for the report only.
std::string
check_signatures(const std::vector<ArcSet>& sets,
                 const std::vector<HeaderField>& fields,
                 std::string_view body,
                 const DkimKeyLookup& keys,
                 ArcCheck& check)
{
  std::string failure;
  for (std::size_t i = sets.size(); i-- > 0;) {
    ArcSetCheck& report = check.sets[i];
    const std::string ams = arc_detail::verify_message_signature(sets[i], fields, body, keys);
    const std::string seal = arc_detail::verify_seal(sets, i, keys);
    report.message = ams.empty() ? AuthVerdict::pass : AuthVerdict::fail;
    report.seal = seal.empty() ? AuthVerdict::pass : AuthVerdict::fail;
    report.error = !seal.empty() ? "seal: " + seal : ams.empty() ? "" : "message: " + ams;
    const std::string where = " i=" + std::to_string(i + 1) + ": ";
    if (failure.empty() && i + 1 == sets.size() && !ams.empty()) {
      failure = "ARC-Message-Signature" + where + ams;
    }
    if (failure.empty() && !seal.empty()) {
      failure = "ARC-Seal" + where + seal;
    }
  }
  return failure;
}

} // namespace

ArcCheck
verify_arc(std::string_view message_bytes, const DkimKeyLookup& keys)
{
  ArcCheck check;
  const std::string message = bare_message(message_bytes);
  const std::vector<HeaderField> fields = parse_header_fields(message);
  std::vector<ArcSet> sets;
  bool any = false;
  for (const HeaderField& field : fields) {
    if (!text::istarts_with(field.name, "ARC-")
        || !(text::iequals(field.name, "ARC-Seal")
             || text::iequals(field.name, "ARC-Message-Signature")
             || text::iequals(field.name, "ARC-Authentication-Results"))) {
      continue;
    }
    any = true;
    if (check.error.empty()) {
      check.error = place(field, sets);
    }
  }
  if (!any) {
    return check; // chain "none"
  }
  check.chain = "fail";
  if (!check.error.empty() || sets.empty()) {
    return check;
  }
  check.error = check_structure(sets, check);
  if (check.error.empty()) {
    check.error = check_signatures(sets, fields, message_body(message), keys, check);
  }
  check.chain = check.error.empty() ? "pass" : "fail";
  return check;
}

} // namespace inboxprobe
