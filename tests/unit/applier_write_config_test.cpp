// The write side of the config-file appliers (modprobe, daemon_json, vmx): capture, write,
// read back, restore byte for byte; what each keeps of the file; what each refuses.
#include <doctest/doctest.h>

#include <memory>

#include "appliers/appliers.h"
#include "appliers/modprobe_conf.h"
#include "engine/core/memory_host_fs.h"

#include "tests/unit/applier_test_hosts.h"

using namespace vtune;
using namespace vtune::test;

namespace {

// An in-memory host whose appliers may write.
struct WritableHost {
  MemoryHostFs fs;
  Facts facts = Json::object();
  std::unique_ptr<EthtoolPort> ethtool = make_snapshot_ethtool(fs);
  ApplierContext ctx{fs, *ethtool, facts, &fs, nullptr};
  ApplierContext read_only{fs, *ethtool, facts};
};

std::string file_or(const MemoryHostFs& fs, const std::string& path, std::string fallback = "-") {
  auto it = fs.files().find(path);
  return it == fs.files().end() ? fallback : it->second;
}

// capture -> write -> read back -> restore, and the file is what it was, byte for byte.
void round_trip(WritableHost& h, const Applier& a, const Knob& k, const Json& desired,
                const std::string& path) {
  std::string original = file_or(h.fs, path);
  Result<BeforeImage> before = a.capture(k);
  REQUIRE_MESSAGE(before, before.error().message());
  Result<WriteEffect> done = a.write(k, desired);
  REQUIRE_MESSAGE(done, done.error().message());
  CHECK_FALSE(done->activation.empty());
  CHECK(file_or(h.fs, path) != original);
  Result<void> back = a.restore(k, *before);
  REQUIRE_MESSAGE(back, back.error().message());
  CHECK(file_or(h.fs, path) == original);
}

}  // namespace

TEST_CASE("modprobe write: a new vtune file, merged per module, removed by restore") {
  WritableHost h;
  h.fs.add_file("/sys/module/kvm_intel/initstate", "live\n");
  h.fs.add_file("/sys/module/kvm_intel/refcnt", "0\n");
  h.fs.add_file("/sys/module/kvm_intel/parameters/nested", "N\n");
  REQUIRE(h.fs.make_dirs("/etc/modprobe.d", 0755));
  std::unique_ptr<Applier> a = make_modprobe_applier(h.ctx);
  Knob nested = knob("modprobe:kvm_intel:nested");
  const std::string path(kVtuneModprobeConf);

  Result<Target> t = a->resolve(nested);
  REQUIRE(t);
  CHECK(t->path == path);
  Result<BeforeImage> before = a->capture(nested);
  REQUIRE(before);
  CHECK(before->value == "N");
  REQUIRE(before->files.size() == 1);
  CHECK_FALSE(before->files[0].existed);

  Result<WriteEffect> w = a->write(nested, 1);
  REQUIRE_MESSAGE(w, w.error().message());
  CHECK(w->activation == "module reload (modprobe -r kvm_intel; modprobe kvm_intel) or reboot");
  REQUIRE(a->write(knob("modprobe:kvm_intel:enable_apicv"), "N"));
  REQUIRE(a->write(knob("modprobe:vmw_pvscsi:cmd_per_lun"), 254));
  REQUIRE(a->write(knob("modprobe:kvm_intel:nested"), 0));  // replaced in place
  std::string text = file_or(h.fs, path);
  CHECK(text.find("# Written by vtune") == 0);
  CHECK(text.substr(text.find("\noptions") + 1) ==
        "options kvm_intel nested=0 enable_apicv=N\n"
        "options vmw_pvscsi cmd_per_lun=254\n");
  CHECK(h.fs.mode(path)->perms == 0644);
  // The runtime value is untouched until a reload; the persisted one is what was written.
  CHECK(a->read(nested)->value == "N");
  CHECK(a->persisted(nested)->value == "0");
  CHECK(a->persisted(nested)->file == path);

  REQUIRE(a->restore(nested, *before));
  CHECK(file_or(h.fs, path) == "-");
  CHECK(h.fs.writes().back().op == FsOp::Remove);
}

