#include "stdio_status.h"
#include <errno.h>
#include <stdio.h>

int ap_stdout_failed(int *error) {
    errno = 0;
    int flushed = fflush(stdout) == 0;
    *error = flushed ? 0 : errno;
    return !flushed || ferror(stdout);
}
