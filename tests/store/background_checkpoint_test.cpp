// The WAL copied into the database file by a thread of its own while a connection
// writes (host/store/src/background_checkpoint.*): the writer's own automatic
// checkpoints are off meanwhile, and on again after.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "background_checkpoint.hpp"
#include "connector/store/sqlite.hpp"
#include "support/temp_dir.hpp"

using connector::store::Database;
using connector::store::detail::BackgroundCheckpoint;

namespace {

constexpr std::uintmax_t kWritten = 8 * 1024 * 1024;

// Waits up to 10 s for the database file (not its WAL) to hold `bytes`.
bool file_reaches(const std::filesystem::path& file, std::uintmax_t bytes) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::filesystem::file_size(file) < bytes) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// Writes kWritten bytes in 32 transactions, as a sync commits its batches.
void write_batches(Database& db) {
  for (int batch = 0; batch < 32; ++batch) {
    db.execute("BEGIN IMMEDIATE");
    db.execute("INSERT INTO blobs VALUES (randomblob(" + std::to_string(kWritten / 32) + "))");
    db.execute("COMMIT");
  }
}

// A new database with one table, and the size of its file before anything is written.
struct NewDatabase {
  const test_support::TempDir dir;
  const std::filesystem::path file = dir / "store.db";
  Database writer = Database::open(file);
  const std::uintmax_t before = [this] {
    writer.execute("CREATE TABLE blobs (data BLOB)");
    return std::filesystem::file_size(file);
  }();
};

}  // namespace

BOOST_AUTO_TEST_SUITE(background_checkpoint)

BOOST_FIXTURE_TEST_CASE(the_wal_reaches_the_file_while_the_writer_only_appends, NewDatabase) {
  {
    BackgroundCheckpoint checkpoint(writer, Database::open(file));
    BOOST_TEST(writer.query_int("PRAGMA wal_autocheckpoint") == 0);
    write_batches(writer);
    // Copied by the thread, with the writer still open and doing nothing more.
    BOOST_TEST(file_reaches(file, before + kWritten));
  }
  BOOST_TEST(writer.query_int("PRAGMA wal_autocheckpoint") == 1000);
  BOOST_TEST(writer.query_int("SELECT sum(length(data)) FROM blobs") ==
             static_cast<std::int64_t>(kWritten));
}

BOOST_FIXTURE_TEST_CASE(without_it_the_pages_stay_in_the_wal, NewDatabase) {
  // The control: with automatic checkpoints off and no thread, nothing is copied, so
  // the test above sees the thread's work, not SQLite's.
  writer.execute("PRAGMA wal_autocheckpoint = 0");
  write_batches(writer);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  BOOST_TEST(std::filesystem::file_size(file) == before);
}

BOOST_AUTO_TEST_SUITE_END()
