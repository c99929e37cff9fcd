#ifndef OTLAB_CZLIB_SHIM_H
#define OTLAB_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a function-like macro that Swift cannot import; this wraps it for raw
   deflate streams (windowBits -15, as in ZIP members). */
static inline int otlab_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -15);
}
#endif
