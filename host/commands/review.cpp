// `review ACTION ...`: access reviews over the store (host/review, docs/reviews.md).
//
//   review start CONNECTOR --name NAME [--entitlement GLOB]... [--as-of AT]
//   review list CONNECTOR
//   review show REVIEW [--undecided]
//   review export REVIEW --format csv|html [--file F]
//   review decide REVIEW --file F.csv [--reviewer EMAIL]
//   review decide REVIEW --item GRANT_ID (--keep | --revoke) [--reason TEXT] [--reviewer EMAIL]
//   review apply REVIEW [--dry-run]
//   review close REVIEW
//   review report REVIEW --format json|html [--file F]
//
// One command with an ACTION argument: each action accepts only its own options, and
// says so when given another's.
#include <pwd.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <boost/program_options/value_semantic.hpp>

#include <connector/store/reviews.hpp>
#include <connector/store/store.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "commands/arguments.hpp"
#include "commands/point_in_time_option.hpp"
#include "commands/store_access.hpp"
#include "common/error.hpp"
#include "common/file_writer.hpp"
#include "review/entitlement_glob.hpp"
#include "review/review_apply.hpp"
#include "review/review_csv.hpp"
#include "review/review_html.hpp"
#include "review/review_json.hpp"
#include "review/review_start.hpp"

