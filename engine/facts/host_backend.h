#pragma once
// Opens the seams for a root: the live implementations for "/", the snapshot ones for any
// other directory. Owns them; `host()` is the view the probes get.
#include <memory>
#include <string>

#include "engine/facts/probe.h"

namespace vtune {

class HostBackend {
 public:
  // `fs` may be given to wrap the filesystem (the snapshot recorder does).
  explicit HostBackend(std::string root, std::unique_ptr<HostFs> fs = nullptr);
  const Host& host() const { return *host_; }
  HostFs& fs() { return *fs_; }
  // The writable ethtool seam (the ioctl live, the snapshot JSON under a root).
  EthtoolPort& ethtool() { return *ethtool_; }
  const std::string& root() const { return root_; }
  bool live() const { return root_ == "/"; }

 private:
  std::string root_;
  std::unique_ptr<HostFs> fs_;
  std::unique_ptr<CpuidSource> cpuid_;
  std::unique_ptr<EthtoolPort> ethtool_;
  std::unique_ptr<DeviceSource> devices_;
  std::unique_ptr<Host> host_;
};

}  // namespace vtune