TEST_CASE("modprobe write: another file's layout survives, and restore is byte-identical") {
  WritableHost h;
  const std::string path(kVtuneModprobeConf);
  std::string original =
      "# site notes\r\n"
      "options kvm_intel ept=1 \\\r\n"
      "   nested=0\r\n"
      "blacklist pcspkr\r\n"
      "options kvm-intel nested=1\r\n"
      "options vmw_pvscsi ring_pages=32";
  h.fs.add_file(path, original, 0640);
  std::unique_ptr<Applier> a = make_modprobe_applier(h.ctx);
  round_trip(h, *a, knob("modprobe:kvm_intel:nested"), "Y", path);
  CHECK(h.fs.mode(path)->perms == 0640);

  REQUIRE(a->write(knob("modprobe:kvm_intel:nested"), "Y"));
  CHECK(file_or(h.fs, path) ==
        "# site notes\r\n"
        "options kvm_intel ept=1 nested=Y\r\n"
        "blacklist pcspkr\r\n"
        "options vmw_pvscsi ring_pages=32");
  REQUIRE(a->write(knob("modprobe:e1000e:InterruptThrottleRate"), "3 3"));
  CHECK(file_or(h.fs, path).substr(file_or(h.fs, path).rfind("32")) ==
        "32\r\noptions e1000e InterruptThrottleRate=\"3 3\"\r\n");
  CHECK(h.fs.mode(path)->perms == 0640);
}

TEST_CASE("modprobe write: reboot when in use, refused when built in or read-only") {
  WritableHost h;
  REQUIRE(h.fs.make_dirs("/etc/modprobe.d", 0755));
  h.fs.add_file("/sys/module/kvm/initstate", "live\n");
  h.fs.add_file("/sys/module/kvm/refcnt", "1\n");
  h.fs.add_file("/sys/module/tcp_cubic/parameters/hystart", "1\n");
  h.facts["kernel"] = {{"release", "6.1.0-18-amd64"}};
  h.fs.add_file("/lib/modules/6.1.0-18-amd64/modules.builtin",
                "kernel/fs/ext4/ext4.ko\nkernel/net/ipv4/tcp_cubic.ko\n");
  std::unique_ptr<Applier> a = make_modprobe_applier(h.ctx);
  Result<WriteEffect> w = a->write(knob("modprobe:kvm:halt_poll_ns"), 0);
  REQUIRE(w);
  CHECK(w->activation == "reboot");
  Result<WriteEffect> absent = a->write(knob("modprobe:ixgbe:allow_unsupported_sfp"), 1);
  REQUIRE(absent);
  CHECK(absent->activation == "next load of the module (modprobe ixgbe) or reboot");

  Knob builtin = knob("modprobe:tcp_cubic:hystart");
  REQUIRE(a->validate(builtin, 0));
  CHECK(a->validate(builtin, 0)->find("kernel command line") != std::string::npos);
  h.fs.clear_ops();
  Result<WriteEffect> refused = a->write(builtin, 0);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().err == EINVAL);
  CHECK(h.fs.writes().empty());

  std::unique_ptr<Applier> ro = make_modprobe_applier(h.read_only);
  CHECK(ro->write(knob("modprobe:kvm:halt_poll_ns"), 1).error().err == EROFS);
}

TEST_CASE("modprobe write: a failed replace leaves the file as it was") {
  WritableHost h;
  const std::string path(kVtuneModprobeConf);
  h.fs.add_file(path, "options kvm nested=1\n");
  std::unique_ptr<Applier> a = make_modprobe_applier(h.ctx);
  h.fs.fail_nth_write(1, EIO);
  Result<WriteEffect> w = a->write(knob("modprobe:kvm:nested"), 0);
  REQUIRE_FALSE(w);
  CHECK(w.error().err == EIO);
  CHECK(file_or(h.fs, path) == "options kvm nested=1\n");
}

TEST_CASE("daemon_json write: unknown keys, their order and the indentation are kept") {
  WritableHost h;
  const std::string path = "/etc/docker/daemon.json";
  std::string original =
      "{\n"
      "    \"zeta\": {\"x-vendor\": true},\n"
      "    \"log-opts\": {\"max-file\": \"3\"},\n"
      "    \"alpha\": [1, 2]\n"
      "}\n";
  h.fs.add_file(path, original, 0600);
  std::unique_ptr<Applier> a = make_daemon_json_applier(h.ctx);
  Knob size = knob("daemon_json:log-opts.max-size");
  round_trip(h, *a, size, "100m", path);
  CHECK(h.fs.mode(path)->perms == 0600);

  Result<BeforeImage> before = a->capture(size);
  REQUIRE(before);
  REQUIRE(before->files.size() == 2);  // daemon.json and its backup
  CHECK(before->files[1].path == path + ".vtune-bak");
  CHECK_FALSE(before->files[1].existed);

  Result<WriteEffect> w = a->write(size, "100m");
  REQUIRE(w);
  CHECK(file_or(h.fs, path) ==
        "{\n"
        "    \"zeta\": {\n"
        "        \"x-vendor\": true\n"
        "    },\n"
        "    \"log-opts\": {\n"
        "        \"max-file\": \"3\",\n"
        "        \"max-size\": \"100m\"\n"
        "    },\n"
        "    \"alpha\": [\n"
        "        1,\n"
        "        2\n"
        "    ]\n"
        "}\n");
  CHECK(a->read(size)->value == "100m");
  // The backup is the file as it was, written before the replace, named in the result.
  CHECK(file_or(h.fs, path + ".vtune-bak") == original);
  CHECK(h.fs.mode(path + ".vtune-bak")->perms == 0600);
  CHECK(w->note.find(path + ".vtune-bak") != std::string::npos);
  std::vector<FsOpRecord> writes = h.fs.writes();
  REQUIRE(writes.size() >= 2);
  CHECK(writes[writes.size() - 2].path == path + ".vtune-bak");
  CHECK(writes.back().path == path);

  REQUIRE(a->restore(size, *before));
  CHECK(file_or(h.fs, path) == original);
  CHECK(file_or(h.fs, path + ".vtune-bak") == "-");
}

