#pragma once
// path=veth for the network benchmarks: a veth pair from the namespace vtune runs in (the one
// being tuned) to a peer network namespace of the session's own, so the traffic crosses a
// real device (its qdisc, XPS on transmit, RPS and GRO on receive) instead of loopback.
//
// The peer namespace is made by a short-lived thread (unshare(CLONE_NEWNET) on that thread
// only) and kept alive by a descriptor of it; the pair is created over rtnetlink
// (engine/core/netlink_socket.h), one end moved into the peer, addresses from the 198.18.0.0/15
// benchmarking range (RFC 2544), one /30 per session. The destructor deletes the pair and
// drops the namespace, also after a failed measurement; if vtune is killed, the kernel
// destroys the namespace with its last descriptor, and the veth end in it takes the other
// end with it. Needs CAP_NET_ADMIN: without it, a BenchError that says so.
#include <netinet/in.h>

#include <functional>
#include <string>

#include "bench/fd.h"

namespace vtune::bench {

class VethPath {
 public:
  VethPath();  // throws BenchError
  ~VethPath();
  VethPath(const VethPath&) = delete;
  VethPath& operator=(const VethPath&) = delete;

  in_addr local_address() const;  // the end in vtune's namespace: the clients
  in_addr peer_address() const;   // the end in the peer namespace: the servers
  const std::string& local_name() const { return local_; }
  const std::string& peer_name() const { return peer_; }

  // Runs fn on a new thread that has joined the peer namespace (setns on that thread only)
  // and waits for it; rethrows what fn throws. A socket fn creates stays in the peer.
  void in_peer(const std::function<void()>& fn) const;

 private:
  void remove();  // deletes the pair (once)

  UniqueFd peer_ns_;
  std::string local_, peer_;
  uint32_t subnet_ = 0;  // host order, the /30's network address
  bool created_ = false;
};

}  // namespace vtune::bench
