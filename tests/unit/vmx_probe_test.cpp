#include <doctest/doctest.h>

#include <set>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

struct VmxRun {
  Json vmx;
  Warnings warnings;
};

VmxRun run_vmx(HostBackend& backend, std::vector<std::string> files) {
  VmxRun run;
  ProbeOptions options;
  options.vmx_files = std::move(files);
  ProbeContext ctx(backend.host(), options, run.warnings);
  Facts facts = Json::object();
  kVmxProbe.collect(ctx, facts);
  run.vmx = facts["vmx"];
  return run;
}

VmxRun run_memory(std::string path, std::string text) {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file(path, std::move(text));
  HostBackend backend("mem", std::move(fs));
  return run_vmx(backend, {path});
}

bool warned(const Warnings& w, std::string_view path_part, std::string_view message_part) {
  for (const Warning& x : w.items())
    if (x.path.find(path_part) != std::string::npos &&
        x.message.find(message_part) != std::string::npos)
      return true;
  return false;
}

void check_schema(const Json& j, const std::string& path) {
  std::set<std::string_view> declared;
  for (const FactField& f : kVmxProbe.schema) declared.insert(f.path);
  INFO("emitted key not in the schema: ", path);
  CHECK(declared.count(path) == 1);
  if (path.ends_with(".entries")) return;  // map<string,string>: free keys
  auto children = [&](const Json& map, const std::string& prefix) {
    for (auto it = map.begin(); it != map.end(); ++it) check_schema(*it, prefix + "." + it.key());
  };
  if (j.is_object()) children(j, path);
  if (j.is_array())
    for (const Json& e : j)
      if (e.is_object()) children(e, path + "[]");
}

constexpr const char* kWeb = "/vmfs/volumes/datastore1/web01/web01.vmx";
constexpr const char* kDb = "/vmfs/volumes/datastore1/db01/db01.vmx";

}  // namespace

TEST_CASE("vmx probe: vmware-guest fixture files") {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/vmware-guest");
  VmxRun r = run_vmx(backend, {kWeb, kDb});
  CHECK(r.warnings.empty());
  REQUIRE(r.vmx.size() == 2);
  check_schema(r.vmx, "vmx");

  const Json& web = r.vmx[0];
  CHECK(web["path"] == kWeb);
  CHECK(web["error"].is_null());
  CHECK(web["numvcpus"] == 4);
  CHECK(web["memsize"] == int64_t{8} << 30);
  CHECK(web["cores_per_socket"] == 4);
  CHECK(web["vcpu_hotadd"] == false);
  CHECK(web["entries"]["virtualhw.version"] == "19");
  CHECK(web["entries"]["guestos"] == "debian12-64");
  CHECK(web["entries"]["annotation"] == "Public web tier\nOwner: platform team");
  REQUIRE(web["nics"].size() == 2);
  CHECK(web["nics"][0] == Json{{"index", 0},
                               {"virtual_dev", "vmxnet3"},
                               {"present", true},
                               {"wake_on_pckt_rcv", true}});
  CHECK(web["nics"][1] == Json{{"index", 1},
                               {"virtual_dev", "e1000"},
                               {"present", true},
                               {"wake_on_pckt_rcv", nullptr}});
  REQUIRE(web["scsi"].size() == 1);
  CHECK(web["scsi"][0] == Json{{"index", 0}, {"virtual_dev", "lsilogic"}});
  // The SATA CD-ROM is not a disk.
  REQUIRE(web["disks"].size() == 1);
  CHECK(web["disks"][0] ==
        Json{{"key", "scsi0:0"}, {"file_name", "web01.vmdk"}, {"virtual_ssd", nullptr}});

  const Json& db = r.vmx[1];
  CHECK(db["numvcpus"] == 16);
  CHECK(db["cores_per_socket"] == 8);
  CHECK(db["memsize"] == int64_t{64} << 30);
  CHECK(db["vcpu_hotadd"] == true);
  REQUIRE(db["scsi"].size() == 2);
  CHECK(db["scsi"][0]["virtual_dev"] == "pvscsi");
  CHECK(db["scsi"][1]["virtual_dev"] == "pvscsi");
  REQUIRE(db["disks"].size() == 3);
  CHECK(db["disks"][0]["key"] == "scsi0:0");
  CHECK(db["disks"][0]["virtual_ssd"].is_null());
  CHECK(db["disks"][1]["key"] == "scsi0:1");
  CHECK(db["disks"][1]["virtual_ssd"] == true);
  CHECK(db["disks"][2]["key"] == "scsi1:0");
  CHECK(db["disks"][2]["file_name"] == "db01_2.vmdk");
  REQUIRE(db["nics"].size() == 1);
  CHECK(db["nics"][0]["virtual_dev"] == "vmxnet3");
}

TEST_CASE("vmx probe: a hand-edited file with a lost quote") {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/vmware-guest");
  VmxRun r = run_vmx(backend, {"/vmfs/volumes/datastore1/legacy01/legacy01.vmx"});
  const Json& v = r.vmx[0];
  CHECK(v["error"] == Json{{"message", "unterminated quoted value"},
                           {"line", 13},
                           {"column", 24},
                           {"code", "VT0311"}});
  CHECK(warned(r.warnings, "legacy01.vmx", "13:24: VT0311"));
  CHECK(v["numvcpus"] == 2);
  REQUIRE(v["nics"].size() == 1);
  CHECK(v["nics"][0]["virtual_dev"].is_null());  // the broken line is not read
  CHECK(v["nics"][0]["present"] == true);
  check_schema(r.vmx, "vmx");
}

TEST_CASE("vmx probe: no files given, no entries") {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/vmware-guest");
  VmxRun r = run_vmx(backend, {});
  CHECK(r.vmx == Json::array());
}

