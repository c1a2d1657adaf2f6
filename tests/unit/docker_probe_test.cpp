#include <doctest/doctest.h>

#include <cerrno>
#include <set>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

struct DockerRun {
  Json docker;
  Warnings warnings;
};

DockerRun run_docker(HostBackend& backend) {
  DockerRun run;
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, run.warnings);
  Facts facts = Json::object();
  kDockerProbe.collect(ctx, facts);
  run.docker = facts["docker"];
  return run;
}

DockerRun run_fixture(const std::string& host) {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + host);
  return run_docker(backend);
}

DockerRun run_memory(std::unique_ptr<MemoryHostFs> fs) {
  HostBackend backend("mem", std::move(fs));
  return run_docker(backend);
}

bool warned_about(const Warnings& w, std::string_view path_part) {
  for (const Warning& x : w.items())
    if (x.path.find(path_part) != std::string::npos) return true;
  return false;
}

// Every key path the probe emitted is in its schema ("a.b[].c"); free-key maps stop the walk.
void collect_paths(const Json& j, const std::string& path, std::set<std::string>& out) {
  out.insert(path);
  auto children = [&](const Json& map, const std::string& prefix) {
    for (auto it = map.begin(); it != map.end(); ++it)
      collect_paths(*it, prefix + "." + it.key(), out);
  };
  if (j.is_object()) children(j, path);
  if (j.is_array())
    for (const Json& e : j)
      if (e.is_object()) children(e, path + "[]");
}

void check_schema(const Json& docker) {
  std::set<std::string> declared;
  std::set<std::string> free_maps;
  for (const FactField& f : kDockerProbe.schema) {
    declared.emplace(f.path);
    if (f.type.substr(0, 11) == "map<string,") free_maps.emplace(f.path);
  }
  std::set<std::string> emitted;
  collect_paths(docker, "docker", emitted);
  for (const std::string& p : emitted) {
    bool under_free_map = false;
    for (const std::string& m : free_maps)
      if (p.size() > m.size() && p.compare(0, m.size() + 1, m + ".") == 0) under_free_map = true;
    if (under_free_map) continue;
    INFO("emitted key not in the schema: ", p);
    CHECK(declared.count(p) == 1);
  }
}

// A /proc/PID/cmdline: every argument followed by a NUL.
std::string nul_joined(std::initializer_list<std::string_view> args) {
  std::string out;
  for (std::string_view a : args) (out += a) += '\0';
  return out;
}

constexpr std::string_view kScopeA =
    "/sys/fs/cgroup/system.slice/"
    "docker-3f2b9c1d8e7a6f5041b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718.scope";

}  // namespace

TEST_CASE("docker probe: container-host fixture") {
  DockerRun r = run_fixture("container-host");
  const Json& d = r.docker;
  CHECK(d["installed"] == true);
  CHECK(d["running"] == true);
  CHECK(d["daemon_json_path"] == "/etc/docker/daemon.json");
  CHECK(d["daemon_json_error"].is_null());
  const Json& cfg = d["daemon_json"];
  REQUIRE(cfg.is_object());
  CHECK(cfg["log-driver"] == "json-file");
  CHECK(cfg["log-opts"]["max-size"] == "10m");
  CHECK(cfg["storage-driver"] == "overlay2");
  CHECK(cfg["registry-mirrors"][0] == "https://mirror.example.internal");  // unmanaged, kept
  CHECK(cfg["features"]["buildkit"] == true);
  CHECK(cfg.begin().key() == "log-driver");  // file order
  CHECK(d["daemon_installed"] == true);
  CHECK(d["daemon_running"] == true);
  CHECK(d["daemon_unit"] == "/lib/systemd/system/docker.service");
  CHECK(d["daemon_flags"] ==
        Json{{"hosts", "fd://"}, {"containerd", "/run/containerd/containerd.sock"}});
  CHECK(d["storage_driver"] == "overlay2");
  CHECK(d["storage_driver_configured"] == true);
  CHECK(d["swarm"] == false);

  const Json& mounts = d["overlay"]["mounts"];
  REQUIRE(mounts.size() == 3);
  CHECK(mounts[0]["lower_layers"] == 6);
  CHECK(mounts[1]["lower_layers"] == 2);
  CHECK(mounts[2]["lower_layers"] == 1);
  CHECK(mounts[0]["mountpoint"].get<std::string>().starts_with("/var/lib/docker/overlay2/"));
  CHECK(mounts[0]["mountpoint"].get<std::string>().ends_with("/merged"));
  CHECK(d["overlay"]["max_layers"] == 6);

  const Json& cs = d["containers"];
  REQUIRE(cs.size() == 2);
  CHECK(cs[0]["id"] == "3f2b9c1d8e7a6f5041b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718");
  CHECK(cs[0]["memory_max"].is_null());
  CHECK(cs[0]["memory_limited"] == false);
  CHECK(cs[1]["memory_max"] == 536870912);
  CHECK(cs[1]["memory_limited"] == true);
  CHECK(r.warnings.empty());
  check_schema(d);
}

