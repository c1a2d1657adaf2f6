// libFuzzer target: /proc/self/mountinfo parsing and overlay layer counting must accept any
// bytes without crashing, and keep their invariants.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "probes/mountinfo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vtune::MountTable table = vtune::parse_mountinfo(text);
  for (const vtune::MountInfo& m : table.mounts) {
    if (std::optional<vtune::OverlayMount> o = vtune::overlay_of(m)) {
      for (const std::string& layer : o->lower_dirs)
        if (layer.empty()) std::abort();  // empty segments are never layers
      for (const std::string& layer : o->data_dirs)
        if (layer.empty()) std::abort();
    }
  }
  for (const vtune::MountInfoLineError& e : table.errors)
    if (e.line == 0 || e.reason.empty()) std::abort();
  // Decoding only ever shrinks the text.
  if (vtune::decode_octal_escapes(text).size() > text.size()) std::abort();
  (void)vtune::split_lowerdir(text);
  return 0;
}
