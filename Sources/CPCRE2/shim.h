// PCRE2's generic names are token-pasting macros that Swift does not import: call the `_8`
// functions (pcre2_compile_8, pcre2_match_8, ...). The code-unit width must be set before the header.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
