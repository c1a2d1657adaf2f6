#include "engine/core/qdisc_netlink.h"

#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "engine/core/netlink_socket.h"

namespace vtune {

Result<QdiscState> qdisc_state_of(const std::vector<QdiscEntry>& qdiscs, std::string_view ifname) {
  auto root = std::find_if(qdiscs.begin(), qdiscs.end(),
                           [](const QdiscEntry& q) { return q.parent == TC_H_ROOT; });
  if (root == qdiscs.end()) return SysError{ENOENT, std::string(ifname), "no root qdisc"};
  QdiscState out;
  out.root = root->kind;
  std::vector<const QdiscEntry*> kids;
  for (const QdiscEntry& q : qdiscs)
    if (&q != &*root && q.parent != TC_H_ROOT && q.parent != TC_H_INGRESS &&
        TC_H_MAJ(q.parent) == TC_H_MAJ(root->handle))
      kids.push_back(&q);
  std::sort(kids.begin(), kids.end(),
            [](const QdiscEntry* a, const QdiscEntry* b) { return a->parent < b->parent; });
  for (const QdiscEntry* q : kids) out.children.push_back(q->kind);
  return out;
}

Result<QdiscState> netlink_qdisc_state(std::string_view ifname) {
  std::string name(ifname);
  if (name.empty() || name.size() >= IFNAMSIZ) return SysError{EINVAL, name, "RTM_GETQDISC"};
  unsigned index = ::if_nametoindex(name.c_str());
  if (index == 0) return errno_error("RTM_GETQDISC", name);
  tcmsg tc{};
  tc.tcm_family = AF_UNSPEC;
  tc.tcm_ifindex = static_cast<int>(index);
  netlink::Message msg(RTM_GETQDISC, NLM_F_DUMP, &tc, sizeof tc);
  std::vector<QdiscEntry> mine;
  Result<void> r = netlink::transact(
      NETLINK_ROUTE, msg,
      [&](const netlink::Reply& reply) {
        if (reply.type != RTM_NEWQDISC || reply.payload.size() < NLMSG_ALIGN(sizeof(tcmsg))) return;
        tcmsg got;
        std::memcpy(&got, reply.payload.data(), sizeof got);
        // Older kernels dump every interface's qdiscs whatever tcm_ifindex says.
        if (got.tcm_ifindex != static_cast<int>(index)) return;
        QdiscEntry q{got.tcm_handle, got.tcm_parent, ""};
        for (const netlink::Attr& a :
             netlink::parse_attrs(reply.payload.substr(NLMSG_ALIGN(sizeof(tcmsg)))))
          if (a.type == TCA_KIND) q.kind = a.str();
        mine.push_back(std::move(q));
      },
      name);
  if (!r) {
    SysError e = r.error();
    e.what = "RTM_GETQDISC";
    return e;
  }
  return qdisc_state_of(mine, ifname);
}

}  // namespace vtune
