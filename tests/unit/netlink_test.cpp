// The pure parts of the netlink readers: attribute encoding and parsing, the coalescing
// attribute table, and which dumped qdiscs are an interface's root and its children.
#include <doctest/doctest.h>

#include <linux/ethtool_netlink.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>

#include "engine/core/ethtool_netlink.h"
#include "engine/core/netlink_socket.h"
#include "engine/core/qdisc_netlink.h"

using namespace vtune;

TEST_CASE("netlink: attributes round-trip, nests included") {
  uint32_t family = 7;
  netlink::Message msg(16, 0, &family, sizeof family);
  size_t nest = msg.begin_nest(1);
  msg.put_string(2, "eth0");
  msg.end_nest(nest);
  msg.put_u16(3, 0x1234);
  std::vector<uint8_t>& b = msg.bytes();
  std::string_view all(reinterpret_cast<const char*>(b.data()), b.size());
  std::string_view attrs = all.substr(NLMSG_HDRLEN + 4);
  std::vector<netlink::Attr> top = netlink::parse_attrs(attrs);
  REQUIRE(top.size() == 2);
  CHECK(top[0].type == 1);  // NLA_F_NESTED is cleared
  std::vector<netlink::Attr> inner = netlink::parse_attrs(top[0].data);
  REQUIRE(inner.size() == 1);
  CHECK(inner[0].str() == "eth0");
  CHECK(top[1].u16() == 0x1234);
  // A truncated attribute ends the list instead of reading past it.
  CHECK(netlink::parse_attrs(attrs.substr(0, attrs.size() - 6)).size() == 1);
}

TEST_CASE("ethtool netlink: coalescing attributes map to the snapshot's names") {
  CHECK(coalesce_attr_of("rx_usecs") == ETHTOOL_A_COALESCE_RX_USECS);
  CHECK(coalesce_attr_of("adaptive_rx") == ETHTOOL_A_COALESCE_USE_ADAPTIVE_RX);
  CHECK(coalesce_attr_of("sample_interval") == ETHTOOL_A_COALESCE_RATE_SAMPLE_INTERVAL);
  CHECK(coalesce_attr_of("nope") == 0);
  CHECK(coalesce_name_of(ETHTOOL_A_COALESCE_USE_ADAPTIVE_TX) == "adaptive_tx");
  CHECK(coalesce_name_of(ETHTOOL_A_COALESCE_HEADER).empty());
  CHECK(coalesce_name_of(ETHTOOL_A_COALESCE_USE_CQE_MODE_TX).empty());
}

TEST_CASE("qdisc_state_of: the root and its children in class order") {
  std::vector<QdiscEntry> mq{{0, TC_H_ROOT, "mq"},
                             {0, TC_H_MAKE(0, 2), "pfifo_fast"},
                             {0x80010000, TC_H_MAKE(0, 1), "fq"},
                             {0xffff0000, TC_H_INGRESS, "ingress"}};
  Result<QdiscState> s = qdisc_state_of(mq, "eth0");
  REQUIRE(s);
  CHECK(s->root == "mq");
  CHECK(s->children == std::vector<std::string>{"fq", "pfifo_fast"});

  Result<QdiscState> plain = qdisc_state_of({{0, TC_H_ROOT, "pfifo_fast"}}, "eth0");
  REQUIRE(plain);
  CHECK(plain->children.empty());
  CHECK(qdisc_state_of({}, "eth0").error().err == ENOENT);
}
