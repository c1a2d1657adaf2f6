#include "bench/veth_path.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <exception>
#include <thread>

#include "engine/core/netlink_socket.h"

namespace vtune::bench {
namespace {

std::string no_privilege(const std::string& what, int err) {
  return "path=veth: " + what + ": " + std::strerror(err) +
         " (a veth pair needs CAP_NET_ADMIN, a network namespace CAP_SYS_ADMIN: run as "
         "root, or use path=loopback)";
}

void check(const Result<void>& r, const std::string& what) {
  if (r.ok()) return;
  if (r.error().err == EPERM || r.error().err == EACCES)
    throw BenchError(no_privilege(what, r.error().err));
  throw BenchError("path=veth: " + what + ": " + r.error().message());
}

Result<void> rtnl(netlink::Message& msg, const std::string& what) {
  return netlink::transact(
      NETLINK_ROUTE, msg, [](const netlink::Reply&) {}, what);
}

unsigned index_of(const std::string& name) {
  unsigned i = if_nametoindex(name.c_str());
  if (i == 0) throw sys_error("path=veth: if_nametoindex " + name);
  return i;
}

void set_up(const std::string& name) {
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = int(index_of(name));
  ifi.ifi_flags = IFF_UP;
  ifi.ifi_change = IFF_UP;
  netlink::Message msg(RTM_NEWLINK, 0, &ifi, sizeof ifi);
  check(rtnl(msg, "RTM_NEWLINK up " + name), "bring " + name + " up");
}

void add_address(const std::string& name, uint32_t addr_host_order) {
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET;
  ifa.ifa_prefixlen = 30;
  ifa.ifa_index = index_of(name);
  netlink::Message msg(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof ifa);
  uint32_t a = htonl(addr_host_order);
  msg.put(IFA_LOCAL, &a, sizeof a);
  msg.put(IFA_ADDRESS, &a, sizeof a);
  check(rtnl(msg, "RTM_NEWADDR " + name), "address " + name);
}

// The payload of VETH_INFO_PEER: an ifinfomsg, then the peer's attributes.
std::vector<uint8_t> peer_info(const std::string& name, int netns_fd) {
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  netlink::Message m(0, 0, &ifi, sizeof ifi);
  m.put_string(IFLA_IFNAME, name);
  uint32_t fd = uint32_t(netns_fd);
  m.put(IFLA_NET_NS_FD, &fd, sizeof fd);
  std::vector<uint8_t>& b = m.bytes();
  return {b.begin() + NLMSG_HDRLEN, b.end()};
}

// On a thread of its own, so a throw there reaches the caller.
void on_thread(const std::function<void()>& fn) {
  std::exception_ptr err;
  std::thread t([&] {
    try {
      fn();
    } catch (...) {
      err = std::current_exception();
    }
  });
  t.join();
  if (err) std::rethrow_exception(err);
}

}  // namespace

VethPath::VethPath() {
  on_thread([&] {
    if (unshare(CLONE_NEWNET) != 0) {
      int err = errno;
      if (err == EPERM) throw BenchError(no_privilege("unshare(CLONE_NEWNET)", err));
      throw sys_error("path=veth: unshare(CLONE_NEWNET)");
    }
    peer_ns_.reset(open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (peer_ns_.get() < 0) throw sys_error("path=veth: open /proc/thread-self/ns/net");
  });
  // vtb<pid><n>a / ...b: unique per process and session, under IFNAMSIZ.
  static std::atomic<unsigned> serial{0};
  unsigned n = serial++;
  char base[IFNAMSIZ];
  std::snprintf(base, sizeof base, "vtb%x%x", unsigned(getpid()) & 0xffffff, n & 0xf);
  local_ = std::string(base) + "a";
  peer_ = std::string(base) + "b";
  // One /30 of 198.18.0.0/15 (32768 of them), picked by pid and session.
  subnet_ = (198u << 24 | 18u << 16) + ((unsigned(getpid()) * 16 + n) % 32768) * 4;

  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  netlink::Message msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof ifi);
  msg.put_string(IFLA_IFNAME, local_);
  size_t info = msg.begin_nest(IFLA_LINKINFO);
  msg.put_string(IFLA_INFO_KIND, "veth");
  size_t data = msg.begin_nest(IFLA_INFO_DATA);
  std::vector<uint8_t> peer = peer_info(peer_, peer_ns_.get());
  msg.put(VETH_INFO_PEER, peer.data(), peer.size());
  msg.end_nest(data);
  msg.end_nest(info);
  check(rtnl(msg, "RTM_NEWLINK veth " + local_), "create veth " + local_);
  created_ = true;
  try {
    add_address(local_, subnet_ + 1);
    set_up(local_);
    in_peer([&] {
      set_up("lo");
      add_address(peer_, subnet_ + 2);
      set_up(peer_);
    });
  } catch (...) {
    remove();  // the destructor does not run for a constructor that throws
    throw;
  }
}

VethPath::~VethPath() {
  remove();
}

void VethPath::remove() {
  if (!created_) return;
  created_ = false;
  // Deleting one end deletes the pair; the namespace goes with its descriptor (peer_ns_).
  unsigned i = if_nametoindex(local_.c_str());
  if (i == 0) return;
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = int(i);
  netlink::Message msg(RTM_DELLINK, 0, &ifi, sizeof ifi);
  (void)rtnl(msg, "RTM_DELLINK " + local_);
}

in_addr VethPath::local_address() const {
  return in_addr{htonl(subnet_ + 1)};
}

in_addr VethPath::peer_address() const {
  return in_addr{htonl(subnet_ + 2)};
}

void VethPath::in_peer(const std::function<void()>& fn) const {
  on_thread([&] {
    if (setns(peer_ns_.get(), CLONE_NEWNET) != 0) {
      int err = errno;
      if (err == EPERM) throw BenchError(no_privilege("setns", err));
      throw sys_error("path=veth: setns into the peer namespace");
    }
    fn();
  });
}

}  // namespace vtune::bench
