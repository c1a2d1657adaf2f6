#include "engine/core/ethtool_netlink.h"

#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <net/if.h>

#include <cerrno>
#include <iterator>
#include <set>

#include "engine/core/ethtool_json.h"
#include "engine/core/netlink_socket.h"

namespace vtune {
namespace {

// kEthtoolCoalesceNames are in struct ethtool_coalesce order, which is also the order of
// the attributes from ETHTOOL_A_COALESCE_RX_USECS to ..._RATE_SAMPLE_INTERVAL.
static_assert(size_t{ETHTOOL_A_COALESCE_RATE_SAMPLE_INTERVAL - ETHTOOL_A_COALESCE_RX_USECS + 1} ==
              std::size(kEthtoolCoalesceNames));

// The id the kernel gave the "ethtool" generic netlink family.
Result<uint16_t> ethtool_family_id() {
  genlmsghdr g{};
  g.cmd = CTRL_CMD_GETFAMILY;
  g.version = 1;
  netlink::Message msg(GENL_ID_CTRL, 0, &g, sizeof g);
  msg.put_string(CTRL_ATTR_FAMILY_NAME, ETHTOOL_GENL_NAME);
  std::optional<uint16_t> id;
  Result<void> r = netlink::transact(
      NETLINK_GENERIC, msg,
      [&](const netlink::Reply& reply) {
        if (reply.payload.size() < GENL_HDRLEN) return;
        for (const netlink::Attr& a : netlink::parse_attrs(reply.payload.substr(GENL_HDRLEN)))
          if (a.type == CTRL_ATTR_FAMILY_ID) id = a.u16();
      },
      "genl family " ETHTOOL_GENL_NAME);
  if (!r) return r.error();
  if (!id) return SysError{ENOENT, ETHTOOL_GENL_NAME, "genl family id"};
  return *id;
}

}  // namespace

uint16_t coalesce_attr_of(std::string_view name) {
  for (size_t i = 0; i < std::size(kEthtoolCoalesceNames); ++i)
    if (kEthtoolCoalesceNames[i] == name)
      return static_cast<uint16_t>(ETHTOOL_A_COALESCE_RX_USECS + i);
  return 0;
}

std::string_view coalesce_name_of(uint16_t attr) {
  if (attr < ETHTOOL_A_COALESCE_RX_USECS || attr > ETHTOOL_A_COALESCE_RATE_SAMPLE_INTERVAL)
    return {};
  return kEthtoolCoalesceNames[attr - ETHTOOL_A_COALESCE_RX_USECS];
}

Result<std::vector<std::string>> netlink_coalesce_supported(std::string_view ifname) {
  if (ifname.empty() || ifname.size() >= IFNAMSIZ)
    return SysError{EINVAL, std::string(ifname), "ETHTOOL_MSG_COALESCE_GET"};
  Result<uint16_t> family = ethtool_family_id();
  if (!family) return family.error();

  genlmsghdr g{};
  g.cmd = ETHTOOL_MSG_COALESCE_GET;
  g.version = ETHTOOL_GENL_VERSION;
  netlink::Message msg(*family, 0, &g, sizeof g);
  size_t nest = msg.begin_nest(ETHTOOL_A_COALESCE_HEADER);
  msg.put_string(ETHTOOL_A_HEADER_DEV_NAME, ifname);
  msg.end_nest(nest);

  std::set<uint16_t> seen;
  Result<void> r = netlink::transact(
      NETLINK_GENERIC, msg,
      [&](const netlink::Reply& reply) {
        if (reply.type != *family || reply.payload.size() < GENL_HDRLEN) return;
        for (const netlink::Attr& a : netlink::parse_attrs(reply.payload.substr(GENL_HDRLEN)))
          seen.insert(a.type);
      },
      std::string(ifname));
  if (!r) {
    if (r.error().err == EOPNOTSUPP) return std::vector<std::string>{};  // no get_coalesce
    SysError e = r.error();
    e.what = "ETHTOOL_MSG_COALESCE_GET";
    return e;
  }
  std::vector<std::string> out;
  for (uint16_t attr : seen)
    if (std::string_view name = coalesce_name_of(attr); !name.empty()) out.emplace_back(name);
  return out;
}

}  // namespace vtune
