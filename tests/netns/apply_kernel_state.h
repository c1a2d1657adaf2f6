#pragma once
// What the kernel-test profile (tests/netns/apply/) touches, read straight from the kernel:
// the exact bytes of each /proc/sys and /sys file, and the veth's channels and features
// through the ethtool ioctl. A state taken before an apply is what every rollback must give
// back byte for byte; `desired_mismatches` says where a state differs from what the rules
// ask; `force_restore` puts a state back without vtune, so one failed flow cannot leak into
// the next one or outlive the test.
#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/core/ethtool_port.h"
#include "tests/netns/netns_harness.h"

namespace vtune::netns {

// Key: a file path, or "ethtool:<if>:channels.rx" / "ethtool:<if>:feature.<name>".
using KernelState = std::map<std::string, std::string>;

inline const std::vector<std::string> kTestSysctls = {
    "net/ipv4/tcp_rmem", "net/ipv4/tcp_wmem", "net/core/somaxconn", "net/ipv4/tcp_fin_timeout",
    "net/ipv4/ip_local_port_range"};

struct TestDevices {
  std::string nic;   // the veth the rules select (param test_nic)
  std::string disk;  // the loop device (param test_disk)
  std::string nic_dir() const { return "/sys/class/net/" + nic + "/queues"; }
  std::string disk_queue(const std::string& f) const {
    return "/sys/block/" + disk + "/queue/" + f;
  }
};

inline KernelState capture(const EthtoolPort& port, const TestDevices& dev) {
  KernelState s;
  auto file = [&](const std::string& path) { s[path] = read_bytes(path).value_or("<unreadable>"); };
  for (const std::string& k : kTestSysctls) file("/proc/sys/" + k);
  std::error_code ec;
  std::vector<std::string> queues;
  for (const auto& e : std::filesystem::directory_iterator(dev.nic_dir(), ec))
    queues.push_back(e.path().filename().string());
  std::sort(queues.begin(), queues.end());
  for (const std::string& q : queues) {
    std::string base = dev.nic_dir() + "/" + q;
    if (q.rfind("rx-", 0) == 0) {
      file(base + "/rps_cpus");
      file(base + "/rps_flow_cnt");
    } else if (q.rfind("tx-", 0) == 0) {
      file(base + "/xps_cpus");
    }
  }
  for (const char* f : {"scheduler", "read_ahead_kb", "nr_requests"}) file(dev.disk_queue(f));
  std::string eth = "ethtool:" + dev.nic + ":";
  if (Result<EthtoolChannels> c = port.channels(dev.nic)) {
    s[eth + "channels.rx"] = std::to_string(c->rx);
    s[eth + "channels.tx"] = std::to_string(c->tx);
  } else {
    s[eth + "channels"] = "<" + c.error().message() + ">";
  }
  if (Result<EthtoolFeatures> f = port.features(dev.nic)) {
    for (const auto& [name, feature] : *f)
      s[eth + "feature." + name] = feature.active ? "on" : "off";
  } else {
    s[eth + "features"] = "<" + f.error().message() + ">";
  }
  return s;
}

inline std::string shown(const std::string& bytes) {
  std::string out;
  for (char c : bytes) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else
      out += c;
  }
  return "'" + out + "'";
}

// "key: 'was' -> 'now'" for each key that differs (or exists in only one).
inline std::vector<std::string> differences(const KernelState& was, const KernelState& now) {
  std::vector<std::string> out;
  for (const auto& [k, v] : was) {
    auto it = now.find(k);
    if (it == now.end())
      out.push_back(k + ": " + shown(v) + " -> (gone)");
    else if (it->second != v)
      out.push_back(k + ": " + shown(v) + " -> " + shown(it->second));
  }
  for (const auto& [k, v] : now)
    if (!was.count(k)) out.push_back(k + ": (none) -> " + shown(v));
  return out;
}

inline std::string joined(const std::vector<std::string>& lines, size_t max = 8) {
  std::string out;
  for (size_t i = 0; i < lines.size() && i < max; ++i) out += "\n    " + lines[i];
  if (lines.size() > max) out += "\n    ... " + std::to_string(lines.size() - max) + " more";
  return out;
}

inline std::string words(const std::string& text) {
  std::string out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out += (out.empty() ? "" : " ") + w;
  return out;
}

// A kernel hex bitmap ("00000000,00000001") as a number.
inline unsigned long long mask_value(const std::string& text) {
  std::string hex;
  for (char c : text)
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += c;
  return hex.empty() ? ~0ULL : std::stoull(hex, nullptr, 16);
}

inline std::string bracketed(const std::string& text) {
  size_t open = text.find('['), close = text.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return "";
  return text.substr(open + 1, close - open - 1);
}

// What tests/netns/apply/kernel-test.vtr asks with the profile's params, in an order that
// can be written: the channels before the queue files, the scheduler before nr_requests.
enum class Match { Words, Mask, Bracketed };  // whitespace-normalised, numeric hex, [current]
struct Wanted {
  std::string key, value;
  Match match = Match::Words;
};

