// The ethtool port under --root: every query reads DIR/.vtune/ethtool/<ifname>.json
// through HostFs. Read per query rather than cached, so the port stays a view of the tree.
#include <cerrno>

#include "engine/core/ethtool_json.h"
#include "engine/core/ethtool_port.h"

namespace vtune {
namespace {

class SnapshotEthtool final : public EthtoolPort {
 public:
  explicit SnapshotEthtool(const HostFs& fs) : fs_(fs) {}

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

 private:
  template <class T>
  Result<T> query(std::string_view ifname,
                  Result<T> (*parse)(const Facts&, std::string_view)) const {
    // An interface name is one path component; anything else would escape the directory.
    if (ifname.empty() || ifname.find('/') != std::string_view::npos || ifname == "." ||
        ifname == "..")
      return SysError{EINVAL, std::string(ifname), "ethtool snapshot: bad interface name"};
    std::string path = "/.vtune/ethtool/" + std::string(ifname) + ".json";
    std::string where = fs_.describe(path);
    Result<std::string> text = fs_.read_file(path);
    if (!text) return SysError{text.error().err, where, "ethtool snapshot read"};
    Result<Facts> doc = parse_ethtool_document(*text, where);
    if (!doc) return doc.error();
    return parse(*doc, where);
  }

  const HostFs& fs_;
};

}  // namespace

std::unique_ptr<EthtoolPort> make_snapshot_ethtool(const HostFs& fs) {
  return std::make_unique<SnapshotEthtool>(fs);
}

}  // namespace vtune