TEST_CASE("daemon_json write: a key holding dots survives, and one can be set") {
  WritableHost h;
  const std::string path = "/etc/docker/daemon.json";
  h.fs.add_file(path,
                R"({"runtimes": {"io.containerd.runc.v2": {"path": "runc"}}, "debug": false})");
  std::unique_ptr<Applier> a = make_daemon_json_applier(h.ctx);
  REQUIRE(a->write(knob("daemon_json:debug"), true));
  Json after = Json::parse(file_or(h.fs, path));
  CHECK(after == Json::parse(R"({"runtimes": {"io.containerd.runc.v2": {"path": "runc"}},
                                 "debug": true})"));
  CHECK(file_or(h.fs, path).find('\n') == file_or(h.fs, path).size() - 1);  // one line stays one

  Knob path_key = knob(R"(daemon_json:runtimes.io\.containerd\.runc\.v2.path)");
  REQUIRE(a->write(path_key, "/usr/bin/runc"));
  after = Json::parse(file_or(h.fs, path));
  CHECK(after["runtimes"].size() == 1);
  CHECK(after["runtimes"]["io.containerd.runc.v2"]["path"] == "/usr/bin/runc");
  CHECK_FALSE(after.contains("io"));
  CHECK(a->read(path_key)->value == "/usr/bin/runc");
}

TEST_CASE("daemon_json write: a file that does not parse is never overwritten") {
  WritableHost h;
  const std::string path = "/etc/docker/daemon.json";
  std::string broken = "{\n  \"debug\": true,\n}\n";
  h.fs.add_file(path, broken);
  std::unique_ptr<Applier> a = make_daemon_json_applier(h.ctx);
  Knob debug = knob("daemon_json:debug");
  h.fs.clear_ops();
  Result<BeforeImage> before = a->capture(debug);
  REQUIRE_FALSE(before);
  Result<WriteEffect> w = a->write(debug, false);
  REQUIRE_FALSE(w);
  CHECK(w.error().message().find("mem:/etc/docker/daemon.json:2:16") != std::string::npos);
  CHECK(file_or(h.fs, path) == broken);
  CHECK(h.fs.writes().empty());
  CHECK(file_or(h.fs, path + ".vtune-bak") == "-");
}

TEST_CASE("daemon_json write: a failed replace leaves the original") {
  WritableHost h;
  const std::string path = "/etc/docker/daemon.json";
  std::string original = "{\"log-driver\": \"json-file\"}";
  h.fs.add_file(path, original);
  std::unique_ptr<Applier> a = make_daemon_json_applier(h.ctx);
  Knob driver = knob("daemon_json:log-driver");
  h.fs.fail_nth_write(2, EIO);  // the backup succeeds; the replace of daemon.json fails
  Result<WriteEffect> w = a->write(driver, "local");
  REQUIRE_FALSE(w);
  CHECK(w.error().err == EIO);
  CHECK(file_or(h.fs, path) == original);
  h.fs.clear_faults();
  h.fs.fail_nth_write(1, ENOSPC);  // the backup fails: nothing else is attempted
  h.fs.clear_ops();
  CHECK(a->write(driver, "local").error().err == ENOSPC);
  CHECK(file_or(h.fs, path) == original);
  CHECK(h.fs.writes().size() == 1);
}

TEST_CASE("daemon_json write: reload or restart, and flags that would stop dockerd") {
  WritableHost h;
  h.fs.add_file("/etc/docker/daemon.json", "{}");
  std::unique_ptr<Applier> a = make_daemon_json_applier(h.ctx);
  CHECK(a->write(knob("daemon_json:debug"), true)->activation == "dockerd reload (SIGHUP)");
  CHECK(a->write(knob("daemon_json:log-opts.max-size"), "10m")->activation ==
        "dockerd restart (running containers stop: live-restore is off)");
  CHECK(a->write(knob("daemon_json:live-restore"), true)->activation == "dockerd reload (SIGHUP)");
  CHECK(a->write(knob("daemon_json:log-opts.max-size"), "20m")->activation ==
        "dockerd restart (live-restore is on: running containers keep running)");
  h.facts["docker"] = {{"daemon_running", false}, {"daemon_flags", {{"storage-driver", "btrfs"}}}};
  CHECK(a->write(knob("daemon_json:log-opts.max-size"), "30m")->activation == "next dockerd start");
  std::optional<std::string> why = a->validate(knob("daemon_json:storage-driver"), "overlay2");
  REQUIRE(why);
  CHECK(why->find("both a command-line flag") != std::string::npos);
  // A missing file is created; restore removes it again.
  h.fs.add_file("/srv/docker/.keep", "");
  h.facts["docker"]["daemon_json_path"] = "/srv/docker/daemon.json";
  round_trip(h, *a, knob("daemon_json:debug"), true, "/srv/docker/daemon.json");
  CHECK(file_or(h.fs, "/srv/docker/daemon.json.vtune-bak") == "-");
}

