// The in-memory index of current versions a sync compares with (host/store/src/
// version_index.*): every entry is found under its key after seal(), whatever the
// keys' order and however many share a bucket or a key.
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "version_index.hpp"

using connector::store::detail::ItemKind;
using connector::store::detail::VersionIndex;

namespace {

// Finds every (key, version) added, and nothing under a key never added.
void check_finds_everything(VersionIndex& index,
                            const std::vector<std::pair<std::uint64_t, std::int64_t>>& added) {
  std::multiset<std::pair<std::uint64_t, std::int64_t>> expected(added.begin(), added.end());
  std::multiset<std::pair<std::uint64_t, std::int64_t>> found;
  std::set<std::uint64_t> keys;
  for (const auto& [key, version] : added) keys.insert(key);
  for (const std::uint64_t key : keys) {
    index.prefetch_bucket(key);
    index.prefetch(key);
    for (const auto& entry : index.find(key)) {
      BOOST_REQUIRE(entry.key() == key);
      found.emplace(entry.key(), entry.version());
    }
  }
  BOOST_TEST((found == expected));
  std::size_t visited = 0;
  index.for_each([&](const VersionIndex::Entry&) { ++visited; });
  BOOST_TEST(visited == added.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(version_index)

BOOST_AUTO_TEST_CASE(finds_every_entry_of_a_large_index_added_in_no_order) {
  std::mt19937_64 random(20261204);
  VersionIndex index;
  std::vector<std::pair<std::uint64_t, std::int64_t>> added;
  for (std::int64_t version = 1; version <= 200'000; ++version) {
    const std::uint64_t key = random();
    index.add(ItemKind::grant, key, key ^ 1u, version);
    added.emplace_back(key, version);
  }
  index.seal();
  BOOST_TEST(index.size() == added.size());
  check_finds_everything(index, added);
  BOOST_TEST(index.find(0x0123456789abcdefu).empty());
}

BOOST_AUTO_TEST_CASE(keys_that_share_a_bucket_or_a_key_are_all_found) {
  // All in a few buckets (the top 16 bits), several ids under one key (a 64-bit hash
  // collision), added in descending order.
  VersionIndex index;
  std::vector<std::pair<std::uint64_t, std::int64_t>> added;
  std::int64_t version = 0;
  for (std::uint64_t bucket = 3; bucket-- > 0;) {
    for (std::uint64_t low = 500; low-- > 0;) {
      const std::uint64_t key = bucket << 48 | low * 7;
      const int copies = low % 50 == 0 ? 3 : 1;
      for (int copy = 0; copy < copies; ++copy) {
        index.add(ItemKind::resource, key, low, ++version);
        added.emplace_back(key, version);
      }
    }
  }
  // And the last bucket, to check the directory's end.
  index.add(ItemKind::resource, ~std::uint64_t{0}, 1, ++version);
  added.emplace_back(~std::uint64_t{0}, version);
  index.seal();
  check_finds_everything(index, added);
  BOOST_TEST(index.find(std::uint64_t{1} << 48 | 1).empty());
  BOOST_TEST(index.counts()[static_cast<std::size_t>(ItemKind::resource)] == version);
}

BOOST_AUTO_TEST_CASE(keys_spread_over_one_top_byte_or_every_top_byte_are_all_found) {
  // seal() places entries by the key's top 8 bits, then the next 8: keys that all
  // share their top byte (one run of the first step, every run of the second), and
  // keys that differ only there (every run of the first step, one of each second).
  VersionIndex index;
  std::vector<std::pair<std::uint64_t, std::int64_t>> added;
  std::int64_t version = 0;
  for (std::uint64_t digit = 256; digit-- > 0;) {
    for (const std::uint64_t key : {0xab00'0000'0000'0000u | digit << 48 | digit,
                                    digit << 56 | 0x00cd'0000'0000'0000u | digit}) {
      index.add(ItemKind::grant, key, key, ++version);
      added.emplace_back(key, version);
    }
  }
  index.seal();
  check_finds_everything(index, added);
  BOOST_TEST(index.find(0xab01'0000'0000'0000u).empty());
}

BOOST_AUTO_TEST_CASE(an_empty_index_finds_nothing) {
  VersionIndex index;
  index.seal();
  index.prefetch_bucket(42);
  index.prefetch(42);
  BOOST_TEST(index.find(42).empty());
  BOOST_TEST(index.size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
