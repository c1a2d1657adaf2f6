// daemon.json and .vmx appliers, and the registry that holds every applier.
#include <doctest/doctest.h>

#include <memory>
#include <set>

#include "appliers/registry.h"
#include "appliers/value_text.h"
#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/collect.h"

#include "tests/unit/applier_test_hosts.h"

using namespace vtune;
using namespace vtune::test;

namespace {

constexpr const char* kWeb01 = "/vmfs/volumes/datastore1/web01/web01.vmx";

}  // namespace

TEST_CASE("registry: every knob kind has its own applier") {
  MemoryHost mem;
  std::set<const Applier*> seen;
  for (KnobKind kind : kAllKnobKinds) seen.insert(&mem.set.applier_for(kind));
  CHECK(seen.size() == std::size(kAllKnobKinds));
  // Each one answers for its kind: a sysctl the fs lacks is ENOENT, not a wrong applier's
  // complaint about the knob's shape.
  mem.fs.add_file("/proc/sys/vm/swappiness", "60\n");
  CHECK(mem.set.applier_for(KnobKind::Sysctl).read(knob("sysctl:vm.swappiness"))->value == "60");
}

TEST_CASE("daemon_json applier: container-host") {
  FixtureHost host("container-host");
  REQUIRE(host.facts["docker"]["daemon_json_path"] == "/etc/docker/daemon.json");
  const Applier& a = host.set.applier_for(KnobKind::DaemonJson);
  Knob size = knob("daemon_json:log-opts.max-size");
  Result<KnobValue> v = a.read(size);
  REQUIRE(v);
  CHECK(v->value == "10m");
  CHECK(a.equal(size, v->value, "10m"));
  CHECK_FALSE(a.equal(size, v->value, "100m"));
  CHECK_FALSE(a.equal(size, "100m", "100M"));  // strings compare exactly
  CHECK_FALSE(a.validate(size, "100m"));
  CHECK(a.validate(size, 100)->find("a string") != std::string::npos);

  CHECK(a.read(knob("daemon_json:storage-driver"))->value == "overlay2");
  CHECK(a.read(knob("daemon_json:features.buildkit"))->value == true);
  Result<KnobValue> missing = a.read(knob("daemon_json:live-restore"));
  REQUIRE(missing);
  CHECK(missing->value.is_null());
  CHECK_FALSE(a.equal(knob("daemon_json:live-restore"), missing->value, true));
  CHECK(a.read(knob("daemon_json:log-opts.max-file"))->value.is_null());
  // Under a non-object value there is nothing to read, and nothing can be set.
  CHECK(a.read(knob("daemon_json:storage-driver.x"))->value.is_null());
  CHECK(a.validate(knob("daemon_json:storage-driver.x"), 1)->find("not an object") !=
        std::string::npos);

  Knob nofile = knob("daemon_json:default-ulimits.nofile");
  Json ulimit = {{"Name", "nofile"}, {"Soft", 65536}, {"Hard", 65536}};
  CHECK_FALSE(a.validate(nofile, ulimit));
  CHECK(a.validate(knob("daemon_json:default-ulimits.nofile.Soft"), "65536"));
  CHECK(a.validate(knob("daemon_json:live-restore"), "true"));
  CHECK(a.equal(nofile, Json::parse(R"({"Hard":65536,"Name":"nofile","Soft":65536.0})"), ulimit));
  CHECK(a.persisted(size) == std::nullopt);
}

TEST_CASE("daemon_json applier: path from the facts, missing and broken files") {
  MemoryHost mem;
  mem.facts["docker"] = {{"daemon_json_path", "/srv/docker/daemon.json"}};
  mem.fs.add_file("/srv/docker/daemon.json",
                  R"({"a.b": {"c": 1}, "log-opts": {"max-size": "100m"}})");
  mem.fs.add_file("/etc/docker/daemon.json", R"({"log-opts": {"max-size": "1m"}})");
  const Applier& a = mem.set.applier_for(KnobKind::DaemonJson);
  CHECK(a.read(knob("daemon_json:log-opts.max-size"))->value == "100m");
  CHECK(a.read(knob("daemon_json:a\\.b.c"))->value == 1);

  mem.facts["docker"]["daemon_json_path"] = "/srv/docker/none.json";
  Result<KnobValue> absent = a.read(knob("daemon_json:log-opts.max-size"));
  REQUIRE(absent);  // no file is an empty configuration to dockerd
  CHECK(absent->value.is_null());

  mem.fs.add_file("/srv/docker/broken.json", "{\"debug\": true,}");
  mem.facts["docker"]["daemon_json_path"] = "/srv/docker/broken.json";
  Result<KnobValue> broken = a.read(knob("daemon_json:debug"));
  REQUIRE_FALSE(broken);
  CHECK(broken.error().message().find("invalid daemon.json") != std::string::npos);
  CHECK(a.validate(knob("daemon_json:debug"), true));

  mem.fs.add_error("/srv/docker/secret.json", EACCES);
  mem.facts["docker"]["daemon_json_path"] = "/srv/docker/secret.json";
  Result<KnobValue> denied = a.read(knob("daemon_json:debug"));
  REQUIRE_FALSE(denied);
  CHECK(denied.error().err == EACCES);
}

