#include "sim/io/safe_text.h"

namespace sim {

std::string hex_byte(unsigned char byte) {
  const char* digits = "0123456789ABCDEF";
  return {digits[byte >> 4], digits[byte & 0xF]};
}

// Follows RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
std::size_t utf8_sequence_length(std::string_view text, std::size_t position) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  auto continuation = [&](std::size_t i, unsigned char low = 0x80, unsigned char high = 0xBF) {
    return i < text.size() && byte(i) >= low && byte(i) <= high;
  };
  const unsigned char lead = byte(position);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return continuation(position + 1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;  // no surrogates
    return continuation(position + 1, low, high) && continuation(position + 2) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;  // at most U+10FFFF
    return continuation(position + 1, low, high) && continuation(position + 2) && continuation(position + 3) ? 4 : 0;
  }
  return 0;
}

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  for (std::size_t position = 0; position < text.size();) {
    const std::size_t length = utf8_sequence_length(text, position);
    if (length == 0) return position;
    position += length;
  }
  return std::nullopt;
}

std::string printable(std::string_view text) {
  std::string safe;
  safe.reserve(text.size());
  for (std::size_t position = 0; position < text.size();) {
    const auto byte = static_cast<unsigned char>(text[position]);
    const std::size_t length = utf8_sequence_length(text, position);
    // U+0080..U+009F (C1 controls) are encoded as C2 80..C2 9F.
    const bool c1 = length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[position + 1]) <= 0x9F;
    if (byte == '\t') {
      safe += "\\t";
      ++position;
    } else if (length == 0 || byte < 0x20 || byte == 0x7F) {
      safe += "\\x" + hex_byte(byte);
      ++position;
    } else if (c1) {
      safe += "\\xC2\\x" + hex_byte(static_cast<unsigned char>(text[position + 1]));
      position += 2;
    } else {
      safe.append(text.substr(position, length));
      position += length;
    }
  }
  return safe;
}

std::string echo(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return printable(text);
  std::size_t cut = max_bytes;
  // Back up to a character boundary (never inside a UTF-8 sequence).
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return printable(text.substr(0, cut)) + "... (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace sim
