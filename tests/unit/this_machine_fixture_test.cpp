// The `this-machine` fixture is `vtune snapshot --no-proc-sys` of the development VM (a
// Firecracker KVM guest on AMD EPYC that itself runs PVM, KVM without VT-x/AMD-V). Its facts
// are checked field by field against what that machine really is, so a probe that
// misreads a real kernel's layout (rather than a hand-built fixture's) fails here.
#include <doctest/doctest.h>

#include "engine/facts/host_backend.h"
#include "probes/collect.h"

namespace vtune {
namespace {

struct Collected {
  Facts facts;
  Warnings warnings;
};

Collected this_machine() {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/this-machine");
  Collected c;
  c.facts = collect_facts(backend.host(), ProbeOptions{}, c.warnings);
  return c;
}

}  // namespace

TEST_CASE("this-machine snapshot: cpu, virt, numa, memory, kernel") {
  Collected c = this_machine();
  const Json& f = c.facts;
  CHECK(f["kernel"]["release"] == "6.18.44-fc-v657");
  CHECK(f["cpu"]["vendor"] == "AuthenticAMD");
  CHECK(f["cpu"]["sockets"] == 1);
  CHECK(f["cpu"]["cores"] == 2);
  CHECK(f["cpu"]["threads"] == 2);
  CHECK(f["cpu"]["online"] == "0-1");
  CHECK(f["cpu"]["hw_virt"] == "none");  // no svm flag passed through to the guest
  CHECK(f["cpu"]["npt"] == false);
  CHECK(f["cpu"]["governor"].is_null());  // no cpufreq in a guest

  CHECK(f["virt"]["hypervisor"] == "kvm");
  CHECK(f["virt"]["guest"] == true);
  CHECK(f["virt"]["container"] == "docker");  // the image keeps a /.dockerenv
  CHECK(f["virt"]["kvm_host"] == true);       // /dev/kvm answers, through PVM
  CHECK(f["virt"]["kvm"]["module"] == "kvm_pvm");
  CHECK(f["virt"]["kvm"]["npt"].is_null());

  CHECK(f["iommu"]["enabled"] == false);
  REQUIRE(f["numa"]["nodes"].size() == 1);
  CHECK(f["numa"]["nodes"][0]["cpulist"] == "0-1");
  CHECK(f["numa"]["nodes"][0]["mem_total"] == int64_t{17656020} * 1024);
  CHECK(f["memory"]["total"] == int64_t{24684092} * 1024);
  CHECK(f["memory"]["thp"] == "madvise");
  CHECK(f["memory"]["hugepages"]["size"] == 2 * 1024 * 1024);
}

TEST_CASE("this-machine snapshot: NICs, disks, docker") {
  Collected c = this_machine();
  const Json& f = c.facts;
  REQUIRE(f["nics"].size() == 3);
  const Json& eth0 = f["nics"][0];
  CHECK(eth0["name"] == "eth0");
  CHECK(eth0["driver"] == "virtio_net");
  CHECK(eth0["pci"] == "0000:00:03.0");
  CHECK(eth0["mtu"] == 1400);
  CHECK(eth0["virtual"] == false);
  CHECK(eth0["speed"].is_null());  // virtio reports no link speed
  CHECK(eth0["queues"]["rx"] == 1);
  CHECK(eth0["rps_cpus"].size() == 1);
  CHECK(eth0["ring"]["rx"] == 256);
  CHECK(eth0["ring"]["rx_max"] == 256);
  CHECK(eth0["channels"]["combined_max"] == 1);
  for (int i : {1, 2}) {
    CHECK(f["nics"][i]["name"] == "ifb" + std::to_string(i - 1));
    CHECK(f["nics"][i]["virtual"] == true);
    CHECK(f["nics"][i]["driver"].is_null());
  }

  REQUIRE(f["disks"].size() == 1);
  const Json& vda = f["disks"][0];
  CHECK(vda["name"] == "vda");
  CHECK(vda["driver"] == "virtio_blk");
  CHECK(vda["nvme"] == false);
  CHECK(vda["rotational"] == true);
  CHECK(vda["scheduler"] == "mq-deadline");
  CHECK(vda["hw_queues"] == 1);
  CHECK(vda["size"] == int64_t{256} << 30);

  CHECK(f["docker"]["installed"] == true);
  CHECK(f["docker"]["running"] == false);
  CHECK(f["docker"]["daemon_json_path"] == "/etc/docker/daemon.json");
  CHECK(f["docker"]["overlay"]["mounts"].empty());
}

}  // namespace vtune
