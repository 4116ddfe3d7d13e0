// Text that reaches a terminal or a file is made safe here: control characters and
// invalid UTF-8 are escaped (a scenario, a file name or a word typed by a user could
// otherwise move the cursor, recolour the screen or break a JSON encoder), and long
// words echoed back in messages are shortened.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

// `text` with every control character (C0, DEL and C1) written as \xNN (tab as \t) and
// every byte that is not part of valid UTF-8 written as \xNN; the rest is unchanged.
std::string printable(std::string_view text);

// printable(text), shortened to its first `max_bytes` bytes (on a character boundary)
// with "..." and the full length appended, for echoing user input in messages.
std::string echo(std::string_view text, std::size_t max_bytes = 40);

// The offset of the first byte that is not part of a valid UTF-8 sequence, if any.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

// The length of the valid UTF-8 sequence starting at text[position] (1 to 4), or 0.
std::size_t utf8_sequence_length(std::string_view text, std::size_t position);

// A byte as two hexadecimal digits: 0x1B -> "1B".
std::string hex_byte(unsigned char byte);

}  // namespace sim
