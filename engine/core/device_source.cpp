#include "engine/core/device_source.h"

#include <libudev.h>

#include <algorithm>

namespace vtune {
namespace {

class UdevDeviceSource final : public DeviceSource {
 public:
  std::vector<std::string> list(std::string_view subsystem) const override {
    return list_checked(subsystem).value_or({});
  }

  Result<std::vector<std::string>> list_checked(std::string_view subsystem) const override {
    std::vector<std::string> names;
    udev* ctx = udev_new();
    if (ctx == nullptr) return errno_error("udev_new", std::string(subsystem), ENOMEM);
    udev_enumerate* en = udev_enumerate_new(ctx);
    std::string sub(subsystem);
    udev_enumerate_add_match_subsystem(en, sub.c_str());
    int scanned = udev_enumerate_scan_devices(en);
    if (scanned < 0) {
      udev_enumerate_unref(en);
      udev_unref(ctx);
      return errno_error("list", "/sys/class/" + sub, -scanned);
    }
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
    return list_checked(subsystem).value_or({});
  }

  Result<std::vector<std::string>> list_checked(std::string_view subsystem) const override {
    std::vector<std::string> names;
    Result<std::vector<DirEntry>> entries = fs_.list_dir("/sys/class/" + std::string(subsystem));
    if (!entries && (entries.error().err == ENOENT || entries.error().err == ENOTDIR)) return names;
    if (!entries) return entries.error();
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
