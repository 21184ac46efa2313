// Errors: the three kinds and their one mechanism each.
//
// - Findings about the mail are data (see model.hpp), never errors.
// - Operational failures a caller can handle (cannot connect, IMAP timeout,
// unparsable reply)
//   return Result<T> and propagate with TRY.
// - An unusable configuration throws ConfigError; a broken invariant (a bug)
// throws Bug. Only
//   main catches them, prints the message and exits with a distinct code.
// No exception may cross a C callback (libcurl, libopendkim): catch inside,
// return the library's error code.
#pragma once

#include <tl/expected.hpp>

#include <stdexcept>
#include <string>

namespace inboxprobe {

// An operational failure: `what` is one line for humans, `code` a stable dotted
// identifier (e.g. "imap.login_denied", "smtp.timeout") that tests and reports
// can rely on.
struct Error
{
  std::string code;
  std::string what;
};

template<typename T> using Result = tl::expected<T, Error>;

// Build the error side of a Result: `return fail("imap.timeout", "no reply in
// 10 s");`.
inline tl::unexpected<Error>
fail(std::string code, std::string what)
{
  return tl::unexpected<Error>(Error{std::move(code), std::move(what)});
}

// Thrown for an unusable configuration. what() is the whole line main prints,
// already in the form "FILE:LINE: KEY: problem".
class ConfigError : public std::runtime_error
{
public:
  using std::runtime_error::runtime_error;
};

// Thrown when an invariant is broken: a bug in inboxprobe, never a property of
// the input.
class Bug : public std::logic_error
{
public:
  using std::logic_error::logic_error;
};

namespace detail {

// The value of a successful Result, for TRY (void for Result<void>).
template<typename T>
T
try_value(tl::expected<T, Error>&& result)
{
  return std::move(*result);
}

inline void
try_value(tl::expected<void, Error>&&)
{
}

} // namespace detail

} // namespace inboxprobe

// TRY(expr): evaluate a Result; on error return it from the enclosing function,
// else yield the value. A GNU statement expression (g++ and clang);
// __extension__ keeps -Wpedantic quiet.
#define TRY(x_)                                                                                    \
  __extension__({                                                                                  \
    auto&& try_result_ = (x_);                                                                     \
    if (!try_result_) {                                                                            \
      return tl::unexpected(std::move(try_result_).error());                                       \
    }                                                                                              \
    ::inboxprobe::detail::try_value(std::move(try_result_));                                       \
  })