namespace connector::host::commands {
namespace {

namespace po = boost::program_options;
namespace json = boost::json;

// The options each action takes (the others are refused for it).
const std::map<std::string, std::vector<std::string>, std::less<>> kActionOptions{
    {"start", {"name", "entitlement", "as-of"}},
    {"list", {}},
    {"show", {"undecided"}},
    {"export", {"format", "file"}},
    {"decide", {"file", "item", "keep", "revoke", "reason", "reviewer"}},
    {"apply", {"dry-run"}},
    {"close", {}},
    {"report", {"format", "file"}},
};

const std::vector<std::string> kAllOptions{"name",   "entitlement", "as-of",    "undecided",
                                           "format", "file",        "item",     "keep",
                                           "revoke", "reason",      "reviewer", "dry-run"};

std::string action_of(const po::variables_map& args) {
  if (args.count("action") == 0) {
    throw HostError(ExitCode::usage,
                    "review: missing the ACTION (start, list, show, export, decide, apply, close "
                    "or report)");
  }
  const std::string& action = args["action"].as<std::string>();
  const auto allowed = kActionOptions.find(action);
  if (allowed == kActionOptions.end()) {
    throw HostError(ExitCode::usage, "review: unknown action '" + action +
                                         "' (start, list, show, export, decide, apply, close "
                                         "or report)");
  }
  for (const auto& option : kAllOptions) {
    if (args.count(option) == 0 || args[option].defaulted()) continue;
    if (std::find(allowed->second.begin(), allowed->second.end(), option) ==
        allowed->second.end()) {
      throw HostError(ExitCode::usage,
                      "review " + action + ": --" + option + " is not one of its options");
    }
  }
  return action;
}

const std::string& subject_of(const po::variables_map& args, const std::string& action,
                              const char* what) {
  if (args.count("subject") == 0) {
    throw HostError(ExitCode::usage, "review " + action + ": missing the " + what + " argument");
  }
  return args["subject"].as<std::string>();
}

std::int64_t review_id_of(const po::variables_map& args, const std::string& action) {
  const std::string& text = subject_of(args, action, "REVIEW (a review id)");
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
    throw HostError(ExitCode::usage,
                    "review " + action + ": '" + text + "' is not a review id (a number)");
  }
  return id;
}

store::Review existing_review(store::Database& db, std::int64_t id) {
  auto review = store::find_review(db, id);
  if (!review) {
    throw HostError(ExitCode::usage, "no review " + std::to_string(id) +
                                         " in the store (review list CONNECTOR lists them)");
  }
  return *review;
}

void require_open(const store::Review& review, const std::string& action) {
  if (!review.closed_at) return;
  throw HostError(ExitCode::usage, "review " + std::to_string(review.id) + " was closed at " +
                                       store::to_iso8601(*review.closed_at) +
                                       ": its decisions are frozen (" + action + " refused)");
}

// The document goes to --file (written whole) or stdout.
void deliver(Session& session, const po::variables_map& args, const std::string& document,
             const json::object& summary) {
  const std::string file = optional_string(args, "file");
  if (file.empty()) {
    session.out() << document;
    session.out().flush();
    return;
  }
  try {
    write_file_whole(file, document, Existing::replace);
  } catch (const std::exception& e) {
    throw HostError(ExitCode::state, e.what());
  }
  auto printer = session.printer({{"REVIEW", "review"}, {"FORMAT", "format"}, {"FILE", "file"}});
  json::object line = summary;
  line["file"] = file;
  printer->print(line);
  printer->finish();
}

std::string read_whole_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw HostError(ExitCode::usage, "--file: cannot read " + file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string login_name() {
  if (const passwd* user = ::getpwuid(::geteuid()); user != nullptr && user->pw_name != nullptr)
    return user->pw_name;
  return "uid " + std::to_string(::geteuid());
}

bool same_decision(const store::ReviewItem& item, const store::ReviewDecision& decision) {
  return item.decision && item.decision->decision == decision.decision &&
         item.decision->reason == decision.reason && item.decision->reviewer == decision.reviewer;
}

class ReviewCommand final : public Command {
 public:
  std::string_view name() const override { return "review"; }
  std::string_view synopsis() const override {
    return "review start CONNECTOR --name NAME [--entitlement GLOB]... [--as-of AT]\n"
           "  review list CONNECTOR | show REVIEW [--undecided] | close REVIEW\n"
           "  review export REVIEW --format csv|html [--file F]\n"
           "  review decide REVIEW (--file F.csv | --item GRANT_ID (--keep|--revoke) "
           "[--reason TEXT]) [--reviewer EMAIL]\n"
           "  review apply REVIEW [--dry-run] | report REVIEW --format json|html [--file F]";
  }
  std::string_view summary() const override {
    return "access reviews: freeze who has what, decide keep or revoke, revoke, report";
  }

  void declare(CommandOptions& options) const override {
    options.hidden.add_options()("action", po::value<std::string>(), "what to do")(
        "subject", po::value<std::string>(), "CONNECTOR or REVIEW");
    options.positional.add("action", 1).add("subject", 1);
    options.visible.add_options()("name", po::value<std::string>(),
                                  "start: the review's name, eg: \"Q4 technician roles\"")(
        "entitlement", po::value<std::vector<std::string>>()->value_name("GLOB"),
        "start: review the grants of entitlements matching GLOB (repeatable; eg: "
        "role:*:member, tenant:*:administrator); default: every entitlement");
    add_point_in_time_option(options, "as-of",
                             "start: freeze the grants at AT (a run: 12 or run:12; a date: "
                             "2026-11-30; a time: 2026-11-30T12:00:00Z); default: the latest "
                             "good sync");
    options.visible.add_options()("undecided", "show: only the items without a decision")(
        "format", po::value<std::string>(), "export: csv or html; report: json or html")(
        "file", po::value<std::string>(),
        "export, report: write to F (whole, replacing it) instead of stdout; decide: the "
        "filled-in CSV to read")("item", po::value<std::string>(),
                                 "decide: the item (its grant id) to decide")(
        "keep", "decide --item: keep the access")("revoke", "decide --item: revoke the access")(
        "reason", po::value<std::string>(), "decide --item: why")(
        "reviewer", po::value<std::string>(),
        "decide: who decides (default: a file row's reviewer cell, else the login name)")(
        "dry-run", "apply: print the requests each revoke would send; change nothing");
  }

  void run(Session& session, const po::variables_map& args) const override {
    const std::string action = action_of(args);
    if (action == "start") return start(session, args);
    if (action == "list") return list(session, args);
    const std::int64_t id = review_id_of(args, action);
    store::Store store = open_store(session);
    const store::Review review = existing_review(store.db(), id);
    if (action == "show") return show(session, args, store, review);
    if (action == "export") return export_review(session, args, store, review);
    if (action == "decide") return decide(session, args, store, review);
    if (action == "apply") return apply(session, args, store, review);
    if (action == "close") return close(session, store, review);
    report(session, args, store, review);
  }

 private:
  static void start(Session& session, const po::variables_map& args) {
    const std::string& connector = subject_of(args, "start", "CONNECTOR");
    const std::string name = optional_string(args, "name");
    if (name.empty()) throw HostError(ExitCode::usage, "review start: --name NAME is required");
    std::vector<std::string> scope;
    if (args.count("entitlement")) scope = args["entitlement"].as<std::vector<std::string>>();
    review::check_globs(scope);
    const auto as_of = point_in_time_argument(args, "as-of");
    session.connector(connector);  // a connector the manifests define
    store::Store store = open_store(session);
    const store::SyncRun run = resolve_run(store.db(), connector, as_of, "--as-of");
    const auto started =
        review::start_review(store.db(), {connector, name, scope, run, store::now()});
    auto printer =
        session.printer({{"REVIEW", "review"}, {"ITEMS", "items"}, {"AS OF RUN", "as_of_run"}});
    printer->print({{"review", started.id},
                    {"items", static_cast<std::int64_t>(started.items)},
                    {"as_of_run", run.id}});
    printer->finish();
  }

  static void list(Session& session, const po::variables_map& args) {
    const std::string& connector = subject_of(args, "list", "CONNECTOR");
    store::Store store = open_store(session);
    auto printer = session.printer({{"REVIEW", "review"},
                                    {"NAME", "name"},
                                    {"AS OF RUN", "as_of_run"},
                                    {"STATE", "state"},
                                    {"ITEMS", "items"},
                                    {"UNDECIDED", "undecided"},
                                    {"REVOKE", "revoke"},
                                    {"CREATED", "created_at"}});
    for (const auto& review : store::list_reviews(store.db(), connector)) {
      printer->print(review::review_summary(review, store::review_items(store.db(), review.id)));
    }
    printer->finish();
  }

  static void show(Session& session, const po::variables_map& args, store::Store& store,
                   const store::Review& review) {
    const bool undecided_only = args.count("undecided") != 0;
    auto printer = session.printer({{"ITEM", "item"},
                                    {"PRINCIPAL", "principal_name"},
                                    {"EMAIL", "email"},
                                    {"FLAGS", "flags"},
                                    {"HELD SINCE", "held_since"},
                                    {"DECISION", "decision"},
                                    {"REVIEWER", "reviewer"},
                                    {"APPLIED", "applied"}});
    for (const auto& item : store::review_items(store.db(), review.id)) {
      if (undecided_only && item.decision) continue;
      printer->print(review::item_json(item));
    }
    printer->finish();
  }

  static std::string format_of(const po::variables_map& args, const std::string& action,
                               std::initializer_list<std::string_view> formats) {
    const std::string format = optional_string(args, "format");
    std::string names;
    for (const auto name : formats) {
      if (format == name) return format;
      names += (names.empty() ? "" : " or ") + std::string(name);
    }
    if (format.empty())
      throw HostError(ExitCode::usage, "review " + action + ": --format " + names + " is required");
    throw HostError(ExitCode::usage,
                    "review " + action + ": --format '" + format + "' is not " + names);
  }

  static void export_review(Session& session, const po::variables_map& args, store::Store& store,
                            const store::Review& review) {
    const std::string format = format_of(args, "export", {"csv", "html"});
    const auto items = store::review_items(store.db(), review.id);
    std::ostringstream document;
    if (format == "csv") {
      review::write_review_csv(document, items);
    } else {
      review::write_review_html(document, review, items, store::now());
    }
    deliver(session, args, document.str(),
            {{"review", review.id},
             {"format", format},
             {"items", static_cast<std::int64_t>(items.size())}});
  }

  static void decide(Session& session, const po::variables_map& args, store::Store& store,
                     const store::Review& review) {
    require_open(review, "decide");
    const std::string file = optional_string(args, "file");
    const std::string item_id = optional_string(args, "item");
    const std::string reviewer = optional_string(args, "reviewer");
    if (file.empty() == item_id.empty()) {
      throw HostError(ExitCode::usage, "review decide: give --file F.csv or --item GRANT_ID");
    }
    const auto items = store::review_items(store.db(), review.id);
    const store::TimePoint now = store::now();
    std::vector<store::ReviewDecision> decisions;
    if (!file.empty()) {
      if (args.count("keep") || args.count("revoke") || args.count("reason")) {
        throw HostError(ExitCode::usage,
                        "review decide --file: --keep, --revoke and --reason go with --item");
      }
      try {
        for (auto& row : review::read_decisions(read_whole_file(file), items)) {
          decisions.push_back({0, row.item, row.decision, row.reason,
                               row.reviewer ? row.reviewer
                                            : std::optional<std::string>(
                                                  reviewer.empty() ? login_name() : reviewer),
                               now});
        }
      } catch (const review::DecisionFileError& e) {
        throw HostError(ExitCode::usage, file + " " + e.what() + "; nothing was recorded");
      }
    } else {
      if ((args.count("keep") != 0) == (args.count("revoke") != 0)) {
        throw HostError(ExitCode::usage, "review decide --item: give --keep or --revoke");
      }
      if (std::none_of(items.begin(), items.end(),
                       [&](const auto& item) { return item.item == item_id; })) {
        throw HostError(ExitCode::usage, "review decide: item '" + item_id + "' is not in review " +
                                             std::to_string(review.id));
      }
      const std::string reason = optional_string(args, "reason");
      decisions.push_back({0, item_id, args.count("keep") ? "keep" : "revoke",
                           reason.empty() ? std::nullopt : std::optional<std::string>(reason),
                           reviewer.empty() ? login_name() : reviewer, now});
    }
    std::map<std::string, const store::ReviewItem*, std::less<>> by_id;
    for (const auto& item : items) by_id.emplace(item.item, &item);
    std::vector<store::ReviewDecision> changed;
    for (auto& decision : decisions) {
      if (!same_decision(*by_id.at(decision.item), decision))
        changed.push_back(std::move(decision));
    }
    store::record_decisions(store.db(), review.id, changed);
    auto printer = session.printer(
        {{"REVIEW", "review"}, {"RECORDED", "recorded"}, {"UNCHANGED", "unchanged"}});
    printer->print({{"review", review.id},
                    {"recorded", static_cast<std::int64_t>(changed.size())},
                    {"unchanged", static_cast<std::int64_t>(decisions.size() - changed.size())}});
    printer->finish();
  }

  static void apply(Session& session, const po::variables_map& args, store::Store& store,
                    const store::Review& review) {
    const bool dry_run = args.count("dry-run") != 0;
    const auto& connector = session.connector(review.connector);
    std::unique_ptr<runtime::Instance> instance;
    const provisioning::ProvisioningEnvironment environment{connector, store.db(),
                                                            [&]() -> runtime::Instance& {
                                                              if (!instance)
                                                                instance =
                                                                    session.open(review.connector);
                                                              return *instance;
                                                            },
                                                            *session.logger()};
    auto printer = session.printer({{"ITEM", "item"},
                                    {"STATUS", "status"},
                                    {"OPERATION", "operation.id"},
                                    {"ERROR", "error"}});
    const auto counts = review::apply_review(environment, review, dry_run,
                                             [&](json::object&& line) { printer->print(line); });
    printer->finish();
    if (counts.failed > 0) {
      throw HostError(ExitCode::plugin_call,
                      "review " + std::to_string(review.id) + ": " + std::to_string(counts.failed) +
                          " revoke(s) failed; run apply again to retry them");
    }
  }

  static void close(Session& session, store::Store& store, const store::Review& review) {
    const store::TimePoint now = store::now();
    if (!store::close_review(store.db(), review.id, now)) require_open(review, "close");
    auto printer = session.printer({{"REVIEW", "review"}, {"CLOSED AT", "closed_at"}});
    printer->print({{"review", review.id}, {"closed_at", store::to_iso8601(now)}});
    printer->finish();
  }

  static void report(Session& session, const po::variables_map& args, store::Store& store,
                     const store::Review& review) {
    const std::string format = format_of(args, "report", {"json", "html"});
    const json::object report = review::review_report(store.db(), review, store::now());
    const std::string document =
        format == "json" ? json::serialize(report) + "\n" : review::report_html(report);
    deliver(session, args, document, {{"review", review.id}, {"format", format}});
  }
};

}  // namespace

std::unique_ptr<Command> make_review_command() { return std::make_unique<ReviewCommand>(); }

}  // namespace connector::host::commands
