// The docker probe: is Docker installed and running, which daemon.json it uses and what the
// file says, how deep the overlay mounts are, and which containers run without a memory
// limit. Parsing lives in daemon_json.cpp and mountinfo.cpp; this is the thin layer that
// reads through the context and builds facts.
#include <algorithm>

#include "engine/core/processes.h"
#include "engine/core/text.h"
#include "probes/daemon_json.h"
#include "probes/docker_storage.h"
#include "probes/mountinfo.h"
#include "probes/probes.h"

namespace vtune {
namespace {

constexpr FactField kDockerSchema[] = {
    {"docker", "map", "Docker engine state", ""},
    {"docker.installed", "bool",
     "a dockerd or docker binary exists (the client alone counts: see daemon_installed)",
     "/usr/bin, /usr/sbin, /usr/local/bin"},
    {"docker.running", "bool", "a process named dockerd is running", "/proc/<pid>/comm"},
    {"docker.daemon_installed", "bool",
     "the Docker daemon is installed: a dockerd binary or a docker.service/docker.socket unit",
     "/usr/bin/dockerd, /usr/sbin/dockerd, /usr/local/bin/dockerd; docker.service, "
     "docker.socket in /etc/systemd/system, /run/systemd/system, /usr/lib/systemd/system, "
     "/lib/systemd/system"},
    {"docker.daemon_running", "bool",
     "the Docker daemon runs: a dockerd process, its pid file or its API socket",
     "/proc/<pid>/comm, /run/docker.pid, /var/run/docker.pid, /run/docker.sock, "
     "/var/run/docker.sock"},
    {"docker.daemon_unit", "string", "the docker.service unit file in effect; null without one",
     "the systemd unit directories"},
    {"docker.daemon_flags", "map<string,string>",
     "dockerd command-line flags of the running daemon and of the unit's ExecStart (drop-ins "
     "and EnvironmentFile variables applied), keyed by the daemon.json key each stands for "
     "(-s and --storage-driver: storage-driver; --log-opt: log-opts); the value as given, \"\" "
     "for a bare boolean flag. dockerd refuses to start when a key is both a flag and in "
     "daemon.json",
     "/proc/<pid>/cmdline, docker.service, docker.service.d/*.conf"},
    {"docker.storage_driver", "string",
     "the storage driver configured (daemon.json storage-driver, else --storage-driver); null "
     "when none is, and dockerd picks one itself",
     "daemon_json, daemon_flags"},
    {"docker.storage_driver_configured", "bool",
     "a storage driver is configured; null when daemon.json exists but could not be read or "
     "parsed",
     "daemon_json, daemon_flags"},
    {"docker.data_root", "string",
     "dockerd's data directory: --data-root, daemon.json data-root (or the old graph), else "
     "/var/lib/docker; null when daemon.json could not be read or parsed and no flag says",
     "daemon_json, daemon_flags"},
    {"docker.storage_data", "list<string>",
     "graph drivers whose directory under data_root holds anything (overlay2, overlay, "
     "devicemapper, btrfs, zfs, aufs, vfs, fuse-overlayfs): images and containers a driver "
     "switch would hide; null when data_root cannot be listed",
     "<data_root>/<driver>"},
    {"docker.swarm", "bool",
     "the node is in swarm mode (dockerd keeps swarm/docker-state.json while it is); null "
     "when data_root cannot be listed",
     "<data_root>/swarm/docker-state.json"},
    {"docker.containerd_snapshotter", "bool",
     "daemon.json enables the containerd image store (features.containerd-snapshotter); null "
     "when daemon.json could not be read or parsed",
     "daemon_json"},
    {"docker.containerd_snapshot_data", "list<string>",
     "containerd snapshotters holding snapshots (\"overlayfs\", \"native\"...): images of the "
     "containerd image store, or of another containerd client; null when unreadable",
     "/var/lib/containerd/io.containerd.snapshotter.v1.<name>/snapshots"},
    {"docker.daemon_json_path", "string",
     "the daemon configuration file: the running dockerd's --config-file, else the default "
     "/etc/docker/daemon.json",
     "/proc/<pid>/cmdline"},
    {"docker.daemon_json", "map<string,any>",
     "the configuration object as written, keys in file order; null when the file does not "
     "exist, cannot be read or does not parse",
     "daemon_json_path"},
    {"docker.daemon_json_error", "map",
     "why daemon.json did not parse (null when it did, or when there is no file)",
     "daemon_json_path"},
    {"docker.daemon_json_error.message", "string", "what is wrong", ""},
    {"docker.daemon_json_error.line", "int", "1-based line", ""},
    {"docker.daemon_json_error.column", "int", "1-based byte column", ""},
    {"docker.daemon_json_error.code", "string", "diagnostic code (VT0301..VT0303)", ""},
    {"docker.overlay", "map", "overlayfs mounts (container root filesystems)", ""},
    {"docker.overlay.mounts", "list<map>",
     "every overlay mount; null when the mount table cannot be read", "/proc/self/mountinfo"},
    {"docker.overlay.mounts[].mountpoint", "string", "where it is mounted", ""},
    {"docker.overlay.mounts[].lower_layers", "int", "number of lowerdir layers", ""},
    {"docker.overlay.max_layers", "int", "the most lower layers of any overlay mount (0: none)",
     "/proc/self/mountinfo"},
    {"docker.containers", "list<map>", "containers found as cgroup v2 scopes",
     "/sys/fs/cgroup/system.slice/docker-<id>.scope, /sys/fs/cgroup/docker/<id>"},
    {"docker.containers[].id", "string", "the 64-hex container id", ""},
    {"docker.containers[].memory_max", "size",
     "cgroup memory.max in bytes; null when unlimited (\"max\") or unknown", "memory.max"},
    {"docker.containers[].memory_limited", "bool",
     "memory.max is a number; null when memory.max could not be read", "memory.max"},
};

bool is_docker_installed(const ProbeContext& ctx) {
  for (std::string_view dir : {"/usr/bin/", "/usr/sbin/", "/usr/local/bin/"})
    for (std::string_view bin : {"dockerd", "docker"})
      if (ctx.host.fs.exists(std::string(dir) + std::string(bin))) return true;
  return false;
}

// The value of --config-file in a dockerd command line (either spelling pflag accepts).
std::optional<std::string> config_file_arg(const std::vector<std::string>& args) {
  constexpr std::string_view kFlag = "--config-file";
  for (size_t i = 1; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == kFlag && i + 1 < args.size()) return args[i + 1];
    if (starts_with(a, kFlag) && a.size() > kFlag.size() && a[kFlag.size()] == '=')
      return std::string(a.substr(kFlag.size() + 1));
  }
  return std::nullopt;
}

std::string daemon_json_path(const ProbeContext& ctx, const std::vector<ProcessInfo>& dockerds) {
  const std::string kDefault = "/etc/docker/daemon.json";
  if (dockerds.empty()) return kDefault;
  int pid = dockerds.front().pid;
  std::optional<std::string> arg = config_file_arg(process_cmdline(ctx.host.fs, pid));
  if (!arg || arg->empty()) return kDefault;
  if (arg->front() == '/') return *arg;
  // A relative path is relative to dockerd's working directory.
  std::string cwd_link = "/proc/" + std::to_string(pid) + "/cwd";
  Result<std::string> cwd = ctx.host.fs.read_link(cwd_link);
  if (!cwd || cwd->empty() || cwd->front() != '/') {
    ctx.warn(cwd_link, "dockerd's --config-file '" + *arg +
                           "' is relative and its working directory is unknown");
    return *arg;
  }
  return *cwd + (cwd->back() == '/' ? "" : "/") + *arg;
}

void add_daemon_json(const ProbeContext& ctx, const std::string& path, Facts& docker) {
  docker["daemon_json"] = nullptr;
  docker["daemon_json_error"] = nullptr;
  if (path.empty() || path.front() != '/') return;  // warned about already
  std::optional<std::string> text = ctx.read_optional(path);
  if (!text) return;
  DaemonJsonParse parsed = parse_daemon_json(*text, path);
  if (parsed.config) {
    docker["daemon_json"] = std::move(*parsed.config);
    return;
  }
  if (!parsed.error) return;
  const Diagnostic& d = *parsed.error;
  docker["daemon_json_error"] = {
      {"message", d.message}, {"line", d.span.line}, {"column", d.span.column}, {"code", d.code}};
  ctx.warn(path, std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + ": " + d.code +
                     ": " + d.message);
}

Facts overlay_facts(const ProbeContext& ctx) {
  constexpr std::string_view kPath = "/proc/self/mountinfo";
  Facts overlay = {{"mounts", nullptr}, {"max_layers", nullptr}};
  std::optional<std::string> text = ctx.read_required(kPath);
  if (!text) return overlay;
  MountTable table = parse_mountinfo(*text);
  for (const MountInfoLineError& e : table.errors)
    ctx.warn(kPath, "line " + std::to_string(e.line) + " skipped: " + e.reason);
  Facts mounts = Facts::array();
  int64_t max_layers = 0;
  for (const MountInfo& m : table.mounts) {
    std::optional<OverlayMount> o = overlay_of(m);
    if (!o) continue;
    auto layers = static_cast<int64_t>(o->lower_dirs.size());
    max_layers = std::max(max_layers, layers);
    mounts.push_back({{"mountpoint", valid_utf8(o->mount_point)}, {"lower_layers", layers}});
  }
  overlay["mounts"] = std::move(mounts);
  overlay["max_layers"] = max_layers;
  return overlay;
}

bool is_container_id(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Facts container_facts(const ProbeContext& ctx, const std::string& cgroup_dir, std::string_view id) {
  Facts c = {{"id", std::string(id)}, {"memory_max", nullptr}, {"memory_limited", nullptr}};
  std::string path = cgroup_dir + "/memory.max";
  std::optional<std::string> word = ctx.read_word(path);
  if (!word) {
    // No memory.max means the memory controller is not enabled for this cgroup.
    if (!ctx.host.fs.exists(path)) ctx.warn(path, "missing: memory limit unknown");
  } else if (*word == "max") {
    c["memory_limited"] = false;
  } else if (std::optional<uint64_t> bytes = parse_uint(*word)) {
    c["memory_max"] = *bytes;
    c["memory_limited"] = true;
  } else {
    ctx.warn(path, "not a byte count or 'max': '" + valid_utf8(word->substr(0, 40)) + "'");
  }
  return c;
}

Facts containers_facts(const ProbeContext& ctx) {
  Facts list = Facts::array();
  // systemd's cgroup driver names scopes docker-<id>.scope; the cgroupfs driver uses
  // /sys/fs/cgroup/docker/<id>.
  struct Layout {
    std::string_view dir, prefix, suffix;
  };
  for (Layout l : {Layout{"/sys/fs/cgroup/system.slice", "docker-", ".scope"},
                   Layout{"/sys/fs/cgroup/docker", "", ""}}) {
    Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(l.dir);
    if (!entries) {
      if (entries.error().err != ENOENT) ctx.warn(l.dir, entries.error().message());
      continue;
    }
    for (const DirEntry& e : *entries) {
      std::string_view name = e.name;
      if (!e.is_dir || !starts_with(name, l.prefix) ||
          name.size() < l.prefix.size() + l.suffix.size() ||
          name.substr(name.size() - l.suffix.size()) != l.suffix)
        continue;
      std::string_view id =
          name.substr(l.prefix.size(), name.size() - l.prefix.size() - l.suffix.size());
      if (!is_container_id(id)) continue;
      list.push_back(container_facts(ctx, std::string(l.dir) + "/" + e.name, id));
    }
  }
  return list;
}

void collect_docker(const ProbeContext& ctx, Facts& facts) {
  Facts docker = Facts::object();
  std::vector<ProcessInfo> dockerds = find_processes(ctx.host.fs, "dockerd");
  docker["installed"] = is_docker_installed(ctx);
  docker["running"] = !dockerds.empty();
  std::string path = daemon_json_path(ctx, dockerds);
  docker["daemon_json_path"] = valid_utf8(path);
  add_daemon_json(ctx, path, docker);
  Facts flags = dockerd_command_facts(ctx, dockerds, docker);
  docker_storage_facts(ctx, flags, docker);
  docker["overlay"] = overlay_facts(ctx);
  docker["containers"] = containers_facts(ctx);
  facts["docker"] = std::move(docker);
}

}  // namespace

const Probe kDockerProbe{"docker", "Docker: installation, daemon.json, overlay depth, containers",
                         kDockerSchema, collect_docker};

}  // namespace vtune
