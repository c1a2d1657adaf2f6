// The docker probe's daemon facts: installed or running (not the client alone), the flags of
// dockerd's command line and unit, and what decides whether a storage driver may be set.
#include <doctest/doctest.h>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/docker_daemon.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

Facts docker_facts(std::unique_ptr<MemoryHostFs> fs) {
  HostBackend backend("/mem", std::move(fs));
  Warnings warnings;
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, warnings);
  Facts facts = Json::object();
  kDockerProbe.collect(ctx, facts);
  return facts["docker"];
}

std::unique_ptr<MemoryHostFs> base_host() {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/proc/self/mountinfo", "");
  return fs;
}

std::string nul_joined(std::initializer_list<std::string_view> args) {
  std::string out;
  for (std::string_view a : args) (out += a) += '\0';
  return out;
}

}  // namespace

TEST_CASE("dockerd flags: long, =value, shorthand clusters, booleans") {
  std::vector<DockerdFlag> f = parse_dockerd_flags(
      {"/usr/bin/dockerd", "-H", "fd://", "--storage-driver", "devicemapper",
       "--log-opt=max-size=1g", "--live-restore", "-Ds", "btrfs", "--data-root=/srv/d",
       "--default-ulimit", "nofile=1:2", "-g", "/old", "containerd-arg-not-a-flag"});
  REQUIRE(f.size() == 9);
  CHECK(f[0].key == "hosts");
  CHECK(f[0].value == "fd://");
  CHECK(f[1].key == "storage-driver");
  CHECK(f[1].value == "devicemapper");
  CHECK(f[2].key == "log-opts");
  CHECK(f[2].value == "max-size=1g");
  CHECK(f[3].key == "live-restore");
  CHECK(f[3].value == "");
  CHECK(f[4].key == "debug");
  CHECK(f[5].key == "storage-driver");
  CHECK(f[5].value == "btrfs");
  CHECK(f[6].key == "data-root");
  CHECK(f[7].key == "default-ulimits");
  CHECK(f[8].key == "data-root");
  CHECK(f[8].value == "/old");
  CHECK(dockerd_flag_value(f, "storage-driver") == "btrfs");
  CHECK(!dockerd_flag_value(f, "iptables"));
  CHECK(parse_dockerd_flags({"dockerd", "-soverlay2"})[0].value == "overlay2");
  CHECK(parse_dockerd_flags({"dockerd", "-s=zfs"})[0].value == "zfs");
}

TEST_CASE("unit ExecStart: drop-in reset, continuation, $VAR from an EnvironmentFile") {
  std::string unit =
      "[Service]\nEnvironmentFile=-/etc/default/docker\n"
      "ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n";
  std::string dropin =
      "[Service]\nExecStart=\nExecStart=/usr/sbin/dockerd \\\n  -H fd:// $DOCKER_OPTS\n";
  auto env = parse_environment_file(
      "# options\nDOCKER_OPTS=\"--storage-driver devicemapper --iptables=false\"\n");
  CHECK(env.at("DOCKER_OPTS") == "--storage-driver devicemapper --iptables=false");
  CHECK(unit_environment_files({unit, dropin}) == std::vector<std::string>{"/etc/default/docker"});
  std::vector<std::string> cmd = unit_exec_start({unit, dropin}, env);
  CHECK(cmd == std::vector<std::string>{"/usr/sbin/dockerd", "-H", "fd://", "--storage-driver",
                                        "devicemapper", "--iptables=false"});
  CHECK(unit_exec_start({unit}, {}).size() == 4);
  CHECK(unit_exec_start({"[Service]\nExecStart=\n"}, {}).empty());
  CHECK(unit_exec_start({"ExecStart=-/usr/bin/dockerd \"--label=a b\"\n"}, {}) ==
        std::vector<std::string>{"/usr/bin/dockerd", "--label=a b"});
}

TEST_CASE("docker probe: the client alone is not a daemon") {
  auto fs = base_host();
  fs->add_file("/usr/bin/docker", "ELF");
  Json d = docker_facts(std::move(fs));
  CHECK(d["installed"] == true);  // docs/facts.md: a dockerd or docker binary
  CHECK(d["daemon_installed"] == false);
  CHECK(d["daemon_running"] == false);
}

