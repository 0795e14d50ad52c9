#include "antipode_rdkit.h"
#include <RDGeneral/versions.h>

extern "C" const char *ap_rdkit_version(void) { return RDKit::rdkitVersion; }
