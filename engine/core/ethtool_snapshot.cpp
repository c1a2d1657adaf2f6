// The ethtool port under --root: every query reads DIR/.vtune/ethtool/<ifname>.json
// through HostFs. Read per query rather than cached, so the port stays a view of the tree.
// A set (on a port made over a writable HostFs) checks the change as a driver would, then
// replaces the whole file atomically with the one section changed: sections it does not
// know stay as they were, and a reader never sees half a document.
#include <cerrno>

#include "engine/core/ethtool_json.h"
#include "engine/core/ethtool_port.h"
#include "engine/core/ethtool_set.h"

namespace vtune {
namespace {

constexpr unsigned kSnapshotFileMode = 0644;

class SnapshotEthtool final : public EthtoolPort {
 public:
  // `writable` is the same HostFs as `fs`, or null for a port that only reads.
  SnapshotEthtool(const HostFs& fs, HostFs* writable) : fs_(fs), writable_(writable) {}

  Result<EthtoolRing> ring(std::string_view ifname) const override {
    return query(ifname, ring_from_json);
  }
  Result<EthtoolChannels> channels(std::string_view ifname) const override {
    return query(ifname, channels_from_json);
  }
  Result<EthtoolCoalesce> coalesce(std::string_view ifname) const override {
    return query(ifname, coalesce_from_json);
  }
  Result<EthtoolFeatures> features(std::string_view ifname) const override {
    return query(ifname, features_from_json);
  }
  Result<std::vector<std::string>> coalesce_supported(std::string_view ifname) const override {
    return query(ifname, coalesce_supported_from_json);
  }
  Result<QdiscState> qdisc(std::string_view ifname) const override {
    return query(ifname, qdisc_from_json);
  }

  Result<EthtoolRing> set_ring(std::string_view ifname, const EthtoolRingChange& change) override {
    return update(ifname, "ring", ring_from_json, ring_to_json,
                  [&](const EthtoolRing& now) { return changed_ring(ifname, now, change); });
  }
  Result<EthtoolChannels> set_channels(std::string_view ifname,
                                       const EthtoolChannelsChange& change) override {
    return update(
        ifname, "channels", channels_from_json, channels_to_json,
        [&](const EthtoolChannels& now) { return changed_channels(ifname, now, change); });
  }
  Result<EthtoolCoalesce> set_coalesce(std::string_view ifname,
                                       const EthtoolCoalesce& change) override {
    return update(
        ifname, "coalesce", coalesce_from_json, coalesce_to_json,
        [&](const EthtoolCoalesce& now) { return changed_coalesce(ifname, now, change); });
  }
  Result<EthtoolFeaturesResult> set_features(std::string_view ifname,
                                             const EthtoolFeatureChange& change) override {
    EthtoolFeatures before;
    Result<EthtoolFeatures> after =
        update(ifname, "features", features_from_json, features_to_json,
               [&](const EthtoolFeatures& now) -> Result<EthtoolFeatures> {
                 if (Result<void> ok = check_feature_change(ifname, now, change); !ok)
                   return ok.error();
                 before = now;
                 EthtoolFeatures next = now;
                 for (const auto& [name, on] : change) next[name].active = on;
                 return next;
               });
    if (!after) return after.error();
    return feature_outcome(before, *after, change);
  }

 private:
  // The JSON document of an interface, read and parsed.
  struct Document {
    std::string path, where;
    Json doc;
  };

  Result<Document> load(std::string_view ifname) const {
    // An interface name is one path component; anything else would escape the directory.
    if (ifname.empty() || ifname.find('/') != std::string_view::npos || ifname == "." ||
        ifname == "..")
      return SysError{EINVAL, std::string(ifname), "ethtool snapshot: bad interface name"};
    std::string path = "/.vtune/ethtool/" + std::string(ifname) + ".json";
    std::string where = fs_.describe(path);
    Result<std::string> text = fs_.read_file(path);
    if (!text) return SysError{text.error().err, where, "ethtool snapshot read"};
    Result<Json> doc = parse_ethtool_document(*text, where);
    if (!doc) return doc.error();
    return Document{std::move(path), std::move(where), std::move(*doc)};
  }

  template <class T>
  Result<T> query(std::string_view ifname,
                  Result<T> (*parse)(const Json&, std::string_view)) const {
    Result<Document> d = load(ifname);
    if (!d) return d.error();
    return parse(d->doc, d->where);
  }

  // Reads one section, lets `change` compute its new value (or refuse), and writes the
  // document back with that section replaced; returns the section as read back.
  template <class T, class Change>
  Result<T> update(std::string_view ifname, const char* section,
                   Result<T> (*parse)(const Json&, std::string_view), Json (*to_json)(const T&),
                   Change change) {
    if (writable_ == nullptr)
      return SysError{EROFS, std::string(ifname), std::string("set ") + section + " on"};
    Result<Document> d = load(ifname);
    if (!d) return d.error();
    Result<T> now = parse(d->doc, d->where);
    if (!now) {
      // No section: the capture could not read it, as a driver without the operation.
      if (now.error().err == EOPNOTSUPP)
        return SysError{EOPNOTSUPP, std::string(ifname), std::string("set ") + section + " on"};
      return now.error();
    }
    Result<T> next = change(*now);
    if (!next) return next.error();
    d->doc[section] = to_json(*next);
    Result<FileMode> mode = fs_.mode(d->path, FollowLinks::Yes);
    unsigned perms = mode ? mode->perms : kSnapshotFileMode;
    if (Result<void> w = writable_->replace_file(d->path, d->doc.dump(2) + "\n", perms); !w)
      return w.error();
    return query(ifname, parse);
  }

  const HostFs& fs_;
  HostFs* writable_;
};

}  // namespace

std::unique_ptr<EthtoolPort> make_snapshot_ethtool(const HostFs& fs) {
  return std::make_unique<SnapshotEthtool>(fs, nullptr);
}

std::unique_ptr<EthtoolPort> make_snapshot_ethtool(HostFs& fs) {
  return std::make_unique<SnapshotEthtool>(fs, &fs);
}

}  // namespace vtune
