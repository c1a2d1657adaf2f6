#pragma once
// Pure helpers for the block probe: sysfs path arithmetic and the few attribute formats
// that are more than one number.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/text.h"

namespace vtune {

// Where a symlink at `link_path` with contents `target` points, as a normalised absolute
// host path. Sysfs links are relative ("../devices/pci0000:00/..."); resolving them here,
// rather than letting the filesystem follow them, lets every later read use the device's
// real directory on any HostFs. nullopt if the target climbs above "/".
std::optional<std::string> resolve_link_target(std::string_view link_path, std::string_view target);

// "0000:5e:00.0": domain:bus:device.function in hex.

// The deepest PCI function on a sysfs device path, i.e. the controller a disk hangs off:
// "/sys/devices/pci0000:00/0000:00:15.0/0000:03:00.0/host2/.../block/sda" ->
// "/sys/devices/pci0000:00/0000:00:15.0/0000:03:00.0". nullopt when there is none (virtual
// devices, platform devices).
std::optional<std::string> pci_function_of(std::string_view device_path);

// True for an NVMe controller's class device ("/sys/devices/.../nvme/nvme0",
// "/sys/devices/virtual/nvme-subsystem/nvme-subsys0"): a namespace's `device` points there
// and, unlike a SCSI device, it has no driver link of its own.
bool is_nvme_controller(std::string_view device_path);

// The SCSI host directory ("/sys/devices/.../0000:03:00.0/host2") above a SCSI device
// ("/sys/devices/.../host2/target2:0:0/2:0:0:0"); nullopt for a device that is not SCSI.
std::optional<std::string> scsi_host_of(std::string_view device_path);

// Paravirtual disks, by block driver or SCSI host driver: virtio_blk, xen-blkfront (bound
// as "vbd" on the xen bus), virtio_scsi, vmw_pvscsi, hv_storvsc.
bool is_paravirtual(std::string_view driver, std::string_view host_driver);

// RAM disks, loop and zram devices with nothing behind them are not disks anyone tunes.
bool is_unused_virtual_disk(std::string_view name, uint64_t size_sectors);

// The queue/scheduler file: "[mq-deadline] none". A queue that cannot have a scheduler
// prints a bare "none", which also means "none" is current.
std::optional<BracketChoice> parse_scheduler(std::string_view text);

}  // namespace vtune
