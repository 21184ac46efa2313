// Organizational domains and identifier alignment (RFC 7489 §3.1, §3.2; see
// dmarc.hpp): libpsl with the Public Suffix List (the newest of libpsl's
// built-in copy and the system's publicsuffix data), names as A-labels via
// libidn2.
#include "dmarc.hpp"
#include "text.hpp"

#include <idn2.h>
#include <libpsl.h>

#include <memory>

namespace inboxprobe {

namespace {

struct PslFreer
{
  void
  operator()(psl_ctx_t* psl) const noexcept
  {
    psl_free(psl);
  }
};

// One PSL context per process; libpsl's lookups are read-only.
const psl_ctx_t*
public_suffix_list()
{
  static const std::unique_ptr<psl_ctx_t, PslFreer> psl(psl_latest(nullptr));
  return psl ? psl.get() : psl_builtin();
}

bool
is_ascii(std::string_view text)
{
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
  }
  return true;
}

} // namespace

std::string
normalized_domain(std::string_view domain)
{
  domain = text::trim(domain);
  if (!domain.empty() && domain.back() == '.') {
    domain.remove_suffix(1);
  }
  if (domain.empty()) {
    return "";
  }
  if (is_ascii(domain)) {
    return text::to_lower(domain);
  }
  char* ascii = nullptr;
  const std::string input(domain);
  if (idn2_to_ascii_8z(input.c_str(), &ascii, IDN2_NONTRANSITIONAL) != IDN2_OK) {
    return "";
  }
  std::string out = text::to_lower(ascii);
  idn2_free(ascii);
  return out;
}

std::string
organizational_domain(std::string_view domain)
{
  const std::string name = normalized_domain(domain);
  if (name.empty()) {
    return "";
  }
  const char* registrable = psl_registrable_domain(public_suffix_list(), name.c_str());
  return registrable != nullptr ? std::string(registrable) : name;
}

bool
is_aligned(std::string_view domain, std::string_view from_domain, char mode)
{
  const std::string a = normalized_domain(domain);
  const std::string b = normalized_domain(from_domain);
  if (a.empty() || b.empty()) {
    return false;
  }
  if (mode == 's') {
    return a == b;
  }
  return organizational_domain(a) == organizational_domain(b);
}

} // namespace inboxprobe
