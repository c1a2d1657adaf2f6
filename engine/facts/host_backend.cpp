#include "engine/facts/host_backend.h"

namespace vtune {

HostBackend::HostBackend(std::string root, std::unique_ptr<HostFs> fs)
    : root_(root.empty() ? "/" : std::move(root)) {
  fs_ = fs ? std::move(fs) : make_disk_host_fs(root_);
  if (live()) {
    cpuid_ = make_live_cpuid();
    ethtool_ = make_ioctl_ethtool();
    devices_ = make_udev_device_source();
  } else {
    cpuid_ = make_snapshot_cpuid(*fs_);
    ethtool_ = make_snapshot_ethtool(*fs_);
    devices_ = make_sysfs_device_source(*fs_);
  }
  host_ = std::make_unique<Host>(Host{*fs_, *cpuid_, *ethtool_, *devices_, live()});
}

}  // namespace vtune
