// libFuzzer's entry point for one target: INBOXPROBE_FUZZ_TARGET names the
// function (fuzz_targets.hpp), set per executable by fuzz/CMakeLists.txt.
#include "fuzz_targets.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int
LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  inboxprobe::fuzz::INBOXPROBE_FUZZ_TARGET(
    std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
