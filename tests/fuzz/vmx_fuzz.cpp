// libFuzzer target: a .vmx document renders back to exactly the bytes it was parsed from,
// and set() leaves a document that parses back to the value that was set.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "probes/vmx_file.h"
#include "tests/fuzz/fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vtune::VmxParse p = vtune::VmxFile::parse(text, "fuzz.vmx");
  if (p.file.render() != text) std::abort();
  vtune::fuzz::require_positions(p.diagnostics);

  // Change an existing key (the first one, if any) and add a new one.
  constexpr std::string_view kAdded = "vtune.fuzz.added";
  std::vector<vtune::VmxEntry> entries = p.file.entries();
  std::string key = entries.empty() ? "numvcpus" : entries.front().key;
  if (vtune::vmx_keys_equal(key, kAdded)) return 0;
  size_t expected = entries.size() + (entries.empty() ? 1 : 0) + (p.file.get(kAdded) ? 0 : 1);
  const std::string value = "a \"b\" | c\n#d";
  if (!p.file.set(key, value) || !p.file.set(kAdded, "8")) std::abort();
  vtune::VmxParse again = vtune::VmxFile::parse(p.file.render(), "fuzz.vmx");
  if (again.file.get(key) != value || again.file.get("VTUNE.FUZZ.ADDED") != "8") std::abort();
  if (again.file.entries().size() != expected) std::abort();
  return 0;
}
