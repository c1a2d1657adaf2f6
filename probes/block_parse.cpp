#include "probes/block_parse.h"

#include <vector>

namespace vtune {
namespace {

std::string_view last_component(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::optional<std::string> resolve_link_target(std::string_view link_path,
                                               std::string_view target) {
  std::vector<std::string_view> parts;
  auto walk = [&](std::string_view path) {
    for (std::string_view part : split(path, '/')) {
      if (part.empty() || part == ".") continue;
      if (part == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
        continue;
      }
      parts.push_back(part);
    }
    return true;
  };
  target = trim(target);
  if (target.empty()) return std::nullopt;
  if (target.front() != '/') {
    size_t slash = link_path.rfind('/');
    if (!walk(link_path.substr(0, slash == std::string_view::npos ? 0 : slash)))
      return std::nullopt;
  }
  if (!walk(target)) return std::nullopt;
  std::string out;
  for (std::string_view part : parts) (out += '/') += part;
  return out.empty() ? std::string("/") : out;
}

std::optional<std::string> pci_function_of(std::string_view device_path) {
  std::string_view path = device_path;
  while (!path.empty()) {
    if (is_pci_address(last_component(path))) return std::string(path);
    size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) break;
    path = path.substr(0, slash);
  }
  return std::nullopt;
}

bool is_nvme_controller(std::string_view device_path) {
  std::string_view name = last_component(device_path);
  if (starts_with(name, "nvme-subsys")) return true;
  if (!starts_with(name, "nvme") || name.size() == 4) return false;
  return name.substr(4).find_first_not_of("0123456789") == std::string_view::npos;
}

std::optional<std::string> scsi_host_of(std::string_view device_path) {
  std::string_view path = device_path;
  while (!path.empty()) {
    std::string_view name = last_component(path);
    if (name.size() > 4 && starts_with(name, "host") &&
        name.substr(4).find_first_not_of("0123456789") == std::string_view::npos)
      return std::string(path);
    size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) break;
    path = path.substr(0, slash);
  }
  return std::nullopt;
}

bool is_paravirtual(std::string_view driver, std::string_view host_driver) {
  for (std::string_view d : {"virtio_blk", "vbd", "xen-blkfront", "xen_blkfront"})
    if (driver == d) return true;
  for (std::string_view d : {"virtio_scsi", "vmw_pvscsi", "hv_storvsc", "storvsc"})
    if (host_driver == d) return true;
  return false;
}

bool is_unused_virtual_disk(std::string_view name, uint64_t size_sectors) {
  bool virtual_kind =
      starts_with(name, "loop") || starts_with(name, "ram") || starts_with(name, "zram");
  return virtual_kind && size_sectors == 0;
}

std::optional<BracketChoice> parse_scheduler(std::string_view text) {
  std::optional<BracketChoice> choice = parse_bracket_choice(text);
  if (!choice) return std::nullopt;
  if (choice->current.empty()) {
    if (choice->all.size() != 1 || choice->all[0] != "none") return std::nullopt;
    choice->current = "none";
  }
  return choice;
}

}  // namespace vtune
