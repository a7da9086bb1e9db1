// Writing a file whole (common/file_writer.hpp): never over an existing file unless
// asked, the mode a new or replaced file gets, and no temporary left behind.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

#include "common/file_writer.hpp"
#include "support/temp_dir.hpp"

using connector::host::Existing;
using connector::host::FileExists;
using connector::host::write_file_whole;

namespace {

std::string content_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

mode_t mode_of(const std::filesystem::path& file) {
  struct stat status {};
  BOOST_TEST_REQUIRE(::stat(file.c_str(), &status) == 0);
  return status.st_mode & 07777;
}

// Only the files the test made: a leftover temporary would show here.
std::size_t entries_in(const std::filesystem::path& directory) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) ++count;
  return count;
}

mode_t current_umask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(file_writer)

BOOST_AUTO_TEST_CASE(a_new_file_gets_its_content_and_mode_0644_less_the_umask) {
  test_support::TempDir dir;
  const auto file = dir / "m.json";
  write_file_whole(file, "{}\n", Existing::refuse);
  BOOST_TEST(content_of(file) == "{}\n");
  BOOST_TEST(mode_of(file) == (0644 & ~current_umask()));
  BOOST_TEST(entries_in(dir.path()) == 1u);
}

BOOST_AUTO_TEST_CASE(an_existing_file_is_left_as_it_was_unless_replacing) {
  test_support::TempDir dir;
  const auto file = dir.write("m.json", "old");
  BOOST_CHECK_THROW(write_file_whole(file, "new", Existing::refuse), FileExists);
  BOOST_TEST(content_of(file) == "old");
  BOOST_TEST(entries_in(dir.path()) == 1u);

  BOOST_TEST_REQUIRE(::chmod(file.c_str(), 0600) == 0);
  write_file_whole(file, "new", Existing::replace);
  BOOST_TEST(content_of(file) == "new");
  BOOST_TEST(mode_of(file) == 0600u);  // a replaced file keeps its mode
  BOOST_TEST(entries_in(dir.path()) == 1u);
}

BOOST_AUTO_TEST_CASE(failures_name_the_path_and_leave_nothing_behind) {
  test_support::TempDir dir;
  std::filesystem::create_directory(dir / "sub");
  try {
    write_file_whole(dir / "sub", "x", Existing::replace);
    BOOST_FAIL("wrote over a directory");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()) ==
               "cannot write '" + (dir / "sub").string() + "': it is a directory");
  }
  try {
    write_file_whole(dir / "missing" / "m.json", "x", Existing::refuse);
    BOOST_FAIL("wrote into a missing directory");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find("No such file or directory") != std::string::npos,
               e.what());
  }
  BOOST_TEST(entries_in(dir.path()) == 1u);
  BOOST_TEST(entries_in(dir / "sub") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