TEST_CASE("docker probe: --config-file of the running dockerd, and its parse error") {
  DockerRun r = run_fixture("docker-custom-config");
  const Json& d = r.docker;
  CHECK(d["installed"] == true);
  CHECK(d["running"] == true);
  CHECK(d["daemon_json_path"] == "/srv/docker/daemon.json");
  CHECK(d["daemon_json"].is_null());
  const Json& e = d["daemon_json_error"];
  REQUIRE(e.is_object());
  CHECK(e["code"] == "VT0301");
  CHECK(e["line"] == 3);
  CHECK(e["column"] == 27);
  CHECK(e["message"] == "trailing comma before '}'");
  CHECK(warned_about(r.warnings, "srv/docker/daemon.json"));
  check_schema(d);
}

TEST_CASE("docker probe: a host without Docker") {
  for (const char* host : {"vmware-guest", "kvm-guest", "baremetal-2s", "kvm-host"}) {
    CAPTURE(host);
    DockerRun r = run_fixture(host);
    const Json& d = r.docker;
    CHECK(d["installed"] == false);
    CHECK(d["running"] == false);
    CHECK(d["daemon_installed"] == false);
    CHECK(d["daemon_running"] == false);
    CHECK(d["daemon_json_path"] == "/etc/docker/daemon.json");
    CHECK(d["daemon_json"].is_null());
    CHECK(d["daemon_json_error"].is_null());
    CHECK(d["overlay"]["mounts"] == Json::array());
    CHECK(d["overlay"]["max_layers"] == 0);
    CHECK(d["containers"] == Json::array());
    CHECK(r.warnings.empty());
    check_schema(d);
  }
}

TEST_CASE("docker probe: --config-file= form and a relative path resolved by dockerd's cwd") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/usr/local/bin/dockerd", "");
  fs->add_file("/proc/77/comm", "dockerd\n");
  fs->add_file("/proc/77/cmdline", nul_joined({"dockerd", "--config-file=/opt/d.json"}));
  fs->add_file("/opt/d.json", "{\"live-restore\": true}");
  fs->add_file("/proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
  DockerRun r = run_memory(std::move(fs));
  CHECK(r.docker["installed"] == true);
  CHECK(r.docker["daemon_json_path"] == "/opt/d.json");
  CHECK(r.docker["daemon_json"]["live-restore"] == true);

  auto rel = std::make_unique<MemoryHostFs>();
  rel->add_file("/proc/78/comm", "dockerd\n");
  rel->add_file("/proc/78/cmdline", nul_joined({"dockerd", "--config-file", "conf/d.json"}));
  rel->add_link("/proc/78/cwd", "/srv");
  rel->add_file("/srv/conf/d.json", "{}");
  rel->add_file("/proc/self/mountinfo", "");
  DockerRun rr = run_memory(std::move(rel));
  CHECK(rr.docker["installed"] == false);
  CHECK(rr.docker["running"] == true);
  CHECK(rr.docker["daemon_json_path"] == "/srv/conf/d.json");
  CHECK(rr.docker["daemon_json"] == Json::object());
}

TEST_CASE("docker probe: unreadable or broken input gives null and a warning") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/usr/bin/docker", "");
  fs->add_error("/etc/docker/daemon.json", EACCES);
  fs->add_file("/proc/self/mountinfo",
               "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
               "412 22 0:52 / /m rw - overlay overlay rw,lowerdir=/a:/b,upperdir=/u,workdir=/w\n"
               "413 22 0:53 / /trunc rw - overla");
  fs->add_file(std::string(kScopeA) + "/memory.max", "lots\n");
  DockerRun r = run_memory(std::move(fs));
  CHECK(r.docker["installed"] == true);
  CHECK(r.docker["daemon_json"].is_null());
  CHECK(r.docker["daemon_json_error"].is_null());  // a system error, not a syntax problem
  CHECK(warned_about(r.warnings, "/etc/docker/daemon.json"));
  CHECK(r.docker["overlay"]["mounts"].size() == 1);
  CHECK(r.docker["overlay"]["max_layers"] == 2);
  CHECK(warned_about(r.warnings, "/proc/self/mountinfo"));
  REQUIRE(r.docker["containers"].size() == 1);
  CHECK(r.docker["containers"][0]["memory_max"].is_null());
  CHECK(r.docker["containers"][0]["memory_limited"].is_null());
  CHECK(warned_about(r.warnings, "memory.max"));
  check_schema(r.docker);
}

TEST_CASE("docker probe: no mount table means unknown overlays, not none") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/etc/docker/daemon.json", "[1]");
  DockerRun r = run_memory(std::move(fs));
  CHECK(r.docker["overlay"]["mounts"].is_null());
  CHECK(r.docker["overlay"]["max_layers"].is_null());
  CHECK(warned_about(r.warnings, "/proc/self/mountinfo"));
  CHECK(r.docker["daemon_json_error"]["code"] == "VT0302");
  CHECK(r.docker["daemon_json_error"]["line"] == 1);
  CHECK(r.docker["daemon_json_error"]["column"] == 1);
}
