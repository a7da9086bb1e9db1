#include "generator.hpp"

#include <array>
#include <cstdio>
#include <limits>
#include <random>
#include <stdexcept>

namespace ninjaone_sim {
namespace {

constexpr std::int32_t kMaxId = std::numeric_limits<std::int32_t>::max();

// mt19937_64's output sequence is fixed by the C++ standard (distributions are not),
// so every draw goes through `below` to stay identical across standard libraries.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t below(std::uint64_t n) { return engine_() % n; }
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }
  std::string uuid() {
    std::array<unsigned char, 16> b{};
    for (auto& byte : b) byte = static_cast<unsigned char>(below(256));
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out,
                  "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return out;
  }

 private:
  std::mt19937_64 engine_;
};

// Names that break naive JSON, CSV or SQL handling; the first users of each type get them.
struct HardName {
  const char* first;
  const char* last;
  const char* email;  // nullptr: the user has no email
};
constexpr HardName kHardNames[] = {
    {"Zo\u00eb \"Zed\"", "O'Brien", "zoe.obrien+ops@Example.COM"},
    {"Back\\slash", "C:\\Users\\Test", "back.slash@example.com"},
    {"\u5c0f\u660e", "\u738b", "xiaoming.wang@example.cn"},
    {"Emoji \U0001F600", "Party\U0001F389", nullptr},
};

constexpr const char* kFirstNames[] = {"Alice", "Bruno", "Chen",  "Dana",  "Emeka", "Fatima",
                                       "Goran", "Hana",  "Ivan",  "Jun",   "Kiri",  "Lena",
                                       "Mateo", "Nadia", "Oskar", "Priya", "Quinn", "Rosa"};
constexpr const char* kLastNames[] = {"Smith",  "Garcia",   "Nakamura", "Okafor", "Novak",
                                      "Silva",  "Kowalski", "Haddad",   "Larsen", "Dubois",
                                      "Muller", "Rossi",    "Kim",      "Singh",  "Ivanova"};
constexpr const char* kOrgNames[] = {"M\u00fcller & S\u00f6hne \"GmbH\"",
                                     "\u6771\u4eac Branch \\ \U0001F3E2",
                                     "Acme Corp",
                                     "Globex",
                                     "Initech",
                                     "Umbrella Health",
                                     "Stark Logistics"};
constexpr const char* kRoleNames[] = {"Helpdesk", "Portal Users", "Network \"Ops\" \\ Team",
                                      "\u7ecf\u7406 Managers \U0001F4BC"};

template <class T, std::size_t N>
constexpr std::size_t count_of(const T (&)[N]) {
  return N;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// Increasing ids with random gaps of min_gap..max_gap; the last one is pinned to `last`
// when given.
std::vector<std::int32_t> spaced_ids(Random& rng, int count, std::int32_t start, int min_gap,
                                     int max_gap, std::optional<std::int32_t> last) {
  std::vector<std::int32_t> ids;
  std::int64_t next = start;
  for (int i = 0; i < count; ++i) {
    ids.push_back(static_cast<std::int32_t>(next));
    next += min_gap +
            static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(max_gap - min_gap + 1)));
  }
  if (last && !ids.empty()) ids.back() = *last;
  return ids;
}

User make_user(Random& rng, UserType type, std::int32_t id, int index) {
  User u;
  u.id = id;
  u.type = type;
  u.uid = rng.uuid();
  const std::string tag = type == UserType::technician ? "tech" : "user";
  if (index >= 1 && index <= static_cast<int>(count_of(kHardNames))) {
    const auto& hard = kHardNames[index - 1];
    u.first_name = hard.first;
    u.last_name = hard.last;
    if (hard.email) u.email = tag + "." + hard.email;
  } else {
    u.first_name = kFirstNames[rng.below(count_of(kFirstNames))];
    u.last_name = kLastNames[rng.below(count_of(kLastNames))];
    if (index % 7 != 5) {
      u.email = lower_ascii(u.first_name + "." + u.last_name) + "." + std::to_string(id) + "@" +
                tag + "s.example.com";
    }
  }
  if (index % 2 == 0) u.phone = "+1-555-" + std::to_string(1000 + index % 9000);
  u.enabled = index % 5 != 3;
  u.mfa_configured = rng.chance(60);
  u.must_change_pw = index % 11 == 6;
  u.auth_type = index % 3 == 2 ? "SSO" : "NATIVE";
  u.invitation_status = index % 6 == 4 ? "PENDING" : "REGISTERED";
  if (type == UserType::technician) {
    u.administrator = index == 0 || index % 4 == 2;
    u.permit_all_clients = u.administrator;
    u.notify_all_clients = index % 3 == 0;
  }
  return u;
}

}  // namespace

