#pragma once
// Warnings collected while probing: each one names the host path that could not be used,
// so a user can see why a fact is null.
#include <string>
#include <vector>

namespace vtune {

struct Warning {
  std::string path;
  std::string message;
};

class Warnings {
 public:
  void add(std::string path, std::string message) {
    items_.push_back({std::move(path), std::move(message)});
  }
  const std::vector<Warning>& items() const { return items_; }
  bool empty() const { return items_.empty(); }

 private:
  std::vector<Warning> items_;
};

}  // namespace vtune
