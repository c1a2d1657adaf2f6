#include "engine/core/device_source.h"

#include <libudev.h>

#include <algorithm>

namespace vtune {
namespace {

class UdevDeviceSource final : public DeviceSource {
 public:
  std::vector<std::string> list(std::string_view subsystem) const override {
    std::vector<std::string> names;
    udev* ctx = udev_new();
    if (ctx == nullptr) return names;
    udev_enumerate* en = udev_enumerate_new(ctx);
    std::string sub(subsystem);
    udev_enumerate_add_match_subsystem(en, sub.c_str());
    udev_enumerate_scan_devices(en);
    udev_list_entry* entry = nullptr;
    udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(en)) {
      udev_device* dev = udev_device_new_from_syspath(ctx, udev_list_entry_get_name(entry));
      if (dev == nullptr) continue;
      if (const char* name = udev_device_get_sysname(dev)) names.emplace_back(name);
      udev_device_unref(dev);
    }
    udev_enumerate_unref(en);
    udev_unref(ctx);
    std::sort(names.begin(), names.end());
    return names;
  }
};

class SysfsDeviceSource final : public DeviceSource {
 public:
  explicit SysfsDeviceSource(const HostFs& fs) : fs_(fs) {}
  std::vector<std::string> list(std::string_view subsystem) const override {
    std::vector<std::string> names;
    Result<std::vector<DirEntry>> entries = fs_.list_dir("/sys/class/" + std::string(subsystem));
    if (!entries) return names;
    for (const DirEntry& e : *entries)
      if (e.is_dir) names.push_back(e.name);
    return names;
  }

 private:
  const HostFs& fs_;
};

}  // namespace

std::unique_ptr<DeviceSource> make_udev_device_source() {
  return std::make_unique<UdevDeviceSource>();
}
std::unique_ptr<DeviceSource> make_sysfs_device_source(const HostFs& fs) {
  return std::make_unique<SysfsDeviceSource>(fs);
}

}  // namespace vtune
