// Live heap bytes of this test program: every operator new and delete goes through a
// counter (heap_counter.cpp), so a test can bound what a structure holds, shared chunks
// counted once, without trusting the structure's own accounting.
#pragma once

#include <cstddef>

namespace gui_test {

// Bytes allocated with operator new and not yet deleted, in this program.
std::size_t live_heap_bytes();

}  // namespace gui_test