TEST_CASE(
    "docker probe: a daemon is installed by unit or binary, running by process, pid or socket") {
  for (const char* path :
       {"/usr/sbin/dockerd", "/lib/systemd/system/docker.service",
        "/usr/lib/systemd/system/docker.socket", "/etc/systemd/system/docker.service"}) {
    CAPTURE(path);
    auto fs = base_host();
    fs->add_file(path, "");
    Json d = docker_facts(std::move(fs));
    CHECK(d["daemon_installed"] == true);
    CHECK(d["daemon_running"] == false);
  }
  for (const char* path : {"/run/docker.pid", "/var/run/docker.sock"}) {
    CAPTURE(path);
    auto fs = base_host();
    fs->add_file(path, "");
    Json d = docker_facts(std::move(fs));
    CHECK(d["daemon_installed"] == false);
    CHECK(d["daemon_running"] == true);
  }
}

TEST_CASE("docker probe: storage driver from the unit's flags, other drivers' data, swarm") {
  auto fs = base_host();
  fs->add_file("/lib/systemd/system/docker.service",
               "[Service]\nEnvironmentFile=-/etc/default/docker\n"
               "ExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS\n");
  fs->add_file("/etc/default/docker", "DOCKER_OPTS=\"-s devicemapper --data-root /srv/docker\"\n");
  fs->add_file("/srv/docker/devicemapper/devicemapper/data", "");
  fs->add_file("/srv/docker/swarm/docker-state.json", "{}");
  fs->add_file("/srv/docker/vfs/.keep-not-data-but-an-entry", "");
  Json d = docker_facts(std::move(fs));
  CHECK(d["daemon_unit"] == "/lib/systemd/system/docker.service");
  CHECK(d["daemon_flags"]["storage-driver"] == "devicemapper");
  CHECK(d["storage_driver"] == "devicemapper");
  CHECK(d["storage_driver_configured"] == true);
  CHECK(d["data_root"] == "/srv/docker");
  CHECK(d["storage_data"] == Json::array({"devicemapper", "vfs"}));
  CHECK(d["swarm"] == true);
}

TEST_CASE("docker probe: nothing configured, overlay2 data only, then the containerd store") {
  auto fs = base_host();
  fs->add_file("/usr/bin/dockerd", "ELF");
  fs->add_file("/etc/docker/daemon.json", "{\"log-driver\": \"json-file\"}");
  fs->add_file("/var/lib/docker/overlay2/l/ABC", "");
  fs->add_file("/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/metadata.db", "");
  Json d = docker_facts(std::move(fs));
  CHECK(d["storage_driver"].is_null());
  CHECK(d["storage_driver_configured"] == false);
  CHECK(d["storage_data"] == Json::array({"overlay2"}));
  CHECK(d["swarm"] == false);
  CHECK(d["containerd_snapshotter"] == false);
  // metadata.db alone: containerd ran, but holds no snapshots.
  CHECK(d["containerd_snapshot_data"] == Json::array());

  auto cs = base_host();
  cs->add_file("/etc/docker/daemon.json", "{\"features\": {\"containerd-snapshotter\": true}}");
  cs->add_file("/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/1/fs/x", "");
  Json c = docker_facts(std::move(cs));
  CHECK(c["containerd_snapshotter"] == true);
  CHECK(c["containerd_snapshot_data"] == Json::array({"overlayfs"}));
}

TEST_CASE("docker probe: an invalid daemon.json leaves the driver and data root unknown") {
  auto fs = base_host();
  fs->add_file("/etc/docker/daemon.json", "{\"storage-driver\": ");
  Json d = docker_facts(std::move(fs));
  CHECK(d["storage_driver_configured"].is_null());
  CHECK(d["data_root"].is_null());
  CHECK(d["storage_data"].is_null());
  CHECK(d["containerd_snapshotter"].is_null());
}

TEST_CASE("docker probe: the running dockerd's flags count too") {
  auto fs = base_host();
  fs->add_file("/proc/812/comm", "dockerd\n");
  fs->add_file("/proc/812/cmdline",
               nul_joined({"/usr/bin/dockerd", "--log-driver=journald", "--iptables=false"}));
  Json d = docker_facts(std::move(fs));
  CHECK(d["daemon_running"] == true);
  CHECK(d["daemon_flags"]["log-driver"] == "journald");
  CHECK(d["daemon_flags"]["iptables"] == "false");
}