TEST_CASE("vmx write: only the managed keys change; comments, blanks and order stay") {
  WritableHost h;
  const std::string path = "/vmfs/volumes/ds1/web01/web01.vmx";
  std::string original =
      ".encoding = \"UTF-8\"\r\n"
      "# managed by the VM team\r\n"
      "numvcpus = \"4\"\r\n"
      "\r\n"
      "ethernet0.virtualDev = \"e1000\"   # legacy\r\n"
      "memSize = 8192\r\n";
  h.fs.add_file(path, original, 0755);
  std::unique_ptr<Applier> a = make_vmx_applier(h.ctx);
  Knob dev = knob("vmx:" + path + ":ethernet0.virtualDev");
  round_trip(h, *a, dev, "vmxnet3", path);

  Result<WriteEffect> w = a->write(dev, "vmxnet3");
  REQUIRE(w);
  CHECK(w->activation ==
        "VM power cycle (the VM must be powered off to edit; the change takes effect at next "
        "power-on)");
  REQUIRE(a->write(knob("vmx:" + path + ":scsi0:0.virtualSSD"), true));
  REQUIRE(a->write(knob("vmx:" + path + ":MEMSIZE"), 16384));
  CHECK(file_or(h.fs, path) ==
        ".encoding = \"UTF-8\"\r\n"
        "# managed by the VM team\r\n"
        "numvcpus = \"4\"\r\n"
        "\r\n"
        "ethernet0.virtualDev = \"vmxnet3\"   # legacy\r\n"
        "memSize = 16384\r\n"
        "scsi0:0.virtualSSD = \"TRUE\"\r\n");
  CHECK(h.fs.mode(path)->perms == 0755);
  CHECK(a->read(dev)->value == "vmxnet3");
}

TEST_CASE("vmx write: refused while the VM runs (.lck file or directory)") {
  WritableHost h;
  const std::string path = "/vm/db/db.vmx";
  std::string original = "numvcpus = \"2\"\n";
  h.fs.add_file(path, original);
  std::unique_ptr<Applier> a = make_vmx_applier(h.ctx);
  Knob cpus = knob("vmx:" + path + ":numvcpus");
  Result<BeforeImage> before = a->capture(cpus);
  REQUIRE(before);

  h.fs.add_file(path + ".lck", "");
  h.fs.clear_ops();
  Result<WriteEffect> w = a->write(cpus, 4);
  REQUIRE_FALSE(w);
  CHECK(w.error().err == EBUSY);
  CHECK(w.error().message().find("powered on") != std::string::npos);
  CHECK(a->restore(cpus, *before).error().err == EBUSY);
  CHECK(h.fs.writes().empty());
  REQUIRE(h.fs.remove(path + ".lck"));

  REQUIRE(h.fs.make_dirs(path + ".lck", 0755));  // VMware's lock is a directory on VMFS
  h.fs.clear_ops();
  CHECK(a->write(cpus, 4).error().err == EBUSY);
  CHECK(h.fs.writes().empty());
  CHECK(file_or(h.fs, path) == original);
}

TEST_CASE("vmx write: a failed replace leaves the original; read-only runs refuse") {
  WritableHost h;
  const std::string path = "/vm/db/db.vmx";
  std::string original = "numvcpus = \"2\"\n";
  h.fs.add_file(path, original);
  std::unique_ptr<Applier> a = make_vmx_applier(h.ctx);
  h.fs.fail_nth_write(1, EIO);
  CHECK(a->write(knob("vmx:" + path + ":numvcpus"), 4).error().err == EIO);
  CHECK(file_or(h.fs, path) == original);
  std::unique_ptr<Applier> ro = make_vmx_applier(h.read_only);
  CHECK(ro->write(knob("vmx:" + path + ":numvcpus"), 4).error().err == EROFS);
  CHECK(file_or(h.fs, path) == original);
  // A missing .vmx is not created.
  CHECK(a->write(knob("vmx:/vm/none/none.vmx:numvcpus"), 4).error().err == ENOENT);
}
