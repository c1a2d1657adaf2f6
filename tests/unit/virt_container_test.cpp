// virt.container from what an unprivileged process can read (probes/virt.cpp): /proc/1/environ
// is root's only, so the marker files, /proc/self/cgroup and /proc/self/mountinfo decide.
// The files are laid out as a real docker, kubernetes and plain host show them.
#include <doctest/doctest.h>

#include "engine/core/ethtool_port.h"
#include "engine/core/memory_host_fs.h"
#include "engine/facts/probe.h"
#include "probes/probes.h"
#include "probes/virt_detect.h"

using namespace vtune;

namespace {

struct NoCpuid final : CpuidSource {
  CpuidInfo read() const override { return {}; }
};

struct UserView {
  MemoryHostFs fs;
  NoCpuid cpuid;
  Warnings warnings;
  UserView() {
    // What `nobody` meets on every host: pid 1's environment is closed.
    fs.add_error("/proc/1/environ", EACCES);
  }
  Json run() {
    auto ethtool = make_snapshot_ethtool(fs);
    auto devices = make_sysfs_device_source(fs);
    Host host{fs, cpuid, *ethtool, *devices, false};
    ProbeOptions options;
    ProbeContext ctx(host, options, warnings);
    Facts facts = Json::object();
    kVirtProbe.collect(ctx, facts);
    return facts["virt"];
  }
};

// docker run (cgroup v2, private cgroup namespace) as a normal user; /.dockerenv removed by
// the image, as some hardened images do.
constexpr const char* kDockerMountinfo =
    "1045 936 0:58 / / rw,relatime master:429 - overlay overlay "
    "rw,lowerdir=/var/lib/docker/overlay2/l/X7KQ:/var/lib/docker/overlay2/l/PZ3M,"
    "upperdir=/var/lib/docker/overlay2/9f2c/diff,workdir=/var/lib/docker/overlay2/9f2c/work\n"
    "1046 1045 0:61 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n"
    "1060 1045 259:2 /var/lib/docker/containers/4c1d/resolv.conf /etc/resolv.conf "
    "rw,relatime - ext4 /dev/nvme0n1p2 rw\n"
    "1061 1045 259:2 /var/lib/docker/containers/4c1d/hostname /etc/hostname rw,relatime - ext4 "
    "/dev/nvme0n1p2 rw\n";

constexpr const char* kHostMountinfo =
    "26 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro\n"
    "24 26 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
    // A docker host: its containers' shm mounts and overlays are in the host namespace too.
    "601 26 0:70 / /var/lib/docker/containers/4c1d/mounts/shm rw - tmpfs shm rw,size=65536k\n"
    "590 26 0:58 / /var/lib/docker/overlay2/9f2c/merged rw,relatime - overlay overlay "
    "rw,lowerdir=/var/lib/docker/overlay2/l/X7KQ,upperdir=/var/lib/docker/overlay2/9f2c/diff,"
    "workdir=/var/lib/docker/overlay2/9f2c/work\n";

}  // namespace

TEST_CASE("container: docker as a normal user, with cgroupns and no /.dockerenv") {
  UserView v;
  v.fs.add_file("/proc/1/cgroup", "0::/\n");
  v.fs.add_file("/proc/self/cgroup", "0::/\n");
  v.fs.add_file("/proc/self/mountinfo", kDockerMountinfo);
  Json virt = v.run();
  CHECK(virt["container"] == "docker");
}

TEST_CASE("container: a docker host seen by a normal user is not a container") {
  UserView v;
  v.fs.add_file("/proc/1/cgroup", "0::/init.scope\n");
  v.fs.add_file("/proc/self/cgroup", "0::/user.slice/user-1000.slice/session-3.scope\n");
  v.fs.add_file("/proc/self/mountinfo", kHostMountinfo);
  CHECK(v.run()["container"] == "none");
}

TEST_CASE("container: the mount table alone rules a container out") {
  UserView v;
  v.fs.add_file("/proc/self/mountinfo", kHostMountinfo);
  CHECK(v.run()["container"] == "none");
}

TEST_CASE("container: a bare cgroup-namespace root says nothing") {
  UserView v;
  v.fs.add_file("/proc/1/cgroup", "0::/\n");
  v.fs.add_file("/proc/self/cgroup", "0::/\n");
  Json virt = v.run();
  CHECK(virt["container"].is_null());  // nothing readable could have shown one
}

TEST_CASE("container: kubernetes with containerd, from the mount table") {
  UserView v;
  v.fs.add_file("/proc/self/cgroup", "0::/\n");
  v.fs.add_file(
      "/proc/self/mountinfo",
      "2301 2210 0:310 / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/containerd/"
      "io.containerd.snapshotter.v1.overlayfs/snapshots/41/fs,upperdir=/var/lib/containerd/"
      "io.containerd.snapshotter.v1.overlayfs/snapshots/52/fs,workdir=/var/lib/containerd/"
      "io.containerd.snapshotter.v1.overlayfs/snapshots/52/work\n"
      "2320 2301 259:1 /var/lib/kubelet/pods/7d1e/etc-hosts /etc/hosts rw - ext4 /dev/sda1 rw\n");
  CHECK(v.run()["container"] == "other");
}

TEST_CASE("container: marker files any user can read") {
  SUBCASE("/run/systemd/container names the runtime") {
    UserView v;
    v.fs.add_file("/run/systemd/container", "lxc\n");
    CHECK(v.run()["container"] == "lxc");
  }
  SUBCASE("/run/.containerenv is podman") {
    UserView v;
    v.fs.add_file("/run/.containerenv", "");
    CHECK(v.run()["container"] == "podman");
  }
  SUBCASE("/.dockerenv is docker") {
    UserView v;
    v.fs.add_file("/.dockerenv", "");
    CHECK(v.run()["container"] == "docker");
  }
}

TEST_CASE("container: libpod cgroup path of rootless podman in /proc/self/cgroup") {
  UserView v;
  v.fs.add_file("/proc/self/cgroup",
                "0::/user.slice/user-1000.slice/user@1000.service/user.slice/"
                "libpod-3b7a.scope/container\n");
  CHECK(v.run()["container"] == "podman");
}
