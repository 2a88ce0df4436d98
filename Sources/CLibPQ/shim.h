// The header lives in /usr/include/postgresql on Debian; the -I flag comes from pkg-config (libpq.pc).
#include <libpq-fe.h>
