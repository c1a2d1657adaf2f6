#include "appliers/kernel_file.h"

#include "engine/core/text.h"

namespace vtune {

Result<HostFs*> writable_fs(const ApplierContext& ctx, const Knob& knob) {
  if (ctx.write_fs == nullptr)
    return SysError{EROFS, format_knob(knob), "read-only run: cannot write"};
  return ctx.write_fs;
}

Result<void> write_kernel_file(const ApplierContext& ctx, const Knob& knob, const std::string& path,
                               std::string_view text) {
  Result<HostFs*> fs = writable_fs(ctx, knob);
  if (!fs) return fs.error();
  Result<void> done = (*fs)->write_file(path, text);
  if (!done)
    return SysError{done.error().err, (*fs)->describe(path),
                    "write " + format_knob(knob) + " = '" + std::string(trim(text)) + "' to"};
  return {};
}

Result<void> write_resolved_file(const ApplierContext& ctx, const Applier& applier,
                                 const Knob& knob, std::string_view text) {
  if (Result<HostFs*> fs = writable_fs(ctx, knob); !fs) return fs.error();
  Result<Target> target = applier.resolve(knob);
  if (!target) return target.error();
  return write_kernel_file(ctx, knob, target->path, text);
}

BeforeImage file_before_image(Json value, std::string bytes) {
  return BeforeImage{std::move(value), std::move(bytes), {}};
}

Target file_target(std::string path, std::string device) {
  std::string describe = path;
  return Target{std::move(path), std::move(device), std::move(describe)};
}

}  // namespace vtune
