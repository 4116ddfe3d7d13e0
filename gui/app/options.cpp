#include "gui/app/options.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <ostream>

#include "gui/app/app.h"
#include "gui/app/panel.h"

namespace gui {

namespace {

// ---- Validators: each says what it accepts, in words a teacher understands ----------

// "'abc'" with anything unprintable escaped.
std::string in_quotes(const std::string& text) { return "'" + printable(text) + "'"; }

std::optional<long long> whole_number(const std::string& text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A whole number from `low` to `high`, decimal digits only.
CLI::Validator whole_in(long long low, long long high, const std::string& what) {
  const std::string range = what + " from " + std::to_string(low) + " to " + std::to_string(high);
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        const auto value = whole_number(text);
        if (!value || *value < low || *value > high) return "expected " + range + ", not " + in_quotes(text);
        return "";
      },
      "", "");
}

// A finite decimal number from `low` to `high` (CLI11's Range lets NaN through).
CLI::Validator number_in(double low, double high, const std::string& what) {
  char range[96];
  std::snprintf(range, sizeof range, "%s from %g to %g", what.c_str(), low, high);
  return CLI::Validator(
      [=, range = std::string(range)](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value) || value < low || value > high) {
          return "expected " + range + ", not " + in_quotes(text);
        }
        return "";
      },
      "", "");
}

// One of `names`, exactly.
CLI::Validator one_of(const std::vector<std::string>& names, const std::string& what) {
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  }
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        if (std::find(names.begin(), names.end(), text) != names.end()) return "";
        return "expected " + what + ": " + list + ", not " + in_quotes(text);
      },
      "", "");
}

// A seed: 0 to 2^64-1 in decimal digits (std::stoull would take "-1" and " 7").
const CLI::Validator kSeed(
    [](std::string& text) -> std::string {
      std::uint64_t value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return "expected a seed, a whole number from 0 to 18446744073709551615, not " + in_quotes(text);
      }
      return "";
    },
    "", "");

// --at: a duration in the scenario language's own units, up to one lecture hour (the
// time machine is sized for an hour; issue 6, item 6).
constexpr Time kAtMax = 3600 * raft::kSecond;

std::optional<Time> parse_duration(const std::string& text) {
  if (text.empty() || text.find_first_of(" \t\n\r#\"") != std::string::npos) return std::nullopt;
  try {
    const sim::Scenario parsed = sim::parse_scenario("run " + text + "\n", "--at");
    if (parsed.commands.size() != 1 || parsed.commands.front().kind != sim::Command::Kind::Run) return std::nullopt;
    return parsed.commands.front().duration;
  } catch (const sim::ScenarioError&) {
    return std::nullopt;
  }
}

const CLI::Validator kAt(
    [](std::string& text) -> std::string {
      const auto duration = parse_duration(text);
      if (!duration || *duration < 0 || *duration > kAtMax) {
        return "expected a virtual time from 0s to 3600s, such as 1.5s, 300ms or 250us, not " + in_quotes(text);
      }
      return "";
    },
    "", "");

// --size WxH: at least 640x480 (the panels need it), at most 7680x4320 (8K).
constexpr int kWidthMin = 640, kWidthMax = 7680, kHeightMin = 480, kHeightMax = 4320;

std::optional<std::pair<int, int>> parse_size(const std::string& text) {
  const std::size_t x = text.find('x');
  if (x == std::string::npos) return std::nullopt;
  const auto width = whole_number(text.substr(0, x));
  const auto height = whole_number(text.substr(x + 1));
  if (!width || !height || *width < kWidthMin || *width > kWidthMax || *height < kHeightMin || *height > kHeightMax) {
    return std::nullopt;
  }
  return std::pair{static_cast<int>(*width), static_cast<int>(*height)};
}

const CLI::Validator kSize(
    [](std::string& text) -> std::string {
      if (parse_size(text)) return "";
      return "expected WIDTHxHEIGHT in pixels, width " + std::to_string(kWidthMin) + " to " + std::to_string(kWidthMax) +
             " and height " + std::to_string(kHeightMin) + " to " + std::to_string(kHeightMax) + " (e.g. 1280x720), not " +
             in_quotes(text);
    },
    "", "");

// A file to read: it must exist and not be a folder.
const CLI::Validator kReadableFile(
    [](std::string& text) -> std::string {
      std::error_code error;
      if (text.empty()) return "expected a scenario file, not an empty name";
      if (std::filesystem::is_directory(text, error)) return in_quotes(text) + " is a folder; name a .scenario file in it";
      if (!std::filesystem::exists(text, error)) return "no such file: " + in_quotes(text);
      return "";
    },
    "", "");

// A PNG to write: not a folder, in a folder that exists and is writable.
const CLI::Validator kWritableFile(
    [](std::string& text) -> std::string {
      std::error_code error;
      if (text.empty()) return "expected a file name for the PNG, not an empty name";
      if (std::filesystem::is_directory(text, error)) return in_quotes(text) + " is a folder; name a .png file in it";
      std::filesystem::path folder = std::filesystem::path(text).parent_path();
      if (folder.empty()) folder = ".";
      if (!std::filesystem::is_directory(folder, error) || ::access(folder.c_str(), W_OK) != 0) {
        return "cannot write " + in_quotes(text) + ": its folder " + in_quotes(folder.string()) +
               " does not exist or is not writable";
      }
      return "";
    },
    "", "");

