// DMARC record parsing (see dmarc.hpp) with libopendmarc's policy parser.
// libopendmarc accepts v=DMARC1 in any position, refuses a record without p=
// even when rua= is valid, and refuses pct= outside 0..100; RFC 7489 §6.3 and
// §6.6.3 say otherwise, so those three rules are applied here. fo= and ri=
// are read here too (libopendmarc keeps them but has no accessor).
#include "dmarc.hpp"
#include "text.hpp"

#include <opendmarc/dmarc.h>

#include <charconv>
#include <memory>
#include <mutex>

namespace inboxprobe {

namespace {

struct PolicyFreer
{
  void
  operator()(DMARC_POLICY_T* policy) const noexcept
  {
    opendmarc_policy_connect_shutdown(policy);
  }
};

// libopendmarc's one-time initialisation, without a TLD file (the
// organizational domain comes from libpsl).
void
init_library()
{
  static std::once_flag once;
  std::call_once(once, [] {
    static OPENDMARC_LIB_T lib{};
    lib.tld_type = OPENDMARC_TLD_TYPE_NONE;
    opendmarc_policy_library_init(&lib);
  });
}

struct Tag
{
  std::string name;
  std::string value;
};

std::vector<Tag>
read_tags(std::string_view txt)
{
  std::vector<Tag> tags;
  while (!txt.empty()) {
    const std::size_t end = std::min(txt.find(';'), txt.size());
    const std::string_view spec = txt.substr(0, end);
    txt.remove_prefix(std::min(end + 1, txt.size()));
    const std::size_t equals = spec.find('=');
    if (equals != std::string_view::npos) {
      tags.push_back({text::to_lower(text::trim(spec.substr(0, equals))),
                      std::string(text::trim(spec.substr(equals + 1)))});
    }
  }
  return tags;
}

std::string
policy_name(int token)
{
  switch (token) {
  case DMARC_RECORD_P_NONE:
    return "none";
  case DMARC_RECORD_P_QUARANTINE:
    return "quarantine";
  case DMARC_RECORD_P_REJECT:
    return "reject";
  default:
    return "";
  }
}

void
read_own_tags(const std::vector<Tag>& tags, DmarcRecord& record)
{
  for (const Tag& tag : tags) {
    if (tag.name == "fo") {
      record.fo = tag.value;
    } else if (tag.name == "ri") {
      std::from_chars(tag.value.data(), tag.value.data() + tag.value.size(), record.ri);
    } else if (tag.name == "rua") {
      std::string_view rest = tag.value;
      while (!rest.empty()) {
        const std::size_t comma = std::min(rest.find(','), rest.size());
        record.rua.emplace_back(text::trim(rest.substr(0, comma)));
        rest.remove_prefix(std::min(comma + 1, rest.size()));
      }
    } else if (tag.name == "pct") {
      int pct = -1;
      const auto [end, ec] =
        std::from_chars(tag.value.data(), tag.value.data() + tag.value.size(), pct);
      record.pct_invalid = ec != std::errc() || pct < 0 || pct > 100;
      record.pct = record.pct_invalid ? 100 : pct;
    }
  }
}

} // namespace

Result<DmarcRecord>
parse_dmarc_record(std::string_view txt)
{
  const std::vector<Tag> tags = read_tags(txt);
  const bool first_is_version = !tags.empty() && tags[0].name == "v" && tags[0].value == "DMARC1";
  if (!first_is_version) {
    for (const Tag& tag : tags) {
      if (tag.name == "v" && tag.value == "DMARC1") {
        return fail("dmarc.version_not_first", "v=DMARC1 is not the first tag");
      }
    }
    return fail("dmarc.not_dmarc", "not a DMARC record (no leading v=DMARC1)");
  }
  init_library();
  const std::unique_ptr<DMARC_POLICY_T, PolicyFreer> policy(opendmarc_policy_connect_init(
    reinterpret_cast<u_char*>(const_cast<char*>("0.0.0.0")), DMARC_POLICY_IP_TYPE_IPV4));
  if (!policy) {
    return fail("dmarc.syntax", "libopendmarc could not be initialised");
  }
  std::string copy(txt);
  const int status =
    opendmarc_policy_parse_dmarc(policy.get(),
                                 reinterpret_cast<u_char*>(const_cast<char*>("dmarc.invalid")),
                                 reinterpret_cast<u_char*>(copy.data()));
  DmarcRecord record;
  read_own_tags(tags, record);
  int p = 0, sp = 0, adkim = 0, aspf = 0;
  opendmarc_policy_fetch_p(policy.get(), &p);
  opendmarc_policy_fetch_sp(policy.get(), &sp);
  opendmarc_policy_fetch_adkim(policy.get(), &adkim);
  opendmarc_policy_fetch_aspf(policy.get(), &aspf);
  if (status == DMARC_PARSE_ERROR_NO_REQUIRED_P && !record.rua.empty()) {
    p = DMARC_RECORD_P_NONE; // RFC 7489 §6.6.3: a valid rua= without p= is p=none
  } else if (status == DMARC_PARSE_ERROR_NO_REQUIRED_P) {
    return fail("dmarc.no_policy", "no p= (and no rua=): not a usable policy record");
  } else if (status != DMARC_PARSE_OKAY
             && !(status == DMARC_PARSE_ERROR_BAD_VALUE && record.pct_invalid)) {
    return fail("dmarc.syntax",
                std::string("bad DMARC record: ") + opendmarc_policy_status_to_str(status));
  }
  record.p = policy_name(p);
  record.sp = sp != 0 ? policy_name(sp) : record.p;
  record.adkim = adkim == DMARC_RECORD_A_STRICT ? 's' : 'r';
  record.aspf = aspf == DMARC_RECORD_A_STRICT ? 's' : 'r';
  return record;
}

} // namespace inboxprobe
