// SQLite 3 (Debian: libsqlite3-dev), used for campaign stores.
#include <sqlite3.h>
