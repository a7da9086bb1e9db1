#include "faults.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace ninjaone_sim {
namespace {

constexpr std::pair<std::string_view, FaultKind> kKindNames[] = {
    {"429", FaultKind::too_many_requests},
    {"429-bare", FaultKind::too_many_requests_bare},
    {"html200", FaultKind::html_200},
    {"html503", FaultKind::html_503},
    {"500", FaultKind::internal_error},
    {"503", FaultKind::service_unavailable},
    {"reset", FaultKind::reset},
    {"reset-after-write", FaultKind::reset_after_write},
    {"slow", FaultKind::slow},
    {"malformed", FaultKind::malformed},
    {"truncated", FaultKind::truncated},
    {"revoke", FaultKind::revoke},
    {"oversized", FaultKind::oversized},
    {"huge-numbers", FaultKind::huge_numbers},
};

// SplitMix64: a well-mixed 64-bit hash of (seed, request number).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) parts.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

long long parse_count(const std::string& entry, std::string_view value) {
  long long n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || ptr != value.data() + value.size() || n < 0) {
    throw std::invalid_argument("fault spec: bad number in \"" + entry + "\"");
  }
  return n;
}

}  // namespace

std::string_view to_string(FaultKind kind) {
  for (const auto& [name, k] : kKindNames) {
    if (k == kind) return name;
  }
  return "?";
}

FaultSpec FaultSpec::parse(std::string_view text) {
  FaultSpec spec;
  spec.text = std::string(text);
  double total = 0;
  for (const auto& entry : split(text, ',')) {
    auto eq = entry.find('=');
    if (eq == std::string::npos)
      throw std::invalid_argument("fault spec: \"" + entry + "\" has no '='");
    const std::string_view key = std::string_view(entry).substr(0, eq);
    const std::string_view value = std::string_view(entry).substr(eq + 1);
    if (key == "retry-after") {
      spec.retry_after = std::chrono::seconds(parse_count(entry, value));
    } else if (key == "slow-ms") {
      spec.slow = std::chrono::milliseconds(parse_count(entry, value));
    } else if (key == "oversized-bytes") {
      spec.oversized_bytes = static_cast<std::uint64_t>(parse_count(entry, value));
    } else if (key == "paths") {
      spec.path_prefixes = split(value, '|');
    } else if (key == "methods") {
      spec.methods = split(value, '|');
    } else {
      const auto* named = std::find_if(std::begin(kKindNames), std::end(kKindNames),
                                       [&](const auto& n) { return n.first == key; });
      if (named == std::end(kKindNames)) {
        throw std::invalid_argument("fault spec: unknown fault kind \"" + std::string(key) + "\"");
      }
      double rate = -1;
      try {
        std::size_t used = 0;
        rate = std::stod(std::string(value), &used);
        if (used != value.size()) rate = -1;
      } catch (const std::exception&) {
        rate = -1;
      }
      if (!(rate >= 0 && rate <= 1)) {
        throw std::invalid_argument("fault spec: rate in \"" + entry + "\" must be within 0..1");
      }
      total += rate;
      spec.rates.emplace_back(named->second, rate);
    }
  }
  if (total > 1.0 + 1e-9) throw std::invalid_argument("fault spec: rates add up to more than 1");
  return spec;
}

FaultInjector::FaultInjector(std::uint64_t seed, FaultSpec spec)
    : seed_(seed), spec_(std::make_shared<const FaultSpec>(std::move(spec))) {}

std::optional<FaultKind> FaultInjector::decide(std::string_view method, std::string_view path) {
  if (path.starts_with("/_sim")) return std::nullopt;
  std::uint64_t n = 0;
  std::shared_ptr<const FaultSpec> spec;
  {
    std::lock_guard lock(mutex_);
    spec = spec_;
    if (spec->rates.empty()) return std::nullopt;
    if (!spec->methods.empty() &&
        std::find(spec->methods.begin(), spec->methods.end(), method) == spec->methods.end()) {
      return std::nullopt;
    }
    if (!spec->path_prefixes.empty() &&
        std::none_of(spec->path_prefixes.begin(), spec->path_prefixes.end(),
                     [&](const std::string& p) { return path.starts_with(p); })) {
      return std::nullopt;
    }
    n = counter_++;
  }
  // 53 random bits give a uniform double in [0, 1).
  const double draw = static_cast<double>(mix(seed_ ^ mix(n)) >> 11) * (1.0 / 9007199254740992.0);
  double cumulative = 0;
  for (const auto& [kind, rate] : spec->rates) {
    cumulative += rate;
    if (draw < cumulative) return kind;
  }
  return std::nullopt;
}

void FaultInjector::set_spec(FaultSpec spec) {
  std::lock_guard lock(mutex_);
  spec_ = std::make_shared<const FaultSpec>(std::move(spec));
  counter_ = 0;
}

std::shared_ptr<const FaultSpec> FaultInjector::spec() const {
  std::lock_guard lock(mutex_);
  return spec_;
}

}  // namespace ninjaone_sim