TEST_CASE("vmx probe: a missing file is all null with a warning") {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/vmware-guest");
  VmxRun r = run_vmx(backend, {"/vmfs/volumes/datastore1/gone/gone.vmx"});
  REQUIRE(r.vmx.size() == 1);
  CHECK(r.vmx[0]["path"] == "/vmfs/volumes/datastore1/gone/gone.vmx");
  for (const char* key : {"entries", "error", "numvcpus", "memsize", "cores_per_socket",
                          "vcpu_hotadd", "nics", "scsi", "disks"}) {
    CAPTURE(key);
    CHECK(r.vmx[0][key].is_null());
  }
  CHECK(warned(r.warnings, "gone.vmx", ""));
  check_schema(r.vmx, "vmx");
}

TEST_CASE("vmx probe: an unterminated quote is an error; the rest is still read") {
  VmxRun r = run_memory("/vm/a.vmx",
                        "numvcpus = \"2\"\n"
                        "memSize = \"4096\n"
                        "ethernet0.virtualDev = \"e1000e\"\n"
                        "ethernet0.present = \"TRUE\"\n"
                        "numvcpus = \"3\"\n");
  const Json& v = r.vmx[0];
  REQUIRE(v["error"].is_object());
  CHECK(v["error"] == Json{{"message", "unterminated quoted value"},
                           {"line", 2},
                           {"column", 11},
                           {"code", "VT0311"}});
  CHECK(warned(r.warnings, "/vm/a.vmx", "VT0311"));
  CHECK(warned(r.warnings, "/vm/a.vmx", "VT0312"));  // numvcpus twice
  CHECK(v["numvcpus"] == 3);
  CHECK(v["memsize"].is_null());
  CHECK(v["nics"][0]["virtual_dev"] == "e1000e");
  check_schema(r.vmx, "vmx");
}

TEST_CASE("vmx probe: values that are not numbers or booleans are null with a warning") {
  VmxRun r = run_memory("/vm/b.vmx",
                        "numvcpus = \"four\"\n"
                        "memSize = \"-1\"\n"
                        "cpuid.coresPerSocket = \"0\"\n"
                        "vcpu.hotadd = \"maybe\"\n"
                        "ethernet0.wakeOnPcktRcv = \"sometimes\"\n"
                        "scsi0:0.virtualSSD = \"0\"\n"
                        "scsi0:1.present = \"FALSE\"\n"
                        "scsi0:1.fileName = \"old.vmdk\"\n"
                        "displayName = \"caf\xe9\"\n");
  const Json& v = r.vmx[0];
  CHECK(v["numvcpus"].is_null());
  CHECK(v["memsize"].is_null());
  CHECK(v["cores_per_socket"].is_null());
  CHECK(v["vcpu_hotadd"].is_null());
  CHECK(v["nics"][0]["wake_on_pckt_rcv"].is_null());
  CHECK(v["nics"][0]["present"] == false);
  CHECK(v["nics"][0]["virtual_dev"].is_null());
  REQUIRE(v["disks"].size() == 1);  // scsi0:1 is not present
  CHECK(v["disks"][0]["virtual_ssd"] == false);
  CHECK(v["scsi"] == Json::array());
  CHECK(warned(r.warnings, "/vm/b.vmx", "numvcpus"));
  CHECK(warned(r.warnings, "/vm/b.vmx", "vcpu.hotadd"));
  // A Latin-1 byte is replaced so the facts always serialise as JSON.
  CHECK(v["entries"]["displayname"] == "caf\xef\xbf\xbd");
  CHECK_NOTHROW((void)r.vmx.dump());
}

TEST_CASE("vmx probe: enumerated values and guestOS in lower case, whatever the file says") {
  VmxRun r = run_memory("/vm/old.vmx",
                        "GUESTOS = \"Windows9Srv-64\"\nscsi0.virtualDev = \"LSILOGIC\"\n"
                        "Ethernet0.VirtualDev = \"E1000E\"\nethernet0.present = \"TRUE\"\n"
                        "sata0:0.deviceType = \"CDROM-IMAGE\"\nsata0:0.present = \"TRUE\"\n");
  REQUIRE(r.vmx.size() == 1);
  const Json& v = r.vmx[0];
  CHECK(v["guest_os"] == "windows9srv-64");
  CHECK(v["scsi"][0]["virtual_dev"] == "lsilogic");
  CHECK(v["nics"][0]["virtual_dev"] == "e1000e");
  CHECK(v["nics"][0]["present"] == true);
  CHECK(v["entries"]["scsi0.virtualdev"] == "LSILOGIC");  // entries keep the value as written
  CHECK(v["disks"] == Json::array());                     // a CD-ROM in capitals is still one
  CHECK(v["running"] == false);
  check_schema(r.vmx, "vmx");
}

TEST_CASE("vmx probe: a .vmx.lck beside the file means the VM is powered on") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/vm/a/a.vmx", "numvcpus = \"2\"\n");
  fs->add_file("/vm/a/a.vmx.lck/M12345.lck", "");  // Workstation: a directory
  fs->add_file("/vm/b/b.vmx", "numvcpus = \"2\"\n");
  fs->add_file("/vm/b/b.vmx.lck", "");  // ESXi: a file
  fs->add_file("/vm/c/c.vmx", "numvcpus = \"2\"\n");
  HostBackend backend("mem", std::move(fs));
  VmxRun r = run_vmx(backend, {"/vm/a/a.vmx", "/vm/b/b.vmx", "/vm/c/c.vmx"});
  REQUIRE(r.vmx.size() == 3);
  CHECK(r.vmx[0]["running"] == true);
  CHECK(r.vmx[1]["running"] == true);
  CHECK(r.vmx[2]["running"] == false);
}
