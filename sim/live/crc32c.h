// CRC-32C (Castagnoli), the checksum of every write-ahead log record (sim/live/wal.h).
// A plain table-driven version: the WAL is fsync-bound, not checksum-bound.
#pragma once

#include <cstdint>
#include <string_view>

namespace sim::live {

// crc32c("123456789") == 0xE3069283, the standard check value (tests/live/wal_test.cpp).
std::uint32_t crc32c(std::string_view bytes, std::uint32_t crc = 0);

}  // namespace sim::live
