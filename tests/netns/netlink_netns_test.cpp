// The netlink readers against a real kernel: ethtool netlink's COALESCE_GET and
// rtnetlink's RTM_GETQDISC on a veth pair inside a private network namespace, which
// vanishes with the process, so the machine's own interfaces are never touched.
#include <sched.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "engine/core/ethtool_json.h"
#include "engine/core/ethtool_netlink.h"
#include "engine/core/ethtool_port.h"
#include "engine/core/qdisc_netlink.h"
#include "tests/netns/netns_harness.h"

using namespace vtune;
using namespace vtune::netns;

namespace {

void enter_namespace_with_veth() {
  enter_private_namespace();
  if (std::system("ip link add vt0 numtxqueues 4 numrxqueues 4 type veth peer name vt1 "
                  ">/dev/null 2>&1") != 0)
    skip("cannot create a veth pair (iproute2 or the veth module missing)");
  run("ip link set vt0 up");
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

void check_coalesce_supported() {
  // veth implements no coalescing: the kernel answers COALESCE_GET with EOPNOTSUPP, which
  // is "supports none", an answer (not unknown).
  Result<std::vector<std::string>> s = netlink_coalesce_supported("vt0");
  if (!s && s.error().err == ENOENT) skip("the kernel has no ethtool netlink family (before 5.6)");
  check(s.ok(), "COALESCE_GET on veth answers (" + (s ? joined(*s) : s.error().message()) + ")");
  if (s) check(s->empty(), "veth supports no coalescing parameter: [" + joined(*s) + "]");

  Result<std::vector<std::string>> none = netlink_coalesce_supported("nosuch0");
  check(!none && none.error().err == ENODEV,
        "an unknown interface is ENODEV (" + (none ? std::string("ok") : none.error().message()) +
            ")");
  // Through the live port and into the snapshot form, as `vtune snapshot` writes it.
  std::unique_ptr<EthtoolPort> port = make_ioctl_ethtool();
  Json doc = ethtool_state_to_json(*port, "vt0");
  check(doc.contains("coalesce_supported") && doc["coalesce_supported"] == Json::array(),
        "snapshot form carries coalesce_supported: " +
            doc.value("coalesce_supported", Json()).dump());
}

void check_qdisc() {
  // A veth starts on noqueue (IFF_NO_QUEUE).
  Result<QdiscState> q = netlink_qdisc_state("vt0");
  check(q.ok() && q->root == "noqueue" && q->children.empty(),
        "veth starts on noqueue (" + (q ? q->root : q.error().message()) + ")");

  // pfifo is built into every kernel with tc; fq may be a module, and loading one would
  // change the machine.
  run("tc qdisc replace dev vt0 root pfifo");
  q = netlink_qdisc_state("vt0");
  check(q.ok() && q->root == "pfifo" && q->children.empty(),
        "after tc qdisc replace root pfifo: " + (q ? q->root : q.error().message()));

  // An mq root with one queue's qdisc replaced: the children in class order.
  run("tc qdisc replace dev vt0 root handle 1: mq");
  run("tc qdisc replace dev vt0 parent 1:2 pfifo");
  q = netlink_qdisc_state("vt0");
  check(q.ok() && q->root == "mq", "mq root: " + (q ? q->root : q.error().message()));
  if (q) {
    check(q->children.size() == 4, "four per-queue children: " + joined(q->children));
    check(q->children.size() == 4 && q->children[1] == "pfifo" && q->children[0] != "pfifo" &&
              !q->children[0].empty() && q->children[0] == q->children[2] &&
              q->children[0] == q->children[3],
          "queue 2 runs pfifo, the others the default qdisc: " + joined(q->children));
  }
  // The peer is untouched and still down: it has only the kernel's built-in noop qdisc,
  // which the dump leaves out (TCQ_F_BUILTIN), so there is no root to report.
  Result<QdiscState> peer = netlink_qdisc_state("vt1");
  check(!peer && peer.error().err == ENOENT,
        "the down peer has no dumped root qdisc: " + (peer ? peer->root : peer.error().message()));
  Result<QdiscState> none = netlink_qdisc_state("nosuch0");
  check(!none && none.error().err == ENODEV, "an unknown interface is ENODEV");
}

}  // namespace

int main() {
  enter_namespace_with_veth();
  check_coalesce_supported();
  check_qdisc();
  return netns::finish();
}
