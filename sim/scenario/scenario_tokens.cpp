// The words of one scenario line: plain words, quoted text, and the separators '|' and
// ','; and the bytes no line may hold, each refused where it stands.
#include <algorithm>

#include "sim/io/safe_text.h"
#include "sim/scenario/limits.h"
#include "sim/scenario/scenario_line.h"

namespace sim::scenario_detail {

void error_at(const SourceLocation& location, std::size_t position, const std::string& message,
              const std::string& hint) {
  SourceLocation where = location;
  where.column = static_cast<int>(position) + 1;
  throw ScenarioError(where, message, hint);
}

namespace {

bool is_control(unsigned char byte) { return (byte < 0x20 && byte != '\t') || byte == 0x7F; }

// Bytes no scenario line holds: control characters (which would reach the terminal
// raw), a carriage return that does not end the line (CR-only line endings), and, in
// quoted text, bytes that are not UTF-8 (which no terminal or JSON reader could show).
void check_byte(const std::string& line, std::size_t position, bool quoted, const SourceLocation& location) {
  const auto byte = static_cast<unsigned char>(line[position]);
  if (byte == '\r' && position + 1 == line.size()) return;  // CRLF line endings
  if (byte == '\r') {
    error_at(location, position, "a carriage return in the middle of a line",
             "this file seems to have CR-only (classic Mac) line endings: save it with LF (Unix) or CRLF line endings");
  }
  if (is_control(byte)) {
    error_at(location, position, "unexpected control character (byte 0x" + hex_byte(byte) + ")",
             "remove it: a scenario holds printable text only (tabs may separate words)");
  }
  if (quoted && byte >= 0x80 && utf8_sequence_length(line, position) == 0) {
    error_at(location, position, "this text is not valid UTF-8 (byte 0x" + hex_byte(byte) + ")",
             "save the file as UTF-8 (it may be in Latin-1 or another legacy encoding)");
  }
}

}  // namespace

std::vector<Token> tokenize(const std::string& line, const SourceLocation& location) {
  if (line.size() > kMaxLineBytes) {
    error_at(location, kMaxLineBytes, "this line is longer than the limit of " + std::to_string(kMaxLineBytes) + " bytes",
             "split it over several lines; a long narration can be several 'say' lines");
  }
  std::vector<Token> tokens;
  std::size_t position = 0;
  auto is_blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (position < line.size()) {
    const char c = line[position];
    if (c == '#') break;  // a comment may hold anything printable or not
    check_byte(line, position, false, location);
    if (is_blank(c)) {
      ++position;
    } else if (c == '"') {
      Token token{"", static_cast<int>(position) + 1, true};
      ++position;
      bool closed = false;
      while (position < line.size()) {
        check_byte(line, position, true, location);
        if (line[position] == '\\' && position + 1 < line.size() &&
            (line[position + 1] == '"' || line[position + 1] == '\\')) {
          token.text += line[position + 1];  // \" and \\ are the only escapes
          position += 2;
        } else if (line[position] == '"') {
          closed = true;
          ++position;
          break;
        } else {
          // A whole UTF-8 character at once (check_byte has validated its first byte).
          const std::size_t length = std::max<std::size_t>(1, utf8_sequence_length(line, position));
          token.text.append(line, position, length);
          position += length;
        }
      }
      if (!closed) error_at(location, static_cast<std::size_t>(token.column - 1), "this text has no closing double quote", "end the text with \"");
      token.end = position;
      tokens.push_back(std::move(token));
    } else if (c == '|' || c == ',') {
      tokens.push_back(Token{std::string(1, c), static_cast<int>(position) + 1, false, position + 1});
      ++position;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      // Outside quotes a scenario is plain ASCII; an invisible no-break space or a
      // typographic quote would otherwise give a baffling "unknown command".
      error_at(location, position, "unexpected non-ASCII character (byte 0x" + hex_byte(static_cast<unsigned char>(c)) + ")",
               "outside double quotes use plain ASCII letters, digits, spaces and tabs");
    } else {
      Token token{"", static_cast<int>(position) + 1, false};
      while (position < line.size() && !is_blank(line[position]) && line[position] != '|' && line[position] != ',' &&
             line[position] != '"' && line[position] != '#' && static_cast<unsigned char>(line[position]) < 0x80) {
        check_byte(line, position, false, location);
        token.text += line[position++];
      }
      if (token.text.size() > kMaxWordBytes) {
        error_at(location, static_cast<std::size_t>(token.column - 1),
                 "this word is " + std::to_string(token.text.size()) + " bytes long, more than the limit of " +
                     std::to_string(kMaxWordBytes),
                 "commands, values and keys are short words: " + echo(token.text, 20));
      }
      token.end = position;
      tokens.push_back(std::move(token));
    }
  }
  return tokens;
}

}  // namespace sim::scenario_detail