inline std::vector<Wanted> wanted(const TestDevices& dev) {
  std::string eth = "ethtool:" + dev.nic + ":";
  std::vector<Wanted> w = {
      {eth + "channels.rx", "2"},
      {eth + "channels.tx", "2"},
      {eth + "feature.rx-gro", "on"},
      {eth + "feature.tx-tcp-segmentation", "off"},
      {eth + "feature.tx-generic-segmentation", "off"},
      {"/proc/sys/net/ipv4/tcp_rmem", "4096 87380 3145728"},
      {"/proc/sys/net/ipv4/tcp_wmem", "8192 32768 2097152"},
      {"/proc/sys/net/core/somaxconn", "8191"},
      {"/proc/sys/net/ipv4/tcp_fin_timeout", "23"},
      {"/proc/sys/net/ipv4/ip_local_port_range", "20000 50001"},
  };
  for (int q = 0; q < 2; ++q) {
    std::string rx = dev.nic_dir() + "/rx-" + std::to_string(q);
    std::string tx = dev.nic_dir() + "/tx-" + std::to_string(q);
    w.push_back({rx + "/rps_cpus", "1", Match::Mask});
    w.push_back({rx + "/rps_flow_cnt", "256"});
    w.push_back({tx + "/xps_cpus", "1", Match::Mask});
  }
  w.push_back({dev.disk_queue("scheduler"), "mq-deadline", Match::Bracketed});
  w.push_back({dev.disk_queue("read_ahead_kb"), "1536"});
  w.push_back({dev.disk_queue("nr_requests"), "512"});
  return w;
}

// Where `s` differs from what the rules ask.
inline std::vector<std::string> desired_mismatches(const KernelState& s, const TestDevices& dev) {
  std::vector<std::string> out;
  for (const Wanted& w : wanted(dev)) {
    auto it = s.find(w.key);
    std::string got = it == s.end() ? std::string("(missing)") : it->second;
    bool ok = w.match == Match::Words       ? words(got) == w.value
              : w.match == Match::Bracketed ? bracketed(got) == w.value
                                            : mask_value(got) == mask_value(w.value);
    if (!ok) out.push_back(w.key + " is " + shown(got) + ", wanted '" + w.value + "'");
  }
  return out;
}

// The desired state written without vtune, the way an operator would: it shows that
// desired_mismatches recognises it in this kernel's formats (and that force_restore undoes
// it) before vtune is judged by them. False when the kernel refused a write.
inline bool write_desired_by_hand(EthtoolPort& port, const TestDevices& dev) {
  std::string eth = "ethtool:" + dev.nic + ":";
  EthtoolChannelsChange channels;
  EthtoolFeatureChange features;
  bool ok = true;
  for (const Wanted& w : wanted(dev)) {
    if (w.key == eth + "channels.rx") channels.rx = std::stoul(w.value);
    if (w.key == eth + "channels.tx") channels.tx = std::stoul(w.value);
    if (w.key.rfind(eth + "feature.", 0) == 0)
      features[w.key.substr(eth.size() + 8)] = w.value == "on";
  }
  ok = port.set_channels(dev.nic, channels).ok() && ok;
  ok = port.set_features(dev.nic, features).ok() && ok;
  for (const Wanted& w : wanted(dev))
    if (w.key[0] == '/') ok = write_bytes(w.key, w.value) && ok;
  return ok;
}

// Puts `want` back by hand: the channels first (they bring back the queue directories), then
// the features, the files, and the loop queue's scheduler before its nr_requests.
inline void force_restore(EthtoolPort& port, const TestDevices& dev, const KernelState& want) {
  std::string eth = "ethtool:" + dev.nic + ":";
  auto num = [&](const std::string& k) -> std::optional<uint32_t> {
    auto it = want.find(k);
    if (it == want.end()) return std::nullopt;
    return static_cast<uint32_t>(std::stoul(it->second));
  };
  (void)port.set_channels(dev.nic, {num(eth + "channels.rx"), num(eth + "channels.tx"), {}, {}});
  if (Result<EthtoolFeatures> now = port.features(dev.nic)) {
    EthtoolFeatureChange back;
    for (const auto& [name, f] : *now) {
      auto it = want.find(eth + "feature." + name);
      if (f.changeable && it != want.end() && (it->second == "on") != f.active)
        back[name] = it->second == "on";
    }
    if (!back.empty()) (void)port.set_features(dev.nic, back);
  }
  std::string sched = dev.disk_queue("scheduler");
  if (auto it = want.find(sched); it != want.end() && read_bytes(sched) != it->second)
    (void)write_bytes(sched, bracketed(it->second));
  for (const auto& [k, v] : want)
    if (k[0] == '/' && k != sched && read_bytes(k) != v) (void)write_bytes(k, v);
}

}  // namespace vtune::netns
