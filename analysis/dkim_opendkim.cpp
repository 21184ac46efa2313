// libopendkim verification behind RAII handles (see dkim_opendkim.hpp). The
// streaming API is fed the whole message with dkim_chunk (DKIM_LIBFLAGS_FIXCRLF
// turns bare LFs into CRLF), keys come through dkim_set_key_lookup, and each
// signature's flags, body-hash state and error code become a DkimCheck.
// Follows OpenDKIM's libopendkim/tests/t-test*.c and the doc blocks of
// dkim.h; no exception may cross the C callbacks.
#include "dkim_opendkim.hpp"

#include "dkim_key_record.hpp"

// dkim.h is C99 and spells bool "_Bool", which C++ does not have.
#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include <cstring>
#include <map>
#include <memory>
#include <optional>

namespace inboxprobe::dkim_detail {

namespace {

struct LibraryCloser
{
  void
  operator()(DKIM_LIB* library) const noexcept
  {
    dkim_close(library);
  }
};

struct HandleFreer
{
  void
  operator()(DKIM* handle) const noexcept
  {
    dkim_free(handle);
  }
};

using HandlePtr = std::unique_ptr<DKIM, HandleFreer>;

// Per-message state the key callback reaches through dkim_get_user_context.
struct LookupContext
{
  const DkimKeyLookup* keys = nullptr;
  std::map<std::string, Error> failures; // key name -> why it has no record
};

std::string
text_of(const unsigned char* value)
{
  return value ? std::string(reinterpret_cast<const char*>(value)) : std::string();
}

std::string
key_name(DKIM_SIGINFO* sig)
{
  return text_of(dkim_sig_getselector(sig)) + "._domainkey." + text_of(dkim_sig_getdomain(sig));
}

// libopendkim's key lookup hook. A missing or failed record is reported to
// the library as "not found" (DKIM_SIGERROR_NOKEY, judged per signature) and
// its reason kept in the context: the library's own "try again" status would
// abort the whole message, not just this signature.
DKIM_CBSTAT
lookup_key(DKIM* dkim, DKIM_SIGINFO* sig, u_char* buffer, size_t size) noexcept
{
  try {
    auto* context = static_cast<LookupContext*>(dkim_get_user_context(dkim));
    if (context == nullptr || context->keys == nullptr) {
      return DKIM_CBSTAT_NOTFOUND;
    }
    const std::string name = key_name(sig);
    try {
      const Result<std::string> published = context->keys->txt_record(name);
      if (!published) {
        context->failures[name] = published.error();
        return DKIM_CBSTAT_NOTFOUND;
      }
      // libopendkim cannot load a bare PKCS#1 key: hand it the same key as
      // SPKI (dkim_key_record.hpp).
      const std::optional<std::string> record = with_spki_rsa_key(*published);
      if (record->size() >= size) {
        context->failures[name] = {"dns.too_long", "key record too long"};
        return DKIM_CBSTAT_NOTFOUND;
      }
      std::memcpy(buffer, record->c_str(), record->size() + 1);
      return DKIM_CBSTAT_CONTINUE;
    } catch (const std::exception& e) {
      context->failures[name] = {"dns.temperror", e.what()};
    }
  } catch (...) {
    // Not even the failure could be recorded (out of memory): no key.
  }
  return DKIM_CBSTAT_NOTFOUND;
}

// Evaluate at most k_max_signatures signatures per message.
DKIM_CBSTAT
limit_signatures(DKIM* /*dkim*/, DKIM_SIGINFO** sigs, int count) noexcept
{
  for (int i = static_cast<int>(k_max_signatures); i < count; ++i) {
    dkim_sig_ignore(sigs[i]);
  }
  return DKIM_CBSTAT_CONTINUE;
}

std::unique_ptr<DKIM_LIB, LibraryCloser>
make_library(unsigned int flags)
{
  std::unique_ptr<DKIM_LIB, LibraryCloser> library(dkim_init(nullptr, nullptr));
  if (!library) {
    return library;
  }
  if (dkim_options(library.get(), DKIM_OP_SETOPT, DKIM_OPTS_FLAGS, &flags, sizeof flags)
        != DKIM_STAT_OK
      || dkim_set_key_lookup(library.get(), lookup_key) != DKIM_STAT_OK
      || dkim_set_prescreen(library.get(), limit_signatures) != DKIM_STAT_OK) {
    library.reset();
  }
  return library;
}

// Two library handles per process (OpenDKIM's milter shares one across all
// its threads; per-message state lives in the DKIM handle's user context):
// FIXCRLF for saved messages and corpus files with bare LFs, and one without
// it for CRLF messages (what IMAP returns), where the byte-by-byte fixing
// would only cost time.
DKIM_LIB*
library(bool bare_lf)
{
  static const std::unique_ptr<DKIM_LIB, LibraryCloser> fixing =
    make_library(DKIM_LIBFLAGS_FIXCRLF);
  static const std::unique_ptr<DKIM_LIB, LibraryCloser> plain = make_library(DKIM_LIBFLAGS_NONE);
  return bare_lf ? fixing.get() : plain.get();
}

bool
has_bare_lf(std::string_view message)
{
  for (std::size_t lf = message.find('\n'); lf != std::string_view::npos;
       lf = message.find('\n', lf + 1)) {
    if (lf == 0 || message[lf - 1] != '\r') {
      return true;
    }
  }
  return false;
}

std::string
tag(DKIM_SIGINFO* sig, const char* name)
{
  return text_of(
    dkim_sig_gettagvalue(sig, false, reinterpret_cast<u_char*>(const_cast<char*>(name))));
}

std::string
without_whitespace(std::string text)
{
  std::erase_if(text, [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
  return text;
}

// RFC 8601 §2.7.1 verdict for one evaluated signature (see dkim_check.hpp).
void
judge(DKIM_SIGINFO* sig, const LookupContext& context, DkimCheck& check)
{
  const unsigned int flags = dkim_sig_getflags(sig);
  const int body_hash = dkim_sig_getbh(sig);
  const int error = dkim_sig_geterror(sig);
  if ((flags & DKIM_SIGFLAG_IGNORE) != 0) {
    check.verdict = AuthVerdict::neutral;
    check.error = "not evaluated: more than " + std::to_string(k_max_signatures) + " signatures";
  } else if ((flags & DKIM_SIGFLAG_PASSED) != 0 && body_hash == DKIM_SIGBH_MATCH) {
    check.verdict = AuthVerdict::pass;
  } else if (body_hash == DKIM_SIGBH_MISMATCH) {
    check.verdict = AuthVerdict::fail;
    check.error = "body hash mismatch";
  } else if (error == DKIM_SIGERROR_BADSIG || error == DKIM_SIGERROR_TOOLARGE_L
             || error == DKIM_SIGERROR_KEYREVOKED) {
    check.verdict = AuthVerdict::fail;
  } else if (error == DKIM_SIGERROR_EXPIRED || error == DKIM_SIGERROR_FUTURE) {
    check.verdict = AuthVerdict::neutral;
  } else if (error == DKIM_SIGERROR_NOKEY) {
    const auto failure = context.failures.find(key_name(sig));
    const bool temporary =
      failure != context.failures.end() && failure->second.code == "dns.temperror";
    check.verdict = temporary ? AuthVerdict::temperror : AuthVerdict::permerror;
    check.error = "no key";
    if (failure != context.failures.end()) {
      check.error += ": " + failure->second.what;
    }
  } else if (error == DKIM_SIGERROR_KEYFAIL) {
    check.verdict = AuthVerdict::temperror;
  } else {
    check.verdict = AuthVerdict::permerror;
  }
  if (check.error.empty() && check.verdict != AuthVerdict::pass) {
    const char* reason = dkim_sig_geterrorstr(error);
    check.error = reason ? reason : "unknown libopendkim error";
  }
}

LibSignature
describe(DKIM_SIGINFO* sig, const LookupContext& context)
{
  LibSignature out;
  DkimCheck& check = out.check;
  check.domain = text_of(dkim_sig_getdomain(sig));
  check.selector = text_of(dkim_sig_getselector(sig));
  check.algorithm = tag(sig, "a");
  check.canonicalization = tag(sig, "c");
  check.signed_headers = without_whitespace(tag(sig, "h"));
  const std::string length = tag(sig, "l");
  if (!length.empty() && length.size() < 19
      && length.find_first_not_of("0123456789") == std::string::npos) {
    check.body_length = std::stoll(length);
  }
  out.b = without_whitespace(tag(sig, "b"));
  judge(sig, context, check);
  return out;
}

} // namespace

LibResult
run_opendkim(std::string_view message, const DkimKeyLookup& keys)
{
  LibResult result;
  // libopendkim reads header fields as C strings after copying them by
  // length: a NUL byte makes it read past its buffer (found by fuzz_analyze
  // under ASan, also with the NUL after a bare-LF blank line, which it does
  // not take as the end of the header section). RFC 5322 §2.3 allows no NUL.
  if (message.find('\0') != std::string_view::npos) {
    result.message_error = "a NUL byte in the message";
    return result;
  }
  DKIM_LIB* lib = library(has_bare_lf(message));
  if (lib == nullptr) {
    result.message_error = "libopendkim could not be initialised";
    return result;
  }
  LookupContext context;
  context.keys = &keys;
  DKIM_STAT status = DKIM_STAT_OK;
  const HandlePtr dkim(
    dkim_verify(lib, reinterpret_cast<const u_char*>("inboxprobe"), nullptr, &status));
  if (!dkim) {
    result.message_error = dkim_getresultstr(status);
    return result;
  }
  dkim_set_user_context(dkim.get(), &context);
  // dkim_chunk takes a non-const buffer; it does not keep it.
  std::string bytes(message);
  status = dkim_chunk(dkim.get(), reinterpret_cast<u_char*>(bytes.data()), bytes.size());
  if (status == DKIM_STAT_OK) {
    status = dkim_chunk(dkim.get(), nullptr, 0);
  }
  if (status == DKIM_STAT_OK) {
    status = dkim_eom(dkim.get(), nullptr);
  }
  DKIM_SIGINFO** sigs = nullptr;
  int count = 0;
  if (dkim_getsiglist(dkim.get(), &sigs, &count) == DKIM_STAT_OK) {
    for (int i = 0; i < count; ++i) {
      result.signatures.push_back(describe(sigs[i], context));
    }
  }
  if (result.signatures.empty() && status != DKIM_STAT_OK && status != DKIM_STAT_NOSIG) {
    const char* error = dkim_geterror(dkim.get());
    result.message_error = error ? error : dkim_getresultstr(status);
  }
  return result;
}

} // namespace inboxprobe::dkim_detail