Tenant generate_tenant(const GeneratorParams& p) {
  if (p.technicians < 0 || p.end_users < 0 || p.roles < 0 || p.organizations < 0 ||
      p.members_per_role < 0) {
    throw std::invalid_argument("generator counts must not be negative");
  }
  if (p.end_users > 0 && p.organizations == 0) {
    throw std::invalid_argument("end users need at least one organization");
  }
  Random rng(p.seed);
  Tenant tenant;
  tenant.ticket_statuses = default_ticket_statuses();
  tenant.ticket_forms = default_ticket_forms();

  // Organization ids skip values (gaps of 2..6) so keyset paging cannot pass by counting.
  auto org_ids = spaced_ids(rng, p.organizations, 2, 2, 6, std::nullopt);
  for (std::size_t i = 0; i < org_ids.size(); ++i) {
    Organization org;
    org.id = org_ids[i];
    org.name = i < count_of(kOrgNames) ? std::string(kOrgNames[i])
                                       : "Organization " + std::to_string(org.id);
    org.description = "Generated organization #" + std::to_string(i + 1);
    org.node_approval_mode = i % 3 == 2 ? "MANUAL" : "AUTOMATIC";
    tenant.organizations.emplace(org.id, std::move(org));
  }

  // Technicians first, then end users; the very last user gets id 2147483647.
  const int user_count = p.technicians + p.end_users;
  auto user_ids = spaced_ids(rng, user_count, 101, 1, 3, kMaxId);
  std::vector<std::int32_t> technician_ids, end_user_ids;
  for (int i = 0; i < user_count; ++i) {
    const bool is_tech = i < p.technicians;
    const int index = is_tech ? i : i - p.technicians;
    auto user =
        make_user(rng, is_tech ? UserType::technician : UserType::end_user, user_ids[i], index);
    if (!is_tech) {
      user.organization_id = org_ids[static_cast<std::size_t>(index) % org_ids.size()];
      user.full_portal_access = index % 2 == 1;
    }
    (is_tech ? technician_ids : end_user_ids).push_back(user.id);
    tenant.users.emplace(user.id, std::move(user));
  }

  auto role_ids = spaced_ids(rng, p.roles, 1, 1, 4, std::nullopt);
  for (int i = 0; i < p.roles; ++i) {
    Role role;
    role.id = role_ids[static_cast<std::size_t>(i)];
    role.type = i % 2 == 0 ? UserType::technician : UserType::end_user;
    role.name = static_cast<std::size_t>(i) < count_of(kRoleNames)
                    ? std::string(kRoleNames[i])
                    : std::string(to_string(role.type)) + " role " + std::to_string(role.id);
    role.description = "Generated " + std::string(to_string(role.type)) + " role";
    // A partial Fisher-Yates shuffle picks distinct members of the role's type.
    auto candidates = role.type == UserType::technician ? technician_ids : end_user_ids;
    const auto wanted =
        std::min<std::size_t>(static_cast<std::size_t>(p.members_per_role), candidates.size());
    for (std::size_t k = 0; k < wanted; ++k) {
      auto pick = k + rng.below(candidates.size() - k);
      std::swap(candidates[k], candidates[pick]);
      role.members[candidates[k]] = RoleMembership{k % 5 == 4 ? "SCIM" : "MANUAL"};
    }
    tenant.roles.emplace(role.id, std::move(role));
  }
  check_consistency(tenant);
  return tenant;
}

}  // namespace ninjaone_sim
