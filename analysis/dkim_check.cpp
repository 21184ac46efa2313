// DKIM verification of a received copy (see dkim_check.hpp): libopendkim
// judges the signatures it can read (dkim_opendkim.cpp); this file lists the
// DKIM-Signature fields itself, so that a signature the library dropped as
// unreadable is still reported (permerror) and the result follows header
// order, and applies the one-From policy.
#include "dkim_check.hpp"

#include "dkim_opendkim.hpp"
#include "text.hpp"

#include <core/message_headers.hpp>

#include <algorithm>
#include <string>

namespace inboxprobe {

namespace {

struct SignatureField
{
  DkimCheck check; // tags as written, verdict not yet known
  std::string b;   // b= without whitespace
};

std::string
without_whitespace(std::string_view value)
{
  std::string out;
  for (char c : value) {
    if (!text::is_wsp(c)) {
      out.push_back(c);
    }
  }
  return out;
}

// The tags of a DKIM-Signature (RFC 6376 §3.2 tag-list), read loosely: this
// only describes a signature the library could not read.
SignatureField
read_signature_field(const std::string& value)
{
  SignatureField field;
  std::string_view rest = value;
  while (!rest.empty()) {
    const std::size_t end = std::min(rest.find(';'), rest.size());
    const std::string_view spec = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    const std::size_t equals = spec.find('=');
    if (equals == std::string_view::npos) {
      continue;
    }
    const std::string name = text::to_lower(text::trim(spec.substr(0, equals)));
    const std::string tag_value = without_whitespace(spec.substr(equals + 1));
    DkimCheck& check = field.check;
    if (name == "d") {
      check.domain = tag_value;
    } else if (name == "s") {
      check.selector = tag_value;
    } else if (name == "a") {
      check.algorithm = tag_value;
    } else if (name == "c") {
      check.canonicalization = tag_value;
    } else if (name == "h") {
      check.signed_headers = tag_value;
    } else if (name == "b") {
      field.b = tag_value;
    } else if (name == "l" && !tag_value.empty() && tag_value.size() < 19
               && std::all_of(tag_value.begin(), tag_value.end(), text::is_digit)) {
      check.body_length = std::stoll(tag_value);
    }
  }
  return field;
}

// The library's result for `field`: the first unused signature with the same
// b= value.
const DkimCheck*
match(const SignatureField& field, const dkim_detail::LibResult& lib, std::vector<bool>& used)
{
  for (std::size_t i = 0; i < lib.signatures.size(); ++i) {
    if (!used[i] && !field.b.empty() && lib.signatures[i].b == field.b) {
      used[i] = true;
      return &lib.signatures[i].check;
    }
  }
  return nullptr;
}

std::size_t
signed_from_count(std::string_view signed_headers)
{
  std::size_t count = 0;
  while (!signed_headers.empty()) {
    const std::size_t colon = std::min(signed_headers.find(':'), signed_headers.size());
    count += text::iequals(text::trim(signed_headers.substr(0, colon)), "from");
    signed_headers.remove_prefix(std::min(colon + 1, signed_headers.size()));
  }
  return count;
}

// RFC 6376 §5.4 and §8.15: From must be signed, and with two From fields a
// signature may cover one while the reader sees the other. A signature whose
// h= names From fewer times than the message has From fields (not
// "over-signed") cannot vouch for what the reader sees: permerror, as
// OpenDKIM's StrictHeaders and dkimpy refuse such messages. An over-signed
// signature keeps its own verdict (adding a From breaks it anyway).
void
apply_from_policy(std::size_t from_count, DkimCheck& check)
{
  if (from_count == 0) {
    check.verdict = AuthVerdict::permerror;
    check.error = "no From field";
  } else if (from_count > 1 && signed_from_count(check.signed_headers) < from_count) {
    check.error = "more than one From field, not all signed (signature: "
                  + std::string(to_string(check.verdict))
                  + (check.error.empty() ? "" : ", " + check.error) + ")";
    check.verdict = AuthVerdict::permerror;
  }
}

// RFC 8301 §3.1: verifiers MUST NOT consider rsa-sha1 signatures valid.
// A signature that verifies with rsa-sha1 becomes "policy" (RFC 8601
// §2.7.1: signed, but not acceptable to the verifier), so the report shows
// that it would have passed and why it does not count.
void
apply_sha1_policy(DkimCheck& check)
{
  if (check.verdict == AuthVerdict::pass && text::iequals(check.algorithm, "rsa-sha1")) {
    check.verdict = AuthVerdict::policy;
    check.error = "rsa-sha1 is not accepted (RFC 8301 §3.1); the signature itself verifies";
  }
}

} // namespace

std::vector<DkimCheck>
verify_dkim(std::string_view message_bytes, const DkimKeyLookup& keys)
{
  if (message_bytes.substr(0, 5) == "From ") {
    // An mbox separator line is not a header field; the library would choke.
    const std::size_t lf = message_bytes.find('\n');
    message_bytes.remove_prefix(lf == std::string_view::npos ? message_bytes.size() : lf + 1);
  }
  const std::vector<HeaderField> fields = parse_header_fields(message_bytes);
  std::vector<SignatureField> signatures;
  std::size_t from_count = 0;
  for (const HeaderField& field : fields) {
    if (text::iequals(field.name, "DKIM-Signature")) {
      signatures.push_back(read_signature_field(unfold(field.value)));
    }
    from_count += text::iequals(field.name, "From") ? 1 : 0;
  }
  if (signatures.empty()) {
    return {};
  }
  const dkim_detail::LibResult lib = dkim_detail::run_opendkim(message_bytes, keys);
  std::vector<bool> used(lib.signatures.size(), false);
  std::vector<DkimCheck> checks;
  for (const SignatureField& field : signatures) {
    if (const DkimCheck* judged = match(field, lib, used)) {
      checks.push_back(*judged);
      continue;
    }
    DkimCheck check = field.check;
    check.verdict = AuthVerdict::permerror;
    check.error = lib.message_error.empty() ? "signature not readable (RFC 6376 §3.5 tag-list)"
                                            : "message not verifiable: " + lib.message_error;
    checks.push_back(std::move(check));
  }
  for (DkimCheck& check : checks) {
    apply_from_policy(from_count, check);
    apply_sha1_policy(check);
  }
  return checks;
}

} // namespace inboxprobe
