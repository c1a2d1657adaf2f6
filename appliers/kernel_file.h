#pragma once
// The write side shared by the appliers whose value lives in one kernel file: a sysctl,
// a sysfs attribute, an IRQ's affinity list, a queue's steering mask or flow count.
//   capture: the file's exact bytes (what restore writes back);
//   write:   one truncating write(2) of the kernel's text form of the desired value;
//   restore: the captured bytes, written back as they were read (the kernel accepts the
//            trailing newline it printed, as it does from `echo`), so a plain file under
//            --root is byte-identical afterwards.
#include <string>
#include <string_view>

#include "appliers/applier.h"

namespace vtune {

// The writable HostFs of `ctx`, or EROFS naming the knob (a read-only run: plan, check).
Result<HostFs*> writable_fs(const ApplierContext& ctx, const Knob& knob);

// Writes `text` to `path` in one write. A refusal (the kernel's EINVAL, EBUSY, EIO, or a
// path that is gone) comes back with its errno, naming the knob, the value and the file:
// "write sysctl:net.core.somaxconn = 'x' to /proc/sys/net/core/somaxconn: Invalid argument".
Result<void> write_kernel_file(const ApplierContext& ctx, const Knob& knob, const std::string& path,
                               std::string_view text);

// Resolves `knob` through `applier` and writes `text` to the one file it names: EROFS first on
// a read-only run, then the resolve error, then the write's (write_kernel_file).
Result<void> write_resolved_file(const ApplierContext& ctx, const Applier& applier,
                                 const Knob& knob, std::string_view text);

// The before-image of a file-backed knob: `value` as read() gives it, `bytes` exactly.
BeforeImage file_before_image(Json value, std::string bytes);

// A Target whose one-line description is the path itself.
Target file_target(std::string path, std::string device = {});

}  // namespace vtune
