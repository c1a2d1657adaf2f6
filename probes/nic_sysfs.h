#pragma once
// Pure readers for the sysfs text the nic probe uses: where an interface's class link
// points, link speed, MAC address, operstate and queue directory names.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vtune {

// What the target of /sys/class/net/<if> says about the device behind it, e.g.
// "../../devices/pci0000:17/0000:17:00.0/0000:18:00.0/net/eno1".
struct NetDevicePath {
  bool is_virtual = false;         // under devices/virtual: a bridge, veth, tunnel, lo
  std::optional<std::string> pci;  // the nearest PCI function above the interface
};
NetDevicePath parse_net_class_link(std::string_view target);

// Whether a /sys/class/net entry's link target names a network device: the kernel links
// each interface to its device directory, ".../net/<ifname>". Links to "." or to anything
// else (hand-made, or a capture's stray entry) are not interfaces.
bool is_netdev_link_target(std::string_view target, std::string_view ifname);

// /sys/class/net/<if>/speed holds Mb/s; SPEED_UNKNOWN (-1) and 0 mean no known rate.
// nullopt for text that is not a number; an inner nullopt for a rate the link does not know.
std::optional<std::optional<int64_t>> parse_speed_bits(std::string_view text);

// "00:50:56:AB:cd:01" -> "00:50:56:ab:cd:01"; nullopt unless it is colon-separated hex
// byte pairs.
std::optional<std::string> parse_mac(std::string_view text);

// RFC 2863 operational states as /sys/class/net/<if>/operstate spells them.
bool is_operstate(std::string_view s);

// "rx-12" -> {'r', 12}; "tx-0" -> {'t', 0}; nullopt for anything else.
struct QueueName {
  char kind = 0;  // 'r' or 't'
  int index = 0;
};
std::optional<QueueName> parse_queue_name(std::string_view name);

}  // namespace vtune
