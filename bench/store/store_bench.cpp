// Store benchmark: a synthetic tenant shaped like the NinjaOne plugin's output
// (default 100,000 users, 2,000 roles, 200,000 role memberships) written as a sync
// run, then again unchanged (as in a steady-state daemon), then --churn-syncs more
// syncs that each change 1% of the grants (half removed, half new), then diffed,
// read --as-of the first run and exported. Prints wall and CPU times, items/s, peak
// RSS and the size on disk after the first sync and after the last.
//
//   store_bench [--users N] [--roles N] [--grants N] [--churn-syncs N] [--state DIR]
#include <sys/resource.h>
#include <unistd.h>

#include <boost/program_options.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>

#include "connector/store/diff.hpp"
#include "connector/store/export.hpp"
#include "connector/store/snapshot.hpp"
#include "connector/store/store.hpp"
#include "connector/store/sync_runs.hpp"
#include "connector/store/sync_writer.hpp"

namespace store = connector::store;
namespace po = boost::program_options;

namespace {

struct Shape {
  int users = 100'000;
  int roles = 2'000;
  int grants = 200'000;
  // Churn step: grants g with g % 200 < churn are gone, and churn * grants / 200 new
  // ones (principals beyond the users) are there: each step changes 1% of the grants.
  int churn = 0;
};

// Items as the NinjaOne plugin emits them (plugins/ninjaone/resources/users.cpp,
// roles.cpp), built with snprintf so that generating them costs little next to storing.
class ItemFactory {
 public:
  const std::string& user(int id) {
    const bool technician = id % 10 == 0;
    format(R"({"id":"user:%d","type":"user","display_name":"First%d Last%d","traits":["user"],)"
           R"("status":"%s","profile":{"userType":"%s","email":"user%d@example.com",)"
           R"("firstName":"First%d","lastName":"Last%d","invitationStatus":"REGISTERED",)"
           R"("mfaConfigured":true,"uid":"0b4c%08x-1f2e-4d5c-9a8b-%012d",%s}})",
           id, id, id, id % 97 == 0 ? "disabled" : "enabled",
           technician ? "TECHNICIAN" : "END_USER", id, id, id, id, id,
           technician ? R"("administrator":false)" : R"("organizationId":3)");
    return buffer_;
  }
  const std::string& role(int id) {
    format(R"({"id":"role:%d","type":"role","display_name":"Role %d","traits":["role"],)"
           R"("status":"enabled","profile":{"roleType":"%s","description":"Generated role %d"}})",
           id, id, id % 2 == 0 ? "TECHNICIAN" : "END_USER", id);
    return buffer_;
  }
  const std::string& entitlement(int role) {
    format(R"({"id":"role:%d:member","resource":"role:%d","slug":"member",)"
           R"("display_name":"Role %d member","purpose":"assignment","grantable_to":["user"],)"
           R"("provisionable":true})",
           role, role, role);
    return buffer_;
  }
  const std::string& grant(int role, int user) {
    format(
        R"({"id":"role:%d:member:user:%d","entitlement":"role:%d:member","principal":"user:%d"})",
        role, user, role, user);
    return buffer_;
  }

 private:
  template <typename... Args>
  void format(const char* pattern, Args... args) {
    buffer_.resize(1024);
    const int size = std::snprintf(buffer_.data(), buffer_.size(), pattern, args...);
    buffer_.resize(static_cast<std::size_t>(size));
  }
  std::string buffer_;
};

// Feeds every item of the tenant to `sink(kind, json)`; grant g joins user
// (g % users) + 1 to role (g * 7919 % roles) + 1, a spread with no duplicates
// while grants <= users * roles / 2.
void generate(const Shape& shape, const std::function<void(char, const std::string&)>& sink) {
  ItemFactory items;
  sink('t', R"({"id":"user","display_name":"User","traits":["user"]})");
  sink('t', R"({"id":"role","display_name":"Role","traits":["role"]})");
  for (int u = 1; u <= shape.users; ++u) sink('r', items.user(u));
  for (int r = 1; r <= shape.roles; ++r) sink('r', items.role(r));
  for (int r = 1; r <= shape.roles; ++r) sink('e', items.entitlement(r));
  for (int g = 0; g < shape.grants; ++g) {
    if (g % 200 < shape.churn) continue;
    const int user = g % shape.users + 1;
    const int role =
        static_cast<int>((static_cast<long long>(g / shape.users) * 7919 + user) % shape.roles) + 1;
    sink('g', items.grant(role, user));
  }
  const int added = static_cast<int>(static_cast<long long>(shape.churn) * shape.grants / 200);
  for (int j = 0; j < added; ++j) sink('g', items.grant(j % shape.roles + 1, shape.users + 1 + j));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU seconds (user + system) of this process: on a shared machine, steadier than wall time.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

double file_mib(const std::filesystem::path& file) {
  std::error_code error;
  const auto size = std::filesystem::file_size(file, error);
  return error ? 0.0 : static_cast<double>(size) / (1024.0 * 1024.0);
}

std::int64_t sync_once(store::Store& db, const Shape& shape, const char* label,
                       bool quiet = false) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_seconds();
  auto writer = store::SyncWriter::begin(db, "bench");
  generate(shape, [&](char kind, const std::string& json) {
    switch (kind) {
      case 't':
        writer.add_resource_type(json);
        break;
      case 'r':
        writer.add_resource(json);
        break;
      case 'e':
        writer.add_entitlement(json);
        break;
      default:
        writer.add_grant(json);
    }
  });
  const double staging = seconds_since(start);
  const auto commit_start = std::chrono::steady_clock::now();
  const auto run = writer.commit();
  const double commit = seconds_since(commit_start);
  const double total = seconds_since(start);
  if (quiet) return run.id;
  std::printf(
      "%-22s: %6.2f s  %9.0f items/s  (staging %.2f s, commit %.2f s; CPU %.2f s)  status %s\n",
      label, total, static_cast<double>(run.counts.total()) / total, staging, commit,
      cpu_seconds() - cpu_start, std::string(store::to_string(run.status)).c_str());
  std::printf("%-22s  added %lld, changed %lld, removed %lld\n", "",
              static_cast<long long>(run.changes.added),
              static_cast<long long>(run.changes.changed),
              static_cast<long long>(run.changes.removed));
  return run.id;
}

// The database and its WAL, after a checkpoint.
double store_mib(store::Store& db) {
  db.db().execute("PRAGMA wal_checkpoint(TRUNCATE)");
  return file_mib(db.file()) + file_mib(db.file().string() + "-wal");
}

}  // namespace