TEST_CASE("vmx applier: vmware-guest web01.vmx") {
  FixtureHost host("vmware-guest");
  const Applier& a = host.set.applier_for(KnobKind::Vmx);
  Knob dev = knob(std::string("vmx:") + kWeb01 + ":ethernet1.virtualDev");
  Result<KnobValue> v = a.read(dev);
  REQUIRE(v);
  CHECK(v->value == "e1000");
  CHECK_FALSE(a.equal(dev, v->value, "vmxnet3"));
  CHECK(a.equal(dev, v->value, "E1000"));  // an enumerated value: VMware reads any case
  CHECK_FALSE(a.validate(dev, "vmxnet3"));

  // Keys are case-insensitive.
  Knob wol = knob(std::string("vmx:") + kWeb01 + ":Ethernet0.WakeOnPcktRcv");
  Result<KnobValue> on = a.read(wol);
  REQUIRE(on);
  CHECK(on->value == "TRUE");
  CHECK(a.equal(wol, on->value, "true"));
  CHECK(a.equal(wol, on->value, true));
  CHECK_FALSE(a.equal(wol, on->value, "FALSE"));

  Knob ssd = knob(std::string("vmx:") + kWeb01 + ":scsi0:0.virtualSSD");
  CHECK(a.read(ssd)->value.is_null());
  CHECK_FALSE(a.equal(ssd, Json(nullptr), "1"));

  std::optional<Persisted> p = a.persisted(dev);
  REQUIRE(p);
  CHECK(p->value == "e1000");
  CHECK(p->file == kWeb01);
  CHECK(p->line > 0);

  CHECK(a.read(knob("vmx:/vmfs/volumes/datastore1/none/none.vmx:numvcpus")).error().err == ENOENT);
  CHECK(a.validate(knob("vmx:/vmfs/volumes/datastore1/none/none.vmx:numvcpus"), "4"));
}

TEST_CASE("vmx applier: repeated keys and unreadable files") {
  MemoryHost mem;
  mem.fs.add_file("/vm/a.vmx", "numvcpus = \"2\"\nmemSize = \"4096\"\nNUMVCPUS = \"8\"\n");
  mem.fs.add_error("/vm/b.vmx", EACCES);
  const Applier& a = mem.set.applier_for(KnobKind::Vmx);
  Knob cpus = knob("vmx:/vm/a.vmx:numvcpus");
  CHECK(a.read(cpus)->value == "8");  // the last one wins, as in VMware
  CHECK(a.equal(cpus, "8", 8));
  std::optional<Persisted> p = a.persisted(cpus);
  REQUIRE(p);
  CHECK(p->line == 3);
  REQUIRE(p->conflicts.size() == 1);
  CHECK(p->conflicts[0].line == 1);
  CHECK(p->conflicts[0].value == "2");

  Result<KnobValue> denied = a.read(knob("vmx:/vm/b.vmx:numvcpus"));
  REQUIRE_FALSE(denied);
  CHECK(denied.error().err == EACCES);
  CHECK(a.persisted(knob("vmx:/vm/b.vmx:numvcpus"))->unreadable.size() == 1);
  CHECK(a.validate(cpus, Json::array({1, 2})));
}

TEST_CASE("value text: desired values to kernel text") {
  CHECK(facts_to_text(Json::array({4096, 65536, 134217728})) == "4096 65536 134217728");
  CHECK(facts_to_text(true) == "1");
  CHECK(facts_to_text(1099511627776.0) == "1099511627776");
  CHECK_FALSE(facts_to_text(1.5));
  CHECK_FALSE(facts_to_text(Json(nullptr)));
  CHECK_FALSE(facts_to_text(Json::array({Json::array({1})})));
  CHECK(canonical_integer("+0010") == "10");
  CHECK(canonical_integer("-0") == "0");
  CHECK(canonical_integer("18446744073709551615") == "18446744073709551615");
  CHECK_FALSE(canonical_integer("18446744073709551616"));
  CHECK_FALSE(canonical_integer("1e3"));
  CHECK(words_equal("4096\t65536  6291456", "4096 65536 06291456"));
  CHECK_FALSE(words_equal("fq", "fq_codel"));
  CHECK(facts_to_bool("On") == true);
  CHECK(facts_to_bool(0) == false);
  CHECK_FALSE(facts_to_bool(2));
  CHECK(facts_to_int("42") == 42);
  CHECK(json_equal(Json::parse(R"({"a":1,"b":[1,{"c":2,"d":3}]})"),
                   Json::parse(R"({"b":[1.0,{"d":3,"c":2}],"a":1})")));
  CHECK_FALSE(json_equal(Json::parse("[1,2]"), Json::parse("[2,1]")));
  CHECK_FALSE(json_equal(Json::parse(R"({"a":1})"), Json::parse(R"({"a":1,"b":2})")));
  CHECK_FALSE(facts_to_int(18446744073709551615ULL));
}

TEST_CASE("vmx applier: enumerated values compare without case, paths with it") {
  MemoryHost mem;
  mem.fs.add_file("/vm/c.vmx",
                  "SCSI0.VIRTUALDEV = \"LSILOGIC\"\nethernet0.virtualDev = \"VMXNET3\"\n"
                  "scsi0:0.fileName = \"Disk.vmdk\"\nethernet0.present = \"True\"\n");
  const Applier& a = mem.set.applier_for(KnobKind::Vmx);
  Knob scsi = knob("vmx:/vm/c.vmx:scsi0.virtualDev");
  Result<KnobValue> v = a.read(scsi);
  REQUIRE(v);
  CHECK(v->value == "LSILOGIC");
  CHECK(a.equal(scsi, v->value, "lsilogic"));
  CHECK_FALSE(a.equal(scsi, v->value, "pvscsi"));
  Knob nic = knob("vmx:/vm/c.vmx:ethernet0.virtualDev");
  CHECK(a.equal(nic, a.read(nic)->value, "vmxnet3"));
  Knob file = knob("vmx:/vm/c.vmx:scsi0:0.fileName");
  CHECK_FALSE(a.equal(file, a.read(file)->value, "disk.vmdk"));
  Knob present = knob("vmx:/vm/c.vmx:ethernet0.present");
  CHECK(a.equal(present, a.read(present)->value, true));
}
