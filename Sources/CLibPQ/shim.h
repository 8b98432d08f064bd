#ifndef MAESTRO_CLIBPQ_SHIM_H
#define MAESTRO_CLIBPQ_SHIM_H

// Only the Postgres module imports this shim.
#include <libpq-fe.h>

#endif
