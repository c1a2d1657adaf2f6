#include "probes/docker_storage.h"

#include "engine/core/text.h"
#include "probes/daemon_json.h"
#include "probes/docker_daemon.h"

namespace vtune {
namespace {

// Where systemd looks for units, highest precedence first (Debian's /lib is /usr/lib
// before the /usr merge).
constexpr std::string_view kUnitDirs[] = {"/etc/systemd/system", "/run/systemd/system",
                                          "/usr/lib/systemd/system", "/lib/systemd/system"};
constexpr std::string_view kDockerdBinaries[] = {"/usr/bin/dockerd", "/usr/sbin/dockerd",
                                                 "/usr/local/bin/dockerd"};
// dockerd writes its pid file and creates its API socket at start; /var/run is /run on
// current systems, but not in every snapshot.
constexpr std::string_view kDaemonRunFiles[] = {"/run/docker.pid", "/var/run/docker.pid",
                                                "/run/docker.sock", "/var/run/docker.sock"};
// Graph drivers keep their layers in <data-root>/<driver>; overlay2 is the one the rules
// ask for, every other one holding data means a switch would hide all images.
constexpr std::string_view kGraphDrivers[] = {
    "overlay2", "overlay", "devicemapper", "btrfs", "zfs", "aufs", "vfs", "fuse-overlayfs"};
constexpr std::string_view kContainerdRoot = "/var/lib/containerd";
constexpr std::string_view kSnapshotterPrefix = "io.containerd.snapshotter.v1.";

std::optional<std::string> first_unit(const ProbeContext& ctx, std::string_view name) {
  for (std::string_view dir : kUnitDirs) {
    std::string path = std::string(dir) + "/" + std::string(name);
    if (ctx.host.fs.exists(path)) return path;
  }
  return std::nullopt;
}

// The unit file then its drop-ins (*.conf of docker.service.d in every unit directory, a
// name in a higher directory hiding the same name below, applied in name order).
std::vector<std::string> unit_texts(const ProbeContext& ctx, const std::string& unit) {
  std::vector<std::string> texts;
  if (std::optional<std::string> t = ctx.read_optional(unit)) texts.push_back(std::move(*t));
  std::map<std::string, std::string> dropins;
  for (std::string_view dir : kUnitDirs) {
    std::string d = std::string(dir) + "/docker.service.d";
    Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(d);
    if (!entries) continue;
    for (const DirEntry& e : *entries)
      if (e.name.size() > 5 && e.name.substr(e.name.size() - 5) == ".conf" &&
          !dropins.count(e.name))
        dropins[e.name] = d + "/" + e.name;
  }
  for (const auto& [_, path] : dropins)
    if (std::optional<std::string> t = ctx.read_optional(path)) texts.push_back(std::move(*t));
  return texts;
}

// A directory's entries: nullopt when it cannot be listed for another reason than absence.
std::optional<std::vector<DirEntry>> entries_of(const ProbeContext& ctx, const std::string& dir) {
  Result<std::vector<DirEntry>> entries = ctx.host.fs.list_dir(dir);
  if (entries) return std::move(*entries);
  if (entries.error().err == ENOENT || entries.error().err == ENOTDIR)
    return std::vector<DirEntry>{};
  ctx.warn(dir, entries.error().message());
  return std::nullopt;
}

const Facts* json_key(const Facts& docker, std::string_view key) {
  const Facts& config = docker["daemon_json"];
  if (!config.is_object() || !config.contains(key)) return nullptr;
  return &config[std::string(key)];
}

}  // namespace

Facts dockerd_command_facts(const ProbeContext& ctx, const std::vector<ProcessInfo>& dockerds,
                            Facts& docker) {
  std::optional<std::string> unit = first_unit(ctx, "docker.service");
  bool installed = unit || first_unit(ctx, "docker.socket");
  for (std::string_view bin : kDockerdBinaries) installed = installed || ctx.host.fs.exists(bin);
  bool running = !dockerds.empty();
  for (std::string_view f : kDaemonRunFiles) running = running || ctx.host.fs.exists(f);
  docker["daemon_installed"] = installed;
  docker["daemon_running"] = running;
  docker["daemon_unit"] = or_null(unit);

  // The running daemon's flags are in effect now, the unit's after the next restart: a
  // daemon.json key either names would stop dockerd from starting.
  std::vector<DockerdFlag> flags;
  if (!dockerds.empty()) flags = parse_dockerd_flags(process_cmdline(ctx.host.fs, dockerds[0].pid));
  if (unit) {
    std::vector<std::string> texts = unit_texts(ctx, *unit);
    std::map<std::string, std::string> env;
    for (const std::string& file : unit_environment_files(texts))
      if (std::optional<std::string> t = ctx.read_optional(file))
        for (auto& [k, v] : parse_environment_file(*t)) env[k] = v;
    std::vector<std::string> command = unit_exec_start(texts, env);
    for (DockerdFlag& f : parse_dockerd_flags(command)) flags.push_back(std::move(f));
  }
  Facts map = Facts::object();
  for (const DockerdFlag& f : flags)
    if (f.key != "config-file") map[valid_utf8(f.key)] = valid_utf8(f.value);
  docker["daemon_flags"] = map;
  return map;
}

void docker_storage_facts(const ProbeContext& ctx, const Facts& flags, Facts& docker) {
  // Without the parsed file (unreadable or invalid) whether a driver is set is unknown.
  const std::string& path = docker["daemon_json_path"].get_ref<const std::string&>();
  bool config_known = docker["daemon_json_error"].is_null() &&
                      (docker["daemon_json"].is_object() ||
                       (!path.empty() && path.front() == '/' && !ctx.host.fs.exists(path)));
  Facts driver = nullptr;
  if (const Facts* d = json_key(docker, "storage-driver");
      d && d->is_string() && !d->get<std::string>().empty())
    driver = *d;
  else if (flags.contains("storage-driver") && !flags["storage-driver"].get<std::string>().empty())
    driver = flags["storage-driver"];
  docker["storage_driver"] = driver;
  docker["storage_driver_configured"] = !driver.is_null() ? Facts(true)
                                        : config_known    ? Facts(false)
                                                          : Facts(nullptr);

  std::string root = "/var/lib/docker";
  for (std::string_view key : {"graph", "data-root"})
    if (const Facts* r = json_key(docker, key);
        r && r->is_string() && !r->get<std::string>().empty())
      root = r->get<std::string>();
  if (flags.contains("data-root") && !flags["data-root"].get<std::string>().empty())
    root = flags["data-root"].get<std::string>();
  // An unreadable daemon.json may move the data root anywhere.
  bool root_known = config_known || flags.contains("data-root");
  docker["data_root"] = root_known ? Facts(valid_utf8(root)) : Facts(nullptr);

  Facts data = nullptr;
  Facts swarm = nullptr;
  if (root_known && root.front() == '/' && entries_of(ctx, root)) {
    data = Facts::array();
    for (std::string_view drv : kGraphDrivers) {
      std::optional<std::vector<DirEntry>> e = entries_of(ctx, root + "/" + std::string(drv));
      if (!e || !e->empty()) data.push_back(std::string(drv));  // unreadable: assume data
    }
    // dockerd keeps docker-state.json in <data-root>/swarm while the node is in a swarm
    // and removes the directory's contents when it leaves.
    swarm = ctx.host.fs.exists(root + "/swarm/docker-state.json");
  }
  docker["storage_data"] = std::move(data);
  docker["swarm"] = std::move(swarm);

  Facts snapshotter = config_known ? Facts(false) : Facts(nullptr);
  if (const Facts* f = json_key(docker, "features"); f && f->is_object())
    if (f->contains("containerd-snapshotter") && (*f)["containerd-snapshotter"].is_boolean())
      snapshotter = (*f)["containerd-snapshotter"];
  docker["containerd_snapshotter"] = std::move(snapshotter);

  Facts snapshots = nullptr;
  if (std::optional<std::vector<DirEntry>> e = entries_of(ctx, std::string(kContainerdRoot))) {
    snapshots = Facts::array();
    for (const DirEntry& d : *e) {
      if (!starts_with(d.name, kSnapshotterPrefix)) continue;
      std::string dir = std::string(kContainerdRoot) + "/" + d.name + "/snapshots";
      std::optional<std::vector<DirEntry>> s = entries_of(ctx, dir);
      if (!s || !s->empty())
        snapshots.push_back(valid_utf8(d.name.substr(kSnapshotterPrefix.size())));
    }
  }
  docker["containerd_snapshot_data"] = std::move(snapshots);
}

}  // namespace vtune
