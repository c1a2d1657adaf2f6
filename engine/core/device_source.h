#pragma once
// Device enumeration seam. Live: libudev (which reads sysfs itself; no udev daemon is
// needed). Under --root: a walk of /sys/class/<subsystem>. Either way only names come from
// here; attributes are always read from sysfs through HostFs.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host_fs.h"

namespace vtune {

class DeviceSource {
 public:
  virtual ~DeviceSource() = default;
  // Kernel names (sysname) of the devices in a subsystem ("net", "block"), sorted.
  virtual std::vector<std::string> list(std::string_view subsystem) const = 0;
  // The same, or why the subsystem could not be listed at all (an unreadable
  // /sys/class/<subsystem>): an empty list and an unknown one are different answers.
  // A subsystem that does not exist is an empty list.
  virtual Result<std::vector<std::string>> list_checked(std::string_view subsystem) const {
    return list(subsystem);
  }
};

std::unique_ptr<DeviceSource> make_udev_device_source();
std::unique_ptr<DeviceSource> make_sysfs_device_source(const HostFs& fs);

}  // namespace vtune
