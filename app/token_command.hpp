// Running a route's oauth2_token_command: the helper program that prints a
// fresh OAuth 2.0 access token for XOAUTH2 (e.g. `gcloud auth
// print-access-token`, `oauth2l fetch ...`, or a site script). Run without a
// shell, with a time limit; its standard output is the token, its standard
// error is never shown together with the token.
#pragma once

#include <core/error.hpp>
#include <core/secret.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// How long a token command may run.
constexpr std::int64_t k_token_command_timeout_ms = 10'000;

// `command_line` split into argv the way a shell splits plain words: white
// space separates, '...' keeps everything literally, "..." keeps white space
// (a backslash escapes " and \ inside), a backslash outside quotes escapes the
// next character. No variables, globs, pipes or redirections. Errors:
// "token_command.syntax" (an unclosed quote or a trailing backslash),
// "token_command.empty".
Result<std::vector<std::string>> split_command_line(std::string_view command_line);

// Run `argv` (argv[0] looked up in PATH), wait at most `timeout_ms`, and return
// its standard output without trailing white space as the token. Errors, each
// with a message that never contains the token:
// "token_command.spawn" (cannot start it), "token_command.timeout" (killed
// after `timeout_ms`), "token_command.exit" (non-zero exit or a signal; the
// last line of its standard error is quoted, with anything it printed on
// standard output cut out of it), "token_command.no_token" (empty output or
// more than one line).
Result<Secret> run_token_command(const std::vector<std::string>& argv, std::int64_t timeout_ms);

} // namespace inboxprobe
