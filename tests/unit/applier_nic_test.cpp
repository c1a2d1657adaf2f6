// Ethtool, irq_affinity, rps, xps and rps_flow appliers.
#include <doctest/doctest.h>

#include <memory>

#include "appliers/cpu_set.h"
#include "appliers/registry.h"
#include "engine/core/memory_host_fs.h"
#include "engine/core/text.h"
#include "engine/facts/host_backend.h"
#include "probes/collect.h"

#include "tests/unit/applier_test_hosts.h"

using namespace vtune;
using namespace vtune::test;

TEST_CASE("ethtool applier: rings and channels against the driver's maxima") {
  FixtureHost host("baremetal-2s");
  const Applier& a = host.set.applier_for(KnobKind::Ethtool);
  Knob rx = knob("ethtool:eno1:ring.rx");
  Result<KnobValue> v = a.read(rx);
  REQUIRE(v);
  CHECK(v->value == 512);
  CHECK(a.equal(rx, v->value, 512));
  CHECK(a.equal(rx, v->value, "512"));
  CHECK_FALSE(a.equal(rx, v->value, 4096));
  CHECK_FALSE(a.validate(rx, 4096));
  CHECK(a.validate(rx, 4097)->find("above the maximum 4096") != std::string::npos);
  CHECK(a.validate(rx, 0));
  CHECK(a.validate(rx, -1));
  CHECK(a.validate(rx, "big"));
  CHECK(a.read(knob("ethtool:ens2f0:ring.rx"))->value == 1024);
  CHECK_FALSE(a.validate(knob("ethtool:ens2f0:ring.rx"), 8192));

  Knob combined = knob("ethtool:eno1:channels.combined");
  CHECK(a.read(combined)->value == 64);
  CHECK(a.validate(combined, 65));
  // No separate rx/tx channels: zero combined would leave the NIC without queues.
  CHECK(a.validate(combined, 0)->find("without rx or tx") != std::string::npos);
  CHECK(a.validate(knob("ethtool:eno1:channels.rx"), 4)->find("does not let") != std::string::npos);
  CHECK_FALSE(a.validate(knob("ethtool:ens2f0:channels.combined"), 48));
}

TEST_CASE("ethtool applier: coalescing and features") {
  FixtureHost host("baremetal-2s");
  const Applier& a = host.set.applier_for(KnobKind::Ethtool);
  Knob usecs = knob("ethtool:eno1:coalesce.rx_usecs");
  CHECK(a.read(usecs)->value == 1);
  CHECK_FALSE(a.validate(usecs, 50));
  Knob adaptive = knob("ethtool:eno1:coalesce.adaptive_rx");
  Result<KnobValue> none = a.read(adaptive);
  REQUIRE_FALSE(none);
  CHECK(none.error().err == ENOTSUP);
  CHECK(a.validate(adaptive, true));
  CHECK(a.equal(adaptive, 1, true));

  Knob csum = knob("ethtool:eno1:feature.rx-checksum");
  Result<KnobValue> on = a.read(csum);
  REQUIRE(on);
  CHECK(on->value == true);
  CHECK(on->raw == "on");
  CHECK(a.equal(csum, on->value, "on"));
  CHECK(a.equal(csum, on->value, true));
  CHECK_FALSE(a.equal(csum, on->value, "off"));
  CHECK_FALSE(a.validate(csum, false));
  CHECK(a.validate(csum, "maybe"));

  Knob fixed = knob("ethtool:eno1:feature.tx-checksum-ipv4");
  CHECK(a.validate(fixed, true)->find("fixed off") != std::string::npos);
  CHECK_FALSE(a.validate(fixed, false));  // already so: nothing to change
  CHECK(a.validate(knob("ethtool:eno1:feature.no-such-feature"), true));
}

TEST_CASE("ethtool applier: missing snapshot and malformed data") {
  MemoryHost mem;
  mem.fs.add_file("/.vtune/ethtool/eth9.json", "{\"ring\": ");
  const Applier& a = mem.set.applier_for(KnobKind::Ethtool);
  CHECK_FALSE(a.read(knob("ethtool:eth0:ring.rx")));
  CHECK_FALSE(a.read(knob("ethtool:eth9:ring.rx")));
  CHECK(a.validate(knob("ethtool:eth0:ring.rx"), 1024));
}

TEST_CASE("irq_affinity applier: the queue's interrupt from the facts") {
  FixtureHost host("baremetal-2s");
  const Applier& a = host.set.applier_for(KnobKind::IrqAffinity);
  REQUIRE(host.facts["nics"][0]["name"] == "eno1");
  REQUIRE(host.facts["nics"][0]["irqs"].size() > 3);
  int64_t irq = host.facts["nics"][0]["irqs"][3]["irq"].get<int64_t>();
  Knob q3 = knob("irq_affinity:eno1:3");
  Result<KnobValue> v = a.read(q3);
  REQUIRE(v);
  Result<std::string> file =
      host.backend.fs().read_file("/proc/irq/" + std::to_string(irq) + "/smp_affinity_list");
  REQUIRE(file);
  CHECK(v->value == std::string(trim(*file)));
  CHECK(v->value == "0-95");
  CHECK(a.equal(q3, v->value, "0-95"));
  CHECK(a.equal(q3, v->value, "0-47,48-95"));
  CHECK(a.equal(q3, v->value, "ffffffff,ffffffff,ffffffff"));  // a mask is accepted too
  CHECK_FALSE(a.equal(q3, v->value, "3"));
  CHECK(a.equal(q3, "3", Json::array({3})));

  CHECK_FALSE(a.validate(q3, "3"));
  CHECK_FALSE(a.validate(q3, "24-47,72-95"));
  CHECK(a.validate(q3, "96")->find("not online") != std::string::npos);
  CHECK(a.validate(q3, "")->find("empty") != std::string::npos);
  CHECK(a.validate(q3, "three"));

  Result<KnobValue> none = a.read(knob("irq_affinity:eno1:999"));
  REQUIRE_FALSE(none);
  CHECK(none.error().err == ENOENT);
  CHECK_FALSE(a.read(knob("irq_affinity:eth7:0")));
}

