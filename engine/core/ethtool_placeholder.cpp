// Placeholder until the ethtool seam lands: every query reports EOPNOTSUPP.
#include "engine/core/ethtool_port.h"

namespace vtune {
namespace {
class NoEthtool final : public EthtoolPort {
  SysError no(std::string_view ifname) const {
    return SysError{EOPNOTSUPP, std::string(ifname), "ethtool"};
  }

 public:
  Result<EthtoolRing> ring(std::string_view n) const override { return no(n); }
  Result<EthtoolChannels> channels(std::string_view n) const override { return no(n); }
  Result<EthtoolCoalesce> coalesce(std::string_view n) const override { return no(n); }
  Result<EthtoolFeatures> features(std::string_view n) const override { return no(n); }
};
}  // namespace
std::unique_ptr<EthtoolPort> make_ioctl_ethtool() { return std::make_unique<NoEthtool>(); }
std::unique_ptr<EthtoolPort> make_snapshot_ethtool(const HostFs&) {
  return std::make_unique<NoEthtool>();
}
Facts ethtool_state_to_json(const EthtoolPort&, std::string_view) { return Facts::object(); }
}  // namespace vtune
