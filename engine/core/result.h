#pragma once
// Result<T>: the value of a system call, or the errno and the path it failed on.
// User-input problems are Diagnostics (engine/core/diagnostics.h), never Results.
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace vtune {

struct SysError {
  int err = 0;           // errno, or 0 for a non-errno failure described by `what`
  std::string path;      // the path or object it concerned
  std::string what;      // the operation, e.g. "read", "ioctl ETHTOOL_GRINGPARAM"

  std::string message() const {
    std::string m = what.empty() ? std::string("error") : what;
    if (!path.empty()) m += " " + path;
    if (err != 0) m += std::string(": ") + std::strerror(err);
    return m;
  }
};

inline SysError errno_error(std::string what, std::string path, int err = errno) {
  return SysError{err, std::move(path), std::move(what)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(SysError error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const SysError& error() const { return std::get<1>(state_); }
  T value_or(T fallback) const { return ok() ? value() : std::move(fallback); }
  std::optional<T> to_optional() const {
    return ok() ? std::optional<T>(value()) : std::nullopt;
  }

 private:
  std::variant<T, SysError> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(SysError error) : error_(std::move(error)) {}
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const SysError& error() const { return *error_; }  // NOLINT(bugprone-unchecked-optional-access)

 private:
  std::optional<SysError> error_;
};

}  // namespace vtune