TEST_CASE("rps/xps appliers: masks compared as CPU sets") {
  FixtureHost host("baremetal-2s");
  const Applier& rps = host.set.applier_for(KnobKind::Rps);
  const Applier& xps = host.set.applier_for(KnobKind::Xps);
  Knob r0 = knob("rps:eno1:0");
  Result<KnobValue> off = rps.read(r0);
  REQUIRE(off);
  CHECK(off->value == "00000000,00000000,00000000");
  CHECK(rps.equal(r0, off->value, "0"));
  CHECK(rps.equal(r0, off->value, ""));
  CHECK_FALSE(rps.equal(r0, off->value, "0-7"));

  Knob x1 = knob("xps:eno1:1");
  Result<KnobValue> one = xps.read(x1);
  REQUIRE(one);
  CHECK(xps.equal(x1, one->value, "2"));    // a mask: CPU 1
  CHECK(xps.equal(x1, one->value, "1-1"));  // a cpulist: CPU 1
  CHECK(xps.equal(x1, one->value, Json::array({1})));
  CHECK_FALSE(xps.equal(x1, one->value, "1"));  // a mask: CPU 0
  CHECK(xps.equal(x1, "ff", "00,000000ff"));
  CHECK(xps.equal(x1, "ff", "0-7"));

  CHECK_FALSE(rps.validate(r0, "ffffffff,ffffffff,ffffffff"));
  CHECK_FALSE(rps.validate(r0, "0"));  // an empty mask turns RPS off
  CHECK(rps.validate(r0, "1,00000000,00000000,00000000")->find("96") != std::string::npos);
  CHECK(rps.validate(r0, "xyz"));
  CHECK_FALSE(rps.read(knob("rps:eno1:64")));
}

TEST_CASE("rps_flow applier: the kernel rounds the table to a power of two") {
  FixtureHost host("baremetal-2s");
  const Applier& a = host.set.applier_for(KnobKind::RpsFlow);
  Knob k = knob("rps_flow:eno1:0");
  Result<KnobValue> v = a.read(k);
  REQUIRE(v);
  CHECK(v->value == 0);
  CHECK(a.equal(k, v->value, 0));
  CHECK_FALSE(a.equal(k, v->value, 512));
  CHECK(a.equal(k, 8192, 5461));
  CHECK(a.equal(k, 512, "512"));
  CHECK_FALSE(a.equal(k, 4096, 5461));
  CHECK_FALSE(a.validate(k, 512));
  CHECK(a.validate(k, -1));
  CHECK(a.validate(k, 2147483648LL));
}

TEST_CASE("rps applier: unreadable and malformed queue files") {
  MemoryHost mem;
  mem.fs.add_error("/sys/class/net/eth0/queues/rx-0/rps_cpus", EACCES);
  mem.fs.add_file("/sys/class/net/eth0/queues/rx-1/rps_cpus", "zz\n");
  mem.fs.add_file("/sys/class/net/eth0/queues/rx-1/rps_flow_cnt", "lots\n");
  const Applier& a = mem.set.applier_for(KnobKind::Rps);
  Result<KnobValue> denied = a.read(knob("rps:eth0:0"));
  REQUIRE_FALSE(denied);
  CHECK(denied.error().err == EACCES);
  CHECK_FALSE(a.read(knob("rps:eth0:1")));
  CHECK_FALSE(mem.set.applier_for(KnobKind::RpsFlow).read(knob("rps_flow:eth0:1")));
  // No online file and no NUMA facts: only the syntax can be checked.
  CHECK_FALSE(a.validate(knob("rps:eth0:0"), "ffff"));
}

TEST_CASE("cpu sets: native form first, then the other") {
  CHECK(facts_to_cpus("0-3", CpuSetForm::Mask) == std::vector<int>{0, 1, 2, 3});
  CHECK(facts_to_cpus("f", CpuSetForm::Mask) == std::vector<int>{0, 1, 2, 3});
  CHECK(facts_to_cpus("f", CpuSetForm::List) == std::vector<int>{0, 1, 2, 3});
  CHECK(facts_to_cpus("10", CpuSetForm::List) == std::vector<int>{10});
  CHECK(facts_to_cpus("10", CpuSetForm::Mask) == std::vector<int>{4});
  CHECK(facts_to_cpus(Json::array({3, 1, 3}), CpuSetForm::List) == std::vector<int>{1, 3});
  CHECK_FALSE(facts_to_cpus(Json::array({-1}), CpuSetForm::List));
  CHECK_FALSE(facts_to_cpus(5, CpuSetForm::List));
  CHECK_FALSE(facts_to_cpus("0-3,x", CpuSetForm::List));

  MemoryHostFs fs;
  Facts facts = {
      {"numa",
       {{"nodes", Json::array({{{"id", 0}, {"cpus", {0, 1}}}, {{"id", 1}, {"cpus", {2, 3}}}})}}}};
  CHECK(online_cpus(fs, facts) == std::vector<int>{0, 1, 2, 3});
  fs.add_file("/sys/devices/system/cpu/online", "0-1\n");
  CHECK(online_cpus(fs, facts) == std::vector<int>{0, 1});
  CHECK(cpu_set_problem({2}, fs, facts, false));
  CHECK_FALSE(online_cpus(MemoryHostFs{}, Json::object()));
}