// ---- The table: one row per flag --------------------------------------------------

void add_flags(CLI::App& app, Options& o) {
  app.add_option("--scenario", o.scenario, "Open this scenario file (default: the built-in classroom lesson)")
      ->type_name("FILE")->check(kReadableFile);
  app.add_option_function<std::string>("--seed", [&o](const std::string& text) { o.seed = std::stoull(text); },
                                       "Override the scenario's seed: 0 to 18446744073709551615")
      ->type_name("N")->check(kSeed);
  app.add_option_function<std::string>("--at", [&o](const std::string& text) { o.at = parse_duration(text); },
                                       "Play to this virtual time first: 0s to 3600s (e.g. 1.5s, 300ms)")
      ->type_name("TIME")->check(kAt);
  app.add_option("--screenshot", o.screenshot, "Render to this PNG file, then quit (headless documentation)")
      ->type_name("FILE")->check(kWritableFile);
  app.add_flag("--exit", o.exit, "Quit after the first frames")->disable_flag_override();
  app.add_option_function<std::string>("--size",
                                       [&o](const std::string& text) { std::tie(o.width, o.height) = *parse_size(text); },
                                       "Window size in pixels: 640x480 to 7680x4320 (default 1600x1000)")
      ->type_name("WxH")->check(kSize);
  app.add_option("--zoom", o.zoom, "Text and widget zoom: 0.5 to 3 (default 1; Ctrl +/- in the app)")
      ->type_name("Z")->check(number_in(kZoomMin, kZoomMax, "a zoom"));
  app.add_option("--select", o.select, "Inspect node N: 1 to the scenario's cluster size (0: none)")
      ->type_name("N")->check(whole_in(0, 1001, "a node number"));  // 1001: the largest `cluster`
  app.add_option("--tab", o.tab, "Side tab to show first: node, network, client, history, session or experiment")
      ->type_name("NAME")->check(one_of(App::side_tabs(), "a tab"));
  app.add_flag("--play", o.play, "Start playing")->disable_flag_override();
  app.add_option("--speed", o.speed, "Virtual seconds per real second: 0.001 to 100 (default 0.05)")
      ->type_name("X")->check(number_in(speed_steps().front(), speed_steps().back(), "a speed"));
  app.add_option("--benchmark", o.benchmark_frames,
                 "Play this many frames as fast as possible, print frame times: 1 to 100000")
      ->type_name("FRAMES")->check(whole_in(1, 100000, "a number of frames"));
  app.add_option("--seek-benchmark", o.seek_benchmark,
                 "After --at, jump to this many moments spread over the run, print seek times: 1 to 100000")
      ->type_name("N")->check(whole_in(1, 100000, "a number of seeks"));
  app.add_flag("--help-overlay", o.help, "Show the keyboard shortcuts")->disable_flag_override();
  app.add_flag("--lecture", o.lecture, "Lecture mode: no side panels, the cluster and logs large (F5 toggles)")
      ->disable_flag_override();
}

bool is_utf8_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The length of the valid UTF-8 sequence starting at text[i], or 0.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto byte = static_cast<unsigned char>(text[i]);
  const std::size_t length = byte >= 0xC2 && byte <= 0xDF ? 2 : byte >= 0xE0 && byte <= 0xEF ? 3
                             : byte >= 0xF0 && byte <= 0xF4 ? 4 : 0;  // a lead byte, else not UTF-8
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if (!is_utf8_continuation(static_cast<unsigned char>(text[i + k]))) return 0;
  }
  return length;
}

}  // namespace

std::string printable(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      if (const std::size_t length = utf8_length(text, i)) {
        out.append(text, i, length);
        i += length;
        continue;
      }
    }
    if (byte == '\n' || (byte >= 0x20 && byte < 0x7F)) {
      out += static_cast<char>(byte);
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
      out += escaped;
    }
    ++i;
  }
  return out;
}

std::optional<int> parse_options(int argc, const char* const* argv, Options& options, std::ostream& out,
                                 std::ostream& err) {
  CLI::App app{"raftsim-gui: Raft in the classroom, a window over the deterministic simulator"};
  app.footer("Keys: press F1 in the app.\n"
             "Exit codes: 0 done; 1 the screenshot could not be written (or, with no display, the lesson's\n"
             "expectations failed); 2 a bad flag or scenario file; 3 (no display) an invariant was violated;\n"
             "4 no OpenGL 3.3, or a screenshot asked for with no display.\n");
  add_flags(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::ParseError& error) {
    std::string message = error.what();
    // CLI11 says "exit was given a disallowed flag override" for --exit=VALUE.
    const std::string override = " was given a disallowed flag override";
    if (const std::size_t at = message.find(override); at != std::string::npos) {
      message = "--" + message.substr(0, at) + ": takes no value (write --" + message.substr(0, at) + " alone)";
    }
    err << "raftsim-gui: error: " << printable(message) << "\n  hint: see 'raftsim-gui --help'\n";
    return kExitBadFlag;
  }
  return std::nullopt;
}

std::string check_against_scenario(const Options& options, int cluster_size) {
  if (options.select > cluster_size) {
    return "--select: the scenario has " + std::to_string(cluster_size) + " nodes, so expected a node number from 0 to " +
           std::to_string(cluster_size) + ", not " + std::to_string(options.select);
  }
  return "";
}

}  // namespace gui