int main(int argc, char** argv) {
  Shape shape;
  std::string state;
  po::options_description options("store_bench options");
  options.add_options()("help", "this help")(
      "users", po::value(&shape.users)->default_value(shape.users), "users")(
      "roles", po::value(&shape.roles)->default_value(shape.roles), "roles")(
      "grants", po::value(&shape.grants)->default_value(shape.grants), "role memberships")(
      "churn-syncs", po::value<int>()->default_value(30),
      "syncs after the first two, each changing 1% of the grants")(
      "state", po::value(&state), "state directory to keep (default: a temporary one, removed)");
  po::variables_map args;
  try {
    po::store(po::parse_command_line(argc, argv, options), args);
    po::notify(args);
  } catch (const po::error& error) {
    std::cerr << "store_bench: " << error.what() << "\n" << options;
    return 2;
  }
  if (args.count("help") != 0U) {
    std::cout << options;
    return 0;
  }

  const bool temporary = state.empty();
  const auto dir = temporary ? std::filesystem::temp_directory_path() /
                                   ("store-bench-" + std::to_string(::getpid()))
                             : std::filesystem::path(state);
  std::filesystem::remove_all(dir / store::Store::kFileName);

  const long long items = 2LL + 2LL * shape.roles + shape.users + shape.grants;
  std::printf("store benchmark: %d users, %d roles, %d grants (%lld items)\n", shape.users,
              shape.roles, shape.grants, items);

  // What producing the JSON costs on its own, to subtract from the figures below.
  auto start = std::chrono::steady_clock::now();
  std::size_t bytes = 0;
  generate(shape, [&](char, const std::string& json) { bytes += json.size(); });
  std::printf("%-22s: %6.2f s  (%.1f MiB of item JSON)\n", "generate items only",
              seconds_since(start), static_cast<double>(bytes) / (1024.0 * 1024.0));

  const int churn_syncs = std::min(args["churn-syncs"].as<int>(), 199);
  double first_mib = 0, last_mib = 0;
  {
    store::Store db(dir);
    const auto first = sync_once(db, shape, "sync 1 (empty store)");
    first_mib = store_mib(db);
    sync_once(db, shape, "sync 2 (unchanged)");

    start = std::chrono::steady_clock::now();
    double cpu = cpu_seconds();
    Shape churned = shape;
    for (churned.churn = 1; churned.churn <= churn_syncs; ++churned.churn) {
      sync_once(db, churned, "", churned.churn != churn_syncs);
    }
    std::printf("%-22s: %6.2f s for %d syncs, each changing 1%% of the grants (CPU %.2f s)\n",
                "churn", seconds_since(start), churn_syncs, cpu_seconds() - cpu);
    last_mib = store_mib(db);

    start = std::chrono::steady_clock::now();
    cpu = cpu_seconds();
    const auto diff = store::diff_last_good_runs(db.db(), "bench");
    std::printf("%-22s: %6.3f s  (%zu resource and %zu grant changes; CPU %.3f s)\n",
                "diff of the last two", seconds_since(start), diff ? diff->resources.size() : 0,
                diff ? diff->grants.size() : 0, cpu_seconds() - cpu);

    start = std::chrono::steady_clock::now();
    cpu = cpu_seconds();
    std::size_t grants = 0;
    store::Snapshot(db.db(), *store::find_run(db.db(), first)).grants("", [&](std::string_view) {
      ++grants;
    });
    std::printf("%-22s: %6.3f s  (%zu grants; CPU %.3f s)\n", "grants as of run 1",
                seconds_since(start), grants, cpu_seconds() - cpu);

    start = std::chrono::steady_clock::now();
    std::ofstream out(dir / "export.jsonl");
    const auto exported = store::export_run(db.db(), diff->to.id, store::ExportFormat::jsonl, out);
    out.close();
    std::printf("%-22s: %6.2f s  (%lld items, %.1f MiB)\n", "export jsonl", seconds_since(start),
                static_cast<long long>(exported), file_mib(dir / "export.jsonl"));
    std::filesystem::remove(dir / "export.jsonl");
  }
  std::printf("%-22s: %6.1f MiB\n", "peak RSS", peak_rss_mib());
  std::printf("%-22s: %6.1f MiB after the first sync, %.1f MiB after %d more (%.2fx)\n",
              "db size on disk", first_mib, last_mib, churn_syncs + 1, last_mib / first_mib);
  if (temporary) std::filesystem::remove_all(dir);
  return 0;
}
