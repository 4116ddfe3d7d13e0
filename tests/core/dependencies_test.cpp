// The core is a pure library: it includes the C++ standard library and its own headers,
// nothing from sim/ or gui/, no third-party library. Checked by reading core/ at test time.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef RAFTSIM_SOURCE_DIR
#error "RAFTSIM_SOURCE_DIR must name the source tree (set in tests/core/CMakeLists.txt)"
#endif

namespace raft::test {
namespace {

namespace fs = std::filesystem;

// The headers of the C++20 standard library (C++ and C compatibility "c*" forms).
const std::set<std::string>& standard_headers() {
  static const std::set<std::string> headers = {
      "algorithm", "any", "array", "atomic", "barrier", "bit", "bitset", "charconv", "chrono",
      "codecvt", "compare", "complex", "concepts", "condition_variable", "coroutine", "deque",
      "exception", "execution", "filesystem", "format", "forward_list", "fstream", "functional",
      "future", "initializer_list", "iomanip", "ios", "iosfwd", "iostream", "istream", "iterator",
      "latch", "limits", "list", "locale", "map", "memory", "memory_resource", "mutex", "new",
      "numbers", "numeric", "optional", "ostream", "queue", "random", "ranges", "ratio", "regex",
      "scoped_allocator", "semaphore", "set", "shared_mutex", "source_location", "span",
      "sstream", "stack", "stdexcept", "stop_token", "streambuf", "string", "string_view",
      "syncstream", "system_error", "thread", "tuple", "type_traits", "typeindex", "typeinfo",
      "unordered_map", "unordered_set", "utility", "valarray", "variant", "vector", "version",
      "cassert", "cctype", "cerrno", "cfenv", "cfloat", "cinttypes", "climits", "clocale",
      "cmath", "csetjmp", "csignal", "cstdarg", "cstddef", "cstdint", "cstdio", "cstdlib",
      "cstring", "ctime", "cuchar", "cwchar", "cwctype",
  };
  return headers;
}

// The target of an #include line: `<name>` or `"name"`, with its delimiter; nullopt if
// `line` is not an #include. A line that includes something else (a macro) gives "?".
struct Include {
  char delimiter;
  std::string name;
};
std::optional<Include> parse_include(const std::string& line) {
  std::size_t at = line.find_first_not_of(" \t");
  if (at == std::string::npos || line[at] != '#') return std::nullopt;
  at = line.find_first_not_of(" \t", at + 1);
  if (at == std::string::npos || line.compare(at, 7, "include") != 0) return std::nullopt;
  at = line.find_first_not_of(" \t", at + 7);
  if (at == std::string::npos || (line[at] != '<' && line[at] != '"')) return Include{'?', line};
  const char close = line[at] == '<' ? '>' : '"';
  const std::size_t end = line.find(close, at + 1);
  if (end == std::string::npos) return Include{'?', line};
  return Include{line[at], line.substr(at + 1, end - at - 1)};
}

// Every include of `text` that a core file may not have, with the reason.
std::vector<std::string> forbidden_includes(const std::string& text, const fs::path& core_dir) {
  std::vector<std::string> problems;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const std::optional<Include> include = parse_include(line);
    if (!include) continue;
    const std::string& name = include->name;
    if (include->delimiter == '?') {
      problems.push_back("unrecognised include: " + name);
    } else if (include->delimiter == '<') {
      if (standard_headers().count(name) == 0) problems.push_back(name + ": not a standard library header");
    } else if (name.rfind("core/", 0) != 0) {
      problems.push_back(name + ": outside core/");
    } else if (!fs::exists(core_dir.parent_path() / name)) {
      problems.push_back(name + ": no such file in core/");
    }
  }
  return problems;
}

}  // namespace

TEST_CASE("dependencies: the checker itself tells allowed includes from forbidden ones") {
  const fs::path core_dir = fs::path(RAFTSIM_SOURCE_DIR) / "core";
  CHECK(forbidden_includes("#include <vector>\n#include \"core/log.h\"\n  #  include <cstdint>\n", core_dir).empty());
  CHECK(forbidden_includes("#include \"sim/cluster/network.h\"\n", core_dir).size() == 1);
  CHECK(forbidden_includes("#include \"gui/app.h\"\n", core_dir).size() == 1);
  CHECK(forbidden_includes("#include <nlohmann/json.hpp>\n", core_dir).size() == 1);
  CHECK(forbidden_includes("#include <imgui.h>\n", core_dir).size() == 1);
  CHECK(forbidden_includes("#include <unistd.h>\n", core_dir).size() == 1);
  CHECK(forbidden_includes("#include \"core/missing.h\"\n", core_dir).size() == 1);
  CHECK(forbidden_includes("#include \"node.h\"\n", core_dir).size() == 1);
  CHECK(forbidden_includes("#include HEADER_NAME\n", core_dir).size() == 1);
  CHECK(forbidden_includes("#pragma once\n// #include <imgui.h> is not a line of code\n", core_dir).empty());
}

TEST_CASE("dependencies: core/ includes nothing but the C++ standard library and core/ itself") {
  const fs::path core_dir = fs::path(RAFTSIM_SOURCE_DIR) / "core";
  REQUIRE(fs::is_directory(core_dir));
  std::size_t files = 0;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(core_dir)) {
    const std::string extension = entry.path().extension().string();
    if (!entry.is_regular_file() || (extension != ".h" && extension != ".cpp" && extension != ".hpp" && extension != ".cc")) continue;
    ++files;
    std::ifstream file(entry.path());
    REQUIRE(file.good());
    std::stringstream text;
    text << file.rdbuf();
    const std::string path = entry.path().string();
    CAPTURE(path);
    for (const std::string& problem : forbidden_includes(text.str(), core_dir)) FAIL_CHECK(problem);
  }
  CHECK(files >= 7);  // types.h messages.h random.h quorum.h log.h node.h node.cpp, ...
}

}  // namespace raft::test
