#include "antipode_rdkit.h"
#include <RDGeneral/versions.h>
#include <cstdlib>

extern "C" const char *ap_rdkit_version(void) { return RDKit::rdkitVersion; }

extern "C" void ap_free_string(char *s) { std::free(s); }
