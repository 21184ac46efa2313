// Crash points for the crash-safety tests: with INBOXPROBE_TEST_KILL_AT set to
// "<point>:<n>", the process kills itself with SIGKILL (no destructor, no
// flush, no rollback: like `kill -9` or a power cut) the n-th time it reaches
// <point>. A test can so stop a run at an exact place and check that
// `inboxprobe resume` loses nothing and sends nothing twice. Unset (always, in
// normal use) a kill point costs one relaxed atomic load. The points:
//   send      before a submission attempt starts, every earlier record saved
//   submitted after an attempt's last reply, before its final record is saved
//   sighting  after a sighting was saved
//   report    after the run was analysed and marked done, before its report files
#pragma once

#include <functional>
#include <string_view>

namespace inboxprobe {

// Count one arrival at `point`; at the configured one, call `before_kill`
// (e.g. flush what the crash must find saved) and SIGKILL this process.
void kill_point(std::string_view point, const std::function<void()>& before_kill = {});

} // namespace inboxprobe
