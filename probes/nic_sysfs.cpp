#include "probes/nic_sysfs.h"

#include <cctype>
#include <limits>
#include <vector>

#include "engine/core/text.h"

namespace vtune {
namespace {

bool all_hex(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

NetDevicePath parse_net_class_link(std::string_view target) {
  NetDevicePath out;
  std::vector<std::string_view> parts = split(trim(target), '/');
  // The device's own directory ends at ".../net/<if>"; only what lies above it counts.
  size_t end = parts.size();
  if (end >= 2 && parts[end - 2] == "net") end -= 2;
  for (size_t i = 0; i + 1 < end; ++i)
    if (parts[i] == "devices" && parts[i + 1] == "virtual") out.is_virtual = true;
  for (size_t i = end; i-- > 0;) {
    if (is_pci_address(parts[i])) {
      out.pci = std::string(parts[i]);
      break;
    }
  }
  return out;
}

bool is_netdev_link_target(std::string_view target, std::string_view ifname) {
  std::vector<std::string_view> parts = split(trim(target), '/');
  size_t n = parts.size();
  return n >= 3 && parts[n - 1] == ifname && parts[n - 2] == "net" && parts[n - 3] != "..";
}

std::optional<std::optional<int64_t>> parse_speed_bits(std::string_view text) {
  std::optional<int64_t> mbps = parse_int(text);
  if (!mbps) return std::nullopt;
  // Some older kernels print SPEED_UNKNOWN as an unsigned 32-bit number.
  if (*mbps <= 0 || *mbps == 0xffffffffLL || *mbps == 0xffffLL) return std::optional<int64_t>{};
  if (*mbps > std::numeric_limits<int64_t>::max() / 1'000'000) return std::nullopt;
  return std::optional<int64_t>{*mbps * 1'000'000};
}

std::optional<std::string> parse_mac(std::string_view text) {
  std::string_view t = trim(text);
  std::vector<std::string_view> bytes = split(t, ':');
  if (bytes.size() < 2) return std::nullopt;
  std::string out;
  for (std::string_view b : bytes) {
    if (b.size() != 2 || !all_hex(b)) return std::nullopt;
    if (!out.empty()) out += ':';
    for (char c : b) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_operstate(std::string_view s) {
  return s == "unknown" || s == "notpresent" || s == "down" || s == "lowerlayerdown" ||
         s == "testing" || s == "dormant" || s == "up";
}

std::optional<QueueName> parse_queue_name(std::string_view name) {
  QueueName q;
  if (starts_with(name, "rx-")) {
    q.kind = 'r';
  } else if (starts_with(name, "tx-")) {
    q.kind = 't';
  } else {
    return std::nullopt;
  }
  std::string_view digits = name.substr(3);
  if (digits.empty() || !std::isdigit(static_cast<unsigned char>(digits[0]))) return std::nullopt;
  std::optional<int64_t> i = parse_int(digits);
  if (!i || *i < 0 || *i > std::numeric_limits<int>::max()) return std::nullopt;
  q.index = static_cast<int>(*i);
  return q;
}

}  // namespace vtune
