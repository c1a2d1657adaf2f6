// The appliers' write side against the real kernel, without the CLI's transaction: for each
// change the plan of the kernel-test profile has (tests/netns/apply/, on the test's own veth
// and loop device in a private namespace), resolve, capture, write the plan's desired value,
// read it back equal; then restore every knob in reverse order and compare each file and
// ioctl value with the bytes from before. This is what apply and rollback do item by item, so
// a failure here points at an applier rather than at the journal.
#include <sys/prctl.h>

#include "appliers/registry.h"
#include "engine/core/host_fs.h"
#include "engine/core/json.h"
#include "tests/netns/apply_kernel_state.h"
#include "tests/netns/netns_harness.h"

using namespace vtune;
using namespace vtune::netns;

namespace {

LoopDevice loop_device;  // static: restored and detached also through exit()

const std::string kRulesDir = std::string(VTUNE_SOURCE_DIR) + "/tests/netns/apply";

struct Item {
  Knob knob;
  std::string text;
  Json desired;
  BeforeImage before;
};

}  // namespace

int main() {
  if (::geteuid() != 0) skip("needs root (network namespaces, veth, loop devices)");
  enter_private_namespace(Sysfs::Private);
  if (std::system("ip link add vtk0 numtxqueues 4 numrxqueues 4 type veth peer name vtk1 "
                  "numtxqueues 4 numrxqueues 4 >/dev/null 2>&1") != 0)
    skip("cannot create a veth pair with 4 queues (iproute2 or the veth module missing)");
  run("ip link set vtk0 up");
  TempDir work("vtune-appliers-test");
  ::chmod(work.path().c_str(), 0755);
  loop_device.attach(work.path());
  TestDevices dev{"vtk0", loop_device.name()};
  std::unique_ptr<EthtoolPort> port = make_ioctl_ethtool();
  KernelState baseline = capture(*port, dev);

  std::string profile = work / "kernel-test-here.toml";
  {
    std::ofstream f(profile);
    f << "[profile]\nsummary = \"appliers on the real kernel\"\ninclude = [\"" << kRulesDir
      << "/kernel-test.toml\"]\n[params]\ntest_disk = \"" << dev.disk << "\"\n";
  }
  ::chmod(profile.c_str(), 0644);
  Ran plan = run_program(
      {VTUNE_BIN, "plan", "--profile", profile, "--rules", kRulesDir, "--format", "json"},
      {"NO_COLOR=1"});
  Json doc;
  try {
    doc = Json::parse(plan.out);
  } catch (const std::exception& e) {
    check(false, std::string("plan --format json: ") + e.what() + "; " + plan.err);
    return finish();
  }

  std::vector<Item> items;
  for (const Json& it : doc.value("items", Json::array())) {
    if (it.value("state", "") != "change") continue;
    KnobParse p = parse_knob(it.value("knob", ""));
    if (!p) {
      check(false, "plan knob parses: " + it.value("knob", "") + ": " + p.error);
      continue;
    }
    items.push_back({*p.knob, it.value("knob", ""), it.at("desired"), {}});
  }
  check(items.size() == 19, "the plan has 19 changes (" + std::to_string(items.size()) + ")");

  std::unique_ptr<HostFs> fs = make_disk_host_fs("/");
  Facts facts = Json::object();
  ApplierContext ctx{*fs, *port, facts, fs.get(), port.get()};
  ApplierSet appliers(ctx);

  // Forward, in plan order: what apply does.
  size_t written = 0;
  for (Item& item : items) {
    const Applier& a = appliers.applier_for(item.knob.kind);
    Result<Target> target = a.resolve(item.knob);
    if (!target) {
      check(false, item.text + ": resolve: " + target.error().message());
      break;
    }
    Result<BeforeImage> image = a.capture(item.knob);
    if (!image) {
      check(false, item.text + ": capture: " + image.error().message());
      break;
    }
    item.before = *image;
    if (!target->path.empty())
      check(image->raw == read_bytes(target->path).value_or("?"),
            item.text + ": the before-image is the file's exact bytes " + shown(image->raw));
    Result<WriteEffect> w = a.write(item.knob, item.desired);
    if (!w) {
      check(false, item.text + " = " + item.desired.dump() + ": write: " + w.error().message());
      break;
    }
    ++written;
    Result<KnobValue> back = a.read(item.knob);
    check(back && a.equal(item.knob, back->value, item.desired),
          item.text + " = " + item.desired.dump() + " reads back equal (" +
              (back ? back->value.dump() : back.error().message()) + ") via " + target->describe);
  }
  std::vector<std::string> bad = desired_mismatches(capture(*port, dev), dev);
  check(written == items.size() && bad.empty(),
        "after the writes every value is the desired one" + joined(bad));

  // Backward: what rollback does.
  for (size_t i = written; i-- > 0;) {
    const Applier& a = appliers.applier_for(items[i].knob.kind);
    Result<void> r = a.restore(items[i].knob, items[i].before);
    check(r.ok(), items[i].text + ": restore" + (r ? std::string() : ": " + r.error().message()));
  }
  std::vector<std::string> diff = differences(baseline, capture(*port, dev));
  check(diff.empty(),
        "after restoring in reverse every value is byte-identical to before" + joined(diff, 20));
  if (!diff.empty()) force_restore(*port, dev, baseline);
  loop_device.detach();
  return finish();
}
