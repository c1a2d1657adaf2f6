// `vtune check --profile P`: the plan's evaluation as an audit report for CI, json by default,
// optionally written atomically to a file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/report/plan_json.h"
#include "engine/report/plan_text.h"

namespace vtune::cli {

namespace {

// Writes `text` to `path` so a reader sees the old file or the new one, never half of it: a
// temporary file in the same directory (rename is atomic only within one filesystem), fsync,
// rename. Returns an error message, empty on success.
std::string write_atomically(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  int fd = mkstemp(tmpl.data());
  if (fd < 0)
    return "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno);
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string err = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return "cannot write " + tmpl + ": " + err;
    }
    done += static_cast<size_t>(n);
  }
  // mkstemp creates 0600; a report is not secret.
  if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) {
    std::string err = std::strerror(errno);
    ::close(fd);
    ::unlink(tmpl.c_str());
    return "cannot sync " + tmpl + ": " + err;
  }
  ::close(fd);
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    std::string err = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return "cannot rename " + tmpl + " to " + path + ": " + err;
  }
  return {};
}

}  // namespace

Runner setup_check(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    PlanOptions plan;
    std::string format = "json";
    std::string output;
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "Audit the host against a profile (the same evaluation as plan) and report for CI.\n"
      "Formats: json (the plan document, with schema_version) and text. JUnit, SARIF and\n"
      "Prometheus renderers are not available yet.");
  sub.footer(kPlanExitCodes);
  add_plan_options(sub, opts->plan, true);
  sub.add_option("--format", opts->format, "json or text")
      ->check(CLI::IsMember({"json", "text"}))
      ->capture_default_str();
  sub.add_option("--output", opts->output,
                 "Write the report to FILE (atomically: temp file, fsync, rename) instead of "
                 "stdout");
  return [opts, &global] {
    int code = 1;
    std::optional<PlanInputs> in = load_plan_inputs(opts->plan, global, code);
    if (!in) return code;
    Plan plan = run_planner(*in, opts->plan, global);
    std::string text = opts->format == "text" ? render_plan_text(plan)
                                              : plan_to_json(plan, "check").dump(2) + "\n";
    if (opts->output.empty()) {
      std::cout << text;
    } else if (std::string err = write_atomically(opts->output, text); !err.empty()) {
      std::cerr << "vtune: error: " << err << "\n  (choose a writable --output path)\n";
      return 1;
    }
    return plan_exit_code(plan);
  };
}

}  // namespace vtune::cli
