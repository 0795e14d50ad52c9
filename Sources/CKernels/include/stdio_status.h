#ifndef ANTIPODE_STDIO_STATUS_H
#define ANTIPODE_STDIO_STATUS_H

/// Flushes standard output and says whether any write to it failed during the run (full disk,
/// closed pipe): 1 and the errno in *error (0 when unknown), or 0. Swift 6 cannot read C's `stdout`.
int ap_stdout_failed(int *error);

#endif
