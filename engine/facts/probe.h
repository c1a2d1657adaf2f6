#pragma once
// A probe reads one area of the host into facts. Parsing is done by pure functions from
// text to structs (tested from literal strings); the probe's collect() is the thin layer
// that reads files through the context and turns the structs into facts.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/cpuid_source.h"
#include "engine/core/device_source.h"
#include "engine/core/ethtool_port.h"
#include "engine/core/host_fs.h"
#include "engine/core/warnings.h"
#include "engine/facts/facts.h"
#include "engine/facts/schema.h"

namespace vtune {

struct ProbeOptions {
  std::vector<std::string> vmx_files;  // host paths of .vmx files to parse (--vmx)
};

// The outside world as the probes see it; every member is a seam with a fake.
struct Host {
  const HostFs& fs;
  const CpuidSource& cpuid;
  const EthtoolPort& ethtool;
  const DeviceSource& devices;
  bool live = false;  // true on "/", false under --root
};

class ProbeContext {
 public:
  ProbeContext(const Host& host, const ProbeOptions& options, Warnings& warnings)
      : host(host), options(options), warnings_(warnings) {}

  const Host& host;
  const ProbeOptions& options;

  // The file's contents; nullopt if it does not exist (silently) or cannot be read (with a
  // warning naming the path).
  std::optional<std::string> read_optional(std::string_view path) const;
  // As read_optional, but a missing file is also a warning.
  std::optional<std::string> read_required(std::string_view path) const;
  // A file holding one integer (trimmed); warns on text that is not a number.
  std::optional<int64_t> read_int(std::string_view path) const;
  // A file holding one word or line, trimmed.
  std::optional<std::string> read_word(std::string_view path) const;
  // The last path component of a symlink's target (e.g. a driver name), or nullopt.
  std::optional<std::string> link_basename(std::string_view path) const;

  void warn(std::string_view path, std::string message) const;
  // Appends warnings gathered by a per-item context (already described), in their order.
  void adopt(const Warnings& gathered) const;

 private:
  Warnings& warnings_;
};

struct Probe {
  std::string_view name;     // "cpu", "nic", ...
  std::string_view summary;  // one line for `vtune facts --help` and docs
  FactSchema schema;
  // Adds this probe's keys to `facts`; may read keys of probes listed before it.
  void (*collect)(const ProbeContext& ctx, Facts& facts);
};

}  // namespace vtune
